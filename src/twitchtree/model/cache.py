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
from array import array
from bisect import bisect_left
from collections.abc import Iterator, Mapping
from contextlib import suppress
from itertools import accumulate
from typing import TYPE_CHECKING, Any, Final

from .. import __version__, paths

if TYPE_CHECKING:
    from pathlib import Path

try:  # hashlib's own blake2b, without loading OpenSSL (half a megabyte) for the other algorithms
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b

FORMAT = 4
"""2: each node's record is packed on its own (see LazyNodes); 3: in marshal's version 2 (see ``pack``);
4: a tree's node records and ids in a few big buffers (see ``LazyNodes``)."""
NODE_VERSION = 2
"""The marshal version of a node's record. Later versions flag each object that is referred to elsewhere
at the time (its reference count), so the same record packs to other bytes from one load to the next;
version 2 always packs it the same way, and :meth:`LazyNodes.changed` can compare bytes."""
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
    """An entry as bytes, its tree's nodes packed into a few buffers (see :class:`LazyNodes`).

    Raises ValueError if the entry cannot be stored.
    """
    data = entry.get("data")
    if isinstance(data, dict) and isinstance(data.get("nodes"), Mapping):
        entry = {**entry, "data": {**data, "nodes": _pack_nodes(data["nodes"])}}
    return marshal.dumps({**entry, "format": FORMAT})


def unpack(raw: bytes | memoryview) -> dict[str, Any] | None:
    """The entry ``pack`` made, or None if ``raw`` is not one. Raises ValueError, EOFError or TypeError if damaged."""
    entry = _unmarshal(raw)
    return _unpacked(entry) if isinstance(entry, dict) and entry.get("format") == FORMAT else None


def _unpacked(entry: dict[str, Any]) -> dict[str, Any]:
    data = entry.get("data")
    if isinstance(data, dict) and "nodes" in data:
        data["nodes"] = LazyNodes(data["nodes"])
    return entry


_OFFSET: Final = "I"
"""The array type of the offsets into a node table's buffers (4 bytes: a tree file is at most 32 MB)."""
_GROUP = 256
"""Records compared at once by :meth:`LazyNodes.changed`: a save changes few of them."""
SEARCHES = 1000
"""Binary searches of a node table before it makes an index of its ids (see :meth:`LazyNodes._find`)."""


def _pack_nodes(nodes: Mapping[str, Any]) -> tuple[bytes, ...]:
    """A tree's nodes as :class:`LazyNodes` reads them: their ids and records, each joined into one buffer.

    With where each id and record ends, each record's length, and the order of the ids sorted (for
    finding one). Raises ValueError if a buffer would be too big for its offsets.
    """
    ids = [node_id.encode("utf-8", "surrogatepass") for node_id in nodes]
    dumps = marshal.dumps
    records = [dumps(record, NODE_VERSION) for record in nodes.values()]
    try:
        return (
            b"".join(ids),
            _offsets(ids),
            b"".join(records),
            _offsets(records),
            array(_OFFSET, map(len, records)).tobytes(),
            array(_OFFSET, sorted(range(len(ids)), key=ids.__getitem__)).tobytes(),
        )
    except OverflowError:
        raise ValueError("too big for the tree cache") from None


def _offsets(parts: list[bytes]) -> bytes:
    return array(_OFFSET, accumulate(map(len, parts), initial=0)).tobytes()


class LazyNodes(Mapping[str, Any]):
    """A tree's node records, each unmarshalled when read.

    A cached tree keeps its nodes in a few big buffers: its ids joined in one, its
    records (each packed on its own) in another, and arrays of offsets into them.
    Reading a cached tree then makes no object per node (a walk reads only the
    nodes it reaches: explorer start at 100,000 nodes reads one), and a preview
    that replaces its tree on each save allocates it in blocks that are returned to
    the system whole when it is freed, rather than in a hundred thousand small
    objects that fragment the heap. A node is found by a binary search of the
    sorted ids. A damaged record raises ``ValueError`` when read.
    """

    __slots__ = ("_at", "_hint", "_id_at", "_ids", "_index", "_lengths", "_order", "_records", "_searches")

    def __init__(self, packed: Any) -> None:
        """``packed`` as ``_pack_nodes`` made it; raises ValueError if it is not."""
        try:
            ids, id_at, records, at, lengths, order = packed
            views = [memoryview(buffer).cast(_OFFSET) for buffer in (id_at, at, order)]
        except (TypeError, ValueError) as exc:
            raise ValueError(f"damaged node table ({exc})") from None
        self._ids: bytes = ids
        self._records: bytes = records
        self._id_at, self._at, self._order = views
        """Where each id and record starts (and, last, where the last ends), and the nodes in the order of their ids."""
        self._lengths: bytes = lengths
        """Each record's length (an array of offsets' type, as bytes: compared, never read)."""
        self._hint: tuple[object, int] = (None, -1)
        """The last id iterated over and its place: reading each node as it is iterated over needs no search."""
        self._index: dict[str, int] | None = None
        self._searches = 0
        count = len(self._order)
        if not (
            isinstance(ids, bytes)
            and isinstance(records, bytes)
            and isinstance(lengths, bytes)
            and len(self._id_at) == len(self._at) == count + 1
            and len(lengths) == count * self._at.itemsize
            and self._id_at[-1] == len(ids)
            and self._at[-1] == len(records)
        ):
            raise ValueError("damaged node table")

    def __getitem__(self, node_id: str) -> Any:
        index = self._find(node_id)
        if index < 0:
            raise KeyError(node_id)
        at = self._at
        try:
            record = marshal.loads(self._records[at[index] : at[index + 1]])
        except (EOFError, TypeError, ValueError):
            record = None
        if type(record) is not dict:
            raise ValueError(f"damaged record of node {node_id!r} in the tree cache")
        return record

    def __iter__(self) -> Iterator[str]:
        text, at = self._text(), self._id_at
        for index in range(len(self._order)):
            node_id = text[at[index] : at[index + 1]]
            self._hint = (node_id, index)
            yield node_id

    def _text(self) -> str | _Ids:
        """The ids, sliced by their offsets: one text if they are ASCII (ids are: see ``spec.ID_PATTERN``)."""
        text = self._ids.decode("utf-8", "surrogatepass")
        return text if len(text) == len(self._ids) else _Ids(self._ids)

    def __len__(self) -> int:
        return len(self._order)

    def __contains__(self, node_id: object) -> bool:
        return self._find(node_id) >= 0

    def _key(self, index: int) -> bytes:
        """The id of the node at ``index``, as bytes."""
        at = self._id_at
        return self._ids[at[index] : at[index + 1]]

    def _find(self, node_id: object) -> int:
        """Where the node ``node_id`` is, or -1.

        A walk reads a few nodes, each found by a binary search of the sorted ids. What reads
        most of them by id (a search of the whole tree, the urgencies a re-wired answer can
        reach) makes an index of the ids after ``SEARCHES`` searches: one object per node again,
        but only in a tree searched that much.
        """
        hint = self._hint
        if hint[0] == node_id:
            return hint[1]
        if not isinstance(node_id, str):
            return -1
        index = self._index
        if index is not None:
            return index.get(node_id, -1)
        self._searches += 1
        if self._searches > SEARCHES:
            text, at = self._text(), self._id_at
            index = self._index = {text[at[n] : at[n + 1]]: n for n in range(len(self._order))}
            return index.get(node_id, -1)
        return self._find_key(node_id.encode("utf-8", "surrogatepass"))

    def _find_key(self, key: bytes) -> int:
        order = self._order
        try:
            n = bisect_left(order, key, key=self._key)
            return order[n] if n < len(order) and self._key(order[n]) == key else -1
        except IndexError:
            raise ValueError("damaged node table in the tree cache") from None

    def _packed(self, index: int) -> bytes:
        at = self._at
        return self._records[at[index] : at[index + 1]]

    def same_keys(self, other: LazyNodes) -> bool:
        """Whether both hold the same ids in the same order (False may still be the same ids, reordered)."""
        return self._ids == other._ids and self._id_at.obj == other._id_at.obj

    def changed(self, other: LazyNodes) -> list[str]:
        """The ids of the nodes whose records are not packed the same in ``other`` (or are not there), in order.

        Found without unpacking a record. Equal records pack the same way (see ``NODE_VERSION``),
        but the caller need not rely on it: it may compare the records of the nodes listed.
        """
        indexes = self._changed_in_place(other) if self.same_keys(other) else self._changed_by_id(other)
        text, at = self._text(), self._id_at
        return [text[at[n] : at[n + 1]] for n in indexes]

    def _changed_in_place(self, other: LazyNodes) -> list[int]:
        """``changed`` when both hold the same ids in the same order: a group of records whose bytes and
        lengths are all the same is skipped at once."""
        mine, theirs = self._records, other._records
        lengths, their_lengths = self._lengths, other._lengths
        if mine == theirs and lengths == their_lengths:
            return []
        at, their_at, size = self._at, other._at, self._at.itemsize
        count = len(self)
        changed = []
        for first in range(0, count, _GROUP):
            end = min(first + _GROUP, count)
            same = lengths[first * size : end * size] == their_lengths[first * size : end * size]
            if same and mine[at[first] : at[end]] == theirs[their_at[first] : their_at[end]]:
                continue
            changed += [n for n in range(first, end) if self._packed(n) != other._packed(n)]
        return changed

    def _changed_by_id(self, other: LazyNodes) -> list[int]:
        """``changed`` when the ids differ: both tables are walked in the order of their sorted ids."""
        theirs, count = other._order, len(other)
        j = 0
        changed = []
        for index in self._order:
            key = self._key(index)
            while j < count and other._key(theirs[j]) < key:
                j += 1
            if not (j < count and other._key(theirs[j]) == key and other._packed(theirs[j]) == self._packed(index)):
                changed.append(index)
        changed.sort()
        return changed


class _Ids:
    """Ids that are not all ASCII, sliced by their offsets in bytes."""

    def __init__(self, ids: bytes) -> None:
        self._ids = ids

    def __getitem__(self, where: slice) -> str:
        return self._ids[where].decode("utf-8", "surrogatepass")


def _unmarshal(raw: bytes | memoryview) -> Any:
    """``marshal.loads`` without the garbage collector.

    Unmarshalling allocates a container per table and record: the collector would run every few
    hundred of them and rescan the ever larger set of young ones, which made reading grow faster than
    the entry when each node was one (0.7 s instead of 0.1 s at 100,000 nodes). The result holds no
    cycles to collect.
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
