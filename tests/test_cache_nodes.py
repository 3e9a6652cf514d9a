"""The tree cache's node table: a tree's records in a few buffers, each record unpacked when read."""

from __future__ import annotations

import marshal
import sys
from array import array

import pytest

from twitchtree.model import cache


def _node(n: int, text: str = "") -> dict[str, object]:
    return {"type": "question", "text": text or f"Question {n}?", "answers": [{"label": "Yes", "next": f"n{n + 1}"}]}


def _nodes(count: int, **changes: dict[str, object]) -> dict[str, dict[str, object]]:
    nodes = {f"n{n}": _node(n) for n in range(count)}
    nodes.update(changes)
    return nodes


def _table(nodes: dict[str, dict[str, object]]) -> cache.LazyNodes:
    entry = cache.unpack(cache.pack({"data": {"id": "t", "nodes": nodes}}))
    assert entry is not None
    table = entry["data"]["nodes"]
    assert isinstance(table, cache.LazyNodes)
    return table


def _damaged(packed: bytes, part: int, change) -> bytes:
    """The entry ``packed`` with one part of its node table changed (see ``cache._pack_nodes``)."""
    entry = marshal.loads(packed)
    table = list(entry["data"]["nodes"])
    table[part] = change(table[part], table)
    entry["data"]["nodes"] = tuple(table)
    return marshal.dumps(entry)


def test_a_table_reads_back_every_node_in_order():
    nodes = _nodes(600, **{"zeta": _node(1, "Last?"), "a-first": _node(2, "Ünïcode text?")})
    table = _table(nodes)
    assert len(table) == 602
    assert list(table) == list(nodes)
    assert all(table[node_id] == record for node_id, record in nodes.items())
    assert dict(table.items()) == nodes
    assert "n599" in table and "zeta" in table and "a-first" in table
    assert "n600" not in table and "" not in table and 5 not in table and None not in table
    with pytest.raises(KeyError):
        table["n600"]


def test_a_table_searched_many_times_finds_the_same_nodes():
    nodes = _nodes(cache.SEARCHES + 10)
    table = _table(nodes)
    for _ in range(2):  # the second time round, from the index made meanwhile
        assert all(table[node_id] == record for node_id, record in reversed(nodes.items()))
        assert "missing" not in table and "n" not in table and 5 not in table
        with pytest.raises(KeyError):
            table["missing"]


def test_reading_a_cached_tree_makes_no_object_per_node():
    """A tree is a few big blocks, returned whole when freed: the preview replaces its tree on each save,
    and a hundred thousand small objects per tree fragmented its heap (issue 18)."""
    packed = cache.pack({"data": {"nodes": _nodes(5000)}})
    before = sys.getallocatedblocks()
    entry = cache.unpack(packed)
    assert sys.getallocatedblocks() - before < 100
    assert entry is not None and len(entry["data"]["nodes"]) == 5000


def test_a_damaged_record_is_a_value_error_when_it_is_read_and_only_then():
    nodes = _nodes(10)

    def garble_n3(records: bytes, table: list[bytes]) -> bytes:
        at = array("I", table[3])  # where each record starts
        return records[: at[3]] + b"\x00" * (at[4] - at[3]) + records[at[4] :]

    entry = cache.unpack(_damaged(cache.pack({"data": {"nodes": nodes}}), 2, garble_n3))
    assert entry is not None
    table = entry["data"]["nodes"]
    assert table["n2"] == nodes["n2"] and table["n4"] == nodes["n4"]  # lazily: the others read fine
    with pytest.raises(ValueError, match="n3"):
        table["n3"]


@pytest.mark.parametrize(
    ("part", "change"),
    [
        pytest.param(1, lambda b, _: b[:-4], id="an id's offsets cut short"),
        pytest.param(2, lambda b, _: b[:-1], id="the records cut short"),
        pytest.param(4, lambda b, _: b + b"\x00", id="lengths not whole offsets"),
        pytest.param(5, lambda b, _: 5, id="not bytes"),
    ],
)
def test_a_damaged_table_is_a_value_error_when_the_entry_is_read(part, change):
    with pytest.raises(ValueError):
        cache.unpack(_damaged(cache.pack({"data": {"nodes": _nodes(10)}}), part, change))


def test_a_cached_tree_with_a_damaged_table_is_a_miss(tree_file, isolated_user_dirs):
    from twitchtree.model.load import cached_tree, load_tree

    load_tree(tree_file)
    (entry,) = (isolated_user_dirs.cache / "twitchtree" / "trees").iterdir()
    assert cached_tree(tree_file, tree_file.read_bytes()) is not None
    entry.write_bytes(_damaged(entry.read_bytes(), 2, lambda b, _: b[:-1]))
    assert cached_tree(tree_file, tree_file.read_bytes()) is None
    assert load_tree(tree_file).node("first").text == "Is it bad?"


def test_changed_lists_the_nodes_whose_records_differ_found_from_their_bytes():
    old = _table(_nodes(1000))
    assert old.changed(_table(_nodes(1000))) == []
    same_length = _table(_nodes(1000, n700=_node(700, "Question 7O0?")))
    assert same_length.changed(old) == ["n700"]
    longer = _table(_nodes(1000, n5=_node(5, "A longer question 5?"), n999=_node(999, "Question 999 too?")))
    assert longer.changed(old) == ["n5", "n999"]  # every record after n5 has moved: none of them is listed


def test_changed_lists_added_and_changed_nodes_when_the_ids_differ():
    old = _table(_nodes(1000))
    nodes = _nodes(1000, n300=_node(300, "Changed?"), added=_node(0))
    del nodes["n10"]
    new = _table({"first": _node(1), **nodes})
    assert new.changed(old) == ["first", "n300", "added"]
    assert old.changed(new) == ["n10", "n300"]
    assert not new.same_keys(old) and old.same_keys(_table(_nodes(1000, n1=_node(8))))
