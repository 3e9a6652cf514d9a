"""Every place twitchtree relies on Textual internals, kept here so that an upgrade breaks one package.

Textual has no public way to do these things. ``tests/tui/test_compat.py``
checks each of them against the installed Textual and fails loudly, naming
the function here, when an upgrade changes what they rely on. The app's
needs are in this module; the editor's (``text_area``) load only with it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import App

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


class CrashHook(App[Any]):
    """An app that is told of an unexpected error (``crashed``) instead of printing Textual's traceback."""

    def crashed(self) -> None:
        """Handle an unexpected error; ``sys.exc_info()`` holds it. Called in place of Textual's handler."""
        super()._fatal_error()

    def _fatal_error(self) -> None:
        self.crashed()
