"""``twitchtree new ID``: write a small valid tree to start from."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from ._common import fail


def run(args: argparse.Namespace) -> int:
    from ..model.format import ID_PATTERN
    from ..model.template import new_tree
    from ..model.write import atomic_write

    if not re.match(ID_PATTERN, args.id):
        rule = "use lowercase letters, digits, '-' and '_', starting with a letter or digit"
        return fail(f"'{args.id}' is not a valid id: {rule}")
    folder = Path(args.dir)
    if not folder.is_dir():
        return fail(f"{folder}: no such folder")
    path = folder / f"{args.id}.toml"
    try:
        atomic_write(path, new_tree(args.id).encode(), exclusive=True)
    except FileExistsError:
        return fail(f"{path} already exists")
    except OSError as exc:
        return fail(f"cannot write {path}: {exc.strerror or exc}", 1)
    print(f"wrote {path}; walk it with: twitchtree {path}", file=sys.stderr)
    return 0
