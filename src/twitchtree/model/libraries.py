"""The condition libraries a tree or a library names in ``uses``: read once each, checked, and merged.

Each library is read relative to the file that names it, at most
:data:`MAX_LIBRARY_DEPTH` deep, once however many paths lead to it; a cycle
is an error at the ``uses`` entry that closes it. A library whose only
mistakes are unknown keys is read without them, so the tree's own checks
still see what it defines.
"""

from __future__ import annotations

import os
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from .files import reason
from .spec import kind_of

if TYPE_CHECKING:
    from pathlib import Path

    from .diagnostics import Diagnostic, Reporter
    from .document import Document
    from .positions import KeyPath

MAX_LIBRARY_DEPTH = 16


class Libraries:
    """The conditions and sources a tree can refer to: its own and those of its ``uses``."""

    def __init__(self) -> None:
        self.conditions: dict[str, dict[str, Any]] = {}
        self.sources: dict[str, dict[str, Any]] = {}
        self.origin: dict[tuple[str, str], str] = {}
        self.raw: list[tuple[Path, bytes]] = []
        self.diagnostics: list[Diagnostic] = []
        self._read: list[tuple[Document, dict[str, Any] | None, str, tuple[Any, ...], Reporter, bool]] = []
        """Each use of a library (after the ones it uses), its data if it could be read (None if not), and whether
        it is the first use, for :meth:`finish`."""
        self._seen: dict[Path, Document] = {}
        """Each library read, by its resolved path."""
        self._own: list[tuple[Reporter, dict[str, Any]]] = []
        """Each file's reporter and the conditions it defines, in the order read (the tree or library checked first)."""

    def add_own(self, document: Document, data: dict[str, Any]) -> None:
        mine: dict[str, Any] = {}
        self._own.append((document.reporter, mine))
        for what, table in (("condition", self.conditions), ("source", self.sources)):
            for item_id, item in data.get(f"{what}s", {}).items():
                previous = self.origin.get((what, item_id))
                if previous is not None:
                    document.reporter.error(
                        (f"{what}s", item_id), f"{what} '{item_id}' is already defined in {previous}"
                    )
                    continue
                self.origin[(what, item_id)] = document.reporter.path
                table[item_id] = item
                if what == "condition":
                    mine[item_id] = item

    def load(self, owner: Document, uses: list[str], chain: tuple[Path, ...]) -> None:
        from .document import CONTROL, read_document

        reporter = owner.reporter
        for n, name in enumerate(uses):
            key = ("uses", n)
            if PurePath(name).is_absolute() or name.startswith("~"):
                reporter.error(key, f"'uses' paths are relative to this file; '{name}' is absolute")
                continue
            if CONTROL.search(name):
                continue  # already an error of the text checks; no file has such a name
            path = owner.path.parent / name
            display = os.path.normpath(os.path.join(os.path.dirname(reporter.path), name))
            try:
                resolved = path.resolve()
                is_dir = path.is_dir()
            except (OSError, RuntimeError, ValueError) as exc:  # Python 3.11 raises RuntimeError on a symlink loop
                reporter.error(key, f"cannot read library '{name}': {reason(exc)}")
                continue
            if resolved in chain:
                names = [p.name for p in chain[chain.index(resolved) :]]
                reporter.error(key, "'uses' cycle: " + " → ".join([*names, resolved.name]))
                continue
            if resolved in self._seen:  # read once however many paths lead to it: never 3**16 reads
                self._read.append((self._seen[resolved], None, name, key, reporter, False))
                continue
            if len(chain) > MAX_LIBRARY_DEPTH:
                reporter.error(key, f"libraries nest more than {MAX_LIBRARY_DEPTH} deep")
                continue
            if is_dir:
                reporter.error(key, f"'{name}' is a folder; 'uses' names a condition library file")
                continue
            if not path.exists():
                reporter.error(key, f"library '{name}' does not exist (looked for {display})")
                continue
            try:
                library = read_document(path, display)
            except OSError as exc:
                reporter.error(key, f"cannot read library '{name}': {reason(exc)}")
                continue
            self._seen[resolved] = library
            self.raw.append((path, library.raw))
            self._load_library(library, name, key, reporter, (*chain, resolved))

    def _load_library(
        self, library: Document, name: str, key: tuple[Any, ...], owner: Reporter, chain: tuple[Path, ...]
    ) -> None:
        from .format_version import check_format

        data = library.data
        usable = False
        if data is not None and check_format(data, library.reporter):
            kind = kind_of(data)
            if kind != "library":
                owner.error(key, f"'{name}' is a {kind} file, not a condition library")
            else:
                from .validation import validate, without_unknown_keys

                unknown: list[KeyPath] = []
                if not validate("library", data, library.reporter, unknown):
                    # Unknown keys alone: the rest is still read, so the tree's own checks do not also
                    # call every condition the library defines "not defined".
                    data = without_unknown_keys("library", data, unknown, library.reporter)
                if data is not None:
                    usable = True
                    self.add_own(library, data)
                    self.load(library, data.get("uses", []), chain)
        self._read.append((library, data if usable else None, name, key, owner, True))

    def check_sources(self, reporter: Reporter, data: dict[str, Any]) -> None:
        """The sources a library's conditions cite must be defined somewhere the tree can see; names must differ."""
        from .graph import check_ids, check_names, check_shared_names
        from .hints import Hints

        known, hints = set(self.sources), Hints()
        for condition_id, condition in data.get("conditions", {}).items():
            key = ("conditions", condition_id)
            check_ids(condition, key, "sources", known, "source", reporter, hints)
            check_names(condition, key, reporter)
        check_shared_names(data.get("conditions", {}), reporter)

    def finish(self) -> None:
        """Once every library is read: check their citations and names, and collect their diagnostics."""
        from .graph import check_names_across

        check_names_across(self._own)
        for library, data, name, key, owner, first in self._read:  # a library's own uses come before it
            if data is not None:
                self.check_sources(library.reporter, data)
            if library.reporter.has_errors:
                owner.error(key, f"library '{name}' has errors")
            if first:
                self.diagnostics.extend(library.reporter.diagnostics)

    def export(self) -> dict[str, Any]:
        return {"conditions": self.conditions, "sources": self.sources, "raw": self.raw}
