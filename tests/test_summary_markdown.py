"""The exported summary is Markdown that renders as it reads: the "why" under its answer, the disclaimer in italics."""

from __future__ import annotations

from markdown_it import MarkdownIt

from builders import WALK_TREE
from twitchtree.model.export import summary
from twitchtree.model.load import load_tree
from twitchtree.model.walk import Walk


def test_the_why_is_a_list_under_its_step_and_a_two_line_disclaimer_stays_in_italics(write_toml):
    text = WALK_TREE.replace('start = "q1"', 'start = "q1"\ndisclaimer = """Learning only.\nNot advice."""')
    walk = Walk(load_tree(write_toml("walk.toml", text, dedent=False)))
    walk.answer("Yes")

    html = MarkdownIt().render(summary(walk))

    assert "<li>Is it spreading? <strong>Yes</strong>\n<ul>\n<li>Spreading needs a closer look.</li>" in html
    assert "<em>Learning only. Not advice.</em>" in html and "_" not in html
