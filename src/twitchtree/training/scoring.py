"""Scoring a trainee's walk against a case: pure functions, no I/O, no clock.

The same functions score a walk as it ends (the debrief) and a recorded
session read back from the store (``report --session``), so both always
agree.

Triage: urgency levels are ranked most urgent first (``URGENCY_ORDER``).
Reaching a *less* urgent level than the case expects is **under-triage**,
the serious error (the patient waits too long); a *more* urgent one is
over-triage (safe, but it spends scarce appointments and worry).

The score, out of 100:

======================  ======  =====================================================
part                    points  how
======================  ======  =====================================================
urgency                 50      exact 50; over-triage by one level 30, by two or more
                                15; under-triage 0, by any number of levels
expected outcome        20      20 if the walk ends at the case's outcome, else 0
must-ask questions      20      20 × the share of ``must_ask`` questions passed
                                through (20 when the case names none)
path                    10      10 when no answer differs from the case's answer to
                                the same question, 5 when one does, 0 for more
======================  ======  =====================================================

Time is reported step by step but not scored: reading carefully is not
penalised. An under-triaged walk can therefore score at most 25, an exact
one with a different outcome at most 75.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from ..model.spec import URGENCY_ORDER

if TYPE_CHECKING:
    from ..model.spec import Case
    from ..model.tree import Tree

EXACT = "exact"
OVER = "over-triage"
UNDER = "under-triage"

URGENCY_POINTS = 50
OVER_ONE_POINTS = 30
OVER_MORE_POINTS = 15
OUTCOME_POINTS = 20
MUST_ASK_POINTS = 20
PATH_POINTS = 10
PATH_ONE_DIFFERENCE_POINTS = 5

_RANK = {level: n for n, level in enumerate(URGENCY_ORDER)}


class _Answered(Protocol):
    @property
    def depth(self) -> int: ...
    @property
    def node_id(self) -> str: ...
    @property
    def answer_label(self) -> str: ...
    @property
    def seconds(self) -> float: ...


@dataclass(frozen=True, slots=True)
class Expectation:
    """What a case expects: the part of a :class:`~twitchtree.model.cases.Case` that scoring reads."""

    outcome: str
    urgency: str
    reference: Mapping[str, str]
    """Node id → the case's answer: its reference path."""
    must_ask: tuple[str, ...] = ()

    @classmethod
    def from_case(cls, case: Case) -> Expectation:
        expect = case.expect
        return cls(expect.outcome, expect.urgency, dict(case.answers), expect.must_ask)


@dataclass(frozen=True, slots=True)
class PathStep:
    """One answered question on the trainee's final path."""

    node_id: str
    answer: str
    seconds: float | None = None


@dataclass(frozen=True, slots=True)
class Triage:
    expected: str
    reached: str

    @property
    def levels(self) -> int:
        """How many levels less urgent than expected (negative: more urgent)."""
        return _RANK[self.reached] - _RANK[self.expected]

    @property
    def verdict(self) -> str:
        return EXACT if self.levels == 0 else UNDER if self.levels > 0 else OVER

    @property
    def label(self) -> str:
        """``Right urgency``, ``Over-triage by 1 level``, ``Under-triage by 2 levels``."""
        n = abs(self.levels)
        by = f" by {n} level{'s' * (n != 1)}"
        return {EXACT: "Right urgency", OVER: "Over-triage" + by, UNDER: "Under-triage" + by}[self.verdict]

    @property
    def explanation(self) -> str:
        if self.verdict == EXACT:
            return f"you chose {self.reached}, as the case expects."
        if self.verdict == OVER:
            return (
                f"you chose {self.reached}, the case needs {self.expected}. Safe, but it spends appointments and worry."
            )
        return (
            f"you chose {self.reached}, the case needs {self.expected}. "
            "This is the serious error: the patient would wait too long."
        )

    @property
    def words(self) -> str:
        """The verdict as a sentence, never colour alone."""
        return f"{self.label}: {self.explanation}"


@dataclass(frozen=True, slots=True)
class StepReview:
    """One step of the trainee's path beside the case's answer to the same question."""

    number: int
    node_id: str
    answer: str
    reference: str | None
    """The case's answer to this question; None when the reference path never asks it."""
    seconds: float | None = None

    @property
    def status(self) -> str:
        """``same``, ``different`` (the case answers this question otherwise) or ``off-path``."""
        if self.reference is None:
            return "off-path"
        return "same" if self.reference == self.answer else "different"

    @property
    def diverged(self) -> bool:
        return self.status != "same"


@dataclass(frozen=True, slots=True)
class ScoreLine:
    part: str
    points: int
    out_of: int
    note: str


@dataclass(frozen=True)
class Assessment:
    """Everything the debrief shows about one finished walk."""

    triage: Triage
    expected_outcome: str
    reached_outcome: str
    must_ask_passed: tuple[str, ...]
    must_ask_missed: tuple[str, ...]
    steps: tuple[StepReview, ...]
    not_reached: tuple[tuple[str, str], ...]
    """Reference questions (node id, the case's answer) that the walk never came to."""
    lines: tuple[ScoreLine, ...] = field(default=())

    @property
    def outcome_reached(self) -> bool:
        return self.reached_outcome == self.expected_outcome

    @property
    def score(self) -> int:
        return sum(line.points for line in self.lines)

    @property
    def divergences(self) -> tuple[StepReview, ...]:
        """The steps where the walk left the reference path (or was already off it)."""
        return tuple(step for step in self.steps if step.diverged)

    @property
    def first_divergence(self) -> StepReview | None:
        return next((step for step in self.steps if step.diverged), None)

    @property
    def total_seconds(self) -> float | None:
        times = [step.seconds for step in self.steps]
        return None if any(t is None for t in times) else sum(t for t in times if t is not None)


def triage(expected: str, reached: str) -> Triage:
    """Compare two urgency levels. Raises KeyError for an unknown level."""
    _RANK[expected], _RANK[reached]
    return Triage(expected, reached)


def final_path(answers: Iterable[_Answered]) -> list[PathStep]:
    """The path that answers given in order leave behind.

    An answer at ``depth`` d replaces the path from step d on: going back
    and answering again is recorded, not lost, but only the last answer to
    each step of the final path counts.
    """
    path: list[PathStep] = []
    for answer in answers:
        del path[answer.depth :]
        path.append(PathStep(answer.node_id, answer.answer_label, answer.seconds))
    return path


def reference_path(expect: Expectation, tree: Tree | None = None) -> list[tuple[str, str]]:
    """The case's answers in path order: walked through ``tree`` when given, else in file order."""
    if tree is None:
        return list(expect.reference.items())
    from ..model.walk import Walk, WalkError

    walk = Walk(tree)
    with contextlib.suppress(WalkError):  # a case that no longer fits its tree: keep the steps that still walk
        walk.follow(expect.reference)
    walked = [(step.question.id, step.answer.label) for step in walk.steps]
    seen = {node_id for node_id, _ in walked}
    return walked + [(k, v) for k, v in expect.reference.items() if k not in seen]


def review_steps(expect: Expectation, path: Sequence[PathStep]) -> tuple[StepReview, ...]:
    return tuple(
        StepReview(n, step.node_id, step.answer, expect.reference.get(step.node_id), step.seconds)
        for n, step in enumerate(path, 1)
    )


def must_ask(expect: Expectation, path: Sequence[PathStep]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The ``must_ask`` questions the path passed through, and those it missed."""
    asked = {step.node_id for step in path}
    passed = tuple(node_id for node_id in expect.must_ask if node_id in asked)
    missed = tuple(node_id for node_id in expect.must_ask if node_id not in asked)
    return passed, missed


def score_lines(
    result: Triage, outcome_reached: bool, passed: int, missed: int, differences: int
) -> tuple[ScoreLine, ...]:
    """The score, part by part, following the rubric in this module's docstring."""
    levels = result.levels
    if levels == 0:
        urgency = ScoreLine("urgency", URGENCY_POINTS, URGENCY_POINTS, "right urgency")
    elif levels < 0:
        points = OVER_ONE_POINTS if levels == -1 else OVER_MORE_POINTS
        urgency = ScoreLine("urgency", points, URGENCY_POINTS, f"over-triage by {-levels}")
    else:
        urgency = ScoreLine("urgency", 0, URGENCY_POINTS, f"under-triage by {levels}: the serious error")
    outcome = ScoreLine(
        "outcome",
        OUTCOME_POINTS if outcome_reached else 0,
        OUTCOME_POINTS,
        "expected outcome reached" if outcome_reached else "a different outcome",
    )
    total = passed + missed
    asked = round(MUST_ASK_POINTS * passed / total) if total else MUST_ASK_POINTS
    must = ScoreLine("must ask", asked, MUST_ASK_POINTS, f"{passed} of {total} asked" if total else "none required")
    path_points = PATH_POINTS if differences == 0 else PATH_ONE_DIFFERENCE_POINTS if differences == 1 else 0
    if differences == 0:
        note = "every answer as the case's"
    else:
        note = f"{differences} answer{' differs' if differences == 1 else 's differ'} from the case's"
    return (urgency, outcome, must, ScoreLine("path", path_points, PATH_POINTS, note))


def assess(
    expect: Expectation, path: Sequence[PathStep], *, outcome: str, urgency: str, tree: Tree | None = None
) -> Assessment:
    """Score a walk that ended at ``outcome`` (of ``urgency``) after answering ``path``."""
    result = triage(expect.urgency, urgency)
    steps = review_steps(expect, path)
    passed, missed = must_ask(expect, path)
    asked = {step.node_id for step in path}
    not_reached = tuple((node_id, label) for node_id, label in reference_path(expect, tree) if node_id not in asked)
    differences = sum(step.status == "different" for step in steps)
    lines = score_lines(result, outcome == expect.outcome, len(passed), len(missed), differences)
    return Assessment(result, expect.outcome, outcome, passed, missed, steps, not_reached, lines)
