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
