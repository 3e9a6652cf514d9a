"""Recording off the screen's thread: a writer thread with a queue, that waits out a busy database.

The training screen hands each write to :meth:`Recorder.submit` and goes on
at once; the writer thread sends them to the store in order, each as soon
as it can. When the store is locked or its server unreachable the writes
stay queued and are retried (with a growing pause, at most
``MAX_PAUSE``), the state becomes :data:`DELAYED`, and once the store
answers again the queue is flushed and the state is :data:`RECORDING`
again. An error that waiting will not cure (a damaged or read-only
database) makes the state :data:`OFF`: the queue is dropped and nothing
more is recorded; the trainee trains on.

The store may also be missing at the start (locked or unreachable then):
the recorder opens it on its thread when it can.

``listener`` is called on the writer thread after every change of state;
a front end passes one that posts itself a message.
"""

from __future__ import annotations

import contextlib
import queue
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from .store import TRANSIENT, NewSession, Result, StepRecord, Store, StoreError, display, open_store

State = Literal["recording", "delayed", "off"]
RECORDING: State = "recording"
DELAYED: State = "delayed"
OFF: State = "off"

MAX_PAUSE = 2.0
"""The longest wait between two tries of a delayed write, in seconds."""
WRITE_TIMEOUT = 1.0
"""How long one try waits for a busy database before the write counts as delayed."""


@dataclass
class Session:
    """An attempt being recorded. ``id`` is the database's, once the start has been written."""

    uid: str = field(default_factory=lambda: uuid.uuid4().hex)
    id: int | None = None


@dataclass(frozen=True)
class _Job:
    session: Session | None
    run: Callable[[Store], Any]
    done: Callable[[Any], object] | None = None
    write: bool = True


_STOP = object()


class Recorder:
    """Owns the store and the one thread that uses it."""

    def __init__(
        self,
        store: Store | None,
        *,
        opener: Callable[[], Store] | None = None,
        delayed_because: str | None = None,
        listener: Callable[[], object] | None = None,
        where: str | None = None,
    ) -> None:
        if store is None and opener is None:
            raise ValueError("a recorder needs a store or a way to open one")
        if store is not None:
            store.timeout = WRITE_TIMEOUT  # one try waits this long, then the write counts as delayed
        self._store = store
        self._opener = opener
        self.where = store.where if store is not None else display(where or "the session database")
        """The database, as the user named it."""
        self.listener = listener
        self.state: State = RECORDING if store is not None else DELAYED
        self.detail: str | None = delayed_because
        """Why recording is delayed or off."""
        self.waiting = 0
        """Writes submitted and not yet in the store."""
        self.saved = 0
        """Writes in the store."""
        self._queue: queue.Queue[_Job | object] = queue.Queue()
        self._lock = threading.Lock()
        self._closed = threading.Event()
        self._thread = threading.Thread(target=self._run, name="twitchtree-recorder", daemon=True)
        self._thread.start()

    # -- what the front end calls ----------------------------------------------------

    @property
    def problem(self) -> str | None:
        """Why nothing is being recorded, once the state is OFF."""
        return self.detail if self.state == OFF else None

    def start_session(self, session: NewSession) -> Session:
        handle = Session()
        started = replace(session, uid=handle.uid)

        def write(store: Store) -> int:
            handle.id = store.start_session(started)
            return handle.id

        self._submit(_Job(None, write))
        return handle

    def add_step(self, session: Session, step: StepRecord) -> None:
        self._submit(_Job(session, lambda store: store.add_step(_id(session), step)))

    def finish_session(self, session: Session, result: Result) -> None:
        self._submit(_Job(session, lambda store: store.finish_session(_id(session), result)))

    def read(self, work: Callable[[Store], Any], done: Callable[[Any], object]) -> None:
        """Run ``work`` on the writer thread after the writes before it; ``done`` gets its result there."""
        self._submit(_Job(None, work, done, write=False))

    def close(self, wait: float = 3.0) -> int:
        """Flush for at most ``wait`` seconds, stop, close the store; returns the writes that were not saved."""
        if not self._closed.is_set():
            self._closed.set()
            self._queue.put(_STOP)
        self._thread.join(wait)
        if self._thread.is_alive():
            return self.waiting  # the thread is a daemon: it ends with the process
        if self._store is not None:
            with contextlib.suppress(Exception):  # a broken connection must not stop the app from leaving
                self._store.close()
        return self.waiting

    # -- the writer thread -------------------------------------------------------

    def _submit(self, job: _Job) -> None:
        if self.state == OFF or self._closed.is_set():
            return
        if job.write:
            with self._lock:
                self.waiting += 1
        self._queue.put(job)

    def _run(self) -> None:
        pause = 0.05
        while True:
            job = self._queue.get()
            if job is _STOP:
                return
            assert isinstance(job, _Job)
            while True:
                if self.state == OFF:
                    self._drop(job)
                    break
                try:
                    store = self._open()
                    if job.session is not None and job.session.id is None:
                        raise StoreError("the start of this attempt was not recorded")
                    result = job.run(store)
                except TRANSIENT as exc:
                    self._set(DELAYED, str(exc))
                    time.sleep(pause)  # on closing too: close() decides how long to wait for the flush
                    pause = min(pause * 2, MAX_PAUSE)
                    continue
                except StoreError as exc:
                    self._set(OFF, str(exc))
                    self._drop(job)
                    break
                pause = 0.05
                if job.write:
                    with self._lock:
                        self.waiting -= 1
                        self.saved += 1
                if job.done is not None:
                    _call(job.done, result)
                if self.state == DELAYED and self.waiting == 0:
                    self._set(RECORDING, None)
                break

    def _open(self) -> Store:
        if self._store is None:
            assert self._opener is not None
            self._store = self._opener()
            self._store.timeout = WRITE_TIMEOUT
            self.where = self._store.where
        return self._store

    def _drop(self, job: _Job) -> None:
        if job.write:
            with self._lock:
                self.waiting -= 1

    def _set(self, state: State, detail: str | None) -> None:
        changed = (state, detail) != (self.state, self.detail)
        self.state, self.detail = state, detail
        if changed and self.listener is not None:
            _call(self.listener)


def _call(callback: Callable[..., object], *args: object) -> None:
    """Tell the front end; a front end that has gone (its app closed) never stops the writer thread."""
    with contextlib.suppress(Exception):
        callback(*args)


def _id(session: Session) -> int:
    assert session.id is not None
    return session.id


def open_recorder(
    location: str, *, listener: Callable[[], None] | None = None, timeout: float = WRITE_TIMEOUT
) -> tuple[Recorder | None, str | None]:
    """A recorder for the store at ``location``, or None and why nothing can be recorded there.

    A store that is locked or unreachable now gives a recorder that opens it later (state DELAYED).
    """
    try:
        store = open_store(location, timeout=timeout)
    except TRANSIENT as exc:
        return Recorder(None, opener=lambda: open_store(location, timeout=timeout), delayed_because=str(exc),
                        listener=listener, where=location), None  # fmt: skip
    except StoreError as exc:
        return None, str(exc)
    return Recorder(store, listener=listener), None


def wait_until_idle(recorder: Recorder, timeout: float) -> bool:
    """Block until every write submitted so far is in the store (tests, and leaving the app)."""
    deadline = time.monotonic() + timeout
    while recorder.waiting and time.monotonic() < deadline and recorder.state != OFF:
        time.sleep(0.01)
    return recorder.waiting == 0
