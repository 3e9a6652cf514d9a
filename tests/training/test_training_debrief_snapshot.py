"""A snapshot of the debrief after an under-triaged walk, with a fake clock so every time shown is stable.

Update it with ``pytest tests/training/test_training_debrief_snapshot.py --snapshot-update``
and look at the SVG in ``__snapshots__/`` before committing.
"""

from __future__ import annotations

from training_support import FakeClock, answer, start_case

from support import wait_for
from twitchtree.tui.screens.debrief import DebriefScreen


def test_debrief_after_under_triage(snap_compare, make_app):
    app = make_app(clock=FakeClock(step=7.0))

    async def walk(pilot) -> None:
        await start_case(app, pilot, row=1)  # a weak arm: urgent
        await answer(app, pilot, "2", "2", "2")  # no, no, no: self-care
        await wait_for(pilot, lambda: isinstance(app.screen, DebriefScreen))

    assert snap_compare(app, run_before=walk, terminal_size=(110, 44))
