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

    if not re.match(ID_PATTERN, args.id):
        rule = "use lowercase letters, digits, '-' and '_', starting with a letter or digit"
        return fail(f"'{args.id}' is not a valid id: {rule}")
    folder = Path(args.dir)
    if not folder.is_dir():
        return fail(f"{folder}: no such folder")
    path = folder / f"{args.id}.toml"
    code = create(path, new_tree(args.id).encode(), exists=f"{path} already exists")
    if code:
        return code
    print(f"wrote {path}; walk it with: twitchtree {path}", file=sys.stderr)
    return 0
