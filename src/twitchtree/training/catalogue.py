"""The cases a trainee can pick from: case files read, their trees loaded once each.

A case file that cannot be read, or whose tree does not load, does not stop
training: its diagnostics are kept as ``problems`` to show, and the other
cases stay available.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model.cases import CaseFile
    from ..model.spec import Case
    from ..model.tree import Tree


@dataclass(frozen=True)
class CaseEntry:
    case: Case
    case_file: CaseFile
    tree: Tree

    @property
    def key(self) -> tuple[str, str]:
        """(tree id, case id): how reports and best scores name a case."""
        return (self.tree.id, self.case.id)


@dataclass
class Catalogue:
    entries: list[CaseEntry] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    """One line per problem, PATH:LINE:COL: error: message where a position is known; control
    characters (in a file name, say) are escaped, so a line is safe to print."""


def bundled_cases() -> Path:
    from ..paths import bundled

    return bundled("trees") / "cases"


def load_catalogue(paths: list[Path] | None = None) -> Catalogue:
    """Every case in ``paths`` (files or folders; default the bundled cases), in file order."""
    from ..model.cases import check_references, is_case_file, read_cases
    from ..model.diagnostics import LoadError
    from ..model.text import printable

    catalogue = Catalogue()
    trees: dict[Path, Tree | None] = {}
    for path in _case_files(paths or [bundled_cases()], catalogue.problems):
        if not is_case_file(path):
            # A file that does not read as TOML at all gets its own diagnostics (a mistake in a case
            # file, nesting past the limit); one that reads but holds something else is named.
            catalogue.problems.extend(
                _unreadable(path) or [f"{path}: not a case file (a case file has `tree` and `[[cases]]`)"]
            )
            continue
        try:
            case_file = read_cases(path)
            tree_path = case_file.tree_path()
            if tree_path is None:
                case_file.load_tree()  # raises the LoadError that names the missing tree
                continue
            key = tree_path.resolve()
            if key not in trees:
                trees[key] = None
                trees[key] = case_file.load_tree()
            tree = trees[key]
        except LoadError as exc:
            catalogue.problems.extend(str(d) for d in exc.diagnostics if d.is_error)
            continue
        if tree is None:
            catalogue.problems.append(f"{path}: the cases were skipped: their tree '{case_file.tree}' has errors")
            continue
        # A case that names an answer, a node or an urgency its tree does not have would score a
        # trainee against a reference that is not there: it is left out, with `check`'s errors.
        usable = [case for case in case_file.cases if not check_references(case, tree, case_file.reporter)]
        if len(usable) < len(case_file.cases):
            catalogue.problems.extend(str(d) for d in case_file.reporter.diagnostics if d.is_error)
            skipped = len(case_file.cases) - len(usable)
            were = "case was" if skipped == 1 else "cases were"
            catalogue.problems.append(f"{path}: {skipped} {were} left out; `twitchtree check` lists why")
        catalogue.entries.extend(CaseEntry(case, case_file, tree) for case in usable)
    catalogue.problems = [printable(problem) for problem in catalogue.problems]
    return catalogue


def _case_files(paths: list[Path], problems: list[str]) -> list[Path]:
    """Files named, and case files found in folders; missing paths become problems.

    Folders are searched as ``check`` searches them (:func:`.folders.toml_files`: to a bounded
    depth, never through a symlink loop). A file in a folder that cannot be read as TOML may be a
    case file with a mistake in it: its diagnostics are problems too, and the other files are
    still used.
    """
    from ..model.cases import is_case_file
    from ..model.folders import toml_files

    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            candidates, unsearched = toml_files(path)
            problems.extend(unsearched)
            for candidate in candidates:
                if is_case_file(candidate):
                    found.append(candidate)
                else:
                    problems.extend(_unreadable(candidate))
        elif path.exists():
            found.append(path)
        else:
            problems.append(f"{path}: no such file or folder")
    return found


def _unreadable(path: Path) -> list[str]:
    """The errors of a file that does not parse as TOML (none for a file that does: a tree, say)."""
    from ..model.document import read_document

    try:
        document = read_document(path)
    except OSError as exc:
        return [f"{path}:1:1: error: cannot read the file: {exc.strerror or exc}"]
    if document.data is not None:
        return []
    return [str(d) for d in document.reporter.diagnostics if d.is_error]
