"""``twitchtree preview PATH``: walk a tree that reloads whenever its file (or a library) changes."""

from __future__ import annotations

import argparse
from pathlib import Path

from ._common import fail


def run(args: argparse.Namespace) -> int:
    path = Path(args.path)
    if not path.is_file():
        return fail(f"{path}: no such file" if not path.exists() else f"{path}: not a file")
    from ..tui.author_app import PreviewApp

    return PreviewApp(path).run_in_process()
