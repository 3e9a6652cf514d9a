"""Tree Markdown as plain text, for ``ask`` (pipes, scripts and screen readers).

A screen reader reads ``- **Sight or bladder:** …`` aloud as "dash star star
Sight or bladder colon star star". :func:`plain` parses the Markdown with
markdown-it (CommonMark, the parser Textual's Markdown widget uses) and writes
what a reader should hear: emphasis markers and escapes gone, a bullet as
``- `` and a numbered item as ``1. ``, nested items indented by two spaces,
a link as ``text (url)``, an image as its description, a heading or a code
block as its text; a blank line between blocks, none between the items of a
list. The result is content to be escaped with :func:`.text.printable` like
any tree text; nothing here imports Textual.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token


@cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def plain(markdown: str) -> str:
    """``markdown`` as plain text, without a trailing newline."""
    tokens = _parser().parse(markdown)
    lines: list[str] = []
    lists: list[list[int | None]] = []
    """Per open list: [the next item's number], or [None] for a bullet list."""
    lead: str | None = None
    """What the first line of a list item's text starts with ("- ", "2. "), until it is written."""
    gap = False
    """Whether a blank line goes before the next block."""
    cells: list[str] | None = None
    """The cells of the table row being read."""

    def write(text: str, *, tight: bool = False) -> None:
        """A block of text (a paragraph, a heading, a list item's text, code); ``tight``: no blank line above."""
        nonlocal lead, gap
        indent = "  " * len(lists)
        first, *rest = text.split("\n")
        if lines and (gap or not tight):
            lines.append("")
        lines.append((indent if lead is None else lead) + first)
        lines.extend(indent + line for line in rest)
        lead, gap = None, not tight

    for n, token in enumerate(tokens):
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            gap = gap or not lists  # a blank line above a list, not above a list inside an item
            start = token.attrGet("start")
            lists.append([None] if kind == "bullet_list_open" else [int(start) if start is not None else 1])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
            gap = gap or not lists
        elif kind == "list_item_open":
            number = lists[-1][0]
            lead = "  " * (len(lists) - 1) + ("- " if number is None else f"{number}. ")
            if number is not None:
                lists[-1][0] = number + 1
        elif kind == "inline" and cells is not None:
            cells.append(_inline(token.children or []))
        elif kind == "inline":
            hidden = n > 0 and tokens[n - 1].type == "paragraph_open" and tokens[n - 1].hidden
            write(_inline(token.children or []), tight=hidden)  # hidden: a paragraph of a tight list's item
        elif kind in ("fence", "code_block", "html_block"):
            write(token.content.rstrip("\n"))
        elif kind == "table_open":
            gap = True
        elif kind == "tr_open":
            cells = []
        elif kind == "tr_close" and cells is not None:
            write(" | ".join(cells), tight=True)
            cells = None
        elif kind == "table_close":
            gap = True
    return "\n".join(lines)


def _inline(children: list[Token]) -> str:
    """An inline token's children as text: markers dropped, links as ``text (url)``."""
    out: list[str] = []
    links: list[tuple[str, int]] = []
    """Per open link: its address, and where its text starts in ``out``."""
    for child in children:
        kind = child.type
        if kind in ("text", "code_inline", "html_inline"):
            out.append(child.content)
        elif kind == "softbreak":
            out.append(" ")
        elif kind == "hardbreak":
            out.append("\n")
        elif kind == "image":
            out.append(_inline(child.children or []) or child.content)
        elif kind == "link_open":
            links.append((str(child.attrGet("href") or ""), len(out)))
        elif kind == "link_close" and links:
            href, start = links.pop()
            text = "".join(out[start:])
            shown = href.removeprefix("mailto:")
            if href and shown != text:
                out.append(f" ({href})")
    return "".join(out)
