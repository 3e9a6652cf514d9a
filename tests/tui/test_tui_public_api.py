"""The front end reads Textual's events through their public attributes only (the project's rule)."""

from __future__ import annotations

import re
from pathlib import Path

import twitchtree.tui

TUI = Path(twitchtree.tui.__file__).parent
PRIVATE = re.compile(r"\bevent\._[a-z]\w*")
"""An event's private attribute (``event._screen_y``): ``pointer_screen_y``, ``screen_offset`` ... are public."""


def test_no_event_s_private_attribute_is_read():
    found = [
        f"{path.relative_to(TUI)}:{number}: {match[0]}"
        for path in sorted(TUI.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        for match in PRIVATE.finditer(line)
    ]
    assert found == []
