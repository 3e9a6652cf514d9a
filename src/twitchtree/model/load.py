"""Loading: bytes → TOML → validated models → checked graph → :class:`~.tree.Tree`.

:func:`load_tree` is what every front end calls; it raises
:class:`~.diagnostics.LoadError` with every diagnostic when a tree has
errors, and serves warm starts from :mod:`.cache`. :func:`check_document`
reports on a tree or a condition library; :func:`.check.check_file` on a file
of any kind, case files included.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import cache
from .diagnostics import Diagnostic, LoadError, Reporter
from .files import read_bytes, unreadable
from .format_version import check_format
from .spec import Kind, kind_of

if TYPE_CHECKING:
    from .document import Document
    from .positions import KeyPath
    from .stats import Stats
    from .tree import Tree


def load_tree(
    path: Path | str,
    display: str | None = None,
    *,
    raw: bytes | None = None,
    use_cache: bool = True,
    today: date | None = None,
) -> Tree:
    """Load and check the tree at ``path``. Raises LoadError listing every problem.

    ``raw`` checks these bytes as if they were the file's (an editor's unsaved
    text); ``uses`` paths are still relative to ``path``.
    """
    path = Path(path)
    display = display or str(path)
    if raw is None:
        try:
            raw = read_bytes(path)
        except OSError as exc:
            raise LoadError([unreadable(display, exc)]) from None
    if use_cache:
        tree = cached_tree(path, raw, display, today=today)
        if tree is not None:
            return tree
    from .document import parse_document  # (a warm start, from the cache, parses nothing)

    document = parse_document(path, raw, display)
    result = _load(document, today)
    if result.tree is None:
        if not any(d.is_error for d in result.diagnostics):  # a valid library or case file
            what = {"cases": "a case file", "library": "a condition library"}.get(_kind(document), "not a tree")
            message = f"this is {what}, not a tree (a tree has `start` and `[nodes]`)"
            result.diagnostics.append(Diagnostic(display, 1, 1, "error", message))
        raise LoadError(result.diagnostics)
    if use_cache:
        cache.store(entry_key(path, raw, display), result.cache_entry())
    return result.tree


def cached_tree(path: Path, raw: bytes, display: str | None = None, *, today: date | None = None) -> Tree | None:
    """The tree the cache holds for ``raw`` as the file at ``path``, or None: a miss parses nothing."""
    display = display or str(path)
    try:
        return _from_cache(path, raw, display, entry_key(path, raw, display), today)
    except (KeyError, IndexError, TypeError, ValueError, AttributeError):
        return None  # a damaged cache entry is only a miss


def entry_key(path: Path, raw: bytes, display: str) -> str:
    """The cache entry for ``raw`` as the file at ``path``, shown as ``display``."""
    # The same bytes elsewhere may use other libraries, and warnings name the display path.
    return cache.key(raw, f"{path.resolve()}\0{display}")


def check_document(document: Document, today: date | None = None) -> list[Diagnostic]:
    """Every diagnostic for a tree or a condition library (:func:`.check.check_file` takes any file)."""
    return _load(document, today).diagnostics


# -- the pipeline --------------------------------------------------------------


@dataclass
class _Result:
    tree: Tree | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    data: dict[str, Any] | None = None
    libraries: dict[str, Any] = field(default_factory=dict)
    stats: Stats | None = None
    cacheable: list[Diagnostic] = field(default_factory=list)
    """The diagnostics that do not depend on today's date."""

    def cache_entry(self) -> dict[str, Any]:
        assert self.tree is not None and self.data is not None and self.stats is not None
        return {
            "data": _marshallable(self.data),
            "conditions": _marshallable(self.libraries["conditions"]),
            "sources": _marshallable(self.libraries["sources"]),
            "libraries": [[str(p), cache.digest(b)] for p, b in self.libraries["raw"]],
            "warnings": [[d.path, d.line, d.col, d.message] for d in self.cacheable],
            "stats": list(_stats_tuple(self.stats)),
        }


def _load(document: Document, today: date | None) -> _Result:
    """Check a parsed document of any kind except cases; build a Tree if it is a good tree."""
    result = _Result()
    reporter = document.reporter
    data = document.data
    if data is None or not check_format(data, reporter):
        result.diagnostics = reporter.diagnostics
        return result
    kind = _kind(document)
    from .validation import validate, without_unknown_keys

    unknown: list[KeyPath] = []
    if not validate(kind, data, reporter, unknown):
        data = without_unknown_keys(kind, data, unknown, reporter)
        if data is None:
            result.diagnostics = reporter.diagnostics
            return result
    from .libraries import Libraries

    libraries = Libraries()
    libraries.add_own(document, data)
    libraries.load(document, data.get("uses", []), chain=(document.path.resolve(),))
    if kind == "library":
        libraries.check_sources(reporter, data)
    libraries.finish()
    result.libraries = libraries.export()
    stats = None
    if kind == "tree":
        from .graph import check_tree
        from .review import review_warning

        stats = check_tree(data, reporter, conditions=set(libraries.conditions), sources=set(libraries.sources))
        result.cacheable = [*reporter.diagnostics, *libraries.diagnostics]
        review_warning(data.get("review_by"), reporter, today)
    result.diagnostics = [*reporter.diagnostics, *libraries.diagnostics]
    if kind != "tree" or any(d.is_error for d in result.diagnostics) or stats is None:
        return result
    result.data, result.stats = data, stats
    result.tree = _build(document.path, data, result.libraries, document.raw, result.diagnostics, stats)
    return result


def _kind(document: Document) -> Kind:
    return kind_of(document.data or {})


def _build(
    path: Path,
    data: dict[str, Any],
    libraries: dict[str, Any],
    raw: bytes,
    diagnostics: list[Diagnostic],
    stats: Stats,
) -> Tree:
    from .tree import Tree

    library_files = tuple(p for p, _ in libraries["raw"])
    return Tree.from_data(
        {**data, "conditions": libraries["conditions"], "sources": libraries["sources"]},
        path=path,
        files=(path, *library_files),
        content_hash=_content_hash(raw, [b for _, b in libraries["raw"]]),
        diagnostics=tuple(d for d in diagnostics if not d.is_error),
        stats=stats,
    )


def _marshallable(value: Any) -> Any:
    """Checked data as the cache stores it: dates as ISO text, which the records read back (marshal has no date)."""
    if isinstance(value, dict):
        return {key: _marshallable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_marshallable(item) for item in value]
    return value.isoformat() if isinstance(value, date) else value


def _content_hash(raw: bytes, libraries: list[bytes]) -> str:
    return cache.digest(raw, *libraries, size=8)


def _stats_tuple(stats: Stats) -> tuple[int, ...]:
    return (stats.questions, stats.outcomes, stats.unreachable, stats.paths, stats.expanded)


def _from_cache(path: Path, raw: bytes, display: str, key: str, today: date | None) -> Tree | None:
    entry = cache.load(key)
    return None if entry is None else tree_from_entry(path, raw, entry, display, today)


def checked_entry(path: Path, raw: bytes, display: str | None = None, *, today: date | None = None) -> dict[str, Any]:
    """Check ``raw`` as the tree file at ``path``, like :func:`load_tree`, and return the tree as a cache entry.

    The entry is plain data (see :mod:`.cache`): it can cross to another process,
    where :func:`tree_from_entry` makes the tree. Raises LoadError listing every problem.
    """
    from .document import parse_document

    display = display or str(path)
    document = parse_document(path, raw, display)
    result = _load(document, today)
    if result.tree is None:
        if not any(d.is_error for d in result.diagnostics):
            what = {"cases": "a case file", "library": "a condition library"}.get(_kind(document), "not a tree")
            message = f"this is {what}, not a tree (a tree has `start` and `[nodes]`)"
            result.diagnostics.append(Diagnostic(display, 1, 1, "error", message))
        raise LoadError(result.diagnostics)
    return result.cache_entry()


def tree_from_entry(
    path: Path, raw: bytes, entry: dict[str, Any], display: str | None = None, today: date | None = None
) -> Tree | None:
    """The tree that ``entry`` (from the cache or :func:`checked_entry`) holds; None if a library has changed since."""
    display = display or str(path)
    libraries: list[tuple[Path, bytes]] = []
    for name, digest in entry["libraries"]:
        try:
            library_raw = read_bytes(Path(name))
        except OSError:
            return None
        if cache.digest(library_raw) != digest:
            return None
        libraries.append((Path(name), library_raw))
    from .stats import Stats

    diagnostics = [Diagnostic(p, line, col, "warning", message) for p, line, col, message in entry["warnings"]]
    library_data = {"conditions": entry["conditions"], "sources": entry["sources"], "raw": libraries}
    tree = _build(path, entry["data"], library_data, raw, diagnostics, Stats(*entry["stats"]))
    if tree.review_by is not None:  # the one check made again (it depends on today); it needs the text
        from .review import review_warning

        reporter = Reporter(display, raw.decode("utf-8-sig", errors="replace").replace("\r\n", "\n"))
        review_warning(tree.review_by, reporter, today)
        tree.diagnostics = (*tree.diagnostics, *reporter.diagnostics)
    return tree
