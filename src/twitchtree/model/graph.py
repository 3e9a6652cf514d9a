"""Checks beyond the schema: the tree as a graph of nodes joined by answers.

Runs on data that :mod:`.format` has validated. Reports dangling
references, cycles (naming the nodes on them), unreachable nodes, dead
ends, unused conditions and sources, nodes without sources, red-flag
answers that can end in self-care, paths that skip a screening question
(:mod:`.screening`), and shared sub-trees whose expansion
would pass :data:`MAX_EXPANDED` steps. Every walk over the graph is
iterative, so a chain of any depth cannot hit Python's recursion limit.
"""

from __future__ import annotations

from collections import deque
from graphlib import CycleError, TopologicalSorter
from typing import TYPE_CHECKING, Any

from .hints import Hints
from .screening import check_screens
from .stats import Stats
from .text import fold

if TYPE_CHECKING:
    from .diagnostics import Reporter

MAX_EXPANDED = 1_000_000
"""Most steps the anytree structure may have once shared sub-trees are expanded per path."""

Nodes = dict[str, dict[str, Any]]


def check_tree(
    data: dict[str, Any],
    reporter: Reporter,
    *,
    conditions: set[str],
    sources: set[str],
) -> Stats | None:
    """Check a validated tree. ``conditions``/``sources`` are every id defined, libraries included.

    Returns the tree's stats, or None when the graph is too broken to count.
    """
    nodes: Nodes = data["nodes"]
    start = data["start"]
    hints = Hints()
    if start not in nodes:  # the first hint: the most useful one
        reporter.error(("start",), f"start node '{start}' does not exist{hints(start, nodes)}")
    _check_references(data, nodes, reporter, conditions, sources, hints)
    order = _topological(nodes)
    if order is None:
        _check_cycles(nodes, reporter)
    reachable = _reachable(nodes, start) if start in nodes else set()
    for node_id in nodes:
        if node_id not in reachable and start in nodes:
            reporter.warning(("nodes", node_id), f"node '{node_id}' cannot be reached from the start node '{start}'")
    _check_unused(data, reporter)
    if order is None or start not in nodes:
        return None
    order = [node_id for node_id in order if node_id in reachable]
    _check_red_flags(nodes, order, reporter)
    check_screens(nodes, start, reporter)
    paths = _count_paths(nodes, order, start)
    expanded = sum(paths.values())
    if expanded > MAX_EXPANDED:
        busiest = max(paths, key=paths.__getitem__)
        reporter.error(
            ("nodes", busiest),
            f"shared sub-trees expand to {expanded:,} steps, more than the limit of {MAX_EXPANDED:,}; "
            f"node '{busiest}' alone is reached by {paths[busiest]:,} paths",
        )
    outcomes = [n for n in nodes if nodes[n]["type"] == "outcome"]
    return Stats(
        questions=len(nodes) - len(outcomes),
        outcomes=len(outcomes),
        unreachable=len(nodes) - len(reachable),
        paths=sum(paths.get(n, 0) for n in outcomes),
        expanded=expanded,
    )


def _check_references(
    data: dict[str, Any], nodes: Nodes, reporter: Reporter, conditions: set[str], sources: set[str], hints: Hints
) -> None:
    for node_id, node in nodes.items():
        key = ("nodes", node_id)
        if not node.get("sources"):
            reporter.warning(key, f"node '{node_id}' cites no sources")
        check_ids(node, key, "conditions", conditions, "condition", reporter, hints)
        check_ids(node, key, "sources", sources, "source", reporter, hints)
        seen: dict[str, int] = {}
        for n, answer in enumerate(node.get("answers", ())):
            where = (*key, "answers", n)
            target = answer["next"]
            if target not in nodes:
                reporter.error(
                    (*where, "next"),
                    f"answer '{answer['label']}' of '{node_id}' leads to '{target}', "
                    f"which does not exist{hints(target, nodes)}",
                )
            label = answer["label"]
            folded = fold(label)
            if folded in seen:
                first = node["answers"][seen[folded]]["label"]
                if first.strip().casefold() == label.strip().casefold():
                    told = f"(answer {seen[folded] + 1} has it too)"
                else:  # the same once folded: invisible characters, full-width or compatibility forms
                    told = f"(it looks the same as answer {seen[folded] + 1}, '{first}')"
                reporter.error((*where, "label"), f"duplicate answer label '{label}' in '{node_id}' {told}")
            seen.setdefault(folded, n)
    for condition_id, condition in data.get("conditions", {}).items():
        check_ids(condition, ("conditions", condition_id), "sources", sources, "source", reporter, hints)
        check_names(condition, ("conditions", condition_id), reporter)
    check_shared_names(data.get("conditions", {}), reporter)


def check_ids(
    owner: dict[str, Any],
    key: tuple[str, ...],
    field: str,
    known: set[str],
    what: str,
    reporter: Reporter,
    hints: Hints | None = None,
) -> None:
    """Report each id in ``owner[field]`` that is not in ``known``."""
    for n, ref in enumerate(owner.get(field, ())):
        if ref not in known:
            hint = (hints or Hints())(ref, known)
            reporter.error((*key, field, n), f"{what} '{ref}' is not defined{hint}")


def check_names(condition: dict[str, Any], key: tuple[str, ...], reporter: Reporter) -> None:
    """A condition's aliases must differ from each other and from its name, once folded (:func:`.text.fold`)."""
    seen = {fold(condition["name"]): "its name"}
    for n, alias in enumerate(condition.get("aliases", ())):
        folded = fold(alias)
        if folded in seen:
            reporter.error((*key, "aliases", n), f"alias '{alias}' of '{key[-1]}' is the same as {seen[folded]}")
        seen.setdefault(folded, f"alias '{alias}'")


def check_shared_names(conditions: dict[str, Any], reporter: Reporter) -> None:
    """Warn at an alias that is also another condition's name, or an alias of an earlier one, once folded: a
    reader who knows the condition by that name cannot tell which note is meant. One warning for each pair."""
    names = {fold(c["name"]): condition_id for condition_id, c in conditions.items()}
    aliases: dict[str, str] = {}
    for condition_id, condition in conditions.items():
        for n, alias in enumerate(condition.get("aliases", ())):
            folded = fold(alias)
            named, earlier = names.get(folded, condition_id), aliases.setdefault(folded, condition_id)
            if named != condition_id or earlier != condition_id:
                other, what = (named, "the name") if named != condition_id else (earlier, "an alias")
                message = f"alias '{alias}' of '{condition_id}' is also {what} of '{other}'; keep it on one of them"
                reporter.warning(("conditions", condition_id, "aliases", n), message)


def check_names_across(files: list[tuple[Reporter, dict[str, Any]]]) -> None:
    """:func:`check_shared_names` between files: a tree's own conditions and its libraries'. ``files`` holds each
    file's reporter and conditions, the tree first. Each warning is at the alias, in its own file, and names the
    other condition's file; a pair within one file is left to :func:`check_shared_names`."""
    names: dict[str, tuple[str, Reporter]] = {}
    for reporter, conditions in files:
        for condition_id, condition in conditions.items():
            names.setdefault(fold(condition["name"]), (condition_id, reporter))
    aliases: dict[str, tuple[str, Reporter]] = {}
    for reporter, conditions in files:
        for condition_id, condition in conditions.items():
            for n, alias in enumerate(condition.get("aliases", ())):
                folded = fold(alias)
                here = (condition_id, reporter)
                named, earlier = names.get(folded, here), aliases.setdefault(folded, here)
                for (other, where), what in ((named, "the name"), (earlier, "an alias")):
                    if other != condition_id and where is not reporter:
                        message = (
                            f"alias '{alias}' of '{condition_id}' is also {what} of '{other}' in {where.path};"
                            " keep it on one of them"
                        )
                        reporter.warning(("conditions", condition_id, "aliases", n), message)
                        break


def _check_unused(data: dict[str, Any], reporter: Reporter) -> None:
    nodes: Nodes = data["nodes"]
    own_conditions: dict[str, Any] = data.get("conditions", {})
    used_conditions = {c for node in nodes.values() for c in node.get("conditions", ())}
    for condition_id in own_conditions:
        if condition_id not in used_conditions:
            reporter.warning(("conditions", condition_id), f"condition '{condition_id}' is not used by any node")
    cited = {s for node in nodes.values() for s in node.get("sources", ())}
    cited.update(s for condition in own_conditions.values() for s in condition.get("sources", ()))
    for source_id in data.get("sources", {}):
        if source_id not in cited:
            reporter.warning(("sources", source_id), f"source '{source_id}' is not cited anywhere")


def _check_cycles(nodes: Nodes, reporter: Reporter) -> None:
    """Report each cycle once, at the answer that closes it."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    for root in nodes:
        if root in state:
            continue
        path: list[str] = [root]
        stack: list[tuple[str, int]] = [(root, 0)]
        state[root] = 1
        while stack:
            node_id, n = stack[-1]
            answers = nodes[node_id].get("answers", ())
            if n == len(answers):
                stack.pop()
                path.pop()
                state[node_id] = 2
                continue
            stack[-1] = (node_id, n + 1)
            target = answers[n]["next"]
            if target not in nodes:
                continue
            if state.get(target) == 1:
                loop = [*path[path.index(target) :], target]
                reporter.error(("nodes", node_id, "answers", n, "next"), "cycle: " + " → ".join(loop))
            elif target not in state:
                state[target] = 1
                path.append(target)
                stack.append((target, 0))


def _reachable(nodes: Nodes, start: str) -> set[str]:
    seen = {start}
    queue = deque([start])
    while queue:
        for answer in nodes[queue.popleft()].get("answers", ()):
            target = answer["next"]
            if target in nodes and target not in seen:
                seen.add(target)
                queue.append(target)
    return seen


def _topological(nodes: Nodes) -> list[str] | None:
    """Every node, each before every node it leads to; None when answers lead round in a cycle.

    graphlib both orders the graph and finds out whether it has a cycle; a tree
    that has one is searched again (:func:`_check_cycles`) to name each cycle.
    """
    leads_from: dict[str, list[str]] = {node_id: [] for node_id in nodes}  # in file order: the same order every time
    for node_id, node in nodes.items():
        for answer in node.get("answers", ()):
            if answer["next"] in leads_from:
                leads_from[answer["next"]].append(node_id)
    try:
        return list(TopologicalSorter(leads_from).static_order())
    except CycleError:
        return None


def _count_paths(nodes: Nodes, order: list[str], start: str) -> dict[str, int]:
    """How many distinct paths from ``start`` reach each node."""
    paths = dict.fromkeys(order, 0)
    paths[start] = 1
    for node_id in order:
        for answer in nodes[node_id].get("answers", ()):
            if answer["next"] in paths:
                paths[answer["next"]] += paths[node_id]
    return paths


def _check_red_flags(nodes: Nodes, order: list[str], reporter: Reporter) -> None:
    """An answer that marks a red flag must never lead on to a self-care outcome."""
    self_care: dict[str, str | None] = {}  # node -> a self-care outcome reachable from it
    for node_id in reversed(order):
        node = nodes[node_id]
        if node["type"] == "outcome":
            self_care[node_id] = node_id if node["urgency"] == "self-care" else None
        else:
            self_care[node_id] = next((self_care[a["next"]] for a in node["answers"] if self_care.get(a["next"])), None)
    for node_id in order:
        for n, answer in enumerate(nodes[node_id].get("answers", ())):
            reached = self_care.get(answer["next"])
            if answer.get("red_flag") and reached:
                reporter.error(
                    ("nodes", node_id, "answers", n, "red_flag"),
                    f"answer '{answer['label']}' of '{node_id}' is a red flag, "
                    f"but it can lead to the self-care outcome '{reached}'",
                )
