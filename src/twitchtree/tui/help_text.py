"""Simple help, drawn without a Markdown parser.

A question's help is Markdown, but most of it is plain paragraphs with
some *emphasis*. Those are turned into Content here, so the first screen
needs neither the Markdown parser nor its widgets (a few megabytes, and
their start-up time). Anything richer (lists, links, headings, code,
tables, HTML, escapes) returns None and is left to Textual's Markdown
widget, which renders it exactly.
"""

from __future__ import annotations

import re

from textual.content import Content

_RICHER = re.compile(
    r"[\[\]<>\\_|#~&`@]"  # links, HTML, escapes, underscores, tables, headings, strikethrough, entities, code, emails
    r"|://|www\.|\w\.[a-zA-Z]{2,}\b"  # web addresses and domain names, which Markdown may turn into links
    r"|^(?: {4}|\t)"  # indented code
    r"|^ *(?:[-+*](?: |$)|\d+[.)](?: |$)|[-=]+ *$)"  # lists, setext underlines and rules
    r"| {2}$",  # hard line breaks
    re.MULTILINE,
)
_EMPHASIS = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*|\*(?=\S)([^*]+?)(?<=\S)\*")


def simple_help(markdown: str) -> Content | None:
    """``markdown`` as Content when it is only paragraphs with *emphasis* and **strong** text, else None."""
    if _RICHER.search(markdown):
        return None
    parts: list[str | tuple[str, str]] = []
    paragraphs = (" ".join(line.strip() for line in block.splitlines()) for block in re.split(r"\n\s*\n", markdown))
    for paragraph in filter(None, paragraphs):
        if parts:
            parts.append("\n\n")
        end = 0
        for match in _EMPHASIS.finditer(paragraph):
            strong, emphasis = match.groups()
            parts += [paragraph[end : match.start()], (strong, "bold") if strong is not None else (emphasis, "italic")]
            end = match.end()
        parts.append(paragraph[end:])
    if any("*" in (part if isinstance(part, str) else part[0]) for part in parts):
        return None  # an asterisk that is not simple emphasis
    return Content.assemble(*parts)
