"""The one place that relies on anytree's internals: a node whose children are made on first use.

A tree's expansion (a shared sub-tree repeated once per path) can reach a
million steps, so :class:`~.tree.TreeNode` makes a node's children only when
something first asks for them. anytree has no public hook for that, and
its own properties read its private child list directly (``height`` and
``is_leaf`` do; ``children`` and the iterators go through ``children``). So
:class:`LazyNode` makes the children when that private list is first looked
up (``__getattr__``, called only while it does not exist yet), and every
anytree API, public or not, sees the same, whole tree.

It also links each new child to its parent directly: anytree's ``parent``
setter first walks up the whole path to refuse a loop, which made building a
5,000-step chain quadratic, and a node made as a child of its parent cannot
be that parent's ancestor.

Both rely on how anytree 2.x stores a node's links: ``_NodeMixin__parent``
and ``_NodeMixin__children``. ``tests/test_anytree_compat.py`` compares every
anytree API on a :class:`LazyNode` tree with the same tree built with
anytree's public API, and fails if an upgrade changes either.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from anytree import NodeMixin

if TYPE_CHECKING:
    from collections.abc import Sequence

_CHILDREN = "_NodeMixin__children"
_PARENT = "_NodeMixin__parent"


class LazyNode(NodeMixin):
    """An anytree node whose children :meth:`make_children` builds the first time anything asks for them."""

    def __init__(self, parent: LazyNode | None = None) -> None:
        setattr(self, _PARENT, parent)
        self._depth: int = 0 if parent is None else parent.depth + 1

    def make_children(self) -> Sequence[LazyNode]:
        """This node's children, made anew, each with ``parent=self``. Called at most once."""
        raise NotImplementedError

    if not TYPE_CHECKING:  # hidden from mypy, which would otherwise type every unknown attribute as Any

        def __getattr__(self, name: str) -> Any:
            # Only called for an attribute that does not exist: the child list, until it is made.
            if name != _CHILDREN:
                raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
            children = list(self.make_children())
            setattr(self, _CHILDREN, children)
            return children

    @property
    def depth(self) -> int:
        """Steps from the root, counted once (anytree walks up the path each time); a node never moves."""
        return self._depth
