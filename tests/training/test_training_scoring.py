"""Scoring a walk against a case: urgency verdicts, outcome, must-ask questions, divergences, the score."""

from __future__ import annotations

import pytest

from twitchtree.model.load import load_tree
from twitchtree.training.scoring import (
    EXACT,
    OVER,
    UNDER,
    Expectation,
    PathStep,
    assess,
    final_path,
    triage,
)
from twitchtree.training.store import StepRecord

TIRED_LEGS = Expectation(
    "home-care", "self-care", {"breathing": "No", "weakness": "No", "lasting": "No"}, ("breathing", "weakness")
)
WEAK_ARM = Expectation("see-doctor", "urgent", {"breathing": "No", "weakness": "Yes"}, ("breathing", "weakness"))


def path(*steps: tuple[str, str], seconds: float = 4.0) -> list[PathStep]:
    return [PathStep(node, answer, seconds) for node, answer in steps]


@pytest.fixture
def tree(cases_file):
    return load_tree(cases_file.with_name("drill.toml"))


def test_exact_urgency_and_reference_path_scores_100(tree):
    walk = path(("breathing", "No"), ("weakness", "No"), ("lasting", "No"))
    result = assess(TIRED_LEGS, walk, outcome="home-care", urgency="self-care", tree=tree)
    assert result.triage.verdict == EXACT
    assert result.outcome_reached
    assert result.must_ask_passed == ("breathing", "weakness") and result.must_ask_missed == ()
    assert result.divergences == () and result.not_reached == ()
    assert result.score == 100
    assert [line.points for line in result.lines] == [50, 20, 20, 10]
    assert result.total_seconds == 12.0
    assert result.triage.words == "Right urgency: you chose self-care, as the case expects."


def test_over_triage_is_a_safe_error(tree):
    walk = path(("breathing", "No"), ("weakness", "No"), ("lasting", "Yes"))
    result = assess(TIRED_LEGS, walk, outcome="book-visit", urgency="soon", tree=tree)
    assert result.triage.verdict == OVER
    assert result.triage.levels == -2
    assert result.triage.label == "Over-triage by 2 levels"
    assert not result.outcome_reached
    # urgency 15 (two levels over) + outcome 0 + must ask 20 + path 5 (one answer differs)
    assert [line.points for line in result.lines] == [15, 0, 20, 5]
    assert result.score == 40


def test_over_triage_by_one_level_keeps_more_points():
    result = assess(WEAK_ARM, path(("breathing", "Yes")), outcome="call-now", urgency="emergency")
    assert result.triage.verdict == OVER and result.triage.levels == -1
    assert result.lines[0].points == 30


def test_under_triage_is_the_serious_error_and_scores_no_urgency_points(tree):
    walk = path(("breathing", "No"), ("weakness", "No"), ("lasting", "No"))
    result = assess(WEAK_ARM, walk, outcome="home-care", urgency="self-care", tree=tree)
    assert result.triage.verdict == UNDER
    assert result.triage.levels == 3
    assert result.triage.words.startswith("Under-triage by 3 levels: you chose self-care, the case needs urgent.")
    assert "serious error" in result.triage.words
    assert result.lines[0].points == 0
    assert result.score == 25  # must ask 20 + path 5: the most an under-triaged walk can score


def test_missed_must_ask(tree):
    # Answering "Yes" to breathing ends the walk before the weakness question is ever asked.
    result = assess(WEAK_ARM, path(("breathing", "Yes")), outcome="call-now", urgency="emergency", tree=tree)
    assert result.must_ask_passed == ("breathing",)
    assert result.must_ask_missed == ("weakness",)
    assert result.lines[2].points == 10 and result.lines[2].note == "1 of 2 asked"
    assert result.not_reached == (("weakness", "Yes"),)


def test_divergence_steps_sit_beside_the_reference_answers(tree):
    walk = path(("breathing", "No"), ("weakness", "No"), ("lasting", "Yes"))
    result = assess(WEAK_ARM, walk, outcome="book-visit", urgency="soon", tree=tree)
    assert [(s.number, s.node_id, s.answer, s.reference, s.status) for s in result.steps] == [
        (1, "breathing", "No", "No", "same"),
        (2, "weakness", "No", "Yes", "different"),
        (3, "lasting", "Yes", None, "off-path"),
    ]
    assert [s.number for s in result.divergences] == [2, 3]
    assert result.first_divergence is not None and result.first_divergence.reference == "Yes"
    # Only answers that differ from the case's count against the path; being off it already does not.
    assert result.lines[3].points == 5


def test_two_differing_answers_lose_the_path_points():
    expect = Expectation("home-care", "self-care", {"breathing": "No", "weakness": "No", "lasting": "No"})
    result = assess(expect, path(("breathing", "No"), ("weakness", "Yes")), outcome="see-doctor", urgency="urgent")
    assert result.lines[3].points == 5
    expect_two = Expectation("x", "self-care", {"a": "1", "b": "1"})
    result = assess(expect_two, path(("a", "2"), ("b", "2")), outcome="x", urgency="self-care")
    assert result.lines[3].points == 0
    assert result.lines[2].note == "none required" and result.lines[2].points == 20


def test_final_path_keeps_the_last_answer_to_each_step():
    answers = [
        StepRecord(1, 0, "breathing", "No", 0.0, 2.0),
        StepRecord(2, 1, "weakness", "Yes", 2.0, 5.0),
        StepRecord(3, 1, "weakness", "No", 6.0, 7.5),  # went back and answered again
        StepRecord(4, 2, "lasting", "No", 7.5, 9.0),
    ]
    assert final_path(answers) == [
        PathStep("breathing", "No", 2.0),
        PathStep("weakness", "No", 1.5),
        PathStep("lasting", "No", 1.5),
    ]
    restarted = [*answers, StepRecord(5, 0, "breathing", "Yes", 9.0, 10.0)]
    assert final_path(restarted) == [PathStep("breathing", "Yes", 1.0)]


def test_urgency_order_comes_from_the_spec():
    assert triage("urgent", "emergency").verdict == OVER
    assert triage("emergency", "urgent").verdict == UNDER
    assert triage("routine", "routine").verdict == EXACT
    with pytest.raises(KeyError):
        triage("urgent", "whenever")
