"""The Locator: where each key path of a TOML text is, the line and column behind every diagnostic."""

from __future__ import annotations

import re
import tomllib

import pytest

from builders import WALK_TREE
from twitchtree.model import positions
from twitchtree.model.positions import Locator, comments

DOCUMENT = '''\
format = 1
"quoted key" = 1
'literal.key' = 2
a.b."c.d" = 3
inline = { x = 1, y = { z = [10, 20] } }
notes = """
a "quoted" word, a # that is no comment, and \\""" an escaped delimiter
"""
raw = \'\'\'
# not a comment either ''
\'\'\'

[ nodes . "q 1" ]
type = "question"

  [[nodes."q 1".answers]]
  label = "Yes"

  [[nodes."q 1".answers]]
  label = "No"
  next = "end"

[[cases]]
id = "one"
answers = { "q 1" = "Yes", other = "No" }

  [cases.expect]
  outcome = "end"

[[cases]]
id = "two"

  [cases.expect]
  outcome = "elsewhere"
  must_ask = [
    "q 1",
    "q 2",
  ]
'''


@pytest.fixture(scope="module")
def locator() -> Locator:
    tomllib.loads(DOCUMENT)  # the fixture itself must be valid TOML
    return Locator(DOCUMENT)


@pytest.mark.parametrize(
    ("key", "position"),
    [
        (("format",), (1, 1)),
        (("quoted key",), (2, 1)),
        (("literal.key",), (3, 1)),
        (("a", "b", "c.d"), (4, 1)),
        (("inline", "y"), (5, 19)),
        (("inline", "y", "z"), (5, 25)),
        (("inline", "y", "z", 1), (5, 34)),
        (("notes",), (6, 1)),
        (("raw",), (9, 1)),
        (("nodes", "q 1"), (13, 1)),
        (("nodes", "q 1", "type"), (14, 1)),
        (("nodes", "q 1", "answers"), (16, 3)),
        (("nodes", "q 1", "answers", 0), (16, 3)),
        (("nodes", "q 1", "answers", 0, "label"), (17, 3)),
        (("nodes", "q 1", "answers", 1), (19, 3)),
        (("nodes", "q 1", "answers", 1, "next"), (21, 3)),
        (("cases", 0), (23, 1)),
        (("cases", 0, "answers", "q 1"), (25, 13)),
        (("cases", 0, "answers", "other"), (25, 28)),
        (("cases", 0, "expect"), (27, 3)),
        (("cases", 0, "expect", "outcome"), (28, 3)),
        (("cases", 1), (30, 1)),
        (("cases", 1, "id"), (31, 1)),
        (("cases", 1, "expect"), (33, 3)),
        (("cases", 1, "expect", "outcome"), (34, 3)),
        (("cases", 1, "expect", "must_ask", 1), (37, 5)),
    ],
)
def test_key_positions(locator, key, position):
    assert locator.find(key) == position


@pytest.mark.parametrize(
    ("key", "position"),
    [
        (("nodes", "q 1", "answers", 1, "why"), (19, 3)),  # missing key: its table's header
        (("nodes", "q 1", "help"), (13, 1)),
        (("cases", 1, "expect", "urgency"), (33, 3)),  # the second case's [cases.expect], not the first
        (("cases", 1, "answers", "q 1"), (30, 1)),
        (("nowhere", "at", "all"), (1, 1)),
        ((), (1, 1)),
    ],
)
def test_missing_keys_fall_back_to_the_nearest_enclosing_table(locator, key, position):
    assert locator.find(key) == position


def test_comments_are_found_outside_strings_only():
    text = 'a = "#"  # one\nb = """\n# in a string\n"""\n# two\nc = [\n  1, # three\n]\n'
    locator = Locator(text)
    assert locator.has_comments()
    assert [locator.line_col(offset) for offset in locator.comments] == [(1, 10), (5, 1), (7, 6)]


@pytest.mark.parametrize(
    "text",
    [
        'a = "# not a comment"\n',
        "a = '# not a comment'\n",
        'a = """\n# not a comment\n"""\n',
        "a = '''\n# not a comment\n'''\n",
        '"#" = 1\n',
        'a = """ends in quotes"""""\nb = "#"\n',
        DOCUMENT.replace("# that is no comment", "that is no comment").replace("# not a comment either", "x"),
    ],
)
def test_hash_inside_strings_or_keys_is_not_a_comment(text):
    tomllib.loads(text)
    assert not comments(text)


@pytest.mark.parametrize(
    "text", ["# header\na = 1\n", "a = 1 # trailing\n", "[t] # after a header\n", "a = [\n# inside\n1]\n"]
)
def test_comments_are_detected(text):
    tomllib.loads(text)
    assert comments(text)


@pytest.mark.parametrize(
    "text", ["[[[", 'a = "unterminated', "a = { b = ", "= 1", "a = '''\nnever closed", "[a\nb = 1"]
)
def test_text_it_cannot_follow_never_raises(text):
    locator = Locator(text)
    line, col = locator.find(("a", "b"))
    assert 1 <= line <= text.count("\n") + 1
    assert 1 <= col <= len(text.splitlines()[line - 1]) + 1
    assert locator.has_comments() is False


def test_keys_after_a_multiline_string_with_quotes_keep_their_lines():
    text = 'title = """say "hi" # not a comment\n"""" \nafter = 1\n'
    assert tomllib.loads(text)["title"] == 'say "hi" # not a comment\n"'
    assert Locator(text).find(("after",)) == (3, 1)
    assert not comments(text)


# -- columns and the editor's view of a text ---------------------------------------------------

from twitchtree.model.columns import convert_column  # noqa: E402
from twitchtree.model.positions import Syntax  # noqa: E402


@pytest.mark.parametrize(
    ("line", "chars", "utf8", "utf16"),
    [
        ("plain ascii", 5, 5, 5),
        ("é = 1", 1, 2, 1),
        ("Très fatigué = 1", 12, 14, 12),
        ("😀x", 1, 4, 2),
        ("a😀b😀c", 4, 10, 6),
    ],
)
def test_one_function_converts_columns_between_code_points_bytes_and_utf16(line, chars, utf8, utf16):
    assert convert_column(line, chars, "character", "utf-8") == utf8
    assert convert_column(line, chars, "character", "utf-16") == utf16
    assert convert_column(line, utf8, "utf-8", "character") == chars
    assert convert_column(line, utf16, "utf-16", "character") == chars
    assert convert_column(line, utf16, "utf-16", "utf-8") == utf8
    assert convert_column(line, 999, "utf-16", "character") == len(line)  # past the end: clamped


def test_a_diagnostic_column_counts_bytes(tmp_path):
    from twitchtree.model.check import check_file

    path = tmp_path / "t.toml"
    for prefix in (
        'sources = { s = { title = "S", ',
        'sources = { s = { title = "Été", ',
        'sources = { s = { title = "😀", ',
    ):
        path.write_text(f'format = 1\nid = "t"\ntitle = "T"\nstart = "a"\n{prefix}lnk = "o" }} }}\n', encoding="utf-8")
        located = [(d.line, d.col) for d in check_file(path) if "unknown key 'lnk'" in d.message]
        assert located == [(5, len(prefix.encode()) + 1)], prefix


HALF_TYPED = """\
format = 1
[nodes.q1]
type = "question"
text = "Is it \\"bad\\"?"
  [[nodes.q1.answers]]
  label = "Yes"
  next =
  [[nodes.q1.answers]]
  label = "No"
  next = "q2"
[nodes.q2]
answers = [{ label = "x", next = "q1" }]  # a comment
"""


def test_syntax_keeps_every_span_of_a_half_typed_text():
    syntax = Syntax(HALF_TYPED)
    text = syntax.text
    assert [text[s.start : s.end] for s in syntax.key_spans(("nodes", "q1"))] == ["q1", "q1", "q1"]
    assert syntax.string(("nodes", "q1", "text")) == 'Is it "bad"?'
    assert syntax.string(("nodes", "q1", "answers", 1, "next")) == "q2"  # found past the line it cannot follow
    assert ("nodes", "q1", "answers", 0, "next") not in syntax.values
    assert [k.path for k in syntax.keys if k.path[-1] == "next"] == [
        ("nodes", "q1", "answers", 0, "next"),
        ("nodes", "q1", "answers", 1, "next"),
        ("nodes", "q2", "answers", 0, "next"),
    ]
    inline = syntax.values[("nodes", "q2", "answers", 0, "next")]
    assert text[inline.start : inline.end] == '"q1"'
    assert syntax.table_at(text.index('label = "No"')) == ("nodes", "q1", "answers", 1)
    assert syntax.table_at(0) == ()
    assert [text[c : c + 11] for c in syntax.comments] == ["# a comment"]


def _scan(text: str) -> tuple[object, ...]:
    syntax, locator = Syntax(text), Locator(text)
    locator.has_comments()  # scans to the end
    return syntax.keys, syntax.values, syntax.tables, syntax.comments, locator._index, locator.comments


@pytest.mark.parametrize(
    "text",
    [
        DOCUMENT,
        HALF_TYPED,
        WALK_TREE,
        'a = """\nb = 1\n"""\nc="x" # c\nd = 1_000 , e\nf = "a\\"b"\ng = \'\'\'x\'\'\'\nh = "y""\ni = -1.5e3\n',
        'k =\n"v"\nk2 = \t "v" \t\nk3 = [1]\nk4 = {x = "y"}\nk5 = 2026-12-01T10:00:00 # when\n[t]\n  k6 = true',
    ],
)
def test_a_plain_key_and_value_read_in_one_match_has_the_spans_of_the_general_way(text, monkeypatch):
    fast = _scan(text)
    monkeypatch.setattr(positions, "_SIMPLE", re.compile("(?!)"))  # never matches: every line the general way
    assert fast == _scan(text)
