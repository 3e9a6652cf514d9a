"""Bytes to TOML data, the first step of every load, with a diagnostic for each way it can fail.

Empty, binary and non-UTF-8 files, raw control characters, oversized files
and TOML syntax errors all become ``PATH:LINE:COL`` errors here. Escaped
control characters (``\\u001b``) reach the parsed strings, so those are
looked for in the data, together with bidirectional-override characters,
which can make text read differently from how it is stored.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .diagnostics import MAX_PER_KIND, Reporter
from .encoding import NotText, utf8_text
from .files import MAX_BYTES, read_bytes
from .limits import MAX_NESTING, MAX_TEXT, MAX_VALUES, count_values, may_nest_deeply, too_deep
from .text import BIDI, INVISIBLE, character_class

if TYPE_CHECKING:
    from .positions import KeyPath


_SUSPECT = BIDI + INVISIBLE
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LONG_LINE = re.compile(f"\\n[^\\n]{{{MAX_TEXT}}}")
_RTOML_POSITION = re.compile(r" at line (\d+) column (\d+)$")
_TOMLI_MAX = 1 << 20
"""Bigger files that rtoml refuses are not read again by tomli; rtoml's reason is reported."""
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_CONTROL_NAMES = {
    0x00: "NUL", 0x07: "BEL", 0x08: "BS", 0x0B: "VT", 0x0C: "FF", 0x0D: "CR",
    0x1B: "ESC", 0x7F: "DEL", 0x90: "DCS", 0x9B: "CSI", 0x9C: "ST", 0x9D: "OSC",
}  # fmt: skip


@dataclass
class Document:
    """One file read and parsed; ``data`` is None when it could not be parsed."""

    path: Path
    raw: bytes
    reporter: Reporter
    data: dict[str, Any] | None = None
    text: str = field(default="", repr=False)


def read_document(path: Path, display: str | None = None) -> Document:
    """Read and parse ``path``. Raises OSError if it cannot be read at all."""
    return parse_document(path, read_bytes(path), display)


def parse_document(path: Path, raw: bytes, display: str | None = None) -> Document:
    """Decode and parse ``raw``, the bytes read from ``path``."""
    reporter = Reporter(display or str(path))
    document = Document(path, raw, reporter)
    if len(raw) > MAX_BYTES:
        message = f"file is larger than {MAX_BYTES // 2**20} MB; twitchtree reads files up to that size"
        reporter.at(1, 1, "error", message)
        return document
    text = decode(raw, reporter)
    if text is None:
        return document
    document.text = reporter.text = text
    document.data = parse(text, reporter)
    return document


def decode(raw: bytes, reporter: Reporter) -> str | None:
    """UTF-8 text with CRLF line ends folded, or None after reporting why not."""
    try:
        text = utf8_text(raw)
    except NotText as exc:
        reporter.at(exc.line, exc.col, "error", exc.message)
        return None
    text = text.replace("\r\n", "\n")
    if not text.strip():
        reporter.at(1, 1, "error", "the file is empty; a tree needs at least format, id, title, start and nodes")
        return None
    if CONTROL.search(text):
        from .columns import convert_column

        reporter.text = text
        total = len(text) - len(CONTROL.sub("", text))  # counted in C: there may be millions
        line, line_start, previous = 1, 0, 0
        for n, match in enumerate(islice(CONTROL.finditer(text), MAX_PER_KIND)):
            offset = match.start()
            breaks = text.count("\n", previous, offset)  # each part of the text is scanned once
            if breaks:
                line += breaks
                line_start = text.rfind("\n", previous, offset) + 1
            previous = offset
            col = convert_column(text[line_start:offset], offset - line_start, "character", "utf-8") + 1
            message = f"{_name(match.group())} is not allowed: control characters could drive the terminal"
            reporter.at(line, col, "error", message, more=total - MAX_PER_KIND if n == MAX_PER_KIND - 1 else 0)
        return None
    return text


def parse(text: str, reporter: Reporter) -> dict[str, Any] | None:
    """The TOML 1.1 data of ``text``, or None after reporting why it cannot be read.

    Refused before any parser sees them: more keys and values than
    :data:`.limits.MAX_VALUES`; nesting past :data:`.limits.MAX_NESTING`.
    """
    if count_values(text) > MAX_VALUES:
        message = f"more than {MAX_VALUES:,} keys, values and array items; twitchtree reads files of up to that many"
        reporter.at(1, 1, "error", message)
        return None
    scanned = may_nest_deeply(text)
    if scanned and _too_deep(text, reporter):
        return None
    data, refusal = _fast_loads(text)
    if data is None:
        data = _slow_loads(text, refusal, reporter, scanned=scanned)
        if data is None:
            return None
    if "\\" in text or (not text.isascii() and character_class(_SUSPECT).search(text)) or _may_hold_long_text(text):
        check_strings(data, reporter)  # any escape (\b, \u001b, ...) can make a control character
    return data


def _fast_loads(text: str) -> tuple[dict[str, Any] | None, str | None]:
    """Parse with rtoml, about five times faster than tomllib on big trees, and never recursing past 80 levels.

    Returns the data, or None and rtoml's reason when it refuses the text
    (None and None when rtoml is missing).
    """
    try:
        import rtoml
    except ImportError:
        return None, None
    try:
        return rtoml.loads(text), None
    except (rtoml.TomlParsingError, ValueError) as exc:
        return None, str(exc)


def _too_deep(text: str, reporter: Reporter) -> bool:
    """Report where ``text`` nests past the limit, if it does."""
    deep = too_deep(text)
    if deep is not None:
        line, col = text_position(text, deep)
        reporter.at(line, col, "error", f"nested too deep (limit {MAX_NESTING} levels of arrays, tables or key parts)")
    return deep is not None


def _slow_loads(text: str, refusal: str | None, reporter: Reporter, *, scanned: bool) -> dict[str, Any] | None:
    """The data of a text rtoml refused (or without rtoml), or None after reporting the problem.

    tomli (the TOML 1.1 parser that tomllib comes from) reads it again, so
    syntax errors read the same in every file and carry their position; but
    never a text nested past the limit (it would recurse), and never a big
    one (pure Python, it would take seconds): rtoml's reason is reported then.
    """
    import tomli

    rtoml_at = _RTOML_POSITION.search(refusal or "")
    rescan = not scanned and (refusal is None or "recurs" in refusal or len(text) <= _TOMLI_MAX)
    if rescan and _too_deep(text, reporter):
        return None
    if refusal is not None and len(text) > _TOMLI_MAX and rtoml_at:
        line, col = text_position(text, min(_line_start(text, int(rtoml_at[1])) + int(rtoml_at[2]) - 1, len(text)))
        reporter.at(line, col, "error", f"TOML syntax: {refusal[: rtoml_at.start()]}")
        return None
    try:
        return tomli.loads(text)
    except tomli.TOMLDecodeError as exc:
        message = str(exc)
        match = _TOML_POSITION.search(message)
        if match:
            line = int(match[1])
            start = _line_start(text, line)
            line, col = text_position(text, min(start + int(match[2]) - 1, len(text)))
            message = message[: match.start()]
        else:
            line, col = text_position(text, len(text))
            message = message.replace(" (at end of document)", "")
        reporter.at(line, col, "error", f"TOML syntax: {message[:1].lower()}{message[1:]}")
    except RecursionError:  # below the nesting limit, but the stack was already deep
        reporter.at(1, 1, "error", "values are nested too deeply to read")
    return None


def _may_hold_long_text(text: str) -> bool:
    """Whether some string or key in ``text`` may be longer than :data:`.limits.MAX_TEXT` (scans in C).

    Only for a text without backslashes (one with any is checked string by
    string anyway): then a longer string is on one long line, or is a
    multi-line string, which holds no triple quote of its own kind, so it
    spans a gap that long between two triple quotes of that kind.
    """
    if len(text) <= MAX_TEXT:
        return False
    first = text.find("\n")
    if first > MAX_TEXT or first < 0 or _LONG_LINE.search(text):
        return True
    for quotes in ('"""', "'''"):
        at = text.find(quotes)
        while at >= 0:
            following = text.find(quotes, at + 3)
            if following - at > MAX_TEXT:
                return True
            at = following
    return False


def check_strings(data: dict[str, Any], reporter: Reporter) -> None:
    """Report control characters and over-long text (errors), bidi and invisible characters (warnings)."""
    stack: list[tuple[KeyPath, Any]] = [((), data)]
    while stack:
        path, container = stack.pop()
        if isinstance(container, dict):
            for key, value in container.items():
                _check_string(key, (*path, key), reporter, is_key=True)
                if isinstance(value, str):
                    _check_string(value, (*path, key), reporter, is_key=False)
                elif isinstance(value, (dict, list)):
                    stack.append(((*path, key), value))
        else:
            for n, value in enumerate(container):
                if isinstance(value, str):
                    _check_string(value, (*path, n), reporter, is_key=False)
                elif isinstance(value, (dict, list)):
                    stack.append(((*path, n), value))


def _check_string(value: str, path: KeyPath, reporter: Reporter, *, is_key: bool) -> None:
    if len(value) > MAX_TEXT:
        what = "a key" if is_key else f"text in {_what(path, is_key)}"
        reporter.error(path, f"{what} is {len(value):,} characters long, more than the limit of {MAX_TEXT:,}")
    control = CONTROL.search(value)
    if control:
        what = _what(path, is_key)
        reporter.error(
            path, f"{_name(control.group())} in {what} is not allowed: control characters could drive the terminal"
        )
    bidi = character_class(BIDI).search(value)
    if bidi:
        what = _what(path, is_key)
        reporter.warning(path, f"{_name(bidi.group())} in {what} can make text read differently from how it is stored")
    invisible = character_class(INVISIBLE).search(value)
    if invisible:
        what = _what(path, is_key)
        reporter.warning(
            path, f"{_name(invisible.group())} in {what} is invisible: text that looks the same can differ"
        )


def _what(path: KeyPath, is_key: bool) -> str:
    from .positions import dotted

    return "key" if is_key else f"'{dotted(path)}'"


def _name(char: str) -> str:
    code = ord(char)
    label = _CONTROL_NAMES.get(code) or _BIDI_NAMES.get(code) or unicodedata.name(char, "")
    return f"U+{code:04X}" + (f" ({label})" if label else "")


_BIDI_NAMES = {
    0x061C: "ARABIC LETTER MARK", 0x200E: "LEFT-TO-RIGHT MARK", 0x200F: "RIGHT-TO-LEFT MARK",
    0x202A: "LEFT-TO-RIGHT EMBEDDING", 0x202B: "RIGHT-TO-LEFT EMBEDDING", 0x202C: "POP DIRECTIONAL FORMATTING",
    0x202D: "LEFT-TO-RIGHT OVERRIDE", 0x202E: "RIGHT-TO-LEFT OVERRIDE", 0x2066: "LEFT-TO-RIGHT ISOLATE",
    0x2067: "RIGHT-TO-LEFT ISOLATE", 0x2068: "FIRST STRONG ISOLATE", 0x2069: "POP DIRECTIONAL ISOLATE",
}  # fmt: skip


def text_position(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and byte column of a character offset in ``text`` (see :mod:`.positions`)."""
    from .columns import convert_column

    start = text.rfind("\n", 0, offset) + 1
    line = text.count("\n", 0, start) + 1
    return line, convert_column(text[start:offset], offset - start, "character", "utf-8") + 1


def _line_start(text: str, line: int) -> int:
    start = 0
    for _ in range(line - 1):
        start = text.find("\n", start) + 1
        if start == 0:
            return len(text)
    return start
