"""A loaded tree, and the anytree structure that is walked.

:class:`TreeNode` is an anytree node carrying its own fields: its node
record (``spec``) and the answer that led to it (``via``). The reasoning
path of a walk is therefore just ``node.path``. Shared sub-trees are
expanded once per path, lazily: a node's children are built the first time
anything asks for them, so a 10,000-node tree opens as fast as a small one
and only what is walked, mapped or exported is ever built.
"""

from __future__ import annotations

from collections import deque
from functools import cached_property
from typing import TYPE_CHECKING, Any

from anytree import NodeMixin

from .spec import Answer, Condition, Node, Outcome, Question, Source, node_from_data

if TYPE_CHECKING:
    from datetime import date
    from pathlib import Path

    from .diagnostics import Diagnostic
    from .graph import Stats

DEFAULT_DISCLAIMER = (
    "This is educational material, not a diagnosis and not a substitute for a doctor's advice. "
    "If you are worried, or in doubt, contact a doctor; in an emergency, call emergency services."
)


class Tree:
    """A checked decision tree: its metadata, its node records and its root :class:`TreeNode`."""

    def __init__(
        self,
        data: dict[str, Any],
        *,
        conditions: dict[str, dict[str, Any]],
        sources: dict[str, dict[str, Any]],
        path: Path,
        files: tuple[Path, ...],
        content_hash: str,
        diagnostics: tuple[Diagnostic, ...] = (),
        stats: Stats | None = None,
    ) -> None:
        self.id: str = data["id"]
        self.title: str = data["title"]
        self.version: str | None = data.get("version")
        self.start: str = data["start"]
        self.description: str | None = data.get("description")
        self.disclaimer: str = data.get("disclaimer") or DEFAULT_DISCLAIMER
        self.authors: tuple[str, ...] = tuple(data.get("authors", ()))
        self.reviewed: date | None = data.get("reviewed")
        self.review_by: date | None = data.get("review_by")
        self.path = path
        self.files = files
        """The tree file and every library it uses: what a preview watches."""
        self.content_hash = content_hash
        self.diagnostics = diagnostics
        """Warnings found while loading (a tree with errors does not load)."""
        self.stats = stats
        self._node_data: dict[str, dict[str, Any]] = data["nodes"]
        self._nodes: dict[str, Node] = {}
        self._condition_data = conditions
        self._source_data = sources

    def __repr__(self) -> str:
        return f"<Tree {self.id!r} from {str(self.path)!r}>"

    @property
    def label(self) -> str:
        """The tree's title with its version, as shown in headers."""
        return f"{self.title} v{self.version}" if self.version else self.title

    def node(self, node_id: str) -> Node:
        """The record of one node; raises KeyError for an unknown id."""
        node = self._nodes.get(node_id)
        if node is None:
            node = self._nodes[node_id] = node_from_data(node_id, self._node_data[node_id])
        return node

    @property
    def node_ids(self) -> list[str]:
        return list(self._node_data)

    @cached_property
    def conditions(self) -> dict[str, Condition]:
        return {k: Condition.from_data(k, v) for k, v in self._condition_data.items()}

    @cached_property
    def sources(self) -> dict[str, Source]:
        return {k: Source.from_data(k, v) for k, v in self._source_data.items()}

    @cached_property
    def root(self) -> TreeNode:
        return TreeNode(self, self.node(self.start))

    def outcomes(self) -> list[Outcome]:
        return [self.node(n) for n, d in self._node_data.items() if d["type"] == "outcome"]  # type: ignore[misc]

    def route_to(self, node_id: str) -> list[Answer] | None:
        """The answers of a shortest path from the start to ``node_id``, or None if none reaches it."""
        if node_id not in self._node_data:
            raise KeyError(node_id)
        came_from: dict[str, tuple[str, Answer] | None] = {self.start: None}
        queue = deque([self.start])
        while queue and node_id not in came_from:
            current = queue.popleft()
            for answer in self._node_data[current].get("answers", ()):
                if answer["next"] not in came_from:
                    came_from[answer["next"]] = (current, Answer.from_data(answer))
                    queue.append(answer["next"])
        if node_id not in came_from:
            return None
        route: list[Answer] = []
        step = came_from[node_id]
        while step is not None:
            route.append(step[1])
            step = came_from[step[0]]
        return route[::-1]


class TreeNode(NodeMixin):
    """One step of the expanded tree: a node record reached by one particular path."""

    separator = "/"

    def __init__(self, tree: Tree, spec: Node, via: Answer | None = None, parent: TreeNode | None = None) -> None:
        self.tree = tree
        self.spec = spec
        """The node's record: a Question or an Outcome."""
        self.via = via
        """The answer that led here from the parent; None at the root."""
        self.name = spec.id
        self._expanded = False
        self._depth = 0 if parent is None else parent.depth + 1
        self.parent = parent

    def _NodeMixin__check_loop(self, node: TreeNode | None) -> None:
        """Skip anytree's loop check, a walk up the whole path on every attach, which made walking a
        5,000-step chain quadratic. A node gets its parent only when it is built, so it cannot be
        its parent's ancestor."""

    @property
    def depth(self) -> int:  # type: ignore[override]
        """Steps from the start; kept, as a node is never moved (anytree counts them each time)."""
        return self._depth

    def __repr__(self) -> str:
        return f"<TreeNode {'/'.join(n.name for n in self.path)}>"

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def is_outcome(self) -> bool:
        return isinstance(self.spec, Outcome)

    @property
    def question(self) -> Question | None:
        return self.spec if isinstance(self.spec, Question) else None

    @property
    def outcome(self) -> Outcome | None:
        return self.spec if isinstance(self.spec, Outcome) else None

    @property
    def children(self) -> tuple[TreeNode, ...]:  # type: ignore[override]
        """One child per answer, in answer order, built on first access."""
        if not self._expanded:
            self._expanded = True
            for answer in getattr(self.spec, "answers", ()):
                TreeNode(self.tree, self.tree.node(answer.next), answer, parent=self)
        return NodeMixin.children.fget(self)  # type: ignore[attr-defined]

    @property
    def is_leaf(self) -> bool:  # type: ignore[override]
        return self.is_outcome
