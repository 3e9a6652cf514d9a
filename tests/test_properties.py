"""Property-based tests: random valid trees load, check clean, walk to an outcome and survive `fmt`.

``TWITCHTREE_FUZZ_EXAMPLES`` sets the number of examples (default 60, so CI
stays fast; ``make fuzz`` runs a long campaign).
"""

from __future__ import annotations

import json
import os
import tempfile
import tomllib
from pathlib import Path

import tomli_w
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from twitchtree.cli import main
from twitchtree.model.canonical import canonical, first_difference
from twitchtree.model.check import check_file
from twitchtree.model.export import to_json
from twitchtree.model.load import load_tree
from twitchtree.model.spec import URGENCY_ORDER
from twitchtree.model.text import fold
from twitchtree.model.walk import Walk

SETTINGS = settings(
    max_examples=int(os.environ.get("TWITCHTREE_FUZZ_EXAMPLES", 60)),
    deadline=None,
    # The autouse fixture's XDG folders may be shared by all examples of one test.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

IDS = st.from_regex(r"[a-z0-9][a-z0-9_-]{0,12}", fullmatch=True)
# Any text but control characters (errors) and surrogates (not UTF-8); tabs and newlines are fine. No text is empty.
TEXT = st.text(st.characters(exclude_categories=("Cc", "Cs"), include_characters="\t\n"), min_size=1, max_size=30)
LABEL = st.text(st.characters(exclude_categories=("Cc", "Cs"), include_characters="\t"), min_size=1, max_size=12)


def _fold(label: str) -> str:
    return label.strip().casefold()


@st.composite
def trees(draw) -> dict:
    """The data of a valid tree: a DAG whose questions (2–4 answers) only lead to later nodes."""
    n_questions = draw(st.integers(1, 6))
    n_outcomes = draw(st.integers(1, 5))
    ids = draw(st.lists(IDS, min_size=n_questions + n_outcomes, max_size=n_questions + n_outcomes, unique=True))
    questions, outcomes = ids[:n_questions], ids[n_questions:]
    conditions = draw(st.lists(IDS, max_size=2, unique=True))
    nodes: dict[str, dict] = {}
    for n, node_id in enumerate(questions):
        labels = draw(st.lists(LABEL, min_size=2, max_size=4, unique_by=fold))  # look-alike labels are duplicates
        answers = [{"label": label, "next": draw(st.sampled_from(ids[n + 1 :]))} for label in labels]
        for answer in answers:
            if draw(st.booleans()):
                answer["why"] = draw(TEXT)
        nodes[node_id] = {"type": "question", "text": draw(TEXT), "sources": ["src"], "answers": answers}
        if draw(st.booleans()):
            nodes[node_id]["help"] = draw(TEXT)
        if conditions and draw(st.booleans()):
            nodes[node_id]["conditions"] = draw(st.lists(st.sampled_from(conditions), min_size=1, unique=True))
    for node_id in outcomes:
        nodes[node_id] = {
            "type": "outcome",
            "urgency": draw(st.sampled_from(URGENCY_ORDER)),
            "title": draw(TEXT),
            "text": draw(TEXT),
            "red_flags": draw(st.lists(TEXT, max_size=2)),
            "sources": ["src"],
        }
    _mark_red_flags(draw, nodes, ids)
    data = {
        "format": 1,
        "id": draw(IDS),
        "title": draw(TEXT),
        "start": questions[0],
        "sources": {"src": {"title": draw(TEXT)}},
        "conditions": {c: {"name": draw(TEXT), "summary": draw(TEXT)} for c in conditions},
        "nodes": nodes,
    }
    if draw(st.booleans()):
        data["description"] = draw(TEXT)
    return data


def _mark_red_flags(draw, nodes: dict[str, dict], ids: list[str]) -> None:
    """Mark some answers as red flags: only those that can never end in self-care."""
    self_care: dict[str, bool] = {}
    for node_id in reversed(ids):  # answers only lead to later nodes
        node = nodes[node_id]
        if node["type"] == "outcome":
            self_care[node_id] = node["urgency"] == "self-care"
        else:
            self_care[node_id] = any(self_care[a["next"]] for a in node["answers"])
            for answer in node["answers"]:
                if not self_care[answer["next"]] and draw(st.booleans()):
                    answer["red_flag"] = True


def _write(folder: str, data: dict) -> Path:
    path = Path(folder) / "tree.toml"
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return path


@SETTINGS
@given(data=trees())
def test_generated_trees_load_and_check_without_errors(data):
    with tempfile.TemporaryDirectory() as folder:
        path = _write(folder, data)
        assert [str(d) for d in check_file(path) if d.is_error] == []
        tree = load_tree(path, use_cache=False)
    questions = sum(node["type"] == "question" for node in data["nodes"].values())
    assert (tree.stats.questions, tree.stats.outcomes) == (questions, len(data["nodes"]) - questions)
    assert tree.node_ids == list(data["nodes"])
    for node_id, node in data["nodes"].items():
        spec = tree.node(node_id)
        assert (spec.type, spec.text, spec.sources) == (node["type"], node["text"], tuple(node["sources"]))
        answers = [(a.label, a.next, a.why, a.red_flag) for a in getattr(spec, "answers", ())]
        expected = [(a["label"], a["next"], a.get("why"), a.get("red_flag", False)) for a in node.get("answers", ())]
        assert answers == expected
    exported = json.loads(to_json(tree))
    assert [node["id"] for node in exported["nodes"]] == list(data["nodes"])


@SETTINGS
@given(data=trees(), choices=st.data())
def test_every_walk_reaches_an_outcome(data, choices):
    with tempfile.TemporaryDirectory() as folder:
        tree = load_tree(_write(folder, data), use_cache=False)
    walk = Walk(tree)
    questions = sum(node["type"] == "question" for node in data["nodes"].values())
    for _ in range(questions):
        if walk.done:
            break
        answers = walk.question.answers
        n = choices.draw(st.integers(0, len(answers) - 1))
        if choices.draw(st.booleans()):
            walk.answer(n)
        else:  # by label, in another case and with extra space where that folds to the same
            label = answers[n].label
            variant = choices.draw(st.sampled_from([label, label.upper(), label.casefold(), f"  {label} "]))
            walk.answer(variant if _fold(variant) == _fold(label) else label)
            assert walk.node.via.label == label
    assert walk.done
    assert walk.outcome.urgency in URGENCY_ORDER
    assert [step.answer.next for step in walk.steps] == [node.id for node in walk.path[1:]]
    replay = Walk(tree)
    replay.follow(walk.answers)
    assert [node.id for node in replay.path] == [node.id for node in walk.path]


@SETTINGS
@given(data=trees(), choices=st.data())
def test_comments_added_to_a_canonical_file_are_never_a_difference(data, choices):
    """Whole-line and trailing comments, wherever they leave the data as it was (not inside a string)."""
    text = canonical(data, "tree")
    lines = text.split("\n")
    places = choices.draw(st.lists(st.integers(0, len(lines) - 1), min_size=1, max_size=6))
    for n in sorted(places, reverse=True):
        comment = choices.draw(st.sampled_from(["# why", "  # \"quoted\" and 'quoted' # twice", "#"]))
        if choices.draw(st.booleans()):
            lines[n] += " " + comment
        else:
            lines[n:n] = [comment] if choices.draw(st.booleans()) else ["", comment, ""]
    commented = "\n".join(lines)
    try:
        same = tomllib.loads(commented) == data
    except tomllib.TOMLDecodeError:
        same = False
    assume(same)
    assert first_difference(commented, text) is None


@SETTINGS
@given(data=trees())
def test_fmt_output_reparses_to_the_same_data_and_is_stable(data):
    with tempfile.TemporaryDirectory() as folder:
        path = _write(folder, data)
        assert main(["fmt", str(path)]) == 0
        once = path.read_bytes()
        assert tomllib.loads(once.decode("utf-8")) == data
        assert [d for d in check_file(path) if d.is_error] == []
        assert main(["fmt", str(path)]) == 0
        assert path.read_bytes() == once
        assert main(["fmt", "--check", str(path)]) == 0
