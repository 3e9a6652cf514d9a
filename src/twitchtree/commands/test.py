"""``twitchtree test PATH...``: run case files against their trees, as regression tests.

Each case's answers are walked as the reference path. A failure names the
case and the step where the walk went wrong; an answer label the tree does
not offer is reported at its PATH:LINE:COL. Trees and libraries among the
files are skipped. A file that cannot be read (a FIFO, a device), cannot be
parsed (so its kind cannot be told), or is a case file with errors, holds no
case that can run: its problems are reported, it is counted apart from the
cases ("1 file could not be read"), and the run fails.
"""

from __future__ import annotations

import argparse
import sys

from ._common import USAGE, fail, toml_files, unreadable_file


def run(args: argparse.Namespace) -> int:
    from ..model.cases import cases_in, run_case
    from ..model.diagnostics import LoadError
    from ..model.text import printable

    files, problems = toml_files(args.paths)
    for problem in problems:
        fail(problem)
    if problems:
        return USAGE
    passed = failed = found = unread = 0
    code = 0
    for path in files:
        try:
            case_file = cases_in(path, keep_duplicates=True)  # None for a tree or a library
            if case_file is None:
                continue
        except OSError as exc:
            code = USAGE  # a path that cannot be read, as check has it
            unreadable = unreadable_file(path, exc)  # None for a broken symlink or a loop, said on stderr
            if unreadable is not None:
                print(unreadable)
            unread += 1
            continue
        except LoadError as exc:  # a case file with errors, or a file of unknown kind: its cases cannot be told
            for diagnostic in sorted(exc.diagnostics):  # in the file's order, as check has them
                print(diagnostic)
            unread += 1
            continue
        found += 1
        for diagnostic in case_file.reporter.diagnostics:
            if diagnostic.is_error:  # a duplicate case id: that case fails, the others run
                print(diagnostic)
        try:
            tree = case_file.load_tree()
        except LoadError as exc:  # no tree, or one with errors: none of the file's cases can run
            for diagnostic in sorted(exc.diagnostics):  # in the file's order, as check has them
                print(diagnostic)
            failed += len(case_file.cases)
            continue
        for case in case_file.cases:
            if case.index in case_file.duplicates:
                failed += 1
                continue
            result = run_case(case, tree, case_file.reporter)
            if result.passed:
                passed += 1
                continue
            failed += 1
            for error in result.errors:
                print(error)
            line, col = case_file.reporter.locate(("cases", case.index))
            for failure in result.failures:
                print(printable(f"{case_file.reporter.path}:{line}:{col}: error: case '{case.id}' failed: {failure}"))
    if not found and not unread:
        return code or fail("no case files found in " + ", ".join(args.paths))
    total = passed + failed
    summary = f"{total} case{'s' * (total != 1)}: {passed} passed, {failed} failed"
    if unread:
        summary += f"; {unread} file{'s' * (unread != 1)} could not be read"
    print(summary, file=sys.stderr)
    return code or (1 if failed or unread else 0)
