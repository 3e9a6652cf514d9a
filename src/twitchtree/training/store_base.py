"""What every session store shares: the errors, the base class with the SQL both backends speak, and its retries.

The backends (:mod:`.store_sqlite`, :mod:`.store_postgres`) build on this
module and the records of :mod:`.rows`, and nothing else of the store; :mod:`.store` picks one and is what the
rest of twitchtree imports.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, ClassVar, Protocol, TypeVar

from . import schema
from .rows import (
    NewSession,
    Result,
    Row,
    SessionRecord,
    StepRecord,
    Totals,
    integer,
    session_record,
    step_record,
    totals,
)

DEFAULT_TIMEOUT = 15.0
"""Seconds a call keeps retrying a busy database before giving up."""

LEFT_ALONE = "it was left as it is. Give another database with --db."
_T = TypeVar("_T")


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


class Cursor(Protocol):
    def fetchall(self) -> list[Any]: ...


class Connection(Protocol):
    """What the shared code needs of a backend's connection: sqlite3's and psycopg's both have it."""

    def execute(self, sql: str, params: Sequence[Any] = ..., /) -> Cursor: ...


class Store:
    """A session database; close it (or use ``with``) when done.

    A store is used by one thread at a time (the recorder's, once it has one). Open one with
    :func:`.store.open_store`.

    What is the same on every backend is here, the SQL included (written with ``?`` for each
    parameter; :meth:`_sql` turns it into the backend's ``PARAM``), and so are opening and
    migrating (:meth:`_prepare`). A backend brings its connection (:meth:`_fetch`,
    :meth:`_stream`, :meth:`_execute`, :meth:`_write`, :meth:`close`), the SQL only it speaks
    (its types, table list, totals and locks), and :meth:`start_session`.
    """

    where: str
    """The database as the user named it (a URL without its password), for messages."""
    timeout: float
    PARAM: ClassVar[str] = "?"
    """How the backend's SQL marks a parameter."""
    BEST_SCORES: ClassVar[str]
    """Per (tree id, case id), the best score of the trainee given: only scores that are numbers."""
    CASE_TOTALS: ClassVar[str]
    """Per (tree id, case id, latest title), the :class:`~.rows.Summary` columns; ``{where}`` limits the rows."""
    TRAINEE_TOTALS: ClassVar[str]
    """Per trainee, the :class:`~.rows.Summary` columns; ``{where}`` limits the rows."""
    TABLES: ClassVar[str]
    """The names of the tables there are."""
    INDEXES: ClassVar[dict[str, str]] = {}
    """Indexes that only speed reading up, by name: made whenever the database is opened to be written, if it
    lacks them, in any schema version (an older twitchtree reads a database that has them)."""
    INDEX_NAMES: ClassVar[str] = ""
    """The names of the indexes there are (asked only of a backend with :attr:`INDEXES`)."""
    MIGRATIONS: ClassVar[dict[int, tuple[str, ...]]]
    """:func:`.schema.migrations` with the backend's types."""
    MIGRATION_LOCK: ClassVar[str | None] = None
    """Run first in the migration's transaction, so that one process migrates at a time (if the
    transaction alone does not see to it)."""
    FOREIGN: ClassVar[str]
    """What to say of a database whose tables show it is another program's."""

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

    def _read(self, work: Callable[[Any], _T]) -> _T:
        """Run ``work`` on the connection (retried while the database is busy)."""
        raise NotImplementedError

    def _write(self, work: Callable[[Any], _T]) -> _T:
        """Run ``work`` on the connection in one write transaction, committed when this returns (retried while busy)."""
        raise NotImplementedError

    def _stream(self, sql: str, params: Sequence[object] = (), batch: int = 500) -> Iterator[Row]:
        """The rows of one query as they are used, ``batch`` at a time, never all at once."""
        raise NotImplementedError

    def _foreign(self, tables: set[str]) -> bool:
        """Whether the tables there show the database to be another program's: ours under other tables."""
        return "meta" not in tables and bool(tables & {"sessions", "steps"})

    def _ready_to_write(self) -> None:
        """Set the connection up for writing, before anything is written."""

    # -- opening and migrating ------------------------------------------------------

    def _prepare(self, create: bool) -> None:
        """Check the database is a session database; with ``create``, create or migrate it, and check it
        can be written (a read-only file or role says so now, not at the first answer)."""
        tables = {str(r[0]) for r in self._fetch(self.TABLES)}
        if self._foreign(tables):
            raise StoreCorrupt(f"{self.where}: {self.FOREIGN}; {LEFT_ALONE}")
        version = 0
        if "meta" in tables:
            version = self.schema_version()
            if missing := {"sessions", "steps"} - tables:
                raise StoreCorrupt(
                    f"{self.where}: the session database has no {', '.join(sorted(missing))} table; {LEFT_ALONE}"
                )
        elif not create:
            raise StoreError(f"{self.where}: no training has been recorded to this database yet")
        if not create:
            return
        self._ready_to_write()
        if version < schema.SCHEMA_VERSION:
            self._write(self._migrate)  # a write: a database that cannot be written fails here
        else:
            self._write(self._probe)

    def _probe(self, db: Connection) -> None:
        db.execute(schema.PROBE)
        self._index(db)

    def _index(self, db: Connection) -> None:
        """Make the :attr:`INDEXES` the database lacks, inside the write transaction (SQLite's, the one backend
        with any, lets one writer in at a time, so two processes never make the same index)."""
        if not self.INDEXES:
            return
        have = {str(r[0]) for r in db.execute(self.INDEX_NAMES).fetchall()}
        for name, statement in self.INDEXES.items():
            if name not in have:
                db.execute(statement)

    def _migrate(self, db: Connection) -> None:
        """Inside the write transaction: another process may have migrated since we looked."""
        if self.MIGRATION_LOCK:
            db.execute(self.MIGRATION_LOCK)
        tables = {str(r[0]) for r in db.execute(self.TABLES).fetchall()}
        meta = {str(k): str(v) for k, v in db.execute(schema.META).fetchall()} if "meta" in tables else None
        version = check_schema(self.where, meta) if meta is not None else 0
        for target in range(version + 1, schema.SCHEMA_VERSION + 1):
            for statement in self.MIGRATIONS[target]:
                db.execute(statement)
        db.execute(self._sql(schema.SET_SCHEMA), (str(schema.SCHEMA_VERSION),))
        self._index(db)

    # -- the same on every backend ----------------------------------------------

    def _fetch(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        """Every row of one query."""
        return self._read(lambda db: db.execute(sql, params).fetchall())

    def _execute(self, sql: str, params: Sequence[object] = ()) -> None:
        """Run one statement in a transaction of its own."""
        self._write(lambda db: db.execute(sql, params))

    def _sql(self, statement: str) -> str:
        return statement if self.PARAM == "?" else statement.replace("?", self.PARAM)

    def add_step(self, session_id: int, step: StepRecord) -> None:
        """Record one answer; it is committed when this returns. Writing the same step twice keeps one."""
        self._execute(self._sql(schema.INSERT_STEP), (session_id, *step.row()))

    def finish_session(self, session_id: int, result: Result) -> None:
        self._execute(self._sql(schema.FINISH), (*result.row(), session_id))

    def sessions(self, trainee: str | None = None) -> Iterator[SessionRecord]:
        """Every recorded session (only ``trainee``'s, if given), oldest first, read as they are used."""
        where, params = self._of(trainee)
        yield from map(session_record, self._stream(schema.SESSIONS.format(where=where), params))

    def session(self, session_id: int) -> SessionRecord | None:
        if integer(session_id) is None or session_id < 0:
            return None
        rows = self._fetch(self._sql(schema.SESSION), (session_id,))
        return session_record(rows[0]) if rows else None

    def steps(self, session_id: int) -> list[StepRecord]:
        """A session's answers in the order they were given."""
        return [step_record(row) for row in self._fetch(self._sql(schema.STEPS), (session_id,))]

    def best_scores(self, trainee: str) -> dict[tuple[str, str], int]:
        """(tree id, case id) → the trainee's best score on that case."""
        rows = self._fetch(self._sql(self.BEST_SCORES), (trainee,))
        return {(str(t), str(c)): s for t, c, score in rows if (s := integer(score)) is not None}

    def case_totals(self, trainee: str | None = None) -> Iterator[Totals]:
        """Per (tree, case), added up by the database, in tree and case order, each as soon as it is added up."""
        where, params = self._of(trainee)
        # One row at a time: SQLite adds the cases up in the order of its index, so the first
        # case is ready long before the last, and a report can start printing at once.
        rows = self._stream(self.CASE_TOTALS.format(where=where), params, batch=1)
        yield from (totals(row, 3) for row in rows)

    def trainee_totals(self, trainee: str | None = None) -> list[Totals]:
        """Per trainee, added up by the database, in the order of their names."""
        where, params = self._of(trainee)
        rows = self._fetch(self.TRAINEE_TOTALS.format(where=where), params)
        return sorted((totals(row, 1) for row in rows), key=lambda t: t.key[0].casefold())

    def schema_version(self) -> int:
        return check_schema(self.where, {str(k): str(v) for k, v in self._fetch(schema.META)})

    def _of(self, trainee: str | None) -> tuple[str, tuple[object, ...]]:
        """The ``WHERE`` that keeps one trainee's rows (none for None), and its parameters."""
        return ("", ()) if trainee is None else (self._sql(" WHERE trainee = ?"), (trainee,))

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
    if version > schema.SCHEMA_VERSION:
        raise StoreError(f"{where}: recorded by a newer twitchtree (schema {version}); update twitchtree to use it")
    if version < 1:
        raise StoreCorrupt(f"{where}: the session database has no schema version; {LEFT_ALONE}")
    return version
