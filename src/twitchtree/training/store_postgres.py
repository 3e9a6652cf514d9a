"""The session store in PostgreSQL, for several ``serve`` instances sharing one database.

The SQL only PostgreSQL speaks is in this module; the tables and columns
are those of the SQLite store (:mod:`.schema`), and the migrations go version
by version as there, one process at a time (an advisory lock).
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

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

from . import schema
from .rows import NewSession, Row
from .store_base import LEFT_ALONE, Busy, Store, StoreCorrupt, StoreError, StoreUnavailable, display

if TYPE_CHECKING:
    import psycopg

_T = TypeVar("_T")

_INSERT_SESSION = schema.INSERT_SESSION.replace("?", "%s") + " RETURNING id"
_DONE = "finished_at IS NOT NULL AND verdict IS NOT NULL AND abs(finished_at) < 1e15"
_TOTALS = f"""
    COUNT(*),
    COUNT(*) FILTER (WHERE {_DONE}),
    COUNT(*) FILTER (WHERE {_DONE} AND verdict = 'exact'),
    COUNT(*) FILTER (WHERE {_DONE} AND verdict = 'under-triage'),
    COUNT(*) FILTER (WHERE {_DONE} AND verdict = 'over-triage'),
    AVG(score::float8) FILTER (WHERE {_DONE}),
    AVG(finished_at - started_at) FILTER (WHERE {_DONE} AND abs(started_at) < 1e15)
"""


class PostgresStore(Store):
    PARAM = "%s"
    BEST_SCORES = (
        "SELECT tree_id, case_id, MAX(score) FROM sessions WHERE trainee = ? AND score IS NOT NULL"
        " GROUP BY tree_id, case_id"
    )
    CASE_TOTALS = f"""
        SELECT tree_id, case_id, (array_agg(case_title ORDER BY id DESC))[1], {_TOTALS}
        FROM sessions{{where}} GROUP BY tree_id, case_id ORDER BY tree_id, case_id
    """
    TRAINEE_TOTALS = f"SELECT trainee, {_TOTALS} FROM sessions{{where}} GROUP BY trainee"
    TABLES = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
    MIGRATIONS = schema.migrations(
        serial="BIGSERIAL PRIMARY KEY", real="DOUBLE PRECISION", bigint="BIGINT", add_column="ADD COLUMN IF NOT EXISTS"
    )
    MIGRATION_LOCK = f"SELECT pg_advisory_xact_lock({0x7477_6974_6368})"  # "twitch": one process migrates at a time
    FOREIGN = "its sessions table is not a twitchtree one"

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

    def start_session(self, session: NewSession) -> int:
        def insert(db: psycopg.Connection[Any]) -> int:
            row = db.execute(_INSERT_SESSION, session.row()).fetchone()
            if row is None:
                row = db.execute(self._sql(schema.SESSION_OF_UID), (session.uid,)).fetchone()
            assert row is not None
            return int(row[0])

        return self._write(insert)

    # -- the connection: transactions, retries and errors ------------------------------

    def _stream(self, sql: str, params: Sequence[object] = (), batch: int = 500) -> Iterator[Row]:
        db = self._read(lambda db: db)
        with self._errors(), db.transaction(), db.cursor(name="twitchtree_rows") as cursor:
            cursor.itersize = batch  # a server-side cursor: rows come ``batch`` at a time, never all at once
            cursor.execute(sql, params)
            yield from cursor

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


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__
