"""Recording never makes the screen wait: the writer thread, a locked or missing database, and saying so.

The app-level tests drive the training app with Textual's pilot while another connection holds the
database's write lock; the recorder's own behaviour is tested with a store that fails on cue.
"""

from __future__ import annotations

import threading
import time

import pytest
from store_support import is_pg, raw
from training_support import answer, read_only, start_case

from support import SIZE, screen_text, wait_for
from twitchtree.training.recorder import DELAYED, OFF, RECORDING, Recorder, open_recorder, wait_until_idle
from twitchtree.training.store import NewSession, Result, StepRecord, Store, StoreError, StoreLocked, open_store
from twitchtree.tui.screens.case_list import CaseListScreen
from twitchtree.tui.screens.debrief import DebriefScreen
from twitchtree.tui.screens.training import TrainingScreen

MAX_HOLD = 300.0
"""The longest the other program holds the lock if the test never lets go (a failing test must not hang)."""
RECORDING_WAIT = 60.0
"""How long to wait for the recorder to notice a lock or to catch up: a bound on the wait, not a speed."""


class LockHolder(threading.Thread):
    """Another program holding the database's write lock from when ``locked`` is set until :meth:`release`."""

    def __init__(self, location: str) -> None:
        super().__init__(daemon=True)
        self.location = location
        self.locked, self.released, self._release = threading.Event(), threading.Event(), threading.Event()

    def run(self) -> None:
        with raw(self.location) as other:
            if is_pg(self.location):
                other.execute("BEGIN")
                other.execute("LOCK TABLE sessions, steps IN ACCESS EXCLUSIVE MODE")
            else:
                other.execute("BEGIN IMMEDIATE")
            self.locked.set()
            self._release.wait(MAX_HOLD)
            other.execute("ROLLBACK")
        self.released.set()

    @property
    def holding(self) -> bool:
        """The lock is held now (and was not let go after ``MAX_HOLD``)."""
        return self.locked.is_set() and not self.released.is_set()

    def release(self) -> None:
        self._release.set()


async def test_an_answer_under_a_long_write_lock_keeps_the_screen_responsive_and_lands_after(make_app, location):
    """Every answer shows the next question while the lock is held and the answers wait to be written.

    No wall-clock bound: the lock is held until the test lets go, so if recording made the screen
    wait for the database, the next question would not appear while ``holder.holding``.
    """
    app = make_app(db=location)
    holder = LockHolder(location)
    try:
        async with app.run_test(size=SIZE) as pilot:
            screen = await start_case(app, pilot)
            await wait_for(pilot, lambda: app.recorder.waiting == 0)  # the session's start is in
            holder.start()
            assert holder.locked.wait(RECORDING_WAIT)
            next_questions = ("Any new weakness?", "Has it lasted more than two weeks?")
            for n, question in enumerate(next_questions, 1):
                await pilot.press("2")
                await wait_for(pilot, lambda q=question: q in screen_text(app))  # the next question, on screen
                assert holder.holding and app.recorder.waiting == n  # ...while the answers wait for the lock
            await answer(app, pilot, "2")
            await wait_for(pilot, lambda: isinstance(app.screen, DebriefScreen))
            assert holder.holding and app.recorder.waiting == 4  # three answers and the result, none written
            await wait_for(pilot, lambda: app.recorder.state == DELAYED, timeout=RECORDING_WAIT)
            assert any(n.title == "Recording delayed" for n in app._notifications)
            await pilot.press("enter")  # back to the list: its status line says so too
            await wait_for(pilot, lambda: isinstance(app.screen, CaseListScreen))
            await wait_for(pilot, lambda: "Recording delayed" in screen_text(app))
            assert holder.holding and app.recorder.waiting == 4
            holder.release()
            await wait_for(pilot, lambda: app.recorder.state == RECORDING, timeout=RECORDING_WAIT)
            assert holder.released.is_set()
            await wait_for(pilot, lambda: any(n.title == "Recording again" for n in app._notifications))
            await wait_for(pilot, lambda: "Recording to" in screen_text(app))
    finally:
        holder.release()
    assert screen.attempt.answers and app.recorder.waiting == 0
    with open_store(location, create=False) as store:
        (session,) = store.sessions()
        assert session.finished and session.score == 100
        assert [(s.node_id, s.answer_label) for s in store.steps(session.id)] == [
            ("breathing", "No"),
            ("weakness", "No"),
            ("lasting", "No"),
        ]


async def test_a_read_only_database_says_not_recording_from_the_start(make_app, db_path):
    with open_store(db_path):
        pass
    with read_only(db_path):
        recorder, problem = open_recorder(str(db_path))
        assert recorder is None and problem is not None and "readonly" in problem
        app = make_app(db=None, store_problem=problem)
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, lambda: isinstance(app.screen, CaseListScreen))
            assert "Not recording" in screen_text(app) and "readonly" in screen_text(app)


async def test_a_database_server_that_is_not_there_yet_is_waited_for(make_app, tmp_path):
    pytest.importorskip("psycopg")
    nowhere = f"postgresql://nobody@/twitchtree?host={tmp_path}&port=1&connect_timeout=1"
    recorder, problem = open_recorder(nowhere)
    assert problem is None and recorder is not None and recorder.state == DELAYED
    assert "cannot reach the database server" in (recorder.detail or "")
    app = make_app(db=None, recorder=recorder)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, lambda: isinstance(app.screen, CaseListScreen))
            assert "Recording delayed" in screen_text(app)
            await start_case(app, pilot)
            await answer(app, pilot, "2", "2")
            assert isinstance(app.screen, TrainingScreen) and recorder.waiting == 3
    finally:
        assert recorder.close(wait=0.5) == 3


# -- the recorder on its own ------------------------------------------------------------


class FlakyStore(Store):
    """A store whose writes fail with ``failures`` in turn (None: succeed), then succeed."""

    def __init__(self, *failures: Exception | None) -> None:
        self.where, self.timeout = "flaky.db", 1.0
        self.failures = list(failures)
        self.written: list[object] = []

    def _next(self, what: object) -> None:
        if self.failures:
            failure = self.failures.pop(0)
            if failure is not None:
                raise failure
        self.written.append(what)

    def start_session(self, session: NewSession) -> int:
        self._next(("start", session.uid))
        return 7

    def add_step(self, session_id: int, step: StepRecord) -> None:
        self._next(("step", session_id, step.n))

    def finish_session(self, session_id: int, result: Result) -> None:
        self._next(("finish", session_id, result.score))

    def close(self) -> None:
        pass


def session() -> NewSession:
    return NewSession("Sam", "c", "C", "c.toml", "t", "h", "o", "urgent", {}, (), 1.0)


def test_writes_wait_out_a_lock_in_order_and_nothing_is_doubled():
    locked = StoreLocked("flaky.db: locked")
    store = FlakyStore(None, locked, locked, locked)
    changes: list[str] = []
    recorder = Recorder(store)
    recorder.listener = lambda: changes.append(recorder.state)
    handle = recorder.start_session(session())
    for n in (1, 2):
        recorder.add_step(handle, StepRecord(n, n - 1, "q", "Yes", 1.0, 2.0))
    recorder.finish_session(handle, Result(3.0, "o", "urgent", "exact", True, 100))
    assert wait_until_idle(recorder, 20)
    assert store.written == [("start", handle.uid), ("step", 7, 1), ("step", 7, 2), ("finish", 7, 100)]
    assert changes == [DELAYED, RECORDING] and recorder.saved == 4
    assert recorder.close() == 0


def test_an_error_that_waiting_cannot_cure_stops_recording_and_drops_the_queue():
    store = FlakyStore(None, StoreError("flaky.db: attempt to write a readonly database"))
    recorder = Recorder(store)
    handle = recorder.start_session(session())
    for n in (1, 2, 3):
        recorder.add_step(handle, StepRecord(n, n - 1, "q", "Yes", 1.0, 2.0))
    assert wait_until_idle(recorder, 10) is False or recorder.state == OFF
    assert recorder.state == OFF and "readonly" in (recorder.problem or "")
    recorder.add_step(handle, StepRecord(4, 3, "q", "Yes", 1.0, 2.0))  # ignored from now on
    assert recorder.waiting == 0 and store.written == [("start", handle.uid)]
    assert recorder.close() == 0


def test_closing_while_delayed_says_how_many_writes_were_not_saved():
    store = FlakyStore(*[StoreLocked("flaky.db: locked")] * 1000)
    recorder = Recorder(store)
    recorder.start_session(session())
    began = time.monotonic()
    assert recorder.close(wait=0.3) == 1
    assert time.monotonic() - began < 2
