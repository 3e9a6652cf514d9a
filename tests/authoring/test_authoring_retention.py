"""Reloads never keep old trees alive, with the garbage collector tuned as the command line tunes it.

The app freezes what exists after its first frame (``gc.freeze``) and raises the
collector's thresholds. A tree on screen then is frozen with the rest, and a
tree's nodes refer to each other, so without care each reload would keep the
tree it replaced. Weak references to every replaced tree must die.
"""

from __future__ import annotations

import gc
import weakref

from support import wait_for
from twitchtree.tui import GC_THRESHOLDS


async def test_reloads_free_the_trees_they_replace(demo_tree, preview_app):
    thresholds = gc.get_threshold()
    text = demo_tree.read_text(encoding="utf-8")
    app = preview_app(demo_tree)
    app.owns_process = True  # as run_in_process sets it: freeze after the first frame, raised thresholds
    gc.freeze()
    try:
        async with app.run_test(size=(120, 36)) as pilot:
            await wait_for(pilot, lambda: app.screen.good_tree is not None and app.is_ready)
            await wait_for(pilot, lambda: gc.get_freeze_count() > 0 and gc.get_threshold() == GC_THRESHOLDS)
            replaced: list[weakref.ref[object]] = []
            for n in range(1, 4):
                replaced.append(weakref.ref(app.screen.good_tree))
                demo_tree.write_text(text.replace("Is it spreading", f"Reload {n}: is it spreading", 1))
                await wait_for(pilot, lambda: app.screen.good_tree is not replaced[-1](), timeout=20)
                await wait_for(pilot, lambda: all(ref() is None for ref in replaced), timeout=20)
            assert app.screen.good_tree is not None
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)
