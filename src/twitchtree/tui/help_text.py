"""Simple help, drawn without a Markdown parser.

A question's help is Markdown, but most of it is plain paragraphs and
bullet lists with some *emphasis*. Those are drawn here (see
:class:`~.visuals.Blocks`), so the first screen needs neither the Markdown
parser nor its widgets (a few megabytes, and their start-up time). Anything
richer (numbered, nested or loose lists, links, headings, code, tables,
HTML, escapes) returns None and is left to Textual's Markdown widget,
which renders it exactly.

What is drawn here looks as the Markdown widget draws it: a blank line
between paragraphs and lists, none between the items of a list, each item
after a bullet with its wrapped lines kept to the text's column.
"""

from __future__ import annotations

import re

from textual.content import Content

from .visuals import Blocks, Hanging

_RICHER = re.compile(
    r"[\[\]<>\\_|#~&`@]"  # links, HTML, escapes, underscores, tables, headings, strikethrough, entities, code, emails
    r"|://|www\.|\w\.[a-zA-Z]{2,}\b"  # web addresses and domain names, which Markdown may turn into links
    r"|^(?: {4}|\t)"  # indented code
    r"|^ *(?:\d+[.)](?: |$)|[-=]+ *$)"  # numbered lists, setext underlines and rules
    r"|^ *[-+*] *[-+*] *[-+*][-+* ]*$"  # rules of stars, or spaced out ("* * *", "- - -")
    r"|^ +[-+*](?: |$)"  # an indented (perhaps nested) item
    r"|^[-+*]$|^[-+*] +$"  # an empty item
    r"| {2}$",  # hard line breaks
    re.MULTILINE,
)
_ITEM = re.compile(r"([-+*]) +(\S.*)")
"""An item of a bullet list: its bullet at the start of the line, then its text."""
_EMPHASIS = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*|\*(?=\S)([^*]+?)(?<=\S)\*")
BULLET = Content.styled("• ", "$text-primary")
"""What the Markdown widget draws before an item of a bullet list."""


def simple_help(markdown: str) -> Blocks | None:
    """``markdown`` drawn as Blocks when it is only paragraphs and bullet lists with *emphasis* and **strong**
    text; None when it needs the Markdown widget."""
    if _RICHER.search(markdown):
        return None
    parts: list[tuple[Content | Hanging, bool]] = []
    list_ended = False
    for block in re.split(r"\n(?:[ \t]*\n)+", markdown.strip()):
        if list_ended and block[:1].isspace():
            return None  # an indented paragraph after a list: more of its last item, a loose list
        paragraph: list[str] = []
        items: list[list[str]] = []
        bullet = ""
        for line in block.splitlines():
            item = _ITEM.fullmatch(line)
            if item is None:  # the paragraph goes on, or the item's text does (indented or not)
                (items[-1] if items else paragraph).append(line.strip())
                continue
            if items and item.group(1) != bullet:
                return None  # another bullet starts another list
            if list_ended and not items and not paragraph:
                return None  # items after a blank line: a loose list, drawn with gaps of its own
            bullet = item.group(1)
            items.append([item.group(2)])
        if paragraph:
            content = _inline(" ".join(paragraph))
            if content is None:
                return None
            parts.append((content, True))
        for n, lines in enumerate(items):
            content = _inline(" ".join(lines))
            if content is None:
                return None
            parts.append((Hanging(BULLET, content), n == 0))
        list_ended = bool(items)
    return Blocks(parts) if parts else None


def _inline(text: str) -> Content | None:
    """``text`` with its *emphasis* and **strong** text styled; None if an asterisk is anything else."""
    parts: list[str | tuple[str, str]] = []
    end = 0
    for match in _EMPHASIS.finditer(text):
        strong, emphasis = match.groups()
        parts += [text[end : match.start()], (strong, "bold") if strong is not None else (emphasis, "italic")]
        end = match.end()
    parts.append(text[end:])
    if any("*" in (part if isinstance(part, str) else part[0]) for part in parts):
        return None  # an asterisk that is not simple emphasis
    return Content.assemble(*parts)
