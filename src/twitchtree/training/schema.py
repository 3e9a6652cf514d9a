"""The tables of a session database, the statements both backends speak, and the schema's versions.

The tables and columns are the same on SQLite and PostgreSQL (see
:mod:`.store` for what each holds); :func:`migrations` writes them with a
backend's own types. The statements are written with ``?`` for each
parameter; ``Store._sql`` turns that into the backend's marker.
"""

from __future__ import annotations

from .rows import SESSION_COLUMNS, STEP_COLUMNS

SCHEMA_VERSION = 2

INSERT_SESSION = (
    "INSERT INTO sessions (trainee, case_id, case_title, case_file, tree_id, tree_hash, expected_outcome,"
    " expected_urgency, reference, must_ask, started_at, uid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (uid) DO NOTHING"
)
"""``NewSession.row()``; a uid already there inserts nothing (the backend then reads its id)."""
SESSION_OF_UID = "SELECT id FROM sessions WHERE uid = ?"
INSERT_STEP = f"INSERT INTO steps (session_id, {STEP_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"
FINISH = (
    "UPDATE sessions SET finished_at = ?, outcome = ?, urgency = ?, verdict = ?, outcome_correct = ?, score = ?"
    " WHERE id = ?"
)
SESSION = f"SELECT {SESSION_COLUMNS} FROM sessions WHERE id = ?"
SESSIONS = f"SELECT {SESSION_COLUMNS} FROM sessions{{where}} ORDER BY id"
STEPS = f"SELECT {STEP_COLUMNS} FROM steps WHERE session_id = ? ORDER BY n"
META = "SELECT key, value FROM meta"
SET_SCHEMA = "INSERT INTO meta (key, value) VALUES ('schema', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"
PROBE = "UPDATE meta SET value = value WHERE key = 'app'"
"""A write that changes nothing: a database this process may not write fails it."""


def migrations(*, serial: str, real: str, bigint: str, add_column: str) -> dict[int, tuple[str, ...]]:
    """Per schema version, the statements that bring the version before it to this one.

    The tables and columns are the same on every backend; each names its own types: ``serial`` for
    the sessions' id column, ``real`` for times, ``bigint`` for a session id elsewhere, and
    ``add_column`` for how it adds a column.
    """
    return {
        1: (
            "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
            f"""CREATE TABLE IF NOT EXISTS sessions (
                id               {serial},
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
                started_at       {real} NOT NULL,
                finished_at      {real},
                outcome          TEXT,
                urgency          TEXT,
                verdict          TEXT,
                outcome_correct  INTEGER,
                score            INTEGER)""",
            f"""CREATE TABLE IF NOT EXISTS steps (
                session_id   {bigint} NOT NULL REFERENCES sessions(id),
                n            INTEGER NOT NULL,
                depth        INTEGER NOT NULL,
                node_id      TEXT NOT NULL,
                answer_label TEXT NOT NULL,
                shown_at     {real} NOT NULL,
                answered_at  {real} NOT NULL,
                PRIMARY KEY (session_id, n))""",
            "CREATE INDEX IF NOT EXISTS sessions_by_trainee ON sessions(trainee)",
            "CREATE INDEX IF NOT EXISTS sessions_by_case ON sessions(tree_id, case_id)",
            "INSERT INTO meta (key, value) VALUES ('app', 'twitchtree') ON CONFLICT DO NOTHING",
        ),
        2: (
            f"ALTER TABLE sessions {add_column} uid TEXT",
            "CREATE UNIQUE INDEX IF NOT EXISTS sessions_by_uid ON sessions(uid)",
        ),
    }
