"""The editor's TOML source: a TextArea whose cost per key does not grow with the file.

Textual's TextArea, given a language, keeps a tree-sitter syntax tree of the
whole document: each key re-parses it (90 ms at 120,000 lines, since a TOML
file is one flat list of tables) and re-runs the highlight query over all of
it (1.3 s). This editor holds plain text and highlights only the lines that
are drawn, block by block: a block is parsed on its own, from the nearest
table header above it, when one of its lines is first drawn after a change.
A table header inside a multi-line string can mislead the highlighting of the
lines just below it; the text itself is never affected.

Soft wrapping is on: long prose strings stay readable, and the document's
height then comes from the wrap table (see ``compat.CountedWrappedDocument``)
rather than from measuring every line on each key.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING, Any

from ..compat import text_area as compat

if TYPE_CHECKING:
    from textual.widgets.text_area import DocumentBase, Highlight
    from tree_sitter import Parser, Query

BLOCK = 64
"""Lines highlighted together: about two screens."""
LOOK_BACK = 400
"""How far above a block to look for a table header to parse from."""
TABLE_HEADER = re.compile(r"""\s*\[\[?\s*[A-Za-z0-9_\-."' ]+\]\]?\s*(#.*)?$""")


@cache
def _toml() -> tuple[Parser, Query]:
    import tree_sitter_toml
    from tree_sitter import Language, Parser, Query

    language = Language(tree_sitter_toml.language())
    return Parser(language), Query(language, compat.builtin_highlight_query("toml"))


class VisibleHighlights(dict[int, list["Highlight"]]):
    """Highlights by line, worked out a block at a time when a line of the block is first read."""

    def __init__(self, document: DocumentBase) -> None:
        super().__init__()
        self.document = document
        self.done: set[int] = set()

    def __bool__(self) -> bool:
        return True  # TextArea draws highlights only from a non-empty mapping

    def __missing__(self, row: int) -> list[Highlight]:
        block = row // BLOCK
        if block in self.done:
            return []
        self.done.add(block)
        self._highlight(block * BLOCK, min(self.document.line_count, (block + 1) * BLOCK))
        return dict.get(self, row, [])

    def clear(self) -> None:
        super().clear()
        self.done.clear()

    def _highlight(self, top: int, bottom: int) -> None:
        from tree_sitter import QueryCursor

        lines = self.document.lines
        anchor = top
        for row in range(top, max(-1, top - LOOK_BACK), -1):
            if lines[row].startswith("[") and TABLE_HEADER.match(lines[row]):
                anchor = row
                break
        else:
            anchor = max(0, top - LOOK_BACK)
        parser, query = _toml()
        tree = parser.parse("\n".join(lines[anchor:bottom]).encode("utf-8"))
        for name, nodes in QueryCursor(query).captures(tree.root_node).items():
            for node in nodes:
                (first, start), (last, end) = node.start_point, node.end_point
                for row in range(max(first + anchor, top), min(last + anchor, bottom - 1) + 1):
                    start_column = start if row == first + anchor else 0
                    end_column = end if row == last + anchor else None
                    self.setdefault(row, []).append((start_column, end_column, name))


class SourceEditor(compat.LazyHighlightingTextArea):
    """A TOML editor that keeps up with typing in a file of any length.

    | Key | Does |
    | --- | --- |
    | (TextArea's keys) | edit; ctrl+z undo, ctrl+y redo |
    """

    def __init__(self, text: str, **kwargs: Any) -> None:
        super().__init__(
            text,
            soft_wrap=False,
            tab_behavior="focus",
            show_line_numbers=True,
            theme="monokai",
            highlight_cursor_line=True,
            **kwargs,
        )

    def highlights_for(self, document: DocumentBase) -> VisibleHighlights:
        return VisibleHighlights(document)
