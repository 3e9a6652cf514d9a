"""The one "did you mean" hint, for unknown keys, ids, themes and key bindings alike."""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Collection, Iterable


def did_you_mean(word: str, choices: Iterable[str], *, cutoff: float = 0.6) -> str:
    """``"; did you mean 'x'?"`` for the choice closest to ``word``, or ``""`` when none is close enough."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    return f"; did you mean '{close[0]}'?" if close else ""


MAX_HINTS = 20
"""Unknown ids per file that get a "did you mean"; past them, a mistake is reported without one."""
_SCAN_ALL = 200
"""Up to this many known ids, every one is compared; beyond, only those one or two edits away."""


class Hints:
    """ "Did you mean …" for the unknown ids of one file, in bounded time whatever their number.

    At most :data:`MAX_HINTS` per file. Among many known ids, only those
    within an edit or two (found through an index of each id with one
    character deleted) are compared, so ten thousand dangling references
    over ten thousand nodes cost milliseconds, not minutes.
    """

    def __init__(self) -> None:
        self.left = MAX_HINTS
        self._indexes: dict[int, tuple[Collection[str], dict[str, list[str]]]] = {}

    def __call__(self, name: str, known: Collection[str]) -> str:
        if self.left <= 0 or not known:
            return ""
        self.left -= 1
        candidates = known if len(known) <= _SCAN_ALL else self._near(name, known)
        return did_you_mean(name, candidates, cutoff=0.75)  # ids are short: only a close one is suggested

    def _near(self, name: str, known: Collection[str]) -> list[str]:
        entry = self._indexes.get(id(known))
        if entry is None or entry[0] is not known:
            index: dict[str, list[str]] = {}
            for item in known:
                for variant in _deletions(item):
                    index.setdefault(variant, []).append(item)
            entry = self._indexes[id(known)] = (known, index)
        found: dict[str, Any] = {}
        for variant in _deletions(name):
            found.update(dict.fromkeys(entry[1].get(variant, ())))
        return sorted(found)


def _deletions(word: str) -> set[str]:
    """``word`` and every string made by deleting one of its characters."""
    return {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))}
