"""End to end: the real ``twitchtree preview`` in tmux, its file changed from outside, the screen read back.

Runs on a tmux server of its own (``tmux -L``), so it never touches the
user's sessions, with the XDG folders of the test.
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
from authoring_support import DEMO_TREE, edit_file, replace_file

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

POLL = 0.05
TIMEOUT = 10.0


def twitchtree_command() -> list[str]:
    """The installed ``twitchtree`` script beside this Python, or ``python -m twitchtree``."""
    script = Path(sys.executable).with_name("twitchtree")
    return [str(script)] if script.exists() else [sys.executable, "-m", "twitchtree"]


class Tmux:
    """One detached session on a private tmux server."""

    def __init__(self, folder: Path, command: list[str], env: dict[str, str], size: tuple[int, int]) -> None:
        self.socket = f"twitchtree-e2e-{uuid.uuid4().hex[:12]}"
        self.session = "preview"
        # COLUMNS and LINES may be in the C environment of this process (readline sets them), and
        # they would override the window's size.
        line = shlex.join(["env", "-u", "COLUMNS", "-u", "LINES", *(f"{k}={v}" for k, v in env.items()), *command])
        self.tmux(
            "new-session", "-d", "-s", self.session, "-x", str(size[0]), "-y", str(size[1]), "-c", str(folder), line
        )

    def tmux(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=check, timeout=10
        )

    def screen(self) -> str:
        result = self.tmux("capture-pane", "-p", "-t", self.session, check=False)
        return result.stdout if result.returncode == 0 else ""

    def alive(self) -> bool:
        return self.tmux("has-session", "-t", self.session, check=False).returncode == 0

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", self.session, *keys)

    def wait_for(self, predicate, what: str) -> str:
        deadline = time.monotonic() + TIMEOUT
        while True:
            screen = self.screen()
            if predicate(screen):
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"{what} not seen within {TIMEOUT} s; the screen:\n{screen}")
            time.sleep(POLL)

    def wait_for_text(self, text: str) -> str:
        return self.wait_for(lambda screen: text in screen, repr(text))

    def close(self) -> None:
        self.tmux("kill-server", check=False)


@pytest.fixture
def preview_in_tmux(demo_tree: Path, isolated_user_dirs):
    env = {
        "XDG_CONFIG_HOME": str(isolated_user_dirs.config),
        "XDG_DATA_HOME": str(isolated_user_dirs.data),
        "XDG_CACHE_HOME": str(isolated_user_dirs.cache),
        "TERM": "xterm-256color",
        "PYTHONPATH": os.environ.get("PYTHONPATH", ""),
    }
    session = Tmux(demo_tree.parent, [*twitchtree_command(), "preview", demo_tree.name], env, (120, 36))
    try:
        yield session
    finally:
        session.close()


def test_preview_follows_changes_made_outside(preview_in_tmux: Tmux, demo_tree: Path):
    tmux = preview_in_tmux
    tmux.wait_for_text("Has the twitching lasted more than two weeks?")
    tmux.keys("1")
    tmux.wait_for_text("Is there weakness in the same muscles?")
    # Saved as editors do: a new file renamed over the old one.
    replace_file(demo_tree, DEMO_TREE.replace("Is there weakness", "Is there any weakness"))
    screen = tmux.wait_for_text("Is there any weakness in the same muscles?")
    assert "Path · 1 answered" in screen
    # Written in place.
    edit_file(demo_tree, "Is there any weakness", "Do you have weakness")
    tmux.wait_for_text("Do you have weakness in the same muscles?")
    # A broken save: the problem at PATH:LINE:COL, over the last good tree.
    edit_file(demo_tree, 'next = "spreading"', 'next = "spreding"')
    screen = tmux.wait_for_text("Problems · 1 error")
    assert "demo.toml:37:3: error: answer 'No' of 'weakness' leads to 'spreding'" in screen
    assert "Do you have weakness in the same muscles?" in screen
    # Fixed again: the panel goes, the place is kept.
    replace_file(demo_tree, DEMO_TREE)
    screen = tmux.wait_for(lambda s: "Problems" not in s and "Is there weakness in the same muscles?" in s, "recovery")
    assert "Path · 1 answered" in screen
    tmux.keys("q")
    deadline = time.monotonic() + TIMEOUT
    while tmux.alive() and time.monotonic() < deadline:
        time.sleep(POLL)
    assert not tmux.alive(), "twitchtree preview did not quit on q"
