"""The session store in one SQLite file: the embedded default. Every statement it runs is in this module.

The file is in WAL mode with ``synchronous = FULL``, so a committed answer
survives a crash or a power cut. Each write is a ``BEGIN IMMEDIATE``
transaction; a busy file is retried (SQLite's own busy wait, then ours)
until the store's timeout. A file that is not SQLite is refused before
SQLite touches it, and a new file is created readable by its owner only,
since it holds trainees' names and results.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from .rows import integer, session_record, step_record, totals
from .store_base import (
    LEFT_ALONE,
    SCHEMA_VERSION,
    SESSION_COLUMNS,
    STEP_COLUMNS,
    Busy,
    NewSession,
    Result,
    SessionRecord,
    StepRecord,
    Store,
    StoreCorrupt,
    StoreError,
    StoreUnavailable,
    Totals,
    check_schema,
)

_T = TypeVar("_T")
_HEADER = b"SQLite format 3\x00"
_BUSY = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}
_FOR_NOW = {sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR}
"""A full disk or an I/O error may pass: the writes wait for it."""

MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: (
        "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        """CREATE TABLE IF NOT EXISTS sessions (
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
            score            INTEGER)""",
        """CREATE TABLE IF NOT EXISTS steps (
            session_id   INTEGER NOT NULL REFERENCES sessions(id),
            n            INTEGER NOT NULL,
            depth        INTEGER NOT NULL,
            node_id      TEXT NOT NULL,
            answer_label TEXT NOT NULL,
            shown_at     REAL NOT NULL,
            answered_at  REAL NOT NULL,
            PRIMARY KEY (session_id, n))""",
        "CREATE INDEX IF NOT EXISTS sessions_by_trainee ON sessions(trainee)",
        "CREATE INDEX IF NOT EXISTS sessions_by_case ON sessions(tree_id, case_id)",
        "INSERT OR IGNORE INTO meta (key, value) VALUES ('app', 'twitchtree')",
    ),
    2: (
        "ALTER TABLE sessions ADD COLUMN uid TEXT",
        "CREATE UNIQUE INDEX IF NOT EXISTS sessions_by_uid ON sessions(uid)",
    ),
}
"""Per schema version, the statements that bring the version before it to this one."""

_INSERT_SESSION = (
    "INSERT INTO sessions (trainee, case_id, case_title, case_file, tree_id, tree_hash, expected_outcome,"
    " expected_urgency, reference, must_ask, started_at, uid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (uid) DO NOTHING"
)
_INSERT_STEP = f"INSERT INTO steps (session_id, {STEP_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"
_FINISH = (
    "UPDATE sessions SET finished_at = ?, outcome = ?, urgency = ?, verdict = ?, outcome_correct = ?, score = ?"
    " WHERE id = ?"
)
_NUMERIC = "typeof({0}) IN ('integer', 'real') AND abs({0}) < 1e15"
_DONE = f"finished_at IS NOT NULL AND verdict IS NOT NULL AND {_NUMERIC.format('finished_at')}"
_TOTALS = f"""
    COUNT(*),
    SUM({_DONE}),
    SUM({_DONE} AND verdict = 'exact'),
    SUM({_DONE} AND verdict = 'under-triage'),
    SUM({_DONE} AND verdict = 'over-triage'),
    AVG(CASE WHEN {_DONE} AND {_NUMERIC.format("score")} THEN score END),
    AVG(CASE WHEN {_DONE} AND {_NUMERIC.format("started_at")} THEN finished_at - started_at END)
"""
_CASE_TOTALS = f"""
    SELECT tree_id, case_id, case_title, {_TOTALS}, MAX(id)
    FROM sessions {{where}} GROUP BY tree_id, case_id ORDER BY tree_id, case_id
"""
"""With one MAX() in the query, SQLite takes ``case_title`` from the row with the largest id: the latest title."""
_TRAINEE_TOTALS = f"SELECT trainee, {_TOTALS} FROM sessions {{where}} GROUP BY trainee"


class SqliteStore(Store):
    def __init__(self, path: Path, connection: sqlite3.Connection, timeout: float) -> None:
        self.path = path
        self.where = str(path)
        self._db = connection
        self.timeout = timeout

    def close(self) -> None:
        self._db.close()

    @classmethod
    def connect(cls, path: Path, *, create: bool, timeout: float) -> SqliteStore:
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
            # The store moves to the recorder's thread after opening; it is never used by two at once.
            connection = sqlite3.connect(path, timeout=min(timeout, 1.0), isolation_level=None, check_same_thread=False)
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
        tables = self._tables()
        if tables and "meta" not in tables:
            raise StoreCorrupt(
                f"{self.where}: this is an SQLite database, but not a twitchtree session database; {LEFT_ALONE}"
            )
        if not tables and not create:
            raise StoreError(f"{self.where}: the session database is empty (no training has been recorded to it yet)")
        if tables:
            version = self.schema_version()
            missing = {"sessions", "steps"} - tables
            if missing:
                raise StoreCorrupt(
                    f"{self.where}: the session database has no {', '.join(sorted(missing))} table; {LEFT_ALONE}"
                )
            if not create:
                return
        if self._read(lambda db: str(db.execute("PRAGMA journal_mode").fetchone()[0])).lower() != "wal":
            self._read(lambda db: db.execute("PRAGMA journal_mode = WAL"))
        self._db.execute("PRAGMA synchronous = FULL")  # a committed answer survives a power cut too
        self._db.execute("PRAGMA foreign_keys = ON")
        if not tables or version < SCHEMA_VERSION:
            self._write(self._migrate)
        self._write(_probe)  # a read-only file or folder says so now, not at the first answer

    def _tables(self) -> set[str]:
        return set(
            self._read(lambda db: [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")])
        )

    def _meta(self, db: sqlite3.Connection) -> dict[str, str]:
        return {str(k): str(v) for k, v in db.execute("SELECT key, value FROM meta")}

    def schema_version(self) -> int:
        return check_schema(self.where, self._read(self._meta))

    def _migrate(self, db: sqlite3.Connection) -> None:
        """Inside the write transaction: another process may have migrated since we looked."""
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        version = check_schema(self.where, self._meta(db)) if "meta" in tables else 0
        for target in range(version + 1, SCHEMA_VERSION + 1):
            for statement in MIGRATIONS[target]:
                db.execute(statement)
        db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema', ?)", (str(SCHEMA_VERSION),))

    # -- writing ---------------------------------------------------------------

    def start_session(self, session: NewSession) -> int:
        def insert(db: sqlite3.Connection) -> int:
            cursor = db.execute(_INSERT_SESSION, session.row())
            if cursor.rowcount == 1 and cursor.lastrowid is not None:
                return int(cursor.lastrowid)
            (found,) = db.execute("SELECT id FROM sessions WHERE uid = ?", (session.uid,)).fetchone()
            return int(found)

        return self._write(insert)

    def add_step(self, session_id: int, step: StepRecord) -> None:
        self._write(
            lambda db: db.execute(
                _INSERT_STEP,
                (session_id, step.n, step.depth, step.node_id, step.answer_label, step.shown_at, step.answered_at),
            )
        )

    def finish_session(self, session_id: int, result: Result) -> None:
        r = result
        values = (r.finished_at, r.outcome, r.urgency, r.verdict, int(r.outcome_correct), r.score, session_id)
        self._write(lambda db: db.execute(_FINISH, values))

    # -- reading ---------------------------------------------------------------

    def sessions(self, trainee: str | None = None) -> Iterator[SessionRecord]:
        where = " WHERE trainee = ?" if trainee is not None else ""
        query = f"SELECT {SESSION_COLUMNS} FROM sessions{where} ORDER BY id"
        cursor = self._read(lambda db: db.execute(query, () if trainee is None else (trainee,)))
        while rows := self._read(lambda db: cursor.fetchmany(500)):
            yield from map(session_record, rows)

    def session(self, session_id: int) -> SessionRecord | None:
        if integer(session_id) is None or session_id < 0:
            return None
        rows = self._read(
            lambda db: db.execute(f"SELECT {SESSION_COLUMNS} FROM sessions WHERE id = ?", (session_id,)).fetchall()
        )
        return session_record(rows[0]) if rows else None

    def steps(self, session_id: int) -> list[StepRecord]:
        query = f"SELECT {STEP_COLUMNS} FROM steps WHERE session_id = ? ORDER BY n"
        return [step_record(row) for row in self._read(lambda db: db.execute(query, (session_id,)).fetchall())]

    def best_scores(self, trainee: str) -> dict[tuple[str, str], int]:
        query = (
            "SELECT tree_id, case_id, MAX(score) FROM sessions WHERE trainee = ?"
            f" AND {_NUMERIC.format('score')} GROUP BY tree_id, case_id"
        )
        rows = self._read(lambda db: db.execute(query, (trainee,)).fetchall())
        return {(str(t), str(c)): s for t, c, score in rows if (s := integer(score)) is not None}

    def case_totals(self, trainee: str | None = None) -> list[Totals]:
        return self._totals(_CASE_TOTALS, trainee, 3)

    def trainee_totals(self, trainee: str | None = None) -> list[Totals]:
        found = self._totals(_TRAINEE_TOTALS, trainee, 1)
        return sorted(found, key=lambda t: t.key[0].casefold())

    def _totals(self, query: str, trainee: str | None, keys: int) -> list[Totals]:
        sql = query.format(where="WHERE trainee = ?" if trainee is not None else "")
        rows = self._read(lambda db: db.execute(sql, () if trainee is None else (trainee,)).fetchall())
        return [totals(row, keys) for row in rows]

    # -- transactions, retries and errors ------------------------------------------

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

        return self.guarded(attempt, self._errors)

    def _read(self, work: Callable[[sqlite3.Connection], _T]) -> _T:
        return self.guarded(lambda: work(self._db), self._errors)

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """Turn sqlite3's errors into Busy (retry) or a StoreError that names the file."""
        try:
            yield
        except sqlite3.Error as exc:
            code = getattr(exc, "sqlite_errorcode", None)
            primary = code & 0xFF if isinstance(code, int) else None
            if primary in _BUSY:
                raise Busy(str(exc)) from None
            if primary in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
                raise StoreCorrupt(f"{self.where}: the session database is damaged ({exc}); {LEFT_ALONE}") from None
            if primary in _FOR_NOW:
                raise StoreUnavailable(f"{self.where}: the session database cannot be written for now: {exc}") from None
            raise StoreError(f"{self.where}: the session database cannot be used: {exc}") from None


def _probe(db: sqlite3.Connection) -> None:
    """A write that changes nothing, so that a database this process may not write fails here."""
    db.execute("UPDATE meta SET value = value WHERE key = 'app'")


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
        raise StoreCorrupt(f"{path}: not an SQLite database (damaged, or another kind of file); {LEFT_ALONE}")


def _create_private(path: Path) -> None:
    """Create the file readable by its owner only: it holds trainees' names and results."""
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        pass  # another process created it first
    except OSError as exc:
        raise StoreError(f"{path}: cannot create the session database: {exc.strerror or exc}") from None
