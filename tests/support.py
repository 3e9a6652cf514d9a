"""Plain helpers shared by every test suite (import them: ``from support import ...``).

Fixtures live in ``tests/conftest.py`` and tree text in ``tests/builders.py``;
what only one suite needs stays in that suite's ``*_support.py``.

- Waiting, always on a condition with a deadline, never a fixed sleep:
  :func:`wait_until` (plain code), :func:`wait_for`, :func:`wait_for_text`
  and :func:`wait_for_no_text` (pilot tests).
- Reading a pilot app: :func:`screen_text`, :func:`region_text`, :func:`notifications`.
- Acting in a pilot app: :func:`run_palette_command`, :func:`click_action_tags`,
  and :func:`explorer_app`, the explorer on a tree without recording it among the recent ones.
- The real program: :func:`run_python` and :func:`run_twitchtree` in a subprocess with a time
  limit, :func:`twitchtree_command`, and :class:`Tmux` for the end-to-end tests.
"""

from __future__ import annotations

import asyncio
import io
import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from textual.app import App
    from textual.pilot import Pilot

    from twitchtree.tui.app import TwitchtreeApp
    from twitchtree.tui.settings import Settings

SIZE = (110, 34)
"""The terminal size of every pilot test unless a test needs another."""

TIMEOUT = 10.0
"""How long a wait lasts before the test fails, unless told otherwise."""

TMUX = shutil.which("tmux")
"""The tmux program, or None where it is not installed (the end-to-end tests then skip)."""


def _name(predicate: Callable[..., object]) -> object:
    return getattr(predicate, "__name__", predicate)


# -- waiting -----------------------------------------------------------------------------------


def wait_until(condition: Callable[[], object], *, timeout: float = TIMEOUT, interval: float = 0.05) -> bool:
    """Check ``condition()`` every ``interval`` seconds until it holds; whether it did within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(interval)
    return True


def walk_ready(app: App[object]) -> bool:
    """The screen shows a walk that takes keys: its walk view is mounted and something has the focus."""
    view = getattr(app.screen, "walk_view", None)
    return view is not None and view.is_mounted and app.screen.focused is not None


async def wait_for(pilot: Pilot[object], predicate: Callable[[], object], *, timeout: float = TIMEOUT) -> None:
    """Let the app run until ``predicate()`` holds; fail after ``timeout`` seconds.

    Each round lets the app process its messages (``pilot.pause``) and yields
    briefly to the event loop, so workers, timers and file-system events get their turn.
    """
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition never held within {timeout} s: {_name(predicate)}")
        await pilot.pause()
        await asyncio.sleep(0.01)


async def wait_for_text(pilot: Pilot[object], *texts: str, timeout: float = TIMEOUT) -> str:
    """Wait until every one of ``texts`` is on the screen; returns the screen's text."""
    shown = ""

    def on_screen() -> bool:
        nonlocal shown
        shown = screen_text(pilot.app)
        return all(text in shown for text in texts)

    on_screen.__name__ = f"{texts!r} on screen"
    await wait_for(pilot, on_screen, timeout=timeout)
    return shown


async def wait_for_no_text(pilot: Pilot[object], text: str, *, timeout: float = TIMEOUT) -> None:
    """Wait until ``text`` is no longer on the screen."""

    def gone() -> bool:
        return text not in screen_text(pilot.app)

    gone.__name__ = f"{text!r} gone from the screen"
    await wait_for(pilot, gone, timeout=timeout)


# -- reading a pilot app -----------------------------------------------------------------------


def help_rows(app: App[object]) -> dict[str, str]:
    """Description → keys, as the help screen on top lists them."""
    from textual.widgets import Static

    cells = [str(static.render()) for static in app.screen.query("#keys Static").results(Static)]
    return {description: key for key, description in zip(cells[::2], cells[1::2], strict=True)}


def screen_text(app: App[object]) -> str:
    """The current screen as plain text, exactly as the terminal would show it."""
    from rich.console import Console

    width, height = app.size
    console = Console(
        width=width, height=height, file=io.StringIO(), force_terminal=True, record=True, legacy_windows=False
    )
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text()


def region_text(app: App[object], selector: str) -> str:
    """The text shown inside the widget ``selector`` (its content region), wrapped lines joined by spaces."""
    region = app.screen.query_one(selector).content_region
    lines = screen_text(app).splitlines()[region.y : region.bottom]
    return " ".join(" ".join(line[region.x : region.right] for line in lines).split())


def notifications(app: App[object]) -> list[str]:
    """The messages of the notifications shown now, oldest first."""
    return [str(n.message) for n in app._notifications]


# -- acting in a pilot app ---------------------------------------------------------------------


def write_config(dirs: Any, text: str) -> Path:
    """Write the user's ``config.toml`` (``dirs`` is the ``isolated_user_dirs`` fixture); returns its path."""
    config = dirs.twitchtree_config / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(text, encoding="utf-8")
    return config


def explorer_app(path: Path, settings: Settings | None = None) -> TwitchtreeApp:
    """The explorer on ``path``, which does not record the tree among the recent ones."""
    from twitchtree.tui.app import TwitchtreeApp

    return TwitchtreeApp(path, settings=settings, remember=False)


async def run_palette_command(pilot: Pilot[object], title: str, typed: str | None = None) -> None:
    """Open the palette, type ``typed`` (``title`` by default), wait until ``title`` is the highlighted hit, run it.

    Each key restarts the palette's search, so most tests type only enough to find the command.
    """
    from textual.command import CommandList, CommandPalette

    app = pilot.app
    await pilot.press("ctrl+p")
    await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
    await pilot.press(*(typed or title))
    commands = app.screen.query_one(CommandList)

    def highlighted_is_title() -> bool:
        index = commands.highlighted
        return index is not None and commands.get_option_at_index(index).hit.text == title

    await wait_for(pilot, highlighted_is_title)
    await pilot.press("enter")
    await wait_for(pilot, lambda: not isinstance(app.screen, CommandPalette))


async def click_action_tags(pilot: Pilot[object], *, top: int = 0, bottom: int | None = None, every: bool) -> int:
    """Click the first character of ``[@click`` on the screen's lines ``top`` to ``bottom``; count the clicks.

    ``every``: each one on a line, else only the first of each line. The caller
    checks that nothing happened: markup in content must never act.
    """
    clicks = 0
    for y, line in enumerate(screen_text(pilot.app).splitlines()[:bottom]):
        x = line.find("[@click")
        while y >= top and x >= 0:
            await pilot.click(offset=(x + 1, y))
            await pilot.pause()
            clicks += 1
            x = line.find("[@click", x + 1) if every else -1
    return clicks


# -- the real program --------------------------------------------------------------------------


def run_python(
    *args: object,
    input: str | bytes | None = None,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 60,
    text: bool = True,
) -> subprocess.CompletedProcess:
    """``python ARGS`` (this interpreter) in a subprocess, output captured; a hang fails after ``timeout`` seconds."""
    try:
        return subprocess.run(
            [sys.executable, *map(str, args)],
            input=input,
            capture_output=True,
            text=text,
            cwd=cwd,
            env=env,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise AssertionError(f"python {' '.join(map(str, args))} hung (no answer within {timeout} s)") from None


@dataclass
class Finished:
    code: int
    out: str
    err: str
    seconds: float


def run_twitchtree(*args: object, cwd: Path | None = None, stdin: str = "", timeout: float = 20) -> Finished:
    """``python -m twitchtree ARGS`` in a subprocess, uncoloured and without TWITCHTREE_DEBUG; how long it took."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1"}
    env.pop("TWITCHTREE_DEBUG", None)
    start = time.monotonic()
    result = run_python("-m", "twitchtree", *args, input=stdin, env=env, cwd=cwd, timeout=timeout)
    return Finished(result.returncode, result.stdout, result.stderr, time.monotonic() - start)


def twitchtree_command() -> list[str]:
    """The installed ``twitchtree`` console script (beside this Python, else on PATH), or ``python -m twitchtree``."""
    script = Path(sys.executable).with_name("twitchtree")
    if script.exists():
        return [str(script)]
    found = shutil.which("twitchtree")
    return [found] if found else [sys.executable, "-m", "twitchtree"]


class Tmux:
    """One detached session on a private tmux server (``tmux -L``, no config file): never the user's sessions.

    ``command`` runs in ``cwd`` with ``env`` added, at ``size`` (columns, rows);
    ``then`` is shell text run after it ends (to show its exit status, say).
    Use it as a context manager: the server is killed at the end.
    """

    def __init__(
        self,
        command: list[str],
        *,
        cwd: Path,
        size: tuple[int, int],
        env: Mapping[str, object] | None = None,
        then: str = "",
    ) -> None:
        self.socket = f"twitchtree-e2e-{uuid.uuid4().hex[:12]}"
        self.session = "e2e"
        # COLUMNS and LINES may be in the C environment of this process (GNU readline, imported by
        # pytest, exports them), and they would override the window's size.
        assignments = [f"{name}={value}" for name, value in (env or {}).items()]
        line = shlex.join(["env", "-u", "COLUMNS", "-u", "LINES", *assignments, *command])
        if then:
            line = f"{line}; {then}"
        width, height = size
        self.tmux("new-session", "-d", "-s", self.session, "-x", str(width), "-y", str(height), "-c", str(cwd), line)

    def __enter__(self) -> Tmux:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def tmux(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        command = [TMUX or "tmux", "-L", self.socket, "-f", os.devnull, *args]
        return subprocess.run(command, capture_output=True, text=True, check=check, timeout=10)

    def keys(self, *keys: str) -> None:
        """``tmux send-keys``: each argument a key name (``BSpace``) or text."""
        self.tmux("send-keys", "-t", self.session, *keys)

    def screen(self) -> str:
        """The pane's text now ("" once the session has ended)."""
        result = self.tmux("capture-pane", "-p", "-t", self.session, check=False)
        return result.stdout if result.returncode == 0 else ""

    def alive(self) -> bool:
        return self.tmux("has-session", "-t", self.session, check=False).returncode == 0

    def wait_for(self, predicate: Callable[[str], object], what: str, *, timeout: float = TIMEOUT) -> str:
        """Poll the pane until ``predicate(its text)`` holds; returns that text. Fails after ``timeout`` seconds."""
        shown = ""

        def seen() -> object:
            nonlocal shown
            shown = self.screen()
            return predicate(shown)

        if not wait_until(seen, timeout=timeout):
            raise AssertionError(f"{what} not seen within {timeout} s; the pane shows:\n{shown}")
        return shown

    def wait_for_text(self, *texts: str, timeout: float = TIMEOUT) -> str:
        """Poll the pane until every one of ``texts`` is on it; returns the pane's text."""
        return self.wait_for(lambda shown: all(text in shown for text in texts), repr(texts), timeout=timeout)

    def ended(self, *, timeout: float = TIMEOUT) -> bool:
        """Wait until the session has ended (its command quit); whether it did within ``timeout`` seconds."""
        return wait_until(lambda: not self.alive(), timeout=timeout)

    def close(self) -> None:
        self.tmux("kill-server", check=False)
