"""The path's scroll bar, drawn as the last cells of the path's own rows rather than as a widget of its own.

Textual's scroll bar is a widget: each answer's frame composes it with the
rows that changed, and a page scroll draws its thirty rows through Textual's
whole pipeline again, as much work as the path's own rows (about a third of a
page scroll, and a tenth of every other answer). Drawn here, a scroll bar
costs two cells added to each row already being drawn. It looks and behaves
as Textual's: the same thumb (``ScrollBarRender``), colours (the panel's
``scrollbar-*`` styles, hover and grabbed included), a thumb to drag and a
track to click a page up or down; blank in the panel's colour while the whole
path fits.
"""

from __future__ import annotations

from math import ceil
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.scrollbar import ScrollBarRender
from textual.strip import Strip

if TYPE_CHECKING:
    from textual import events
    from textual.scroll_view import ScrollView


class PathBar:
    """The scroll bar of ``panel`` (a ``ScrollView`` with ``overflow-y: hidden``): its cells, and the mouse on it."""

    def __init__(self, panel: ScrollView) -> None:
        self._panel = panel
        self._drawn: tuple[object, ...] = ()
        self._cells: list[Strip] = []
        self.hover = False
        """The mouse is over the bar."""
        self._width: int | None = None
        self._grab: tuple[float, float] | None = None
        """While the thumb is dragged: the mouse's row on screen and the scroll position when it was grabbed."""

    @property
    def width(self) -> int:
        """The bar's columns (none when the panel shows Textual's own scroll bar instead)."""
        if self._width is None:
            styles = self._panel.styles
            self._width = styles.scrollbar_size_vertical if styles.overflow_y == "hidden" else 0
        return self._width

    def _key(self, height: int) -> tuple[object, ...]:
        panel = self._panel
        virtual = panel.virtual_size.height
        if virtual <= height:
            return (height, self.width)  # blank, however long the path that fits
        return (height, self.width, virtual, int(panel.scroll_y * 8) / 8, self.hover, self._grab is not None)

    def reset(self) -> None:
        """Forget the bar drawn: the panel's styles changed (a theme, the focus)."""
        self._drawn, self._width = (), None

    def changed(self) -> bool:
        """Whether the bar drawn last looks different now (the thumb moved or grew, or the mouse came or went)."""
        return bool(self._drawn) and self._drawn != self._key(self._panel.scrollable_content_region.height)

    def cell(self, y: int, height: int) -> Strip:
        """The bar's cells on row ``y`` of the panel, ``height`` rows tall."""
        key = self._key(height)
        if key != self._drawn:
            self._drawn, self._cells = key, self._draw(height)
        return self._cells[y] if y < len(self._cells) else Strip.blank(self.width)

    def _draw(self, height: int) -> list[Strip]:
        # What Textual's ScrollBar.render and its renderer do, with the panel's styles.
        panel = self._panel
        width, virtual, position = self.width, panel.virtual_size.height, int(panel.scroll_y * 8) / 8
        if height >= virtual or height <= 0:
            return [Strip.blank(width, panel.visual_style.rich_style)] * height
        styles = panel.styles
        if self._grab is not None:
            background, color = styles.scrollbar_background_active, styles.scrollbar_color_active
        elif self.hover:
            background, color = styles.scrollbar_background_hover, styles.scrollbar_color_hover
        else:
            background, color = styles.scrollbar_background, styles.scrollbar_color
        if background.a < 1:
            background = panel.background_colors[0] + background
        color = background + color
        # Beneath the bar's own styles, as beneath a widget's content: the panel's (tinted when focused).
        base = panel.visual_style.rich_style + RichStyle(bgcolor=panel.background_colors[1].rich_color)
        bar = ScrollBarRender.render_bar(
            size=height,
            virtual_size=ceil(virtual),
            window_size=height,
            position=position,
            thickness=width,
            vertical=True,
            back_color=background.rich_color,
            bar_color=color.rich_color,
        )
        # (Without the renderer's mouse actions: the panel handles the mouse on its bar itself.)
        return [
            Strip(
                [Segment(text, base + RichStyle(color=style.color, bgcolor=style.bgcolor, reverse=style.reverse))],
                width,
            )
            for text, style, _ in bar.segments
            if style is not None
        ]

    # -- the mouse --------------------------------------------------------------------

    def hit(self, event: events.MouseEvent) -> bool:
        """Whether ``event`` is on the bar."""
        offset = event.get_content_offset(self._panel)
        region = self._panel.scrollable_content_region
        return offset is not None and self.width > 0 and offset.x >= region.width - self.width

    def mouse_move(self, event: events.MouseMove) -> bool:
        """Drag the thumb, or follow the mouse over the bar; True if the bar took the event."""
        panel = self._panel
        if self._grab is not None:
            grabbed_y, grabbed_position = self._grab
            height = panel.scrollable_content_region.height
            y = grabbed_position + (event.pointer_screen_y - grabbed_y) * (panel.virtual_size.height / max(1, height))
            panel.scroll_to(y=y, animate=False, force=True)
            return True
        hit = self.hit(event)
        if hit != self.hover:
            self.hover = hit
            self._refresh()
        return hit

    def mouse_down(self, event: events.MouseDown) -> bool:
        """Grab the thumb, or scroll a page towards the mouse; True if the bar took the event."""
        if not self.hit(event):
            return False
        panel = self._panel
        offset = event.get_content_offset(panel)
        assert offset is not None
        height = panel.scrollable_content_region.height
        virtual = panel.virtual_size.height
        if virtual <= height:
            return True
        thumb_top = panel.scroll_y * height / virtual
        thumb_bottom = thumb_top + max(1, height * height / virtual)
        if offset.y < int(thumb_top):
            panel.scroll_page_up()
        elif offset.y >= ceil(thumb_bottom):
            panel.scroll_page_down()
        else:
            self._grab = (event.pointer_screen_y, panel.scroll_y)
            panel.capture_mouse()
            self._refresh()
        return True

    def mouse_up(self) -> None:
        """Let go of the thumb."""
        if self._grab is not None:
            self._grab = None
            self._panel.release_mouse()
            self._refresh()

    def leave(self) -> None:
        if self.hover:
            self.hover = False
            self._refresh()

    def _refresh(self) -> None:
        if self.changed():
            self._panel.refresh()
