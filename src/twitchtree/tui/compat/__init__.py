"""Every place twitchtree relies on Textual internals, kept here so that an upgrade breaks one package.

Textual has no public way to do these things. ``tests/tui/test_compat.py``
checks each of them against the installed Textual and fails loudly, naming
the function here, when an upgrade changes what they rely on. The app's
needs are in this module; the editor's (``text_area``) load only with it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.content import Content
from textual.geometry import Region, Size
from textual.widget import Widget

if TYPE_CHECKING:
    from rich.console import RenderableType


def refresh_truecolor_filter(app: App[Any]) -> None:
    """What setting ``App.theme`` does besides re-parsing the stylesheets: the ANSI colour filter."""
    app._refresh_truecolor_filter(app.ansi_theme)


def exit_with_message(app: App[Any], message: RenderableType | None, return_code: int = 1) -> None:
    """Close ``app`` at once from an error handler, printing ``message`` (if any) and exiting with ``return_code``.

    This is what Textual's ``_fatal_error`` does, without its traceback.
    """
    if message is not None:
        app._exit_renderables.append(message)
    app._return_code = return_code
    app._close_messages_no_wait()


def set_border_title(widget: Widget, title: str) -> None:
    """Set ``widget``'s border title (plain text, never markup), repainting only its top row.

    Setting ``border_title`` repaints the whole widget: every line of a panel is drawn again
    when only its title changed. This stores the title as that setter does and marks the top
    row alone as needing a repaint (``refresh`` takes regions relative to the content, which
    starts below the border).
    """
    if widget.border_title == title:
        return
    widget._border_title = Content(title).expand_tabs(4).split()[0]
    offset = widget.content_offset
    widget.refresh(Region(-offset.x, -offset.y, widget.outer_size.width, 1))


def set_virtual_size(widget: Widget, size: Size) -> None:
    """Set a scrolling ``widget``'s virtual size, updating its scroll bars, without a layout of the screen.

    Setting ``virtual_size`` lays the whole screen out again. When the widget's own size does
    not depend on its virtual size and its scroll bars stay as they are, only the scroll bars'
    thumbs change: this is what the layout would have done to them.
    """
    widget.set_reactive(Widget.virtual_size, size)
    widget._scroll_update(size)


def set_class_alone(widget: Widget, add: bool, name: str) -> None:
    """Add or remove ``widget``'s class ``name``, restyling ``widget`` alone.

    ``set_class`` restyles the widget and every widget inside it (for a panel holding an option
    list, each of the list's component classes too). A class that only the widget's own rules
    read (a panel's border) needs the widget alone restyled, as Textual restyles one node.
    """
    if widget.has_class(name) == add:
        return
    widget.set_class(add, name, update=False)
    if widget.is_attached:
        widget.app.stylesheet.update_nodes([widget], animate=True)


class CrashHook(App[Any]):
    """An app that is told of an unexpected error (``crashed``) instead of printing Textual's traceback."""

    def crashed(self) -> None:
        """Handle an unexpected error; ``sys.exc_info()`` holds it. Called in place of Textual's handler."""
        super()._fatal_error()

    def _fatal_error(self) -> None:
        self.crashed()
