"""The screening guarantee: no outcome less urgent than a screen is reached without asking it.

A question with ``screens = "emergency"`` asks about the signs of an
emergency. For each level that some question screens, every path from the
start to an outcome less urgent than that level must pass through one of the
questions that screen it (several may, in different branches). A path that
does not is reported once, at the answer that opens it: the last answer
after which a screening question could still have been reached.

The check is linear in the graph for each level (three breadth-first
searches), and never enumerates paths: a shared sub-tree is visited once.
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING, Any

from .spec import URGENCY_ORDER

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .diagnostics import Reporter

Nodes = dict[str, dict[str, Any]]
Step = tuple[str, str]
"""One answer on a path: (question id, answer label)."""

SHOWN_STEPS = 4
"""An example path longer than twice this shows its first and last steps around "…"."""
SHOWN_SCREENS = 3
"""At most this many screening questions are named in one message."""


def check_screens(nodes: Nodes, start: str, reporter: Reporter) -> None:
    """Report every answer that opens a path skipping a screen, for each screened level.

    ``nodes`` must be acyclic and hold ``start`` (dangling answers are ignored).
    """
    screened: dict[str, list[str]] = {}
    for node_id, node in nodes.items():
        level = node.get("screens") if node["type"] == "question" else None
        if level in URGENCY_ORDER:
            screened.setdefault(level, []).append(node_id)
    if not screened:
        return
    incoming = _incoming(nodes)
    for level in sorted(screened, key=URGENCY_ORDER.index):
        _check_level(nodes, start, incoming, level, screened[level], reporter)


def _incoming(nodes: Nodes) -> dict[str, list[tuple[str, int]]]:
    """For each node, the answers that lead to it, as (question id, answer index)."""
    incoming: dict[str, list[tuple[str, int]]] = {node_id: [] for node_id in nodes}
    for node_id, node in nodes.items():
        for n, answer in enumerate(node.get("answers", ())):
            if answer["next"] in incoming:
                incoming[answer["next"]].append((node_id, n))
    return incoming


def _check_level(
    nodes: Nodes,
    start: str,
    incoming: dict[str, list[tuple[str, int]]],
    level: str,
    screens: list[str],
    reporter: Reporter,
) -> None:
    rank = URGENCY_ORDER.index(level)
    screen_set = set(screens)
    less_urgent = [
        node_id
        for node_id, node in nodes.items()
        if node["type"] == "outcome" and URGENCY_ORDER.index(node["urgency"]) > rank
    ]
    # reach: can get to a screening question.
    reach = _backwards(incoming, screens, set())
    # bad: can get to a less urgent outcome without passing a screening question; for each such
    # question, the answer that heads there and the outcome it ends at.
    exit_of: dict[str, str] = {o: o for o in less_urgent}
    choice: dict[str, int] = {}
    queue = deque(less_urgent)
    while queue:
        node_id = queue.popleft()
        for parent, n in incoming[node_id]:
            if parent not in exit_of and parent not in screen_set:
                exit_of[parent] = exit_of[node_id]
                choice[parent] = n
                queue.append(parent)
    named = _names(screens)
    if start not in reach:
        if start in exit_of:
            path = _forward(nodes, start, choice)
            reporter.error(
                ("start",),
                f"the start node '{start}' skips the {level} screen ({named}): it can lead to "
                f"{_outcome(nodes, exit_of[start])} without asking it, e.g. {path}",
            )
        return
    # Questions reached from the start without passing a screening question, that could still reach
    # one, with how they were reached (only these can hold an answer that opens a skipping path).
    parent_of: dict[str, tuple[str, int] | None] = {start: None}
    depth = {start: 0}
    head: dict[str, tuple[Step, ...]] = {start: ()}  # the first SHOWN_STEPS steps to each node
    queue = deque([start])
    while queue:
        node_id = queue.popleft()
        if node_id in screen_set:
            continue
        for n, answer in enumerate(nodes[node_id].get("answers", ())):
            target = answer["next"]
            if target in reach:
                if target not in parent_of:
                    parent_of[target] = (node_id, n)
                    depth[target] = depth[node_id] + 1
                    steps = head[node_id]
                    head[target] = (*steps, (node_id, answer["label"])) if len(steps) < SHOWN_STEPS else steps
                    queue.append(target)
                continue
            if target not in exit_of:
                continue  # neither a screen nor a less urgent outcome ahead (or a dangling answer)
            # A question that could still reach a screen, and an answer that cannot but can end less urgent.
            before = _before(nodes, node_id, parent_of, depth, head)
            after = [(node_id, answer["label"]), *_walk(nodes, target, choice)]
            reporter.error(
                ("nodes", node_id, "answers", n, "next"),
                f"answer '{answer['label']}' of '{node_id}' skips the {level} screen ({named}): "
                f"it can lead to {_outcome(nodes, exit_of[target])} without asking it, "
                f"e.g. {_show(before, after, depth[node_id])}",
            )


def _backwards(incoming: dict[str, list[tuple[str, int]]], roots: Iterable[str], avoid: set[str]) -> set[str]:
    """Every node that can reach one of ``roots`` (the roots included)."""
    seen = set(roots)
    queue = deque(seen)
    while queue:
        for parent, _ in incoming[queue.popleft()]:
            if parent not in seen and parent not in avoid:
                seen.add(parent)
                queue.append(parent)
    return seen


def _names(screens: list[str]) -> str:
    shown = ", ".join(f"'{s}'" for s in screens[:SHOWN_SCREENS])
    more = len(screens) - SHOWN_SCREENS
    return shown + (f" and {more} more" if more > 0 else "")


def _outcome(nodes: Nodes, outcome_id: str) -> str:
    return f"'{outcome_id}' ({nodes[outcome_id]['urgency']})"


def _before(
    nodes: Nodes,
    node_id: str,
    parent_of: dict[str, tuple[str, int] | None],
    depth: dict[str, int],
    head: dict[str, tuple[Step, ...]],
) -> list[Step]:
    """The steps from the start to ``node_id``: all of them, or the last SHOWN_STEPS when there are many."""
    last: list[Step] = []
    here = parent_of[node_id]
    while here is not None and len(last) < SHOWN_STEPS:
        parent, n = here
        last.append((parent, nodes[parent]["answers"][n]["label"]))
        here = parent_of[parent]
    last.reverse()
    if depth[node_id] <= SHOWN_STEPS:
        return last
    return [*head[node_id][: max(0, min(SHOWN_STEPS, depth[node_id] - SHOWN_STEPS))], *last]


def _walk(nodes: Nodes, node_id: str, choice: dict[str, int], limit: int = SHOWN_STEPS + 1) -> list[Step]:
    """Up to ``limit`` steps from ``node_id`` towards its less urgent outcome."""
    steps: list[Step] = []
    while node_id in choice and len(steps) < limit:
        answer = nodes[node_id]["answers"][choice[node_id]]
        steps.append((node_id, answer["label"]))
        node_id = answer["next"]
    return steps


def _forward(nodes: Nodes, start: str, choice: dict[str, int]) -> str:
    return _show([], _walk(nodes, start, choice), 0)


def _show(before: list[Step], after: list[Step], depth: int) -> str:
    """The steps as ``q1 → Yes, q2 → No``, with "…" where steps are left out."""
    parts = [f"{q} → {label}" for q, label in before]
    if depth > len(before):
        parts.insert(SHOWN_STEPS, "…")
    parts += [f"{q} → {label}" for q, label in after[:SHOWN_STEPS]]
    if len(after) > SHOWN_STEPS:
        parts.append("…")
    return ", ".join(parts)
