"""``twitchtree edit PATH``: edit a tree beside a live preview. A missing file starts from a template."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from ._common import fail


def run(args: argparse.Namespace) -> int:
    from ..model.spec import ID_PATTERN
    from ..model.template import new_tree

    path = Path(args.path)
    if path.is_dir():
        return fail(f"{path}: is a folder; give a tree file")
    if path.exists():
        from ..model.files import MAX_BYTES, read_bytes

        try:
            raw = read_bytes(path)  # a regular file only: a FIFO or a device would block or never end
        except OSError as exc:
            return fail(f"{path}: cannot read: {exc.strerror or exc}")
        if len(raw) > MAX_BYTES:
            return fail(f"{path}: is larger than {MAX_BYTES // 2**20} MB; twitchtree reads files up to that size")
        from ..model.diagnostics import Diagnostic
        from ..model.encoding import NotText, utf8_text

        try:
            text = utf8_text(raw)
        except NotText as exc:  # the line check gives for it: UTF-16, binary, not UTF-8
            print(Diagnostic(str(path), exc.line, exc.col, "error", exc.message), file=sys.stderr)
            return 1
    else:
        if not path.parent.is_dir():
            return fail(f"{path.parent}: no such folder")
        text = new_tree(path.stem) if re.match(ID_PATTERN, path.stem) else ""
    from ..tui.author_app import EditApp

    return EditApp(path, text).run_in_process()
