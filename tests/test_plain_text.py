"""Tree Markdown as plain text for ``ask``: what a screen reader should read aloud, markers gone."""

from __future__ import annotations

import subprocess
import sys

from builders import WALK_TREE
from twitchtree.model.export import summary
from twitchtree.model.load import load_tree
from twitchtree.model.plain_text import plain
from twitchtree.model.walk import Walk


def test_emphasis_markers_go_and_bullets_stay_one_per_line():
    markdown = (
        "- **Sight or bladder:** sudden loss of sight, or *cannot* pass urine\n"
        "- __Hands or feet__ locking, with a _tingling_ mouth\n"
    )
    assert plain(markdown) == (
        "- Sight or bladder: sudden loss of sight, or cannot pass urine\n- Hands or feet locking, with a tingling mouth"
    )


def test_a_paragraph_then_a_list_then_a_paragraph_are_separated_by_blank_lines():
    markdown = "Any of these,\nnow or **recently**?\n\n- one\n- two\n\nIf unsure, say *Not sure*."
    assert plain(markdown) == "Any of these, now or recently?\n\n- one\n- two\n\nIf unsure, say Not sure."


def test_numbered_and_nested_lists_keep_their_numbers_and_indent():
    markdown = "3. Call **now**.\n4. Then:\n   - lay them on their side\n   - note the time\n"
    assert plain(markdown) == "3. Call now.\n4. Then:\n  - lay them on their side\n  - note the time"


def test_links_read_as_text_then_address_and_a_bare_address_once():
    markdown = "See [the NHS page](https://www.nhs.uk/cramp/) or <https://example.org/a>, mail <help@example.org>."
    assert plain(markdown) == (
        "See the NHS page (https://www.nhs.uk/cramp/) or https://example.org/a, mail help@example.org."
    )


def test_escapes_code_strikethrough_images_headings_and_breaks_are_text():
    markdown = "# Before you call\n\nA \\*literal\\* star, `code`, ~~old~~ ![a calf](calf.png), a line  \nbreak."
    assert plain(markdown) == "Before you call\n\nA *literal* star, code, old a calf, a line\nbreak."


def test_a_loose_list_keeps_its_blank_lines_and_text_in_brackets_is_content():
    assert plain("- one\n\n- two [b]x[/b]\n") == "- one\n\n- two [b]x[/b]"


def test_plain_text_stays_as_it_is():
    assert plain("Has it lasted more than two weeks?") == "Has it lasted more than two weeks?"
    assert plain("") == ""


def test_a_rule_in_the_markdown_is_not_read_out_as_dashes():
    assert plain("Rest the muscle.\n\n---\n\nStretch it gently.") == "Rest the muscle.\n\nStretch it gently."


def test_the_plain_summary_has_no_rule_before_the_disclaimer(write_toml):
    walk = Walk(load_tree(write_toml("walk.toml", WALK_TREE, dedent=False)))
    for label in ("No", "No"):
        walk.answer(label)

    text = summary(walk, markdown=False)

    assert [line for line in text.splitlines() if line and not line.strip("-*_ ")] == []  # no line of rule marks
    assert text.endswith(f"Sources\n\n- S\n\n{walk.tree.disclaimer}\n")  # a blank line sets it apart
    assert f"---\n\n_{walk.tree.disclaimer}_" in summary(walk)  # the Markdown export keeps its rule


def test_the_converter_does_not_import_textual():
    code = "import sys, twitchtree.model.plain_text as m; m.plain('- **x**'); print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
