"""The row across the top: an icon that opens the command palette, and the title — sub-title."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from ...model.text import printable

if TYPE_CHECKING:
    from textual import events
    from textual.app import RenderResult

ICON_WIDTH = 8
"""Columns of the icon on the left (the icon in the second): as Textual's header keeps."""
RIGHT_WIDTH = 10
"""Columns kept blank on the right (where Textual's header keeps its clock), so the title stays centred."""
ICON_TOOLTIP = "Open the command palette"


class TitleBar(Widget):
    """Textual's :class:`~textual.widgets.Header`, drawn by one widget instead of four.

    The same row: the icon on the left (a click opens the command palette), the title and
    sub-title of the screen (or of the app) centred, and a click elsewhere makes it three rows
    tall, or one again. Textual's header composes, styles and draws an icon, a title and a
    clock space as widgets of their own, which adds to start-up; this draws the row itself.
    """

    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
        content-align: left middle;
        &.-tall { height: 3; }
        & > .title-bar--icon-hover { background: $foreground 10%; }
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"title-bar--icon-hover"}
    """
    | Class | Description |
    | :- | :- |
    | `title-bar--icon-hover` | The icon under the mouse. |
    """

    _over_icon: reactive[bool] = reactive(False)

    def __init__(self, *, icon: str = "⭘", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.icon = icon
        """The character at the top left."""

    def on_mount(self) -> None:
        for owner in (self.app, self.screen):
            self.watch(owner, "title", self._title_changed, init=False)
            self.watch(owner, "sub_title", self._title_changed, init=False)

    def _title_changed(self) -> None:
        self.refresh()

    @property
    def title(self) -> Content:
        """What the bar shows: the screen's title and sub-title, or the app's where the screen has none."""
        screen, app = self.screen, self.app
        title = screen.title if screen.title is not None else app.title
        sub_title = screen.sub_title if screen.sub_title is not None else app.sub_title
        # A tree's title is content: an invisible or direction-changing character is shown as an escape.
        return app.format_title(printable(title, multiline=True), printable(sub_title, multiline=True))

    def render(self) -> RenderResult:
        width = self.size.width
        middle = max(0, width - ICON_WIDTH - RIGHT_WIDTH)
        icon = Content(f" {self.icon}").extend_right(ICON_WIDTH - 1 - Content(self.icon).cell_length)
        if self._over_icon:
            icon = icon.stylize(self.get_visual_style("title-bar--icon-hover"))  # (a partial style lights it less)
        title = Content(" ").join(self.title.expand_tabs().split("\n"))  # one row, measured as it is drawn
        title = title.center(middle, ellipsis=True) if middle else Content("")
        return Content.assemble(icon, title, " " * RIGHT_WIDTH).truncate(width)

    def on_click(self, event: events.Click) -> None:
        event.stop()
        if event.x < ICON_WIDTH:
            if self.app.ENABLE_COMMAND_PALETTE:
                self.app.action_command_palette()
        else:
            self.toggle_class("-tall")

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._over_icon = event.x < ICON_WIDTH and self.app.ENABLE_COMMAND_PALETTE
        self.tooltip = ICON_TOOLTIP if self._over_icon else None

    def on_leave(self) -> None:
        self._over_icon = False
