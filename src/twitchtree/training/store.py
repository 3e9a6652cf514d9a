"""The session store: every training attempt and every answer, in SQLite or PostgreSQL.

One interface, :class:`Store` (:mod:`.store_base`), with the schema and the
statements both backends speak defined once (:mod:`.schema`) and the records
once (:mod:`.rows`); a small module per backend holds only what differs: its
connection, its dialect and its locking (:mod:`.store_sqlite`,
:mod:`.store_postgres`). ``open_store`` picks the backend from the location:
a ``postgresql://`` (or ``postgres://``) URL means PostgreSQL, anything else
is the path of an SQLite file, the embedded default. psycopg is imported only when a URL asks for PostgreSQL.

Schema (version 2; the same tables and columns on both backends)::

    meta(key PRIMARY KEY, value)                    app = twitchtree, schema = 2
    sessions(id PRIMARY KEY,                        one attempt at one case
             trainee, case_id, case_title, case_file,
             tree_id, tree_hash,                    Tree.content_hash when the attempt started
             expected_outcome, expected_urgency,
             reference,                             JSON: the case's answers (node id -> label)
             must_ask,                              JSON: the case's must_ask node ids
             started_at, finished_at,               Unix seconds; finished_at NULL = not finished
             outcome, urgency, verdict,             what the trainee reached; exact | over-triage | under-triage
             outcome_correct, score,                1/0; 0-100 (see scoring.py)
             uid)                                   unique per attempt, chosen by the writer (schema 2):
                                                    a write retried after a lost reply never doubles
    steps(session_id, n, depth, node_id, answer_label, shown_at, answered_at)
             n: 1, 2, 3 … in the order answered; depth: the question's place on the
             path (0 = first). Going back and answering again adds a row at a lower
             depth, which replaces the rows after it on the path (see scoring.final_path).

Migrations: ``meta.schema`` holds the version. :func:`.schema.migrations`
lists, per version, the statements that bring the previous version to it
(each backend names its own column types); opening a store to write
applies the missing ones in one transaction, under a lock, so several
processes opening an old database at once migrate it once.
Reading (``report``) never migrates.

Every write is its own transaction, committed before the call returns, so a
crash or ``kill -9`` loses nothing already written. A write that finds the
database busy retries until ``timeout`` seconds have passed, then raises
:class:`StoreLocked`; a server that cannot be reached raises
:class:`StoreUnavailable`. Both are transient: the :class:`~.recorder.Recorder`
keeps the writes queued and tries again. A database that is not a twitchtree
session database raises :class:`StoreCorrupt` before anything is written,
and is never overwritten or "repaired".
"""

from __future__ import annotations

from pathlib import Path

from .rows import MAX_ID, NewSession, Result, SessionRecord, StepRecord, Summary, Totals
from .schema import SCHEMA_VERSION
from .store_base import (
    DEFAULT_TIMEOUT,
    TRANSIENT,
    Store,
    StoreCorrupt,
    StoreError,
    StoreLocked,
    StoreUnavailable,
    display,
    is_url,
)

__all__ = [
    "DEFAULT_TIMEOUT",
    "MAX_ID",
    "SCHEMA_VERSION",
    "TRANSIENT",
    "NewSession",
    "Result",
    "SessionRecord",
    "StepRecord",
    "Store",
    "StoreCorrupt",
    "StoreError",
    "StoreLocked",
    "StoreUnavailable",
    "Summary",
    "Totals",
    "display",
    "is_url",
    "open_store",
]


def open_store(location: str | Path, *, create: bool = True, timeout: float = DEFAULT_TIMEOUT) -> Store:
    """Open (with ``create``, create or migrate) the database at ``location``. Raises StoreError."""
    if is_url(location):
        from .store_postgres import PostgresStore

        return PostgresStore.connect(str(location), create=create, timeout=timeout)
    from .store_sqlite import SqliteStore

    return SqliteStore.connect(Path(location), create=create, timeout=timeout)
