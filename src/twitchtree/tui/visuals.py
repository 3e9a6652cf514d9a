"""Visuals the widgets share: text with a hanging indent, and blocks of such text one under another.

Textual's Content wraps every line to the left edge. The reasoning path, the
answers of a question and the bullets of a question's help wrap beside a
lead ("1 ", "→ ", " 2 ", "• ") instead: :class:`Hanging` draws them.
:class:`Blocks` stacks paragraphs and items in one visual, so a question's
help is one widget however many paragraphs and bullets it has.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.strip import Strip
from textual.visual import Visual

if TYPE_CHECKING:
    from collections.abc import Sequence

    from textual.css.styles import RulesMap
    from textual.style import Style
    from textual.visual import RenderOptions


class Hanging(Visual):
    """A lead with its text wrapped beside it, and an optional note under the text.

    Wrapped lines keep to the text's column (a hanging indent).
    """

    def __init__(self, lead: Content, text: Content, note: Content | None = None) -> None:
        self.lead = lead
        self.text = text
        self.note = note

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Hanging) and (self.lead, self.text, self.note) == (other.lead, other.text, other.note)

    def __hash__(self) -> int:
        return hash((self.lead, self.text, self.note))

    @property
    def plain(self) -> str:
        """The text without styles, wrapped nowhere: the lead, the text, then the note on a line of its own."""
        return self.lead.plain + self.text.plain + (f"\n{self.note.plain}" if self.note else "")

    def __str__(self) -> str:
        return self.plain

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        widths = [part.get_optimal_width(rules, container_width) for part in (self.text, self.note) if part]
        return self.lead.cell_length + max(widths, default=0)

    def get_height(self, rules: RulesMap, width: int) -> int:
        body = max(1, width - self.lead.cell_length)
        return max(1, self.text.get_height(rules, body)) + (self.note.get_height(rules, body) if self.note else 0)

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        indent = self.lead.cell_length
        body = max(1, width - indent)
        lead = self.lead.render_strips(indent, 1, style, options)[0].extend_cell_length(indent, style.rich_style)
        blank = Strip.blank(indent, style.rich_style)
        lines = self.text.render_strips(body, None, style, options) or [Strip.blank(body, style.rich_style)]
        if self.note:
            lines += self.note.render_strips(body, None, style, options)
        return [Strip.join([lead if n == 0 else blank, line]) for n, line in enumerate(lines)]


class Blocks(Visual):
    """Visuals one under another, each with or without a blank line above it (never above the first)."""

    def __init__(self, parts: Sequence[tuple[Content | Hanging, bool]]) -> None:
        self.parts = tuple(parts)
        """(visual, whether a blank line separates it from the one above)."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Blocks) and self.parts == other.parts

    def __hash__(self) -> int:
        return hash(self.parts)

    @property
    def plain(self) -> str:
        """The text without styles: one line per part, a blank line where a gap is drawn."""
        lines: list[str] = []
        for n, (part, gap) in enumerate(self.parts):
            lines += [""] if gap and n else []
            lines.append(part.plain)
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.plain

    def _gaps(self) -> int:
        return sum(1 for n, (_, gap) in enumerate(self.parts) if gap and n)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return max((part.get_optimal_width(rules, container_width) for part, _ in self.parts), default=0)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return sum(part.get_height(rules, width) for part, _ in self.parts) + self._gaps()

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        strips: list[Strip] = []
        for n, (part, gap) in enumerate(self.parts):
            if gap and n:
                strips.append(Strip.blank(width, style.rich_style))
            strips += part.render_strips(width, None, style, options)
        return strips if height is None else strips[:height]
