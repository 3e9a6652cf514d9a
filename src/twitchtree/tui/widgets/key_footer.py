"""Textual's footer, rebuilt only when the keys it shows change, and without keeping the keys it replaced."""

from __future__ import annotations

from typing import cast

from textual.widgets import Footer

from ..compat import set_footer_keys_enabled


class KeyFooter(Footer):
    """The keys that work now, as Textual's :class:`~textual.widgets.Footer` shows them.

    Textual's footer rebuilds all its keys each time the screen's bindings change. Starting
    the explorer changes them three times (the focus, the screen, the walk), and an author's
    reload once more, each time mounting and styling every key again: this footer rebuilds
    only when what it would show differs from what it shows.

    Each of Textual's rebuilds also leaves the replaced keys in the footer's list of watchers
    of ``compact`` (pruned only when ``compact`` changes, which it never does here): a leak
    of a few hundred objects per change of keys. Mutating ``compact`` after a rebuild prunes it.

    When only whether some keys work has changed, the keys on show are greyed or not in place.
    """

    _shown: tuple[object, ...] | None = None

    def _keys_now(self) -> tuple[object, ...]:
        return (
            self.compact,
            self.show_command_palette,
            tuple(
                (key, active.binding.action, active.binding.description, active.binding.show, active.enabled)
                for key, active in self.screen.active_bindings.items()
            ),
        )

    async def recompose(self) -> None:
        if not self.is_attached:
            return
        keys = self._keys_now()
        if keys == self._shown and self.children:
            return
        shown, self._shown = self._shown, keys
        if shown is not None and self.children and _without_enabled(shown) == _without_enabled(keys):
            # Only whether keys work changed (back and restart, once a question is answered):
            # the keys on show stay, greyed or not. A rebuild costs more than the answer itself.
            set_footer_keys_enabled(self, {key: active.enabled for key, active in self.screen.active_bindings.items()})
            return
        await super().recompose()
        self.mutate_reactive(Footer.compact)


def _without_enabled(keys: tuple[object, ...]) -> tuple[object, ...]:
    """What the footer shows, leaving out whether each key works now."""
    compact, palette, bindings = keys
    return compact, palette, tuple(binding[:-1] for binding in cast("tuple[tuple[object, ...], ...]", bindings))
