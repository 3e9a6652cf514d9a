"""``twitchtree fmt PATH...``: rewrite files in canonical form, atomically.

A file with comments is refused unless ``--force``: tomli-w cannot keep
them, and losing them silently would lose an author's work.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from ._common import USAGE, fail, toml_files

if TYPE_CHECKING:
    from pathlib import Path


def run(args: argparse.Namespace) -> int:
    files, missing = toml_files(args.paths)
    code = 0
    for arg in missing:
        code = fail(f"{arg}: no such file or folder")
    for path in files:
        result = _format(path, force=args.force, check_only=args.check)
        code = max(code, result) if code != USAGE else code
    return code


def _format(path: Path, *, force: bool, check_only: bool) -> int:
    from ..model.canonical import canonical
    from ..model.check import check_file
    from ..model.document import read_document
    from ..model.positions import has_comments
    from ..model.spec import kind_of
    from ..model.write import atomic_write

    try:
        diagnostics = check_file(path)
        document = read_document(path)
    except OSError as exc:
        return fail(f"{path}: cannot read: {exc.strerror or exc}")
    errors = [d for d in diagnostics if d.is_error and d.path == str(path)]
    if errors or document.data is None:
        for diagnostic in errors:
            print(diagnostic, file=sys.stderr)
        print(f"twitchtree: {path}: not formatted, because it has errors", file=sys.stderr)
        return 1
    text = canonical(document.data, kind_of(document.data))
    if text == document.text:
        return 0
    if check_only:
        print(f"{path}: not in canonical form")
        return 1
    if has_comments(document.text) and not force:
        message = "has comments, which fmt cannot keep; not changed (use --force to drop them)"
        print(f"twitchtree: {path}: {message}", file=sys.stderr)
        return 1
    try:
        atomic_write(path, text.encode())
    except OSError as exc:
        print(f"twitchtree: {path}: cannot write ({exc.strerror or exc}); the file is unchanged", file=sys.stderr)
        return 1
    print(f"formatted {path}", file=sys.stderr)
    return 0
