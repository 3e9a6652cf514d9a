"""model/anytree_compat.py relies on how anytree stores a node's links: these tests fail loudly if that changes.

Every anytree API is asked the same questions of a lazily built tree (:class:`TreeNode`, children made on
first use) and of the same tree built eagerly with anytree's public ``Node``: the answers must agree, on a
fresh tree each time, since laziness is exactly what a private accessor would skip.
"""

from __future__ import annotations

import anytree
import pytest
from anytree import Node, PostOrderIter, PreOrderIter, RenderTree, findall
from anytree.exporter import DictExporter, DotExporter, JsonExporter

from builders import WALK_TREE, chain_tree
from twitchtree.model.load import load_tree
from twitchtree.model.tree import TreeNode
from twitchtree.model.walk import Walk


@pytest.fixture
def tree(write_toml):
    return load_tree(write_toml("walk.toml", WALK_TREE, dedent=False), use_cache=False)


def eager(node: TreeNode, parent: Node | None = None) -> Node:
    """The same expanded tree built with anytree's public API only."""
    copy = Node(node.name, parent=parent)
    for child in node.children:
        eager(child, copy)
    return copy


def fresh(tree) -> TreeNode:
    """The root of a new, untouched expansion of ``tree``."""
    return TreeNode(tree, tree.node(tree.start))


def only_names(attributes):
    return [(key, value) for key, value in attributes if key == "name"]


def names(nodes) -> list[str]:
    return ["/".join(n.name for n in node.path) for node in nodes]


def test_the_anytree_this_was_checked_against():
    assert anytree.__version__.split(".")[0] == "2", "a new major anytree: review model/anytree_compat.py"


@pytest.mark.parametrize(
    "question",
    [
        lambda root: root.height,
        lambda root: root.size,
        lambda root: [node.is_leaf for node in root.descendants],
        lambda root: names(root.descendants),
        lambda root: names(root.leaves),
        lambda root: [(n.depth, n.height, n.is_leaf, n.is_root) for n in PreOrderIter(root)],
        lambda root: names(PostOrderIter(root)),
        lambda root: [f"{row.pre}{row.node.name}" for row in RenderTree(root)],
        lambda root: names(findall(root, filter_=lambda n: n.name == "q3")),
        lambda root: [names(node.siblings) for node in PreOrderIter(root)],
        lambda root: [names(node.ancestors) for node in PreOrderIter(root)],
        lambda root: DictExporter(attriter=only_names).export(root),
        lambda root: JsonExporter(DictExporter(attriter=only_names)).export(root),
        lambda root: [line.split('"')[1::2] for line in DotExporter(root, nodenamefunc=lambda n: n.name)],
    ],
    ids=[
        "height",
        "size",
        "is_leaf",
        "descendants",
        "leaves",
        "per-node",
        "post-order",
        "RenderTree",
        "findall",
        "siblings",
        "ancestors",
        "DictExporter",
        "JsonExporter",
        "DotExporter",
    ],
)
def test_every_anytree_api_sees_the_whole_lazy_tree(tree, question):
    expected = question(eager(fresh(tree)))
    assert question(fresh(tree)) == expected
    assert expected  # the question has an answer to compare


def test_the_fresh_tree_has_its_full_height():
    """The bug this module fixed: anytree's height read its private child list, which laziness left empty."""
    tree = load_tree_text(chain_tree(3))
    assert fresh(tree).height == 3


def test_links_are_those_anytree_itself_reads(tree):
    root = fresh(tree)
    child = root.children[0]
    assert child.parent is root
    assert getattr(root, "_NodeMixin__children") == list(root.children)  # noqa: B009 - the private name is the point
    assert getattr(child, "_NodeMixin__parent") is root  # noqa: B009
    assert child.depth == anytree.NodeMixin.depth.fget(child) == 1


def test_a_5000_step_chain_never_walks_up_its_path_to_attach_a_node(monkeypatch):
    tree = load_tree_text(chain_tree(5000))
    walks: list[int] = []
    original = anytree.NodeMixin.iter_path_reverse

    def counted(self):
        walks.append(1)
        return original(self)

    monkeypatch.setattr(anytree.NodeMixin, "iter_path_reverse", counted)
    walk = Walk(tree)
    walk.follow({f"q{n}": "Yes" for n in range(5000)})
    assert walk.done and walk.depth == 5000
    assert walks == []  # anytree's loop check would walk the path once per attached node: quadratic


def load_tree_text(text: str):
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "tree.toml"
        path.write_text(text, encoding="utf-8")
        return load_tree(path, use_cache=False)
