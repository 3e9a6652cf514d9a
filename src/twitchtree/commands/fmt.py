"""``twitchtree fmt PATH...``: rewrite files in canonical form, atomically.

A file that is in canonical form apart from its comments is left as it is
(and passes ``--check``). Any other file with comments is refused unless
``--force``: tomli-w cannot keep them, and losing them silently would lose
an author's work. A first line naming the file's JSON Schema (``#:schema
...``, as ``twitchtree new`` writes it, for Taplo and Even Better TOML) is
not such a comment: it is kept, forced or not.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from ._common import USAGE, fail, toml_files, unreadable_file

if TYPE_CHECKING:
    from pathlib import Path


def run(args: argparse.Namespace) -> int:
    files, problems = toml_files(args.paths)
    code = 0
    for problem in problems:
        code = fail(problem)
    for path in files:
        result = _format(path, force=args.force, check_only=args.check)
        code = max(code, result) if code != USAGE else code
    return code


def _format(path: Path, *, force: bool, check_only: bool) -> int:
    """Format one file; its name (which may come from a folder listing) is escaped wherever it is printed."""
    from ..model.canonical import canonical, first_difference
    from ..model.check import check_read
    from ..model.document import read_document
    from ..model.files import reason
    from ..model.positions import comments
    from ..model.spec import kind_of
    from ..model.text import printable
    from ..model.write import atomic_write

    shown = printable(str(path))
    try:
        document = read_document(path)
    except OSError as exc:
        unreadable = unreadable_file(path, exc)
        if unreadable is not None:
            print(unreadable, file=sys.stderr)
        return USAGE
    diagnostics = check_read(document)  # the parsed data is formatted too: the file is read and parsed once
    errors = [d for d in diagnostics if d.is_error and d.path == str(path)]
    if errors or document.data is None:
        for diagnostic in errors:
            print(diagnostic, file=sys.stderr)
        print(f"twitchtree: {shown}: not formatted, because it has errors", file=sys.stderr)
        return 1
    directive = _schema_line(document.text)
    body = canonical(document.data, kind_of(document.data))
    text = directive + body
    if text == document.text:
        return 0
    line = first_difference(document.text, body)
    if line is None:
        return 0  # canonical apart from its comments, which stay
    where = f"not in canonical form (first difference at line {line})"
    if check_only:
        print(f"{shown}: {where}")
        return 1
    if comments(document.text[len(directive) :]) and not force:
        message = f"{where} and has comments, which fmt cannot keep; not changed (use --force to drop them)"
        print(f"twitchtree: {shown}: {message}", file=sys.stderr)
        return 1
    try:
        atomic_write(path, text.encode())
    except OSError as exc:
        print(f"twitchtree: {shown}: cannot write ({reason(exc)}); the file is unchanged", file=sys.stderr)
        return 1
    print(f"formatted {shown}", file=sys.stderr)
    return 0


def _schema_line(text: str) -> str:
    """The text's first line, with its line break, when it names a JSON Schema (``#:schema ...``); else ""."""
    if not text.startswith("#:schema "):
        return ""
    end = text.find("\n")
    return text[: end + 1] if end >= 0 else ""
