"""The case list's table: every column fits the table's width, the case's title taking the room."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from rich.text import Text
from textual.widgets import DataTable

if TYPE_CHECKING:
    from textual import events

    from ...training.catalogue import CaseEntry

DIFFICULTY = "Difficulty"
BEST = "Your best"
TREE_MAX = 24
"""The Tree column is never wider than this (longer titles end in "…")."""
CASE_MIN = 12


class Widths(NamedTuple):
    case: int
    tree: int | None
    """None: no Tree column (every case is from one tree)."""


class CaseTable(DataTable[Text]):
    """Case, Tree, Difficulty and Your best, one row per case (keyed by its index in ``entries``).

    Textual sizes a column to its longest cell, so a long tree title, the same on every row,
    pushed Difficulty and Your best past the right edge. Here the columns are sized to the
    table's width whenever it changes: the Tree column shows only when the cases come from
    more than one tree, at most ``TREE_MAX`` wide; the case's title gets the rest; a longer
    text ends in "…".

    | Key | Does |
    | --- | --- |
    | up / down | move between cases |
    | enter, click | start the highlighted case |
    """

    def __init__(self, entries: list[CaseEntry], *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.entries = entries
        self.one_tree = len({entry.tree.id for entry in entries}) <= 1
        self.best: dict[tuple[str, str], int] = {}
        self._widths: Widths | None = None

    def on_mount(self) -> None:
        self._fill()

    def on_resize(self, event: events.Resize) -> None:
        self._fill()

    def fit(self, width: int) -> Widths:
        """The column widths (without padding) for a table ``width`` cells wide, scrollbar included."""
        padding = 2 * self.cell_padding
        room = width - self.styles.scrollbar_size_vertical - (len(DIFFICULTY) + padding) - (len(BEST) + padding)
        longest_case = max((len(entry.case.title) for entry in self.entries), default=0)
        tree: int | None = None
        if not self.one_tree:
            longest_tree = max(len(entry.tree.title) for entry in self.entries)
            tree = max(len("Tree"), min(longest_tree, TREE_MAX, (room - padding) // 3))
            room -= tree + padding
        return Widths(max(len("Case"), min(longest_case, max(CASE_MIN, room - padding))), tree)

    def show_best(self, best: dict[tuple[str, str], int]) -> None:
        """Show the trainee's best score on each case (blank where there is none)."""
        self.best = best
        for n, entry in enumerate(self.entries):
            self.update_cell(str(n), "best", self._best_cell(entry))

    def _best_cell(self, entry: CaseEntry) -> Text:
        score = self.best.get(entry.key)
        return Text("" if score is None else f"{score}/100", justify="right")

    def _fill(self) -> None:
        """(Re)build the columns and rows for the table's width, keeping the highlighted row."""
        widths = self.fit(self.size.width)
        if widths == self._widths:
            return
        self._widths = widths
        row = self.cursor_row
        self.clear(columns=True)
        self.add_column(Text("Case"), key="case", width=widths.case)
        if widths.tree is not None:
            self.add_column(Text("Tree"), key="tree", width=widths.tree)
        self.add_column(Text(DIFFICULTY), key="difficulty", width=len(DIFFICULTY))
        self.add_column(Text(BEST, justify="right"), key="best", width=len(BEST))
        for n, entry in enumerate(self.entries):
            cells = [_cell(entry.case.title)]
            if widths.tree is not None:
                cells.append(_cell(entry.tree.title))
            cells += [_cell(entry.case.difficulty or "–"), self._best_cell(entry)]
            self.add_row(*cells, key=str(n))
        if self.entries:
            self.move_cursor(row=min(row, len(self.entries) - 1), animate=False)


def _cell(text: str) -> Text:
    """One line of content (never markup); a longer text ends in "…"."""
    return Text(text, no_wrap=True, overflow="ellipsis")
