"""Case files: vignettes for training, and regression tests of a tree.

A case's ``answers`` are its reference path. :func:`run_case` walks them
with a :class:`~.walk.Walk`, exactly as a user would, and says where the
walk went wrong when the outcome, the urgency or a ``must_ask`` question
does not hold. A case file's tree is found by its id: first among the tree
files in the case file's own folder, then among the bundled trees.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .diagnostics import Diagnostic, LoadError, Reporter
from .document import Document, read_document
from .walk import Walk

if TYPE_CHECKING:
    from datetime import date

    from .tree import Tree

_FIRST_TABLE = re.compile(r"^\s*\[", re.MULTILINE)
_TOP_ID = re.compile(r'^id\s*=\s*["\']([a-z0-9][a-z0-9_-]*)["\']', re.MULTILINE)
_TOP_START = re.compile(r"^start\s*=", re.MULTILINE)
_TOP_TREE = re.compile(r"^tree\s*=", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Case:
    id: str
    title: str
    patient: str
    answers: dict[str, str]
    outcome: str
    urgency: str
    must_ask: tuple[str, ...] = ()
    difficulty: str | None = None
    teaching: str | None = None
    index: int = 0
    """Position in its file's ``cases`` array."""

    @classmethod
    def from_data(cls, index: int, data: dict[str, Any]) -> Case:
        expect = data["expect"]
        return cls(
            data["id"],
            data["title"],
            data["patient"],
            dict(data["answers"]),
            expect["outcome"],
            expect["urgency"],
            tuple(expect.get("must_ask", ())),
            data.get("difficulty"),
            data.get("teaching"),
            index,
        )


@dataclass
class CaseFile:
    path: Path
    tree_id: str
    cases: list[Case]
    reporter: Reporter = field(repr=False)

    def tree_path(self) -> Path | None:
        return find_tree(self.path, self.tree_id)

    def load_tree(self) -> Tree:
        """The tree these cases are for. Raises LoadError when it is missing or broken."""
        from .load import load_tree

        path = self.tree_path()
        if path is None:
            line, col = self.reporter.locate(("tree",))
            message = f"tree '{self.tree_id}' is not in this folder or among the bundled trees"
            raise LoadError([Diagnostic(self.reporter.path, line, col, "error", message)])
        return load_tree(path)


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
        document = read_document(path, display)
    except OSError as exc:
        message = f"cannot read this file: {exc.strerror or exc}"
        raise LoadError([Diagnostic(display or str(path), 1, 1, "error", message)]) from None
    case_file = _validated(document)
    if case_file is None:
        raise LoadError(document.reporter.diagnostics)
    return case_file


def _validated(document: Document) -> CaseFile | None:
    from .format import kind_of
    from .load import check_format
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
    for n, case in enumerate(data["cases"]):
        if case["id"] in seen:
            reporter.error(("cases", n, "id"), f"duplicate case id '{case['id']}'")
        seen.add(case["id"])
    if reporter.has_errors:
        return None
    cases = [Case.from_data(n, case) for n, case in enumerate(data["cases"])]
    return CaseFile(document.path, data["tree"], cases, reporter)


def check_cases(document: Document, *, today: date | None = None) -> list[Diagnostic]:
    """Every diagnostic for a case file, including its answers checked against its tree."""
    case_file = _validated(document)
    reporter = document.reporter
    if case_file is None:
        return reporter.diagnostics
    path = case_file.tree_path()
    if path is None:
        reporter.warning(
            ("tree",),
            f"tree '{case_file.tree_id}' is not in this folder or among the bundled trees; "
            "the cases were not checked against it",
        )
        return reporter.diagnostics
    from .load import load_tree

    try:
        tree = load_tree(path, today=today)
    except LoadError:
        reporter.error(("tree",), f"cannot check the cases: their tree {path} has errors")
        return reporter.diagnostics
    for case in case_file.cases:
        _check_references(case, tree, reporter)
    return reporter.diagnostics


def _check_references(case: Case, tree: Tree, reporter: Reporter) -> None:
    where = ("cases", case.index)
    for node_id, label in case.answers.items():
        key = (*where, "answers", node_id)
        try:
            node = tree.node(node_id)
        except KeyError:
            reporter.error(key, f"case '{case.id}': there is no node '{node_id}' in tree '{tree.id}'")
            continue
        if node.kind != "question":
            reporter.error(key, f"case '{case.id}': '{node_id}' is an outcome, not a question")
        elif not any(a.label == label for a in node.answers):
            labels = ", ".join(f'"{a.label}"' for a in node.answers)
            reporter.error(key, f"case '{case.id}': \"{label}\" is not an answer of '{node_id}' (answers: {labels})")
    try:
        outcome = tree.node(case.outcome)
    except KeyError:
        reporter.error(
            (*where, "expect", "outcome"), f"case '{case.id}': there is no node '{case.outcome}' in tree '{tree.id}'"
        )
    else:
        if outcome.kind != "outcome":
            reporter.error(
                (*where, "expect", "outcome"), f"case '{case.id}': '{case.outcome}' is a question, not an outcome"
            )
        elif outcome.urgency != case.urgency:
            reporter.error(
                (*where, "expect", "urgency"),
                f"case '{case.id}': outcome '{case.outcome}' is '{outcome.urgency}', not '{case.urgency}'",
            )
    for n, node_id in enumerate(case.must_ask):
        try:
            tree.node(node_id)
        except KeyError:
            reporter.error(
                (*where, "expect", "must_ask", n), f"case '{case.id}': there is no node '{node_id}' in tree '{tree.id}'"
            )


def run_case(case: Case, tree: Tree, reporter: Reporter) -> CaseResult:
    """Walk ``case``'s reference path through ``tree`` and check what it must reach."""
    walk = Walk(tree)
    failures: list[str] = []
    errors: list[Diagnostic] = []
    while not walk.done:
        node_id = walk.node.id
        label = case.answers.get(node_id)
        if label is None:
            text = walk.question.text if walk.question else ""
            failures.append(f"step {walk.depth + 1}: the case gives no answer for '{node_id}' ({text})")
            break
        if not any(a.label == label for a in walk.question.answers):  # type: ignore[union-attr]
            labels = ", ".join(f'"{a.label}"' for a in walk.question.answers)  # type: ignore[union-attr]
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
    if outcome.id != case.outcome:
        where = _where_it_left(case, walk)
        failures.append(f"reached '{outcome.id}' ({outcome.urgency}) instead of '{case.outcome}'; {where}")
    if outcome.urgency != case.urgency:
        failures.append(f"urgency is '{outcome.urgency}', the case expects '{case.urgency}'")
    asked = {node.id for node in walk.path}
    missed = [node_id for node_id in case.must_ask if node_id not in asked]
    if missed:
        failures.append("the path never asks " + ", ".join(f"'{m}'" for m in missed) + " (must_ask)")
    return failures


def _where_it_left(case: Case, walk: Walk) -> str:
    """Name the step whose answer led away from the case's route."""
    expected = set(case.answers) | {case.outcome}
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
    for candidate in sorted(case_path.parent.glob("*.toml")):
        if candidate != case_path and _top_level_id(candidate) == tree_id:
            return candidate
    from ..paths import bundled_trees

    return bundled_trees().get(tree_id)


def is_case_file(path: Path) -> bool:
    """Whether ``path`` looks like a case file (a top-level ``tree`` key), without parsing it."""
    return bool(_TOP_TREE.search(_top_level(path)))


def _top_level_id(path: Path) -> str | None:
    """The ``id`` of a tree file, read from its top-level keys without parsing the whole file."""
    top = _top_level(path)
    match = _TOP_ID.search(top)
    return match[1] if match and _TOP_START.search(top) else None


def _top_level(path: Path) -> str:
    """The text before a file's first table header: its top-level keys.

    Only a regular file's first 64 KiB are read, so a FIFO or a device among
    the ``*.toml`` files of a folder never blocks or reads forever.
    """
    from .document import read_bytes

    try:
        head = read_bytes(path, 65536).decode("utf-8", errors="replace")
    except OSError:
        return ""
    return _FIRST_TABLE.split(head, maxsplit=1)[0]
