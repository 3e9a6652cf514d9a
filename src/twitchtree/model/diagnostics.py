"""Diagnostics: every problem in a file is one line, ``PATH:LINE:COL: severity: message``.

That is the form editors and CI problem matchers read. LINE and COL are
1-based, and COL counts bytes of UTF-8 from the start of the line, as GCC,
Vim's ``errorformat`` and CI problem matchers do: after ``"Très"`` on a line,
a key is two bytes further right than its character count. A language server
converts the column to UTF-16 units (:func:`.columns.convert_column`).
A :class:`Reporter`
collects the diagnostics of one file and places each one at the line of the
offending key (or its table's header), found by :mod:`.positions` only when
there is something to report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from .text import printable

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .positions import KeyPath, Locator

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True, order=True)
class Diagnostic:
    """One problem at one place in one file."""

    path: str
    line: int
    col: int
    """Bytes of UTF-8 from the start of the line, plus one."""
    severity: Severity
    message: str

    def __post_init__(self) -> None:
        # Messages quote keys and values from the file, which may hold control characters.
        object.__setattr__(self, "message", printable(self.message))

    def __str__(self) -> str:
        return f"{printable(self.path)}:{self.line}:{self.col}: {self.severity}: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


class LoadError(Exception):
    """A file could not be loaded. Carries every diagnostic found, errors first."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = tuple(sorted(diagnostics, key=_error_first))
        super().__init__("\n".join(map(str, self.diagnostics)))

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.is_error)


def _error_first(diagnostic: Diagnostic) -> tuple[bool, str, int, int]:
    return (not diagnostic.is_error, diagnostic.path, diagnostic.line, diagnostic.col)


class Reporter:
    """Collects the diagnostics of one file, at most :data:`MAX_PER_KIND` of each kind.

    ``text`` is the file's decoded text; it is scanned for key positions
    lazily, the first time a diagnostic needs one, so a clean file costs
    nothing extra.

    Past :data:`MAX_PER_KIND` diagnostics of one kind (the same message
    but for the names and numbers it quotes), or :data:`MAX_PER_FILE` in
    all, the rest are counted, not kept: the first one left out stays, at its
    own place, saying "… and N more like this". This is the one place that
    bounds what ``check``, the explorer and every other front end show.
    """

    def __init__(self, path: str, text: str = "") -> None:
        self.path = path
        self.text = text
        self.diagnostics: list[Diagnostic] = []
        self._locator: Locator | None = None
        self._kinds: dict[str, int] = {}
        """Diagnostics kept, by kind."""
        self._left_out: dict[str, tuple[int, int]] = {}
        """Kind -> (index in diagnostics of its "… and N more" line, how many it stands for)."""

    @property
    def has_errors(self) -> bool:
        return any(d.is_error for d in self.diagnostics)

    def locate(self, key: KeyPath) -> tuple[int, int]:
        """Line and column (1-based) of ``key``, or of its nearest enclosing table."""
        if self._locator is None:
            from .positions import Locator

            self._locator = Locator(self.text)
        return self._locator.find(key)

    def error(self, key: KeyPath, message: str) -> None:
        self.add("error", key, message)

    def warning(self, key: KeyPath, message: str) -> None:
        self.add("warning", key, message)

    def add(self, severity: Severity, key: KeyPath, message: str) -> None:
        kind = _kind(severity, message)
        if kind in self._left_out:  # counted, never located: a million of them cost next to nothing
            self._count(kind, 1)
            return
        line, col = self.locate(key)
        self._keep(kind, line, col, severity, message, 0)

    def at(self, line: int, col: int, severity: Severity, message: str, *, more: int = 0) -> None:
        """Report at a place; ``more`` counts that many others of the same kind, not shown."""
        kind = _kind(severity, message)
        if kind in self._left_out:
            self._count(kind, 1 + more)
        else:
            self._keep(kind, line, col, severity, message, more)

    def _keep(self, kind: str, line: int, col: int, severity: Severity, message: str, more: int) -> None:
        kept = self._kinds.get(kind, 0)
        full = kept >= MAX_PER_KIND or len(self.diagnostics) >= MAX_PER_FILE
        self._kinds[kind] = kept + 1
        self.diagnostics.append(Diagnostic(self.path, line, col, severity, message))
        if full or more:  # this one is shown, and says how many more of its kind are not
            self._left_out[kind] = (len(self.diagnostics) - 1, 0)
            self._count(kind, more)

    def _count(self, kind: str, more: int) -> None:
        index, count = self._left_out[kind]
        count += more
        self._left_out[kind] = (index, count)
        if count:
            shown = self.diagnostics[index]
            message = f"{shown.message.split(MORE, 1)[0]}{MORE}{count:,} more like this"
            self.diagnostics[index] = Diagnostic(shown.path, shown.line, shown.col, shown.severity, message)


MAX_PER_KIND = 100
"""Diagnostics of one kind kept per file; the rest are counted."""
MAX_PER_FILE = 1000
"""Diagnostics kept per file, whatever their kinds."""
MORE = " … and "
"""What joins the first diagnostic left out to the count of the others."""

_QUOTED = r"; did you mean '[^']*'\?|'[^']*'|\"[^\"]*\"|U\+[0-9A-F]{4,6}(?: \([^)]*\))?|\d[\d,.]*"
"""What a message quotes or counts: compiled (and kept in ``re``'s cache) when first used, not at start-up."""


def _kind(severity: Severity, message: str) -> str:
    """Diagnostics are of one kind when their messages differ only in what they quote and count."""
    return severity + re.sub(_QUOTED, "…", message)
