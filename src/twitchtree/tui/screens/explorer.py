"""The explorer: walk a tree with the keyboard, see the reasoning path and condition notes."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Footer, Header

from ..widgets.conditions_panel import ConditionsPanel
from ..widgets.outcome_view import OutcomeView
from ..widgets.path_panel import PathPanel
from ..widgets.question_card import QuestionCard

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from ...model.tree import TreeNode
    from ...model.walk import Walk


class ExplorerScreen(Screen[None]):
    """Shows one :class:`~twitchtree.model.walk.Walk` and drives it from keys, mouse and palette.

    | Key | Does |
    | --- | --- |
    | 1-9 | answer |
    | b, backspace | back one step |
    | r | restart |
    | m | map of the whole tree |
    | e | export the path as a Markdown summary |
    """

    CSS_PATH = "explorer.tcss"
    BINDINGS = [
        Binding("1", "answer(0)", "Answer", key_display="1-9", id="answer-1", tooltip="Answer with the answer's number"),
        *(Binding(str(n), f"answer({n - 1})", f"Answer {n}", show=False, id=f"answer-{n}") for n in range(2, 10)),
        Binding("b,backspace", "back", "Back", id="back", tooltip="Undo the last answer"),
        Binding("r", "restart", "Restart", id="restart", tooltip="Start the walk again"),
        Binding("m", "map", "Map", id="map", tooltip="The whole tree, with the walked path highlighted"),
        Binding("e", "export", "Export", id="export", tooltip="Save the path as a Markdown summary"),
    ]

    node: reactive[TreeNode | None] = reactive(None)
    """Where the walk is; the widgets are bound to it."""

    def __init__(self, walk: Walk, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.walk = walk
        self.sub_title = walk.tree.label

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        with Horizontal(id="body"):
            yield PathPanel(id="path").data_bind(ExplorerScreen.node)
            with Vertical(id="main"):
                with ContentSwitcher(id="step"):
                    yield QuestionCard(id="question").data_bind(ExplorerScreen.node)
                    yield OutcomeView(id="outcome").data_bind(ExplorerScreen.node)
                yield ConditionsPanel(id="conditions")
        yield Footer()

    def on_mount(self) -> None:
        self.show_walk()

    def show_walk(self) -> None:
        """Show the walk's current node; call after changing the walk."""
        self.node = self.walk.node

    def watch_node(self, node: TreeNode | None) -> None:
        if node is None:
            return
        self.query_one("#step", ContentSwitcher).current = "outcome" if node.is_outcome else "question"
        conditions = self.walk.tree.conditions
        self.query_one(ConditionsPanel).conditions = tuple(conditions[c] for c in node.spec.conditions)
        if node.is_outcome:
            self.query_one(OutcomeView).focus()
        else:
            self.query_one(QuestionCard).focus_answers()
        self.refresh_bindings()

    # -- actions -----------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        question = self.walk.question
        if action == "answer":
            return question is not None and int(parameters[0]) < len(question.answers)  # type: ignore[call-overload]
        if action in ("back", "restart"):
            return True if self.walk.depth else None
        return True

    def action_answer(self, index: int) -> None:
        self.walk.answer(index)
        self.show_walk()

    def action_back(self) -> None:
        self.walk.back()
        self.show_walk()

    def action_restart(self) -> None:
        self.walk.restart()
        self.show_walk()

    def action_map(self) -> None:
        from .map import MapScreen

        def play_from(node: TreeNode | None) -> None:
            if node is not None:
                self.walk.node = node
                self.show_walk()

        self.app.push_screen(MapScreen(self.walk), play_from)

    def action_export(self) -> None:
        from ...model.export import summary
        from ...model.write import write_new

        now = datetime.now()
        text = summary(self.walk, now)
        try:
            path = write_new(Path.cwd(), f"twitchtree-{self.walk.tree.id}-{now:%Y%m%d-%H%M}", ".md", text.encode())
        except OSError as exc:
            self.notify(f"Could not save the summary: {exc.strerror or exc}", title="Export failed", severity="error", markup=False)
            return
        self.notify(f"Saved to {path}", title="Summary exported", markup=False)

    def play_from(self, node_id: str) -> None:
        """Start the walk at ``node_id``, with the path to it filled in."""
        from ...model.walk import WalkError

        try:
            self.walk.goto(node_id)
        except WalkError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.show_walk()

    # -- messages from the widgets ------------------------------------------

    def on_question_card_answered(self, message: QuestionCard.Answered) -> None:
        self.action_answer(message.index)

    def on_path_panel_step_selected(self, message: PathPanel.StepSelected) -> None:
        self.walk.jump(message.depth)
        self.show_walk()

    def on_conditions_panel_opened(self, message: ConditionsPanel.Opened) -> None:
        from .condition import ConditionScreen

        self.app.push_screen(ConditionScreen(message.condition, self.walk.tree))
