"""``twitchtree show TREE``: print a tree as an outline."""

from __future__ import annotations

import argparse

from ._common import load


def run(args: argparse.Namespace) -> int:
    from ..model.export import outline

    tree = load(args.tree)
    if isinstance(tree, int):
        return tree
    print(f"{tree.label} ({tree.id})")
    for line in outline(tree, args.depth):
        print(line)
    return 0
