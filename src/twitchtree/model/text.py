"""Text from files, databases, stdin and file names: shown safely, compared fairly.

:func:`printable` is the one escaping function for every string that reaches
a terminal (diagnostics, file names, tree text printed by ``show`` and
``ask``, report tables): control, format, line-separator and bidirectional
characters become ``\\uXXXX`` escapes, so nothing from a file can drive the
terminal, break the one-line diagnostic form or reorder what is shown.

:func:`fold` is how answer labels and condition names are compared, so that
text that looks the same is the same: NFKC, case folded, invisible characters
removed, runs of spaces made one. This module imports nothing from Textual.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
"""Bidirectional marks, embeddings, overrides and isolates: they can make text read differently."""

INVISIBLE = (
    "\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200d\u2028\u2029\u2060-\u2064\u206a-\u206f"
    "\u3164\ufeff\uffa0\U000e0000-\U000e007f"
)
"""Characters that show as nothing (zero-width, joiners, fillers, tags, line and paragraph separators)."""

_FORMAT = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e007f"
)
"""Every format character (Unicode category Cf), the tag block included."""

_UNSAFE = f"\x00-\x08\x0a-\x1f\x7f-\x9f{_FORMAT}\u2028\u2029\ud800-\udfff"
_UNSAFE_MULTILINE = f"\x00-\x08\x0b-\x1f\x7f-\x9f{_FORMAT}\u2028\u2029\ud800-\udfff"
_IGNORED = f"{INVISIBLE}{BIDI}\ufe00-\ufe0f"
"""What :func:`fold` removes: invisible and bidi characters, and variation selectors."""


@cache
def character_class(characters: str) -> re.Pattern[str]:
    """The regular expression ``[characters]``, compiled when first used.

    Classes with these many ranges take about a millisecond each to compile: compiled at
    import, they would all add to every start-up, whether the text shown needs them or not.
    """
    return re.compile(f"[{characters}]")


def printable(text: str | None, *, multiline: bool = False) -> str:
    """``text`` with every character that could drive a terminal or hide itself written as an escape.

    Control characters (tab excepted; newline too when ``multiline``), format
    characters (bidi, zero-width, tags), line and paragraph separators become
    ``\\u001b``-style escapes; bytes of a file name that are not UTF-8 (held
    as surrogates) become ``\\xff``. None becomes "".
    """
    if not text:
        return ""
    if text.isascii() and text.isprintable():
        return text  # the usual case: nothing to escape
    return character_class(_UNSAFE_MULTILINE if multiline else _UNSAFE).sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that os.fsdecode could not decode (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def fold(text: str) -> str:
    """The form two texts are compared in: they look alike exactly when their folds are equal."""
    text = unicodedata.normalize("NFKC", character_class(_IGNORED).sub("", text))
    return " ".join(unicodedata.normalize("NFKC", text.casefold()).split())
