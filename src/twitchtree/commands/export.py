"""``twitchtree export TREE --format mermaid|dot|json``: a tree's graph for other tools."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ._common import create, load


def run(args: argparse.Namespace) -> int:
    from ..model.export import export

    tree = load(args.tree)
    if isinstance(tree, int):
        return tree
    text = export(tree, args.format)
    if args.format == "mermaid":
        from ..model.export import mermaid_warnings

        for warning in mermaid_warnings(tree, text):
            print(f"twitchtree: warning: {warning}", file=sys.stderr)
    if not args.output:
        sys.stdout.write(text)
        return 0
    from ..model.text import printable

    output = Path(args.output)
    code = create(
        output, text.encode(), exists=f"{output} already exists; choose another name (export never overwrites)"
    )
    if code:
        return code
    print(f"wrote {printable(str(output))}", file=sys.stderr)
    return 0
