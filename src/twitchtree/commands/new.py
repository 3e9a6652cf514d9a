"""``twitchtree new ID``: write a small valid tree to start from."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from ._common import create, fail


def run(args: argparse.Namespace) -> int:
    from ..model.spec import ID_PATTERN
    from ..model.template import new_tree
    from ..model.text import printable

    if not re.fullmatch(ID_PATTERN, args.id):  # match() would take a trailing newline
        rule = "use lowercase letters, digits, '-' and '_', starting with a letter or digit"
        return fail(f"'{args.id}' is not a valid id: {rule}")
    folder = Path(args.dir)
    if not folder.is_dir():
        return fail(f"{folder}: no such folder")
    path = folder / f"{args.id}.toml"
    code = create(path, new_tree(args.id).encode(), exists=f"{path} already exists")
    if code:
        return code
    shown = printable(str(path))
    print(f"wrote {shown}; walk it with: twitchtree {shown}", file=sys.stderr)
    return 0
