"""Walking a case: the explorer, with the patient's story in view and the tree kept hidden.

:class:`TrainingScreen` is an :class:`~.explorer.ExplorerScreen`, so the
walking is the explorer's :class:`~..widgets.walk_view.WalkView`. This
screen adds the story above it, hands every answer to an
:class:`~twitchtree.training.attempt.Attempt` as the walk reports it
(``WalkView.Changed``; the recorder writes it on its own thread, so the
next question never waits for the database), and opens the debrief at the
outcome. The map,
play-from-node and exports are not available (``check_action``, and the
training app's palette), since they would show the tree.

Escape is easy to press by accident (and it begins a terminal's alt-key
sequences), so leaving a case once it has answers asks first; the question's
own escape keeps going.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding

from ...model.walk import Walk
from ..widgets.patient_story import PatientStory
from .explorer import ExplorerScreen

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from ...model.tree import TreeNode
    from ...training.attempt import Attempt
    from ..widgets.walk_view import WalkView

HIDDEN_ACTIONS = frozenset({"map", "export"})
"""Explorer actions that would show the tree to a trainee."""

LEAVE_QUESTION = "Leave this case? Your answers so far are kept as an unfinished attempt."


class TrainingScreen(ExplorerScreen):
    """One attempt at one case.

    | Key | Does |
    | --- | --- |
    | 1-9 | answer |
    | b, backspace | back one step (recorded; the new answer replaces the old one) |
    | r | restart |
    | escape | leave the case (asks first once answered); the attempt stays unfinished |
    """

    CSS_PATH = ["explorer.tcss", "training.tcss"]
    BINDINGS = [
        Binding(
            "escape",
            "leave",
            "Leave case",
            id="training.leave",
            tooltip="Back to the cases; this attempt stays unfinished",
        ),
    ]

    def __init__(self, attempt: Attempt) -> None:
        super().__init__(Walk(attempt.entry.tree))
        self.attempt = attempt
        self.sub_title = f"Case: {attempt.entry.case.title}"
        self._shown: tuple[TreeNode, float] | None = None
        """The node last on screen, and when it appeared."""

    def compose(self) -> ComposeResult:
        case = self.attempt.entry.case
        yield PatientStory(case.patient, case.title, id="story")
        yield from super().compose()

    def on_walk_view_changed(self, message: WalkView.Changed) -> None:
        """Record the answers that moved the walk on from the node last shown."""
        message.stop()
        now = self.attempt.clock()
        node = message.walk.node
        if self._shown is not None:
            before, shown_at = self._shown
            path = node.path
            if before is not node and before in path:
                # Normally one answer; several if they came faster than this screen heard of them.
                for depth in range(before.depth, node.depth):
                    question, answer = path[depth], path[depth + 1].via
                    assert answer is not None  # every step after the start was reached by an answer
                    self.attempt.answered(depth, question.id, answer.label, shown_at, now)
                    shown_at = now
        self._shown = (node, now)
        if node.outcome is not None and self.attempt.assessment is None:
            self._finish(node)

    def _finish(self, node: TreeNode) -> None:
        from .debrief import DebriefScreen

        outcome = node.outcome
        assert outcome is not None
        assessment = self.attempt.finish(outcome.id, outcome.urgency)
        self.app.switch_screen(DebriefScreen(self.attempt, assessment))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in HIDDEN_ACTIONS:
            return False
        return super().check_action(action, parameters)

    def play_from(self, node_id: str) -> None:
        """Not while training: jumping to a node would show the tree."""
        self.notify("Playing from a node is not available while training.", severity="warning", markup=False)

    def action_leave(self) -> None:
        """Back to the cases, asking first when the trainee has answered something."""
        if not self.attempt.answers or self.attempt.assessment is not None:
            self.app.pop_screen()
            return
        from .confirm import ConfirmScreen

        def answer(choice: str | None) -> None:
            if choice == "leave" and self.is_current:
                self.app.pop_screen()

        self.app.push_screen(
            ConfirmScreen(LEAVE_QUESTION, [("leave", "Leave"), ("stay", "Keep going")], focus="stay"),
            answer,
        )
