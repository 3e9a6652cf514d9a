"""Rows read back from a session database, which may hold anything: never an exception.

A database can be edited by hand or by another program: a NULL, a text or
1e308 where a number belongs becomes None (or a safe default), and a JSON
column that is not the JSON expected becomes empty. Both backends read
their rows through these functions.
"""

from __future__ import annotations

import json
from typing import Any

from .store_base import MAX_ID, SessionRecord, StepRecord, Totals, number


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


def session_record(row: tuple[Any, ...] | list[Any]) -> SessionRecord:
    (
        id_, trainee, case_id, case_title, case_file, tree_id, tree_hash, expected_outcome, expected_urgency,
        reference, must_ask, started_at, finished_at, outcome, urgency, verdict, outcome_correct, score,
    ) = row  # fmt: skip
    correct = integer(outcome_correct)
    score_value = integer(score)
    return SessionRecord(
        integer(id_) or 0,
        text(trainee),
        text(case_id),
        text(case_title),
        text(case_file),
        text(tree_id),
        text(tree_hash),
        text(expected_outcome),
        text(expected_urgency),
        {str(k): text(v) for k, v in _json(reference, dict).items()},
        tuple(text(v) for v in _json(must_ask, list)),
        number(started_at),
        number(finished_at),
        optional_text(outcome),
        optional_text(urgency),
        optional_text(verdict),
        None if correct is None else bool(correct),
        score_value if score_value is not None and 0 <= score_value <= 100 else None,
    )


def step_record(row: tuple[Any, ...] | list[Any]) -> StepRecord:
    n, depth, node_id, answer_label, shown_at, answered_at = row
    return StepRecord(
        integer(n) or 0,
        max(0, min(integer(depth) or 0, 1_000_000)),
        text(node_id),
        text(answer_label),
        number(shown_at) or 0.0,
        number(answered_at) or 0.0,
    )


def totals(row: tuple[Any, ...] | list[Any], keys: int) -> Totals:
    key = tuple(text(v) for v in row[:keys])
    attempts, finished, correct, under, over = (integer(v) or 0 for v in row[keys : keys + 5])
    mean_score, mean_seconds = (number(v) for v in row[keys + 5 : keys + 7])
    return Totals(
        key,
        attempts,
        finished,
        correct,
        under,
        over,
        round(mean_score, 1) if mean_score is not None else None,
        round(mean_seconds, 1) if mean_seconds is not None else None,
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
