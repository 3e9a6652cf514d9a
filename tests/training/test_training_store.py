"""The session store: durable steps, concurrent writers, and files it must refuse and leave alone."""

from __future__ import annotations

import os
import queue
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from twitchtree.training.store import StepRecord, Store, StoreCorrupt, StoreError, StoreLocked

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
)


def start(store: Store, **changes: object) -> int:
    return store.start_session(**{**SESSION, "started_at": 100.0, **changes})  # type: ignore[arg-type]


class Child:
    """A Python child process whose stdout lines are read by a thread, so waiting for one has a deadline."""

    def __init__(self, script: str, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", script, *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=dict(os.environ),
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:  # type: ignore[union-attr]
            self.lines.put(line.strip())
        self.lines.put("")  # end of output

    def expect(self, expected: str, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                break
            if line == expected:
                return
            if line == "" and self.process.poll() is not None:
                break
        self.process.kill()
        raise AssertionError(f"the child never said {expected!r}; stderr:\n{self.process.communicate()[1]}")

    def send(self, line: str) -> None:
        self.process.stdin.write(line + "\n")  # type: ignore[union-attr]
        self.process.stdin.flush()  # type: ignore[union-attr]

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)


def test_a_session_round_trips(store):
    session_id = start(store)
    store.add_step(session_id, StepRecord(1, 0, "breathing", "No", 101.0, 103.5))
    store.add_step(session_id, StepRecord(2, 1, "weakness", "Yes", 103.5, 110.0))
    store.finish_session(
        session_id,
        finished_at=111.0,
        outcome="see-doctor",
        urgency="urgent",
        verdict="over-triage",
        outcome_correct=False,
        score=35,
    )
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
    assert store.session(999) is None


def test_the_database_is_in_wal_mode_and_private(store, db_path):
    with sqlite3.connect(db_path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db_path.stat().st_mode & 0o077 == 0


def test_names_and_text_are_stored_as_given(store):
    weird = "[b]Zoë[/b] ../../etc/passwd'; DROP TABLE sessions; --"
    session_id = start(store, trainee=weird)
    assert store.session(session_id).trainee == weird  # type: ignore[union-attr]
    assert [s.trainee for s in store.sessions(weird)] == [weird]


KILLED_WRITER = """
import sqlite3, sys, time
from twitchtree.training.store import StepRecord, Store

store = Store.open(sys.argv[1])
session_id = store.start_session(
    trainee="Sam", case_id="c", case_title="C", case_file="c.toml", tree_id="t", tree_hash="h",
    expected_outcome="o", expected_urgency="urgent", reference={}, must_ask=(), started_at=1.0,
)
for n in (1, 2, 3):
    store.add_step(session_id, StepRecord(n, n - 1, f"q{n}", "Yes", n, n + 0.5))
print("answered", flush=True)
# A fourth answer is being written when the kill comes: its transaction is open, holding the write lock.
raw = sqlite3.connect(sys.argv[1], isolation_level=None)
raw.execute("BEGIN IMMEDIATE")
raw.execute("INSERT INTO steps VALUES (?, 4, 3, 'q4', 'No', 4.0, 4.5)", (session_id,))
print("writing", flush=True)
time.sleep(120)
"""


def test_a_writer_killed_mid_session_keeps_its_answered_steps(db_path):
    writer = Child(KILLED_WRITER, str(db_path))
    writer.expect("answered")
    writer.expect("writing")
    writer.kill()
    with Store.open(db_path, timeout=5) as store:
        (session,) = store.sessions()
        assert not session.finished
        assert [(s.n, s.node_id) for s in store.steps(session.id)] == [(1, "q1"), (2, "q2"), (3, "q3")]
        # The killed writer's lock died with it: the next write goes straight through.
        store.add_step(session.id, StepRecord(4, 3, "q4", "No", 5.0, 6.0))
        assert len(store.steps(session.id)) == 4


APP_KILLED = """
import asyncio, sys
from pathlib import Path
from twitchtree.training.catalogue import load_catalogue
from twitchtree.training.store import Store
from twitchtree.tui.settings import Settings
from twitchtree.tui.training_app import TrainingApp

async def main():
    store = Store.open(sys.argv[2])
    app = TrainingApp(load_catalogue([Path(sys.argv[1])]), trainee="Sam", store=store, settings=Settings())
    async with app.run_test() as pilot:
        await pilot.press("enter")            # the first case
        while type(app.screen).__name__ != "TrainingScreen":
            await pilot.pause()
        await pilot.press("2", "2")           # breathing: No, weakness: No
        while len(app.screen.attempt.answers) < 2:
            await pilot.pause()
        print("answered", flush=True)
        await asyncio.sleep(120)

asyncio.run(main())
"""


def test_the_training_app_killed_mid_case_keeps_every_answer_given(cases_file, db_path):
    app = Child(APP_KILLED, str(cases_file), str(db_path))
    app.expect("answered", timeout=30)
    app.kill()
    with Store.open(db_path, create=False) as store:
        (session,) = store.sessions()
        assert (session.trainee, session.case_id, session.finished) == ("Sam", "tired-legs", False)
        assert [(s.node_id, s.answer_label) for s in store.steps(session.id)] == [
            ("breathing", "No"),
            ("weakness", "No"),
        ]


WRITER = """
import sys
from twitchtree.training.store import StepRecord, Store

path, worker = sys.argv[1], sys.argv[2]
store = Store.open(path, timeout=60)
print("ready", flush=True)
sys.stdin.readline()  # every writer starts at once
for s in range(5):
    session_id = store.start_session(
        trainee=f"writer-{worker}", case_id=f"case-{s}", case_title="C", case_file="c.toml", tree_id="t",
        tree_hash="h", expected_outcome="o", expected_urgency="urgent", reference={}, must_ask=(), started_at=1.0,
    )
    for n in range(1, 11):
        store.add_step(session_id, StepRecord(n, n - 1, f"q{n}", "Yes", n, n + 0.5))
    store.finish_session(session_id, finished_at=20.0, outcome="o", urgency="urgent", verdict="exact",
                         outcome_correct=True, score=100)
print("done", flush=True)
"""


def test_eight_concurrent_writers_lose_nothing(db_path):
    writers = [Child(WRITER, str(db_path), str(n)) for n in range(8)]  # all open the new file at once, too
    for writer in writers:
        writer.expect("ready")
    for writer in writers:
        writer.send("go")
    for writer in writers:
        writer.expect("done", timeout=60)
        assert writer.process.wait(timeout=10) == 0
    with Store.open(db_path, create=False) as store:
        sessions = store.sessions()
        assert len(sessions) == 40
        assert sorted({s.trainee for s in sessions}) == [f"writer-{n}" for n in range(8)]
        assert all(s.finished and s.score == 100 for s in sessions)
        for session in sessions:
            assert [step.n for step in store.steps(session.id)] == list(range(1, 11))


def _untouched(path: Path, data: bytes) -> None:
    assert path.read_bytes() == data
    assert not path.with_name(path.name + "-wal").exists()


def test_a_file_that_is_not_sqlite_is_refused_and_left_byte_for_byte(db_path):
    data = b"this is not a database\n" + bytes(range(256)) * 16
    db_path.write_bytes(data)
    with pytest.raises(StoreCorrupt) as error:
        Store.open(db_path)
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
        Store.open(db_path)
    assert db_path.read_bytes() == bytes(data)


def test_another_programs_database_is_refused_and_left_alone(db_path):
    with sqlite3.connect(db_path) as raw:
        raw.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL)")
    data = db_path.read_bytes()
    with pytest.raises(StoreCorrupt, match="not a twitchtree session database"):
        Store.open(db_path)
    assert db_path.read_bytes() == data


@pytest.mark.parametrize("hold", ["begin-exclusive", "exclusive-locking-mode"])
def test_a_locked_database_gives_a_clear_error_instead_of_hanging(store, db_path, hold):
    start(store)
    store.close()
    other = sqlite3.connect(db_path, isolation_level=None)
    try:
        if hold == "exclusive-locking-mode":
            other.execute("PRAGMA locking_mode = EXCLUSIVE")
        other.execute("BEGIN EXCLUSIVE")
        other.execute("UPDATE sessions SET score = 1")
        began = time.monotonic()
        with pytest.raises(StoreLocked) as error, Store.open(db_path, timeout=0.5) as locked:
            start(locked)
        assert time.monotonic() - began < 5
        assert "locked by another program" in str(error.value) and str(db_path) in str(error.value)
    finally:
        other.close()
    with Store.open(db_path, timeout=5) as store:
        assert len(store.sessions()) == 1  # nothing lost, nothing half-written


def test_opening_without_create_never_makes_a_file(tmp_path):
    missing = tmp_path / "nothing.sqlite3"
    with pytest.raises(StoreError, match="no session database here"):
        Store.open(missing, create=False)
    assert not missing.exists()
    with pytest.raises(StoreError, match="does not exist"):
        Store.open(tmp_path / "no-such-folder" / "s.sqlite3")
