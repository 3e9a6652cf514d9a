"""The debrief after a case: urgency verdict, score, outcome, must-ask questions, the path beside the case's."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Markdown, Static

from ...training.report import duration
from ...training.scoring import EXACT, OVER, UNDER
from ..widgets.key_footer import KeyFooter
from ..widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from ...model.tree import Tree
    from ...training.attempt import Attempt
    from ...training.catalogue import CaseEntry
    from ...training.scoring import Assessment

_VERDICT = {EXACT: ("✔", "-exact"), OVER: ("▲", "-over"), UNDER: ("✘", "-under")}
"""Each verdict's symbol and CSS class: never colour alone."""


class DebriefScreen(Screen[None]):
    """What the trainee did against what the case expects. Colour always comes with words and symbols.

    | Key | Does |
    | --- | --- |
    | enter, n | back to the cases |
    | a | try this case again |
    | up / down / page up / page down | scroll |
    """

    CSS_PATH = "debrief.tcss"
    BINDINGS = [
        Binding("enter,n", "cases", "Cases", id="debrief.cases", tooltip="Back to the list of cases"),
        Binding("a", "again", "Try again", id="debrief.again", tooltip="Walk this case again, as a new attempt"),
    ]

    class Again(Message):
        """The trainee wants a new attempt at the same case."""

        def __init__(self, entry: CaseEntry) -> None:
            self.entry = entry
            super().__init__()

    def __init__(self, attempt: Attempt, assessment: Assessment) -> None:
        super().__init__()
        self.attempt = attempt
        self.assessment = assessment
        self.sub_title = f"Debrief: {attempt.entry.case.title}"

    def compose(self) -> ComposeResult:
        result = self.assessment
        entry = self.attempt.entry
        tree = entry.tree
        symbol, css = _VERDICT[result.triage.verdict]
        label = f"{symbol} {result.triage.label.upper()}"
        yield TitleBar(icon="≡")
        with VerticalScroll(id="debrief"):
            yield Static(Content.assemble((label, "bold"), ": ", result.triage.explanation), id="verdict", classes=css)
            yield Static(self._score(), id="score")
            yield _section(self._outcome(tree), "Outcome", "outcome-check")
            if entry.case.expect.must_ask:
                yield _section(self._must_ask(tree), "Red-flag questions (must ask)", "must-ask")
            steps = Static(self._steps(tree), id="steps", classes="section")
            steps.border_title = Content("Your path beside the case's")
            yield steps
            if entry.case.teaching:
                teaching = Markdown(entry.case.teaching.strip(), id="teaching", classes="section", open_links=False)
                teaching.border_title = Content("Teaching points")
                yield teaching
            not_recorded = _section(Content(self.attempt.problem or ""), "Not recorded", "not-recorded")
            not_recorded.display = bool(self.attempt.problem)
            yield not_recorded
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#debrief").focus()

    def recording_changed(self) -> None:
        """The recorder stopped (or its reason changed) after this debrief was drawn: say so here too."""
        problem = self.attempt.problem
        section = self.query_one("#not-recorded", Static)
        section.update(Content(problem or ""))
        section.display = bool(problem)

    def _score(self) -> Content:
        result = self.assessment
        parts = Content(" · ").join(
            Content.assemble(f"{line.part} ", (f"{line.points}/{line.out_of}", "bold"), f" ({line.note})")
            for line in result.lines
        )
        total = self.attempt.seconds
        time = Content.assemble("   time ", (duration(total), "bold"), " in all") if total is not None else Content("")
        return Content.assemble(
            ("Score ", "bold"), (f"{result.score}", "bold $accent"), ("/100", "bold"), "   ", parts, time
        )

    def _outcome(self, tree: Tree) -> Content:
        result = self.assessment
        expected = Content.assemble(_text(tree, result.expected_outcome), (f"  ({result.triage.expected})", "dim"))
        if result.outcome_reached:
            return Content.assemble(("✔ Reached the case's outcome: ", "bold $success"), expected)
        return Content.assemble(
            ("✘ Not the case's outcome: ", "bold $error"),
            expected,
            ("\n  You reached: ", "bold"),
            _text(tree, result.reached_outcome),
            (f"  ({result.triage.reached})", "dim"),
        )

    def _must_ask(self, tree: Tree) -> Content:
        result = self.assessment
        lines = []
        for node_id in self.attempt.entry.case.expect.must_ask:
            asked = node_id in result.must_ask_passed
            mark = ("✔ asked  ", "bold $success") if asked else ("✘ MISSED ", "bold $error")
            lines.append(Content.assemble(mark, _text(tree, node_id)))
        return Content("\n").join(lines)

    def _steps(self, tree: Tree) -> Table:
        result = self.assessment
        table = Table(box=None, expand=True, pad_edge=False, show_edge=False)
        table.add_column("#", justify="right", no_wrap=True)
        table.add_column("Question", ratio=3)
        table.add_column("You", ratio=1)
        table.add_column("Case", ratio=1)
        table.add_column("", no_wrap=True)
        table.add_column("Time", justify="right", no_wrap=True)
        for step in result.steps:
            status = step.status
            mark = (
                Text("=", style="green")
                if status == "same"
                else Text("≠ differs", style="bold red")
                if status == "different"
                else Text("off path", style="yellow")
            )
            table.add_row(
                Text(str(step.number)),
                Text(_text(tree, step.node_id)),
                Text(step.answer, style="bold"),
                Text(step.reference if step.reference is not None else "—"),
                mark,
                Text("" if step.seconds is None else duration(step.seconds)),
            )
        for node_id, label in result.not_reached:
            table.add_row(
                Text(""),
                Text(_text(tree, node_id), style="dim"),
                Text("not asked", style="dim italic"),
                Text(label, style="dim"),
                Text(""),
                Text(""),
            )
        return table

    def action_cases(self) -> None:
        self.app.pop_screen()

    def action_again(self) -> None:
        self.post_message(self.Again(self.attempt.entry))


def _section(content: Content, title: str, id: str) -> Static:
    widget = Static(content, id=id, classes="section")
    widget.border_title = Content(title)
    return widget


def _text(tree: Tree, node_id: str) -> str:
    try:
        node = tree.node(node_id)
    except KeyError:
        return node_id
    return node.headline
