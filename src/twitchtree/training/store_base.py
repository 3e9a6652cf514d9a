"""What every session store shares: the records, the errors, the base class and its retry loop.

The backends (:mod:`.store_sqlite`, :mod:`.store_postgres`) build on this
module and nothing else of the store; :mod:`.store` picks one and is what the
rest of twitchtree imports.
"""

from __future__ import annotations

import json
import math
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

SCHEMA_VERSION = 2
DEFAULT_TIMEOUT = 15.0
"""Seconds a call keeps retrying a busy database before giving up."""

LEFT_ALONE = "it was left as it is. Give another database with --db."
_T = TypeVar("_T")

SESSION_COLUMNS = (
    "id, trainee, case_id, case_title, case_file, tree_id, tree_hash, expected_outcome, expected_urgency,"
    " reference, must_ask, started_at, finished_at, outcome, urgency, verdict, outcome_correct, score"
)
STEP_COLUMNS = "n, depth, node_id, answer_label, shown_at, answered_at"
MAX_ID = 2**63 - 1
"""The largest id either backend can hold; a larger one names no session."""


class StoreError(Exception):
    """The session database cannot be used; the message says why and what to do."""


class StoreLocked(StoreError):
    """Another program held the database for longer than the timeout. Transient."""


class StoreUnavailable(StoreError):
    """The database server cannot be reached (or the disk is full for now). Transient."""


class StoreCorrupt(StoreError):
    """The database is not a usable twitchtree session database. It was left untouched."""


TRANSIENT = (StoreLocked, StoreUnavailable)
"""Errors worth waiting out: the writes stay queued and are tried again."""


class Busy(Exception):
    """Raised by a backend's error translation: the database is busy, try again soon."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


@dataclass(frozen=True, slots=True)
class SessionRecord:
    id: int
    trainee: str
    case_id: str
    case_title: str
    case_file: str
    tree_id: str
    tree_hash: str
    expected_outcome: str
    expected_urgency: str
    reference: dict[str, str]
    must_ask: tuple[str, ...]
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


@dataclass(frozen=True, slots=True)
class NewSession:
    """What is known of an attempt when it starts: the row ``start_session`` inserts."""

    trainee: str
    case_id: str
    case_title: str
    case_file: str
    tree_id: str
    tree_hash: str
    expected_outcome: str
    expected_urgency: str
    reference: dict[str, str]
    must_ask: tuple[str, ...]
    started_at: float
    uid: str | None = None

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
class Result:
    """How an attempt ended: the columns ``finish_session`` sets."""

    finished_at: float
    outcome: str
    urgency: str
    verdict: str
    outcome_correct: bool
    score: int


@dataclass(frozen=True, slots=True)
class Totals:
    """One group's counts as the database adds them up (``report`` turns them into a summary)."""

    key: tuple[str, ...]
    """(tree id, case id, latest title) for a case; (trainee,) for a trainee."""
    attempts: int
    finished: int
    correct_urgency: int
    under_triage: int
    over_triage: int
    mean_score: float | None
    mean_seconds: float | None


class Store:
    """A session database; close it (or use ``with``) when done.

    A store is used by one thread at a time (the recorder's, once it has one). Open one with
    :func:`.store.open_store`.
    """

    where: str
    """The database as the user named it (a URL without its password), for messages."""
    timeout: float

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- what each backend provides ---------------------------------------------

    def close(self) -> None:
        raise NotImplementedError

    def start_session(self, session: NewSession) -> int:
        """Record the start of an attempt and return its session id (the same id again for the same uid)."""
        raise NotImplementedError

    def add_step(self, session_id: int, step: StepRecord) -> None:
        """Record one answer; it is committed when this returns. Writing the same step twice keeps one."""
        raise NotImplementedError

    def finish_session(self, session_id: int, result: Result) -> None:
        raise NotImplementedError

    def sessions(self, trainee: str | None = None) -> Iterator[SessionRecord]:
        """Every recorded session (only ``trainee``'s, if given), oldest first, read as they are used."""
        raise NotImplementedError

    def session(self, session_id: int) -> SessionRecord | None:
        raise NotImplementedError

    def steps(self, session_id: int) -> list[StepRecord]:
        """A session's answers in the order they were given."""
        raise NotImplementedError

    def best_scores(self, trainee: str) -> dict[tuple[str, str], int]:
        """(tree id, case id) → the trainee's best score on that case."""
        raise NotImplementedError

    def case_totals(self, trainee: str | None = None) -> list[Totals]:
        """Per (tree, case), added up by the database, in tree and case order."""
        raise NotImplementedError

    def trainee_totals(self, trainee: str | None = None) -> list[Totals]:
        """Per trainee, added up by the database."""
        raise NotImplementedError

    def schema_version(self) -> int:
        raise NotImplementedError

    # -- retrying ----------------------------------------------------------------

    def guarded(self, work: Callable[[], _T], translate: Callable[[], Any]) -> _T:
        """Run ``work``; while ``translate`` turns its error into :class:`Busy`, retry until the timeout."""
        deadline = time.monotonic() + self.timeout
        delay = 0.005
        while True:
            try:
                with translate():
                    return work()
            except Busy as busy:
                if time.monotonic() + delay > deadline:
                    raise StoreLocked(
                        f"{self.where}: the session database stayed locked by another program for "
                        f"{self.timeout:g} s ({busy.detail}); close that program or give another database with --db"
                    ) from None
                time.sleep(delay * (0.5 + random.random()))
                delay = min(delay * 2, 0.25)


def display(location: str | Path) -> str:
    """``location`` for messages and logs: a URL loses its password."""
    if not is_url(location):
        return str(location)
    from urllib.parse import urlsplit, urlunsplit

    url = str(location)
    try:
        parts = urlsplit(url)
        if parts.password is None:
            return url
        host = parts.netloc.rsplit("@", 1)[1]
        user = parts.username or ""
        return urlunsplit(parts._replace(netloc=f"{user}@{host}" if user else host))
    except ValueError:
        return "the PostgreSQL database"


def is_url(location: str | Path) -> bool:
    """Whether ``location`` names a PostgreSQL database rather than an SQLite file."""
    return isinstance(location, str) and location.lower().startswith(("postgresql://", "postgres://"))


def check_schema(where: str, meta: dict[str, str]) -> int:
    """The schema version recorded in ``meta``; StoreError/StoreCorrupt when it is not one to use."""
    if meta.get("app") != "twitchtree":
        raise StoreCorrupt(f"{where}: not a twitchtree session database; {LEFT_ALONE}")
    text = meta.get("schema", "")
    if not text.isascii() or not text.isdigit() or len(text) > 6:
        raise StoreCorrupt(
            f"{where}: the session database says its schema version is {json.dumps(text)}, "
            f"which twitchtree does not know; {LEFT_ALONE}"
        )
    version = int(text)
    if version > SCHEMA_VERSION:
        raise StoreError(f"{where}: recorded by a newer twitchtree (schema {version}); update twitchtree to use it")
    if version < 1:
        raise StoreCorrupt(f"{where}: the session database has no schema version; {LEFT_ALONE}")
    return version


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
