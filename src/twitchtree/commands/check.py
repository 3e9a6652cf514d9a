"""``twitchtree check PATH...``: validate trees, condition libraries and case files."""

from __future__ import annotations

import argparse
import sys

from ._common import USAGE, fail, toml_files, unreadable_file


def run(args: argparse.Namespace) -> int:
    from ..model.check import check_file

    files, problems = toml_files(args.paths)
    code = 0
    for problem in problems:
        code = fail(problem)
    seen: set[str] = set()
    errors = warnings = 0
    for path in files:
        try:
            diagnostics = check_file(path)
        except OSError as exc:
            # There but unreadable (a FIFO, a device, no permission): one line where show says it,
            # and the exit status of a path that cannot be read (2), as the design has it.
            code = USAGE
            unreadable = unreadable_file(path, exc)
            if unreadable is None:  # not there: a broken symlink, a symlink loop
                continue
            diagnostics = [unreadable]
        for diagnostic in sorted(diagnostics):
            line = str(diagnostic)
            if line in seen:
                continue  # a library's problems are found once per tree that uses it
            seen.add(line)
            print(line)
            errors += diagnostic.is_error
            warnings += not diagnostic.is_error
    summary = (
        f"{len(files)} file{'s' * (len(files) != 1)} checked: "
        f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
    )
    print(summary, file=sys.stderr)
    if code == USAGE:
        return USAGE
    return 1 if errors else 0
