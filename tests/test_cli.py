"""The authoring commands: check, show, export, schema, fmt, new and ask, and the entry point's promises."""

from __future__ import annotations

import errno
import json
import os
import stat
import tomllib
from datetime import date

import jsonschema
import pytest

from builders import WALK_TREE, chain_tree
from support import run_python
from twitchtree.model.check import check_file
from twitchtree.model.load import load_tree
from twitchtree.model.schema import schema_for

# -- check -------------------------------------------------------------------------------


def test_check_exits_0_on_a_valid_tree_and_prints_nothing_on_stdout(tree_file, run_cli):
    result = run_cli("check", tree_file)
    assert (result.code, result.out) == (0, "")
    assert result.err == "1 file checked: 0 errors, 0 warnings\n"


def test_check_exits_0_when_there_are_only_warnings(write_toml, make_tree, run_cli):
    path = write_toml("old.toml", make_tree(top="review_by = 2001-01-01"), dedent=False)
    result = run_cli("check", path)
    assert result.code == 0
    assert result.lines == [f"{path}:5:1: warning: review_by date 2001-01-01 has passed; this tree is due for review"]
    assert "0 errors, 1 warning" in result.err


def test_check_exits_1_on_errors(write_toml, make_tree, run_cli):
    path = write_toml("bad.toml", make_tree().replace('start = "first"', 'start = "frist"'), dedent=False)
    result = run_cli("check", path)
    assert result.code == 1
    assert result.lines == [f"{path}:4:1: error: start node 'frist' does not exist; did you mean 'first'?"]


def test_check_exits_2_for_a_missing_path_but_still_checks_the_others(
    tree_file, write_toml, make_tree, run_cli, tmp_path
):
    bad = write_toml("bad.toml", make_tree().replace('start = "first"', 'start = "frist"'), dedent=False)
    result = run_cli("check", tmp_path / "missing.toml", tree_file, bad)
    assert result.code == 2
    assert f"twitchtree: {tmp_path / 'missing.toml'}: no such file or folder" in result.err
    assert result.lines == [f"{bad}:4:1: error: start node 'frist' does not exist; did you mean 'first'?"]


def test_check_exits_2_for_a_folder_without_toml_files(tmp_path, run_cli):
    (tmp_path / "notes.txt").write_text("no trees here")
    result = run_cli("check", tmp_path)
    assert result.code == 2
    assert "no .toml files found" in result.err


def test_check_exits_2_without_paths():
    from twitchtree.cli import main

    with pytest.raises(SystemExit) as caught:
        main(["check"])
    assert caught.value.code == 2


def test_check_recurses_into_folders(tmp_path, write_toml, make_tree, run_cli):
    write_toml("trees/a.toml", make_tree("a"), dedent=False)
    deep = write_toml(
        "trees/more/deeper/b.toml", make_tree("b").replace('next = "rest"', 'next = "gone"'), dedent=False
    )
    write_toml("trees/more/readme.md", "# not TOML, ignored", dedent=False)
    result = run_cli("check", tmp_path / "trees")
    assert result.code == 1
    assert result.lines == [
        f"{deep}:27:3: error: answer 'No' of 'first' leads to 'gone', which does not exist",
        f"{deep}:36:1: warning: node 'rest' cannot be reached from the start node 'first'",
    ]
    assert result.err.startswith("2 files checked: 1 error, 1 warning")


def test_check_of_a_library(write_toml, run_cli):
    good = write_toml("lib.toml", 'format = 1\n\n[conditions.als]\nname = "ALS"\nsummary = "One line."\n', dedent=False)
    assert run_cli("check", good).code == 0
    bad = write_toml(
        "bad-lib.toml",
        'format = 1\n\n[conditions.als]\nname = "ALS"\nsummary = "One line."\nsources = ["nowhere"]\n',
        dedent=False,
    )
    result = run_cli("check", bad)
    assert result.code == 1
    assert result.lines == [f"{bad}:6:12: error: source 'nowhere' is not defined"]


def test_check_reports_a_shared_librarys_problems_once(write_toml, make_tree, run_cli, tmp_path, monkeypatch):
    write_toml("lib.toml", 'format = 1\n\n[conditions.als]\nname = "ALS"\nsumary = "typo"\n', dedent=False)
    for name in ("a", "b"):
        write_toml(f"{name}.toml", make_tree(name, top='uses = ["lib.toml"]'), dedent=False)
    monkeypatch.chdir(tmp_path)
    result = run_cli("check", "a.toml", "b.toml")
    assert (
        result.lines.count("lib.toml:5:1: error: unknown key 'sumary' in [conditions.als]; did you mean 'summary'?")
        == 1
    )
    assert result.code == 1


# -- show --------------------------------------------------------------------------------


def test_show_prints_the_expanded_tree(write_toml, run_cli):
    result = run_cli("show", write_toml("walk.toml", WALK_TREE, dedent=False))
    assert result.code == 0
    assert result.lines == [
        "Walk (walk)",
        "q1: Is it spreading?",
        "├── Yes → q2: Any trouble breathing?",
        "│   ├── Yes → emergency: [emergency] Call now",
        "│   └── No → q3: Has it lasted two weeks?",
        "│       ├── Yes → soon: [soon] Book a visit",
        "│       └── No → home: [self-care] Rest",
        "└── No → q3: Has it lasted two weeks?",
        "    ├── Yes → soon: [soon] Book a visit",
        "    └── No → home: [self-care] Rest",
    ]


def test_show_depth_stops_below_the_start(write_toml, run_cli):
    result = run_cli("show", write_toml("walk.toml", WALK_TREE, dedent=False), "--depth", "1")
    assert result.lines[1:] == [
        "q1: Is it spreading?",
        "├── Yes → q2: Any trouble breathing?",
        "└── No → q3: Has it lasted two weeks?",
    ]


def test_show_a_chain_deeper_than_the_recursion_limit(write_toml, run_cli):
    result = run_cli("show", write_toml("chain.toml", chain_tree(1500), dedent=False))
    assert result.code == 0
    assert len(result.lines) == 1 + 1 + 2 * 1500
    assert result.lines[-1] == "└── No → end: [routine] Outcome end"


def test_show_of_a_tree_with_errors_prints_them_and_exits_1(write_toml, make_tree, run_cli):
    path = write_toml("bad.toml", make_tree().replace("[nodes.rest]", "[nodes.rest]\nhelp = 1"), dedent=False)
    result = run_cli("show", path)
    assert result.code == 1
    assert result.out == ""
    assert result.err.splitlines() == [f"{path}:37:1: error: unknown key 'help' in [nodes.rest]"]


@pytest.mark.parametrize("command", ["show", "export", "ask"])
def test_tree_commands_list_a_broken_tree_s_problems_in_check_s_order(command, write_toml, make_tree, run_cli):
    text = make_tree(top="review_by = 2001-01-01").replace('next = "rest"', 'next = "rset"')
    path = write_toml("bad.toml", text, dedent=False)
    checked = run_cli("check", path)
    assert [line.split(": ")[1] for line in checked.lines] == ["warning", "error", "warning"]  # rest: unreachable
    extra = ["--format", "json"] if command == "export" else []
    result = run_cli(command, path, *extra)
    assert result.code == 1
    assert result.err.splitlines() == checked.lines


@pytest.mark.parametrize("command", ["show", "export", "ask"])
def test_tree_commands_exit_2_for_a_missing_file_or_unknown_id(command, run_cli, tmp_path):
    extra = ["--format", "json"] if command == "export" else []
    result = run_cli(command, tmp_path / "missing.toml", *extra)
    assert result.code == 2
    assert result.err == f"twitchtree: {tmp_path / 'missing.toml'}: no such file\n"
    result = run_cli(command, "no-such-bundled-tree", *extra)
    assert result.code == 2
    assert "no tree file or bundled tree named 'no-such-bundled-tree'" in result.err
    result = run_cli(command, tmp_path, *extra)
    assert result.code == 2
    assert "is a folder" in result.err


# -- export ------------------------------------------------------------------------------

QUOTED = WALK_TREE.replace('text = "Is it spreading?"', 'text = "Is it \\"spreading\\" | <fast> #1 \\\\ now?"').replace(
    'label = "Yes", next = "q2"', 'label = "Yes \\"really\\"", next = "q2"'
)


def test_export_json_parses_and_holds_the_graph(write_toml, run_cli):
    result = run_cli("export", write_toml("walk.toml", WALK_TREE, dedent=False), "--format", "json")
    assert result.code == 0
    data = json.loads(result.out)
    assert (data["twitchtree_export"], data["directed"], data["multigraph"]) == (1, True, True)
    assert (data["graph"]["id"], data["graph"]["start"]) == ("walk", "q1")
    nodes = {node["id"]: node for node in data["nodes"]}
    assert list(nodes) == ["q1", "q2", "q3", "emergency", "soon", "home"]
    edges = [(e["source"], e["key"], e["label"], e["target"]) for e in data["edges"]]
    assert edges[:2] == [("q1", 0, "Yes", "q2"), ("q1", 1, "No", "q3")]
    assert data["edges"][2]["red_flag"] is True
    assert nodes["home"]["urgency"] == "self-care"
    assert data["graph"]["sources"] == {"src": {"id": "src", "title": "S", "url": None}}


def test_export_mermaid_escapes_quotes_and_draws_shared_nodes_once(write_toml, run_cli):
    result = run_cli("export", write_toml("q.toml", QUOTED, dedent=False), "-f", "mermaid")
    assert result.code == 0
    lines = result.lines
    assert lines[0] == "flowchart TD"
    assert '    n0["q1: Is it #34;spreading#34; #124; #60;fast#62; #35;1 #92; now?"]' in lines
    assert '    n0 -->|"Yes #34;really#34;"| n1' in lines
    assert sum(line.startswith("    n2[") for line in lines) == 1  # q3, reached by two routes
    assert sum("-->|" in line and line.endswith("| n2") for line in lines) == 2
    for line in lines:
        if '["' in line:
            inner = line.split('["', 1)[1].rsplit('"]', 1)[0]
            assert '"' not in inner


def test_export_dot_escapes_quotes_and_backslashes(write_toml, run_cli):
    result = run_cli("export", write_toml("q.toml", QUOTED, dedent=False), "--format", "dot")
    assert result.code == 0
    assert result.lines[0] == 'digraph "walk" {'
    assert '    "q1" [label="Is it \\"spreading\\" |\\n<fast> #1 \\\\ now?\\n(q1)"];' in result.lines
    assert '    "q1" -> "q2" [label="Yes\\n\\"really\\""];' in result.lines
    soon = next(line for line in result.lines if line.startswith('    "soon" ['))
    assert soon.startswith('    "soon" [label="SOON\\nBook a visit\\n(soon)", style="rounded,filled,bold"')
    assert result.lines[-1] == "}"


def test_export_output_writes_a_new_file(tree_file, run_cli, tmp_path):
    out = tmp_path / "graph.json"
    result = run_cli("export", tree_file, "-f", "json", "-o", out)
    assert (result.code, result.out) == (0, "")
    assert json.loads(out.read_text())["graph"]["id"] == "demo"


def test_export_output_never_overwrites(tree_file, run_cli, tmp_path):
    out = tmp_path / "graph.json"
    out.write_text("precious")
    result = run_cli("export", tree_file, "-f", "json", "-o", out)
    assert result.code == 2
    assert "already exists" in result.err
    assert out.read_text() == "precious"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize("target_exists", [True, False])
def test_export_output_never_follows_a_symlink(tree_file, run_cli, tmp_path, target_exists):
    target = tmp_path / "target.txt"
    if target_exists:
        target.write_text("precious")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    result = run_cli("export", tree_file, "-f", "json", "-o", link)
    assert result.code == 2
    assert link.is_symlink()
    assert (target.read_text() if target_exists else target.exists()) == ("precious" if target_exists else False)


def test_export_output_into_a_missing_folder_fails_cleanly(tree_file, run_cli, tmp_path):
    result = run_cli("export", tree_file, "-f", "dot", "-o", tmp_path / "nowhere" / "g.dot")
    assert result.code == 1
    assert result.err.startswith("twitchtree: cannot write ")


# -- schema ------------------------------------------------------------------------------


def test_schema_is_json_schema_choosing_a_node_by_its_type(run_cli):
    result = run_cli("schema")
    assert result.code == 0
    schema = json.loads(result.out)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert set(schema["required"]) == {"format", "id", "title", "start", "nodes"}
    assert schema["additionalProperties"] is False
    nodes = schema["properties"]["nodes"]
    assert nodes["propertyNames"]["pattern"] == "^[a-z0-9][a-z0-9_-]*$"
    assert nodes["additionalProperties"] == {"$ref": "#/$defs/Node"}
    outcome = schema["$defs"]["Outcome"]
    assert outcome["properties"]["urgency"]["enum"] == ["emergency", "urgent", "soon", "routine", "self-care"]
    assert "answers" not in outcome["properties"]
    assert schema["$defs"]["Question"]["properties"]["answers"]["minItems"] == 2


@pytest.mark.parametrize(("kind", "required"), [("cases", {"format", "tree", "cases"}), ("library", {"format"})])
def test_schema_of_other_kinds(run_cli, kind, required):
    result = run_cli("schema", "--kind", kind)
    assert result.code == 0
    assert set(json.loads(result.out)["required"]) == required


# -- fmt ---------------------------------------------------------------------------------

MESSY = """\
nodes.rest = { urgency = "self-care", type = "outcome", text = "A\\n\\"q\\"\\t.", title = "R", sources = ["src"] }
start = "first"
title = "Messy"
format = 1
id = "messy"
review_by = 2999-12-31
sources.src.title = "S"

[nodes.first]
sources = ["src"]
answers = [{ next = "urgent", label = "Yes", red_flag = true }, { label = "No", next = "rest" }]
text = "First?"
type = "question"

[nodes.urgent]
type = "outcome"
urgency = "urgent"
title = "Go"
text = '''
Literal \\ backslash and ''quotes''.
'''
sources = ["src"]
"""


def test_fmt_rewrites_in_canonical_form_and_is_idempotent(write_toml, run_cli):
    path = write_toml("messy.toml", MESSY, dedent=False)
    before = tomllib.loads(MESSY)
    checked = run_cli("fmt", "--check", path)
    assert (checked.code, checked.out) == (1, f"{path}: not in canonical form (first difference at line 1)\n")
    result = run_cli("fmt", path)
    assert result.code == 0
    assert f"formatted {path}" in result.err
    once = path.read_bytes()
    assert once != MESSY.encode()
    assert tomllib.loads(once.decode()) == before
    assert once.decode().startswith(
        'format = 1\nid = "messy"\ntitle = "Messy"\nstart = "first"\nreview_by = 2999-12-31\n'
    )
    assert check_file(path) == []
    again = run_cli("fmt", path)
    assert again.code == 0
    assert path.read_bytes() == once
    assert run_cli("fmt", "--check", path).code == 0


def test_fmt_keeps_node_order_and_the_file_mode(write_toml, run_cli):
    path = write_toml("messy.toml", MESSY, dedent=False)
    path.chmod(0o640)
    assert run_cli("fmt", path).code == 0
    assert list(tomllib.loads(path.read_text())["nodes"]) == ["rest", "first", "urgent"]
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_fmt_through_a_symlink_rewrites_the_target_and_keeps_the_link(write_toml, run_cli, tmp_path):
    target = write_toml("real.toml", MESSY, dedent=False)
    link = tmp_path / "link.toml"
    link.symlink_to(target)
    assert run_cli("fmt", link).code == 0
    assert link.is_symlink()
    assert tomllib.loads(target.read_text()) == tomllib.loads(MESSY)
    assert target.read_text() != MESSY


def test_fmt_refuses_a_file_with_comments_unless_forced(write_toml, run_cli):
    text = "# keep me\n" + MESSY
    path = write_toml("commented.toml", text, dedent=False)
    result = run_cli("fmt", path)
    assert result.code == 1
    assert result.err == (
        f"twitchtree: {path}: not in canonical form (first difference at line 2) and has comments,"
        " which fmt cannot keep; not changed (use --force to drop them)\n"
    )
    assert path.read_text() == text
    checked = run_cli("fmt", "--check", path)
    assert (checked.code, checked.out) == (1, f"{path}: not in canonical form (first difference at line 2)\n")
    forced = run_cli("fmt", "--force", path)
    assert forced.code == 0
    assert "#" not in path.read_text()
    assert tomllib.loads(path.read_text()) == tomllib.loads(MESSY)


def test_fmt_keeps_the_schema_line_that_new_writes(write_toml, run_cli):
    text = "#:schema ./tree.schema.json\n" + MESSY
    path = write_toml("schema.toml", text, dedent=False)
    assert run_cli("fmt", "--check", path).code == 1
    result = run_cli("fmt", path)
    assert (result.code, result.err) == (0, f"formatted {path}\n")
    tidy = path.read_text()
    assert tidy.startswith("#:schema ./tree.schema.json\n") and tidy.count("#") == 1
    assert tomllib.loads(tidy) == tomllib.loads(MESSY)
    assert run_cli("fmt", "--check", path).code == 0
    path.write_text("#:schema ./tree.schema.json\n# and a note\n" + MESSY)
    assert run_cli("fmt", path).code == 1  # another comment is still refused
    assert run_cli("fmt", "--force", path).code == 0
    assert path.read_text() == tidy


def test_fmt_leaves_a_file_that_is_canonical_apart_from_its_comments_alone(write_toml, run_cli):
    path = write_toml("tidy.toml", MESSY, dedent=False)
    assert run_cli("fmt", path).code == 0
    lines = path.read_text().splitlines(keepends=True)
    lines.insert(0, "# A tree kept in git.\n\n")
    lines[3] = lines[3].replace("\n", '  # "#" in a comment\n')  # title = "Messy"
    lines.insert(5, "\n# when to look at it again\n")  # before review_by
    text = "".join(lines) + "# the end\n"
    path.write_text(text)
    assert tomllib.loads(text) == tomllib.loads(MESSY)
    for args in (["fmt", "--check"], ["fmt"], ["fmt", "--force"]):
        result = run_cli(*args, path)
        assert (result.code, result.out, result.err) == (0, "", ""), args
        assert path.read_text() == text
    untidy = text.replace('id = "messy"', 'id   = "messy"')
    path.write_text(untidy)
    result = run_cli("fmt", "--check", path)
    assert (result.code, result.out) == (1, f"{path}: not in canonical form (first difference at line 4)\n")
    assert run_cli("fmt", path).code == 1
    assert path.read_text() == untidy


def test_fmt_refuses_a_file_with_errors(write_toml, make_tree, run_cli):
    text = make_tree().replace('next = "rest"', 'next = "gone"')
    path = write_toml("bad.toml", text, dedent=False)
    result = run_cli("fmt", path)
    assert result.code == 1
    assert path.read_text() == text
    assert f"{path}:27:3: error: answer 'No' of 'first' leads to 'gone', which does not exist" in result.err
    assert f"twitchtree: {path}: not formatted, because it has errors" in result.err


def test_fmt_refuses_a_file_that_is_not_toml(tmp_path, run_cli):
    path = tmp_path / "binary.toml"
    path.write_bytes(b"\x00\x01\x02")
    result = run_cli("fmt", path)
    assert result.code == 1
    assert path.read_bytes() == b"\x00\x01\x02"


@pytest.mark.parametrize("failing", ["replace", "fsync"])
def test_fmt_failing_to_write_leaves_the_original_intact(write_toml, run_cli, monkeypatch, tmp_path, failing):
    path = write_toml("messy.toml", MESSY, dedent=False)
    original = path.read_bytes()

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, failing, disk_full)
    result = run_cli("fmt", path)
    assert result.code == 1
    assert result.err == f"twitchtree: {path}: cannot write (No space left on device); the file is unchanged\n"
    assert path.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["messy.toml"]


def test_fmt_formats_case_files_and_libraries(write_toml, run_cli):
    library = write_toml("lib.toml", 'conditions.als = { summary = "One.", name = "ALS" }\nformat = 1\n', dedent=False)
    assert run_cli("fmt", library).code == 0
    assert library.read_text() == 'format = 1\n\n[conditions.als]\nname = "ALS"\nsummary = "One."\n'


def test_fmt_exits_2_for_a_missing_path(run_cli, tmp_path):
    assert run_cli("fmt", tmp_path / "missing.toml").code == 2


# -- new ---------------------------------------------------------------------------------


def test_new_writes_a_tree_that_checks_clean(run_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_cli("new", "my-tree")
    assert result.code == 0
    path = tmp_path / "my-tree.toml"
    assert check_file(path, today=date.today()) == []
    tree = load_tree(path)
    assert (tree.id, tree.title) == ("my-tree", "My tree")
    assert {o.urgency for o in tree.outcomes()} >= {"emergency", "self-care"}
    assert run_cli("check", path).code == 0


def test_new_writes_a_tree_that_fmt_leaves_as_it_is(run_cli, tmp_path):
    assert run_cli("new", "my-tree", "--dir", tmp_path).code == 0
    path = tmp_path / "my-tree.toml"
    written = path.read_bytes()
    assert b"\n# " in written  # it has comments to keep
    checked = run_cli("fmt", "--check", path)
    assert (checked.code, checked.out, checked.err) == (0, "", "")
    assert run_cli("fmt", path).code == 0
    assert path.read_bytes() == written


def test_new_names_its_schema_in_the_first_line_and_writes_it_beside_the_tree(run_cli, tmp_path):
    result = run_cli("new", "my-tree", "--dir", tmp_path)
    assert result.code == 0
    schema = tmp_path / "tree.schema.json"
    assert f"wrote {schema}, the schema its #:schema line names" in result.err
    text = (tmp_path / "my-tree.toml").read_text(encoding="utf-8")
    assert text.splitlines()[0] == "#:schema ./tree.schema.json"  # Taplo and Even Better TOML read this line
    assert json.loads(schema.read_text(encoding="utf-8")) == schema_for("tree")
    assert schema.read_text(encoding="utf-8") == run_cli("schema", "--kind", "tree").out
    data = json.loads(json.dumps(tomllib.loads(text), default=str))  # TOML dates as ISO text, as Taplo has them
    assert list(jsonschema.Draft202012Validator(schema_for("tree")).iter_errors(data)) == []


def test_new_keeps_a_schema_already_beside_it_and_says_when_it_is_another_version(run_cli, tmp_path):
    assert run_cli("new", "first", "--dir", tmp_path).code == 0
    schema = tmp_path / "tree.schema.json"
    second = run_cli("new", "second", "--dir", tmp_path)
    tree = tmp_path / "second.toml"
    assert (second.code, second.err) == (0, f"wrote {tree}; walk it with: twitchtree {tree}\n")  # the same schema
    schema.write_text("{}\n", encoding="utf-8")
    third = run_cli("new", "third", "--dir", tmp_path)
    assert third.code == 0
    assert f"twitchtree: {schema} is there already and is not this version's tree schema" in third.err
    assert schema.read_text(encoding="utf-8") == "{}\n"
    assert (tmp_path / "third.toml").read_text(encoding="utf-8").startswith("#:schema ./tree.schema.json\n")


def test_new_writes_into_dir(run_cli, tmp_path):
    assert run_cli("new", "other_tree", "--dir", tmp_path).code == 0
    assert load_tree(tmp_path / "other_tree.toml").id == "other_tree"


def test_new_refuses_to_overwrite(run_cli, tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text("precious")
    result = run_cli("new", "mine", "--dir", tmp_path)
    assert result.code == 2
    assert "already exists" in result.err
    assert path.read_text() == "precious"
    path.unlink()
    path.symlink_to(tmp_path / "elsewhere.toml")
    assert run_cli("new", "mine", "--dir", tmp_path).code == 2
    assert not (tmp_path / "elsewhere.toml").exists()


@pytest.mark.parametrize("tree_id", ["Capital", "_under", "has space", "../escape", ""])
def test_new_refuses_an_invalid_id(run_cli, tmp_path, tree_id):
    result = run_cli("new", tree_id, "--dir", tmp_path)
    assert result.code == 2
    assert "is not a valid id" in result.err
    assert list(tmp_path.iterdir()) == []


def test_new_refuses_a_missing_folder(run_cli, tmp_path):
    assert run_cli("new", "x", "--dir", tmp_path / "nope").code == 2


# -- ask ---------------------------------------------------------------------------------


@pytest.fixture
def walk_file(write_toml):
    return write_toml("walk.toml", WALK_TREE, dedent=False)


def test_ask_walks_to_an_outcome_and_prints_it_with_the_path(walk_file, run_cli):
    result = run_cli("ask", walk_file, stdin="1\nno\n2\n")
    assert result.code == 0
    out = result.out
    assert "Question 1: Is it spreading?\n  1) Yes\n  2) No\n" in out
    assert "Question 2: Any trouble breathing?" in out
    assert "Question 3: Has it lasted two weeks?" in out
    assert "Outcome: Rest" in out
    assert "Self-care: manage at home and watch for the red flags" in out
    assert (
        "1. Is it spreading? Yes\n   Spreading needs a closer look.\n"
        "2. Any trouble breathing? No\n3. Has it lasted two weeks? No\n" in out
    )
    assert out.endswith(f"\n\n{load_tree(walk_file).disclaimer}\n")
    assert "---" not in out  # a screen reader would read a rule out as dashes


def test_ask_back_restart_and_labels(walk_file, run_cli):
    result = run_cli("ask", walk_file, stdin="b\nYES\nback\nr\nNo\nB\n2\n1\n")
    assert result.code == 0
    assert "This is the first question." in result.out
    assert "Outcome: Book a visit" in result.out
    assert "1. Is it spreading? No\n2. Has it lasted two weeks? Yes\n" in result.out


def test_ask_matches_labels_as_the_walk_does(write_toml, run_cli):
    path = write_toml(
        "walk.toml", WALK_TREE.replace('label = "No", next = "q3"', 'label = " Not really ", next = "q3"')
    )
    result = run_cli("ask", path, stdin="not really\nno\n")
    assert result.code == 0
    assert "Outcome: Rest" in result.out


@pytest.mark.parametrize("reply", ["0", "3", "99999999999999999999", "-1", "maybe", "", "²", "\u00bd"])
def test_ask_bad_input_asks_again(walk_file, run_cli, reply):
    result = run_cli("ask", walk_file, stdin=f"{reply}\n2\n2\n")
    assert result.code == 0
    assert result.out.count("Question 1: Is it spreading?") == 2
    assert "Outcome: Rest" in result.out


def test_ask_quit_exits_1(walk_file, run_cli):
    result = run_cli("ask", walk_file, stdin="1\nq\n")
    assert result.code == 1
    assert result.out.endswith("Stopped.\n")
    assert "Outcome" not in result.out


def test_ask_end_of_input_exits_1(walk_file, run_cli):
    result = run_cli("ask", walk_file, stdin="1\n")
    assert result.code == 1
    assert result.out.endswith("No more input: stopped before reaching an outcome.\n")


def test_ask_of_a_broken_tree_exits_1(write_toml, make_tree, run_cli):
    path = write_toml("bad.toml", make_tree().replace('next = "rest"', 'next = "gone"'), dedent=False)
    result = run_cli("ask", path, stdin="1\n")
    assert result.code == 1
    assert "leads to 'gone'" in result.err


# -- no tracebacks, ever -------------------------------------------------------------------


def test_an_internal_error_is_one_line_without_traceback(tree_file, run_cli, monkeypatch):
    from twitchtree.model import check

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(check, "check_file", broken)
    result = run_cli("check", tree_file)
    assert result.code == 70
    assert result.err.splitlines() == [
        "twitchtree: internal error: RuntimeError: boom",
        "twitchtree: set TWITCHTREE_DEBUG=1 to see the details, and please report it",
    ]


def _hostile(tmp_path):
    binary = tmp_path / "binary.toml"
    binary.write_bytes(bytes(range(256)) * 4)
    latin = tmp_path / "latin.toml"
    latin.write_bytes(b'format = 1\nid = "caf\xe9"\n')
    deep = tmp_path / "deep.toml"
    deep.write_text("a = " + "[" * 100_000)
    escape = tmp_path / "escape.toml"
    escape.write_text('format = 1\n"\\u001b]0;owned\\u0007" = 1\n')
    return binary, latin, deep, escape


@pytest.mark.parametrize(
    ("args", "stdin"),
    [
        (["check", "{binary}", "{latin}", "{deep}", "{escape}", "{tmp}"], ""),
        (["show", "{binary}"], ""),
        (["export", "{latin}", "--format", "dot"], ""),
        (["fmt", "{deep}", "{escape}"], ""),
        (["ask", "{walk}"], "²\n\x00\n\udcff\n"),
        (["test", "{escape}"], ""),
        (["show", "{tmp}"], ""),
    ],
)
def test_hostile_input_never_shows_a_traceback(tmp_path, args, stdin, isolated_user_dirs):
    binary, latin, deep, escape = _hostile(tmp_path)
    walk = tmp_path / "walk.toml"
    walk.write_text(WALK_TREE)
    names = {"binary": binary, "latin": latin, "deep": deep, "escape": escape, "tmp": tmp_path, "walk": walk}
    argv = [arg.format(**names) for arg in args]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8:surrogateescape"}
    result = run_python("-m", "twitchtree", *argv, input=stdin.encode("utf-8", "surrogateescape"), env=env, text=False)
    stderr = result.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr
    assert result.returncode in (1, 2), stderr
    assert "internal error" not in stderr
    assert b"\x1b" not in result.stdout + result.stderr


@pytest.mark.parametrize("command", [["show"], ["ask"], ["export", "--format", "json"]])
def test_tree_commands_on_a_library_say_it_is_not_a_tree(write_toml, run_cli, command):
    path = write_toml("lib.toml", 'format = 1\n\n[conditions.als]\nname = "ALS"\nsummary = "One line."\n', dedent=False)
    result = run_cli(command[0], path, *command[1:], stdin="")
    assert result.code == 1
    assert result.out == ""
    assert (
        result.err == f"{path}:1:1: error: this is a condition library, not a tree (a tree has `start` and `[nodes]`)\n"
    )


def test_ask_heads_red_flags_to_fit_the_urgency(write_toml, run_cli):
    """Nothing is sooner than an emergency's "now": its red flags are what to watch for while waiting."""
    flags = 'sources = ["src"]\nred_flags = ["Lips turn blue: tell the call handler at once"]\n'
    text = WALK_TREE.replace('text = "Call emergency services."\nsources = ["src"]\n', f'text = "Call."\n{flags}')
    text = text.replace('text = "Within days."\nsources = ["src"]\n', f'text = "Within days."\n{flags}')
    path = write_toml("walk.toml", text, dedent=False)
    emergency = run_cli("ask", path, stdin="1\n1\n").out
    assert "While you wait for help, watch for\n\n- Lips turn blue" in emergency
    assert "sooner" not in emergency
    soon = run_cli("ask", path, stdin="2\n1\n").out
    assert "Act sooner if\n\n- Lips turn blue" in soon


def test_ask_prints_tree_markdown_as_plain_text_for_screen_readers(write_toml, run_cli):
    """``- **Sight or bladder:** …`` was printed as it is, and screen readers read out "star star"."""
    help_text = 'help = """\nAny of these?\n\n- **Sight or bladder:** sudden loss\n- See [the page](https://example.org/p)\n"""\n'
    text = WALK_TREE.replace('text = "Is it spreading?"\n', f'text = "Is it spreading?"\n{help_text}')
    text = text.replace(
        'text = "Watch for changes."', 'text = """\n1. **Rest** the muscle.\n2. _Stretch_ it gently.\n"""'
    )
    path = write_toml("walk.toml", text, dedent=False)
    result = run_cli("ask", path, stdin="2\n2\n")
    assert result.code == 0
    out = result.out
    assert (
        "Question 1: Is it spreading?\nAny of these?\n\n- Sight or bladder: sudden loss\n"
        "- See the page (https://example.org/p)\n  1) Yes\n" in out
    )
    assert (
        "Outcome: Rest\n\nSelf-care: manage at home and watch for the red flags\n\n"
        "1. Rest the muscle.\n2. Stretch it gently.\n" in out
    )
    assert "*" not in out and "_" not in out and "](" not in out
