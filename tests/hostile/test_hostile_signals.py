"""A signal (a closed terminal, a dropped ssh session, ``kill``) never loses the editor's text or breaks the terminal.

The real console script runs in tmux: text is typed, the signal is sent to
its process, and the recovery file, the exit status, what the pane shows and
tmux's own record of the terminal's modes (alternate screen, mouse
reporting) are read back.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from builders import make_tree
from support import TMUX, Tmux, twitchtree_command, wait_until

pytestmark = pytest.mark.e2e

TYPED = "# unsaved2"


@pytest.fixture
def env(isolated_user_dirs) -> dict[str, object]:
    if TMUX is None:
        pytest.skip("tmux is not installed (.ci/run installs it)")
    return {
        "XDG_CONFIG_HOME": isolated_user_dirs.config,
        "XDG_DATA_HOME": isolated_user_dirs.data,
        "XDG_CACHE_HOME": isolated_user_dirs.cache,
        "TERM": "xterm-256color",
    }


def recovered(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if ".recovered-" in p.name)


def start(tmp_path: Path, env: dict[str, object], *args: str) -> tuple[Tmux, Path]:
    """``twitchtree ARGS`` in tmux, its pid written to a file first (the shell ``exec``s it, so the pid is its)."""
    pid_file = tmp_path / "pid"
    line = f'echo $$ > {pid_file}; exec "$@"'
    pane = Tmux(
        ["sh", "-c", line, "sh", *twitchtree_command(), *args],
        cwd=tmp_path,
        size=(100, 30),
        env=env,
        then="echo EXITED $?; sleep 60",
    )
    return pane, pid_file


def pid_of(pid_file: Path) -> int:
    assert wait_until(lambda: pid_file.exists() and pid_file.read_text().strip()), "the program never started"
    return int(pid_file.read_text())


def running(pid: int) -> bool:
    """Whether ``pid`` is a live process (not gone, not a zombie waiting to be reaped)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


def modes(pane: Tmux) -> str:
    """The terminal modes tmux sees in the pane: alternate screen, mouse reporting, cursor shown."""
    fmt = "alt=#{alternate_on} mouse=#{mouse_any_flag}#{mouse_button_flag}#{mouse_standard_flag} cursor=#{cursor_flag}"
    return pane.tmux("display-message", "-p", "-t", pane.session, fmt).stdout.strip()


def tree_file(tmp_path: Path) -> Path:
    path = tmp_path / "t.toml"
    path.write_text(make_tree(), encoding="utf-8")
    path.chmod(0o640)
    return path


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP", "SIGINT"])
def test_a_signal_keeps_the_unsaved_text_and_restores_the_terminal(tmp_path, env, name):
    path = tree_file(tmp_path)
    signum = getattr(signal, name)
    pane, pid_file = start(tmp_path, env, "edit", "t.toml")
    with pane:
        pane.wait_for_text('id = "demo"')
        assert modes(pane).startswith("alt=1 mouse=1")  # the app owns the terminal
        pane.keys("-l", TYPED)
        pane.wait_for_text("modified", TYPED)
        os.kill(pid_of(pid_file), signum)
        shown = pane.wait_for_text(f"EXITED {128 + signum}")
        assert modes(pane) == "alt=0 mouse=000 cursor=1"
    [rescue] = recovered(tmp_path)
    assert rescue.read_text(encoding="utf-8") == TYPED + path.read_text(encoding="utf-8")
    assert rescue.stat().st_mode & 0o777 == 0o640
    assert path.read_text(encoding="utf-8") == make_tree()  # the file itself is untouched
    said = " ".join(shown.split())
    assert f"twitchtree: stopped by {name}. Your unsaved text is in {rescue.name}." in said
    assert "Traceback" not in shown


def test_closing_the_terminal_keeps_the_unsaved_text_and_the_process_ends(tmp_path, env):
    path = tree_file(tmp_path)
    pane, pid_file = start(tmp_path, env, "edit", "t.toml")
    with pane:
        pane.wait_for_text('id = "demo"')
        pane.keys("-l", TYPED)
        pane.wait_for_text("modified", TYPED)
        pid = pid_of(pid_file)
        pane.tmux("kill-session", "-t", pane.session)  # the pty closes: the kernel sends SIGHUP
        assert wait_until(lambda: not running(pid)), "the editor outlived its terminal"
    [rescue] = recovered(tmp_path)
    assert rescue.read_text(encoding="utf-8") == TYPED + path.read_text(encoding="utf-8")


@pytest.mark.parametrize("command", [["edit", "t.toml"], ["preview", "t.toml"]])
def test_a_signal_with_nothing_unsaved_writes_nothing_and_restores_the_terminal(tmp_path, env, command):
    tree_file(tmp_path)
    pane, pid_file = start(tmp_path, env, *command)
    with pane:
        pane.wait_for_text("Is it bad?")
        os.kill(pid_of(pid_file), signal.SIGTERM)
        shown = pane.wait_for_text("EXITED 143")
        assert modes(pane) == "alt=0 mouse=000 cursor=1"
    assert "stopped by" not in shown and "Traceback" not in shown
    assert recovered(tmp_path) == []
    assert not (Path(env["XDG_DATA_HOME"]) / "twitchtree" / "recovered").exists()
