"""Case files: vignettes for training, and regression tests of a tree.

A case's ``answers`` are its reference path. :func:`run_case` walks them
with a :class:`~.walk.Walk`, exactly as a user would, and says where the
walk went wrong when the outcome, the urgency or a ``must_ask`` question
does not hold. A case file's tree is found by its id: first among the tree
files in the case file's own folder, then among the bundled trees.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .diagnostics import Diagnostic, LoadError, Reporter
from .document import Document, parse_document, read_document
from .files import buffered, read_bytes
from .format_version import check_format
from .load import load_tree
from .spec import Case, CasesFile, Outcome, Question, kind_of
from .walk import Walk

if TYPE_CHECKING:
    from datetime import date

    from .positions import KeyPath
    from .tree import Tree


class CaseFile(CasesFile):
    """A valid case file: its record (``tree`` is its tree's id), where it is, and where its keys are."""

    def __init__(
        self, *, path: Path, reporter: Reporter, duplicates: frozenset[int] = frozenset(), **fields: Any
    ) -> None:
        super().__init__(**fields)
        self.path = path
        self.reporter = reporter
        """Places diagnostics at the case file's keys."""
        self.duplicates = duplicates
        """Indexes of the cases whose id an earlier case has (reported; kept only by ``keep_duplicates``)."""

    def __eq__(self, other: object) -> bool:
        return self is other

    def __hash__(self) -> int:
        return id(self)

    def tree_path(self) -> Path | None:
        """The file of the tree these cases are for; None if there is none. Raises LoadError if two claim its id."""
        found = trees_with_id(self.path, self.tree)
        if len(found) > 1:
            line, col = self.reporter.locate(("tree",))
            names = " and ".join(p.name for p in found[:2])
            message = f"two trees in this folder have the id '{self.tree}': {names}; keep one"
            raise LoadError([Diagnostic(self.reporter.path, line, col, "error", message)])
        return found[0] if found else find_tree(self.path, self.tree)

    def load_tree(self) -> Tree:
        """The tree these cases are for. Raises LoadError when it is missing, ambiguous or broken."""
        path = self.tree_path()
        if path is None:
            line, col = self.reporter.locate(("tree",))
            raise LoadError([Diagnostic(self.reporter.path, line, col, "error", self.missing_tree())])
        return load_tree(path)

    def missing_tree(self) -> str:
        return f"tree '{self.tree}' is not in this folder or among the bundled trees"


@dataclass
class CaseResult:
    case: Case
    walk: Walk
    failures: list[str]
    errors: list[Diagnostic]

    @property
    def passed(self) -> bool:
        return not self.failures and not self.errors


def read_cases(path: Path, display: str | None = None) -> CaseFile:
    """Load and validate a case file. Raises LoadError with its diagnostics."""
    try:
        case_file = cases_in(path, display, only=False)
    except OSError as exc:
        message = f"cannot read this file: {exc.strerror or exc}"
        raise LoadError([Diagnostic(display or str(path), 1, 1, "error", message)]) from None
    assert case_file is not None
    return case_file


def cases_in(
    path: Path, display: str | None = None, *, only: bool = True, keep_duplicates: bool = False
) -> CaseFile | None:
    """The case file at ``path``, or None when it is a tree or a library (and ``only`` is true).

    Raises OSError when the file cannot be read, and LoadError when it cannot
    be parsed (so its kind is unknown) or is a case file with errors
    (duplicate case ids aside with ``keep_duplicates``: see :func:`validate_cases`).
    """
    document = read_document(path, display)
    if only and document.data is not None and kind_of(document.data) != "cases":
        return None
    case_file = validate_cases(document, keep_duplicates=keep_duplicates)
    if case_file is None:
        raise LoadError(document.reporter.diagnostics)
    return case_file


def validate_cases(document: Document, *, keep_duplicates: bool = False) -> CaseFile | None:
    """The case file in a parsed ``document``, or None after reporting why it is not a valid one.

    A case whose id an earlier case has is an error; with ``keep_duplicates``
    a file whose only errors those are is still returned, its ``duplicates``
    naming them, so ``test`` can run the others and fail those.
    """
    from .validation import validate

    reporter = document.reporter
    data = document.data
    if data is None or not check_format(data, reporter):
        return None
    if kind_of(data) != "cases":
        reporter.error((), f"this is a {kind_of(data)} file, not a case file (a case file has `tree` and `[[cases]]`)")
        return None
    if not validate("cases", data, reporter):
        return None
    seen: set[str] = set()
    duplicates: set[int] = set()
    for n, case in enumerate(data["cases"]):
        if case["id"] in seen:
            reporter.error(("cases", n, "id"), f"duplicate case id '{case['id']}'")
            duplicates.add(n)
        seen.add(case["id"])
    if reporter.has_errors and not (keep_duplicates and duplicates):
        return None
    return CaseFile.from_data(data, path=document.path, reporter=reporter, duplicates=frozenset(duplicates))


def check_cases(document: Document, *, today: date | None = None) -> list[Diagnostic]:
    """Every diagnostic for a case file, including its answers checked against its tree."""
    case_file = validate_cases(document)
    reporter = document.reporter
    if case_file is None:
        return reporter.diagnostics
    try:
        path = case_file.tree_path()
    except LoadError as exc:
        reporter.error(("tree",), exc.diagnostics[0].message)
        return reporter.diagnostics
    if path is None:
        reporter.error(("tree",), f"{case_file.missing_tree()}, so the cases cannot be checked")
        return reporter.diagnostics
    try:
        tree = load_tree(path, today=today)
    except LoadError:
        reporter.error(("tree",), f"cannot check the cases: their tree {path} has errors")
        return reporter.diagnostics
    for case in case_file.cases:
        check_references(case, tree, reporter)
    return reporter.diagnostics


def check_references(case: Case, tree: Tree, reporter: Reporter) -> bool:
    """Report what ``case`` names that ``tree`` does not have; whether there was anything."""
    reported = False

    def error(key: KeyPath, message: str) -> None:
        nonlocal reported
        reported = True
        reporter.error(key, message)

    where = ("cases", case.index)
    for node_id, label in case.answers.items():
        key = (*where, "answers", node_id)
        try:
            node = tree.node(node_id)
        except KeyError:
            error(key, f"case '{case.id}': there is no node '{node_id}' in tree '{tree.id}'")
            continue
        if not isinstance(node, Question):
            error(key, f"case '{case.id}': '{node_id}' is an outcome, not a question")
        elif not any(a.label == label for a in node.answers):
            labels = ", ".join(f'"{a.label}"' for a in node.answers)
            error(key, f"case '{case.id}': \"{label}\" is not an answer of '{node_id}' (answers: {labels})")
    expect = case.expect
    try:
        outcome = tree.node(expect.outcome)
    except KeyError:
        error(
            (*where, "expect", "outcome"), f"case '{case.id}': there is no node '{expect.outcome}' in tree '{tree.id}'"
        )
    else:
        if not isinstance(outcome, Outcome):
            error((*where, "expect", "outcome"), f"case '{case.id}': '{expect.outcome}' is a question, not an outcome")
        elif outcome.urgency != expect.urgency:
            error(
                (*where, "expect", "urgency"),
                f"case '{case.id}': outcome '{expect.outcome}' is '{outcome.urgency}', not '{expect.urgency}'",
            )
    for n, node_id in enumerate(expect.must_ask):
        try:
            tree.node(node_id)
        except KeyError:
            error(
                (*where, "expect", "must_ask", n), f"case '{case.id}': there is no node '{node_id}' in tree '{tree.id}'"
            )
    return reported


def run_case(case: Case, tree: Tree, reporter: Reporter) -> CaseResult:
    """Walk ``case``'s reference path through ``tree`` and check what it must reach."""
    walk = Walk(tree)
    failures: list[str] = []
    errors: list[Diagnostic] = []
    while (question := walk.question) is not None:
        node_id = question.id
        label = case.answers.get(node_id)
        if label is None:
            failures.append(f"step {walk.depth + 1}: the case gives no answer for '{node_id}' ({question.text})")
            break
        if not any(a.label == label for a in question.answers):
            labels = ", ".join(f'"{a.label}"' for a in question.answers)
            line, col = reporter.locate(("cases", case.index, "answers", node_id))
            message = f"case '{case.id}': \"{label}\" is not an answer of '{node_id}' (answers: {labels})"
            errors.append(Diagnostic(reporter.path, line, col, "error", message))
            break
        walk.answer(label)
    if walk.done and not errors:
        failures.extend(_expectations(case, walk))
    return CaseResult(case, walk, failures, errors)


def _expectations(case: Case, walk: Walk) -> list[str]:
    failures: list[str] = []
    outcome = walk.outcome
    assert outcome is not None
    expect = case.expect
    if outcome.id != expect.outcome:
        where = _where_it_left(case, walk)
        failures.append(f"reached '{outcome.id}' ({outcome.urgency}) instead of '{expect.outcome}'; {where}")
    if outcome.urgency != expect.urgency:
        failures.append(f"urgency is '{outcome.urgency}', the case expects '{expect.urgency}'")
    asked = {node.id for node in walk.path}
    missed = [node_id for node_id in expect.must_ask if node_id not in asked]
    if missed:
        failures.append("the path never asks " + ", ".join(f"'{m}'" for m in missed) + " (must_ask)")
    return failures


def _where_it_left(case: Case, walk: Walk) -> str:
    """Name the step whose answer led away from the case's route."""
    expected = set(case.answers) | {case.expect.outcome}
    for step in walk.steps:
        if step.answer.next not in expected:
            return (
                f"step {step.number} ('{step.question.id}' = \"{step.answer.label}\") "
                f"led to '{step.answer.next}', which is not on the case's route"
            )
    last = walk.steps[-1] if walk.steps else None
    if last is None:
        return "the tree starts at an outcome"
    return f"step {last.number} ('{last.question.id}' = \"{last.answer.label}\") led there"


def find_tree(case_path: Path, tree_id: str) -> Path | None:
    """The tree with id ``tree_id``: in the case file's folder first, then among the bundled trees."""
    found = trees_with_id(case_path, tree_id)
    if found:
        return found[0]
    from ..paths import bundled_trees

    return bundled_trees().get(tree_id)


def trees_with_id(case_path: Path, tree_id: str) -> list[Path]:
    """The tree files in the case file's folder whose id is ``tree_id``, in name order."""
    return [c for c in sorted(case_path.parent.glob("*.toml")) if c != case_path and _peek(c) == ("tree", tree_id)]


def is_case_file(path: Path) -> bool:
    """Whether ``path`` is a case file, by its parsed data (:func:`.spec.kind_of`)."""
    return _peek(path)[0] == "cases"


def tree_of_cases(path: Path) -> str | None:
    """The id of the tree whose cases the file at ``path`` holds; None if it is not a case file."""
    kind, name = _peek(path)
    return name if kind == "cases" else None


def _peek(path: Path) -> tuple[str | None, str | None]:
    """The kind of the file at ``path`` and its ``id`` (a case file's ``tree``); Nones if it cannot be read.

    Remembered while the file is unchanged: a folder of N case files is
    read N times, not N squared times, to find each one's tree. An editor's
    unsaved buffer (:func:`.files.buffers`) is read afresh, never remembered:
    the file on disk has not changed, but what the author sees has.
    """
    if buffered(path):
        return _peek_unchanged.__wrapped__(path, 0, 0, 0)
    try:
        status = path.stat()
    except (OSError, ValueError):
        return None, None
    return _peek_unchanged(path, status.st_mtime_ns, status.st_size, status.st_ino)


_PEEK = 65536
_FIRST_TABLE = re.compile(r"^[ \t]*\[", re.MULTILINE)


@lru_cache(maxsize=4096)
def _peek_unchanged(path: Path, mtime: int, size: int, inode: int) -> tuple[str | None, str | None]:
    """Read only a big file's top-level keys (they come before its first table): never all of a 30 MB tree."""
    try:
        raw = read_bytes(path, _PEEK + 1)  # only regular files: never a FIFO that blocks or a device
    except OSError:
        return None, None
    if len(raw) > _PEEK:
        head = _FIRST_TABLE.split(raw.decode("utf-8", errors="replace"), maxsplit=1)
        if len(head) < 2:
            return None, None  # no table in the first 64 KiB: no tree or case file worth the name
        raw = head[0].encode()
    data = parse_document(path, raw).data
    if data is None:
        return None, None
    kind = kind_of(data)
    name = data.get("tree" if kind == "cases" else "id")
    return kind, name if isinstance(name, str) else None
