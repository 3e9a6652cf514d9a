"""End to end: the real ``twitchtree`` console script in tmux, driven with send-keys and read with capture-pane.

Each step polls the pane every 50 ms until the expected text appears (10 s
at most); there are no fixed sleeps. The tmux server has a socket of its
own and no config file, so the test touches no other tmux session.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

TMUX = shutil.which("tmux")
WIDTH, HEIGHT = 110, 34


def console_script() -> str:
    beside_python = Path(sys.executable).with_name("twitchtree")
    return str(beside_python) if beside_python.exists() else (shutil.which("twitchtree") or "twitchtree")


class Pane:
    def __init__(self, socket: str) -> None:
        self.socket = socket

    def tmux(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        command = [TMUX, "-L", self.socket, "-f", os.devnull, *args]
        return subprocess.run(command, capture_output=True, text=True, check=check)  # type: ignore[arg-type]

    def send(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "e2e", *keys)

    def text(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "e2e", check=False).stdout

    def wait_for(self, *expected: str, timeout: float = 10.0) -> str:
        """Poll the pane until every string in ``expected`` is on it; return the pane's text."""
        deadline = time.monotonic() + timeout
        while True:
            text = self.text()
            if all(e in text for e in expected):
                return text
            if time.monotonic() > deadline:
                raise AssertionError(f"never saw {expected!r} within {timeout} s; the pane shows:\n{text}")
            time.sleep(0.05)


@pytest.fixture
def pane(tmp_path, demo_tree, isolated_user_dirs):
    if TMUX is None:
        pytest.skip("tmux is not installed (.ci/run installs it): the end-to-end test drives the real program in tmux")
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    env = {
        "XDG_CONFIG_HOME": isolated_user_dirs.config,
        "XDG_DATA_HOME": isolated_user_dirs.data,
        "XDG_CACHE_HOME": isolated_user_dirs.cache,
        "TERM": "xterm-256color",
    }
    assignments = " ".join(f"{name}={shlex.quote(str(value))}" for name, value in env.items())
    # GNU readline (imported by pytest) exports COLUMNS and LINES; they would override the pane's real size.
    program = f"{shlex.quote(console_script())} {shlex.quote(str(demo_tree))}"
    command = f"env -u COLUMNS -u LINES {assignments} {program}; echo EXITED $?; sleep 60"
    pane = Pane(f"twitchtree-e2e-{uuid.uuid4().hex[:12]}")
    pane.tmux("new-session", "-d", "-s", "e2e", "-x", str(WIDTH), "-y", str(HEIGHT), "-c", str(cwd), command)
    try:
        yield pane
    finally:
        pane.tmux("kill-server", check=False)


def test_walk_to_an_outcome_back_restart_and_quit(pane):
    text = pane.wait_for("Question 1", "Has the twitching lasted more than two weeks?", "1-9 Answer")
    assert "Path · 0 answered" in text

    pane.send("1")
    pane.wait_for("Question 2", "Is there weakness in the same muscles?", "Path · 1 answered")
    pane.send("1")
    text = pane.wait_for("Urgent: see a doctor within a day or two", "Act sooner if", "Path · 2 answered")
    assert "Trouble breathing" in text and "Test disclaimer" in text

    pane.send("b")
    pane.wait_for("Question 2", "Path · 1 answered")
    pane.send("BSpace")
    pane.wait_for("Question 1", "Path · 0 answered")

    pane.send("2")
    pane.wait_for("Self-care: manage at home and watch for the red flags", "Path · 1 answered")
    pane.send("r")
    pane.wait_for("Question 1", "Path · 0 answered")

    pane.send("q")
    pane.wait_for("EXITED 0")
