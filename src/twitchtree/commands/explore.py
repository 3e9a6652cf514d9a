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

    from ..tui import GC_THRESHOLDS

    gc.set_threshold(*GC_THRESHOLDS)  # the app tunes the collector when it owns the process: as soon as it can
    from ..tui.app import run as run_app

    return run_app(path)
