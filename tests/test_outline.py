"""model/outline.py and model/project.py without the protocol: what the language server is built on."""

from __future__ import annotations

import time
from pathlib import Path

from builders import WALK_CASES, WALK_TREE
from twitchtree.model.assist import complete, fixes, hover
from twitchtree.model.outline import MAX_ANALYSED, Outline
from twitchtree.model.project import Project, RenameError


def test_places_cover_every_id_once_per_place_it_is_written():
    outline = Outline.of(Path("walk.toml"), WALK_TREE)
    q3 = [(p.defines, WALK_TREE[p.start : p.end]) for p in outline.places if p.kind == "node" and p.id == "q3"]
    assert q3 == [(False, "q3"), (False, "q3"), (True, "q3")]  # two answers lead to it, one table defines it


def test_a_file_too_big_to_analyse_answers_at_once_with_nothing(tmp_path):
    path = tmp_path / "big.toml"
    text = "a = [" + ",".join(["1"] * (MAX_ANALYSED // 2 + 1)) + "]\n"
    project = Project([tmp_path])
    project.open(path, text)
    started = time.perf_counter()
    assert complete(project, path, len(text) - 2) == []
    assert hover(project, path, 3) is None
    assert project.outline(path).symbols() == []
    assert time.perf_counter() - started < 5  # generous: it neither parses nor scans the text


def test_rename_refuses_an_id_that_exists_and_one_that_is_not_an_id(tmp_path):
    (tmp_path / "walk.toml").write_text(WALK_TREE, encoding="utf-8")
    (tmp_path / "walk-cases.toml").write_text(WALK_CASES, encoding="utf-8")
    project = Project([tmp_path])
    place = project.place_at(tmp_path / "walk.toml", WALK_TREE.index("[nodes.q2]") + 8)
    assert place is not None and place.id == "q2"
    for new, why in (("q3", "already exists"), ("Q 2", "not a valid id")):
        try:
            project.rename(place, new)
        except RenameError as exc:
            assert why in str(exc)
        else:
            raise AssertionError(new)
    edits = project.rename(place, "breathing")
    assert sorted((e.path.name, e.text) for e in edits) == [
        ("walk-cases.toml", "breathing"),
        ("walk-cases.toml", "breathing"),
        ("walk.toml", "breathing"),
        ("walk.toml", "breathing"),
    ]


def test_did_you_mean_fixes_the_word_the_message_quotes(tmp_path):
    text = WALK_TREE.replace('{ label = "No", next = "q3" },', '{ label = "No", next = "q33" },')
    path = tmp_path / "walk.toml"
    project = Project([tmp_path])
    project.open(path, text)
    line_start = text.index('  { label = "No", next = "q33" }')
    message = "answer 'No' of 'q1' leads to 'q33', which does not exist; did you mean 'q3'?"
    (fix, *creates) = fixes(project, path, line_start, message)
    (edit,) = fix.edits
    assert text[edit.start : edit.end] == "q33" and edit.text == "q3"
    assert [a.title for a in creates] == ["Create question 'q33'", "Create outcome 'q33'"]


def _linked_workspace(folder: Path) -> dict[str, Path]:
    """base.toml (a library) ← mid.toml (a library using it) ← walk.toml ← walk-cases.toml; other.toml uses base."""
    files = {
        "base": 'format = 1\n\n[sources.far]\ntitle = "Far away"\n',
        "mid": 'format = 1\nuses = ["base.toml"]\n\n[conditions.cond]\nname = "C"\nsummary = "S."\nsources = ["far"]\n',
        "walk": WALK_TREE.replace('start = "q1"\n', 'start = "q1"\nuses = ["mid.toml"]\n'),
        "walk-cases": WALK_CASES,
        "other": WALK_TREE.replace('id = "walk"', 'id = "other"').replace(
            'start = "q1"\n', 'start = "q1"\nuses = ["base.toml"]\n'
        ),
    }
    for name, text in files.items():
        (folder / f"{name}.toml").write_text(text, encoding="utf-8")
    return {name: (folder / f"{name}.toml").resolve() for name in files}


def test_dependents_are_the_files_that_read_the_one_changed(tmp_path):
    paths = _linked_workspace(tmp_path)
    project = Project([tmp_path])
    named = {path: name for name, path in paths.items()}
    assert sorted(named[p] for p in project.dependents(paths["base"])) == ["mid", "other", "walk", "walk-cases"]
    assert [named[p] for p in project.dependents(paths["mid"])] == ["walk", "walk-cases"]
    assert [named[p] for p in project.dependents(paths["walk"])] == ["walk-cases"]  # not other: it reads no walk
    assert project.dependents(paths["walk-cases"]) == []


def test_an_edit_that_changes_what_a_buffer_uses_or_names_is_seen_at_once(tmp_path):
    paths = _linked_workspace(tmp_path)
    project = Project([tmp_path])
    walk = (tmp_path / "walk.toml").read_text(encoding="utf-8")
    project.open(paths["walk"], walk)
    assert project.libraries(paths["walk"]) == [paths["mid"], paths["base"]]
    project.open(paths["walk"], walk.replace('title = "S"', 'title = "Another S"'))  # links unchanged
    assert project.libraries(paths["walk"]) == [paths["mid"], paths["base"]]
    project.open(paths["walk"], walk.replace('uses = ["mid.toml"]', 'uses = ["base.toml"]'))
    assert project.libraries(paths["walk"]) == [paths["base"]]
    assert paths["walk"] not in project.dependents(paths["mid"])
    assert project.dependents(paths["walk"]) == [paths["walk-cases"]]
    project.open(paths["walk-cases"], WALK_CASES.replace('tree = "walk"', 'tree = "other"'))
    assert project.tree_of(paths["walk-cases"]) == paths["other"]
    assert project.dependents(paths["walk"]) == []


def test_a_file_that_appears_on_disk_is_found_at_the_next_walk(tmp_path, monkeypatch):
    paths = _linked_workspace(tmp_path)
    project = Project([tmp_path])
    project.open(paths["walk"], (tmp_path / "walk.toml").read_text(encoding="utf-8"))
    assert [p.name for p in project.dependents(paths["walk"])] == ["walk-cases.toml"]
    monkeypatch.setattr("twitchtree.model.project.WALK_EVERY", 0.0)  # the next look walks the folders again
    (tmp_path / "more-cases.toml").write_text(WALK_CASES, encoding="utf-8")  # made by another program
    assert [p.name for p in project.dependents(paths["walk"])] == ["more-cases.toml", "walk-cases.toml"]
