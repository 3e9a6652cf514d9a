"""The semantic difference between two versions of a tree: what a change does to the people who walk it.

:func:`compare` reads two loaded trees as trees, not as text, and lists
each :class:`Change` under one of six headings (:data:`CATEGORIES`):

- ``structure``: nodes added, removed, renamed (found when a node's content
  and its place, the answers that lead to it, match and only its id
  differs) or turned from a question into an outcome;
- ``paths``: answers re-wired (same answer of the same question, another
  ``next``), answers added or removed, another ``start``;
- ``outcomes``: urgency changes, each escalated or de-escalated;
- ``safety``: ``red_flag`` and ``screens`` changes, weakened or strengthened;
- ``text``: everything a reader sees (question text, labels, help, why,
  outcome titles and text, red flags, conditions and sources, the notes of
  the conditions and sources themselves);
- ``metadata``: id, version, review dates, authors, libraries.

Fields are compared through the records (:func:`.record.as_data`), so a key
added to :mod:`.spec` is compared as text with no edit here. A re-wired
answer is called de-escalated when the outcomes it can now lead to include
a less urgent one than before, or when the most urgent it can reach is less
urgent: under-triage is the failure to flag. :func:`word_diff` gives the
changed words of a text; :func:`summary` says the whole in one line.
This module imports nothing from Textual.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from .record import Records, as_data
from .renames import find_renames, same_ids
from .spec import URGENCY_ORDER, Outcome, Question

if TYPE_CHECKING:
    from .spec import Answer, Node
    from .tree import Tree

Category = Literal["structure", "paths", "outcomes", "safety", "text", "metadata"]
CATEGORIES: tuple[Category, ...] = ("structure", "paths", "outcomes", "safety", "text", "metadata")
"""The headings of a diff, in the order they are reported."""

Direction = Literal["escalated", "de-escalated", "weakened", "strengthened", ""]
Scope = Literal["tree", "node", "answer", "condition", "source"]

_METADATA = frozenset({"format", "id", "version", "uses", "authors", "reviewed", "review_by"})
"""Tree keys that describe the file rather than what a reader sees."""
_TABLES = frozenset({"nodes", "conditions", "sources", "start"})
"""Tree keys compared on their own terms, not as plain values."""


@dataclass(frozen=True, slots=True)
class Change:
    """One semantic change.

    ``kind`` is one of: added, removed, renamed, retyped (structure);
    rewired, answer-added, answer-removed, start (paths); urgency
    (outcomes); changed (safety, text, metadata; and added or removed for a
    condition or source).
    """

    category: Category
    kind: str
    scope: Scope
    id: str = ""
    """The node's id (the new one when both exist), the condition's or source's id; "" for the tree."""
    answer: str | None = None
    """The answer's label (the new one when both exist), for an answer's change."""
    field: str | None = None
    """The key that changed: "text", "label", "urgency", "next", ..."""
    old: Any = None
    new: Any = None
    direction: Direction = ""

    def as_data(self) -> dict[str, Any]:
        """The change as JSON data (the ``changes`` of ``diff --format json``)."""
        data = {name: getattr(self, name) for name in self.__slots__}
        return {key: value for key, value in data.items() if value is not None and value != ""}


@dataclass
class TreeDiff:
    """Every semantic change from ``old`` to ``new``."""

    old: Tree
    new: Tree
    changes: list[Change] = field(default_factory=list)
    renames: dict[str, str] = field(default_factory=dict)
    """Old node id → new node id, for every node renamed."""

    def __bool__(self) -> bool:
        return bool(self.changes)

    def in_category(self, category: Category) -> list[Change]:
        return [c for c in self.changes if c.category == category]

    @property
    def de_escalations(self) -> list[Change]:
        """Outcomes made less urgent, and answers re-wired towards less urgent outcomes."""
        return [c for c in self.changes if c.direction == "de-escalated"]

    @property
    def safety_weakened(self) -> list[Change]:
        """Red flags removed and screens dropped."""
        return [c for c in self.changes if c.direction == "weakened"]

    def new_id(self, old_id: str) -> str:
        """The id a node of the old tree has in the new one (itself unless renamed)."""
        return self.renames.get(old_id, old_id)


def compare(old: Tree, new: Tree) -> TreeDiff:
    """The semantic changes from tree ``old`` to tree ``new``."""
    diff = TreeDiff(old, new, renames=find_renames(old, new))
    back = {new_id: old_id for old_id, new_id in diff.renames.items()}
    out = diff.changes
    removed: list[str] = []
    added: list[str] = []
    if not same_ids(old, new):  # (a save most often keeps every id: no set of a hundred thousand ids then)
        old_ids, new_ids = set(old.nodes), set(new.nodes)
        removed = [n for n in old.nodes if n not in new_ids and n not in diff.renames]
        added = [n for n in new.nodes if n not in old_ids and n not in back]
    for node_id in added:
        out.append(Change("structure", "added", "node", node_id, new=_headline(new.node(node_id))))
    for node_id in removed:
        out.append(Change("structure", "removed", "node", node_id, old=_headline(old.node(node_id))))
    for old_id, new_id in diff.renames.items():
        out.append(Change("structure", "renamed", "node", new_id, field="id", old=old_id, new=new_id))
    if diff.new_id(old.start) != new.start:
        out.append(Change("paths", "start", "tree", field="start", old=old.start, new=new.start))
    ranges = _Ranges(old, new)
    for new_id in _changed(old, new):
        old_id = back.get(new_id, new_id)
        if old_id in old.nodes:
            out.extend(_node_changes(diff, old.node(old_id), new.node(new_id), ranges))
    out.extend(_tree_changes(old, new))
    for scope in ("condition", "source"):
        out.extend(_table_changes(scope, getattr(old, f"{scope}s"), getattr(new, f"{scope}s")))
    order = {category: n for n, category in enumerate(CATEGORIES)}
    out.sort(key=lambda c: order[c.category])  # stable: within a heading, in the new tree's node order
    return diff


def summary(diff: TreeDiff) -> str:
    """The diff in one line: "2 answers re-wired, 1 outcome de-escalated", or "no semantic change"."""
    counts: dict[tuple[str, str], int] = {}
    for change in diff.changes:
        category, kind, direction = change.category, change.kind, change.direction
        keys = ((category, kind, direction), (category, "", direction), (category, kind, ""), (category, "", ""))
        phrase = next(_PHRASES[key] for key in keys if key in _PHRASES)
        counts[phrase] = counts.get(phrase, 0) + 1
    if not counts:
        return "no semantic change"
    return ", ".join(f"{n} {phrase[n != 1]}" for phrase, n in counts.items())


def change_notice(old: Tree, new: Tree) -> tuple[str, Literal["information", "warning"]] | None:
    """What a reload changed, in one line, and how loud to say it; None when nothing semantic changed.

    A warning when an outcome or a path became less urgent, or a red flag or screen was dropped.
    """
    diff = compare(old, new)
    if not diff:
        return None
    return summary(diff), "warning" if diff.de_escalations or diff.safety_weakened else "information"


_PHRASES: dict[tuple[str, str, str], tuple[str, str]] = {
    ("structure", "added", ""): ("node added", "nodes added"),
    ("structure", "removed", ""): ("node removed", "nodes removed"),
    ("structure", "renamed", ""): ("node renamed", "nodes renamed"),
    ("structure", "retyped", ""): ("node changed type", "nodes changed type"),
    ("structure", "", ""): ("structural change", "structural changes"),
    ("paths", "rewired", ""): ("answer re-wired", "answers re-wired"),
    ("paths", "rewired", "de-escalated"): (
        "answer re-wired towards less urgent outcomes",
        "answers re-wired towards less urgent outcomes",
    ),
    ("paths", "answer-added", ""): ("answer added", "answers added"),
    ("paths", "answer-removed", ""): ("answer removed", "answers removed"),
    ("paths", "start", ""): ("new start", "new starts"),
    ("paths", "", ""): ("path change", "path changes"),
    ("outcomes", "urgency", "escalated"): ("outcome escalated", "outcomes escalated"),
    ("outcomes", "urgency", "de-escalated"): ("outcome de-escalated", "outcomes de-escalated"),
    ("outcomes", "", ""): ("outcome change", "outcome changes"),
    ("safety", "", "weakened"): ("safety check weakened", "safety checks weakened"),
    ("safety", "", ""): ("safety change", "safety changes"),
    ("text", "", ""): ("text change", "text changes"),
    ("metadata", "", ""): ("metadata change", "metadata changes"),
}
"""How :func:`summary` counts each kind of change: by (category, kind, direction), singular and plural."""


# -- nodes ------------------------------------------------------------------------------------


def _changed(old: Tree, new: Tree) -> list[str]:
    """The nodes of ``new`` that may differ from ``old``'s, in order, found without building their records.

    A save changes a few nodes of many; comparing their data (the cache's packed bytes,
    or the checked TOML) skips building and comparing the records of all the others.
    """
    if isinstance(old.nodes, Records) and isinstance(new.nodes, Records):
        return new.nodes.changed(old.nodes)
    return list(new.nodes)


def _node_changes(diff: TreeDiff, old: Node, new: Node, ranges: _Ranges) -> Iterator[Change]:
    if old.type != new.type:
        yield Change("structure", "retyped", "node", new.id, field="type", old=old.type, new=new.type)
        return
    if isinstance(old, Outcome) and isinstance(new, Outcome) and old.urgency != new.urgency:
        moved = _direction(URGENCY_ORDER.index(old.urgency), URGENCY_ORDER.index(new.urgency))
        yield Change("outcomes", "urgency", "node", new.id, None, "urgency", old.urgency, new.urgency, moved)
    old_data, new_data = as_data(old), as_data(new)
    for key in new._fields:
        if key in ("id", "type", "answers", "urgency"):
            continue
        was, now = old_data.get(key), new_data.get(key)
        if was == now:
            continue
        if key == "screens":
            screens: Direction = "weakened" if now is None else "strengthened" if was is None else ""
            yield Change("safety", "changed", "node", new.id, None, key, was, now, screens)
        else:
            yield Change("text", "changed", "node", new.id, field=key, old=was, new=now)
    if isinstance(old, Question) and isinstance(new, Question):
        yield from _answer_changes(diff, old, new, ranges)


def _answer_changes(diff: TreeDiff, old: Question, new: Question, ranges: _Ranges) -> Iterator[Change]:
    pairs, gone, fresh = _pair_answers(old.answers, new.answers)
    for was, now in pairs:
        label = now.label
        if was.label != now.label:
            yield Change("text", "changed", "answer", new.id, label, "label", was.label, now.label)
        if diff.new_id(was.next) != now.next:
            direction = ranges.direction(was.next, now.next)
            yield Change("paths", "rewired", "answer", new.id, label, "next", was.next, now.next, direction)
        if was.red_flag != now.red_flag:
            direction_flag: Direction = "strengthened" if now.red_flag else "weakened"
            yield Change(
                "safety", "changed", "answer", new.id, label, "red_flag", was.red_flag, now.red_flag, direction_flag
            )
        was_data, now_data = as_data(was), as_data(now)
        for key in now._fields:
            if key not in ("label", "next", "red_flag") and was_data.get(key) != now_data.get(key):
                yield Change("text", "changed", "answer", new.id, label, key, was_data.get(key), now_data.get(key))
    for answer in gone:
        yield Change("paths", "answer-removed", "answer", new.id, answer.label, "next", old=answer.next)
    for answer in fresh:
        yield Change("paths", "answer-added", "answer", new.id, answer.label, "next", new=answer.next)


def _pair_answers(
    old: tuple[Answer, ...], new: tuple[Answer, ...]
) -> tuple[list[tuple[Answer, Answer]], list[Answer], list[Answer]]:
    """Answers paired by label; those left over paired in order when as many remain on both sides."""
    by_label = {a.label: a for a in new}
    pairs = [(a, by_label[a.label]) for a in old if a.label in by_label]
    matched = {a.label for a, _ in pairs}
    gone = [a for a in old if a.label not in matched]
    fresh = [a for a in new if a.label not in matched]
    if gone and len(gone) == len(fresh):
        pairs += list(zip(gone, fresh, strict=True))
        gone, fresh = [], []
    order = {a.label: n for n, a in enumerate(new)}
    pairs.sort(key=lambda pair: order[pair[1].label])
    return pairs, gone, fresh


# -- urgency ----------------------------------------------------------------------------------


def _direction(old_rank: int, new_rank: int) -> Direction:
    """Ranks index :data:`.spec.URGENCY_ORDER`: 0 is the most urgent."""
    if new_rank > old_rank:
        return "de-escalated"
    return "escalated" if new_rank < old_rank else ""


class _Ranges:
    """The urgency ranges of the nodes of both trees, worked out when a re-wired answer first needs them."""

    def __init__(self, old: Tree, new: Tree) -> None:
        self._trees = (old, new)
        self._ranges: tuple[dict[str, tuple[int, int]], dict[str, tuple[int, int]]] | None = None

    def direction(self, old_next: str, new_next: str) -> Direction:
        """Whether re-wiring an answer from ``old_next`` (old tree) to ``new_next`` (new tree) escalates."""
        if self._ranges is None:
            old, new = self._trees
            self._ranges = (_urgency_ranges(old), _urgency_ranges(new))
        before, after = self._ranges
        return _range_direction(before.get(old_next), after.get(new_next))


def _range_direction(old: tuple[int, int] | None, new: tuple[int, int] | None) -> Direction:
    """Compare the (most urgent, least urgent) ranks of the outcomes two nodes lead to."""
    if old is None or new is None:
        return ""
    if new[0] > old[0] or new[1] > old[1]:
        return "de-escalated"
    return "escalated" if new[0] < old[0] or new[1] < old[1] else ""


def _urgency_ranges(tree: Tree) -> dict[str, tuple[int, int]]:
    """For each node, the ranks of the most and the least urgent outcome it can lead to.

    Iterative (a chain thousands deep is fine); a node on a cycle, which a
    checked tree has not, is simply left out.
    """
    ranges: dict[str, tuple[int, int]] = {}
    nodes = tree.nodes
    for root in nodes:
        stack = [(root, False)]
        while stack:
            node_id, expanded = stack.pop()
            if node_id in ranges or node_id not in nodes:
                continue
            node = nodes[node_id]
            if isinstance(node, Outcome):
                rank = URGENCY_ORDER.index(node.urgency)
                ranges[node_id] = (rank, rank)
                continue
            targets = [a.next for a in node.answers]
            if expanded:
                known = [ranges[t] for t in targets if t in ranges]
                if known:
                    ranges[node_id] = (min(r[0] for r in known), max(r[1] for r in known))
                continue
            stack.append((node_id, True))
            stack.extend((t, False) for t in targets if t not in ranges)
    return ranges


# -- the tree's own keys, conditions and sources -------------------------------------------------


def _tree_changes(old: Tree, new: Tree) -> Iterator[Change]:
    old_data, new_data = _top(old), _top(new)
    for key in new._fields:
        if key in _TABLES or old_data.get(key) == new_data.get(key):
            continue
        category: Category = "metadata" if key in _METADATA else "text"
        yield Change(category, "changed", "tree", field=key, old=old_data.get(key), new=new_data.get(key))


def _top(tree: Tree) -> dict[str, Any]:
    return {key: as_data(getattr(tree, key)) for key in tree._fields if key not in _TABLES}


def _table_changes(scope: Scope, old: Mapping[str, Any], new: Mapping[str, Any]) -> Iterator[Change]:
    for item_id in new:
        if item_id not in old:
            yield Change("text", "added", scope, item_id, new=_name(new[item_id]))
            continue
        was, now = as_data(old[item_id]), as_data(new[item_id])
        for key in now:
            if was.get(key) != now.get(key):
                yield Change("text", "changed", scope, item_id, field=key, old=was.get(key), new=now.get(key))
    for item_id in old:
        if item_id not in new:
            yield Change("text", "removed", scope, item_id, old=_name(old[item_id]))


def _name(item: Any) -> str:
    return str(getattr(item, "name", None) or getattr(item, "title", ""))


def _headline(node: Node) -> str:
    if isinstance(node, Outcome):
        return f"{node.title} [{node.urgency}]"
    return node.text


# -- words ------------------------------------------------------------------------------------

_WORDS = re.compile(r"\s+|\w+(?:['’-]\w+)*|[^\w\s]")


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """The changed words of a text: ("=", same), ("-", removed) and ("+", added) runs, in order."""
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    ops: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            ops.append(("=", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            ops.append(("-", "".join(a[i1:i2])))
        if j2 > j1:
            ops.append(("+", "".join(b[j1:j2])))
    return ops
