"""End to end: the real ``twitchtree`` console script in tmux, driven with send-keys and read with capture-pane.

Each step polls the pane every 50 ms until the expected text appears (10 s
at most); there are no fixed sleeps. The tmux server has a socket of its
own and no config file, so the test touches no other tmux session.
"""

from __future__ import annotations

import pytest

from support import TMUX, Tmux, twitchtree_command

pytestmark = pytest.mark.e2e


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
    command = [*twitchtree_command(), str(demo_tree)]
    with Tmux(command, cwd=cwd, size=(110, 34), env=env, then="echo EXITED $?; sleep 60") as pane:
        yield pane


def test_walk_to_an_outcome_back_restart_and_quit(pane):
    text = pane.wait_for_text("Question", "Has the twitching lasted more than two weeks?", "1-9 Answer")
    assert "Path · 0 answered" in text

    pane.keys("1")
    pane.wait_for_text("Is there weakness in the same muscles?", "Path · 1 answered")
    pane.keys("1")
    # The outcome shows its urgency, its red flags and the tree's disclaimer (waited for: a loaded
    # machine may draw the card before its last lines).
    pane.wait_for_text(
        "Urgent: see a doctor within a day or two",
        "Act sooner if",
        "Trouble breathing",
        "Test disclaimer",
        "Path · 2 answered",
    )

    pane.keys("b")
    pane.wait_for_text("Is there weakness in the same muscles?", "Path · 1 answered")
    pane.keys("BSpace")
    pane.wait_for_text("Has the twitching lasted more than two weeks?", "Path · 0 answered")

    pane.keys("2")
    pane.wait_for_text("Self-care: manage at home and watch for the red flags", "Path · 1 answered")
    pane.keys("r")
    pane.wait_for_text("Has the twitching lasted more than two weeks?", "Path · 0 answered")

    pane.keys("q")
    pane.wait_for_text("EXITED 0")
