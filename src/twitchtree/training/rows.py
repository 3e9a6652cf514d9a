"""The records of a session database, and how a row read back becomes one: never an exception.

Each record is defined once: what an attempt is *of* (:class:`CaseTaken`:
who, which case, which tree, what the case expects) is shared by the row an
attempt starts with (:class:`NewSession`) and the row read back
(:class:`SessionRecord`); a group's totals (:class:`Totals`) are its
:class:`Summary` with the group's key.

A database can be edited by hand or by another program: a NULL, a text or
1e308 where a number belongs becomes None (or a safe default), and a JSON
column that is not the JSON expected becomes empty. Both backends read
their rows through these functions.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

MAX_ID = 2**63 - 1
"""The largest id either backend can hold; a larger one names no session."""

SESSION_COLUMNS = (
    "id, trainee, case_id, case_title, case_file, tree_id, tree_hash, expected_outcome, expected_urgency,"
    " reference, must_ask, started_at, finished_at, outcome, urgency, verdict, outcome_correct, score"
)
"""The columns :func:`session_record` reads, in its order."""
STEP_COLUMNS = "n, depth, node_id, answer_label, shown_at, answered_at"
"""The columns :func:`step_record` reads, and :class:`StepRecord`'s fields, in order."""

Row = tuple[Any, ...] | list[Any]


# -- the records -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CaseTaken:
    """What an attempt is of: the trainee, the case and its tree, and what the case expects."""

    trainee: str
    case_id: str
    case_title: str
    case_file: str
    tree_id: str
    tree_hash: str
    """``Tree.content_hash`` when the attempt started."""
    expected_outcome: str
    expected_urgency: str
    reference: dict[str, str]
    """The case's answers: node id -> label."""
    must_ask: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class NewSession(CaseTaken):
    """What is known of an attempt when it starts: the row ``start_session`` inserts."""

    started_at: float
    uid: str | None = None
    """Unique per attempt, chosen by the writer: a write retried after a lost reply never doubles."""

    def row(self) -> tuple[object, ...]:
        return (
            self.trainee,
            self.case_id,
            self.case_title,
            self.case_file,
            self.tree_id,
            self.tree_hash,
            self.expected_outcome,
            self.expected_urgency,
            json.dumps(self.reference, ensure_ascii=False),
            json.dumps(list(self.must_ask), ensure_ascii=False),
            self.started_at,
            self.uid,
        )


@dataclass(frozen=True, slots=True)
class SessionRecord(CaseTaken):
    """One attempt as recorded."""

    id: int
    started_at: float | None
    """None when the database holds something other than a time here."""
    finished_at: float | None = None
    outcome: str | None = None
    urgency: str | None = None
    verdict: str | None = None
    outcome_correct: bool | None = None
    score: int | None = None

    @property
    def finished(self) -> bool:
        return self.finished_at is not None

    @property
    def seconds(self) -> float | None:
        """How long the attempt took, for a finished one."""
        if self.finished_at is None or self.started_at is None:
            return None
        return number(self.finished_at - self.started_at)


@dataclass(frozen=True, slots=True)
class StepRecord:
    """One answer as it was given; ``depth`` is the question's place on the path (0 = first)."""

    n: int
    depth: int
    node_id: str
    answer_label: str
    shown_at: float
    answered_at: float

    @property
    def seconds(self) -> float:
        seconds = number(self.answered_at - self.shown_at)
        return max(0.0, seconds) if seconds is not None else 0.0

    def row(self) -> tuple[object, ...]:
        """The values of :data:`STEP_COLUMNS`."""
        return (self.n, self.depth, self.node_id, self.answer_label, self.shown_at, self.answered_at)


@dataclass(frozen=True, slots=True)
class Result:
    """How an attempt ended: the columns ``finish_session`` sets."""

    finished_at: float
    outcome: str
    urgency: str
    verdict: str
    outcome_correct: bool
    score: int

    def row(self) -> tuple[object, ...]:
        r = self
        return (r.finished_at, r.outcome, r.urgency, r.verdict, int(r.outcome_correct), r.score)


@dataclass(frozen=True, slots=True)
class Summary:
    """Totals for one case or one trainee."""

    attempts: int
    finished: int
    correct_urgency: int
    under_triage: int
    over_triage: int
    mean_score: float | None
    mean_seconds: float | None
    """Mean time of a finished attempt, start to outcome."""


@dataclass(frozen=True, slots=True)
class Totals(Summary):
    """One group's summary as the database adds it up."""

    key: tuple[str, ...] = ()
    """(tree id, case id, latest title) for a case; (trainee,) for a trainee."""


# -- rows read back -----------------------------------------------------------------


def number(value: object) -> float | None:
    """``value`` as a finite float, or None."""
    if type(value) is float:
        return value if math.isfinite(value) else None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        result = float(value)
    except OverflowError:
        return None
    return result if math.isfinite(result) else None


def integer(value: object) -> int | None:
    """``value`` as an int that fits in 64 bits, or None."""
    if type(value) is int:
        return value if -MAX_ID <= value <= MAX_ID else None
    result = number(value)
    if result is None or result != int(result) or abs(result) > MAX_ID:
        return None
    return int(result)


def text(value: object) -> str:
    if type(value) is str:
        return value
    return value if isinstance(value, str) else "" if value is None else str(value)


def optional_text(value: object) -> str | None:
    return None if value is None else text(value)


def session_record(row: Row) -> SessionRecord:
    (
        id_, trainee, case_id, case_title, case_file, tree_id, tree_hash, expected_outcome, expected_urgency,
        reference, must_ask, started_at, finished_at, outcome, urgency, verdict, outcome_correct, score,
    ) = row  # fmt: skip
    correct = integer(outcome_correct)
    score_value = integer(score)
    return SessionRecord(
        id=integer(id_) or 0,
        trainee=text(trainee),
        case_id=text(case_id),
        case_title=text(case_title),
        case_file=text(case_file),
        tree_id=text(tree_id),
        tree_hash=text(tree_hash),
        expected_outcome=text(expected_outcome),
        expected_urgency=text(expected_urgency),
        reference={str(k): text(v) for k, v in _json(reference, dict).items()},
        must_ask=tuple(text(v) for v in _json(must_ask, list)),
        started_at=number(started_at),
        finished_at=number(finished_at),
        outcome=optional_text(outcome),
        urgency=optional_text(urgency),
        verdict=optional_text(verdict),
        outcome_correct=None if correct is None else bool(correct),
        score=score_value if score_value is not None and 0 <= score_value <= 100 else None,
    )


def step_record(row: Row) -> StepRecord:
    n, depth, node_id, answer_label, shown_at, answered_at = row
    return StepRecord(
        integer(n) or 0,
        max(0, min(integer(depth) or 0, 1_000_000)),
        text(node_id),
        text(answer_label),
        number(shown_at) or 0.0,
        number(answered_at) or 0.0,
    )


def totals(row: Row, keys: int) -> Totals:
    """A group's totals from its row: ``keys`` key columns, then the counts and means in :class:`Summary`'s order."""
    attempts, finished, correct, under, over = (integer(v) or 0 for v in row[keys : keys + 5])
    mean_score, mean_seconds = (number(v) for v in row[keys + 5 : keys + 7])
    return Totals(
        attempts,
        finished,
        correct,
        under,
        over,
        round(mean_score, 1) if mean_score is not None else None,
        round(mean_seconds, 1) if mean_seconds is not None else None,
        key=tuple(text(v) for v in row[:keys]),
    )


def _json(value: object, kind: type[dict[Any, Any]] | type[list[Any]]) -> Any:
    if value in ("{}", "[]"):
        return kind()
    if not isinstance(value, str | bytes):
        return kind()
    try:
        loaded = json.loads(value)
    except (TypeError, ValueError, RecursionError):
        return kind()
    return loaded if isinstance(loaded, kind) else kind()
