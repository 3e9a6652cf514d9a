"""The collector in a process the explorer owns: off from its command until the first frame, then on.

Start-up's objects (modules, the tree, the widgets) last as long as the process and leave
almost no garbage, so the explorer's command turns the collector off, and the app turns it
on, with its own thresholds, once its first frame is on screen (when it freezes start-up's
objects). A collector left off would let the cyclic garbage of every frame pile up.
"""

from __future__ import annotations

import argparse
import gc

from support import SIZE, wait_for
from twitchtree.commands import explore
from twitchtree.tui import GC_THRESHOLDS


def test_the_explorer_s_command_turns_the_collector_off_before_the_app_starts(demo_tree, monkeypatch):
    import twitchtree.tui.app

    seen: list[bool] = []
    monkeypatch.setattr(twitchtree.tui.app, "run", lambda path: seen.append(gc.isenabled()) or 0)
    try:
        assert explore.run(argparse.Namespace(tree=str(demo_tree))) == 0
    finally:
        gc.enable()
    assert seen == [False]


async def test_the_app_turns_the_collector_on_with_its_thresholds_after_its_first_frame(demo_tree, make_app):
    thresholds = gc.get_threshold()
    app = make_app(demo_tree)
    app.owns_process = True  # as run_in_process sets it
    gc.disable()  # as the explorer's command leaves it
    try:
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, lambda: app.is_ready and gc.isenabled())
            assert gc.get_threshold() == GC_THRESHOLDS
            assert gc.get_freeze_count() > 0  # start-up's objects, out of the collector's sight
    finally:
        gc.enable()
        gc.unfreeze()
        gc.set_threshold(*thresholds)
