"""What the hostile-input tests share (import it: ``from hostile_support import ...``).

- :data:`DATA`: the committed attack files, each with ``# expect:`` lines in
  the convention of ``tests/data/bad`` (``LINE:COL: severity: message`` for
  the file itself, ``OTHER/PATH:LINE:COL: ...`` for a library it uses, or
  ``(no diagnostics)``).
- :data:`TERMINAL_CODES`: what must never reach the terminal from a file.
- :func:`run_twitchtree`: the real program in a subprocess with a time limit,
  for attacks that could hang (FIFOs, devices, huge expansions).
- :func:`screen_text` and :func:`wait_for` for the pilot tests.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.app import App
    from textual.pilot import Pilot

DATA = Path(__file__).resolve().parent / "data"
_EXPECT = re.compile(r"^# expect: (.+)$", re.MULTILINE)
NO_DIAGNOSTICS = "(no diagnostics)"

TERMINAL_CODES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Control characters (ESC, BEL, NUL, C1 CSI ...): never written to the terminal from a file."""
UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""What a diagnostic line never holds: control characters, and bidi characters (quoted as ``\\uXXXX``).
Bidi characters are only a warning, so a tree that has them still shows them as its text."""


def attack_files() -> list[str]:
    """The attack files, relative to :data:`DATA` (libraries under ``lib/`` are used by them, not checked alone)."""
    return sorted(str(p.relative_to(DATA)) for p in DATA.rglob("*.toml") if p.parent.name != "lib")


def expected(name: str) -> list[str]:
    """The diagnostic lines ``twitchtree check NAME`` must print, run in :data:`DATA`."""
    text = (DATA / name).read_bytes().decode("utf-8")
    lines = _EXPECT.findall(text)
    if lines == [NO_DIAGNOSTICS]:
        return []
    assert lines, f"{name} has no '# expect:' line"
    return [line if not line[0].isdigit() else f"{name}:{line}" for line in lines]


@dataclass
class Finished:
    code: int
    out: str
    err: str
    seconds: float


def run_twitchtree(*args: object, cwd: Path | None = None, stdin: str = "", timeout: float = 20) -> Finished:
    """``python -m twitchtree ARGS`` in a subprocess; a hang fails the test after ``timeout`` seconds."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1"}
    env.pop("TWITCHTREE_DEBUG", None)
    start = time.monotonic()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "twitchtree", *map(str, args)],
            input=stdin,
            capture_output=True,
            text=True,
            cwd=cwd,
            env=env,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise AssertionError(f"twitchtree {' '.join(map(str, args))} hung (no answer within {timeout} s)") from None
    return Finished(result.returncode, result.stdout, result.stderr, time.monotonic() - start)


def screen_text(app: App[object]) -> str:
    """The current screen as plain text, exactly as the terminal would show it."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True, record=True)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text()


async def wait_for(pilot: Pilot[object], predicate: Callable[[], object], *, timeout: float = 10.0) -> None:
    """Let the app run until ``predicate()`` holds; fail after ``timeout`` seconds. Never a fixed sleep."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(
                f"condition never held within {timeout} s: {getattr(predicate, '__name__', predicate)}"
            )
        await pilot.pause()


def notifications(app: App[object]) -> list[str]:
    """The messages of the notifications shown now, oldest first."""
    return [str(n.message) for n in app._notifications]
