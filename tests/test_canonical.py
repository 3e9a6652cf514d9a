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
  "motor neuron disease",
]
summary = "One # line."
notes = """
# not a comment: a Markdown heading
Text.
"""
'''


INLINE = '["it\'s # no comment", "motor neuron disease"]'


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
        LIBRARY.replace('disease",\n', 'disease", # the last\n'),
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
        (LIBRARY.replace('[\n  "it\'s # no comment",\n  "motor neuron disease",\n]', INLINE + "  # inline"), 5),
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
