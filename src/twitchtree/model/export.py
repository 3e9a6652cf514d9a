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
from typing import TYPE_CHECKING

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
    lines += [
        "    classDef emergency fill:#b3261e,color:#fff",
        "    classDef urgent fill:#e8710a,color:#000",
        "    classDef soon fill:#f9ab00,color:#000",
        "    classDef routine fill:#1e88e5,color:#fff",
        "    classDef self_care fill:#188038,color:#fff",
    ]
    return "\n".join(lines) + "\n"


def _mermaid_text(text: str) -> str:
    text = " ".join(text.split())
    for char, entity in (("#", "#35;"), ('"', "#quot;"), ("<", "#lt;"), (">", "#gt;"), ("|", "#124;")):
        text = text.replace(char, entity)
    return text


def to_dot(tree: Tree) -> str:
    lines = [
        f"digraph {_dot_text(tree.id)} {{",
        f"    label={_dot_text(tree.label)};",
        "    node [shape=box, style=rounded];",
    ]
    for node_id in tree.node_ids:
        node = tree.node(node_id)
        if isinstance(node, Outcome):
            label = f"{node.title}\n({node.urgency})"
            lines.append(f"    {_dot_text(node_id)} [label={_dot_text(label)}, shape=ellipse];")
        else:
            lines.append(f"    {_dot_text(node_id)} [label={_dot_text(node.text)}];")
    for source, target, label in _edges(tree):
        lines.append(f"    {_dot_text(source)} -> {_dot_text(target)} [label={_dot_text(label)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _dot_text(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def to_json(tree: Tree) -> str:
    """Every key of the tree file, as :mod:`.spec` defines them, with the nodes as a list in file order and
    the conditions and sources of the tree's libraries included; dates as ISO text."""
    document = as_data(tree)
    document["nodes"] = list(document["nodes"].values())
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
        lines += [outcome.text.strip(), ""]
        if outcome.red_flags:
            lines += [heading(3, "Act sooner if"), "", *(f"- {flag}" for flag in outcome.red_flags), ""]
    else:
        stopped = walk.question.text if walk.question else ""
        lines += [heading(2, "Not finished"), "", f"The walk stopped at: {stopped}", ""]
    lines += [heading(2, "Answers given"), ""]
    for step in walk.steps:
        lines.append(f"{step.number}. {_one_line(step.question.text)} {strong(step.answer.label)}")
        if step.answer.why:
            lines.append(f"   {_one_line(step.answer.why)}")
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
    lines += ["---", "", f"_{tree.disclaimer}_" if markdown else tree.disclaimer, ""]
    return "\n".join(lines)
