"""The session store in one SQLite file: the embedded default. The SQL only SQLite speaks is in this module.

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
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from . import schema
from .rows import NewSession, Row
from .store_base import LEFT_ALONE, Busy, Store, StoreCorrupt, StoreError, StoreUnavailable

_T = TypeVar("_T")
_HEADER = b"SQLite format 3\x00"
_BUSY = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}
_FOR_NOW = {sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR}
"""A full disk or an I/O error may pass: the writes wait for it."""

_NUMERIC = "({0} > -1e15 AND {0} < 1e15)"
"""A number of a sane size. SQLite orders every number before every text and blob, and compares NULL with
nothing, so text, blobs and NULL all fail it: the same test as ``typeof(...) IN ('integer', 'real') AND
abs(...) < 1e15``, at a third of the cost per row (a report adds up every session)."""
_DONE = f"verdict IS NOT NULL AND {_NUMERIC.format('finished_at')}"
_TOTALS = f"""
    COUNT(*),
    SUM({_DONE}),
    SUM({_DONE} AND verdict = 'exact'),
    SUM({_DONE} AND verdict = 'under-triage'),
    SUM({_DONE} AND verdict = 'over-triage'),
    AVG(CASE WHEN {_DONE} AND {_NUMERIC.format("score")} THEN score END),
    AVG(CASE WHEN {_DONE} AND {_NUMERIC.format("started_at")} THEN finished_at - started_at END)
"""


class SqliteStore(Store):
    BEST_SCORES = (
        "SELECT tree_id, case_id, MAX(score) FROM sessions WHERE trainee = ?"
        f" AND {_NUMERIC.format('score')} GROUP BY tree_id, case_id"
    )
    CASE_TOTALS = f"""
        SELECT tree_id, case_id, case_title, {_TOTALS}, MAX(id)
        FROM sessions{{where}} GROUP BY tree_id, case_id ORDER BY tree_id, case_id
    """
    """With one MAX() in the query, SQLite takes ``case_title`` from the row with the largest id: the latest title."""
    TRAINEE_TOTALS = f"SELECT trainee, {_TOTALS} FROM sessions{{where}} GROUP BY trainee"
    TABLES = "SELECT name FROM sqlite_master WHERE type = 'table'"
    INDEX_NAMES = "SELECT name FROM sqlite_master WHERE type = 'index'"
    INDEXES = {
        "sessions_case_totals": "CREATE INDEX IF NOT EXISTS sessions_case_totals"
        " ON sessions(tree_id, case_id, verdict, finished_at, score, started_at, case_title)",
    }
    """Every column a case's totals are added up from, in the report's order (SQLite's rowid is in every index):
    the report reads this index alone, case by case, and its first case is out without reading a session's row
    (at 100,000 sessions the whole report takes a third of the time). SQLite only: PostgreSQL caps an index
    entry's size (a long case title would then refuse the session), lets only the table's owner make an index,
    and would lose its in-place updates of a finished session."""
    MIGRATIONS = schema.migrations(
        serial="INTEGER PRIMARY KEY AUTOINCREMENT", real="REAL", bigint="INTEGER", add_column="ADD COLUMN"
    )
    FOREIGN = "this is an SQLite database, but not a twitchtree session database"

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

    def _foreign(self, tables: set[str]) -> bool:
        return bool(tables) and "meta" not in tables  # a file of other tables is another program's

    def _ready_to_write(self) -> None:
        if self._read(lambda db: str(db.execute("PRAGMA journal_mode").fetchone()[0])).lower() != "wal":
            self._read(lambda db: db.execute("PRAGMA journal_mode = WAL"))
        self._db.execute("PRAGMA synchronous = FULL")  # a committed answer survives a power cut too
        self._db.execute("PRAGMA foreign_keys = ON")

    def start_session(self, session: NewSession) -> int:
        def insert(db: sqlite3.Connection) -> int:
            cursor = db.execute(schema.INSERT_SESSION, session.row())
            if cursor.rowcount == 1 and cursor.lastrowid is not None:
                return int(cursor.lastrowid)
            (found,) = db.execute(schema.SESSION_OF_UID, (session.uid,)).fetchone()
            return int(found)

        return self._write(insert)

    # -- the connection: transactions, retries and errors ------------------------------

    def _stream(self, sql: str, params: Sequence[object] = (), batch: int = 500) -> Iterator[Row]:
        cursor = self._read(lambda db: db.execute(sql, params))
        while rows := self._read(lambda db: cursor.fetchmany(batch)):
            yield from rows

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


def _check_header(path: Path) -> None:
    """Refuse a file that is not SQLite before SQLite touches it (an empty file is a new database)."""
    from ..model.files import read_bytes

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
