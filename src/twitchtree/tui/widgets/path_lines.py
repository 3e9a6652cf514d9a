"""The lines of the reasoning path: each step's question (or outcome), then the answer given and why."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content

from ..visuals import Hanging

if TYPE_CHECKING:
    from ...model.tree import TreeNode


def _step_line(depth: int, step: TreeNode) -> Hanging:
    """The line of step ``depth``: its question, or the outcome it ends at."""
    if step.question is None:
        return Hanging(Content.styled("▶ ", "bold $accent"), Content.styled(step.spec.headline, "bold"))
    return Hanging(Content.styled(f"{depth + 1} ", "dim"), Content(step.question.text))


def _answer_line(step: TreeNode) -> Hanging:
    """The line of the answer that led to ``step``, with its why."""
    via = step.via
    assert via is not None
    why = Content.styled(via.why, "italic $text-muted") if via.why else None
    return Hanging(Content.styled("  → ", "dim"), Content.styled(via.label, "bold $accent"), why)


def path_lines(path: tuple[TreeNode, ...], first: int) -> list[tuple[int, Hanging]]:
    """(step, line) for each line of ``path`` from step ``first`` on, the current step last.

    A question's line reads the same whether it is current or answered, so an answer
    appends lines and changes none.
    """
    lines: list[tuple[int, Hanging]] = []
    for depth in range(first, len(path)):
        step = path[depth]
        lines.append((depth, _step_line(depth, step)))
        if step.question is None:
            break
        if depth + 1 < len(path):
            lines.append((depth, _answer_line(path[depth + 1])))
    return lines


def next_lines(step: TreeNode, most: int) -> list[tuple[Hanging, Hanging]]:
    """For the first ``most`` answers of question ``step``, the lines answering appends: the answer, then its step."""
    return [(_answer_line(child), _step_line(child.depth, child)) for child in step.children[:most]]
