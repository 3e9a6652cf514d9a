"""``twitchtree new ID``: write a small valid tree to start from."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from ._common import create, fail


def run(args: argparse.Namespace) -> int:
    from ..model.spec import ID_PATTERN
    from ..model.template import SCHEMA_FILE, new_tree
    from ..model.text import printable

    if not re.fullmatch(ID_PATTERN, args.id):  # match() would take a trailing newline
        rule = "use lowercase letters, digits, '-' and '_', starting with a letter or digit"
        return fail(f"'{args.id}' is not a valid id: {rule}")
    folder = Path(args.dir)
    if not folder.is_dir():
        return fail(f"{folder}: no such folder")
    path = folder / f"{args.id}.toml"
    code = create(path, new_tree(args.id, schema=True).encode(), exists=f"{path} already exists")
    if code:
        return code
    shown = printable(str(path))
    print(f"wrote {shown}; walk it with: twitchtree {shown}", file=sys.stderr)
    _write_schema(folder / SCHEMA_FILE)
    return 0


def _write_schema(path: Path) -> None:
    """Write the tree schema that the new tree's ``#:schema`` line names, unless that file is there already
    (an author's, or another tree's): then say whether it is this version's."""
    from ..model.files import read_bytes, reason
    from ..model.schema import schema_text
    from ..model.text import printable
    from ..model.write import atomic_write

    text = schema_text("tree").encode()
    shown = printable(str(path))
    try:
        atomic_write(path, text, exclusive=True)
    except FileExistsError:
        try:
            same = read_bytes(path) == text
        except OSError:
            same = False
        if not same:
            print(
                f"twitchtree: {shown} is there already and is not this version's tree schema; "
                f"to update it: twitchtree schema --kind tree > {shown}",
                file=sys.stderr,
            )
        return
    except (OSError, ValueError) as exc:
        print(f"twitchtree: cannot write {shown}: {reason(exc)}; the tree's #:schema line names it", file=sys.stderr)
        return
    print(f"wrote {shown}, the schema its #:schema line names, for completion in your editor", file=sys.stderr)
