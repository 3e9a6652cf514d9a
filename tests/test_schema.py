"""The JSON Schema agrees with `check` on everything a schema can say, and compiles under a strict validator.

Each file (the hostile corpus, the bad-file corpus, the bundled trees, and
key-, type- and id-level mutations of a valid tree, library and case file) is
checked by ``check`` and validated by python-jsonschema with the schema of its
kind, under the draft the schema declares. TOML dates reach the validator as
ISO text, as Taplo (VS Code's Even Better TOML) hands them to its validator,
so the one thing left to ``check`` there is a date written as a string.

Exempt, because no JSON Schema can express them: checks between ids (dangling
``next``, ``start``, conditions, sources, a case's nodes and labels), the
graph (cycles, reachability, red flags, screening, expansion), ``uses``
libraries, duplicate labels and case ids, look-alike aliases, two trees
with one id in a case file's folder, the limits on nesting, text length and
counts of values (``model/limits.py``), and ``format = 1.0`` (JSON numbers
do not tell 1.0 from 1). Files that twitchtree cannot read as TOML (not TOML at all, or
nested past the limit) never reach a schema.
"""

from __future__ import annotations

import copy
import json
import re
import tomllib
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import tomli_w

from builders import WALK_CASES, WALK_TREE, make_tree
from twitchtree.model.check import check_file
from twitchtree.model.document import read_document
from twitchtree.model.schema import schema_for
from twitchtree.model.spec import kind_of

TESTS = Path(__file__).parent
CORPORA = [TESTS / "hostile" / "data", TESTS / "data", TESTS.parent / "trees"]

GRAPH_LEVEL = re.compile(
    "|".join(
        [
            r"does not exist",
            r"is not defined",
            r"^cycle: ",
            r"cannot be reached",
            r"duplicate answer label",
            r"duplicate case id",
            r"is a red flag",
            r"screen \(",
            r"shared sub-trees expand",
            r"^case '",
            r"cannot check the cases",
            r"^'uses'",
            r"^library '",
            r"is a folder; 'uses'",
            r"cannot read library",
            r"is already defined in",
            r"not a condition library",
            r"not in this folder or among the bundled trees",
            r"^two trees in this folder have the id",
            r"^alias '.*' is the same as",
            r"characters long, more than the limit of",
            r"holds more than [\d,]+ values",
            r"keys, values and array items; twitchtree reads",
            r"more problems are not listed",
            r"libraries nest more than",
        ]
    )
)
"""Messages of the checks that no JSON Schema can express (see the module docstring)."""

LIBRARY = """\
format = 1
id = "lib"
title = "A library"

[sources.src]
title = "A source"
url = "https://example.org"

[conditions.cond]
name = "A condition"
aliases = ["Another name"]
summary = "One line."
notes = "More."
sources = ["src"]
"""


def as_json(value: Any) -> Any:
    """TOML data as a JSON Schema validator sees it in an editor: dates and times as ISO text, as Taplo does."""
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    if isinstance(value, date | datetime | time):
        return value.isoformat()
    return value


def schema_errors(data: dict[str, Any]) -> list[str]:
    validator = jsonschema.Draft202012Validator(schema_for(kind_of(data)))
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(as_json(data))]


def check_errors(path: Path) -> list[str]:
    return [d.message for d in check_file(path) if d.is_error and not GRAPH_LEVEL.search(d.message)]


def verdicts(path: Path, data: dict[str, Any]) -> tuple[list[str], list[str]]:
    return check_errors(path), schema_errors(data)


# -- the corpora -------------------------------------------------------------------------------


def corpus_files() -> Iterator[Path]:
    for folder in CORPORA:
        yield from sorted(folder.rglob("*.toml"))


def parsed(path: Path) -> dict[str, Any] | None:
    """The file's data as twitchtree reads it; None when it cannot (not TOML, or nested past the limit)."""
    return read_document(path).data


@pytest.mark.parametrize("path", list(corpus_files()), ids=lambda p: str(p.relative_to(TESTS.parent)))
def test_check_and_the_schema_agree_on_every_corpus_file(path):
    data = parsed(path)
    if data is None:
        pytest.skip("not TOML: no schema applies")
    ours, theirs = verdicts(path, data)
    assert bool(ours) == bool(theirs), f"check: {ours}\nschema: {theirs}"


# -- mutations --------------------------------------------------------------------------------

BASES = {
    "tree": (make_tree(), "demo.toml"),
    "walk": (WALK_TREE, "walk.toml"),
    "library": (LIBRARY, "lib.toml"),
    "cases": (WALK_CASES, "walk-cases.toml"),
}

# (base, key path, new value); the value DELETE removes the key, and a path ending in "+KEY" adds KEY.
DELETE = object()
MUTATIONS: list[tuple[str, tuple[Any, ...], Any]] = [
    # keys: unknown and missing, in every kind of table
    ("tree", ("+titel",), "x"),
    ("tree", ("nodes", "first", "+txet"), "x"),
    ("tree", ("nodes", "rest", "+answers"), [{"label": "Yes", "next": "rest"}]),
    ("tree", ("nodes", "first", "answers", 0, "+nxet"), "rest"),
    ("tree", ("sources", "src", "+link"), "x"),
    ("tree", ("conditions", "cond", "+sumary"), "x"),
    ("library", ("+nodes",), {}),
    ("library", ("conditions", "cond", "+aka"), []),
    ("cases", ("cases", 0, "+difficulty"), "easy"),
    ("cases", ("cases", 0, "+dificulty"), "easy"),
    ("cases", ("cases", 0, "expect", "+outcomes"), "x"),
    ("tree", ("id",), DELETE),
    ("tree", ("title",), DELETE),
    ("tree", ("start",), DELETE),
    ("tree", ("nodes",), DELETE),
    ("tree", ("format",), DELETE),
    ("tree", ("nodes", "first", "type"), DELETE),
    ("tree", ("nodes", "first", "text"), DELETE),
    ("tree", ("nodes", "first", "answers"), DELETE),
    ("tree", ("nodes", "rest", "urgency"), DELETE),
    ("tree", ("nodes", "rest", "title"), DELETE),
    ("tree", ("nodes", "first", "answers", 0, "label"), DELETE),
    ("tree", ("nodes", "first", "answers", 0, "next"), DELETE),
    ("tree", ("sources", "src", "title"), DELETE),
    ("library", ("conditions", "cond", "summary"), DELETE),
    ("library", ("id",), DELETE),
    ("cases", ("tree",), DELETE),
    ("cases", ("cases", 0, "patient"), DELETE),
    ("cases", ("cases", 0, "expect"), DELETE),
    ("cases", ("cases", 0, "expect", "urgency"), DELETE),
    ("cases", ("cases", 0, "expect", "must_ask"), DELETE),
    # types and values
    ("tree", ("format",), 2),
    ("tree", ("format",), "1"),
    ("tree", ("format",), True),
    ("tree", ("title",), 3),
    ("tree", ("title",), ""),
    ("tree", ("title",), ["Demo"]),
    ("tree", ("+version",), 1),
    ("tree", ("+authors",), "me"),
    ("tree", ("+authors",), ["me", 2]),
    ("tree", ("+authors",), [""]),
    ("tree", ("+reviewed",), date(2026, 1, 2)),
    ("tree", ("+reviewed",), datetime(2026, 1, 2, 3, 4, 5)),
    ("tree", ("+reviewed",), time(3, 4, 5)),
    ("tree", ("+reviewed",), 20260102),
    ("tree", ("+disclaimer",), ""),
    ("tree", ("+disclaimer",), "Talk to a doctor."),
    ("tree", ("nodes", "first", "type"), "questoin"),
    ("tree", ("nodes", "first", "type"), 1),
    ("tree", ("nodes", "first", "text"), ""),
    ("tree", ("nodes", "first", "+help"), ""),
    ("tree", ("nodes", "first", "+screens"), "emergency"),
    ("tree", ("nodes", "first", "+screens"), "soonish"),
    ("tree", ("nodes", "first", "answers"), [{"label": "Yes", "next": "rest"}]),
    ("tree", ("nodes", "first", "answers"), {"label": "Yes", "next": "rest"}),
    ("tree", ("nodes", "first", "answers", 0, "label"), ""),
    ("tree", ("nodes", "first", "answers", 0, "label"), 1),
    ("tree", ("nodes", "first", "answers", 0, "red_flag"), "yes"),
    ("tree", ("nodes", "first", "answers", 0, "+why"), ""),
    ("tree", ("nodes", "rest", "urgency"), "Self-care"),
    ("tree", ("nodes", "rest", "urgency"), "routine"),
    ("tree", ("nodes", "rest", "title"), ""),
    ("tree", ("nodes", "rest", "+red_flags"), "x"),
    ("tree", ("nodes", "rest", "+red_flags"), ["x"]),
    ("tree", ("nodes", "rest", "sources"), "src"),
    ("tree", ("nodes", "rest", "text"), "Line one\nline two\twith a tab."),
    ("tree", ("nodes", "rest", "text"), "\x1b[31mred"),
    ("tree", ("nodes", "rest", "text"), "\x9b31m"),
    ("tree", ("nodes",), []),
    ("tree", ("nodes", "rest"), "outcome"),
    ("tree", ("sources", "src", "url"), 3),
    ("library", ("conditions", "cond", "aliases"), "x"),
    ("library", ("conditions", "cond", "notes"), ""),
    ("library", ("title",), ""),
    ("cases", ("cases", 0, "difficulty"), "easy"),
    ("cases", ("cases", 0, "+difficulty"), "trivial"),
    ("cases", ("cases", 0, "expect", "urgency"), "asap"),
    ("cases", ("cases", 0, "answers"), ["q1"]),
    ("cases", ("cases", 0, "answers", "q1"), ""),
    ("cases", ("cases", 0, "answers", "q1"), 1),
    ("cases", ("cases",), {}),
    ("cases", ("cases",), []),
    # ids: as table keys, as values, as keys of a case's answers
    ("tree", ("id",), "Demo"),
    ("tree", ("id",), "my tree"),
    ("tree", ("start",), "-first"),
    ("tree", ("nodes", "+Get Help"), {"type": "outcome", "urgency": "urgent", "title": "T", "text": "T"}),
    ("tree", ("nodes", "+get-help"), {"type": "outcome", "urgency": "urgent", "title": "T", "text": "T"}),
    ("tree", ("nodes", "+x.y"), {"type": "outcome", "urgency": "urgent", "title": "T", "text": "T"}),
    ("tree", ("sources", "+Src"), {"title": "T"}),
    ("tree", ("conditions", "+Cond"), {"name": "N", "summary": "S"}),
    ("tree", ("conditions", "+cond_2"), {"name": "N", "summary": "S"}),
    ("tree", ("nodes", "first", "answers", 0, "next"), "See-Doctor"),
    ("tree", ("nodes", "first", "conditions", 0), "Cond"),
    ("tree", ("nodes", "first", "sources", 0), "../src"),
    ("library", ("conditions", "+bad id"), {"name": "N", "summary": "S"}),
    ("library", ("conditions", "cond", "sources", 0), "SRC"),
    ("cases", ("tree",), "Walk"),
    ("cases", ("cases", 0, "id"), "Breathless"),
    ("cases", ("cases", 0, "answers", "+FirstQuestion"), "Yes"),
    ("cases", ("cases", 0, "answers", "+q3"), "No"),
    ("cases", ("cases", 0, "expect", "outcome"), "Emergency"),
    ("cases", ("cases", 0, "expect", "must_ask", 0), "q 2"),
]


def mutate(data: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    data = copy.deepcopy(data)
    *parents, last = path
    target = data
    for part in parents:
        target = target[part]
    if isinstance(last, str) and last.startswith("+"):
        target[last[1:]] = value
    elif value is DELETE:
        del target[last]
    else:
        target[last] = value
    return data


@pytest.mark.parametrize(("base", "path", "value"), MUTATIONS, ids=lambda x: repr(x)[:40] if x is not DELETE else "del")
def test_check_and_the_schema_agree_on_each_mutation(tmp_path, base, path, value):
    text, name = BASES[base]
    (tmp_path / "walk.toml").write_text(WALK_TREE, encoding="utf-8")  # the tree of the case file
    data = mutate(tomllib.loads(text), path, value)
    target = tmp_path / name
    target.write_text(tomli_w.dumps(data), encoding="utf-8")
    ours, theirs = verdicts(target, data)
    assert bool(ours) == bool(theirs), f"check: {ours}\nschema: {theirs}"


def test_the_mutations_do_what_they_say():
    """Each mutation changes its base, and most of them make it invalid (a test that cannot fail is a defect)."""
    invalid = 0
    for base, path, value in MUTATIONS:
        data = tomllib.loads(BASES[base][0])
        assert json.dumps(mutate(data, path, value), default=str) != json.dumps(data, default=str), (base, path)
        invalid += bool(schema_errors(mutate(data, path, value)))
    assert invalid > len(MUTATIONS) * 3 // 4


def test_the_bases_are_valid_for_both(tmp_path):
    (tmp_path / "walk.toml").write_text(WALK_TREE, encoding="utf-8")
    for text, name in BASES.values():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        assert check_file(path) == [], name
        assert schema_errors(tomllib.loads(text)) == [], name


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ('reviewed = "2026-01-02"', "a date written as a string: JSON sees both as text"),
        ("format = 1.0", "JSON numbers do not tell 1.0 from 1"),
    ],
)
def test_what_only_check_can_tell(tmp_path, text, why):
    key = text.split(" ")[0]
    source = make_tree().replace("format = 1\n", "") if key == "format" else make_tree()
    path = tmp_path / "demo.toml"
    path.write_text(f"{text}\n{source}", encoding="utf-8")
    assert check_errors(path), why
    assert schema_errors(tomllib.loads(path.read_text(encoding="utf-8"))) == [], why


# -- the schema itself --------------------------------------------------------------------------

KEYWORDS = {
    # core and applicator vocabularies of draft 2020-12
    "$schema", "$id", "$ref", "$defs", "$comment", "$anchor", "$dynamicRef", "$dynamicAnchor", "$vocabulary",
    "allOf", "anyOf", "oneOf", "not", "if", "then", "else", "dependentSchemas", "prefixItems", "items",
    "contains", "properties", "patternProperties", "additionalProperties", "propertyNames",
    # validation
    "type", "enum", "const", "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum",
    "maxLength", "minLength", "pattern", "maxItems", "minItems", "uniqueItems", "maxContains", "minContains",
    "maxProperties", "minProperties", "required", "dependentRequired",
    # meta-data
    "title", "description", "default", "deprecated", "readOnly", "writeOnly", "examples",
}  # fmt: skip
SCHEMA_MAPS = {"properties", "patternProperties", "$defs", "dependentSchemas"}
SCHEMA_LISTS = {"allOf", "anyOf", "oneOf", "prefixItems"}
SCHEMA_VALUES = {"not", "if", "then", "else", "items", "contains", "additionalProperties", "propertyNames"}


def unknown_keywords(schema: Any, where: str = "#") -> Iterator[str]:
    """Every keyword that draft 2020-12 does not define, as ajv's strict mode refuses them."""
    if isinstance(schema, bool):
        return
    assert isinstance(schema, dict), where
    for key, value in schema.items():
        if key not in KEYWORDS:
            yield f"{where}/{key}"
        elif key in SCHEMA_MAPS:
            for name, sub in value.items():
                yield from unknown_keywords(sub, f"{where}/{key}/{name}")
        elif key in SCHEMA_LISTS:
            for n, sub in enumerate(value):
                yield from unknown_keywords(sub, f"{where}/{key}/{n}")
        elif key in SCHEMA_VALUES:
            yield from unknown_keywords(value, f"{where}/{key}")


def schema_nodes(schema: Any) -> Iterator[dict[str, Any]]:
    if isinstance(schema, dict):
        yield schema
        for key, value in schema.items():
            if key in SCHEMA_MAPS:
                for sub in value.values():
                    yield from schema_nodes(sub)
            elif key in SCHEMA_LISTS:
                for sub in value:
                    yield from schema_nodes(sub)
            elif key in SCHEMA_VALUES:
                yield from schema_nodes(value)


@pytest.mark.parametrize("kind", ["tree", "library", "cases"])
def test_the_schema_compiles_under_a_strict_reading_of_its_draft(kind):
    schema = schema_for(kind)
    assert schema["$schema"] == jsonschema.Draft202012Validator.META_SCHEMA["$id"]
    jsonschema.Draft202012Validator.check_schema(schema)
    assert list(unknown_keywords(schema)) == []
    for node in schema_nodes(schema):
        ref = node.get("$ref")
        if ref is not None:
            assert ref.removeprefix("#/$defs/") in schema["$defs"], ref
        for pattern in (node.get("pattern"), node.get("propertyNames", {}).get("pattern")):
            if pattern is not None:
                re.compile(pattern)
        assert "null" not in json.dumps(node.get("type", "")), node  # TOML has no null
        assert node.get("default", 0) is not None
        assert "oneOf" not in node and "discriminator" not in node


@pytest.mark.parametrize("kind", ["tree", "library", "cases"])
def test_every_key_has_a_description_and_every_id_table_checks_its_keys(kind):
    schema = schema_for(kind)
    tables = [node for node in schema_nodes(schema) if node.get("additionalProperties") is False]
    assert tables
    for table in tables:
        for name, sub in table["properties"].items():
            assert sub.get("description"), f"{name} has no description"
    id_tables = [node for node in schema_nodes(schema) if "propertyNames" in node]
    assert id_tables
    for table in id_tables:
        assert table["propertyNames"]["pattern"] == "^[a-z0-9][a-z0-9_-]*$"
        assert table["additionalProperties"] is not True


def test_a_node_is_chosen_by_its_type_with_if_then():
    schema = schema_for("tree")
    node = schema["$defs"]["Node"]
    branches = {b["if"]["properties"]["type"]["const"]: b["then"]["$ref"] for b in node["allOf"]}
    assert branches == {"question": "#/$defs/Question", "outcome": "#/$defs/Outcome"}
    assert schema["properties"]["nodes"]["additionalProperties"] == {"$ref": "#/$defs/Node"}
    assert schema["properties"]["format"] == {**schema["properties"]["format"], "type": "integer", "const": 1}
    validator = jsonschema.Draft202012Validator(schema)
    data = as_json(tomllib.loads(make_tree()))
    data["nodes"]["rest"]["urgency"] = "asap"
    (error,) = validator.iter_errors(data)
    assert list(error.absolute_path) == ["nodes", "rest", "urgency"]  # the key itself, not "no schema matched"
    assert "asap" in error.message and "{" not in error.message


def test_the_schema_command_prints_each_kind(run_cli):
    for kind in ("tree", "library", "cases"):
        result = run_cli("schema", "--kind", kind)
        assert result.code == 0
        assert json.loads(result.out) == schema_for(kind)


ROOT = TESTS.parent


@pytest.mark.parametrize("kind", ["tree", "library", "cases"])
def test_the_schema_files_beside_the_trees_are_up_to_date(kind):
    """schemas/*.json are what .taplo.toml points editors at; regenerate with `twitchtree schema --kind KIND`."""
    written = json.loads((ROOT / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8"))
    assert written == schema_for(kind), f"run: twitchtree schema --kind {kind} > schemas/{kind}.schema.json"


def fnmatch(path: str, glob: str) -> bool:
    """Taplo's globs: ``*`` stays within a folder, ``**/`` spans any number of them."""
    pattern = re.escape(glob).replace(r"\*\*/", "(?:.*/)?").replace(r"\*", "[^/]*")
    return re.fullmatch(pattern, path) is not None


def test_taplo_maps_every_bundled_file_to_the_schema_of_its_kind():
    rules = tomllib.loads((ROOT / ".taplo.toml").read_text(encoding="utf-8"))["rule"]
    for path in sorted((ROOT / "trees").rglob("*.toml")):
        relative = path.relative_to(ROOT).as_posix()
        matching = [
            rule["schema"]["path"]
            for rule in rules
            if any(fnmatch(relative, glob) for glob in rule["include"])
            and not any(fnmatch(relative, glob) for glob in rule.get("exclude", []))
        ]
        kind = kind_of(tomllib.loads(path.read_text(encoding="utf-8")))
        assert matching == [f"./schemas/{kind}.schema.json"], relative
        schema = json.loads((ROOT / matching[0]).read_text(encoding="utf-8"))
        assert schema_errors(tomllib.loads(path.read_text(encoding="utf-8"))) == []
        assert schema == schema_for(kind)
