"""The session store, one suite for both backends (``location`` is SQLite, then PostgreSQL): durable
steps, concurrent writers, migrations, odd rows, and databases it must refuse and leave alone.

The tests that only SQLite can have (files that are not SQLite, the file's mode) are at the end.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import time
from pathlib import Path

import pytest
from store_support import SESSION, is_pg, raw, sql
from training_support import PythonChild, read_only

from twitchtree.training.store import (
    SCHEMA_VERSION,
    NewSession,
    Result,
    StepRecord,
    Store,
    StoreCorrupt,
    StoreError,
    StoreLocked,
    open_store,
)
from twitchtree.training.store_sqlite import SqliteStore


def start(store: Store, **changes: object) -> int:
    return store.start_session(NewSession(**{**SESSION, **changes}))  # type: ignore[arg-type]


def test_a_session_round_trips(location):
    with open_store(location) as store:
        session_id = start(store)
        store.add_step(session_id, StepRecord(1, 0, "breathing", "No", 101.0, 103.5))
        store.add_step(session_id, StepRecord(2, 1, "weakness", "Yes", 103.5, 110.0))
        store.finish_session(session_id, Result(111.0, "see-doctor", "urgent", "over-triage", False, 35))
        (session,) = store.sessions()
        assert session.id == session_id and session.trainee == "Sam" and session.tree_hash == "0123456789abcdef"
        assert session.reference == {"breathing": "No", "weakness": "No"} and session.must_ask == ("breathing",)
        assert (session.outcome, session.verdict, session.outcome_correct, session.score) == (
            "see-doctor",
            "over-triage",
            False,
            35,
        )
        assert session.seconds == 11.0
        assert [s.answer_label for s in store.steps(session_id)] == ["No", "Yes"]
        assert store.steps(session_id)[1].seconds == 6.5
        assert store.best_scores("Sam") == {("drill", "tired-legs"): 35}
        assert store.session(999) is None and store.session(10**20) is None and store.session(-1) is None
        assert store.schema_version() == SCHEMA_VERSION


def test_a_long_case_title_is_recorded_and_reported(location):
    """No index caps a title's size: PostgreSQL refuses an index entry over about 2.7 KB."""
    title = "题" * 3000
    with open_store(location) as store:
        store.finish_session(start(store, case_title=title), Result(150.0, "home-care", "self-care", "exact", True, 9))
        (case,) = store.case_totals()
        assert case.key[2] == title and case.finished == 1


def test_a_write_retried_after_a_lost_reply_is_not_doubled(location):
    with open_store(location) as store:
        first = start(store, uid="attempt-1")
        assert start(store, uid="attempt-1") == first
        step = StepRecord(1, 0, "breathing", "No", 101.0, 103.5)
        store.add_step(first, step)
        store.add_step(first, step)
        assert len(list(store.sessions())) == 1 and len(store.steps(first)) == 1


def test_names_and_text_are_stored_as_given(location):
    weird = "[b]Zoë[/b] ../../etc/passwd'; DROP TABLE sessions; -- 张伟"
    with open_store(location) as store:
        session_id = start(store, trainee=weird)
        assert store.session(session_id).trainee == weird  # type: ignore[union-attr]
        assert [s.trainee for s in store.sessions(weird)] == [weird]


def test_totals_are_added_up_by_the_database(location):
    with open_store(location) as store:
        for trainee, verdict, score in [("Sam", "exact", 100), ("Sam", "under-triage", 20), ("Zoë", "over-triage", 45)]:
            session_id = start(store, trainee=trainee)
            store.finish_session(session_id, Result(130.0, "o", "u", verdict, True, score))
        start(store, trainee="Zoë")  # not finished
        (case,) = store.case_totals()
        assert case.key == ("drill", "tired-legs", "Tired legs after a long week")
        assert (case.attempts, case.finished, case.correct_urgency, case.under_triage, case.over_triage) == (
            4,
            3,
            1,
            1,
            1,
        )
        assert (case.mean_score, case.mean_seconds) == (55.0, 30.0)
        assert [(t.key, t.attempts, t.mean_score) for t in store.trainee_totals()] == [
            (("Sam",), 2, 60.0),
            (("Zoë",), 2, 45.0),
        ]
        assert [t.key for t in store.trainee_totals("Zoë")] == [("Zoë",)]


def test_case_totals_come_one_case_at_a_time(location):
    """Each case's totals can be printed while the database is still adding up the cases after it."""
    with open_store(location) as store:
        for n in range(30):
            for _ in range(3):
                start(store, case_id=f"case-{n:02}", case_title=f"Case {n}")
        totals = store.case_totals()
        first = next(totals)
        assert first.key == ("drill", "case-00", "Case 0") and first.attempts == 3
        assert [t.key[1] for t in totals] == [f"case-{n:02}" for n in range(1, 30)]


APP_KILLED = """
import asyncio, sys
from pathlib import Path
from twitchtree.training.catalogue import load_catalogue
from twitchtree.training.recorder import open_recorder
from twitchtree.tui.settings import Settings
from twitchtree.tui.training_app import TrainingApp

async def main():
    recorder, problem = open_recorder(sys.argv[2])
    assert problem is None, problem
    app = TrainingApp(load_catalogue([Path(sys.argv[1])]), trainee="Sam", recorder=recorder, settings=Settings())
    async with app.run_test() as pilot:
        await pilot.press("enter")            # the first case
        while type(app.screen).__name__ != "TrainingScreen":
            await pilot.pause()
        await pilot.press("2", "2")           # breathing: No, weakness: No
        while len(app.screen.attempt.answers) < 2:
            await pilot.pause()
        say("answered")                       # answered on screen; not waiting for the database
        await asyncio.sleep(300)

asyncio.run(main())
"""


def test_the_training_app_killed_mid_case_keeps_every_answer_given(cases_file, location):
    """``kill -9`` one second after an answer: the answer is in the store. The child reports through a
    pipe of its own, so this holds whatever the environment's buffering (PYTHONUNBUFFERED or not)."""
    app = PythonChild(APP_KILLED, str(cases_file), location)
    app.expect("answered", timeout=60)
    time.sleep(1.0)  # the one second the guarantee allows; nothing to poll, the child is about to die
    app.kill()
    with open_store(location, create=False) as store:
        (session,) = store.sessions()
        assert (session.trainee, session.case_id, session.finished) == ("Sam", "tired-legs", False)
        assert [(s.node_id, s.answer_label) for s in store.steps(session.id)] == [
            ("breathing", "No"),
            ("weakness", "No"),
        ]


KILLED_WRITER = """
import sys
from store_support import SESSION, raw, is_pg
from twitchtree.training.store import NewSession, StepRecord, Store, open_store

location = sys.argv[1]
store = open_store(location)
session_id = store.start_session(NewSession(**SESSION))
for n in (1, 2, 3):
    store.add_step(session_id, StepRecord(n, n - 1, f"q{n}", "Yes", n, n + 0.5))
say("answered")
# A fourth answer is being written when the kill comes: its transaction is open, holding the write lock.
held = raw(location)  # kept, so the connection stays open until the kill
connection = held.__enter__()
if is_pg(location):
    connection.execute("BEGIN")
    connection.execute("INSERT INTO steps VALUES (%s, 4, 3, 'q4', 'No', 4.0, 4.5)", (session_id,))
else:
    connection.execute("BEGIN IMMEDIATE")
    connection.execute("INSERT INTO steps VALUES (?, 4, 3, 'q4', 'No', 4.0, 4.5)", (session_id,))
say("writing")
wait_to_be_killed()
"""


def test_a_writer_killed_mid_session_keeps_its_answered_steps(location):
    writer = PythonChild(KILLED_WRITER, location)
    writer.expect("answered")
    writer.expect("writing")
    writer.kill()
    with open_store(location, timeout=10) as store:
        (session,) = store.sessions()
        assert not session.finished
        assert [(s.n, s.node_id) for s in store.steps(session.id)] == [(1, "q1"), (2, "q2"), (3, "q3")]
        # The killed writer's lock died with it: the next write goes straight through.
        store.add_step(session.id, StepRecord(4, 3, "q4", "No", 5.0, 6.0))
        assert len(store.steps(session.id)) == 4


WRITER = """
import sys
from store_support import SESSION
from twitchtree.training.store import NewSession, Result, StepRecord, Store, open_store

location, worker = sys.argv[1], sys.argv[2]
store = open_store(location, timeout=60)
say("ready")
wait_for_go()  # every writer starts at once
for s in range(5):
    session_id = store.start_session(NewSession(**{**SESSION, "trainee": f"writer-{worker}", "case_id": f"case-{s}"}))
    for n in range(1, 11):
        store.add_step(session_id, StepRecord(n, n - 1, f"q{n}", "Yes", n, n + 0.5))
    store.finish_session(session_id, Result(20.0, "o", "urgent", "exact", True, 100))
say("done")
"""


def test_eight_concurrent_writers_lose_nothing(location):
    writers = [PythonChild(WRITER, location, str(n)) for n in range(8)]  # all open (and create) it at once, too
    for writer in writers:
        writer.expect("ready")
    for writer in writers:
        writer.go()
    for writer in writers:
        writer.expect("done", timeout=90)
        assert writer.process.wait(timeout=10) == 0
    with open_store(location, create=False) as store:
        sessions = list(store.sessions())
        assert len(sessions) == 40
        assert sorted({s.trainee for s in sessions}) == [f"writer-{n}" for n in range(8)]
        assert all(s.finished and s.score == 100 for s in sessions)
        for session in sessions:
            assert [step.n for step in store.steps(session.id)] == list(range(1, 11))


def test_a_locked_database_gives_a_clear_error_instead_of_hanging(location):
    with open_store(location) as store:
        start(store)
    with raw(location) as other:
        if is_pg(location):
            other.execute("BEGIN")
            other.execute("LOCK TABLE sessions IN ACCESS EXCLUSIVE MODE")
        else:
            other.execute("BEGIN EXCLUSIVE")
            other.execute("UPDATE sessions SET score = 1")
        began = time.monotonic()
        with pytest.raises(StoreLocked) as error, open_store(location, timeout=1.5) as locked:
            start(locked)
        assert time.monotonic() - began < 8
        assert "locked by another program" in str(error.value)
        other.execute("ROLLBACK")
    with open_store(location, timeout=5) as store:
        assert len(list(store.sessions())) == 1  # nothing lost, nothing half-written


V1_FILE = Path(__file__).parent.parent / "data" / "sessions-v1.sqlite3"
"""A session database as twitchtree's first release wrote it (schema 1, SQLite; its own code, not today's):
two attempts by "Old Timer", one finished, with their steps."""


def test_an_old_schema_is_migrated_once_and_keeps_its_sessions(location):
    if is_pg(location):  # PostgreSQL came with schema 2: no release wrote schema 1 there; its migration 1 makes one
        from twitchtree.training.store_postgres import PostgresStore

        for statement in PostgresStore.MIGRATIONS[1]:
            sql(location, statement)
        sql(location, "INSERT INTO meta (key, value) VALUES ('schema', '1')")
        sql(
            location,
            "INSERT INTO sessions (trainee, case_id, case_title, case_file, tree_id, tree_hash, expected_outcome,"
            " expected_urgency, reference, must_ask, started_at) VALUES ('Old Timer', 'c', 'C', 'c.toml', 't', 'h',"
            " 'o', 'urgent', '{}', '[]', 1.0)",
        )
        sql(location, "INSERT INTO steps VALUES (1, 1, 0, 'q', 'Yes', 1.0, 2.0)")
    else:
        shutil.copyfile(V1_FILE, location)
    with open_store(location, create=False) as reader:
        assert reader.schema_version() == 1  # reading never migrates
        before = [(s, reader.steps(s.id)) for s in reader.sessions()]
    assert {s.trainee for s, _ in before} == {"Old Timer"} and all(steps for _, steps in before)
    with open_store(location) as first, open_store(location) as second:
        assert first.schema_version() == second.schema_version() == SCHEMA_VERSION
        new = start(first, uid="new")
        assert start(second, uid="new") == new  # the uid's unique index came with the migration
        after = [(s, second.steps(s.id)) for s in second.sessions()]
        assert after[:-1] == before and after[-1][0].trainee == "Sam"
    assert sql(location, "SELECT value FROM meta WHERE key = 'schema'") == [(str(SCHEMA_VERSION),)]


@pytest.mark.parametrize(
    ("schema", "message"),
    [
        ("1.0", 'its schema version is "1.0", which twitchtree does not know'),
        ("", 'its schema version is "", which twitchtree does not know'),
        ("99", "recorded by a newer twitchtree (schema 99)"),
    ],
)
def test_a_schema_version_it_does_not_know_is_refused_and_left_alone(location, schema, message):
    with open_store(location):
        pass
    sql(location, "UPDATE meta SET value = ? WHERE key = 'schema'", schema)
    for create in (True, False):
        with pytest.raises(StoreError, match=re.escape(message)):
            open_store(location, create=create)
    assert sql(location, "SELECT value FROM meta WHERE key = 'schema'") == [(schema,)]


def test_rows_holding_nonsense_where_numbers_belong_are_read_without_error(location):
    with open_store(location) as store:
        good = start(store)
        store.finish_session(good, Result(150.0, "home-care", "self-care", "exact", True, 90))
        bad = start(store, trainee="Odd")
        store.add_step(bad, StepRecord(1, 0, "breathing", "No", 1e308, -1e308))
    nonsense = [("finished_at", 1e308), ("score", None), ("outcome_correct", None)]
    if not is_pg(location):  # SQLite keeps whatever it is given; PostgreSQL's column types refuse text
        nonsense += [("started_at", "yesterday"), ("score", "lots"), ("outcome_correct", "maybe")]
    for column, value in nonsense:
        sql(location, f"UPDATE sessions SET {column} = ?, verdict = 'exact' WHERE id = ?", value, bad)
        with open_store(location, create=False) as store:
            odd = store.session(bad)
            assert odd is not None and odd.trainee == "Odd"
            assert odd.seconds is None or odd.seconds >= 0
            assert [s.seconds for s in store.steps(bad)] == [0.0]
            (case,) = store.case_totals()
            assert case.attempts == 2 and case.mean_score in (90.0, None, 45.0)


def test_opening_without_create_never_makes_a_database(location):
    with pytest.raises(StoreError, match="no training has been recorded"):
        open_store(location, create=False)
    if is_pg(location):
        assert sql(
            location, "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()"
        ) == [(0,)]
    else:
        assert not Path(location).exists()


def test_a_database_it_may_not_write_says_so_when_opened(location, tmp_path):
    with open_store(location) as store:
        start(store)
    if is_pg(location):
        role = f"reader_{abs(hash(location)) % 10**8}"
        schema = sql(location, "SELECT current_schema()")[0][0]
        sql(location, f"DROP ROLE IF EXISTS {role}")
        sql(location, f"CREATE ROLE {role} LOGIN")
        sql(location, f"GRANT USAGE ON SCHEMA {schema} TO {role}")
        sql(location, f"GRANT SELECT ON ALL TABLES IN SCHEMA {schema} TO {role}")
        readonly = location.replace("postgresql://postgres@", f"postgresql://{role}@")
        try:
            with pytest.raises(StoreError, match="cannot be written"):
                open_store(readonly)
            with open_store(readonly, create=False) as reader:  # report only reads
                assert len(list(reader.sessions())) == 1
        finally:
            sql(location, f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {role}")
            sql(location, f"REVOKE ALL ON SCHEMA {schema} FROM {role}")
            sql(location, f"DROP ROLE {role}")
    else:
        with read_only(Path(location)):
            with pytest.raises(StoreError, match="readonly"):
                open_store(location)
            with open_store(location, create=False) as reader:
                assert len(list(reader.sessions())) == 1


# -- SQLite only --------------------------------------------------------------------------


def test_sqlite_adds_up_only_the_first_case_before_giving_it(db_path):
    """The first case's totals come after a fraction of the work of adding them all up (counted in SQLite's steps)."""
    with open_store(db_path) as store:
        for n in range(30):
            for _ in range(3):
                start(store, case_id=f"case-{n:02}")
        steps = [0]

        def count() -> int:
            steps[0] += 1
            return 0

        store._db.set_progress_handler(count, 20)  # every 20 SQLite instructions
        totals = store.case_totals()
        next(totals)
        first = steps[0]
        list(totals)
        assert first < steps[0] / 5


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("finished_at", "soon"),
        ("finished_at", b"\x00"),
        ("finished_at", 2e15),
        ("finished_at", -1e15),
        ("verdict", None),
    ],
)
def test_sqlite_counts_a_session_finished_only_at_a_sane_time(db_path, column, value):
    """Text, a blob, a time past 1e15 or no verdict: the session is an attempt, never a finished one."""
    with open_store(db_path) as store:
        for score in (90, 30):
            store.finish_session(start(store), Result(150.0, "home-care", "self-care", "exact", True, score))
    sql(str(db_path), f"UPDATE sessions SET {column} = ? WHERE id = 2", value)
    with open_store(db_path, create=False) as store:
        (case,) = store.case_totals()
    assert (case.attempts, case.finished, case.correct_urgency, case.mean_score) == (2, 1, 1, 90.0)


def test_sqlite_adds_a_case_up_from_an_index_alone(db_path):
    """A report reads no session's row: a database made before the index gains it when opened to be written."""
    with open_store(db_path) as store:
        start(store)
    plan = "EXPLAIN QUERY PLAN " + SqliteStore.CASE_TOTALS.format(where="")
    assert "COVERING INDEX sessions_case_totals" in str(sql(str(db_path), plan))
    sql(str(db_path), "DROP INDEX sessions_case_totals")
    open_store(db_path, create=False).close()
    assert "COVERING INDEX" not in str(sql(str(db_path), plan))
    open_store(db_path).close()
    assert "COVERING INDEX sessions_case_totals" in str(sql(str(db_path), plan))


def test_the_database_is_in_wal_mode_and_private(store, db_path):
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db_path.stat().st_mode & 0o077 == 0


def _untouched(path: Path, data: bytes) -> None:
    assert path.read_bytes() == data
    assert not path.with_name(path.name + "-wal").exists()


def test_a_file_that_is_not_sqlite_is_refused_and_left_byte_for_byte(db_path):
    data = b"this is not a database\n" + bytes(range(256)) * 16
    db_path.write_bytes(data)
    with pytest.raises(StoreCorrupt) as error:
        open_store(db_path)
    assert str(db_path) in str(error.value) and "not an SQLite database" in str(error.value)
    assert "left as it is" in str(error.value)
    _untouched(db_path, data)


def test_a_damaged_database_is_refused_and_left_byte_for_byte(store, db_path):
    start(store)
    store.close()
    data = bytearray(db_path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # the schema page, after the header
    db_path.write_bytes(bytes(data))
    with pytest.raises(StoreCorrupt, match="damaged"):
        open_store(db_path)
    assert db_path.read_bytes() == bytes(data)


def test_another_programs_database_is_refused_and_left_alone(db_path):
    with sqlite3.connect(db_path) as connection:
        connection.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL)")
    data = db_path.read_bytes()
    with pytest.raises(StoreCorrupt, match="not a twitchtree session database"):
        open_store(db_path)
    assert db_path.read_bytes() == data


def test_exclusive_locking_mode_is_a_clear_error_too(store, db_path):
    start(store)
    store.close()
    other = sqlite3.connect(db_path, isolation_level=None)
    try:
        other.execute("PRAGMA locking_mode = EXCLUSIVE")
        other.execute("BEGIN EXCLUSIVE")
        other.execute("UPDATE sessions SET score = 1")
        with pytest.raises(StoreLocked, match="locked by another program"):
            open_store(db_path, timeout=0.5)
    finally:
        other.close()


def test_a_missing_folder_is_named(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        open_store(tmp_path / "no-such-folder" / "s.sqlite3")
