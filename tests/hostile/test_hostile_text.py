"""The one escaping function for the terminal, and the one way labels and names are compared."""

from __future__ import annotations

import sys
import unicodedata

import pytest

from twitchtree.model.text import fold, printable

ESCAPED = ("Cc", "Cf", "Zl", "Zp", "Cs")
"""Unicode categories that never reach a terminal as themselves: controls, format characters, separators."""


def test_every_control_format_and_separator_character_is_escaped():
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if unicodedata.category(char) in ESCAPED and char != "\t":
            shown = printable(f"a{char}b")
            assert char not in shown, hex(code)
            assert shown.isascii() and shown.isprintable(), hex(code)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("\x1b]0;owned\x07", "\\u001b]0;owned\\u0007"),
        ("\x9b2J", "\\u009b2J"),
        ("a\nb\rc\td", "a\\u000ab\\u000dc\td"),
        ("Yes\u200b", "Yes\\u200b"),
        ("\u202eevil", "\\u202eevil"),
        ("tag\U000e0041", "tag\\U000e0041"),
        ("caf\udce9.toml", "caf\\xe9.toml"),  # a file name whose bytes are Latin-1, as os.fsdecode gives it
        ("Émilie, 東京, ⚠️", "Émilie, 東京, ⚠️"),
        (None, ""),
    ],
)
def test_printable(text, shown):
    assert printable(text) == shown


def test_multiline_text_keeps_its_line_breaks_and_nothing_else():
    assert printable("one\ntwo\x1b[2J\u2028", multiline=True) == "one\ntwo\\u001b[2J\\u2028"


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Yes", "Yes\u200b"),
        ("Yes", "Y\u2060es"),
        ("Yes", "\ufeffyes"),
        ("Yes", "Ｙｅｓ"),  # full-width
        ("fine", "ﬁne"),  # a ligature
        ("Not sure", "not  sure"),
        ("Yes", "Yes\U000e0079\U000e0065\U000e0073"),  # tag characters
        ("Yes", "\u202eYes"),
    ],
)
def test_text_that_looks_the_same_folds_the_same(one, other):
    assert fold(one) == fold(other)


def test_text_that_looks_different_folds_differently():
    assert fold("Yes") != fold("No")
    assert fold("Yes") != fold("Yés")
