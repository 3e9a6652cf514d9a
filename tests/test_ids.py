"""model/ids.py: where a file defines and refers to ids, for go to definition, references and rename."""

from __future__ import annotations

import tomllib

from builders import WALK_CASES, WALK_TREE
from twitchtree.model.diagnostics import Reporter
from twitchtree.model.ids import occurrences


def found(text: str, *, defines: bool) -> list[tuple[tuple, str, str]]:
    return [(o.key, o.kind, o.id) for o in occurrences(tomllib.loads(text)) if o.defines is defines]


def test_a_tree_defines_its_nodes_sources_and_itself():
    assert found(WALK_TREE, defines=True) == [
        (("id",), "tree", "walk"),
        (("sources", "src"), "source", "src"),
        *((("nodes", n), "node", n) for n in ["q1", "q2", "q3", "emergency", "soon", "home"]),
    ]


def test_a_tree_refers_to_nodes_and_sources():
    refs = found(WALK_TREE, defines=False)
    assert refs[0] == (("start",), "node", "q1")
    assert (("nodes", "q1", "answers", 1, "next"), "node", "q3") in refs
    assert (("nodes", "home", "sources", 0), "source", "src") in refs
    assert {kind for _, kind, _ in refs} == {"node", "source"}
    assert len([r for r in refs if r[1] == "node"]) == 1 + 6  # start, and six answers


def test_a_case_file_refers_to_its_tree_and_its_nodes():
    refs = found(WALK_CASES, defines=False)
    assert refs[0] == (("tree",), "tree", "walk")
    nodes = [(key, node_id) for key, kind, node_id in refs if kind == "node"]
    assert nodes[:2] == [(("cases", 0, "answers", "q1"), "q1"), (("cases", 0, "answers", "q2"), "q2")]
    assert (("cases", 0, "expect", "outcome"), "emergency") in nodes
    assert found(WALK_CASES, defines=True) == [(("cases", 0, "id"), "case", "breathless")]


def test_a_library_refers_to_the_libraries_it_uses():
    library = 'format = 1\nuses = ["more.toml"]\n\n[conditions.c]\nname = "C"\nsummary = "S"\nsources = ["s"]\n'
    assert found(library, defines=False) == [
        (("uses", 0), "file", "more.toml"),
        (("conditions", "c", "sources", 0), "source", "s"),
    ]
    assert found(library, defines=True) == [(("conditions", "c"), "condition", "c")]


def test_each_key_path_is_placed_at_its_line():
    reporter = Reporter("walk.toml", WALK_TREE)
    lines = WALK_TREE.splitlines()
    for occurrence in occurrences(tomllib.loads(WALK_TREE)):
        line, _ = reporter.locate(occurrence.key)
        assert occurrence.id in lines[line - 1] or f"[nodes.{occurrence.id}]" in lines[line - 1], occurrence


def test_data_that_does_not_validate_still_gives_what_it_holds():
    """An editor asks while the author types: a table under [nodes] defines a node whatever is in it."""
    data = {"format": 1, "id": 3, "start": ["x"], "nodes": {"a": "b", "c": {"type": "nope", "answers": 1}}}
    assert [(o.key, o.id, o.defines) for o in occurrences(data)] == [
        (("start", 0), "x", False),
        (("nodes", "a"), "a", True),
        (("nodes", "c"), "c", True),
    ]
