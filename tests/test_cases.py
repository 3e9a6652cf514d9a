"""Case files: the case runner, finding a case file's tree, `twitchtree check` and `twitchtree test` on them."""

from __future__ import annotations

import pytest

from builders import WALK_TREE
from twitchtree.model.cases import find_tree, is_case_file, read_cases, run_case
from twitchtree.model.diagnostics import LoadError
from twitchtree.model.files import buffers
from twitchtree.paths import bundled_trees

CASES = """\
format = 1
tree = "walk"

[[cases]]
id = "breathless"
title = "Spreading twitches and breathless"
patient = "A 60-year-old with spreading twitches who cannot finish a sentence."
answers = { q1 = "Yes", q2 = "Yes" }

  [cases.expect]
  outcome = "emergency"
  urgency = "emergency"
  must_ask = ["q2"]

[[cases]]
id = "lasting"
title = "Three weeks of calf twitching"
difficulty = "easy"
patient = "A runner whose calf has twitched for three weeks."
teaching = "Lasting twitching deserves a visit."

  [cases.answers]
  q1 = "No"
  q3 = "Yes"

  [cases.expect]
  outcome = "soon"
  urgency = "soon"
"""


@pytest.fixture
def case_file(write_toml):
    """``case_file(cases=CASES, tree=WALK_TREE) -> Path``: walk.toml and cases.toml side by side."""

    def write(cases: str = CASES, tree: str | None = WALK_TREE):
        if tree is not None:
            write_toml("walk.toml", tree, dedent=False)
        return write_toml("cases.toml", cases, dedent=False)

    return write


def run(path, index: int):
    cases = read_cases(path)
    return run_case(cases.cases[index], cases.load_tree(), cases.reporter)


# -- the runner ------------------------------------------------------------------------


def test_read_cases_keeps_every_field(case_file):
    cases = read_cases(case_file())
    assert cases.tree == "walk"
    first, second = cases.cases
    assert (first.id, first.answers, first.expect.outcome, first.expect.urgency, first.expect.must_ask) == (
        "breathless",
        {"q1": "Yes", "q2": "Yes"},
        "emergency",
        "emergency",
        ("q2",),
    )
    assert (second.difficulty, second.teaching, second.index, second.expect.must_ask) == (
        "easy",
        "Lasting twitching deserves a visit.",
        1,
        (),
    )


@pytest.mark.parametrize("index", [0, 1])
def test_a_case_whose_reference_path_holds_passes(case_file, index):
    result = run(case_file(), index)
    assert result.passed, result.failures
    assert (result.failures, result.errors) == ([], [])
    assert result.walk.done


def test_a_wrong_outcome_names_the_step_that_left_the_route(case_file):
    # The author retargets q1's "No" straight to "home": the case's route via q3 is gone.
    tree = WALK_TREE.replace(
        '{ label = "No", next = "q3" },\n]\n\n[nodes.q2]', '{ label = "No", next = "home" },\n]\n\n[nodes.q2]'
    )
    result = run(case_file(tree=tree), 1)
    assert not result.passed
    assert result.failures[0] == (
        "reached 'home' (self-care) instead of 'soon'; "
        "step 1 ('q1' = \"No\") led to 'home', which is not on the case's route"
    )
    assert result.failures[1] == "urgency is 'self-care', the case expects 'soon'"


def test_a_wrong_outcome_at_the_last_step_names_that_step(case_file):
    cases = CASES.replace('q3 = "Yes"', 'q3 = "No"').replace('outcome = "soon"', 'outcome = "home"')
    tree = WALK_TREE.replace('{ label = "No", next = "home" }', '{ label = "No", next = "soon" }')
    result = run(case_file(cases, tree), 1)
    assert result.failures[0] == (
        "reached 'soon' (soon) instead of 'home'; "
        "step 2 ('q3' = \"No\") led to 'soon', which is not on the case's route"
    )


def test_a_wrong_urgency_fails(case_file):
    result = run(case_file(CASES.replace('urgency = "soon"', 'urgency = "urgent"')), 1)
    assert result.failures == ["urgency is 'soon', the case expects 'urgent'"]


def test_a_missed_must_ask_question_fails(case_file):
    cases = CASES.replace(
        '  outcome = "soon"\n  urgency = "soon"', '  outcome = "soon"\n  urgency = "soon"\n  must_ask = ["q2", "q3"]'
    )
    result = run(case_file(cases), 1)
    assert result.failures == ["the path never asks 'q2' (must_ask)"]


def test_a_step_without_an_answer_fails_naming_the_step(case_file):
    result = run(case_file(CASES.replace('  q3 = "Yes"\n', "")), 1)
    assert result.failures == ["step 2: the case gives no answer for 'q3' (Has it lasted two weeks?)"]
    assert result.walk.node.id == "q3"


def test_an_unknown_label_is_reported_at_the_answers_key(case_file):
    path = case_file(CASES.replace('answers = { q1 = "Yes", q2 = "Yes" }', 'answers = { q1 = "Yes", q2 = "Maybe" }'))
    result = run(path, 0)
    assert result.failures == []
    assert [str(e) for e in result.errors] == [
        f'{path}:8:25: error: case \'breathless\': "Maybe" is not an answer of \'q2\' (answers: "Yes", "No")'
    ]
    assert not result.passed


def test_an_unknown_label_in_a_sub_table_is_reported_at_its_line(case_file):
    path = case_file(CASES.replace('q1 = "No"\n', 'q1 = "no way"\n'))
    (error,) = run(path, 1).errors
    assert str(error).startswith(f"{path}:23:3: error: case 'lasting': \"no way\" is not an answer of 'q1'")


# -- finding the tree --------------------------------------------------------------------


def test_find_tree_looks_in_the_case_files_folder_first(write_toml, make_tree):
    local = write_toml("mine.toml", make_tree("muscle-symptoms"), dedent=False)
    write_toml("a-library.toml", 'format = 1\nid = "muscle-symptoms"\n\n[sources.s]\ntitle = "S"\n', dedent=False)
    cases = write_toml("cases.toml", CASES.replace('tree = "walk"', 'tree = "muscle-symptoms"'), dedent=False)
    assert find_tree(cases, "muscle-symptoms") == local


def test_find_tree_falls_back_to_the_bundled_trees(write_toml):
    cases = write_toml("cases.toml", CASES.replace('tree = "walk"', 'tree = "muscle-symptoms"'), dedent=False)
    assert find_tree(cases, "muscle-symptoms") == bundled_trees()["muscle-symptoms"]
    assert find_tree(cases, "no-such-tree") is None


def test_an_editor_s_unsaved_tree_id_is_seen_when_finding_the_tree(write_toml, make_tree):
    """The language server checks case files against the trees as typed: the file on disk is unchanged, so
    nothing remembered by its modification time may stand in for the buffer."""
    tree = write_toml("mine.toml", make_tree("old-id"), dedent=False)
    cases = write_toml("cases.toml", CASES.replace('tree = "walk"', 'tree = "new-id"'), dedent=False)
    assert (find_tree(cases, "old-id"), find_tree(cases, "new-id")) == (tree, None)  # read from disk, remembered
    with buffers({tree.resolve(): make_tree("new-id").encode()}):
        assert (find_tree(cases, "old-id"), find_tree(cases, "new-id")) == (None, tree)
        assert read_cases(cases).load_tree().id == "new-id"
    assert (find_tree(cases, "old-id"), find_tree(cases, "new-id")) == (tree, None)


def test_a_missing_tree_is_a_load_error_at_the_tree_key(case_file):
    path = case_file(CASES.replace('tree = "walk"', 'tree = "elsewhere"'), tree=None)
    with pytest.raises(LoadError) as caught:
        read_cases(path).load_tree()
    assert str(caught.value) == f"{path}:2:1: error: tree 'elsewhere' is not in this folder or among the bundled trees"


def test_is_case_file(case_file, tree_file):
    assert is_case_file(case_file())
    assert not is_case_file(tree_file)


# -- twitchtree check on a case file ------------------------------------------------------


def test_check_accepts_good_cases(case_file, run_cli):
    result = run_cli("check", case_file())
    assert (result.code, result.out) == (0, "")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            'q2 = "Yes" }',
            'q2 = "Maybe" }',
            '8:25: error: case \'breathless\': "Maybe" is not an answer of \'q2\' (answers: "Yes", "No")',
        ),
        ('q2 = "Yes" }', 'q9 = "Yes" }', "8:25: error: case 'breathless': there is no node 'q9' in tree 'walk'"),
        ('q2 = "Yes" }', 'home = "Yes" }', "8:25: error: case 'breathless': 'home' is an outcome, not a question"),
        (
            'outcome = "emergency"',
            'outcome = "q2"',
            "11:3: error: case 'breathless': 'q2' is a question, not an outcome",
        ),
        (
            'outcome = "emergency"',
            'outcome = "gone"',
            "11:3: error: case 'breathless': there is no node 'gone' in tree 'walk'",
        ),
        (
            'urgency = "emergency"',
            'urgency = "urgent"',
            "12:3: error: case 'breathless': outcome 'emergency' is 'emergency', not 'urgent'",
        ),
        (
            'must_ask = ["q2"]',
            'must_ask = ["q2", "q7"]',
            "13:21: error: case 'breathless': there is no node 'q7' in tree 'walk'",
        ),
        ('id = "lasting"', 'id = "breathless"', "16:1: error: duplicate case id 'breathless'"),
        (
            'urgency = "soon"',
            'urgency = "later"',
            "28:3: error: 'cases[1].expect.urgency' must be one of "
            "'emergency', 'urgent', 'soon', 'routine' or 'self-care', not \"later\"",
        ),
        (
            'tree = "walk"',
            'tree = "missing"',
            "2:1: error: tree 'missing' is not in this folder or among the bundled trees, "
            "so the cases cannot be checked",
        ),
    ],
)
def test_check_reports_case_problems_at_their_keys(case_file, run_cli, old, new, expected):
    assert old in CASES
    path = case_file(CASES.replace(old, new, 1))
    result = run_cli("check", path)
    assert f"{path}:{expected}" in result.lines
    assert result.code == (1 if ": error: " in expected else 0)


def test_check_of_cases_whose_tree_has_errors_says_so(case_file, run_cli):
    path = case_file(tree=WALK_TREE.replace('next = "home"', 'next = "homme"'))
    result = run_cli("check", path)
    assert (
        f"{path}:2:1: error: cannot check the cases: their tree {path.parent / 'walk.toml'} has errors" in result.lines
    )
    assert result.code == 1


# -- twitchtree test ----------------------------------------------------------------------


def test_test_exits_0_when_every_case_passes(case_file, run_cli):
    result = run_cli("test", case_file())
    assert (result.code, result.out) == (0, "")
    assert "2 cases: 2 passed, 0 failed" in result.err


def test_test_exits_1_and_names_the_failing_case(case_file, run_cli):
    path = case_file(CASES.replace('urgency = "soon"', 'urgency = "routine"'))
    result = run_cli("test", path)
    assert result.code == 1
    assert result.lines == [f"{path}:15:1: error: case 'lasting' failed: urgency is 'soon', the case expects 'routine'"]
    assert "2 cases: 1 passed, 1 failed" in result.err


def test_test_exits_1_for_an_unknown_label(case_file, run_cli):
    path = case_file(CASES.replace('q2 = "Yes" }', 'q2 = "Maybe" }'))
    result = run_cli("test", path)
    assert result.code == 1
    assert result.lines[0].startswith(f"{path}:8:25: error: case 'breathless': \"Maybe\" is not an answer")


def test_test_exits_1_for_a_case_file_with_errors_or_without_its_tree(case_file, run_cli, tmp_path):
    bad = case_file(CASES.replace('title = "Spreading', 'titel = "Spreading'))
    result = run_cli("test", bad)
    assert result.code == 1
    assert f"{bad}:6:1: error: unknown key 'titel' in [cases[0]]; did you mean 'title'?" in result.lines
    assert result.err == "0 cases: 0 passed, 0 failed; 1 file could not be read\n"
    orphan = case_file(CASES.replace('tree = "walk"', 'tree = "nowhere"'), tree=None)
    result = run_cli("test", orphan)
    assert result.code == 1
    assert result.lines == [f"{orphan}:2:1: error: tree 'nowhere' is not in this folder or among the bundled trees"]


def test_test_fails_a_case_with_a_duplicate_id_and_runs_the_others(case_file, run_cli):
    duplicated = CASES.replace('id = "lasting"', 'id = "breathless"')
    path = case_file(duplicated)
    result = run_cli("test", path)
    assert (result.code, result.lines) == (1, [f"{path}:16:1: error: duplicate case id 'breathless'"])
    assert "2 cases: 1 passed, 1 failed" in result.err
    path = case_file(duplicated.replace('urgency = "emergency"', 'urgency = "urgent"'))
    result = run_cli("test", path)
    assert result.lines == [
        f"{path}:16:1: error: duplicate case id 'breathless'",
        f"{path}:4:1: error: case 'breathless' failed: urgency is 'emergency', the case expects 'urgent'",
    ]
    assert "2 cases: 0 passed, 2 failed" in result.err


def test_test_counts_every_case_of_a_file_whose_tree_has_errors(case_file, run_cli):
    path = case_file(tree=WALK_TREE.replace('next = "home"', 'next = "homme"'))
    result = run_cli("test", path)
    assert result.code == 1
    assert "2 cases: 0 passed, 2 failed" in result.err


def test_test_recurses_into_folders_and_skips_trees(case_file, run_cli, tmp_path):
    case_file()
    result = run_cli("test", tmp_path)
    assert result.code == 0
    assert "2 cases: 2 passed, 0 failed" in result.err


def test_test_runs_a_case_file_whose_keys_are_quoted(case_file, run_cli, tmp_path):
    """`check` and `test` decide a file's kind from the parsed data, so both see this case file."""
    path = case_file(CASES.replace('tree = "walk"', '"tree" = "walk"'))
    assert run_cli("check", path).code == 0
    result = run_cli("test", tmp_path)
    assert result.code == 0, result.err
    assert "2 cases: 2 passed, 0 failed" in result.err


def test_the_author_views_find_case_files_by_their_parsed_tree_key(case_file, write_toml):
    from twitchtree.model.authoring import case_files_for
    from twitchtree.model.load import load_tree

    quoted = case_file(CASES.replace('tree = "walk"', '"tree" = "walk"'))
    write_toml("other.toml", CASES.replace('tree = "walk"', 'tree = "other"'), dedent=False)
    write_toml("not-toml.toml", "tree = [", dedent=False)
    assert case_files_for(load_tree(quoted.parent / "walk.toml")) == [quoted]


def test_test_reports_a_file_whose_kind_cannot_be_told(case_file, write_toml, run_cli, tmp_path):
    case_file()
    broken = write_toml("broken.toml", 'format = 1\ntree = "walk\n', dedent=False)
    result = run_cli("test", tmp_path)
    assert result.code == 1
    assert [line.split(": error: ")[0] for line in result.lines] == [f"{broken}:2:13"]
    assert result.err == "2 cases: 2 passed, 0 failed; 1 file could not be read\n"


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ('[[cases]]\nid = "breathless"', '[[cases]\nid = "breathless"', "4:8"),  # TOML syntax
        ('urgency = "emergency"', 'urgency = "dire"', "12:3"),  # not an urgency
        ('tree = "walk"', 'tree = "walk"\ntrees = "walk"', "3:1"),  # an unknown key
        ('tree = "walk"\n', "", "1:1"),  # no tree: a file of unknown kind
    ],
)
def test_a_case_file_with_errors_is_a_file_that_could_not_be_read_not_a_case(
    case_file, write_toml, run_cli, tmp_path, old, new, where
):
    good = case_file()
    assert old in CASES
    bad = write_toml("bad-cases.toml", CASES.replace(old, new), dedent=False)
    result = run_cli("test", good, bad)
    assert result.code == 1
    assert result.lines and all(line.startswith(f"{bad}:") and ": error: " in line for line in result.lines)
    assert result.lines[0].startswith(f"{bad}:{where}: error: ")
    assert result.err == "2 cases: 2 passed, 0 failed; 1 file could not be read\n"
    worse = write_toml("worse-cases.toml", CASES.replace(old, new), dedent=False)
    both = run_cli("test", bad, worse)
    assert (both.code, both.err) == (1, "0 cases: 0 passed, 0 failed; 2 files could not be read\n")


def test_a_case_files_tree_is_found_by_its_quoted_id(case_file, run_cli):
    tree = WALK_TREE.replace('id = "walk"', "'id' = \"walk\"").replace('start = "q1"', '"start" = "q1"')
    path = case_file(tree=tree)
    assert find_tree(path, "walk") == path.parent / "walk.toml"
    assert run_cli("test", path).code == 0


@pytest.mark.parametrize("make_args", [lambda tmp: [tmp / "missing.toml"], lambda tmp: [tmp / "walk.toml"]])
def test_test_exits_2_for_a_missing_path_or_no_case_files(case_file, run_cli, tmp_path, make_args):
    case_file()
    result = run_cli("test", *make_args(tmp_path))
    assert result.code == 2
    assert result.err.startswith("twitchtree: ")


def test_a_label_with_surrounding_space_runs_like_any_other(case_file, run_cli):
    tree = WALK_TREE.replace('{ label = "No", next = "q3" }', '{ label = "No ", next = "q3" }')
    path = case_file(CASES.replace('q1 = "No"', 'q1 = "No "'), tree)
    result = run_cli("test", path)
    assert result.code == 0, result.err
