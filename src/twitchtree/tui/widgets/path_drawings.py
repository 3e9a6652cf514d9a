"""The path's lines drawn as rows: each line once per style it is shown in, and the next answer's lines ahead.

Drawing a line (wrapping it and styling its rows) is most of what an answer
costs the path panel. A line is drawn once per style. While the user reads
a question, the panel draws ahead the lines each of its answers would add
(the answer, and the step it leads to) and the current step as it looks once
answered, so that an answer only lays out what is already drawn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.strip import Strip
from textual.visual import Padding, Visual

from .path_lines import next_lines

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from textual.style import Style
    from textual.widget import Widget

    from ...model.tree import TreeNode
    from ..visuals import Hanging

AHEAD_AFTER = 0.004
"""Seconds after a frame before the next answer's lines are drawn: time for the frame to be written."""
AHEAD_ANSWERS = 9
"""The answers whose lines are drawn ahead: those with a key."""


class LineDrawings:
    """The rows of the path's lines at one width, kept by (line index, style), and drawings made ahead."""

    def __init__(self, panel: Widget, component: str) -> None:
        self._panel = panel
        self._component = component
        """The component class whose padding each line has."""
        self.width = 0
        """The width the lines are drawn (and wrapped) at."""
        self._kept: dict[tuple[int, Style], list[Strip]] = {}
        self._ahead: dict[tuple[Hanging, Style], list[Strip]] = {}
        self._generation = 0
        """Counts resets: a drawing ahead that a reset interrupted is of the old look."""

    def reset(self, width: int) -> None:
        """Forget every drawing: the panel is now ``width`` wide, or its styles changed."""
        self._generation += 1
        self.width = width
        self._kept.clear()
        self._ahead.clear()

    def forget_from(self, index: int) -> None:
        """Forget the drawings of line ``index`` and the lines after it, which have changed."""
        self._kept = {key: strips for key, strips in self._kept.items() if key[0] < index}

    def rows(self, index: int, line: Hanging, width: int, style: Style) -> list[Strip]:
        """Line ``index`` (which is ``line``) drawn in ``style``, ``width`` wide."""
        strips = self._kept.get((index, style))
        if strips is None:
            ahead = self._ahead.get((line, style)) if width == self.width else None
            self._kept[index, style] = strips = ahead or self.draw(line, width, style)
        return strips

    def ahead_of(
        self, index: int, line: Hanging, answered: Style, step: TreeNode, highlighted: Style
    ) -> Iterator[bool]:
        """Draw ahead, a piece at a time, what answering ``step`` (line ``index``) would show.

        The step's line as it looks once ``answered``; then for each keyed answer, its line
        and the step it leads to (``highlighted``, as the new current step).
        """
        self.rows(index, line, self.width, answered)
        yield True
        if step.question is not None:
            plain = self._panel.get_visual_style(self._component)
            pairs = next_lines(step, AHEAD_ANSWERS)
            yield from self.ahead(
                line for answer, leads_to in pairs for line in ((answer, plain), (leads_to, highlighted))
            )

    def ahead(self, lines: Iterable[tuple[Hanging, Style]]) -> Iterator[bool]:
        """Draw ``lines`` ahead, one a step (for the caller to let keys in between); then keep only those."""
        width, generation = self.width, self._generation
        drawn: dict[tuple[Hanging, Style], list[Strip]] = {}
        for key in lines:
            drawn[key] = self._ahead[key] = self._ahead.get(key) or self.draw(key[0], width, key[1])
            yield True
            if generation != self._generation:
                return  # reset meanwhile (resized, restyled): these are of the old look, and forgotten
        self._ahead = drawn

    def draw(self, line: Hanging, width: int, style: Style) -> list[Strip]:
        """``line`` drawn afresh in ``style``, ``width`` wide."""
        padding = self._panel.get_component_styles(self._component).padding
        visual: Visual = Padding(line, padding) if padding else line
        strips = Visual.to_strips(self._panel, visual, width, None, style)
        strips = [strip.extend_cell_length(width, style.rich_style) for strip in strips]
        return strips or [Strip.blank(width, style.rich_style)]

    def drawn_ahead(self) -> dict[tuple[Hanging, Style], list[Strip]]:
        """The drawings made ahead, by (line, style)."""
        return dict(self._ahead)
