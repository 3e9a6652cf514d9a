"""End to end: the real ``twitchtree preview`` in tmux, its file changed from outside, the screen read back.

Runs on a tmux server of its own (``tmux -L``), so it never touches the
user's sessions, with the XDG folders of the test.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from authoring_support import DEMO_TREE, edit_file, replace_file

from support import TMUX, Tmux, twitchtree_command

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(TMUX is None, reason="tmux is not installed"),
]


@pytest.fixture
def preview_in_tmux(demo_tree: Path, isolated_user_dirs):
    env = {
        "XDG_CONFIG_HOME": str(isolated_user_dirs.config),
        "XDG_DATA_HOME": str(isolated_user_dirs.data),
        "XDG_CACHE_HOME": str(isolated_user_dirs.cache),
        "TERM": "xterm-256color",
        "PYTHONPATH": os.environ.get("PYTHONPATH", ""),
    }
    command = [*twitchtree_command(), "preview", demo_tree.name]
    with Tmux(command, cwd=demo_tree.parent, size=(120, 36), env=env) as session:
        yield session


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
    # (Written in place, the file may be read half-written first: wait for the whole file's problem.)
    screen = tmux.wait_for_text("Problems · 1 error", "leads to 'spreding'")
    assert "demo.toml:37:3: error: answer 'No' of 'weakness' leads to 'spreding'" in screen
    assert "Do you have weakness in the same muscles?" in screen
    # Fixed again: the panel goes, the place is kept.
    replace_file(demo_tree, DEMO_TREE)
    screen = tmux.wait_for(lambda s: "Problems" not in s and "Is there weakness in the same muscles?" in s, "recovery")
    assert "Path · 1 answered" in screen
    tmux.keys("q")
    assert tmux.ended(), "twitchtree preview did not quit on q"
