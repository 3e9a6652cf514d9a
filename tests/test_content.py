"""The bundled content: safe, complete, covered by cases, and written in our own words."""

from __future__ import annotations

from collections import deque
from pathlib import Path

import pytest

from content_shingles import FIXTURE, build, shingles
from twitchtree.model.cases import read_cases, run_case
from twitchtree.model.check import check_file
from twitchtree.model.load import load_tree
from twitchtree.model.spec import URGENCY_ORDER

ROOT = Path(__file__).resolve().parents[1]
TREES = ROOT / "trees"
TREE_IDS = ("muscle-twitching", "muscle-spasms")
SOURCES = ROOT.parent / "shared" / "sources"


@pytest.fixture(scope="module")
def trees():
    return {tree_id: load_tree(TREES / f"{tree_id}.toml", use_cache=False) for tree_id in TREE_IDS}


@pytest.fixture(scope="module")
def case_files():
    return [read_cases(path) for path in sorted((TREES / "cases").glob("*.toml"))]


def test_no_run_of_ten_words_from_the_sources_appears_in_trees():
    source_hashes = set(FIXTURE.read_text(encoding="utf-8").split())
    assert len(source_hashes) > 1000, "the source fixture looks truncated"
    copied = {}
    for path in sorted(TREES.rglob("*.toml")):
        for digest, run in shingles(path.read_text(encoding="utf-8")).items():
            if digest in source_hashes:
                copied.setdefault(path.name, []).append(run)
    assert not copied, f"runs of ten words copied from the sources: {copied}"


@pytest.mark.skipif(not SOURCES.is_dir(), reason="the source articles are not beside this checkout")
def test_the_shingle_fixture_matches_the_source_articles():
    assert FIXTURE.read_text(encoding="utf-8").split() == build(SOURCES)


def test_the_copy_check_catches_a_copied_sentence(tmp_path):
    """The check itself works: ten words lifted from a source are found."""
    source_hashes = set(FIXTURE.read_text(encoding="utf-8").split())
    copied = "Muscle twitching can occur in any muscle in the body, though it is most commonly"
    assert set(shingles(copied)) & source_hashes


@pytest.mark.parametrize("path", sorted(TREES.rglob("*.toml")), ids=lambda p: p.name)
def test_bundled_files_check_without_errors_or_warnings(path):
    assert [str(d) for d in check_file(path)] == []


@pytest.mark.parametrize("tree_id", TREE_IDS)
def test_every_urgency_level_is_used(trees, tree_id):
    assert {o.urgency for o in trees[tree_id].outcomes()} == set(URGENCY_ORDER)


@pytest.mark.parametrize("tree_id", TREE_IDS)
def test_a_red_flag_answered_yes_never_ends_in_self_care(trees, tree_id):
    tree = trees[tree_id]
    flagged = [(q, a) for q in map(tree.node, tree.node_ids) if q.type == "question" for a in q.answers if a.red_flag]
    assert flagged, "the tree marks no red-flag answers"
    for question, answer in flagged:
        seen, queue = {answer.next}, deque([answer.next])
        while queue:
            node = tree.node(queue.popleft())
            if node.type == "outcome":
                assert node.urgency != "self-care", f"{question.id} = {answer.label!r} can end in {node.id}"
                continue
            for nxt in (a.next for a in node.answers):
                if nxt not in seen:
                    seen.add(nxt)
                    queue.append(nxt)


@pytest.mark.parametrize("tree_id", TREE_IDS)
def test_red_flags_are_asked_before_the_benign_triggers(trees, tree_id):
    """The first questions from the start include red flags: no path reaches self-care without asking one."""
    tree = trees[tree_id]
    for outcome in tree.outcomes():
        if outcome.urgency != "self-care":
            continue
        route = tree.route_to(outcome.id)
        assert route is not None
        asked = [tree.node(tree.start), *(tree.node(a.next) for a in route[:-1])]
        assert any(q.is_red_flag for q in asked), f"{outcome.id} is reached without any red-flag question"


@pytest.mark.parametrize("tree_id", TREE_IDS)
def test_every_outcome_states_urgency_action_red_flags_and_sources(trees, tree_id):
    words = {
        "emergency": "Emergency",
        "urgent": "Urgent",
        "soon": "Soon",
        "routine": "Routine",
        "self-care": "Self-care",
    }
    for outcome in trees[tree_id].outcomes():
        assert outcome.title.startswith(words[outcome.urgency]) or outcome.text.lstrip().startswith(
            words[outcome.urgency]
        ), outcome.id
        assert len(outcome.text) > 120, f"{outcome.id} says too little about what to do"
        assert outcome.red_flags, f"{outcome.id} lists no red flags"
        assert outcome.sources, f"{outcome.id} cites no sources"


@pytest.mark.parametrize("tree_id", TREE_IDS)
def test_the_disclaimer_says_education_not_diagnosis_and_to_escalate(trees, tree_id):
    disclaimer = trees[tree_id].disclaimer.lower()
    assert "education" in disclaimer
    assert "diagnos" in disclaimer
    assert "doubt" in disclaimer or "worried" in disclaimer


def test_there_are_at_least_twenty_cases_and_every_outcome_and_urgency_is_reached(trees, case_files):
    cases = [(f, c) for f in case_files for c in f.cases]
    assert len(cases) >= 20
    reached: dict[str, set[str]] = {tree_id: set() for tree_id in TREE_IDS}
    urgencies = set()
    for case_file, case in cases:
        result = run_case(case, trees[case_file.tree], case_file.reporter)
        assert result.passed, (case.id, result.failures, result.errors)
        reached[case_file.tree].add(result.walk.outcome.id)
        urgencies.add(case.expect.urgency)
    for tree_id, tree in trees.items():
        missing = {o.id for o in tree.outcomes()} - reached[tree_id]
        assert not missing, f"no case reaches {sorted(missing)} in {tree_id}"
    assert urgencies == set(URGENCY_ORDER)


def test_every_case_has_a_story_and_teaching_points(case_files):
    for case in (c for f in case_files for c in f.cases):
        assert len(case.patient) > 100, case.id
        assert case.teaching, case.id


def test_the_condition_library_covers_the_conditions_the_sources_discuss(trees):
    conditions = trees["muscle-twitching"].conditions
    names = " ".join(f"{c.name} {' '.join(c.aliases)}".lower() for c in conditions.values())
    for needle in (
        "amyotrophic", "duchenne", "peripheral neuropathy", "huntington", "wilson", "tourette", "temporomandibular",
        "isaacs", "cramp-fasciculation", "benign fasciculation", "spinal muscular atrophy", "kennedy", "myopathy",
        "multiple sclerosis", "parkinson", "electrolyte", "vitamin d", "b12", "magnesium", "autoimmune", "medicine",
        "back",
    ):  # fmt: skip
        assert needle in names, needle
    for condition in conditions.values():
        assert "\n" not in condition.summary.strip(), condition.id
        assert condition.notes and condition.sources, condition.id
