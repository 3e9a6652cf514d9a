"""The files an author works on together: trees, the libraries they use, and the case files that test them.

A :class:`Project` holds an editor's open buffers over the files on disk
under its folders, and answers questions that cross files: which trees use
a library, which case files test a tree, where an id is defined, every place
that refers to it, and the edits that rename it everywhere. Checks see the
unsaved buffers (:func:`.files.buffers`), so a change to a library is
seen by the trees that use it before it is saved. The rules are ``check``'s
own: a tree's libraries are its ``uses``, a case file's tree is found by
:func:`.cases.find_tree`.

Typing in a buffer keeps what was worked out about how files refer to each
other until the buffer's links (its kind, ``id``, ``uses`` and ``tree``)
change; a check parses the text once, and its data is the buffer's outline.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar, cast

from .outline import MAX_ANALYSED, Outline, Place
from .spec import ID_PATTERN

if TYPE_CHECKING:
    from .diagnostics import Diagnostic

MAX_FILES = 5000
"""Files looked at under the project's folders; a bigger folder is only partly seen."""
WALK_EVERY = 2.0
"""Seconds between walks of the project's folders for new files."""
_T = TypeVar("_T")
_MISSING = object()
_SKIP = {"node_modules", "__pycache__", "build", "dist", "site-packages"}


class Edit(NamedTuple):
    """Replace the text from ``start`` to ``end`` (character offsets) of ``path`` with ``text``."""

    path: Path
    start: int
    end: int
    text: str


class RenameError(ValueError):
    """A rename that cannot be done; the message says why."""


class Project:
    def __init__(self, folders: list[Path] | None = None) -> None:
        self.folders = [f.resolve() for f in folders or []]
        self.buffers: dict[Path, str] = {}
        """Open editor buffers, by resolved path: they stand in for the files on disk."""
        self._outlines: dict[Path, tuple[object, Outline]] = {}
        self._last_good: dict[Path, Outline] = {}
        self._memo: dict[tuple[str, Path], object] = {}
        """Answers that hold until a file's links change or the folders are walked again."""
        self._links: dict[Path, tuple[object, ...]] = {}
        """What each file's outline says about other files, when it was last made: see :func:`_links`."""
        self._edited: set[Path] = set()
        """Buffers changed since their outline was made: their links are looked at before the memo is read."""
        self._walked: tuple[float, list[Path]] | None = None

    def changed(self) -> None:
        """Forget what was worked out from the files: a buffer or a file on disk has changed."""
        self._memo.clear()
        self._walked = None

    # -- files ---------------------------------------------------------------------------------

    def open(self, path: Path, text: str) -> None:
        """Open (or update) the buffer of ``path``: the memo holds while the buffer's links stay the same."""
        path = path.resolve()
        known = path in self.buffers
        self.buffers[path] = text
        if known:
            self._edited.add(path)
        else:
            self.changed()

    def close(self, path: Path) -> None:
        self.buffers.pop(path.resolve(), None)
        self._edited.discard(path.resolve())
        self.changed()

    def text(self, path: Path) -> str | None:
        """The buffer of ``path`` if it is open, else the file's text; None if it cannot be read as text."""
        path = path.resolve()
        if path in self.buffers:
            return self.buffers[path]
        from .files import read_bytes

        try:
            raw = read_bytes(path)
        except OSError:
            return None
        try:
            return raw.decode("utf-8-sig").replace("\r\n", "\n")
        except UnicodeDecodeError:
            return None

    def outline(self, path: Path) -> Outline | None:
        """The :class:`.outline.Outline` of the file as it is now (remade only when its text changes)."""
        path = path.resolve()
        version = self._version(path)
        cached = self._outlines.get(path)
        if cached is not None and cached[0] == version and version is not None:
            return cached[1]
        text = self.text(path)
        if text is None:
            return None
        return self._store(path, version, Outline.of(path, text))

    def _store(self, path: Path, version: object, outline: Outline) -> Outline:
        """Keep ``outline`` as ``path``'s at ``version``; forget the memo if the file's links have changed."""
        self._outlines[path] = (version, outline)
        if outline.data is not None:
            self._last_good[path] = outline
        good = outline if outline.data is not None else self._last_good.get(path) or outline.lenient()
        links = _links(good.data)
        if self._links.setdefault(path, links) != links:
            self._links[path] = links
            self._memo.clear()
        return outline

    def signature(self, path: Path) -> object:
        """What the files that use ``path`` read of it (its data, as parsed): equal signatures, equal checks."""
        outline = self.outline(path)
        if outline is None or len(outline.text) > MAX_ANALYSED:
            return object()  # unknown: never equal to another
        return outline.data

    def good(self, path: Path) -> Outline | None:
        """The outline of ``path`` when it last parsed: what completion offers while a line is half typed.

        A file that has not parsed since it was opened is read as far as its scanner can follow it.
        """
        outline = self.outline(path)
        if outline is None or outline.data is not None:
            return outline
        return self._last_good.get(path.resolve()) or outline.lenient()

    def _version(self, path: Path) -> object:
        if path in self.buffers:
            return ("buffer", hash(self.buffers[path]))
        try:
            stat = path.stat()
        except OSError:
            return None
        return ("disk", stat.st_mtime_ns, stat.st_size)

    def files(self) -> list[Path]:
        """The ``.toml`` files under the project's folders, and every open buffer, at most :data:`MAX_FILES`.

        The folders are walked again at most every :data:`WALK_EVERY` seconds, or after :meth:`changed`.
        """
        walked = self._walk()
        return list(dict.fromkeys([*(p for p in self.buffers if p.suffix == ".toml"), *walked]))

    def _walk(self) -> list[Path]:
        """The files under the folders, walked again if the last walk is old; a new or gone file clears the memo."""
        import time

        now = time.monotonic()
        if self._walked is None or now - self._walked[0] > WALK_EVERY:
            found: dict[Path, None] = {}
            for folder in self.folders:
                for path in _toml_files(folder):
                    if len(found) >= MAX_FILES:
                        break
                    found.setdefault(path, None)
            if self._walked is not None and self._walked[1] != list(found):
                self._memo.clear()
            self._walked = (now, list(found))
        return self._walked[1]

    # -- how files refer to each other -----------------------------------------------------------

    def _remember(self, what: str, path: Path, work: Callable[[Path], _T]) -> _T:
        self._walk()
        for edited in list(self._edited):  # an edit that changed a buffer's links clears the memo (_store)
            self.outline(edited)
            self._edited.discard(edited)
        key = (what, path.resolve())
        known = self._memo.get(key, _MISSING)  # one look: a check in the worker thread may clear the memo
        if known is not _MISSING:
            return cast("_T", known)
        found = self._memo[key] = work(path.resolve())  # the memo may be cleared meanwhile (another thread)
        return found

    def libraries(self, path: Path) -> list[Path]:
        """The libraries ``path`` uses, with the ones they use in turn, in the order ``check`` reads them."""
        return self._remember("libraries", path, self._libraries)

    def _libraries(self, path: Path) -> list[Path]:
        seen: list[Path] = []
        queue = [path.resolve()]
        while queue:
            current = queue.pop(0)
            outline = self.good(current)
            uses = (outline.data or {}).get("uses") if outline else None
            if not isinstance(uses, list):
                continue
            for name in uses:
                if not isinstance(name, str) or os.path.isabs(name) or name.startswith("~"):
                    continue
                library = (current.parent / name).resolve()
                if library not in seen and library != path.resolve() and library.is_file():
                    seen.append(library)
                    queue.append(library)
        return seen

    def tree_of(self, path: Path) -> Path | None:
        """The tree of the case file at ``path``, found as ``check`` finds it."""
        return self._remember("tree", path, self._tree_of)

    def _tree_of(self, path: Path) -> Path | None:
        outline = self.good(path)
        if outline is None or outline.kind != "cases":
            return None
        tree_id = (outline.data or {}).get("tree")
        if not isinstance(tree_id, str):
            return None
        from .cases import find_tree
        from .files import buffers

        with buffers(self._raw_buffers()):
            found = find_tree(path.resolve(), tree_id)
        return found.resolve() if found is not None else None

    def family(self, path: Path) -> list[Path]:
        """The files joined to ``path`` by ``uses`` and by a case file's tree, both ways: what a rename touches."""
        return self._remember("family", path, self._family)

    def _family(self, path: Path) -> list[Path]:
        trees_and_libraries = [p for p in self.files() if self._kind(p) in ("tree", "library")]
        cases = [p for p in self.files() if self._kind(p) == "cases"]
        seen = {path}
        queue = [path]
        while queue:
            current = queue.pop()
            kind = self._kind(current)
            linked = list(self.libraries(current))
            linked += [p for p in trees_and_libraries if current in self.libraries(p)]
            if kind == "tree":
                linked += [c for c in cases if self.tree_of(c) == current]
            elif kind == "cases":
                tree = self.tree_of(current)
                linked += [tree] if tree is not None else []
            for other in linked:
                if other not in seen:
                    seen.add(other)
                    queue.append(other)
        return sorted(seen)

    def dependents(self, path: Path) -> list[Path]:
        """The files whose diagnostics may change when ``path`` changes: the trees and libraries that use it
        (directly or through other libraries), and the case files of those trees and of ``path``."""
        return self._remember("dependents", path, self._dependents)

    def _dependents(self, path: Path) -> list[Path]:
        users = [p for p in self.files() if p != path and path in self.libraries(p)]
        trees = {p for p in [path, *users] if self._kind(p) == "tree"}
        cases = [p for p in self.files() if self._kind(p) == "cases" and self.tree_of(p) in trees]
        return [*(p for p in users if self._kind(p) in ("tree", "library")), *(p for p in cases if p != path)]

    def _kind(self, path: Path) -> str | None:
        outline = self.good(path)
        return outline.kind if outline is not None else None

    def _raw_buffers(self) -> dict[Path, bytes]:
        return {path: text.encode("utf-8") for path, text in self.buffers.items()}

    # -- checks ---------------------------------------------------------------------------------

    def check(self, path: Path) -> list[Diagnostic]:
        """``check``'s diagnostics for ``path`` as it is in the editor, with the other open buffers as they are.

        Only the diagnostics in ``path`` itself: a library's own are reported when it is checked.
        """
        from .check import check_read
        from .document import read_document
        from .files import buffers

        path = path.resolve()
        text = self.buffers.get(path)
        with buffers(self._raw_buffers()):
            try:
                document = read_document(path, str(path))
            except OSError as exc:
                from .diagnostics import Diagnostic

                return [Diagnostic(str(path), 1, 1, "error", f"cannot read this file: {exc.strerror or exc}")]
            if text and document.text == text and len(text) <= MAX_ANALYSED:
                # the buffer's outline is made from this parse, not from another one (the check does not
                # change the data it reads)
                self._store(path, ("buffer", hash(text)), Outline(path, text, document.data))
            found = check_read(document)
        return [d for d in found if Path(d.path).resolve() == path]

    # -- ids across files --------------------------------------------------------------------------

    def place_at(self, path: Path, offset: int) -> Place | None:
        outline = self.outline(path)
        return outline.place_at(offset) if outline is not None else None

    def definition(self, place: Place) -> Place | None:
        """Where the id at ``place`` is defined, as ``check`` resolves it from ``place``'s file."""
        if place.defines:
            return place
        if place.kind == "file":
            library = (place.path.parent / place.id).resolve()
            return Place(library, "file", place.id, True, (), 0, 0) if library.is_file() else None
        for candidate in self._scope(place.path, place.kind):
            outline = self.good(candidate)
            if outline is not None:
                found = outline.defined(place.kind).get(place.id)
                if found is not None:
                    return found
        return None

    def _scope(self, path: Path, kind: str) -> list[Path]:
        """The files where an id of ``kind`` used in ``path`` may be defined, in the order ``check`` looks."""
        path = path.resolve()
        file_kind = self._kind(path)
        if kind in ("node", "tree") and file_kind == "cases":
            tree = self.tree_of(path)
            return [tree] if tree is not None else []
        if kind in ("condition", "source"):
            return [path, *self.libraries(path)]
        return [path]

    def references(self, place: Place) -> list[Place]:
        """Every place, across the files joined to ``place``'s, that refers to the same definition (and it)."""
        definition = self.definition(place)
        if definition is None:
            return [p for p in self._places(place.path) if (p.kind, p.id) == (place.kind, place.id)]
        found: list[Place] = []
        for path in self.family(definition.path):
            for other in self._places(path):
                if (other.kind, other.id) != (place.kind, place.id):
                    continue
                if other.defines:
                    if other.path == definition.path:
                        found.append(other)
                elif self.definition(other) == definition:
                    found.append(other)
        return found

    def _places(self, path: Path) -> list[Place]:
        outline = self.outline(path)
        return outline.places if outline is not None else []

    def rename(self, place: Place, new: str) -> list[Edit]:
        """The edits that rename the id at ``place`` everywhere it is defined and referred to."""
        if place.kind not in ("node", "condition", "source", "tree"):
            raise RenameError(f"a {place.kind} cannot be renamed here")
        if not re.match(ID_PATTERN, new):
            raise RenameError(f"'{new}' is not a valid id: use lowercase letters, digits, '-' and '_'")
        definition = self.definition(place)
        if definition is None:
            raise RenameError(f"{place.kind} '{place.id}' is not defined anywhere, so there is nothing to rename")
        outline = self.good(definition.path)
        if outline is not None and new in outline.defined(place.kind) and new != place.id:
            raise RenameError(f"{place.kind} '{new}' already exists in {definition.path.name}")
        return [Edit(p.path, p.start, p.end, new) for p in self.references(place)]


def _links(data: dict[str, Any] | None) -> tuple[object, ...]:
    """What a file's data says about other files: its kind, its id, the libraries it uses, a case file's tree."""
    from .spec import kind_of

    if data is None:
        return (None,)
    return (kind_of(data), data.get("id"), data.get("uses"), data.get("tree"))


def _toml_files(folder: Path) -> Iterator[Path]:
    """The ``.toml`` files under ``folder``, skipping hidden folders and tool folders; never follows links."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _SKIP)
        for name in sorted(files):
            if name.endswith(".toml"):
                yield Path(root, name)
