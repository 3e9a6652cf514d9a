"""Which case files `train` and `serve` offer, and what they say about the files they cannot use."""

from __future__ import annotations

import os

from twitchtree.model.folders import MAX_DEPTH
from twitchtree.training.catalogue import load_catalogue


def test_a_case_file_nested_past_the_limit_gets_its_own_diagnostic_not_not_a_case_file(cases_file):
    deep = cases_file.parent / "deep-cases.toml"
    deep.write_text('tree = "drill"\nx = ' + "[" * 200 + "]" * 200 + "\n")

    catalogue = load_catalogue([deep, cases_file])

    (problem,) = catalogue.problems
    assert problem.startswith(f"{deep}:2:") and ": error: " in problem and "nest" in problem
    assert catalogue.entries  # the good file's cases are still offered


def test_a_folder_is_searched_to_a_bounded_depth_without_following_a_symlink_loop(cases_file, tmp_path):
    folder = cases_file.parent
    os.symlink(folder, folder / "loop")  # a link to its own folder
    deep = folder
    for n in range(MAX_DEPTH + 2):
        deep = deep / f"d{n}"
    deep.mkdir(parents=True)
    (deep / "lost-cases.toml").write_text(cases_file.read_text())

    catalogue = load_catalogue([folder])

    assert {entry.case_file.path for entry in catalogue.entries} == {cases_file}  # once, not through the loop
    told = f"{folder}: folders nest more than {MAX_DEPTH} deep; the deeper ones were not searched"
    assert catalogue.problems == [told]


def test_a_case_its_tree_cannot_score_is_left_out_with_checks_errors(cases_file):
    broken = cases_file.read_text().replace('weakness = "Yes" }', 'weakness = "Maybe" }')
    broken += '\n[[cases]]\nid = "nowhere"\ntitle = "Nowhere"\npatient = "x"\nanswers = { breathing = "No" }\n'
    broken += '\n  [cases.expect]\n  outcome = "nope"\n  urgency = "soon"\n'
    cases_file.write_text(broken)

    catalogue = load_catalogue([cases_file])

    assert [entry.case.id for entry in catalogue.entries] == ["tired-legs"]  # never scored against what is not there
    lines = broken.splitlines()
    maybe, nope = lines.index('answers = { breathing = "No", weakness = "Maybe" }'), lines.index('  outcome = "nope"')
    assert [problem.split(": error: ")[0].rsplit(":", 2)[0:2] for problem in catalogue.problems[:2]] == [
        [str(cases_file), str(maybe + 1)],
        [str(cases_file), str(nope + 1)],
    ]
    assert "\"Maybe\" is not an answer of 'weakness'" in catalogue.problems[0]
    assert "there is no node 'nope' in tree 'drill'" in catalogue.problems[1]
    assert catalogue.problems[2] == f"{cases_file}: 2 cases were left out; `twitchtree check` lists why"
