"""Renamed nodes: found when a node's content and its place match and only its id differs.

Used by :func:`.diff.compare`, so that a renamed id is one change rather than
a node removed, another added and every answer to it re-wired.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .record import Records, as_data
from .spec import Question

if TYPE_CHECKING:
    from .tree import Tree


def find_renames(old: Tree, new: Tree) -> dict[str, str]:
    """Old id → new id for nodes whose content and place match while only the id differs.

    Each round compares the unmatched nodes by their content and by the
    answers that lead to them, with the ids of nodes still unmatched left
    out (a renamed node may point at, or be pointed at by, another renamed
    node). A pair is taken only when it is the one candidate on both sides;
    the rounds go on while they find pairs.
    """
    renames: dict[str, str] = {}
    if same_ids(old, new):
        return renames
    gone, fresh = set(old.nodes), set(new.nodes)
    gone, fresh = gone - fresh, fresh - gone
    if not gone or not fresh:
        return renames
    old_parents, new_parents = _parents(old), _parents(new)
    while gone and fresh:

        def on_old(node_id: str) -> str:
            return "*" if node_id in gone else renames.get(node_id, node_id)

        def on_new(node_id: str) -> str:
            return "*" if node_id in fresh else node_id

        keys_old = {n: _signature(old, n, old_parents, on_old) for n in gone}
        keys_new = {n: _signature(new, n, new_parents, on_new) for n in fresh}
        found = _unique_pairs(keys_old, keys_new)
        if not found:
            break
        for old_id, new_id in found:
            renames[old_id] = new_id
            gone.discard(old_id)
            fresh.discard(new_id)
    return renames


def same_ids(old: Tree, new: Tree) -> bool:
    """Whether both trees have the same node ids (found without a set of either's ids when they were read from
    the cache: False then for the same ids in another order too)."""
    if isinstance(old.nodes, Records) and isinstance(new.nodes, Records):
        return new.nodes.same_keys(old.nodes)
    return new.nodes.keys() == old.nodes.keys()


def _signature(tree: Tree, node_id: str, parents: dict[str, list[tuple[str, str]]], ids: Any) -> str:
    data = as_data(tree.node(node_id))
    data.pop("id")
    for answer in data.get("answers", ()):
        answer["next"] = ids(answer["next"])
    place = sorted((ids(parent), label) for parent, label in parents.get(node_id, ()))
    return repr((data, place, node_id == tree.start))


def _unique_pairs(left: dict[str, str], right: dict[str, str]) -> list[tuple[str, str]]:
    by_key_left: dict[str, list[str]] = {}
    by_key_right: dict[str, list[str]] = {}
    for node_id, key in left.items():
        by_key_left.setdefault(key, []).append(node_id)
    for node_id, key in right.items():
        by_key_right.setdefault(key, []).append(node_id)
    return [
        (ids[0], by_key_right[key][0])
        for key, ids in by_key_left.items()
        if len(ids) == 1 and len(by_key_right.get(key, ())) == 1
    ]


def _parents(tree: Tree) -> dict[str, list[tuple[str, str]]]:
    """For each node, the (question id, answer label) pairs that lead to it."""
    parents: dict[str, list[tuple[str, str]]] = {}
    for node in tree.nodes.values():
        for answer in node.answers if isinstance(node, Question) else ():
            parents.setdefault(answer.next, []).append((node.id, answer.label))
    return parents
