"""What authors need beyond loading: which case files test a tree, which outcomes they reach,
and recording a walk as a new case.

A new case is appended to its case file as text, so every existing case,
comment and blank line in the file is kept; the result is checked before it
is written, and the write is atomic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .cases import read_cases, run_case, tree_of_cases, validate_cases
from .diagnostics import LoadError
from .spec import ID_PATTERN

if TYPE_CHECKING:
    from .tree import Tree
    from .walk import Walk


def case_files_for(tree: Tree) -> list[Path]:
    """Case files for ``tree``: in its own folder and, for a bundled tree, among the bundled cases.

    These are the places where ``twitchtree test`` finds a case file's tree again.
    """
    from ..paths import bundled

    folders = [tree.path.parent]
    bundled_trees = bundled("trees").resolve()
    if tree.path.resolve().parent == bundled_trees:
        folders.append(bundled_trees / "cases")
    found: list[Path] = []
    for folder in dict.fromkeys(f.resolve() for f in folders if f.is_dir()):
        for path in sorted(folder.glob("*.toml")):
            if tree_of_cases(path) == tree.id:
                found.append(path)
    return found


def default_case_file(tree: Tree) -> Path:
    """Where a recorded case goes: the tree's first case file, or ``<id>-cases.toml`` beside it."""
    existing = case_files_for(tree)
    return existing[0] if existing else tree.path.parent / f"{tree.id}-cases.toml"


@dataclass(frozen=True, slots=True)
class OutcomeCoverage:
    outcome_id: str
    urgency: str
    title: str
    cases: tuple[str, ...]
    """Ids of the cases whose reference path reaches this outcome."""


def coverage(tree: Tree, case_files: list[Path]) -> tuple[list[OutcomeCoverage], list[str]]:
    """Which outcomes the cases reach, and one line per case file or case that could not be run."""
    reached: dict[str, list[str]] = {}
    problems: list[str] = []
    for path in case_files:
        try:
            case_file = read_cases(path)
        except LoadError as exc:
            problems.extend(str(d) for d in exc.errors)
            continue
        for case in case_file.cases:
            result = run_case(case, tree, case_file.reporter)
            outcome = result.walk.outcome
            if outcome is None:
                problems.append(f"{path}: case '{case.id}' does not reach an outcome")
            else:
                reached.setdefault(outcome.id, []).append(case.id)
    report = [OutcomeCoverage(o.id, o.urgency, o.title, tuple(reached.get(o.id, ()))) for o in tree.outcomes()]
    return report, problems


class CaseError(ValueError):
    """A case that cannot be recorded; the message says why."""


def case_text(walk: Walk, case_id: str, title: str, patient: str, *, first: bool) -> str:
    """The TOML of a ``[[cases]]`` entry for ``walk``'s path, in canonical form; with the header keys if ``first``."""
    from .canonical import canonical

    outcome = walk.outcome
    if outcome is None:
        raise CaseError("a case records a walk that has reached an outcome")
    if not re.match(ID_PATTERN, case_id):
        raise CaseError(f"'{case_id}' is not a valid id: use lowercase letters, digits, '-' and '_'")
    if not title.strip() or not patient.strip():
        raise CaseError("a case needs a title and a patient story")
    must_ask = [step.question.id for step in walk.steps if step.question.is_red_flag]
    expect = {"outcome": outcome.id, "urgency": outcome.urgency} | ({"must_ask": must_ask} if must_ask else {})
    case = {
        "id": case_id,
        "title": title.strip(),
        "patient": patient.strip() + "\n",
        "answers": walk.answers,
        "expect": expect,
    }
    header = {"format": 1, "tree": walk.tree.id} if first else {}
    return canonical({**header, "cases": [case]}, "cases")


def record_case(walk: Walk, path: Path, case_id: str, title: str, patient: str) -> None:
    """Append ``walk`` as a new case to the case file at ``path`` (created if missing).

    Raises CaseError when the case or the resulting file would be invalid; the
    file is then left as it was.
    """
    from .document import parse_document
    from .files import read_bytes
    from .write import atomic_write

    try:
        raw = read_bytes(path)
    except FileNotFoundError:
        raw = b""
    except OSError as exc:
        raise CaseError(f"cannot read {path}: {exc.strerror or exc}") from None
    existing = ""
    if raw.strip():
        document = parse_document(path, raw)  # what every load checks: size, UTF-8, control characters, TOML
        data = document.data
        if data is None or document.reporter.has_errors:
            raise CaseError(f"{path} has errors; fix it first: {document.reporter.diagnostics[0]}")
        existing = document.text
        if data.get("tree") != walk.tree.id:
            raise CaseError(f"{path} holds cases for tree '{data.get('tree')}', not '{walk.tree.id}'")
        if any(c.get("id") == case_id for c in data.get("cases", []) if isinstance(c, dict)):
            raise CaseError(f"{path} already has a case with id '{case_id}'")
    separator = "" if not existing or existing.endswith("\n\n") else ("\n" if existing.endswith("\n") else "\n\n")
    text = existing + separator + case_text(walk, case_id, title, patient, first=not existing.strip())
    document = parse_document(path, text.encode("utf-8"))
    if validate_cases(document) is None:  # what reading it checks, duplicate case ids included
        raise CaseError(f"the file would not be valid with this case: {document.reporter.diagnostics[0]}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, text.encode("utf-8"))
    except OSError as exc:
        raise CaseError(f"cannot write {path}: {exc.strerror or exc}; the case file is unchanged") from None
