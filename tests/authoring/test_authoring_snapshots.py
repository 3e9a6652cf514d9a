"""Snapshots of the preview with the problems panel over the last good tree, and of the editor with a problem.

Update them with ``pytest tests/authoring/test_authoring_snapshots.py --snapshot-update``
after a deliberate change to the look, and review the SVGs.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from authoring_support import DEMO_TREE, editor_ready, preview_ready, replace_file

from support import wait_for, wait_for_text
from twitchtree.tui.widgets.problems_panel import ProblemsPanel

TERMINAL = (100, 30)


class _Noon(datetime):
    @classmethod
    def now(cls, tz=None):  # type: ignore[override]
        return cls(2026, 11, 22, 12, 0, 0)


@pytest.fixture
def steady(tree_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in the tree's folder (so paths on screen are relative) at a fixed time; returns ``demo.toml``."""
    monkeypatch.chdir(tree_dir)
    monkeypatch.setattr("twitchtree.tui.screens.authoring.datetime", _Noon)
    return Path("demo.toml")


def test_preview_with_problems_over_the_last_good_tree(steady, preview_app, snap_compare):
    async def break_the_file(pilot) -> None:
        app = pilot.app
        await preview_ready(pilot)
        await pilot.press("1")
        replace_file(steady, DEMO_TREE.replace('next = "spreading"', 'next = "spreding"'))
        await wait_for(pilot, lambda: app.screen.query_one(ProblemsPanel).display)
        await wait_for_text(pilot, "Problems · 1 error, 3 warnings")

    assert snap_compare(preview_app(steady), terminal_size=TERMINAL, run_before=break_the_file)


def test_editor(steady, edit_app, snap_compare):
    async def settle(pilot) -> None:
        app = pilot.app
        await editor_ready(pilot)
        app.screen.source.cursor_blink = False
        app.screen.source.move_cursor((10, 0))
        await pilot.press("#")  # comments out the first node's type: the check after the pause lists it
        await wait_for(pilot, lambda: app.screen.query_one(ProblemsPanel).display)
        await wait_for_text(pilot, "Problems · 1 error")

    assert snap_compare(edit_app(steady), terminal_size=TERMINAL, run_before=settle)
