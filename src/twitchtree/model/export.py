"""Text forms of a tree and of a walk: outline, Mermaid, Graphviz DOT, JSON and a Markdown summary.

The graph exports (Mermaid, DOT, JSON) draw the checked graph, where a
shared sub-tree is one set of nodes that several answers point at. anytree's
exporters draw the expanded tree instead, repeating every shared sub-tree
once per path, and recurse once per level; authors want the graph they
wrote. The outline (``twitchtree show``) is the expanded anytree structure,
drawn with anytree's own guide style but walked iteratively, so a chain
thousands of steps deep prints without hitting the recursion limit.
"""

from __future__ import annotations

import json
import re
import textwrap
from typing import TYPE_CHECKING, Any

from anytree import ContStyle

from .record import as_data
from .spec import URGENCY_WORDS, Outcome, Question

if TYPE_CHECKING:
    from collections.abc import Iterator
    from datetime import datetime

    from .tree import Tree, TreeNode
    from .walk import Walk

FORMATS = ("mermaid", "dot", "json")


def export(tree: Tree, fmt: str) -> str:
    return {"mermaid": to_mermaid, "dot": to_dot, "json": to_json}[fmt](tree)


def _edges(tree: Tree) -> Iterator[tuple[str, str, str]]:
    for node in tree.nodes.values():
        for answer in node.answers if isinstance(node, Question) else ():
            yield node.id, answer.next, answer.label


URGENCY_COLOURS = {
    "emergency": ("#b3261e", "#ffffff"),
    "urgent": ("#e8710a", "#000000"),
    "soon": ("#f9ab00", "#000000"),
    "routine": ("#1e88e5", "#ffffff"),
    "self-care": ("#188038", "#ffffff"),
}
"""Fill and text colour of an outcome of each urgency, in Mermaid and DOT (the word is always written too)."""

# -- Mermaid ----------------------------------------------------------------------------------

MERMAID_MAX_EDGES = 500
MERMAID_MAX_TEXT = 50_000
"""Mermaid's defaults (``maxEdges``, ``maxTextSize``): past them it draws only an error."""


def to_mermaid(tree: Tree) -> str:
    names = {node_id: f"n{n}" for n, node_id in enumerate(tree.node_ids)}
    lines = ["flowchart TD", f"    %% {_mermaid_text(tree.label)} ({tree.id})"]
    for node_id in tree.node_ids:
        node = tree.node(node_id)
        if isinstance(node, Outcome):
            text = _mermaid_text(f"{node_id}: {node.title} [{node.urgency}]")
            lines.append(f'    {names[node_id]}(["{text}"]):::{node.urgency.replace("-", "_")}')
        else:
            lines.append(f'    {names[node_id]}["{_mermaid_text(f"{node_id}: {node.text}")}"]')
    for source, target, label in _edges(tree):
        lines.append(f'    {names[source]} -->|"{_mermaid_text(label)}"| {names[target]}')
    for urgency, (fill, text) in URGENCY_COLOURS.items():
        lines.append(f"    classDef {urgency.replace('-', '_')} fill:{fill},color:{text}")
    return "\n".join(lines) + "\n"


_MERMAID_ENTITIES = {c: f"#{ord(c)};" for c in '#"<>|&\\`%'}
"""Characters Mermaid would read as syntax, as a tag, as an entity (``&amp;``), a line break (``\\n``) or
Markdown (backticks), written as its ``#code;`` entities, which it shows as the characters themselves."""
_MERMAID_SPECIAL = re.compile("[" + re.escape("".join(_MERMAID_ENTITIES)) + "]")
_MERMAID_DIRECTION = re.compile(r"d(?=irection)", re.IGNORECASE)
"""Mermaid's lexer takes any line with ``direction TB`` (or BT, LR, RL) in it as a direction statement and
drops the rest: the "d" of every "direction" is written as an entity so that the lexer never sees the word."""


def _mermaid_text(text: str) -> str:
    text = _MERMAID_SPECIAL.sub(lambda m: _MERMAID_ENTITIES[m.group()], " ".join(text.split()))
    return _MERMAID_DIRECTION.sub(lambda m: f"#{ord(m.group())};", text)


def mermaid_warnings(tree: Tree, text: str) -> list[str]:
    """Why Mermaid would refuse to draw ``text`` (the Mermaid export of ``tree``), with what to use instead."""
    warnings = []
    edges = sum(1 for _ in _edges(tree))
    if edges > MERMAID_MAX_EDGES:
        warnings.append(
            f"{edges} edges: Mermaid draws at most {MERMAID_MAX_EDGES} by default and shows only an error "
            "beyond that; use --format dot for a tree this size"
        )
    if len(text) > MERMAID_MAX_TEXT:
        warnings.append(
            f"{len(text)} characters: Mermaid reads at most {MERMAID_MAX_TEXT} by default and shows only an "
            "error beyond that; use --format dot for a tree this size"
        )
    return warnings


# -- Graphviz DOT -------------------------------------------------------------------------------

DOT_WRAP = 22
DOT_EDGE_WRAP = 10
"""Characters per line of a node's label, and of an answer's: the bundled tree comes out about as wide
for its height as a screen (checked with Graphviz 2.43)."""


def to_dot(tree: Tree) -> str:
    """The graph for Graphviz, laid out top to bottom with wrapped labels, outcomes coloured by urgency."""
    font = '"Helvetica,Arial,sans-serif"'
    lines = [
        f"digraph {_dot_text(tree.id)} {{",
        f"    graph [label={_dot_text(f'{tree.label} ({tree.id})')}, labelloc=t, fontname={font}, fontsize=16,"
        " rankdir=TB, ranksep=0.3, nodesep=0.15, newrank=true];",
        f'    node [shape=box, style="rounded,filled", fillcolor="#ffffff", fontname={font}, fontsize=10,'
        ' width=0.3, height=0.2, margin="0.06,0.03"];',
        f"    edge [fontname={font}, fontsize=8, arrowsize=0.6];",
    ]
    for node_id in tree.node_ids:
        node = tree.node(node_id)
        if isinstance(node, Outcome):
            fill, colour = URGENCY_COLOURS[node.urgency]
            label = _dot_label([node.urgency.upper(), *_wrap(node.title, DOT_WRAP), f"({node_id})"])
            lines.append(
                f'    {_dot_text(node_id)} [label={label}, style="rounded,filled,bold", fillcolor="{fill}",'
                f' fontcolor="{colour}"];'
            )
        else:
            screens = [f"[screens {node.screens}]"] if node.screens else []
            label = _dot_label([*_wrap(node.text, DOT_WRAP), *screens, f"({node_id})"])
            lines.append(f"    {_dot_text(node_id)} [label={label}];")
    for source, target, label in _edges(tree):
        lines.append(
            f"    {_dot_text(source)} -> {_dot_text(target)} [label={_dot_label(_wrap(label, DOT_EDGE_WRAP))}];"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(" ".join(text.split()), width, break_on_hyphens=False) or [""]


def _dot_label(lines: list[str]) -> str:
    """Lines of text as one DOT string, each line centred (``\\n``)."""
    return '"' + "\\n".join(_dot_escape(line) for line in lines) + '"'


def _dot_text(text: str) -> str:
    return f'"{_dot_escape(" ".join(text.split()))}"'


def _dot_escape(text: str) -> str:
    """Graphviz reads backslash escapes (``\\N``, ``\\l``) and HTML entities (``&amp;``) in any label."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("&", "&amp;")


# -- JSON -------------------------------------------------------------------------------------

JSON_EXPORT_VERSION = 1
"""Version of ``export --format json`` (``docs/json-export.md``); raised when a key changes meaning or goes."""


def to_json(tree: Tree) -> str:
    """The tree as networkx's node-link data: ``node_link_graph(json.load(f))`` loads it as it is.

    ``graph`` holds every key of the tree file but the nodes (and the
    conditions and sources of its libraries); ``nodes`` every node's keys but
    its answers, in file order; ``edges`` every answer's keys, its ``next`` as
    ``target`` and its question as ``source``, with ``key`` its place among
    the question's answers. Everything comes from the records
    (:func:`.record.as_data`), so a key added to the format is exported too.
    """
    graph = as_data(tree)
    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []
    for node in graph.pop("nodes").values():
        answers = node.pop("answers", [])
        nodes.append(node)
        for n, answer in enumerate(answers):
            target = answer.pop("next")
            edges.append({"source": node["id"], "target": target, "key": n, **answer})
    document = {
        "twitchtree_export": JSON_EXPORT_VERSION,
        "directed": True,
        "multigraph": True,
        "graph": graph,
        "nodes": nodes,
        "edges": edges,
    }
    return json.dumps(document, indent=2, ensure_ascii=False, default=str) + "\n"


def outline(tree: Tree, max_depth: int | None = None) -> Iterator[str]:
    """The expanded tree as text, one line per step, with anytree's guide lines."""
    style = ContStyle()
    root = tree.root
    yield _describe(root)
    stack: list[tuple[tuple[TreeNode, ...], int, str]] = [(root.children, 0, "")]
    while stack:
        children, i, indent = stack.pop()
        if i >= len(children):
            continue
        child = children[i]
        last = i == len(children) - 1
        stack.append((children, i + 1, indent))
        yield indent + (style.end if last else style.cont) + _describe(child)
        if max_depth is None or child.depth < max_depth:
            stack.append((child.children, 0, indent + (style.empty if last else style.vertical)))


def _describe(node: TreeNode) -> str:
    prefix = f"{node.via.label} → " if node.via else ""
    if node.outcome is not None:
        return f"{prefix}{node.id}: [{node.outcome.urgency}] {_one_line(node.outcome.title)}"
    question = node.question
    screens = f" [screens {question.screens}]" if question is not None and question.screens else ""
    return f"{prefix}{node.id}{screens}: {_one_line(node.spec.text)}"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def summary(walk: Walk, when: datetime | None = None, *, markdown: bool = True) -> str:
    """The walked path as a summary to take to a doctor: Markdown, or plain text for ``ask``."""
    from .plain_text import plain

    def heading(level: int, text: str) -> str:
        return f"{'#' * level} {text}" if markdown else text

    def strong(text: str) -> str:
        return f"**{text}**" if markdown else text

    tree = walk.tree
    lines = [heading(1, f"{tree.title}: summary"), ""]
    if when is not None:
        lines += [f"Tree: {tree.label} ({tree.id}), exported {when:%Y-%m-%d %H:%M}.", ""]
    outcome = walk.outcome
    if outcome is not None:
        lines += [heading(2, f"Outcome: {outcome.title}"), "", strong(URGENCY_WORDS[outcome.urgency]), ""]
        lines += [outcome.text.strip() if markdown else plain(outcome.text), ""]
        if outcome.red_flags:
            lines += [heading(3, outcome.red_flags_heading), "", *(f"- {flag}" for flag in outcome.red_flags), ""]
    else:
        stopped = walk.question.text if walk.question else ""
        lines += [heading(2, "Not finished"), "", f"The walk stopped at: {stopped}", ""]
    lines += [heading(2, "Answers given"), ""]
    for step in walk.steps:
        lines.append(f"{step.number}. {_one_line(step.question.text)} {strong(step.answer.label)}")
        if step.answer.why:  # in Markdown a list inside the step's item: an indented line alone would run on
            lines.append(f"   {'- ' if markdown else ''}{_one_line(step.answer.why)}")
    if not walk.steps:
        lines.append("No questions answered yet.")
    lines.append("")
    condition_ids = walk.node.spec.conditions
    if condition_ids:
        lines += [heading(2, "Related conditions"), ""]
        for condition_id in condition_ids:
            condition = tree.conditions[condition_id]
            aliases = f" (also: {', '.join(condition.aliases)})" if condition.aliases else ""
            lines.append(f"- {strong(condition.name)}{aliases}: {condition.summary}")
        lines.append("")
    source_ids = list(dict.fromkeys(s for node in walk.path for s in node.spec.sources))
    if source_ids:
        lines += [heading(2, "Sources"), ""]
        for source_id in source_ids:
            source = tree.sources[source_id]
            lines.append(f"- {source.title}" + (f" <{source.url}>" if source.url else ""))
        lines.append("")
    disclaimer = _one_line(tree.disclaimer)  # emphasis ends before a line break, or Markdown shows the underscores
    # A rule sets the disclaimer apart in Markdown; plain text (read aloud) has no "dash dash dash".
    lines += ["---", "", f"_{disclaimer}_", ""] if markdown else [disclaimer, ""]
    return "\n".join(lines)
