"""The cases a trainee can pick: title, tree (when there are several), difficulty and the trainee's best score."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import DataTable, Static

from ..widgets.case_table import CaseTable
from ..widgets.key_footer import KeyFooter
from ..widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from ...training.catalogue import CaseEntry, Catalogue
    from ...training.recorder import Recorder


class CaseListScreen(Screen[None]):
    """Lists the catalogue's cases. Choosing one posts :class:`Chosen`; the app starts the attempt.

    | Key | Does |
    | --- | --- |
    | up / down | move between cases |
    | enter, click | start the highlighted case |
    """

    CSS_PATH = "case_list.tcss"

    trainee: reactive[str | None] = reactive(None)
    """Who is training; None until they have said."""

    class Chosen(Message):
        """The trainee chose a case to practise on."""

        def __init__(self, entry: CaseEntry) -> None:
            self.entry = entry
            super().__init__()

    class BestScores(Message):
        """The trainee's best scores, read on the recorder's thread."""

        def __init__(self, trainee: str, best: dict[tuple[str, str], int]) -> None:
            self.trainee = trainee
            self.best = best
            super().__init__()

    def __init__(
        self,
        catalogue: Catalogue,
        recorder: Recorder | None,
        store_problem: str | None = None,
        trainee: str | None = None,
    ) -> None:
        super().__init__()
        self.set_reactive(CaseListScreen.trainee, trainee)
        self.catalogue = catalogue
        self.recorder = recorder
        self.store_problem = store_problem

    def compose(self) -> ComposeResult:
        yield TitleBar(icon="≡")
        with Vertical(id="cases-body"):
            entries = self.catalogue.entries
            table = CaseTable(entries, id="cases")
            # Every case from one tree: its title heads the list instead of filling a column.
            tree = f" · {entries[0].tree.title}" if entries and table.one_tree else ""
            table.border_title = Content(f"Cases · {len(entries)}{tree}")
            yield table
            if self.catalogue.problems:
                problems = Static(Content("\n".join(self.catalogue.problems)), id="case-problems")
                problems.border_title = Content("Not loaded")
                yield problems
            yield Static(self._status(), id="cases-status")
        yield KeyFooter()

    def _status(self) -> Content:
        recorder = self.recorder
        where = "your trainer's database" if self.app.is_web else recorder.where if recorder is not None else ""
        if recorder is None or recorder.state == "off":
            problem = recorder.problem if recorder is not None else self.store_problem
            recording = Content.assemble(("Not recording", "bold $error"), ": ", problem or "no database")
        elif recorder.state == "delayed":
            waiting = recorder.waiting
            answers = f"{waiting} {'write' if waiting == 1 else 'writes'} waiting" if waiting else "nothing waiting"
            recording = Content.assemble(
                ("Recording delayed", "bold $warning"), f" ({answers}; saved when the database answers): ", where
            )
        else:
            recording = Content.assemble(("Recording", "bold"), " to ", where)
        return Content.assemble("enter starts the highlighted case · ", recording)

    def recording_changed(self) -> None:
        """Redraw the status line: the recorder's state changed."""
        self.query_one("#cases-status", Static).update(self._status())

    def on_mount(self) -> None:
        self.query_one(CaseTable).focus()
        self.watch_trainee()

    def watch_trainee(self) -> None:
        self.sub_title = f"Training · {self.trainee}" if self.trainee else "Training"
        self.refresh_best()

    def on_screen_resume(self) -> None:
        self.refresh_best()

    def refresh_best(self) -> None:
        """Ask for the trainee's best score on each case; they show when the recorder's thread has read them."""
        if not self.is_mounted or self.recorder is None or not self.trainee:
            return
        trainee = self.trainee
        self.recorder.read(
            lambda store: store.best_scores(trainee), lambda best: self.post_message(self.BestScores(trainee, best))
        )

    def on_case_list_screen_best_scores(self, message: BestScores) -> None:
        """Show the best scores (blank when none); scores read for an earlier name are ignored."""
        if message.trainee != self.trainee or not self.is_mounted:
            return
        self.query_one(CaseTable).show_best(message.best)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(self.Chosen(self.catalogue.entries[int(event.row_key.value)]))
