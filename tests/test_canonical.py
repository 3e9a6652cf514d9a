"""The canonical form, and what `fmt` counts as a difference from it: never an author's comments."""

from __future__ import annotations

import tomllib

import pytest

from twitchtree.model.canonical import canonical, first_difference

LIBRARY = '''\
format = 1

[conditions.als]
name = "ALS # not a comment"
aliases = [
  "it's # no comment",
  "motor neuron disease, which is the name most used in the United Kingdom",
]
summary = "One # line."
notes = """
# not a comment: a Markdown heading
Text.
"""
'''


MND = "motor neuron disease, which is the name most used in the United Kingdom"
INLINE = f'["it\'s # no comment", "{MND}"]'


def test_the_fixture_is_canonical():
    assert canonical(tomllib.loads(LIBRARY), "library") == LIBRARY


@pytest.mark.parametrize(
    "text",
    [
        LIBRARY,
        "# a header\n" + LIBRARY,
        "# a header\n\n# after a blank line\n\n" + LIBRARY,
        LIBRARY.replace("format = 1\n", "format = 1  # the format's version\n"),
        LIBRARY.replace("format = 1\n", "format = 1# close up\n"),
        LIBRARY.replace("\n[conditions.als]", "\n# the conditions\n[conditions.als]"),
        LIBRARY.replace("\n[conditions.als]", "\n\n\n# spaced out\n\n[conditions.als]"),
        LIBRARY.replace("\n\n[conditions.als]", "\n# no blank line now\n[conditions.als]"),
        LIBRARY.replace("[conditions.als]\n", "[conditions.als]  # ALS\n"),
        LIBRARY.replace('  "motor', '  # between items\n  "motor'),
        LIBRARY.replace('Kingdom",\n', 'Kingdom", # the last\n'),
        LIBRARY.replace("aliases = [\n", "aliases = [ # other names\n"),
        LIBRARY + "# the end\n",
        LIBRARY + "\n# the end, no newline",
        LIBRARY.replace('Text.\n"""\n', 'Text.\n""" # after a multi-line string\n'),
    ],
)
def test_a_text_canonical_apart_from_its_comments_has_no_difference(text):
    assert tomllib.loads(text) == tomllib.loads(LIBRARY)
    assert first_difference(text, LIBRARY) is None


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (LIBRARY.replace("format = 1\n", "format = 1 \n"), 1),  # a trailing space, with no comment after it
        (LIBRARY.replace("format = 1\n", "format   =   1  # spaced\n"), 1),
        ("# a header\n" + LIBRARY.replace("\n\n[conditions", "\n\n\n[conditions"), 4),  # a blank line, no comment
        ("# a header\n" + LIBRARY.replace("\n\n[conditions", "\n[conditions"), 3),
        (LIBRARY.replace(f'[\n  "it\'s # no comment",\n  "{MND}",\n]', INLINE + "  # inline"), 5),
        (LIBRARY.replace('"One # line."', "'One # line.'  # literal strings are not canonical"), 9),
        (LIBRARY.replace('summary = "One # line."\n', '# the summary\nsummary = "One # line."\n'), None),
        (LIBRARY.replace("# not a comment: a Markdown heading", "not a comment: a Markdown heading"), 11),
        ("# a header\n" + LIBRARY + "\n", 15),  # a blank line at the end
        ("# a header\n" + LIBRARY[:-1], 14),  # no newline at the end
        (LIBRARY.replace("Text.\n", "Text.\nMore.\n"), 13),
        (LIBRARY.replace('name = "ALS # not a comment"\n', ""), 4),
        (LIBRARY + 'extra = "x"\n', 14),
    ],
)  # fmt: skip
def test_any_other_difference_is_found_at_its_line(text, line):
    assert first_difference(text, LIBRARY) == line


def test_a_file_without_comments_differs_wherever_its_text_does():
    assert first_difference(LIBRARY, LIBRARY) is None
    assert first_difference(LIBRARY.replace("\n\n", "\n"), LIBRARY) == 2
    assert first_difference("format=1\n", "format = 1\n") == 1


# -- the layout: what a hand-written file in the format's own style already has --------------------------


def _tree(**extra: object) -> dict[str, object]:
    answers = [{"label": "Yes", "next": "out"}, {"label": "No", "next": "out"}]
    question = {"type": "question", "text": "Q?", "answers": answers} | extra
    outcome = {"type": "outcome", "urgency": "routine", "title": "T", "text": "X"}
    return {"format": 1, "id": "t", "title": "T", "start": "q", "nodes": {"q": question, "out": outcome}}


def _lines_of(text: str, key: str) -> list[str]:
    lines = text.split("\n")
    start = next(n for n, line in enumerate(lines) if line.startswith(f"{key} = "))
    end = start if not lines[start].endswith("[") else lines.index("]", start)
    return lines[start : end + 1]


def test_an_array_that_fits_in_100_characters_is_written_on_one_line():
    fits = ["a" * 41, "b" * 41]  # sources = ["a…", "b…"]: 11 + 43 + 2 + 43 + 1 = 100
    text = canonical(_tree(sources=fits), "tree")
    assert _lines_of(text, "sources") == [f'sources = ["{"a" * 41}", "{"b" * 41}"]']
    assert tomllib.loads(text)["nodes"]["q"]["sources"] == fits


def test_an_array_too_wide_for_one_line_has_a_value_a_line():
    wide = ["a" * 41, "b" * 42]
    assert _lines_of(canonical(_tree(sources=wide), "tree"), "sources") == [
        "sources = [",
        f'  "{"a" * 41}",',
        f'  "{"b" * 42}",',
        "]",
    ]


def test_an_array_of_multi_line_strings_has_a_value_a_line():
    text = canonical(_tree(help="x", sources=["s"]) | {"authors": ["Ann", "Bob\nJones"]}, "tree")
    assert 'authors = [\n  "Ann",\n  """\nBob\nJones""",\n]' in text
    assert tomllib.loads(text)["authors"] == ["Ann", "Bob\nJones"]


def test_answers_are_tables_indented_under_their_question_however_short():
    text = canonical(_tree(), "tree")
    question = '[nodes.q]\ntype = "question"\ntext = "Q?"\n'
    assert question + '\n  [[nodes.q.answers]]\n  label = "Yes"\n  next = "out"\n\n  [[nodes.q.answers]]\n' in text
    assert "\n[nodes.out]\n" in text


def test_an_answer_s_multi_line_text_is_not_indented():
    data = _tree()
    data["nodes"]["q"]["answers"][0]["why"] = "First line.\n  indented in the text\n[not a table]\n"  # type: ignore[index]
    text = canonical(data, "tree")
    assert '  why = """\nFirst line.\n  indented in the text\n[not a table]\n"""\n' in text
    assert tomllib.loads(text) == data
    assert canonical(tomllib.loads(text), "tree") == text


def test_a_case_s_tables_are_indented_under_it():
    case = {"id": "c", "title": "C", "patient": "P.", "answers": {"q": "Yes"}}
    case["expect"] = {"outcome": "out", "urgency": "routine", "must_ask": ["q"]}
    text = canonical({"format": 1, "tree": "t", "cases": [case, case]}, "cases")
    one = '[[cases]]\nid = "c"\ntitle = "C"\npatient = "P."\n\n  [cases.answers]\n  q = "Yes"\n\n  [cases.expect]\n'
    assert text.count(one + '  outcome = "out"\n  urgency = "routine"\n  must_ask = ["q"]\n') == 2


@pytest.mark.parametrize(
    ("written", "text"),
    [
        ('Say "yes".\n', 'Say "yes".\n'),
        ('Two ""quotes"" together.\n', 'Two \\"\\"quotes\\"\\" together.\n'),
        ('A line.\nEnds with a "quote"', 'A line.\nEnds with a \\"quote\\"'),
        ('A \\ backslash and a "quote".\n', 'A \\\\ backslash and a "quote".\n'),
        ('A backslash before a quote: \\".\n', 'A backslash before a quote: \\\\".\n'),
    ],
)
def test_quotation_marks_in_a_multi_line_string_need_no_backslash_unless_two_are_together(written, text):
    data = _tree(help=written)
    canonical_text = canonical(data, "tree")
    assert f'help = """\n{text}"""\n' in canonical_text
    assert tomllib.loads(canonical_text) == data
