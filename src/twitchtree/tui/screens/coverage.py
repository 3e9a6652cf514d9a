"""Which outcomes the tree's case files reach, and which no case reaches."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

if TYPE_CHECKING:
    from pathlib import Path

    from textual.app import ComposeResult

    from ...model.authoring import OutcomeCoverage


class CoverageScreen(ModalScreen[None]):
    """A table of outcomes with the cases that reach them.

    | Key | Does |
    | --- | --- |
    | escape, c | close |
    """

    CSS_PATH = "coverage.tcss"
    BINDINGS = [Binding("escape,c,q", "close", "Close", id="coverage.close")]

    def __init__(self, rows: list[OutcomeCoverage], case_files: list[Path], problems: list[str]) -> None:
        super().__init__()
        self.rows = rows
        self.case_files = case_files
        self.problems = problems

    def compose(self) -> ComposeResult:
        reached = sum(bool(row.cases) for row in self.rows)
        cases = sum(len(row.cases) for row in self.rows)
        with Vertical(id="coverage") as box:
            box.border_title = f"Case coverage · {reached} of {len(self.rows)} outcomes reached"
            box.border_subtitle = "escape closes"
            files = ", ".join(str(p) for p in self.case_files) or "none found (record one with n at an outcome)"
            yield Static(Content(f"{cases} case{'s' * (cases != 1)} in: {files}"), id="files")
            table: DataTable[Text] = DataTable(cursor_type="row", zebra_stripes=True)
            # The title last: on a narrow terminal it is the column that may be cut off.
            table.add_columns("Outcome", "Urgency", "Reached by", "Title")
            for row in self.rows:
                reached_by = Text(", ".join(row.cases)) if row.cases else Text("NOT REACHED", style="bold red")
                table.add_row(Text(row.outcome_id), Text(row.urgency), reached_by, Text(row.title))
            yield table
            if self.problems:
                yield Static(Content("\n".join(self.problems)), id="problems")

    def action_close(self) -> None:
        self.dismiss(None)
