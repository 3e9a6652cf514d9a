"""Hostile paths, names and replies: every command answers with a clear line, never exit 70 or a control code.

- ``uses`` naming a symlink loop, ``show`` and ``check`` of one;
- folders nested 1,100 deep for ``check``, ``fmt`` and ``test``; an empty
  folder named ``x.toml``;
- file names carrying escape sequences or bytes that are not UTF-8, printed
  by ``fmt`` (from a folder listing), ``fmt --check``, ``export -o``,
  ``new``, ``show`` and ``check``;
- ``ask`` given a 5,000-digit answer, an endless line, an escape sequence;
- a case file whose tree is missing, or whose folder has two trees with its id.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hostile_support import TERMINAL_CODES

from builders import WALK_CASES, WALK_TREE
from support import run_twitchtree
from twitchtree.model.folders import MAX_DEPTH

SYMLINK_LOOP = "is a symlink loop"


def _clean(result) -> None:
    assert "Traceback" not in result.err and "internal error" not in result.err
    assert not TERMINAL_CODES.search(result.out + result.err)


@pytest.fixture
def loop(tmp_path) -> Path:
    """loop-a.toml → loop-b.toml → loop-a.toml, and a tree that uses the loop, and its case file."""
    (tmp_path / "loop-a.toml").symlink_to("loop-b.toml")
    (tmp_path / "loop-b.toml").symlink_to("loop-a.toml")
    tree = WALK_TREE.replace('start = "q1"', 'start = "q1"\nuses = ["loop-a.toml"]')
    assert tree != WALK_TREE
    (tmp_path / "walk.toml").write_text(tree, encoding="utf-8")
    (tmp_path / "cases.toml").write_text(WALK_CASES, encoding="utf-8")
    return tmp_path


def test_uses_naming_a_symlink_loop_is_an_error_in_check_and_test(loop):
    line = WALK_TREE.split("\n").index('start = "q1"') + 2
    want = f"walk.toml:{line}:9: error: cannot read library 'loop-a.toml': {SYMLINK_LOOP}"
    checked = run_twitchtree("check", "walk.toml", cwd=loop)
    assert (checked.code, checked.out.splitlines()) == (1, [want])
    tested = run_twitchtree("test", "cases.toml", cwd=loop)
    assert tested.code == 1 and want in tested.out.splitlines()
    for result in (checked, tested):
        _clean(result)


def test_a_symlink_loop_named_on_the_command_line_is_called_one(loop):
    shown = run_twitchtree("show", "loop-a.toml", cwd=loop)
    assert (shown.code, shown.err) == (2, f"twitchtree: loop-a.toml: {SYMLINK_LOOP}\n")
    checked = run_twitchtree("check", "loop-a.toml", cwd=loop)
    assert checked.code == 2 and f"twitchtree: loop-a.toml: cannot read: {SYMLINK_LOOP}" in checked.err
    _clean(shown)
    _clean(checked)


@pytest.fixture
def deep(tmp_path) -> Iterator[Path]:
    """Folders 1,100 deep with a tree at the bottom, beside a good tree at the top."""
    (tmp_path / "walk.toml").write_text(WALK_TREE, encoding="utf-8")
    bottom = tmp_path
    for _ in range(1100):  # one at a time: Path.mkdir(parents=True) recurses
        bottom = bottom / "d"
        bottom.mkdir()
    (bottom / "deep.toml").write_text(WALK_TREE, encoding="utf-8")
    yield tmp_path
    (bottom / "deep.toml").unlink()
    while bottom != tmp_path:  # bottom up: shutil.rmtree, which pytest cleans up with, recurses
        bottom.rmdir()
        bottom = bottom.parent


@pytest.mark.parametrize("command", ["check", "fmt", "test"])
def test_a_folder_1100_deep_is_searched_to_a_bound_and_said_so(deep, command):
    result = run_twitchtree(command, ".", cwd=deep, timeout=30)
    message = f"twitchtree: .: folders nest more than {MAX_DEPTH} deep; the deeper ones were not searched"
    assert result.code == 2
    assert message in result.err.splitlines()
    _clean(result)


@pytest.mark.parametrize("command", ["check", "fmt", "fmt --check", "test"])
def test_an_empty_folder_named_like_a_file_is_said_to_be_empty(tmp_path, command):
    (tmp_path / "x.toml").mkdir()
    result = run_twitchtree(*command.split(), "x.toml", cwd=tmp_path)
    assert result.code == 2
    assert "twitchtree: x.toml: no .toml files found in this folder" in result.err.splitlines()
    _clean(result)


# -- names that are not text -------------------------------------------------------------------

ESCAPE = "\x1b]0;owned\x07"
SHOWN = "\\u001b]0;owned\\u0007"


def test_fmt_prints_names_from_a_folder_listing_escaped(tmp_path):
    folder = tmp_path / "trees"
    folder.mkdir()
    untidy = WALK_TREE.replace('title = "Walk"', 'title   =   "Walk"')
    assert untidy != WALK_TREE
    (folder / f"{ESCAPE}.toml").write_text(untidy, encoding="utf-8")
    (folder / os.fsdecode(b"caf\xe9.toml")).write_text(untidy, encoding="utf-8")  # not UTF-8: a surrogate
    checked = run_twitchtree("fmt", "--check", "trees", cwd=tmp_path)
    assert checked.code == 1
    assert sorted(checked.out.splitlines()) == [
        f"trees/{SHOWN}.toml: not in canonical form (first difference at line 3)",
        "trees/caf\\xe9.toml: not in canonical form (first difference at line 3)",
    ]
    formatted = run_twitchtree("fmt", "trees", cwd=tmp_path)
    assert formatted.code == 0
    assert sorted(formatted.err.splitlines()) == [f"formatted trees/{SHOWN}.toml", "formatted trees/caf\\xe9.toml"]
    for result in (checked, formatted):
        _clean(result)


def test_every_command_prints_a_hostile_file_name_escaped(tmp_path):
    name = f"{ESCAPE}.toml"
    (tmp_path / name).write_text(WALK_TREE.replace('start = "q1"', 'start = "nowhere"'), encoding="utf-8")
    results = {
        "check": run_twitchtree("check", name, cwd=tmp_path),
        "show": run_twitchtree("show", name, cwd=tmp_path),
        "export": run_twitchtree("export", "walk.toml", "-f", "json", "-o", f"out{ESCAPE}.json", cwd=_walk(tmp_path)),
        "new": run_twitchtree("new", "fresh", "--dir", ESCAPE, cwd=_folder(tmp_path / ESCAPE)),
    }
    assert results["check"].out.startswith(f"{SHOWN}.toml:")
    assert results["show"].err.startswith(f"{SHOWN}.toml:")
    assert results["export"].err == f"wrote out{SHOWN}.json\n"
    assert results["new"].err.startswith(f"wrote {SHOWN}/fresh.toml; walk it with: twitchtree {SHOWN}/fresh.toml")
    for result in results.values():
        _clean(result)


def _walk(folder: Path) -> Path:
    (folder / "walk.toml").write_text(WALK_TREE, encoding="utf-8")
    return folder


def _folder(path: Path) -> Path:
    path.mkdir()
    return path.parent


# -- ask -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reply", "said"),
    [
        ("9" * 5000, "choose an answer from 1 to 2."),
        (f"{ESCAPE}yes", f"'{SHOWN}yes' is not one of the answers."),
        ("\x9b2J", "'\\u009b2J' is not one of the answers."),
        ("x" * 100_000, "'…' is not one of the answers."),
    ],
    ids=["5000-digits", "osc-title", "c1-csi", "endless-line"],
)
def test_ask_answers_any_reply_and_never_echoes_a_control_code(tmp_path, reply, said):
    result = run_twitchtree("ask", "walk.toml", cwd=_walk(tmp_path), stdin=f"{reply}\nq\n")
    assert result.code == 1
    assert said in result.out
    _clean(result)


# -- case files and their trees -------------------------------------------------------------------


def test_a_case_file_whose_tree_is_missing_fails_check_as_it_fails_test(tmp_path):
    (tmp_path / "cases.toml").write_text(WALK_CASES.replace('tree = "walk"', 'tree = "nowhere"'), encoding="utf-8")
    message = "tree 'nowhere' is not in this folder or among the bundled trees"
    checked = run_twitchtree("check", "cases.toml", cwd=tmp_path)
    assert (checked.code, checked.out) == (1, f"cases.toml:2:1: error: {message}, so the cases cannot be checked\n")
    tested = run_twitchtree("test", "cases.toml", cwd=tmp_path)
    assert (tested.code, tested.out) == (1, f"cases.toml:2:1: error: {message}\n")


def test_two_trees_with_the_id_of_a_case_files_tree_are_an_error_naming_both(tmp_path):
    _walk(tmp_path)
    (tmp_path / "walk-copy.toml").write_text(WALK_TREE, encoding="utf-8")
    (tmp_path / "cases.toml").write_text(WALK_CASES, encoding="utf-8")
    message = "two trees in this folder have the id 'walk': walk-copy.toml and walk.toml; keep one"
    for command in ("check", "test"):
        result = run_twitchtree(command, "cases.toml", cwd=tmp_path)
        assert (result.code, result.out) == (1, f"cases.toml:2:1: error: {message}\n"), command
