"""``twitchtree [TREE]``: open the explorer on a tree (the bundled muscle-symptoms tree by default)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._common import UsageError, fail, tree_path

if TYPE_CHECKING:
    import argparse


def run(args: argparse.Namespace) -> int:
    try:
        path = tree_path(args.tree)
    except UsageError as exc:
        return fail(str(exc))
    import gc

    # No collection until the first frame, when the app freezes what start-up made and turns the
    # collector on with its own thresholds (``TwitchtreeApp._first_frame_shown``). Start-up's objects
    # (modules, the tree, the widgets) last as long as the process, and it leaves about a thousand
    # unreachable ones, which collections before the first frame did not find either.
    gc.disable()
    from ..tui.app import run as run_app

    return run_app(path)
