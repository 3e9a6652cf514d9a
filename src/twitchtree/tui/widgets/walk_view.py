"""A walk on screen: the reasoning path, the current question or outcome, and the condition notes.

The explorer, the author preview, the editor and training all show a walk
through this one widget, which drives a :class:`~twitchtree.model.walk.Walk`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.binding import Binding
from textual.message import Message
from textual.reactive import var
from textual.widget import Widget

from .. import compat
from .conditions_panel import ConditionsPanel
from .path_panel import PathPanel
from .question_card import QuestionCard

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.app import ComposeResult
    from textual.dom import DOMNode

    from ...model.tree import Tree, TreeNode
    from ...model.walk import Walk
    from .outcome_view import OutcomeView


class WalkView(Widget):
    """Shows a walk and drives it from keys, the mouse and the path.

    | Key | Does |
    | --- | --- |
    | 1-9 | answer |
    | b, backspace | back one step |
    | r | restart |
    """

    DEFAULT_CSS = """
    WalkView {
        height: 1fr;
        layout: vertical;
        & PathPanel {
            dock: left;
            width: 40%;
            min-width: 24;
        }
        & QuestionCard, & OutcomeView { height: 1fr; }
        & PathPanel, & QuestionCard, & OutcomeView, & ConditionsPanel {
            border: round $pane-border;
            border-title-color: $text-muted;
            &.-focus-within { border: round $primary; }
        }
    }
    """
    """The path is docked down the left; the question (or the outcome, which takes its place)
    and the condition notes stack in the rest. No nested containers: fewer widgets to style
    and draw on every frame. The panel with the focus in it has the class ``-focus-within``
    (see ``_focus_moved``), not Textual's ``:focus-within``, which restyles every widget in the
    panel whenever the focus comes or goes."""

    BLANK = True
    """The panels cover the whole view: its own rows are blank strips, not drawn through its styles."""

    BINDINGS = [
        Binding(
            "1",
            "answer(0)",
            "Answer",
            key_display="1-9",
            priority=True,
            id="answer-1",
            tooltip="Answer with the answer's number",
        ),
        *(
            Binding(str(n), f"answer({n - 1})", f"Answer {n}", show=False, priority=True, id=f"answer-{n}")
            for n in range(2, 10)
        ),
        Binding("b,backspace", "back", "Back", id="back", tooltip="Undo the last answer"),
        Binding("r", "restart", "Restart", id="restart", tooltip="Start the walk again"),
    ]

    node: var[TreeNode | None] = var(None)
    """Where the walk is, as the walk reports it (see ``Walk.watch``); the panels are bound to it."""

    class Changed(Message):
        """The walk moved: answered, went back, restarted, jumped or was rebased."""

        def __init__(self, walk_view: WalkView) -> None:
            self.walk_view = walk_view
            super().__init__()

        @property
        def walk(self) -> Walk:
            return self.walk_view.walk

    def __init__(self, walk: Walk, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.walk = walk
        self._stop_watching: Callable[[], None] = lambda: None
        self._live_keys = self._keys_live_now()
        """What check_action depends on; the footer is refreshed only when it changes."""
        self._question = QuestionCard(self.walk.node, id="question")
        self._outcome: OutcomeView | None = None
        """Mounted after the question card, which it replaces, at the first outcome."""

    def compose(self) -> ComposeResult:
        yield PathPanel(id="path").data_bind(WalkView.node)
        yield self._question.data_bind(WalkView.node)
        yield ConditionsPanel(id="conditions").data_bind(WalkView.node)

    def on_mount(self) -> None:
        self.watch(self.screen, "focused", self._focus_moved)
        self._stop_watching = self.walk.watch(self._walk_moved)
        self._walk_moved(self.walk)

    def on_unmount(self) -> None:
        self._stop_watching()

    def _walk_moved(self, walk: Walk) -> None:
        """The walk moved (whoever moved it): show where it is now."""
        if self.node is walk.node:
            return
        with self.app.batch_update():
            self.node = walk.node
        # Told at once, before the frame: training records the step when it hears of it, and a
        # visitor who sees the next question and closes the browser must not lose the answer.
        self.post_message(self.Changed(self))

    def watch_node(self, node: TreeNode | None) -> None:
        if node is None:
            return
        question = self._question
        if node.is_outcome and self._outcome is None:
            from .outcome_view import OutcomeView

            self._outcome = OutcomeView(id="outcome")
            self.mount(self._outcome.data_bind(WalkView.node), after=question)
        elif self._outcome is not None:
            self._outcome.display = node.is_outcome
        question.display = not node.is_outcome
        if self.has_focus_within or self.screen.focused is None:
            self.focus_step()
        live = self._keys_live_now()
        if live != self._live_keys:
            self._live_keys = live
            self.screen.refresh_bindings()

    def _focus_moved(self, focused: Widget | None) -> None:
        """Mark the panel the focus is in, as the focus moves (at once, as ``:focus-within`` would be)."""
        panel: DOMNode | None = focused
        while panel is not None and panel.parent is not self:
            panel = panel.parent
        for child in self.children:
            compat.set_class_alone(child, child is panel, "-focus-within")

    def _keys_live_now(self) -> tuple[bool, bool]:
        # What the footer shows: back and restart once a question is answered, 1-9 at a question.
        # (Keys 2-9 are not shown, so a question with another number of answers changes nothing.)
        return (self.walk.depth > 0, self.walk.question is not None)

    def focus_step(self) -> None:
        """Focus the answers, or the outcome when the walk has ended."""
        if self.walk.done and self._outcome is not None:
            self._outcome.focus()
        else:
            self._question.focus_answers()

    def rebase(self, tree: Tree) -> int:
        """Move the walk onto a reloaded tree, keeping its place; returns the steps kept."""
        return self.walk.rebase(tree)

    def play_from(self, node_id: str) -> None:
        """Start the walk at ``node_id``, with the path to it filled in."""
        from ...model.walk import WalkError

        try:
            self.walk.goto(node_id)
        except WalkError as exc:
            self.notify(str(exc), severity="error", markup=False)

    def go_to(self, node: TreeNode) -> None:
        """Put the walk at ``node``, a step of its tree (from the map)."""
        self.walk.node = node

    # -- actions -------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        question = self.walk.question
        if action == "answer":
            index = parameters[0]
            return question is not None and isinstance(index, int) and index < len(question.answers)
        if action in ("back", "restart"):
            return True if self.walk.depth else None
        return True

    def action_answer(self, index: int) -> None:
        self.walk.answer(index)

    def action_back(self) -> None:
        self.walk.back()

    def action_restart(self) -> None:
        self.walk.restart()

    # -- messages from the panels ----------------------------------------------

    def on_question_card_answered(self, message: QuestionCard.Answered) -> None:
        message.stop()
        self.action_answer(message.index)

    def on_path_panel_step_selected(self, message: PathPanel.StepSelected) -> None:
        message.stop()
        from ...model.walk import WalkError

        try:
            self.walk.jump(message.depth)
        except WalkError:
            return  # a step the walk has already left

    def on_conditions_panel_opened(self, message: ConditionsPanel.Opened) -> None:
        message.stop()
        from ..screens.condition import ConditionScreen

        self.app.push_screen(ConditionScreen(message.condition, self.walk.tree))
