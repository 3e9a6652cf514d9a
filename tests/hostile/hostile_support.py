"""What the hostile-input tests share (import it: ``from hostile_support import ...``).

- :data:`DATA`: the committed attack files, each with ``# expect:`` lines in
  the convention of ``tests/data/bad`` (``LINE:COL: severity: message`` for
  the file itself, ``OTHER/PATH:LINE:COL: ...`` for a library it uses, or
  ``(no diagnostics)``).
- :data:`TERMINAL_CODES`: what must never reach the terminal from a file.

The real program in a subprocess with a time limit (``run_twitchtree``, for
attacks that could hang: FIFOs, devices, huge expansions) and the helpers of
the pilot tests are in ``tests/support.py``.
"""

from __future__ import annotations

import re
from pathlib import Path

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
