"""The editor's reliance on TextArea internals (see the package's docstring): imported by the editor only."""

from __future__ import annotations

import gc
import operator
from functools import partial
from itertools import repeat
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from textual.geometry import Size
from textual.widgets import TextArea
from textual.widgets.text_area import (
    Document,
    DocumentBase,
    DocumentNavigator,
    Edit,
    EditResult,
    Location,
    WrappedDocument,
)

if TYPE_CHECKING:
    from textual.widgets.text_area import Highlight


class CountedWrappedDocument(WrappedDocument):
    """A wrapped document whose height costs nothing.

    Textual's ``WrappedDocument.height`` sums a list over every line of the document, and the
    TextArea asks for it once per line it draws: 30 lines of a 120,000-line file cost 150 ms.
    The height is the length of the offset-to-line table, which every wrap keeps up to date.
    """

    @property
    def height(self) -> int:
        return len(self._offset_to_line_info)

    def wrap(self, width: int, tab_width: int | None = None) -> None:
        """Wrap every line at ``width``, as Textual does; without wrapping, and with no tabs, in a few list builds.

        Textual measures every line for tabs and breaks, 4 µs a line, on every resize.
        """
        lines = self.document.lines
        if width or any(map(operator.contains, lines, repeat("\t"))):
            super().wrap(width, tab_width)
            return
        self._width = width
        if tab_width:
            self._tab_width = tab_width
        no_breaks: list[int] = []  # shared: these lists are only read, and an edit replaces its lines' lists
        one_section: list[int] = [0]
        no_section: list[int] = []
        count = len(lines)
        collecting = gc.isenabled()
        gc.disable()  # a million new lists would set off collection after collection of all of them
        try:
            self._wrap_offsets = [no_breaks] * count
            self._tab_width_cache = [one_section if line else no_section for line in lines]
            self._offset_to_line_info = [(index, 0) for index in range(count)]
            self._line_index_to_offsets = [[index] for index in range(count)]
        finally:
            if collecting:
                gc.enable()


class RememberedTextDocument(Document):
    """A document that joins its lines into one text only once per change.

    The TextArea reads ``text`` for every line it draws (to decide whether to show its
    placeholder): a join of the whole document each time.
    """

    _joined: str | None = None

    @property
    def text(self) -> str:
        if self._joined is None:
            self._joined = super().text
        return self._joined

    def replace_range(self, start: Location, end: Location, text: str) -> EditResult:
        self._joined = None
        return super().replace_range(start, end, text)


class LazyHighlightingTextArea(TextArea):
    """A TextArea that holds plain text and asks ``highlights_for`` for its syntax highlights.

    Textual rebuilds a language's highlights for the whole document after every edit
    (``_build_highlight_map``). Here the document is plain text; ``highlights_for`` returns a
    mapping of line index to highlights that the TextArea reads, with ``mapping[line]``, for
    each line it draws (only while the mapping is truthy), and that is cleared after each edit.
    """

    def highlights_for(self, document: DocumentBase) -> dict[int, list[Highlight]]:
        """The highlights of ``document``, a mapping cleared after each edit. Override to highlight."""
        return {}

    _wrapped_as: tuple[object, int, int] | None = None
    """The document, width and tab width of the last wrap: wrapping again the same way is skipped."""

    def __init__(self, text: str = "", **kwargs: Any) -> None:
        super().__init__("", **kwargs)  # the base class would wrap the text twice over
        self._set_document(text, None)

    def _set_document(self, text: str, language: str | None) -> None:
        # What TextArea._set_document does for plain text, with a counted wrapped document.
        self._highlight_query = None
        self.document = RememberedTextDocument(text)
        self.wrapped_document = CountedWrappedDocument(self.document, tab_width=self.indent_width)
        self._wrapped_as = (self.wrapped_document, 0, self.indent_width)  # wrapped at 0 as it was made
        self._widest = _widest(text, self.document.lines, self.indent_width)
        self.navigator = DocumentNavigator(self.wrapped_document)
        self._highlights = self.highlights_for(self.document)
        self.move_cursor((0, 0))
        self._rewrap_and_refresh_virtual_size()

    _widest = 0
    """The widest line's cells as far as known: measured at each full wrap, raised by edits."""

    def edit(self, edit: Edit) -> EditResult:
        result = super().edit(edit)
        lines = self.document.lines
        top, bottom = edit.top[0], min(result.end_location[0], len(lines) - 1)
        widest = max((_cells(line, self.indent_width) for line in lines[top : bottom + 1]), default=0)
        if widest > self._widest:
            self._widest = widest
            self._refresh_size()
        return result

    def _refresh_size(self) -> None:
        # Textual measures every line after each edit to find the widest (170 ms at 120,000 lines).
        if self.soft_wrap:
            super()._refresh_size()
            return
        lines = self.document.lines
        row = self.cursor_location[0]  # after an undo or redo, the line it changed
        if row < len(lines):
            self._widest = max(self._widest, _cells(lines[row], self.indent_width))
        self.virtual_size = Size(self._widest + self.gutter_width + 1, len(lines))
        self._refresh_scrollbars()

    def _watch_language(self, language: str | None) -> None:
        pass  # the document is always plain text: making it again would only cost time

    def _rewrap_and_refresh_virtual_size(self) -> None:
        # Called on every change of size, gutter, scroll bar or indent width, often several
        # times before the first frame; edits re-wrap their own lines and never come here.
        wrapped_as = (self.wrapped_document, self.wrap_width, self.indent_width)
        if wrapped_as != self._wrapped_as:
            self._wrapped_as = wrapped_as
            self.wrapped_document.wrap(self.wrap_width, tab_width=self.indent_width)
            self._widest = _widest(None, self.document.lines, self.indent_width)
        self._line_cache.clear()
        self._refresh_size()

    def _build_highlight_map(self) -> None:
        self._line_cache.clear()
        self._highlights.clear()


def builtin_highlight_query(language: str) -> str:
    """The tree-sitter highlight query Textual ships for ``language``."""
    return TextArea._get_builtin_highlight_query(language)


def _widest(text: str | None, lines: list[str], tab_width: int) -> int:
    """The cells of the widest of ``lines`` (``text`` joined, if at hand, to tell plain ASCII at once)."""
    if text is not None and text.isascii() and "\t" not in text:
        return max(map(len, lines), default=0)
    return max(map(partial(_cells, tab_width=tab_width), lines), default=0)


def _cells(line: str, tab_width: int) -> int:
    if line.isascii() and "\t" not in line:
        return len(line)
    return cell_len(line.expandtabs(tab_width))
