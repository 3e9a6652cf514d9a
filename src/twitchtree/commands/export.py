"""``twitchtree export TREE --format mermaid|dot|json``: a tree's graph for other tools."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ._common import fail, load


def run(args: argparse.Namespace) -> int:
    from ..model.export import export

    tree = load(args.tree)
    if isinstance(tree, int):
        return tree
    text = export(tree, args.format)
    if not args.output:
        sys.stdout.write(text)
        return 0
    from ..model.write import atomic_write

    output = Path(args.output)
    try:
        atomic_write(output, text.encode(), exclusive=True)
    except FileExistsError:
        return fail(f"{output} already exists; choose another name (export never overwrites)")
    except OSError as exc:
        return fail(f"cannot write {output}: {exc.strerror or exc}", 1)
    print(f"wrote {output}", file=sys.stderr)
    return 0
