"""``twitchtree diff OLD NEW``: what a change to a tree does, to the tree and to the people who walk it.

Each side is a tree file, a bundled tree id, or ``REV:PATH``, read from git
at that revision with the libraries its ``uses`` name (see :mod:`.git_side`).
The report lists the semantic changes (:mod:`..model.diff`), the cases
whose reference walk now ends elsewhere, and how many recorded training
sessions of the tree would now end elsewhere (:mod:`..model.impact`).

Exit codes follow ``diff``: 0 no semantic change, 1 changes, 2 errors. With
``--fail-on``, 1 only when a change of that kind is found (de-escalation:
an outcome made less urgent, an answer re-wired towards less urgent
outcomes, or a case or session that now ends less urgently; safety: a red
flag or a screen removed; any: every semantic change), else 0.
``--textconv FILE`` prints one file as a list of facts, for git's textconv.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ._common import USAGE, UsageError, fail

if TYPE_CHECKING:
    from ..model.diff_report import Report
    from ..model.impact import CaseEntry, SessionWalk


def run(args: argparse.Namespace) -> int:
    if args.textconv is not None:
        return _textconv(args)
    if args.old is None or args.new is None:
        return fail("diff needs OLD and NEW (or --textconv FILE)")
    from tempfile import TemporaryDirectory

    from ..model.diagnostics import LoadError
    from ..model.diff import compare
    from ..model.diff_report import Report
    from .git_side import GitError, load_side

    try:
        with TemporaryDirectory(prefix="twitchtree-diff-") as scratch:
            old, old_home = load_side(args.old, Path(scratch) / "old")
            new, new_home = load_side(args.new, Path(scratch) / "new")
            diff = compare(old, new)
            report = Report(diff, args.old, args.new)
            if not args.no_cases:
                _cases(report, args.cases, [old_home, new_home])
            _sessions(report, args.db)
    except (UsageError, GitError) as exc:
        return fail(str(exc))
    except LoadError as exc:
        for diagnostic in sorted(exc.diagnostics):  # in the file's order, as check has them
            print(diagnostic, file=sys.stderr)
        return USAGE
    sys.stdout.write(_render(report, args))
    return _exit_code(report, args.fail_on or [])


def _render(report: Report, args: argparse.Namespace) -> str:
    from ..model import diff_report

    if args.format == "json":
        return diff_report.to_json(report)
    if args.format == "markdown":
        return diff_report.markdown(report)
    colour = args.color == "always" or (args.color == "auto" and sys.stdout.isatty() and not os.environ.get("NO_COLOR"))
    return diff_report.text(report, colour=colour)


def _exit_code(report: Report, fail_on: list[str]) -> int:
    diff = report.diff
    if not fail_on:
        return 1 if diff else 0
    if "any" in fail_on and diff:
        return 1
    if "safety" in fail_on and diff.safety_weakened:
        return 1
    if "de-escalation" in fail_on and _de_escalates(report):
        return 1
    return 0


def _de_escalates(report: Report) -> bool:
    if report.diff.de_escalations:
        return True
    if any(c.direction == "de-escalated" for c in report.cases or ()):
        return True
    sessions = report.sessions
    return sessions is not None and any(c.direction == "de-escalated" for c in sessions.changed.values())


# -- cases ----------------------------------------------------------------------------------------


def _cases(report: Report, paths: list[str] | None, homes: list[Path | None]) -> None:
    """Replay the cases of ``paths`` (default: the case files beside each tree) on both trees."""
    from ..model.cases import cases_in
    from ..model.diagnostics import LoadError
    from ..model.impact import case_impacts
    from ._common import toml_files

    diff = report.diff
    if paths:
        files, missing = toml_files(paths)
        if missing:
            raise UsageError(f"{missing[0]}: no such file or folder")
    else:
        files = _beside(homes, {diff.old.id, diff.new.id})
    found: list[CaseEntry] = []
    for path in files:
        try:
            case_file = cases_in(path)
        except OSError as exc:
            raise UsageError(f"{path}: cannot read: {exc.strerror or exc}") from None
        except LoadError as exc:
            report.notes.append(f"{path}: not replayed, it has errors ({exc.diagnostics[0]})")
            continue
        if case_file is None or case_file.tree not in (diff.old.id, diff.new.id):
            continue
        report.case_files.append(path)
        report.cases_total += len(case_file.cases)
        found.append((path, case_file.tree, [(c.id, c.title, c.answers) for c in case_file.cases]))
    report.cases = case_impacts(diff, found)


def _beside(homes: list[Path | None], tree_ids: set[str]) -> list[Path]:
    """The case files for these trees in the trees' folders and their ``cases`` folders (where the bundled
    cases are)."""
    from ..model.cases import tree_of_cases

    folders: list[Path] = []
    for home in homes:
        if home is not None:
            folders += [home.resolve(), home.resolve() / "cases"]
    found: list[Path] = []
    for folder in dict.fromkeys(f for f in folders if f.is_dir()):
        found.extend(p for p in sorted(folder.glob("*.toml")) if p.is_file() and tree_of_cases(p) in tree_ids)
    return found


# -- recorded sessions ----------------------------------------------------------------------------


def _sessions(report: Report, db: str | None) -> None:
    """Replay the recorded sessions of the tree; without ``--db``, only when the user's database exists."""
    from .. import paths
    from ..model.impact import session_impact

    if db == "":
        return
    location = db or os.environ.get("TWITCHTREE_DB") or str(paths.sessions_db())
    if "://" not in location and not Path(location).exists():
        if db:
            raise UsageError(f"{location}: no session database here")
        return
    report.database = location
    report.sessions = session_impact(report.diff, _recorded(location, {report.diff.old.id, report.diff.new.id}))


def _recorded(location: str, tree_ids: set[str]) -> list[SessionWalk]:
    """The final answers of every recorded session of these trees, read through the store's interface."""
    from ..model.impact import SessionWalk
    from ..training.scoring import final_path
    from ..training.store import StoreError, open_store

    walks: list[SessionWalk] = []
    try:
        with open_store(location, create=False) as store:
            for session in store.sessions():
                if session.tree_id in tree_ids:
                    answers = {step.node_id: step.answer for step in final_path(store.steps(session.id))}
                    walks.append(SessionWalk(session.id, session.tree_id, answers))
    except StoreError as exc:
        raise UsageError(str(exc)) from None
    return walks


# -- textconv -------------------------------------------------------------------------------------


def _textconv(args: argparse.Namespace) -> int:
    from ..model.facts import facts_of_file

    try:
        sys.stdout.write(facts_of_file(Path(args.textconv)))
    except OSError as exc:
        return fail(f"{args.textconv}: cannot read: {exc.strerror or exc}")
    return 0
