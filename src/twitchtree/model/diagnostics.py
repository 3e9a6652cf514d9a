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
    """Collects the diagnostics of one file.

    ``text`` is the file's decoded text; it is scanned for key positions
    lazily, the first time a diagnostic needs one, so a clean file costs
    nothing extra.
    """

    def __init__(self, path: str, text: str = "") -> None:
        self.path = path
        self.text = text
        self.diagnostics: list[Diagnostic] = []
        self._locator: Locator | None = None

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
        line, col = self.locate(key)
        self.at(line, col, severity, message)

    def at(self, line: int, col: int, severity: Severity, message: str) -> None:
        self.diagnostics.append(Diagnostic(self.path, line, col, severity, message))
