"""The format is defined once, in model/spec.py: records, and everything that follows from them.

The last test is the walk-through that model/spec.py's docstring promises: a copy of the package with one
line added to one record, and that field then checked, described in the schema, held by the records,
exported, formatted and cached, with no other edit.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from builders import WALK_TREE
from support import run_python
from twitchtree.model.format import model, model_for
from twitchtree.model.record import Record, Records, as_data, field
from twitchtree.model.spec import FILES, Answer, Case, Condition, Outcome, Question, TreeFile

# -- records ------------------------------------------------------------------------------


def test_a_record_is_built_from_data_with_defaults_tuples_and_its_table_key():
    data = {
        "type": "question",
        "text": "Why?",
        "answers": [{"label": "Yes", "next": "a"}, {"label": "No", "next": "b"}],
    }
    question = Question.from_data(data, "q1")
    assert question == Question(
        type="question",
        id="q1",
        text="Why?",
        answers=(Answer(label="Yes", next="a"), Answer(label="No", next="b")),
    )
    assert (question.help, question.conditions, question.screens, question.answers[1].red_flag) == (
        None,
        (),
        None,
        False,
    )
    assert hash(question) == hash(Question.from_data(data, "q1"))


def test_nested_records_know_their_position_and_read_dates_the_cache_wrote_as_text():
    case = {
        "id": "c",
        "title": "C",
        "patient": "P",
        "answers": {"q1": "Yes"},
        "expect": {"outcome": "o", "urgency": "soon"},
    }
    cases = FILES["cases"].from_data({"format": 1, "tree": "t", "cases": [case, {**case, "id": "d"}]})
    assert [(c.id, c.index, c.expect.urgency, c.expect.must_ask) for c in cases.cases] == [
        ("c", 0, "soon", ()),
        ("d", 1, "soon", ()),
    ]
    assert isinstance(cases.cases[0], Case)
    tree = TreeFile.from_data(
        {"format": 1, "id": "t", "title": "T", "start": "q", "nodes": {}, "review_by": "2027-01-31"}
    )
    assert tree.review_by == date(2027, 1, 31)


def test_a_table_of_records_builds_each_only_when_it_is_read():
    built: list[str] = []

    def build(key: str, data: dict) -> Condition:
        built.append(key)
        return Condition.from_data(data, key)

    table = Records({"a": {"name": "A", "summary": "a"}, "b": {"name": "B", "summary": "b"}}, build)
    assert (list(table), len(table), "a" in table, built) == (["a", "b"], 2, True, [])
    assert table["b"].name == "B"
    assert table["b"] is table["b"]
    assert built == ["b"]


def test_a_node_table_holds_questions_and_outcomes_told_apart_by_type():
    data = {"type": "outcome", "urgency": "soon", "title": "T", "text": "X"}
    tree = TreeFile.from_data({"format": 1, "id": "t", "title": "T", "start": "o", "nodes": {"o": data}})
    assert isinstance(tree.nodes["o"], Outcome)
    assert tree.nodes["o"].id == "o"


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"label": "Yes"}, "missing fields ['next']"),
        ({"label": "Yes", "next": "a", "nxt": "b"}, "unknown fields ['nxt']"),
    ],
)
def test_a_record_refuses_missing_and_unknown_fields(values, message):
    with pytest.raises(TypeError, match=message.replace("[", r"\[")):
        Answer(**values)


def test_as_data_gives_back_the_files_shape():
    data = {
        "type": "question",
        "text": "Why?",
        "answers": [{"label": "Yes", "next": "a"}, {"label": "No", "next": "b"}],
    }
    shape = as_data(Question.from_data(data, "q1"))
    assert shape["answers"] == [
        {"label": "Yes", "next": "a", "why": None, "red_flag": False},
        {"label": "No", "next": "b", "why": None, "red_flag": False},
    ]
    assert (shape["id"], shape["conditions"]) == ("q1", [])


def test_a_subclass_may_add_behaviour_and_attributes_but_not_fields_of_its_own():
    class Plain(Record):
        name: str = field(doc="A name.")

    class Loaded(Plain):
        def __init__(self, *, where: str, **fields: object) -> None:
            super().__init__(**fields)
            self.where = where

    loaded = Loaded.from_data({"name": "x"}, where="here")
    assert (loaded.name, loaded.where, Loaded._fields) == ("x", "here", ("name",))
    with pytest.raises(AttributeError):
        Plain(name="x").other = 1  # type: ignore[attr-defined]


# -- the pydantic models are made from the records ---------------------------------------------


def _records(record: type[Record], seen: set[type[Record]]) -> set[type[Record]]:
    """``record`` and every record its fields hold."""
    from typing import get_type_hints

    from twitchtree.model.record import record_types, unwrap

    seen.add(record)
    for annotation in get_type_hints(record).values():
        tp = unwrap(annotation)[0]
        for part in (tp, *getattr(tp, "__args__", ())):
            for member in record_types(unwrap(part)[0]):
                if member not in seen:
                    _records(member, seen)
    return seen


@pytest.mark.parametrize("kind", ["tree", "library", "cases"])
def test_every_model_has_exactly_the_fields_of_its_record_in_the_same_order(kind):
    for record in _records(FILES[kind], set()):
        in_file = [name for name, spec in record._specs.items() if spec.source == "data"]
        assert list(model(record).model_fields) == in_file, record.__name__
        described = {name: info.description for name, info in model(record).model_fields.items()}
        assert all(described.values()), f"{record.__name__}: a key without a description: {described}"
    assert model_for(kind) is model(FILES[kind])


# -- adding a field is one edit ---------------------------------------------------------------

ADDED = '    video: str | None = field(default=None, doc="A video that shows what to do.")\n'
ANCHOR = '    text: str = field(doc="What this means and what to do (Markdown).")\n'

PROBE = """
import json, sys
from pathlib import Path
from twitchtree.model import spec
assert spec.__file__.startswith(sys.argv[2]), spec.__file__  # the edited copy, not the installed package
from twitchtree.model.canonical import canonical
from twitchtree.model.check import check_file
from twitchtree.model.document import read_document
from twitchtree.model.export import to_json
from twitchtree.model.schema import schema_for
from twitchtree.model.load import load_tree

tree_path, bad_path, misplaced = (Path(p) for p in sys.argv[3:6])
found = {
    "check": [str(d) for d in check_file(tree_path)],
    "bad": [d.message for d in check_file(bad_path)],
    "misplaced": [d.message for d in check_file(misplaced)],
    "schema": schema_for("tree")["$defs"]["Outcome"]["properties"]["video"],
    "cold": load_tree(tree_path).node("soon").video,
    "warm": load_tree(tree_path).node("soon").video,
    "absent": load_tree(tree_path).node("home").video,
    "json": [n.get("video") for n in json.loads(to_json(load_tree(tree_path)))["nodes"]],
    "canonical": canonical(read_document(tree_path).data, "tree").split("[nodes.soon]")[1].split("\\n")[:8],
}
print(json.dumps(found))
"""


def test_adding_a_field_to_a_record_is_one_edit(tmp_path, write_toml, isolated_user_dirs):
    copy = tmp_path / "src"
    shutil.copytree(Path(__import__("twitchtree").__file__).parent, copy / "twitchtree")
    spec_file = copy / "twitchtree" / "model" / "spec.py"
    source = spec_file.read_text(encoding="utf-8")
    outcome = source.index("class Outcome(Record):")
    assert source.index(ANCHOR, outcome) < source.index("class", outcome + 10)
    spec_file.write_text(source.replace(ANCHOR, ANCHOR + ADDED, 1), encoding="utf-8")

    video = 'text = "Within days."\nvideo = "https://example.org/v"'
    tree = write_toml("walk.toml", WALK_TREE.replace('text = "Within days."', video), dedent=False)
    bad = write_toml(
        "bad.toml", WALK_TREE.replace('text = "Within days."', 'text = "Within days."\nvideo = 3'), dedent=False
    )
    misplaced = write_toml(
        "misplaced.toml",
        WALK_TREE.replace('text = "Is it spreading?"', 'text = "Is it spreading?"\nvideo = "v"'),
        dedent=False,
    )
    env = {"PYTHONPATH": str(copy), "PATH": "/usr/bin:/bin", "XDG_CACHE_HOME": str(isolated_user_dirs.cache)}
    result = run_python("-c", PROBE, str(copy), str(copy), tree, bad, misplaced, env=env)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)

    assert found["check"] == []
    assert found["bad"] == ["'nodes.soon.video' must be a string, not an integer (3)"]
    assert found["misplaced"] == ["unknown key 'video' in [nodes.q1]"]
    assert found["schema"]["description"] == "A video that shows what to do."
    assert found["cold"] == found["warm"] == "https://example.org/v"
    assert found["absent"] is None
    assert found["json"] == [None, None, None, None, "https://example.org/v", None]
    lines = found["canonical"]
    assert lines[lines.index('text = "Within days."') + 1] == 'video = "https://example.org/v"'  # in the record's order
    assert list((isolated_user_dirs.cache / "twitchtree" / "trees").glob("*.bin"))
