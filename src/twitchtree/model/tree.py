"""A loaded tree, and the anytree structure that is walked.

:class:`Tree` is the tree file's record (:class:`~.spec.TreeFile`) with what
loading adds: where it came from, its libraries' conditions and sources,
its warnings and its stats. Its ``nodes`` become records as they are read.

:class:`TreeNode` is an anytree node carrying its own fields: its node
record (``spec``) and the answer that led to it (``via``). The reasoning
path of a walk is therefore just ``node.path``. Shared sub-trees are
expanded once per path, lazily: a node's children are built the first time
anything asks for them (:mod:`.anytree_compat`), so a 10,000-node tree opens
as fast as a small one and only what is walked, mapped or exported is ever
built, while every anytree API sees the whole tree.
"""

from __future__ import annotations

from collections import deque
from functools import cached_property
from typing import TYPE_CHECKING, Any

from .anytree_compat import LazyNode
from .spec import Answer, Node, Outcome, Question, TreeFile

if TYPE_CHECKING:
    from pathlib import Path

    from .diagnostics import Diagnostic
    from .stats import Stats


class Tree(TreeFile):
    """A checked decision tree: the tree file's record, where it came from, and its root :class:`TreeNode`."""

    def __init__(
        self,
        *,
        path: Path,
        files: tuple[Path, ...],
        content_hash: str,
        diagnostics: tuple[Diagnostic, ...] = (),
        stats: Stats | None = None,
        **fields: Any,
    ) -> None:
        super().__init__(**fields)
        self.path = path
        self.files = files
        """The tree file and every library it uses: what a preview watches."""
        self.content_hash = content_hash
        self.diagnostics = diagnostics
        """Warnings found while loading (a tree with errors does not load)."""
        self.stats = stats

    def __repr__(self) -> str:
        return f"<Tree {self.id!r} from {str(self.path)!r}>"

    def __eq__(self, other: object) -> bool:
        return self is other

    def __hash__(self) -> int:
        return id(self)

    @property
    def label(self) -> str:
        """The tree's title with its version, as shown in headers."""
        return f"{self.title} v{self.version}" if self.version else self.title

    def node(self, node_id: str) -> Node:
        """The record of one node; raises KeyError for an unknown id."""
        return self.nodes[node_id]

    @property
    def node_ids(self) -> list[str]:
        return list(self.nodes)

    @cached_property
    def root(self) -> TreeNode:
        return TreeNode(self, self.node(self.start))

    def outcomes(self) -> list[Outcome]:
        return [node for node in self.nodes.values() if isinstance(node, Outcome)]

    def route_to(self, node_id: str) -> list[Answer] | None:
        """The answers of a shortest path from the start to ``node_id``, or None if none reaches it."""
        if node_id not in self.nodes:
            raise KeyError(node_id)
        came_from: dict[str, tuple[str, Answer] | None] = {self.start: None}
        queue = deque([self.start])
        while queue and node_id not in came_from:
            node = self.node(queue.popleft())
            for answer in node.answers if isinstance(node, Question) else ():
                if answer.next not in came_from:
                    came_from[answer.next] = (node.id, answer)
                    queue.append(answer.next)
        if node_id not in came_from:
            return None
        route: list[Answer] = []
        step = came_from[node_id]
        while step is not None:
            route.append(step[1])
            step = came_from[step[0]]
        return route[::-1]


class TreeNode(LazyNode):
    """One step of the expanded tree: a node record reached by one particular path."""

    separator = "/"

    def __init__(self, tree: Tree, spec: Node, via: Answer | None = None, parent: TreeNode | None = None) -> None:
        super().__init__(parent)
        self.tree = tree
        self.spec = spec
        """The node's record: a Question or an Outcome."""
        self.via = via
        """The answer that led here from the parent; None at the root."""
        self.name = spec.id

    def make_children(self) -> list[TreeNode]:
        """One child per answer, in answer order."""
        spec = self.spec
        if not isinstance(spec, Question):
            return []
        return [TreeNode(self.tree, self.tree.node(answer.next), answer, parent=self) for answer in spec.answers]

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
