"""What the hostile-input tests share (import it: ``from hostile_support import ...``).

- :data:`DATA`: the committed attack files, each with ``# expect:`` lines in
  the convention of ``tests/data/bad`` (``LINE:COL: severity: message`` for
  the file itself, ``OTHER/PATH:LINE:COL: ...`` for a library it uses, or
  ``(no diagnostics)``).
- :data:`TERMINAL_CODES`: what must never reach the terminal from a file.

The real program in a subprocess with a time limit (``run_twitchtree``, for
attacks that could hang: FIFOs, devices, huge expansions) and the helpers of
the pilot tests are in ``tests/support.py``; :func:`measured` runs it and
reports its time and peak memory too, for the attacks on time and memory.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

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


def measured(*args: object, cwd: Path, stdin: str = "", timeout: float = 60) -> Measured:
    """``python -m twitchtree ARGS`` in a subprocess, with its exit code, output, seconds and peak memory (MB).

    The memory is the child's own peak resident size, read from /proc while it runs: other tests do not count.
    """
    import os
    import subprocess
    import sys
    import tempfile
    import time

    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1"}
    env.pop("TWITCHTREE_DEBUG", None)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, tempfile.TemporaryFile() as given:
        given.write(stdin.encode())
        given.seek(0)
        start = time.monotonic()
        process = subprocess.Popen(
            [sys.executable, "-m", "twitchtree", *map(str, args)], cwd=cwd, env=env, stdin=given, stdout=out, stderr=err
        )
        deadline = start + timeout
        peak = 0
        while True:
            peak = max(peak, _high_water_mark(process.pid))
            pid, status, _ = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                process.kill()
                raise AssertionError(f"twitchtree {' '.join(map(str, args))} took more than {timeout} s")
            time.sleep(0.01)
        seconds = time.monotonic() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        megabytes = peak / 1024  # 0 only for a process gone within 10 ms of starting: it had no time to grow
        return Measured(process.returncode, out.read().decode(), err.read().decode(), seconds, megabytes)


def _high_water_mark(pid: int) -> int:
    """The process's peak resident size so far, in KiB (``VmHWM``), or 0 where /proc cannot tell.

    Not ``wait4``'s ``ru_maxrss``: that counts the parent's memory too, which
    the child shares between fork and exec, and pytest's process is large.
    """
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            if b"-m\0twitchtree" not in cmdline.read():
                return 0  # not yet exec'd: still a copy of this process
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


class Measured(NamedTuple):
    code: int
    out: str
    err: str
    seconds: float
    megabytes: float

    @property
    def lines(self) -> list[str]:
        return self.out.splitlines()
