"""Columns: what a column counts, and the one place that converts between the counts.

A diagnostic's column counts bytes of UTF-8 from the start of its line, plus
one, as GCC, Vim and CI problem matchers expect; a language server's count
UTF-16 code units; Python's ``str`` counts code points. :func:`convert_column`
is the one place that converts between them.
"""

from __future__ import annotations

from typing import Literal

Unit = Literal["character", "utf-8", "utf-16"]
"""What a column counts: code points (Python's ``str``), bytes of UTF-8 (diagnostics), UTF-16 units (LSP)."""


def convert_column(line: str, column: int, source: Unit, target: Unit) -> int:
    """A 0-based column of ``line`` counted in ``source`` units, counted in ``target`` units.

    The one conversion between code points, UTF-8 bytes and UTF-16 units. A
    column past the end of the line, or inside a character, is clamped.
    """
    if line.isascii():
        return min(column, len(line))
    chars = min(column if source == "character" else _characters(line, column, source), len(line))
    if target == "character":
        return chars
    return sum(_width(char, target) for char in line[:chars])


def _characters(line: str, column: int, unit: Unit) -> int:
    count = 0
    for n, char in enumerate(line):
        if count >= column:
            return n
        count += _width(char, unit)
    return len(line)


def _width(char: str, unit: Unit) -> int:
    code = ord(char)
    if unit == "utf-16":
        return 2 if code > 0xFFFF else 1
    return 1 if code < 0x80 else 2 if code < 0x800 else 3 if code < 0x10000 else 4
