"""The session store: every training attempt and every answer, in one SQLite file.

Schema (version 1)::

    meta(key TEXT PRIMARY KEY, value TEXT)          app = twitchtree, schema = 1
    sessions(id INTEGER PRIMARY KEY,                one attempt at one case
             trainee, case_id, case_title, case_file,
             tree_id, tree_hash,                    Tree.content_hash when the attempt started
             expected_outcome, expected_urgency,
             reference,                             JSON: the case's answers (node id -> label)
             must_ask,                              JSON: the case's must_ask node ids
             started_at, finished_at,               Unix seconds; finished_at NULL = not finished
             outcome, urgency, verdict,             what the trainee reached; exact | over-triage | under-triage
             outcome_correct, score)                1/0; 0-100 (see scoring.py)
    steps(session_id, n, depth, node_id, answer_label, shown_at, answered_at)
             n: 1, 2, 3 … in the order answered; depth: the question's place on the
             path (0 = first). Going back and answering again adds a row at a lower
             depth, which replaces the rows after it on the path (see scoring.final_path).

Durability and concurrency: the file is in WAL mode; every write is its own
``BEGIN IMMEDIATE`` transaction, committed before the call returns, so a
crash or ``kill -9`` loses nothing already answered. Writers that find the
file busy wait (SQLite's busy timeout) and retry until ``timeout`` seconds
have passed, so a classroom of processes writing at once all land; past
that a :class:`StoreLocked` error says so instead of hanging.

A file that is not a twitchtree session database (not SQLite, damaged, or
another program's database) raises :class:`StoreCorrupt` before anything
is written: it is never overwritten or "repaired".
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

SCHEMA_VERSION = 1
DEFAULT_TIMEOUT = 15.0
"""Seconds a write keeps retrying a busy database before giving up."""

_HEADER = b"SQLite format 3\x00"
_LEFT_ALONE = "it was left as it is. Give another file with --db."
_BUSY_CODES = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}
_T = TypeVar("_T")

_SESSION_COLUMNS = (
    "id, trainee, case_id, case_title, case_file, tree_id, tree_hash, expected_outcome, expected_urgency,"
    " reference, must_ask, started_at, finished_at, outcome, urgency, verdict, outcome_correct, score"
)
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    trainee          TEXT NOT NULL,
    case_id          TEXT NOT NULL,
    case_title       TEXT NOT NULL,
    case_file        TEXT NOT NULL,
    tree_id          TEXT NOT NULL,
    tree_hash        TEXT NOT NULL,
    expected_outcome TEXT NOT NULL,
    expected_urgency TEXT NOT NULL,
    reference        TEXT NOT NULL,
    must_ask         TEXT NOT NULL,
    started_at       REAL NOT NULL,
    finished_at      REAL,
    outcome          TEXT,
    urgency          TEXT,
    verdict          TEXT,
    outcome_correct  INTEGER,
    score            INTEGER
);
CREATE TABLE IF NOT EXISTS steps (
    session_id   INTEGER NOT NULL REFERENCES sessions(id),
    n            INTEGER NOT NULL,
    depth        INTEGER NOT NULL,
    node_id      TEXT NOT NULL,
    answer_label TEXT NOT NULL,
    shown_at     REAL NOT NULL,
    answered_at  REAL NOT NULL,
    PRIMARY KEY (session_id, n)
);
CREATE INDEX IF NOT EXISTS sessions_by_trainee ON sessions(trainee);
CREATE INDEX IF NOT EXISTS sessions_by_case ON sessions(tree_id, case_id);
"""


class StoreError(Exception):
    """The session database cannot be used; the message says why and what to do."""


class StoreLocked(StoreError):
    """Another program held the database for longer than the timeout."""


class StoreCorrupt(StoreError):
    """The file is not a usable twitchtree session database. It was left untouched."""


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
    started_at: float
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
        return None if self.finished_at is None else self.finished_at - self.started_at


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
        return max(0.0, self.answered_at - self.shown_at)


class Store:
    """The session database at ``path``. Use :meth:`open`; close it (or use ``with``) when done."""

    def __init__(self, path: Path, connection: sqlite3.Connection, timeout: float) -> None:
        self.path = path
        self._db = connection
        self.timeout = timeout

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    # -- opening ---------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | str, *, create: bool = True, timeout: float = DEFAULT_TIMEOUT) -> Store:
        """Open (and with ``create``, create) the database. Raises StoreError, never overwrites."""
        path = Path(path)
        exists = path.exists()
        if not exists and not create:
            raise StoreError(f"{path}: no session database here (no training has been recorded to it yet)")
        if exists:
            _check_header(path)
        elif not path.parent.is_dir():
            raise StoreError(f"{path}: the folder {path.parent} does not exist")
        else:
            _create_private(path)
        try:
            connection = sqlite3.connect(path, timeout=min(timeout, 2.0), isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"{path}: cannot open the session database: {exc}") from None
        store = cls(path, connection, timeout)
        try:
            store._prepare(create)
        except BaseException:
            connection.close()
            raise
        return store

    def _prepare(self, create: bool) -> None:
        tables = set(
            self._read(lambda db: [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")])
        )
        ours = {"meta", "sessions", "steps"}
        if tables and "meta" not in tables:
            raise StoreCorrupt(
                f"{self.path}: this is an SQLite database, but not a twitchtree session database; {_LEFT_ALONE}"
            )
        if tables:
            meta = dict(self._read(lambda db: db.execute("SELECT key, value FROM meta").fetchall()))
            if meta.get("app") != "twitchtree":
                raise StoreCorrupt(f"{self.path}: not a twitchtree session database; {_LEFT_ALONE}")
            version = int(meta.get("schema", "0") or 0)
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"{self.path}: recorded by a newer twitchtree (schema {version}); update twitchtree to use it"
                )
            if not ours <= tables:
                raise StoreCorrupt(
                    f"{self.path}: the session database has no {', '.join(sorted(ours - tables))} table; {_LEFT_ALONE}"
                )
        elif not create:
            raise StoreError(f"{self.path}: the session database is empty (no training has been recorded to it yet)")
        mode = self._read(lambda db: db.execute("PRAGMA journal_mode").fetchone()[0])
        if str(mode).lower() != "wal":
            self._guarded(lambda: self._db.execute("PRAGMA journal_mode = WAL"))
        self._db.execute("PRAGMA synchronous = FULL")  # a committed answer survives a power cut too
        self._db.execute("PRAGMA foreign_keys = ON")
        if not tables:
            self._write(_create_schema)

    # -- writing ---------------------------------------------------------------

    def start_session(
        self,
        *,
        trainee: str,
        case_id: str,
        case_title: str,
        case_file: str,
        tree_id: str,
        tree_hash: str,
        expected_outcome: str,
        expected_urgency: str,
        reference: dict[str, str],
        must_ask: tuple[str, ...] | list[str],
        started_at: float,
    ) -> int:
        """Record the start of an attempt and return its session id."""

        def insert(db: sqlite3.Connection) -> int:
            cursor = db.execute(
                "INSERT INTO sessions (trainee, case_id, case_title, case_file, tree_id, tree_hash,"
                " expected_outcome, expected_urgency, reference, must_ask, started_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    trainee,
                    case_id,
                    case_title,
                    case_file,
                    tree_id,
                    tree_hash,
                    expected_outcome,
                    expected_urgency,
                    json.dumps(reference, ensure_ascii=False),
                    json.dumps(list(must_ask), ensure_ascii=False),
                    started_at,
                ),
            )
            return int(cursor.lastrowid)  # type: ignore[arg-type]

        return self._write(insert)

    def add_step(self, session_id: int, step: StepRecord) -> None:
        """Record one answer; it is committed when this returns."""
        self._write(
            lambda db: db.execute(
                "INSERT INTO steps (session_id, n, depth, node_id, answer_label, shown_at, answered_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (session_id, step.n, step.depth, step.node_id, step.answer_label, step.shown_at, step.answered_at),
            )
        )

    def finish_session(
        self,
        session_id: int,
        *,
        finished_at: float,
        outcome: str,
        urgency: str,
        verdict: str,
        outcome_correct: bool,
        score: int,
    ) -> None:
        self._write(
            lambda db: db.execute(
                "UPDATE sessions SET finished_at = ?, outcome = ?, urgency = ?, verdict = ?, outcome_correct = ?,"
                " score = ? WHERE id = ?",
                (finished_at, outcome, urgency, verdict, int(outcome_correct), score, session_id),
            )
        )

    # -- reading ---------------------------------------------------------------

    def sessions(self, trainee: str | None = None) -> list[SessionRecord]:
        """Every recorded session (only ``trainee``'s, if given), oldest first."""
        query = (
            f"SELECT {_SESSION_COLUMNS} FROM sessions"
            + (" WHERE trainee = ?" if trainee is not None else "")
            + " ORDER BY id"
        )
        rows = self._read(lambda db: db.execute(query, () if trainee is None else (trainee,)).fetchall())
        return [_session(row) for row in rows]

    def session(self, session_id: int) -> SessionRecord | None:
        rows = self._read(
            lambda db: db.execute(f"SELECT {_SESSION_COLUMNS} FROM sessions WHERE id = ?", (session_id,)).fetchall()
        )
        return _session(rows[0]) if rows else None

    def steps(self, session_id: int) -> list[StepRecord]:
        """A session's answers in the order they were given."""
        rows = self._read(
            lambda db: db.execute(
                "SELECT n, depth, node_id, answer_label, shown_at, answered_at FROM steps"
                " WHERE session_id = ? ORDER BY n",
                (session_id,),
            ).fetchall()
        )
        return [StepRecord(*row) for row in rows]

    def best_scores(self, trainee: str) -> dict[tuple[str, str], int]:
        """(tree id, case id) → the trainee's best score on that case."""
        rows = self._read(
            lambda db: db.execute(
                "SELECT tree_id, case_id, MAX(score) FROM sessions"
                " WHERE trainee = ? AND score IS NOT NULL GROUP BY tree_id, case_id",
                (trainee,),
            ).fetchall()
        )
        return {(tree_id, case_id): int(score) for tree_id, case_id, score in rows}

    # -- the retry and error handling --------------------------------------------

    def _write(self, work: Callable[[sqlite3.Connection], _T]) -> _T:
        """Run ``work`` in one BEGIN IMMEDIATE transaction, retrying while the file is busy."""

        def attempt() -> _T:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                result = work(self._db)
                self._db.execute("COMMIT")
            except BaseException:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                raise
            return result

        return self._guarded(attempt)

    def _read(self, work: Callable[[sqlite3.Connection], _T]) -> _T:
        return self._guarded(lambda: work(self._db))

    def _guarded(self, work: Callable[[], _T]) -> _T:
        deadline = time.monotonic() + self.timeout
        delay = 0.005
        while True:
            try:
                with _errors(self.path):
                    return work()
            except _Busy as busy:
                if time.monotonic() + delay > deadline:
                    raise StoreLocked(
                        f"{self.path}: the session database stayed locked by another program for "
                        f"{self.timeout:g} s ({busy.detail}); close that program or give another file with --db"
                    ) from None
                time.sleep(delay * (0.5 + random.random()))
                delay = min(delay * 2, 0.25)


class _Busy(Exception):
    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


@contextmanager
def _errors(path: Path) -> Iterator[None]:
    """Turn sqlite3's errors into _Busy (retry) or a StoreError that names the file."""
    try:
        yield
    except sqlite3.Error as exc:
        code = getattr(exc, "sqlite_errorcode", None)
        if code is not None and code & 0xFF in _BUSY_CODES:
            raise _Busy(str(exc)) from None
        if code is not None and code & 0xFF in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
            raise StoreCorrupt(f"{path}: the session database is damaged ({exc}); {_LEFT_ALONE}") from None
        raise StoreError(f"{path}: the session database cannot be used: {exc}") from None


def _create_schema(db: sqlite3.Connection) -> None:
    for statement in _SCHEMA.split(";"):
        if statement.strip():
            db.execute(statement)
    db.execute(
        "INSERT OR IGNORE INTO meta (key, value) VALUES ('app', 'twitchtree'), ('schema', ?)", (str(SCHEMA_VERSION),)
    )


def _check_header(path: Path) -> None:
    """Refuse a file that is not SQLite before SQLite touches it (an empty file is a new database)."""
    from ..model.document import read_bytes

    try:
        head = read_bytes(path, len(_HEADER))  # a regular file only: a FIFO would block, a device never end
    except IsADirectoryError:
        raise StoreError(f"{path}: is a folder; give a database file with --db") from None
    except OSError as exc:
        raise StoreError(f"{path}: cannot read the session database: {exc.strerror or exc}") from None
    if head and head != _HEADER:
        raise StoreCorrupt(f"{path}: not an SQLite database (damaged, or another kind of file); {_LEFT_ALONE}")


def _create_private(path: Path) -> None:
    """Create the file readable by its owner only: it holds trainees' names and results."""
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        pass  # another process created it first
    except OSError as exc:
        raise StoreError(f"{path}: cannot create the session database: {exc.strerror or exc}") from None


def _session(row: tuple[Any, ...]) -> SessionRecord:
    *head, reference, must_ask, started_at, finished_at, outcome, urgency, verdict, outcome_correct, score = row
    return SessionRecord(
        *head,
        _json(reference, dict),
        tuple(_json(must_ask, list)),
        started_at,
        finished_at,
        outcome,
        urgency,
        verdict,
        None if outcome_correct is None else bool(outcome_correct),
        score,
    )


def _json(text: str, kind: type) -> Any:
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        return kind()
    return value if isinstance(value, kind) else kind()
