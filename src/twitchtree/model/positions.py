"""Where each key of a TOML document is: the line and column behind every diagnostic.

The TOML parsers return plain dicts without positions, so this module scans the
text once more, only when a diagnostic needs a position. It understands
enough TOML to follow table headers, arrays of tables, dotted and quoted
keys, inline tables, arrays and every string form, and it records the
position of each key path, such as ``("nodes", "weakness", "answers", 0,
"next")``. The text has already been parsed by a real TOML parser, so the
scanner can be lenient; on anything it does not understand it stops and
keeps what it has found, and lookups fall back to the nearest enclosing key.

An editor needs more than a line per key: :class:`Syntax` scans a text that
may be half typed (skipping a statement it cannot follow), and keeps the span
of every key, every value, every table header and every comment, which is
what completion, go to definition, rename and the outline read.

Why a scanner of our own rather than tree-sitter-toml (which the editor uses
for highlighting): tree-sitter parses a 10,000-node tree in about half the
time ``tomllib`` takes, but holds about 270 bytes per value (540 MB for a
file of two million values), and builds the whole tree before the first
position can be read; this scanner is lazy, small, and bounded by the text.

Columns are counted as :mod:`.columns` says: bytes of UTF-8 in diagnostics.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import TYPE_CHECKING, NamedTuple

from .columns import convert_column

if TYPE_CHECKING:
    from collections.abc import Iterator

KeyPath = tuple[str | int, ...]

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_BASIC_STRING = re.compile(r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"')
_LITERAL_STRING = re.compile(r"'[^'\n]*'")
_ML_BASIC_STOP = re.compile(r'\\.|"""', re.DOTALL)
_ML_LITERAL_STOP = re.compile("'''")
_SCALAR = re.compile(r"[^,\]\}#\r\n]+")
_BLANK = re.compile(r"(?:[ \t\r\n]+|#[^\n]*)+")
_SPACE = re.compile(r"[ \t]*")
_SCALARS = re.compile(r"""(?:[ \t\r\n]*(?:"[^"\\\n]*(?:\\.[^"\\\n]*)*"|'[^'\n]*'|[^,\]\}#"'\[\{\r\n]+)[ \t\r\n]*,)*+""")
_SIMPLE = re.compile(r"""([A-Za-z0-9_-]++)[ \t]*+=[ \t]*+("[^"\\\n]*+"(?!")|[^ \t,\]\}#\r\n"'\[\{][^,\]\}#\r\n]*+)""")
_MAX_ELEMENTS = 10_000
"""Array elements indexed one by one; a diagnostic about a later one points at the array."""


class Locator:
    """Finds the line and column of key paths in one TOML text, scanning it lazily: only as far as the key
    asked for (diagnostics come in order; a million values are not indexed to place the first hundred)."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._index: dict[KeyPath, int] = {}
        self._last = (0, 1)  # the last offset placed, and its line
        self.comments: list[int] = []
        self._steps: Iterator[None] | None = None

    def find(self, key: KeyPath) -> tuple[int, int]:
        """The 1-based (line, column) of ``key``, else of its nearest ancestor, else (1, 1)."""
        index = self._index
        while key and key not in index and self._advance():
            pass
        while key:
            offset = index.get(key)
            if offset is not None:
                return self.line_col(offset)
            key = key[:-1]
        return (1, 1)

    def line_col(self, offset: int) -> tuple[int, int]:
        """The 1-based line and byte column (see the module docstring) of a character offset; lines counted on
        from the last place asked for when that comes before (diagnostics come in order)."""
        text = self._text
        since, line = self._last if offset >= self._last[0] else (0, 1)
        line += text.count("\n", since, offset)
        self._last = (offset, line)
        start = text.rfind("\n", 0, offset) + 1
        return line, convert_column(text[start:offset], offset - start, "character", "utf-8") + 1

    def has_comments(self) -> bool:
        while self._advance():
            pass
        return bool(self.comments)

    def _advance(self) -> bool:
        """Scan one more top-level statement; False once the text is done (or cannot be followed)."""
        if self._steps is None:
            self._steps = _Scanner(self._text, self._index, self.comments).document()
        try:
            next(self._steps)
        except (StopIteration, IndexError, ValueError):
            # On text it cannot follow, keep what was found; lookups fall back to enclosing keys.
            self._steps = iter(())
            return False
        return True


class Span(NamedTuple):
    """Where something is in a text: character offsets, ``end`` exclusive."""

    path: KeyPath
    start: int
    end: int


class Syntax:
    """Every key, value, table header and comment of a TOML text, with its span; the text may be half typed.

    A statement the scanner cannot follow (the line being typed) is skipped
    to the next line, so what comes after it is still found.
    """

    def __init__(self, text: str, *, scan: bool = True) -> None:
        self.text = text
        self.keys: list[Span] = []
        """Each key as written, with the path it names: ``[[nodes.q1.answers]]`` gives ``("nodes",)``,
        ``("nodes", "q1")`` and ``("nodes", "q1", "answers")``, each at its own word."""
        self.values: dict[KeyPath, Span] = {}
        """The value of each key path, quotes and brackets included."""
        self.tables: list[Span] = []
        """Each table header: the table's path (with its index, for an array of tables) and the header's span."""
        self.comments: list[int] = []
        self._by_path: dict[KeyPath, list[Span]] | None = None
        if scan:
            for _ in _Scanner(text, {}, self.comments, self).document():
                pass

    def key_spans(self, path: KeyPath) -> list[Span]:
        """Every place that writes the key ``path`` (a table named in several headers is in each)."""
        if self._by_path is None:
            self._by_path = {}
            for span in self.keys:
                self._by_path.setdefault(span.path, []).append(span)
        return self._by_path.get(path, [])

    def table_at(self, offset: int) -> KeyPath:
        """The path of the table whose header comes last before ``offset`` (the top level before any)."""
        starts = [span.start for span in self.tables]
        n = bisect_right(starts, offset)
        return self.tables[n - 1].path if n else ()

    def string(self, path: KeyPath) -> str | None:
        """The text of the string value at ``path``, if it is one that can be read."""
        span = self.values.get(path)
        if span is None or self.text[span.start] not in "\"'":
            return None
        import tomli

        try:
            value = tomli.loads(f"v = {self.text[span.start : span.end]}")["v"]
        except tomli.TOMLDecodeError:
            return None
        return value if isinstance(value, str) else None


class _Scanner:
    """Records where each key is (in ``index``); given a ``syntax``, every span too, skipping what it cannot follow."""

    def __init__(self, text: str, index: dict[KeyPath, int], comments: list[int], syntax: Syntax | None = None) -> None:
        self.text = text
        self.i = 0
        self.index = index
        self.comments = comments
        self.syntax = syntax
        self.tolerant = syntax is not None
        self.array_lengths: dict[KeyPath, int] = {}

    # -- structure -------------------------------------------------------

    def document(self) -> Iterator[None]:
        """Scan the text, pausing after each table header and each top-level key = value."""
        text = self.text
        table: KeyPath = ()
        while True:
            self.blank()
            if self.i >= len(text):
                return
            start = self.i
            try:
                if text[self.i] == "[":
                    table = self.header()
                else:
                    self.key_value(table)
            except (IndexError, ValueError):
                if not self.tolerant:
                    raise
                end = text.find("\n", max(start, min(self.i, len(text))))
                self.i = len(text) if end < 0 else end + 1
            self.blank()
            yield

    def header(self) -> KeyPath:
        start = self.i
        is_array = self.text.startswith("[[", self.i)
        self.i += 2 if is_array else 1
        self.space()
        keys = self.dotted_key()
        self.space()
        closing = "]]" if is_array else "]"
        if not self.text.startswith(closing, self.i):
            raise ValueError("expected the end of a header")
        self.i += len(closing)
        path: KeyPath = ()
        for n, (key, key_start, key_end) in enumerate(keys):
            path = (*path, key)
            self.record(path, start)
            if self.syntax is not None:
                self.syntax.keys.append(Span(path, key_start, key_end))
            last = n == len(keys) - 1
            if last and is_array:
                length = self.array_lengths.get(path, 0)
                self.array_lengths[path] = length + 1
                path = (*path, length)
                self.record(path, start)
            elif path in self.array_lengths:
                path = (*path, self.array_lengths[path] - 1)
        if self.syntax is not None:
            self.syntax.tables.append(Span(path, start, self.i))
        return path

    def key_value(self, table: KeyPath) -> None:
        start = self.i
        simple = _SIMPLE.match(self.text, start)  # `key = "text"` or `key = 3`, most lines: read in one match
        keys = [(simple[1], start, simple.end(1))] if simple else self.dotted_key()
        path = table
        for key, key_start, key_end in keys:
            path = (*path, key)
            self.record(path, start)
            if self.syntax is not None:
                self.syntax.keys.append(Span(path, key_start, key_end))
        if simple:
            value_start, self.i = simple.start(2), simple.end()
        else:
            self.space()
            if self.text[self.i] != "=":
                raise ValueError("expected '='")
            self.i += 1
            self.space()
            value_start = self.i
            self.value(path)
        if self.syntax is not None:
            self.syntax.values.setdefault(path, Span(path, value_start, self.i))

    def dotted_key(self) -> list[tuple[str, int, int]]:
        keys = [self.simple_key()]
        while True:
            self.space()
            if self.i < len(self.text) and self.text[self.i] == ".":
                self.i += 1
                self.space()
                keys.append(self.simple_key())
            else:
                return keys

    def simple_key(self) -> tuple[str, int, int]:
        """A key, and the span of its text as written."""
        text, i = self.text, self.i
        for pattern in (_BARE_KEY, _BASIC_STRING, _LITERAL_STRING):
            match = pattern.match(text, i)
            if match:
                self.i = match.end()
                raw = match.group()
                if raw[0] == "'":
                    raw = raw[1:-1]
                elif raw[0] == '"':
                    raw = _unescape(raw)
                return raw, i, self.i
        raise ValueError("expected a key")

    def value(self, path: KeyPath) -> None:
        text, i = self.text, self.i
        char = text[i]
        if text.startswith('"""', i):
            self.i = _closing_quotes(text, _ML_BASIC_STOP, i + 3, '"')
        elif text.startswith("'''", i):
            self.i = _closing_quotes(text, _ML_LITERAL_STOP, i + 3, "'")
        elif char == '"':
            self.i = _match(_BASIC_STRING, text, i)
        elif char == "'":
            self.i = _match(_LITERAL_STRING, text, i)
        elif char == "[":
            self.array(path)
        elif char == "{":
            self.inline_table(path)
        else:
            self.i = _match(_SCALAR, text, i)

    def array(self, path: KeyPath) -> None:
        self.i += 1
        n = 0
        while True:
            self.blank()
            if self.text[self.i] == "]":
                self.i += 1
                return
            if n >= _MAX_ELEMENTS:  # past it, plain values are skipped in C, not indexed one by one
                self.i = _match(_SCALARS, self.text, self.i)
                self.blank()
                if self.text[self.i] == "]":
                    continue
            element = (*path, n)
            self.record(element, self.i)
            start = self.i
            self.value(element)
            if self.syntax is not None:
                self.syntax.values.setdefault(element, Span(element, start, self.i))
            n += 1
            self.blank()
            if self.text[self.i] == ",":
                self.i += 1

    def inline_table(self, path: KeyPath) -> None:
        self.i += 1
        while True:
            self.blank()
            if self.text[self.i] == "}":
                self.i += 1
                return
            self.key_value(path)
            self.blank()
            if self.text[self.i] == ",":
                self.i += 1

    # -- lexical ---------------------------------------------------------

    def record(self, path: KeyPath, offset: int) -> None:
        self.index.setdefault(path, offset)

    def space(self) -> None:
        match = _SPACE.match(self.text, self.i)
        assert match is not None  # the pattern matches the empty string
        self.i = match.end()

    def blank(self) -> None:
        match = _BLANK.match(self.text, self.i)
        if match:
            if "#" in match.group():
                self.comments.extend(self.i + m.start() for m in re.finditer("#", match.group()))
            self.i = match.end()


def _match(pattern: re.Pattern[str], text: str, i: int) -> int:
    match = pattern.match(text, i)
    if match is None:
        raise ValueError("unexpected text")
    return match.end()


def _closing_quotes(text: str, stop: re.Pattern[str], i: int, quote: str) -> int:
    """The offset just past a multi-line string whose body starts at ``i``.

    A closing delimiter may be followed by up to two more quotes, which
    belong to the string's content.
    """
    for match in stop.finditer(text, i):
        if match.group() == quote * 3:
            end = match.end()
            for _ in range(2):
                if text.startswith(quote, end):
                    end += 1
            return end
    raise ValueError("unterminated string")


def _unescape(quoted: str) -> str:
    if "\\" not in quoted:
        return quoted[1:-1]
    import tomli

    text: str = tomli.loads(f"k = {quoted}")["k"]
    return text


def dotted(key: KeyPath) -> str:
    """A key path as authors write it: ``nodes.weakness.answers[1].next``."""
    import json

    out = ""
    for part in key:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            text = part if part.replace("-", "").replace("_", "").isalnum() else json.dumps(part, ensure_ascii=False)
            out += f".{text}" if out else text
    return out


def comments(text: str) -> list[int]:
    """Where a TOML text's comments are (a rewrite through tomli-w would lose them): the offset of each ``#``
    outside strings and keys, in order; a comment may hold several. Empty when the text has none."""
    locator = Locator(text if "#" in text else "")
    locator.has_comments()
    return locator.comments
