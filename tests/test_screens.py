"""The screening guarantee: `screens` on a question, and the check that no path skips it."""

from __future__ import annotations

import json
import re

import pytest

from builders import screened_chain
from twitchtree.model.check import check_file
from twitchtree.model.load import load_tree

HEADER = """\
format = 1
id = "screened"
title = "Screened"
start = "{start}"

[sources.src]
title = "S"
"""


def _tree(start: str, nodes: dict[str, tuple]) -> str:
    """A tree from ``{id: ("q", text, [(label, next), ...], screens)}`` or ``{id: ("o", urgency)}``."""
    lines = [HEADER.format(start=start)]
    for node_id, spec in nodes.items():
        lines.append(f"[nodes.{node_id}]")
        if spec[0] == "q":
            _, text, answers, screens = spec
            lines.append(f'type = "question"\ntext = "{text}"\nsources = ["src"]')
            if screens:
                lines.append(f'screens = "{screens}"')
            inline = ", ".join(f'{{ label = "{label}", next = "{target}" }}' for label, target in answers)
            lines.append(f"answers = [{inline}]")
        else:
            lines.append(f'type = "outcome"\nurgency = "{spec[1]}"\ntitle = "T"\ntext = "X"\nsources = ["src"]')
        lines.append("")
    return "\n".join(lines)


def _line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


NOT_SURE = {
    "where": (
        "q",
        "Where is it?",
        [("Yes", "emergency-signs"), ("No", "emergency-signs"), ("Not sure", "breathing")],
        None,
    ),
    "breathing": (
        "q",
        "Any trouble breathing?",
        [("Yes", "call-now"), ("No", "emergency-signs"), ("Not sure", "see-gp-soon")],
        None,
    ),
    "emergency-signs": ("q", "Any of these signs?", [("Yes", "call-now"), ("No", "see-gp-soon")], "emergency"),
    "call-now": ("o", "emergency"),
    "see-gp-soon": ("o", "soon"),
}


def test_a_not_sure_answer_that_skips_the_screen_is_an_error_at_that_answer(write_toml):
    text = _tree("where", NOT_SURE)
    path = write_toml("screened.toml", text)
    (diagnostic,) = check_file(path)
    line = _line_of(text, '{ label = "Not sure", next = "see-gp-soon" }')
    assert diagnostic.severity == "error"
    assert diagnostic.line == line
    assert diagnostic.message == (
        "answer 'Not sure' of 'breathing' skips the emergency screen ('emergency-signs'): it can lead to "
        "'see-gp-soon' (soon) without asking it, e.g. where → Not sure, breathing → Not sure"
    )
    with pytest.raises(Exception, match="skips the emergency screen"):
        load_tree(path, use_cache=False)


def test_passing_the_screen_first_is_clean_and_outcomes_more_urgent_than_the_screen_may_come_before_it(write_toml):
    nodes = dict(NOT_SURE)
    nodes["breathing"] = ("q", "Any trouble breathing?", [("Yes", "call-now"), ("No", "emergency-signs"),
                                                           ("Not sure", "emergency-signs")], None)  # fmt: skip
    assert check_file(write_toml("screened.toml", _tree("where", nodes))) == []


def test_a_skip_through_a_shared_sub_tree_is_reported_once_at_the_shared_answer(write_toml):
    """A diamond: both answers of 'first' lead to 'mid', whose "No" skips the screen."""
    nodes = {
        "first": ("q", "Left or right?", [("Left", "mid"), ("Right", "mid")], None),
        "mid": ("q", "Is it bad?", [("Yes", "screen"), ("No", "home")], None),
        "screen": ("q", "Any trouble breathing?", [("Yes", "now"), ("No", "home")], "emergency"),
        "now": ("o", "emergency"),
        "home": ("o", "self-care"),
    }
    text = _tree("first", nodes)
    (diagnostic,) = check_file(write_toml("screened.toml", text))
    assert diagnostic.line == _line_of(text, '{ label = "Yes", next = "screen" }, { label = "No", next = "home" }')
    assert diagnostic.message.startswith("answer 'No' of 'mid' skips the emergency screen ('screen'): ")
    assert diagnostic.message.endswith("'home' (self-care) without asking it, e.g. first → Left, mid → No")


def test_a_sub_tree_that_cannot_reach_the_screen_is_reported_at_each_answer_that_enters_it(write_toml):
    nodes = {
        "first": ("q", "Left or right?", [("Left", "a"), ("Right", "b")], None),
        "a": ("q", "A?", [("Yes", "screen"), ("No", "shared")], None),
        "b": ("q", "B?", [("Yes", "screen"), ("No", "shared")], None),
        "shared": ("q", "Shared?", [("Yes", "home"), ("No", "home")], None),
        "screen": ("q", "Breathing?", [("Yes", "now"), ("No", "home")], "emergency"),
        "now": ("o", "emergency"),
        "home": ("o", "routine"),
    }
    messages = [d.message for d in check_file(write_toml("screened.toml", _tree("first", nodes)))]
    assert [m.split(" skips")[0] for m in messages] == ["answer 'No' of 'a'", "answer 'No' of 'b'"]
    assert messages[1].endswith("e.g. first → Right, b → No, shared → Yes")


def test_several_questions_may_screen_the_same_level_in_different_branches(write_toml):
    nodes = {
        "first": ("q", "Child?", [("Yes", "child-screen"), ("No", "adult-screen")], None),
        "child-screen": ("q", "Floppy?", [("Yes", "now"), ("No", "home")], "urgent"),
        "adult-screen": ("q", "Weak?", [("Yes", "now"), ("No", "home")], "urgent"),
        "now": ("o", "urgent"),
        "home": ("o", "self-care"),
    }
    assert check_file(write_toml("screened.toml", _tree("first", nodes))) == []
    nodes["adult-screen"] = ("q", "Weak?", [("Yes", "now"), ("No", "home")], None)
    (diagnostic,) = check_file(write_toml("screened.toml", _tree("first", nodes)))
    assert "answer 'No' of 'first' skips the urgent screen ('child-screen'): it can lead to 'home'" in (
        diagnostic.message
    )


def test_each_screened_level_is_checked_on_its_own(write_toml):
    """An urgent screen asked before the emergency one still lets an urgent outcome skip the emergency screen."""
    nodes = {
        "urgent-signs": ("q", "Spreading?", [("Yes", "see-doctor"), ("No", "emergency-signs")], "urgent"),
        "emergency-signs": ("q", "Breathing?", [("Yes", "now"), ("No", "home")], "emergency"),
        "now": ("o", "emergency"),
        "see-doctor": ("o", "urgent"),
        "home": ("o", "self-care"),
    }
    text = _tree("urgent-signs", nodes)
    diagnostics = check_file(write_toml("screened.toml", text))
    assert [d.message for d in diagnostics] == [
        "answer 'Yes' of 'urgent-signs' skips the emergency screen ('emergency-signs'): it can lead to "
        "'see-doctor' (urgent) without asking it, e.g. urgent-signs → Yes"
    ]
    assert diagnostics[0].line == _line_of(text, '{ label = "Yes", next = "see-doctor" }')


def test_a_start_that_can_never_reach_the_screen_is_reported_at_start(write_toml):
    nodes = {
        "first": ("q", "Bad?", [("Yes", "now"), ("No", "home")], None),
        "screen": ("q", "Breathing?", [("Yes", "now"), ("No", "home")], "emergency"),
        "now": ("o", "emergency"),
        "home": ("o", "routine"),
    }
    text = _tree("first", nodes)
    messages = [(d.severity, d.message) for d in check_file(write_toml("screened.toml", text))]
    assert ("error", "the start node 'first' skips the emergency screen ('screen'): it can lead to 'home' "
            "(routine) without asking it, e.g. first → No") in messages  # fmt: skip


def test_a_ten_thousand_node_tree_gets_the_one_error_at_the_skipping_answer(write_toml):
    text = screened_chain(10_000, skip_at=7_000)
    path = write_toml("big.toml", text, dedent=False)
    (diagnostic,) = check_file(path)
    assert diagnostic.line == _line_of(text, "[nodes.q7000]") + 4
    assert diagnostic.message.startswith("answer 'No' of 'q7000' skips the emergency screen ('screen'): ")
    # The example path is cut short around "…": its first and last steps, never all 7,001.
    example = diagnostic.message.split("e.g. ")[1]
    first, last = "q0 → Yes, q1 → Yes, q2 → Yes, q3 → Yes", "q6996 → Yes, q6997 → Yes, q6998 → Yes, q6999 → Yes"
    assert example == f"{first}, …, {last}, q7000 → No"
    assert check_file(write_toml("clean.toml", screened_chain(10_000), dedent=False)) == []


def test_only_a_question_may_screen(write_toml, make_tree):
    bad = make_tree().replace('urgency = "urgent"\n', 'urgency = "urgent"\nscreens = "urgent"\n')
    messages = [d.message for d in check_file(write_toml("demo.toml", bad, dedent=False))]
    assert messages == ["unknown key 'screens' in [nodes.see-doctor]"]
    wrong = make_tree().replace('text = "Is it bad?"\n', 'text = "Is it bad?"\nscreens = "soon-ish"\n')
    messages = [d.message for d in check_file(write_toml("demo.toml", wrong, dedent=False))]
    assert len(messages) == 1 and "'nodes.first.screens' must be one of" in messages[0]


def test_show_and_the_json_export_mark_screening_questions(write_toml, run_cli):
    path = write_toml("screened.toml", screened_chain(2))
    shown = run_cli("show", path)
    assert shown.code == 0
    assert "No → screen [screens emergency]: Any trouble breathing?" in shown.out
    assert not re.search(r"q0 \[screens", shown.out)
    exported = json.loads(run_cli("export", path, "--format", "json").out)
    screens = {n["id"]: n.get("screens") for n in exported["nodes"]}
    assert screens == {"q0": None, "q1": None, "screen": "emergency", "now": None, "end": None}


def test_the_schema_describes_screens(run_cli):
    schema = json.loads(run_cli("schema").out)
    screens = schema["$defs"]["Question"]["properties"]["screens"]
    assert "signs" in screens["description"]
    assert "screens" not in schema["$defs"]["Outcome"]["properties"]
    assert load_tree  # the loader is what the other tests drive
