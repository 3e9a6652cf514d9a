"""The session store in PostgreSQL, for several ``serve`` instances sharing one database.

Every statement it runs is in this module; the tables and columns are those
of the SQLite store, and the migrations go version by version as there.
psycopg 3 is imported only when this module is, which ``open_store`` does
only for a ``postgresql://`` URL. One connection per process: a writer
thread and a report each use a single connection in turn, so a pool would
only hold idle connections open.

Each write is one transaction with a ``lock_timeout``, so a table locked by
another session is retried (as SQLite's busy file is) until the store's
timeout. A connection that breaks is dropped and opened again by the next
call; until the server answers, calls raise :class:`StoreUnavailable`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

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
    display,
)

if TYPE_CHECKING:
    import psycopg

_T = TypeVar("_T")
_MIGRATION_LOCK = 0x7477_6974_6368  # "twitch": one process migrates at a time

MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: (
        "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        """CREATE TABLE IF NOT EXISTS sessions (
            id               BIGSERIAL PRIMARY KEY,
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
            started_at       DOUBLE PRECISION NOT NULL,
            finished_at      DOUBLE PRECISION,
            outcome          TEXT,
            urgency          TEXT,
            verdict          TEXT,
            outcome_correct  INTEGER,
            score            INTEGER)""",
        """CREATE TABLE IF NOT EXISTS steps (
            session_id   BIGINT NOT NULL REFERENCES sessions(id),
            n            INTEGER NOT NULL,
            depth        INTEGER NOT NULL,
            node_id      TEXT NOT NULL,
            answer_label TEXT NOT NULL,
            shown_at     DOUBLE PRECISION NOT NULL,
            answered_at  DOUBLE PRECISION NOT NULL,
            PRIMARY KEY (session_id, n))""",
        "CREATE INDEX IF NOT EXISTS sessions_by_trainee ON sessions(trainee)",
        "CREATE INDEX IF NOT EXISTS sessions_by_case ON sessions(tree_id, case_id)",
        "INSERT INTO meta (key, value) VALUES ('app', 'twitchtree') ON CONFLICT DO NOTHING",
    ),
    2: (
        "ALTER TABLE sessions ADD COLUMN IF NOT EXISTS uid TEXT",
        "CREATE UNIQUE INDEX IF NOT EXISTS sessions_by_uid ON sessions(uid)",
    ),
}
"""Per schema version, the statements that bring the version before it to this one."""

_TABLES = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
_INSERT_SESSION = (
    "INSERT INTO sessions (trainee, case_id, case_title, case_file, tree_id, tree_hash, expected_outcome,"
    " expected_urgency, reference, must_ask, started_at, uid) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
    " ON CONFLICT (uid) DO NOTHING RETURNING id"
)
_INSERT_STEP = (
    f"INSERT INTO steps (session_id, {STEP_COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING"
)
_FINISH = (
    "UPDATE sessions SET finished_at = %s, outcome = %s, urgency = %s, verdict = %s, outcome_correct = %s,"
    " score = %s WHERE id = %s"
)
_DONE = "finished_at IS NOT NULL AND verdict IS NOT NULL AND abs(finished_at) < 1e15"
_TOTALS = f"""
    COUNT(*),
    COUNT(*) FILTER (WHERE {_DONE}),
    COUNT(*) FILTER (WHERE {_DONE} AND verdict = 'exact'),
    COUNT(*) FILTER (WHERE {_DONE} AND verdict = 'under-triage'),
    COUNT(*) FILTER (WHERE {_DONE} AND verdict = 'over-triage'),
    AVG(score) FILTER (WHERE {_DONE}),
    AVG(finished_at - started_at) FILTER (WHERE {_DONE} AND abs(started_at) < 1e15)
"""
_CASE_TOTALS = f"""
    SELECT tree_id, case_id, (array_agg(case_title ORDER BY id DESC))[1], {_TOTALS}
    FROM sessions {{where}} GROUP BY tree_id, case_id ORDER BY tree_id, case_id
"""
_TRAINEE_TOTALS = f"SELECT trainee, {_TOTALS} FROM sessions {{where}} GROUP BY trainee"


class PostgresStore(Store):
    def __init__(self, url: str, timeout: float) -> None:
        self.url = url
        self.where = display(url)
        self.timeout = timeout
        self._conn: psycopg.Connection[Any] | None = None

    @classmethod
    def connect(cls, url: str, *, create: bool, timeout: float) -> PostgresStore:
        store = cls(url, timeout)
        try:
            store._prepare(create)
        except BaseException:
            store.close()
            raise
        return store

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _connection(self) -> psycopg.Connection[Any]:
        try:
            import psycopg
        except ImportError:
            raise StoreError(
                f"{self.where}: a postgresql:// database needs psycopg: pip install 'twitchtree[postgresql]'"
            ) from None
        if self._conn is None or self._conn.closed or self._conn.broken:
            self.close()
            self._conn = psycopg.connect(self.url, autocommit=True, connect_timeout=max(1, round(self.timeout)))
        return self._conn

    def _prepare(self, create: bool) -> None:
        tables = self._read(lambda db: {str(r[0]) for r in db.execute(_TABLES)})
        if "meta" not in tables and tables & {"sessions", "steps"}:
            raise StoreCorrupt(f"{self.where}: its sessions table is not a twitchtree one; {LEFT_ALONE}")
        if "meta" not in tables and not create:
            raise StoreError(f"{self.where}: no training has been recorded to this database yet")
        if "meta" in tables:
            version = self.schema_version()
            if {"sessions", "steps"} - tables:
                raise StoreCorrupt(f"{self.where}: the session database is missing a table; {LEFT_ALONE}")
            if not create:
                return
            if version >= SCHEMA_VERSION:
                self._write(_probe)
                return
        self._write(self._migrate)

    def _meta(self, db: psycopg.Connection[Any]) -> dict[str, str]:
        return {str(k): str(v) for k, v in db.execute("SELECT key, value FROM meta")}

    def schema_version(self) -> int:
        return check_schema(self.where, self._read(self._meta))

    def _migrate(self, db: psycopg.Connection[Any]) -> None:
        db.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
        tables = {str(r[0]) for r in db.execute(_TABLES)}
        version = check_schema(self.where, self._meta(db)) if "meta" in tables else 0
        for target in range(version + 1, SCHEMA_VERSION + 1):
            for statement in MIGRATIONS[target]:
                db.execute(statement)
        db.execute(
            "INSERT INTO meta (key, value) VALUES ('schema', %s)"
            " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            (str(SCHEMA_VERSION),),
        )

    # -- writing ---------------------------------------------------------------

    def start_session(self, session: NewSession) -> int:
        def insert(db: psycopg.Connection[Any]) -> int:
            row = db.execute(_INSERT_SESSION, session.row()).fetchone()
            if row is None:
                row = db.execute("SELECT id FROM sessions WHERE uid = %s", (session.uid,)).fetchone()
            assert row is not None
            return int(row[0])

        return self._write(insert)

    def add_step(self, session_id: int, step: StepRecord) -> None:
        values = (session_id, step.n, step.depth, step.node_id, step.answer_label, step.shown_at, step.answered_at)
        self._write(lambda db: db.execute(_INSERT_STEP, values))

    def finish_session(self, session_id: int, result: Result) -> None:
        r = result
        values = (r.finished_at, r.outcome, r.urgency, r.verdict, int(r.outcome_correct), r.score, session_id)
        self._write(lambda db: db.execute(_FINISH, values))

    # -- reading ---------------------------------------------------------------

    def sessions(self, trainee: str | None = None) -> Iterator[SessionRecord]:
        where = " WHERE trainee = %s" if trainee is not None else ""
        query = f"SELECT {SESSION_COLUMNS} FROM sessions{where} ORDER BY id"
        db = self._read(lambda db: db)
        with self._errors(), db.transaction(), db.cursor(name="twitchtree_sessions") as cursor:
            cursor.itersize = 500  # a server-side cursor: rows come 500 at a time, never all at once
            cursor.execute(query, () if trainee is None else (trainee,))
            yield from map(session_record, cursor)

    def session(self, session_id: int) -> SessionRecord | None:
        if integer(session_id) is None or session_id < 0:
            return None
        query = f"SELECT {SESSION_COLUMNS} FROM sessions WHERE id = %s"
        row = self._read(lambda db: db.execute(query, (session_id,)).fetchone())
        return session_record(row) if row is not None else None

    def steps(self, session_id: int) -> list[StepRecord]:
        query = f"SELECT {STEP_COLUMNS} FROM steps WHERE session_id = %s ORDER BY n"
        return [step_record(row) for row in self._read(lambda db: db.execute(query, (session_id,)).fetchall())]

    def best_scores(self, trainee: str) -> dict[tuple[str, str], int]:
        query = (
            "SELECT tree_id, case_id, MAX(score) FROM sessions WHERE trainee = %s AND score IS NOT NULL"
            " GROUP BY tree_id, case_id"
        )
        rows = self._read(lambda db: db.execute(query, (trainee,)).fetchall())
        return {(str(t), str(c)): s for t, c, score in rows if (s := integer(score)) is not None}

    def case_totals(self, trainee: str | None = None) -> list[Totals]:
        return self._totals(_CASE_TOTALS, trainee, 3)

    def trainee_totals(self, trainee: str | None = None) -> list[Totals]:
        return sorted(self._totals(_TRAINEE_TOTALS, trainee, 1), key=lambda t: t.key[0].casefold())

    def _totals(self, query: str, trainee: str | None, keys: int) -> list[Totals]:
        sql = query.format(where="WHERE trainee = %s" if trainee is not None else "")
        rows = self._read(lambda db: db.execute(sql, () if trainee is None else (trainee,)).fetchall())
        return [totals(tuple(_plain(v) for v in row), keys) for row in rows]

    # -- transactions, retries and errors ------------------------------------------

    def _write(self, work: Callable[[psycopg.Connection[Any]], _T]) -> _T:
        def attempt() -> _T:
            db = self._connection()
            with db.transaction():
                db.execute("SET LOCAL lock_timeout = '500ms'")
                return work(db)

        return self.guarded(attempt, self._errors)

    def _read(self, work: Callable[[psycopg.Connection[Any]], _T]) -> _T:
        return self.guarded(lambda: work(self._connection()), self._errors)

    @contextmanager
    def _errors(self) -> Iterator[None]:
        import psycopg
        from psycopg import errors

        try:
            yield
        except (errors.LockNotAvailable, errors.SerializationFailure, errors.DeadlockDetected) as exc:
            raise Busy(_first_line(exc)) from None
        except (errors.InsufficientPrivilege, errors.ReadOnlySqlTransaction) as exc:
            raise StoreError(f"{self.where}: this database cannot be written: {_first_line(exc)}") from None
        except errors.UndefinedTable as exc:
            raise StoreCorrupt(f"{self.where}: a session table is missing ({_first_line(exc)}); {LEFT_ALONE}") from None
        except psycopg.OperationalError as exc:
            self.close()  # the next call connects again
            raise StoreUnavailable(f"{self.where}: cannot reach the database server: {_first_line(exc)}") from None
        except psycopg.Error as exc:
            if self._conn is not None and self._conn.broken:
                self.close()
                raise StoreUnavailable(
                    f"{self.where}: the connection to the server broke: {_first_line(exc)}"
                ) from None
            raise StoreError(f"{self.where}: the session database cannot be used: {_first_line(exc)}") from None


def _probe(db: psycopg.Connection[Any]) -> None:
    """A write that changes nothing, so that a database this role may not write fails here."""
    db.execute("UPDATE meta SET value = value WHERE key = 'app'")


def _plain(value: object) -> object:
    """Decimal (from AVG) as float."""
    from decimal import Decimal

    return float(value) if isinstance(value, Decimal) else value


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__
