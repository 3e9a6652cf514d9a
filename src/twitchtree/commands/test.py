"""``twitchtree test PATH...``: run case files against their trees, as regression tests.

Each case's answers are walked as the reference path. A failure names the
case and the step where the walk went wrong; an answer label the tree does
not offer is reported at its PATH:LINE:COL.
"""

from __future__ import annotations

import argparse
import sys

from ._common import USAGE, fail, toml_files


def run(args: argparse.Namespace) -> int:
    from ..model.cases import is_case_file, read_cases, run_case
    from ..model.diagnostics import LoadError

    files, missing = toml_files(args.paths)
    for arg in missing:
        fail(f"{arg}: no such file or folder")
    case_files = [p for p in files if is_case_file(p)]
    if missing:
        return USAGE
    if not case_files:
        return fail("no case files found in " + ", ".join(args.paths))
    passed = failed = 0
    for path in case_files:
        try:
            case_file = read_cases(path)
            tree = case_file.load_tree()
        except LoadError as exc:
            for diagnostic in exc.diagnostics:
                print(diagnostic)
            failed += 1
            continue
        for case in case_file.cases:
            result = run_case(case, tree, case_file.reporter)
            if result.passed:
                passed += 1
                continue
            failed += 1
            for error in result.errors:
                print(error)
            line, col = case_file.reporter.locate(("cases", case.index))
            for failure in result.failures:
                print(f"{case_file.reporter.path}:{line}:{col}: error: case '{case.id}' failed: {failure}")
    total = passed + failed
    print(f"{total} case{'s' * (total != 1)}: {passed} passed, {failed} failed", file=sys.stderr)
    return 1 if failed else 0
