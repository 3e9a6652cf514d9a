"""The reasoning path: each question asked, the answer given and why, then where the walk is now.

Drawn line by line (Textual's Line API): an answer appends lines and moves the
highlight, and only the rows that changed are drawn again (``path_drawings``).
The path scrolls a page at a time, so that an answer rarely scrolls it (a scroll
draws every row): the step before the current one at the top (never more than a
third of the panel above the current step). The scroll bar is drawn in the rows
(``path_bar``); scrolled, the rows below the path are part of the scrolled area.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import var
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ..compat import set_border_title, set_virtual_size
from ..visuals import Hanging
from .path_bar import PathBar
from .path_drawings import AHEAD_AFTER, LineDrawings
from .path_lines import path_lines

if TYPE_CHECKING:
    from collections.abc import Iterator

    from textual.css.styles import RulesMap
    from textual.style import Style
    from textual.timer import Timer

    from ...model.tree import TreeNode

_DRAWN_WHEN_APPENDED = 4
"""Up to this many new lines (an answer appends two) are drawn when they are laid out."""


class PathPanel(ScrollView, can_focus=True):
    """The steps walked so far, ending with the current one, which is highlighted.

    Each question is one line and its answer (with the answer's why) the next,
    so an answer only appends lines: the lines already there are never
    replaced. Choosing a past question or answer returns the walk there.

    | Key | Does |
    | --- | --- |
    | up / down | move between steps |
    | home / end, page up / page down | the first or last line, a page up or down |
    | enter | go back to that step, to answer it differently |
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "cursor_to(0)", "First", show=False),
        Binding("end", "cursor_to(-1)", "Last", show=False),
        Binding("enter", "select", "Go back there", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {"path-panel--line", "path-panel--highlighted", "path-panel--hover"}
    """
    | Class | Description |
    | :- | :- |
    | `path-panel--line` | Every line of the path. |
    | `path-panel--highlighted` | The highlighted line: the current step, or the one the cursor is on. |
    | `path-panel--hover` | The line under the mouse. |
    """

    DEFAULT_CSS = """
    PathPanel {
        height: 1fr;
        padding: 0 1;
        color: $foreground;
        background: $surface;
        overflow-x: hidden; overflow-y: hidden;  /* its scroll bar is drawn in its rows: see path_bar */
        & > .path-panel--line { padding: 0 1; }
        & > .path-panel--highlighted {
            color: $foreground;
            background: $block-cursor-blurred-background;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .path-panel--hover { background: $block-hover-background; }
        &:focus {
            background-tint: $foreground 5%;
            & > .path-panel--highlighted {
                color: $block-cursor-foreground;
                background: $block-cursor-background;
                text-style: $block-cursor-text-style;
            }
        }
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
        super().__init__(**kwargs)
        self._path: tuple[TreeNode, ...] = ()
        """The path on screen."""
        self.lines: list[Hanging] = []
        """The path's lines, each drawn on one or more rows."""
        self._depths: list[int] = []
        """The step each line belongs to."""
        self.highlighted: int | None = None
        """The highlighted line: the current step, unless the cursor has moved."""
        self._hover: int | None = None
        """The line under the mouse: the line at ``_mouse_row``, as the path now scrolls."""
        self._mouse_row: int | None = None  # the row of the panel (not of the path) the mouse is on
        self._rows: list[tuple[int, int]] = []  # (line, row within the line) for each row
        self._starts: list[int] = []  # the first row of each line
        self._drawings = LineDrawings(self, "path-panel--line")
        self._ahead_timer: Timer | None = None
        self._row_width = (Size(0, 0), 0, 0)  # (the panel's size, its rows' width and height then): see render_line
        self._bar = PathBar(self)

    _width = property(lambda self: self._drawings.width, doc="The width the rows were wrapped to.")

    # -- following the walk ------------------------------------------------------------

    def watch_node(self, node: TreeNode | None) -> None:
        path = node.path if node is not None else ()
        same = 0
        while same < min(len(path), len(self._path)) and path[same] is self._path[same]:
            same += 1
        # Steps before the first that changed keep their lines: two per answered step.
        first = max(0, same - 1)
        self._sync(2 * first, path_lines(path, first))
        shorter = len(path) < len(self._path)
        self._path = path
        self._move_highlight(len(self.lines) - 1 if path else None, page=True, fill=shorter)
        set_border_title(self, f"Path · {len(path) - 1:,} answered" if path else "Path")
        if self._ahead_timer is not None:
            self._ahead_timer.stop()
            self._ahead_timer = None
        self.call_after_refresh(self._schedule_ahead)

    def _sync(self, start: int, lines: list[tuple[int, Hanging]]) -> None:
        """Make the lines from ``start`` on show ``lines``, changing only those that differ."""
        keep = 0
        while start + keep < len(self.lines) and keep < len(lines) and self.lines[start + keep] == lines[keep][1]:
            keep += 1
        changed = start + keep
        if changed == len(self.lines) and keep == len(lines):
            return
        first_row = self._starts[changed] if changed < len(self._starts) else len(self._rows)
        old_rows = len(self._rows)
        del self.lines[changed:]
        self.lines += [line for _, line in lines[keep:]]
        self._depths[start:] = [depth for depth, _ in lines]
        self._drawings.forget_from(changed)
        self._wrap(changed)
        self._hover = self._line_under_mouse()  # (its rows, if it changed, are drawn again below)
        self.refresh_lines(first_row, max(old_rows, len(self._rows)) - first_row)

    # -- rows ----------------------------------------------------------------------------

    def _wrap(self, first: int = 0) -> None:
        """Work out the rows of the lines from ``first`` on, at the panel's width.

        The few lines an answer appends are drawn here, in the style they are shown in (the
        last one is the current step), and counted from the drawing, which is then reused
        on screen: a line is wrapped once. A whole path (a new width) is only measured.
        """
        width = self.scrollable_content_region.width - self._bar.width
        if width != self._width:
            self._drawings.reset(width)
            first = 0
            self.call_after_refresh(self._schedule_ahead)
        cut = self._starts[first] if first < len(self._starts) else len(self._rows)
        del self._starts[first:]
        del self._rows[cut:]
        if width <= 0:
            return
        padding = self.get_component_styles("path-panel--line").padding
        body = max(1, width - padding.width)
        rules = cast("RulesMap", self.styles)  # as Textual passes its styles to a visual
        last = len(self.lines) - 1
        draw = last - first < _DRAWN_WHEN_APPENDED
        for index in range(first, len(self.lines)):
            self._starts.append(len(self._rows))
            if draw:
                style = self._line_style(index, current=index == last)
                height = len(self._drawings.rows(index, self.lines[index], width, style))
            else:
                height = max(1, self.lines[index].get_height(rules, body))
            self._rows += [(index, row) for row in range(height)]

    def _height(self, index: int) -> int:
        return (self._starts[index + 1] if index + 1 < len(self._starts) else len(self._rows)) - self._starts[index]

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)  # (every row is drawn again when the top row changes)
        self._hover = self._line_under_mouse()
        if self._bar.changed():  # (the thumb moved within a row: dragged)
            self.refresh()

    @property
    def allow_vertical_scroll(self) -> bool:  # (Textual's allows it only with its own scroll bar)
        return not self.is_disabled and self.is_scrollable

    def on_resize(self, event: events.Resize) -> None:
        # The line at the top stays at the top (its rows change with the width), unless the
        # path now leaves blank rows below while some of it is hidden above.
        top = round(self.scroll_y)
        top_line = self._rows[top][0] if top < len(self._rows) else None
        self._wrap()
        start = self._starts[top_line] if top_line is not None and top_line < len(self._starts) else top
        self._move_highlight(self.highlighted, page=False, fill=True, top=start)
        self._hover = self._line_under_mouse()
        self.refresh()

    def _move_highlight(self, index: int | None, *, page: bool, fill: bool = False, top: int | None = None) -> None:
        """Highlight line ``index`` and scroll it into view: a page at a time (``page``) or just enough.

        ``fill``: the path got shorter or the panel changed, so rows hidden above come back
        rather than blank rows showing below. ``top``: the row to start from (the scroll position).
        """
        old, self.highlighted = self.highlighted, index
        self._refresh_line(old)
        self._refresh_line(index)
        height = self.scrollable_content_region.height
        top = round(self.scroll_y) if top is None else top
        if fill and height > 0:
            top = min(top, max(0, len(self._rows) - height))
        if index is not None and self._starts and height > 0:
            first, last = self._starts[index], self._starts[index] + self._height(index)
            if last > top + height or first < top:
                if page:
                    top = max(first - height // 3, self._previous_step_start(index))
                else:
                    top = first if first < top else last - height
                top = max(0, min(top, first))
            if fill and top < len(self._rows):
                top = self._line_start_near(top, last, height)
        else:
            top = 0
        # Once scrolled, the rows below the path are part of the scrolled area (see above). Not
        # scrolled, it is the path's own rows: an "auto" panel (the preview's) keeps to its lines.
        virtual = Size(self._width + self._bar.width, max(len(self._rows), top + height) if top else len(self._rows))
        auto = self.styles.height is not None and self.styles.height.is_auto
        if (auto and virtual != self.virtual_size) or virtual.width != self.virtual_size.width:
            self.virtual_size = virtual  # (the preview's panel is as tall as its path: a layout)
        elif virtual != self.virtual_size:
            set_virtual_size(self, virtual)  # no layout (which costs more than the rest of an answer)
        if top != round(self.scroll_y):  # (forced, but not in the preview: its height is not known
            self.scroll_to(y=top, animate=False, immediate=True, force=not auto)  # until the layout, see on_resize)
        elif self._bar.changed():
            self.refresh()  # the thumb grew or shrank

    def _line_start_near(self, top: int, last: int, height: int) -> int:
        """``top`` moved to the start of its line (up, if the rows up to ``last`` still show; else down)."""
        line = self._rows[top][0]
        start = self._starts[line]
        if start == top:
            return top
        return start if last <= start + height else start + self._height(line)

    def _previous_step_start(self, index: int) -> int:
        """The first row of the step before line ``index``'s step (its question; 0 at the first step)."""
        depth = self._depths[index] - 1
        line = index
        while line > 0 and self._depths[line - 1] >= depth:
            line -= 1
        return self._starts[line] if line < index else self._starts[index]

    def _refresh_line(self, index: int | None) -> None:
        if index is not None and index < len(self._starts):
            self.refresh_lines(self._starts[index], self._height(index))

    # -- drawing -------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        row = round(self.scroll_y) + y
        if self._row_width[0] != self.outer_size:  # (worked out once per size, not for every row drawn)
            region = self.scrollable_content_region
            self._row_width = (self.outer_size, region.width - self._bar.width, region.height)
        _, width, height = self._row_width
        if row >= len(self._rows):
            strip = Strip.blank(width, self.visual_style.rich_style)
        else:
            index, offset = self._rows[row]
            strip = self._line_strips(index, width)[offset]
        return Strip.join([strip, self._bar.cell(y, height)]) if self._bar.width else strip

    def _line_strips(self, index: int, width: int) -> list[Strip]:
        style = self._line_style(index, current=index == self.highlighted)
        strips = self._drawings.rows(index, self.lines[index], width, style)
        missing = self._height(index) - len(strips)
        return strips + [Strip.blank(width, style.rich_style)] * missing if missing > 0 else strips

    def _line_style(self, index: int, *, current: bool) -> Style:
        if current:
            return self.get_visual_style("path-panel--line", "path-panel--highlighted")
        if index == self._hover:
            return self.get_visual_style("path-panel--line", "path-panel--hover")
        return self.get_visual_style("path-panel--line")

    # -- drawing ahead (see path_drawings): after the frame, which another thread writes --

    def _schedule_ahead(self) -> None:
        if self._ahead_timer is None and self.is_attached:
            self._ahead_timer = self.set_timer(AHEAD_AFTER, self._draw_ahead, name="path-ahead")

    def _draw_ahead(self, pieces: Iterator[bool] | None = None, path: tuple[TreeNode, ...] = ()) -> None:
        """Draw a piece of what an answer would show, then let keys in before the next piece."""
        self._ahead_timer = None
        if pieces is None:
            pieces, path = self._pieces_ahead(), self._path
        if path is self._path and next(pieces, False):
            self.call_later(self._draw_ahead, pieces, path)

    def _pieces_ahead(self) -> Iterator[bool]:
        current, highlighted = len(self.lines) - 1, self.get_visual_style("path-panel--line", "path-panel--highlighted")
        if current < 0 or self._width <= 0:
            return iter(())
        answered = self._line_style(current, current=False)  # the current step, as it looks once answered
        return self._drawings.ahead_of(current, self.lines[current], answered, self._path[-1], highlighted)

    def notify_style_update(self) -> None:
        self._row_width = (Size(0, 0), 0, 0)  # (its padding, or its scroll bar's size, may have changed)
        self._drawings.reset(self._width)  # (a theme, or the focus: the highlight's look changes)
        self._bar.reset()
        self.call_after_refresh(self._schedule_ahead)
        super().notify_style_update()

    # -- keys and the mouse --------------------------------------------------------------

    def action_cursor(self, step: int) -> None:
        if self.lines:
            current = self.highlighted if self.highlighted is not None else len(self.lines) - 1
            self._move_highlight(max(0, min(len(self.lines) - 1, current + step)), page=False)

    def action_cursor_to(self, index: int) -> None:
        if self.lines:
            self._move_highlight(index % len(self.lines), page=False)

    def action_page(self, pages: int) -> None:
        height = self.scrollable_content_region.height
        if self.lines and self.highlighted is not None and height > 0:
            row = self._starts[self.highlighted] + pages * height
            index = self._rows[max(0, min(len(self._rows) - 1, row))][0]
            self._move_highlight(index, page=False)

    def action_select(self) -> None:
        index = self.highlighted
        if index is not None and index < len(self.lines) - 1:  # the current step is where the walk already is
            self.post_message(self.StepSelected(self._depths[index]))

    def _line_under_mouse(self, event: events.MouseEvent | None = None) -> int | None:
        """The line shown where the mouse is (as ``event`` says, or as it last said)."""
        if event is not None:
            offset = event.get_content_offset(self)
            self._mouse_row = None if offset is None else offset.y
        row = None if self._mouse_row is None else self._mouse_row + round(self.scroll_y)
        return self._rows[row][0] if row is not None and 0 <= row < len(self._rows) else None

    def on_click(self, event: events.Click) -> None:
        index = None if self._bar.hit(event) else self._line_under_mouse(event)
        if index is not None:
            self._move_highlight(index, page=False)
            self.action_select()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        index = self._line_under_mouse(event)
        if self._bar.mouse_move(event):  # (on the scroll bar: no line is hovered)
            self._mouse_row = index = None
        self._hover_line(index)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        if self._bar.mouse_down(event):
            event.stop()

    def on_mouse_up(self, event: events.MouseUp) -> None:
        self._bar.mouse_up()

    def on_leave(self, event: events.Leave) -> None:
        self._mouse_row = None
        self._bar.leave()
        self._hover_line(None)

    def _hover_line(self, index: int | None) -> None:
        old, self._hover = self._hover, index
        if old != index:
            self._refresh_line(old)
            self._refresh_line(index)
