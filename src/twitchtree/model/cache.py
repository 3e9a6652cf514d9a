"""A cache of checked trees, so that a warm start needs neither the TOML parse nor pydantic.

Entries are keyed by a hash of the tree file's bytes, where it is (its
libraries are found relative to it) and twitchtree's version, and record
the hash of every library the tree uses: a changed file, or a changed
library, misses. They live in the user cache folder
(``XDG_CACHE_HOME`` moves it) and are written atomically; any failure to
read or write one only means the tree is loaded the slow way. Each kind
keeps its most recently used entries (a hit marks an entry used); older
ones are deleted when a new one is stored.
"""

from __future__ import annotations

import gc
import marshal
import os
from collections.abc import Iterator, Mapping
from contextlib import suppress
from typing import TYPE_CHECKING, Any

from .. import __version__, paths

if TYPE_CHECKING:
    from pathlib import Path

try:  # hashlib's own blake2b, without loading OpenSSL (half a megabyte) for the other algorithms
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b

FORMAT = 3
"""2: each node's record is packed on its own (see LazyNodes); 3: in marshal's version 2 (see ``pack``)."""
NODE_VERSION = 2
"""The marshal version of a node's record. Later versions flag each object that is referred to elsewhere
at the time (its reference count), so the same record packs to other bytes from one load to the next;
version 2 always packs it the same way, and :meth:`LazyNodes.unchanged` can compare bytes."""
KEEP = 64
"""Entries kept per kind: every saved version of a tree opened in the explorer adds one."""


def digest(raw: bytes, *more: bytes, size: int = 20) -> str:
    """A hex digest of ``raw`` followed by ``more``."""
    hasher = blake2b(raw, digest_size=size)
    for chunk in more:
        hasher.update(chunk)
    return hasher.hexdigest()


def key(raw: bytes, where: str = "") -> str:
    """The entry for a tree file's bytes ``raw``; ``where`` names the file (its path and display name)."""
    return digest(f"{__version__}/{FORMAT}/{where}\0".encode("utf-8", "surrogateescape"), raw)


def load(entry_key: str, kind: str = "trees") -> dict[str, Any] | None:
    """The entry stored under ``entry_key`` among the cached ``kind`` (trees, themes), or None."""
    path = paths.cache_dir() / kind / f"{entry_key}.bin"
    try:
        entry = _unmarshal(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not (isinstance(entry, dict) and entry.get("format") == FORMAT):
        return None
    with suppress(OSError):
        os.utime(path)  # used now: the last to be deleted
    return _unpacked(entry)


def pack(entry: dict[str, Any]) -> bytes:
    """An entry as bytes, each node's record packed on its own (see :class:`LazyNodes`)."""
    data = entry.get("data")
    if isinstance(data, dict) and isinstance(data.get("nodes"), Mapping):
        dumps = marshal.dumps
        nodes = {node_id: dumps(record, NODE_VERSION) for node_id, record in data["nodes"].items()}
        entry = {**entry, "data": {**data, "nodes": nodes}}
    return marshal.dumps({**entry, "format": FORMAT})


def unpack(raw: bytes) -> dict[str, Any] | None:
    """The entry ``pack`` made, or None if ``raw`` is not one. Raises ValueError, EOFError or TypeError if damaged."""
    entry = _unmarshal(raw)
    return _unpacked(entry) if isinstance(entry, dict) and entry.get("format") == FORMAT else None


def _unpacked(entry: dict[str, Any]) -> dict[str, Any]:
    data = entry.get("data")
    if isinstance(data, dict) and isinstance(data.get("nodes"), dict):
        data["nodes"] = LazyNodes(data["nodes"])
    return entry


class LazyNodes(Mapping[str, Any]):
    """A tree's node records, each unmarshalled when first read.

    The cache keeps each node's record as bytes of its own: reading a cached tree
    then costs one small object per node, and a walk reads only the nodes it
    reaches (explorer start at 100,000 nodes reads one). A damaged record raises
    ``ValueError`` when read.
    """

    def __init__(self, packed: dict[str, bytes]) -> None:
        self._packed = packed
        self._records: dict[str, Any] = {}

    def __getitem__(self, node_id: str) -> Any:
        try:
            return self._records[node_id]
        except KeyError:
            record = self._records[node_id] = marshal.loads(self._packed[node_id])
            return record

    def __iter__(self) -> Iterator[str]:
        return iter(self._packed)

    def __len__(self) -> int:
        return len(self._packed)

    def __contains__(self, node_id: object) -> bool:
        return node_id in self._packed

    def unchanged(self, other: LazyNodes) -> set[str]:
        """The nodes whose packed records are the same here and in ``other``, found without unpacking them.

        (Equal records pack the same way (see ``NODE_VERSION``), but the caller need not rely on it:
        a node left out is compared record by record.)
        """
        theirs = other._packed
        return {node_id for node_id, packed in self._packed.items() if theirs.get(node_id) == packed}


def _unmarshal(raw: bytes) -> Any:
    """``marshal.loads`` without the garbage collector.

    Unmarshalling allocates one container per record: the collector would run every few hundred
    of them and rescan the ever larger set of young ones, which makes reading grow faster than
    the entry (0.7 s instead of 0.1 s at 100,000 nodes). The result holds no cycles to collect.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return marshal.loads(raw)
    finally:
        if enabled:
            gc.enable()


def store(entry_key: str, entry: dict[str, Any], kind: str = "trees") -> None:
    try:
        packed = pack(entry)
    except ValueError:
        return  # the cache is only a speed-up
    store_packed(entry_key, packed, kind)


def store_packed(entry_key: str, packed: bytes, kind: str = "trees") -> None:
    """Store an entry as ``pack`` made it (another process may have)."""
    from .write import atomic_write

    try:
        folder = paths.ensure(paths.cache_dir() / kind)
        atomic_write(folder / f"{entry_key}.bin", packed)
    except OSError:
        return  # the cache is only a speed-up
    _prune(folder)


def _prune(folder: Path) -> None:
    """Delete all but the ``KEEP`` most recently used entries in ``folder``."""
    entries: list[tuple[float, Path]] = []
    try:
        for path in folder.glob("*.bin"):
            try:
                entries.append((path.stat().st_mtime, path))
            except OSError:
                continue  # deleted meanwhile by another twitchtree
    except OSError:
        return
    entries.sort(reverse=True)
    for _, path in entries[KEEP:]:
        with suppress(OSError):
            path.unlink(missing_ok=True)
