"""A small tree and case file written for the training tests, a fake clock, and steps of a training walk.

Import them: ``from training_support import ...``. The tests use this tree,
not the bundled content, so editing the bundled cases never breaks a
training test or the debrief snapshot. The helpers that read the screen and
wait are in ``tests/support.py``.
"""

from __future__ import annotations

import contextlib
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from support import wait_for

if TYPE_CHECKING:
    from collections.abc import Iterator

    from textual.app import App
    from textual.pilot import Pilot

TREE = """\
format = 1
id = "drill"
title = "Drill tree"
version = "1.0"
start = "breathing"

[nodes.breathing]
type = "question"
text = "Any trouble breathing?"

  [[nodes.breathing.answers]]
  label = "Yes"
  next = "call-now"

  [[nodes.breathing.answers]]
  label = "No"
  next = "weakness"

[nodes.weakness]
type = "question"
text = "Any new weakness?"

  [[nodes.weakness.answers]]
  label = "Yes"
  next = "see-doctor"

  [[nodes.weakness.answers]]
  label = "No"
  next = "lasting"

[nodes.lasting]
type = "question"
text = "Has it lasted more than two weeks?"

  [[nodes.lasting.answers]]
  label = "Yes"
  next = "book-visit"

  [[nodes.lasting.answers]]
  label = "No"
  next = "home-care"

[nodes.call-now]
type = "outcome"
urgency = "emergency"
title = "Call emergency services"
text = "Call now."

[nodes.see-doctor]
type = "outcome"
urgency = "urgent"
title = "See a doctor within a day or two"
text = "Soon."

[nodes.book-visit]
type = "outcome"
urgency = "soon"
title = "Book an appointment"
text = "Within days."

[nodes.home-care]
type = "outcome"
urgency = "self-care"
title = "Manage at home"
text = "Rest and watch."
"""

CASES = """\
format = 1
tree = "drill"

[[cases]]
id = "tired-legs"
title = "Tired legs after a long week"
difficulty = "easy"
patient = "Ana, 30, has twitchy calves after a long week. [b]Not bold[/b] [@click=app.quit]not a link[/]"
teaching = "- Ask about **breathing** first, every time."
answers = { breathing = "No", weakness = "No", lasting = "No" }

  [cases.expect]
  outcome = "home-care"
  urgency = "self-care"
  must_ask = ["breathing", "weakness"]

[[cases]]
id = "weak-arm"
title = "A weak arm"
difficulty = "hard"
patient = "Ben, 60, cannot lift his right arm since this morning."
teaching = "- New weakness is never self-care."
answers = { breathing = "No", weakness = "Yes" }

  [cases.expect]
  outcome = "see-doctor"
  urgency = "urgent"
  must_ask = ["breathing", "weakness"]
"""

MARKUP_NAME = "[b]Sam[/b] [@click=app.quit]x[/]"
"""A trainee name that would be live markup if it were ever rendered as markup."""


class FakeClock:
    """A clock that moves ``step`` seconds each time it is read: stable times for snapshots."""

    def __init__(self, start: float = 1_750_000_000.0, step: float = 7.0) -> None:
        self.now = start
        self.step = step

    def __call__(self) -> float:
        now = self.now
        self.now += self.step
        return now


async def start_case(app: App[object], pilot: Pilot[object], row: int = 0) -> Any:
    """From the case list, start the case on ``row``; returns the TrainingScreen once its walk shows."""
    from textual.widgets import DataTable

    from twitchtree.tui.screens.case_list import CaseListScreen
    from twitchtree.tui.screens.training import TrainingScreen

    await wait_for(pilot, lambda: isinstance(app.screen, CaseListScreen) and app.screen.query(DataTable))
    app.screen.query_one(DataTable).move_cursor(row=row)
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, TrainingScreen) and app.screen.walk_view.node is not None)
    return app.screen


async def answer(app: App[object], pilot: Pilot[object], *keys: str) -> None:
    """Press each answer key and wait until the attempt has taken it (or the walk has ended)."""
    from twitchtree.tui.screens.training import TrainingScreen

    screen = app.screen
    assert isinstance(screen, TrainingScreen)
    for key in keys:
        wanted = len(screen.attempt.answers) + 1
        await pilot.press(key)
        await wait_for(pilot, lambda n=wanted: app.screen is not screen or len(screen.attempt.answers) >= n)


async def saved(app: Any, pilot: Pilot[object]) -> None:
    """Wait until the app's recorder has written everything handed to it (or has stopped recording)."""
    recorder = app.recorder
    await wait_for(pilot, lambda: recorder is None or recorder.waiting == 0 or recorder.state == "off")


_PRELUDE = """
import os as _os, time as _time
_SAY, _GO = int(_os.environ["TT_SAY_FD"]), int(_os.environ["TT_GO_FD"])
def say(word):
    _os.write(_SAY, (word + "\\n").encode())
def wait_for_go():
    _os.read(_GO, 1)
def wait_to_be_killed():
    _time.sleep(300)
"""


class PythonChild:
    """A Python child process that says what it has done through a pipe of its own (``say(word)``).

    Not through stdout: a Textual app in the child captures ``print``, and buffering would depend on
    ``PYTHONUNBUFFERED``. ``wait_for_go()`` in the child waits for :meth:`go`; ``wait_to_be_killed()``
    sleeps. The tests folders are on the child's import path.
    """

    def __init__(self, script: str, *args: str) -> None:
        say_read, say_write = os.pipe()
        go_read, go_write = os.pipe()
        tests = Path(__file__).resolve().parent
        env = {
            **os.environ,
            "TT_SAY_FD": str(say_write),
            "TT_GO_FD": str(go_read),
            "PYTHONPATH": os.pathsep.join([str(tests), str(tests.parent), os.environ.get("PYTHONPATH", "")]),
        }
        self.process = subprocess.Popen(
            [sys.executable, "-c", _PRELUDE + script, *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=env,
            pass_fds=(say_write, go_read),
        )
        os.close(say_write)
        os.close(go_read)
        self._go = go_write
        self.words: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, args=(say_read,), daemon=True).start()

    def _read(self, fd: int) -> None:
        with os.fdopen(fd, "rb") as said:
            for line in said:
                self.words.put(line.decode().strip())
        self.words.put("")  # the child is gone

    def expect(self, expected: str, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                word = self.words.get(timeout=left)
            except queue.Empty:
                break
            if word == expected:
                return
            if word == "":
                break
        self.process.kill()
        raise AssertionError(f"the child never said {expected!r}; stderr:\n{self.process.communicate()[1].decode()}")

    def go(self) -> None:
        os.write(self._go, b"g")

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)
        os.close(self._go)


@contextlib.contextmanager
def read_only(path: Path) -> Iterator[None]:
    """``path`` cannot be written while inside: its mode, or as root (who writes anything) the immutable flag."""
    import pytest

    if os.geteuid() != 0:
        mode = path.stat().st_mode
        path.chmod(0o444)
        try:
            yield
        finally:
            path.chmod(mode)
        return
    if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode:
        pytest.skip("as root, a read-only file needs chattr +i, which this file system does not support")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)
