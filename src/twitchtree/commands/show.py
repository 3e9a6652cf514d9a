"""``twitchtree show TREE``: print a tree as an outline."""

from __future__ import annotations

import argparse

from ._common import load


def run(args: argparse.Namespace) -> int:
    from ..model.export import outline
    from ..model.text import printable

    tree = load(args.tree)
    if isinstance(tree, int):
        return tree
    print(printable(f"{tree.label} ({tree.id})"))
    for line in outline(tree, args.depth):
        print(printable(line))
    return 0
