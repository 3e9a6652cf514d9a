"""Both session-store backends in tests: where a fresh database is, and raw SQL on it.

Import them: ``from store_support import ...``. ``location`` (a fixture in
``conftest.py``) is an SQLite path or, with ``TWITCHTREE_TEST_PG`` set, the
URL of a fresh PostgreSQL schema; these helpers work on either.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import uuid
from collections.abc import Iterator
from typing import Any

PG_VARIABLE = "TWITCHTREE_TEST_PG"
PG_SKIP = (
    "PostgreSQL tests need a server: set TWITCHTREE_TEST_PG=postgresql://USER@HOST/DB "
    "(a database the tests may create schemas in), or run `bash .ci/postgres make test`, "
    "which starts a throwaway server"
)

SESSION = dict(
    trainee="Sam",
    case_id="tired-legs",
    case_title="Tired legs after a long week",
    case_file="/cases/drill-cases.toml",
    tree_id="drill",
    tree_hash="0123456789abcdef",
    expected_outcome="home-care",
    expected_urgency="self-care",
    reference={"breathing": "No", "weakness": "No"},
    must_ask=("breathing",),
    started_at=100.0,
)


def is_pg(location: str) -> bool:
    return location.startswith("postgresql://")


@contextlib.contextmanager
def raw(location: str) -> Iterator[Any]:
    """A plain autocommit connection to the database, for setting up what a test needs."""
    if is_pg(location):
        import psycopg

        with psycopg.connect(location, autocommit=True) as connection:
            yield connection
    else:
        connection = sqlite3.connect(location, isolation_level=None)
        try:
            yield connection
        finally:
            connection.close()


def sql(location: str, statement: str, *params: object) -> list[tuple[Any, ...]]:
    """Run one statement (``?`` placeholders on both backends); returns its rows, if any."""
    if is_pg(location):
        statement = statement.replace("?", "%s")
    with raw(location) as connection:
        cursor = connection.execute(statement, params)
        return list(cursor.fetchall()) if cursor.description else []


@contextlib.contextmanager
def pg_schema(base: str) -> Iterator[str]:
    """A fresh schema in the database at ``base``; yields a URL whose tables go there. Dropped after."""
    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {name}")
    joiner = "&" if "?" in base else "?"
    try:
        yield f"{base}{joiner}options=-csearch_path%3D{name}"
    finally:
        with psycopg.connect(base, autocommit=True) as admin:
            admin.execute(f"DROP SCHEMA {name} CASCADE")


def pg_base() -> str | None:
    return os.environ.get(PG_VARIABLE) or None
