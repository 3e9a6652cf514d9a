"""The semantic diff (model/diff.py) and its impact on walks (model/impact.py), without the command line."""

from __future__ import annotations

import pytest

from builders import WALK_TREE
from diff_support import CASES, NEW, OLD
from twitchtree.model.diff import compare, summary, word_diff
from twitchtree.model.impact import SessionWalk, case_impacts, end_of, session_impact
from twitchtree.model.load import load_tree


@pytest.fixture
def load(write_toml):
    def load(text: str, name: str = "tree.toml"):
        return load_tree(write_toml(name, text, dedent=False), use_cache=False)

    return load


@pytest.fixture
def triage(load):
    return compare(load(OLD, "old/triage.toml"), load(NEW, "new/triage.toml"))


def changes(diff, category):
    return [(c.kind, c.id, c.answer, c.field, c.old, c.new, c.direction) for c in diff.in_category(category)]


def test_structure_added_and_renamed_not_removed_and_added(triage):
    assert changes(triage, "structure") == [
        ("added", "check-in", None, None, None, "Mention it at your next visit [routine]", ""),
        ("renamed", "duration", None, "id", "lasting", "duration", ""),
    ]
    assert triage.renames == {"lasting": "duration"}


def test_paths_name_the_answer_and_where_it_now_leads(triage):
    assert changes(triage, "paths") == [
        ("rewired", "weakness", "Yes", "next", "see-doctor", "book-visit", "de-escalated"),
        ("answer-added", "weakness", "Not sure", "next", None, "check-in", ""),
    ]


def test_outcomes_are_marked_escalated_or_de_escalated(triage):
    assert changes(triage, "outcomes") == [
        ("urgency", "see-doctor", None, "urgency", "urgent", "emergency", "escalated"),
        ("urgency", "book-visit", None, "urgency", "soon", "routine", "de-escalated"),
    ]


def test_safety_red_flags_and_screens(triage):
    assert changes(triage, "safety") == [
        ("changed", "breathing", "Yes", "red_flag", True, False, "weakened"),
        ("changed", "weakness", None, "screens", None, "urgent", "strengthened"),
    ]


def test_text_question_help_red_flags_and_condition_notes(triage):
    assert changes(triage, "text") == [
        ("changed", "breathing", None, "text", "Any trouble breathing?", "Any trouble breathing right now?", ""),
        (
            "changed",
            "breathing",
            None,
            "help",
            "Short of breath at rest.",
            "Short of breath at rest, or when lying flat.",
            "",
        ),
        ("changed", "home-care", None, "red_flags", ["Spreading twitches"], ["Spreading twitches", "New weakness"], ""),
        ("changed", "cond", None, "summary", "Usually harmless.", "Usually harmless, sometimes not.", ""),
    ]


def test_metadata(triage):
    assert [(c.field, str(c.old), str(c.new)) for c in triage.in_category("metadata")] == [
        ("version", "1.0", "1.1"),
        ("authors", "['Ann Author']", "['Ann Author', 'Rev Reviewer']"),
        ("reviewed", "2026-01-10", "2026-06-01"),
        ("review_by", "2027-01-10", "2027-06-01"),
    ]


def test_summary_counts_each_kind_in_one_line(triage):
    assert summary(triage) == (
        "1 node added, 1 node renamed, 1 answer re-wired towards less urgent outcomes, 1 answer added, "
        "1 outcome escalated, 1 outcome de-escalated, 1 safety check weakened, 1 safety change, 4 text changes, "
        "4 metadata changes"
    )


def test_formatting_and_comments_are_no_semantic_change(load):
    reformatted = "# a comment\n" + WALK_TREE.replace(
        'answers = [{ label = "Yes", next = "soon" }, { label = "No", next = "home" }]',
        'answers = [\n  { label = "Yes", next = "soon" },  # why\n  { label = "No", next = "home" },\n]',
    )
    diff = compare(load(WALK_TREE, "a.toml"), load(reformatted, "b.toml"))
    assert not diff
    assert summary(diff) == "no semantic change"


def test_a_renamed_node_whose_text_also_changes_is_removed_and_added(load):
    new = WALK_TREE.replace("q3", "lasted").replace("Has it lasted two weeks?", "Has it lasted a fortnight?")
    diff = compare(load(WALK_TREE, "a.toml"), load(new, "b.toml"))
    assert [(c.kind, c.id) for c in diff.in_category("structure")] == [("added", "lasted"), ("removed", "q3")]
    assert diff.renames == {}


def test_renames_chained_and_at_the_start_are_found(load):
    new = WALK_TREE.replace("q1", "first").replace("q2", "breath").replace("nodes.soon", "nodes.book")
    new = new.replace('next = "soon"', 'next = "book"')
    diff = compare(load(WALK_TREE, "a.toml"), load(new, "b.toml"))
    assert diff.renames == {"q1": "first", "q2": "breath", "soon": "book"}
    assert [c.kind for c in diff.changes] == ["renamed"] * 3


def test_a_type_change_is_reported_once(load):
    new = WALK_TREE.replace(
        '[nodes.q3]\ntype = "question"\ntext = "Has it lasted two weeks?"\nsources = ["src"]\n'
        'answers = [{ label = "Yes", next = "soon" }, { label = "No", next = "home" }]',
        '[nodes.q3]\ntype = "outcome"\nurgency = "soon"\ntitle = "Book"\ntext = "Book a visit."\nsources = ["src"]',
    )
    diff = compare(load(WALK_TREE, "a.toml"), load(new, "b.toml"))
    assert ("retyped", "q3", "question", "outcome") in [(c.kind, c.id, c.old, c.new) for c in diff.changes]


def test_word_diff_keeps_the_unchanged_words():
    assert word_diff("Any trouble breathing?", "Any trouble breathing right now?") == [
        ("=", "Any trouble breathing"),
        ("+", " right now"),
        ("=", "?"),
    ]
    assert word_diff("a b", "a b") == [("=", "a b")]


# -- impact -------------------------------------------------------------------------------------


def test_cases_that_end_elsewhere_follow_renames(triage, write_toml):
    from twitchtree.model.cases import read_cases

    case_file = read_cases(write_toml("old/cases.toml", CASES, dedent=False))
    found = case_impacts(triage, [(case_file.path, "triage", [(c.id, c.title, c.answers) for c in case_file.cases])])
    assert [
        (c.case_id, c.before.outcome, c.before.urgency, c.after.outcome, c.after.urgency, c.direction) for c in found
    ] == [
        ("weak-arm", "see-doctor", "urgent", "book-visit", "routine", "de-escalated"),
        ("long-twitch", "book-visit", "soon", "book-visit", "routine", "de-escalated"),
    ]


def test_cases_of_another_tree_are_skipped(triage):
    assert case_impacts(triage, [(None, "other", [("x", "X", {"breathing": "No", "weakness": "Yes"})])]) == []


def test_a_walk_whose_answer_is_gone_ends_nowhere(load):
    tree = load(WALK_TREE)
    end = end_of(tree, {"q1": "Maybe"})
    assert (end.reached, end.stopped_at, end.reason) == (False, "q1", 'the answer "Maybe" is not offered')
    assert end_of(tree, {"q1": "Yes"}).stopped_at == "q2"


def test_sessions_are_counted_and_grouped_by_where_they_now_end(triage):
    sessions = [
        SessionWalk(1, "triage", {"breathing": "No", "weakness": "Yes"}),
        SessionWalk(2, "triage", {"breathing": "No", "weakness": "Yes"}),
        SessionWalk(3, "triage", {"breathing": "Yes"}),
        SessionWalk(4, "triage", {"breathing": "No", "weakness": "No", "lasting": "No"}),
        SessionWalk(5, "triage", {"breathing": "No"}),  # never finished: not counted
        SessionWalk(6, "other", {"breathing": "No", "weakness": "Yes"}),
    ]
    impact = session_impact(triage, sessions)
    assert (impact.total, sorted(impact.changed)) == (4, [1, 2])
    [(before, after, ids)] = impact.groups()
    assert (before.outcome, after.outcome, after.urgency, ids) == ("see-doctor", "book-visit", "routine", [1, 2])


def test_trees_read_from_checks_and_the_cache_diff_the_same_and_skip_unchanged_nodes(write_toml, load):
    """The preview diffs trees that crossed from a checking process (cache entries): unchanged nodes are
    found from their packed bytes, without building their records, and the changes are the same."""
    from twitchtree.model import cache
    from twitchtree.model.diff import _changed
    from twitchtree.model.load import checked_entry, tree_from_entry

    def from_entry(text: str, name: str):
        path = write_toml(name, text, dedent=False)
        raw = path.read_bytes()
        return tree_from_entry(path, raw, cache.unpack(cache.pack(checked_entry(path, raw))))

    old, new = from_entry(OLD, "old/triage.toml"), from_entry(NEW, "new/triage.toml")
    expected = compare(load(OLD, "old/triage.toml"), load(NEW, "new/triage.toml"))
    assert compare(old, new).changes == expected.changes
    changed = {c.id for c in expected.changes if c.scope in ("node", "answer")} | {"lasting"}
    assert _changed(old, new) == [n for n in new.nodes if n in changed]  # no other node, by its bytes alone


def test_a_one_node_edit_of_a_checked_tree_builds_only_that_nodes_records(write_toml):
    from builders import balanced_tree
    from twitchtree.model import cache
    from twitchtree.model.diff import change_notice
    from twitchtree.model.load import checked_entry, tree_from_entry

    def from_entry(text: str):
        path = write_toml("wide.toml", text, dedent=False)
        raw = path.read_bytes()
        return tree_from_entry(path, raw, cache.unpack(cache.pack(checked_entry(path, raw))))

    old, new = from_entry(balanced_tree(201)), from_entry(balanced_tree(201, first_text="Changed?"))
    assert change_notice(old, new) == ("1 text change", "information")
    assert set(old.nodes._made) == set(new.nodes._made) == {"n0"}
