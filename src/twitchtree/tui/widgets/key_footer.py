"""Textual's footer, rebuilt once per frame however often the keys change in it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Footer

if TYPE_CHECKING:
    from textual.screen import Screen


class KeyFooter(Footer):
    """The keys that work now, as Textual's :class:`~textual.widgets.Footer` shows them.

    Textual's footer rebuilds all its keys each time the screen's bindings change. Starting
    the explorer changes them three times (the focus, the screen, the walk), and each rebuild
    mounts and styles every key again: this footer queues one rebuild for all of them.
    """

    _rebuild_queued = False

    def bindings_changed(self, screen: Screen) -> None:
        if self._rebuild_queued:
            return
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self._rebuild_queued = True
        super().bindings_changed(screen)

    async def recompose(self) -> None:
        self._rebuild_queued = False
        await super().recompose()
