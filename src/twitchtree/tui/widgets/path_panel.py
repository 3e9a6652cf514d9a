"""The reasoning path: each question asked, the answer given and why, then where the walk is now."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.content import Content
from textual.message import Message
from textual.reactive import var
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ..visuals import Hanging

if TYPE_CHECKING:
    from ...model.tree import TreeNode


class PathPanel(OptionList):
    """The steps walked so far, ending with the current one, which is highlighted.

    Each question is one line and its answer (with the answer's why) the next,
    so an answer only appends lines: the lines already there are never
    replaced, and stay rendered. Choosing a past question or answer returns the walk there.

    | Key | Does |
    | --- | --- |
    | up / down | move between steps |
    | enter | go back to that step, to answer it differently |
    """

    DEFAULT_CSS = """
    PathPanel {
        height: 1fr;
        & > .option-list--option { padding: 0 1; }
    }
    """

    node: var[TreeNode | None] = var(None)
    """Where the walk is; the path is this node's ``path``."""

    class StepSelected(Message):
        """The user chose a step; ``depth`` 0 is the first question."""

        def __init__(self, depth: int) -> None:
            self.depth = depth
            super().__init__()

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(markup=False, **kwargs)
        self._path: tuple[TreeNode, ...] = ()
        """The path on screen."""
        self._depths: list[int] = []
        """The step each option belongs to."""

    def watch_node(self, node: TreeNode | None) -> None:
        path = node.path if node is not None else ()
        same = 0
        while same < min(len(path), len(self._path)) and path[same] is self._path[same]:
            same += 1
        # Steps before the first that changed keep their lines: two per answered step.
        first = max(0, same - 1)
        self._sync(2 * first, self._path_lines(path, first))
        self._path = path
        self.highlighted = len(self.options) - 1 if path else None  # scrolls the current step into view
        self.border_title = f"Path · {len(path) - 1} answered" if path else "Path"

    @staticmethod
    def _path_lines(path: tuple[TreeNode, ...], first: int) -> list[tuple[int, Hanging]]:
        """(step, line) for each line of ``path`` from step ``first`` on, the current step last.

        A question's line reads the same whether it is current or answered, so an answer
        appends lines and changes none.
        """
        lines: list[tuple[int, Hanging]] = []
        for depth in range(first, len(path)):
            step = path[depth]
            if step.question is None:
                title = Content.styled(step.spec.headline, "bold")
                lines.append((depth, Hanging(Content.styled("▶ ", "bold $accent"), title)))
                break
            lines.append((depth, Hanging(Content.styled(f"{depth + 1} ", "dim"), Content(step.question.text))))
            if depth + 1 < len(path):
                via = path[depth + 1].via
                assert via is not None
                why = Content.styled(via.why, "italic $text-muted") if via.why else None
                lines.append(
                    (depth, Hanging(Content.styled("  → ", "dim"), Content.styled(via.label, "bold $accent"), why))
                )
        return lines

    def _sync(self, start: int, lines: list[tuple[int, Hanging]]) -> None:
        """Make the options from ``start`` on show ``lines``, changing only those that differ."""
        options = self.options
        keep = 0
        while start + keep < len(options) and keep < len(lines) and options[start + keep].prompt == lines[keep][1]:
            keep += 1
        if start + keep < len(options):
            if start + keep == 0:
                self.clear_options()
            else:
                for index in range(len(options) - 1, start + keep - 1, -1):
                    self.remove_option_at_index(index)
        self.add_options(Option(prompt) for _, prompt in lines[keep:])
        self._depths[start:] = [depth for depth, _ in lines]

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        index = event.option_index
        if index >= len(self._depths) or self.get_option_at_index(index) is not event.option:
            return  # chosen before a key that came first changed the path: it is no longer there
        if index < len(self._depths) - 1:  # the current step is where the walk already is
            self.post_message(self.StepSelected(self._depths[index]))
