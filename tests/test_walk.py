"""The Walk: the one object every front end drives to answer, go back, restart, jump and reload."""

from __future__ import annotations

import pytest

from builders import WALK_TREE, balanced_tree, chain_tree
from twitchtree.model.load import load_tree
from twitchtree.model.tree import TreeNode
from twitchtree.model.walk import Walk, WalkError


@pytest.fixture
def write_walk_tree(write_toml):
    """``write_walk_tree(text=WALK_TREE) -> Tree``: (re)write walk.toml and load it."""

    def write(text: str = WALK_TREE):
        return load_tree(write_toml("walk.toml", text, dedent=False))

    return write


@pytest.fixture
def walk(write_walk_tree) -> Walk:
    return Walk(write_walk_tree())


def ids(walk: Walk) -> list[str]:
    return [node.id for node in walk.path]


# -- answering ---------------------------------------------------------------------


def test_a_new_walk_is_at_the_start(walk):
    assert ids(walk) == ["q1"]
    assert (walk.depth, walk.done, walk.outcome, walk.steps, walk.answers) == (0, False, None, [], {})
    assert walk.question.text == "Is it spreading?"


def test_answer_by_zero_based_index(walk):
    node = walk.answer(1)
    assert node is walk.node
    assert ids(walk) == ["q1", "q3"]
    walk.answer(0)
    assert walk.done
    assert walk.outcome.id == "soon"
    assert walk.outcome.urgency == "soon"


@pytest.mark.parametrize("label", ["Yes", "yes", "YES", "  yEs \n"])
def test_answer_by_label_ignores_case_and_surrounding_space(walk, label):
    walk.answer(label)
    assert walk.node.id == "q2"


@pytest.mark.parametrize("choice", [2, -1, 99])
def test_an_index_out_of_range_raises_walk_error(walk, choice):
    with pytest.raises(WalkError, match="choose an answer from 1 to 2"):
        walk.answer(choice)
    assert ids(walk) == ["q1"]


def test_an_unknown_label_raises_walk_error_naming_the_answers(walk):
    with pytest.raises(WalkError, match=r"'Maybe' is not an answer to 'q1' \(answers: Yes, No\)"):
        walk.answer("Maybe")
    assert ids(walk) == ["q1"]


def test_answering_at_an_outcome_raises_walk_error(walk):
    walk.answer("Yes")
    walk.answer("Yes")
    assert walk.outcome.id == "emergency"
    with pytest.raises(WalkError, match="at an outcome"):
        walk.answer(0)


def test_walk_error_is_a_value_error():
    assert issubclass(WalkError, ValueError)


# -- the path --------------------------------------------------------------------------


def test_node_path_is_the_reasoning_path(walk):
    walk.answer("Yes")
    walk.answer("No")
    walk.answer("No")
    path = walk.node.path
    assert [n.id for n in path] == ["q1", "q2", "q3", "home"]
    assert [n.via.label if n.via else None for n in path] == [None, "Yes", "No", "No"]
    assert path[1].via.why == "Spreading needs a closer look."
    assert walk.path == path
    assert all(isinstance(n, TreeNode) for n in path)


def test_steps_and_answers_describe_the_answered_questions(walk):
    walk.answer("Yes")
    walk.answer("No")
    steps = walk.steps
    assert [(s.number, s.question.id, s.answer.label, s.node.id) for s in steps] == [
        (1, "q1", "Yes", "q1"),
        (2, "q2", "No", "q2"),
    ]
    assert walk.answers == {"q1": "Yes", "q2": "No"}
    assert walk.depth == 2


def test_the_same_node_reached_by_two_routes_keeps_each_route(walk):
    walk.answer("No")
    short = walk.node
    walk.restart()
    walk.answer("Yes")
    walk.answer("No")
    assert walk.node.id == short.id == "q3"
    assert walk.node is not short
    assert walk.depth == 2 and short.depth == 1


# -- moving around -------------------------------------------------------------------


def test_back_undoes_the_last_answer_and_is_false_at_the_start(walk):
    assert walk.back() is False
    assert ids(walk) == ["q1"]
    walk.answer("Yes")
    walk.answer("Yes")
    assert walk.back() is True
    assert ids(walk) == ["q1", "q2"]
    assert walk.back() is True
    assert walk.back() is False
    assert ids(walk) == ["q1"]


def test_back_then_a_different_answer_changes_the_path(walk):
    walk.answer("Yes")
    walk.back()
    walk.answer("No")
    assert walk.answers == {"q1": "No"}


def test_restart_returns_to_the_start(walk):
    walk.answer("No")
    walk.answer("No")
    walk.restart()
    assert ids(walk) == ["q1"]
    assert walk.steps == []


def test_jump_returns_to_an_earlier_step(walk):
    walk.follow({"q1": "Yes", "q2": "No", "q3": "Yes"})
    walk.jump(2)
    assert ids(walk) == ["q1", "q2", "q3"]
    walk.jump(0)
    assert ids(walk) == ["q1"]


@pytest.mark.parametrize("depth", [-1, 2, 10])
def test_jump_past_the_path_raises_walk_error(walk, depth):
    walk.answer("No")
    with pytest.raises(WalkError, match=f"no step {depth}"):
        walk.jump(depth)
    assert ids(walk) == ["q1", "q3"]


@pytest.mark.parametrize(
    ("target", "route"),
    [
        ("q1", ["q1"]),
        ("q3", ["q1", "q3"]),  # shortest: not through q2
        ("home", ["q1", "q3", "home"]),
        ("emergency", ["q1", "q2", "emergency"]),
    ],
)
def test_goto_plays_from_any_node_along_a_shortest_path(walk, target, route):
    walk.answer("Yes")
    walk.goto(target)
    assert ids(walk) == route
    assert all(node.via.next == node.id for node in walk.path[1:])


def test_goto_an_unknown_node_raises_walk_error(walk):
    with pytest.raises(WalkError, match="there is no node 'nope'"):
        walk.goto("nope")


def test_goto_an_unreachable_node_raises_walk_error(write_walk_tree):
    extra = '\n[nodes.orphan]\ntype = "outcome"\nurgency = "soon"\ntitle = "O"\ntext = "O"\nsources = ["src"]\n'
    walk = Walk(write_walk_tree(WALK_TREE + extra))
    with pytest.raises(WalkError, match="cannot be reached"):
        walk.goto("orphan")
    assert ids(walk) == ["q1"]


def test_follow_answers_from_the_start(walk):
    walk.answer("Yes")
    walk.follow({"q1": "No", "q3": "no", "q2": "Yes"})
    assert ids(walk) == ["q1", "q3", "home"]
    assert walk.done


def test_follow_stops_at_the_first_question_without_an_answer(walk):
    walk.follow({"q1": "Yes"})
    assert ids(walk) == ["q1", "q2"]
    assert not walk.done


def test_follow_raises_for_a_label_the_question_does_not_offer(walk):
    with pytest.raises(WalkError):
        walk.follow({"q1": "Yes", "q2": "Perhaps"})


def test_a_walk_can_start_at_a_given_node(walk):
    walk.answer("No")
    other = Walk(walk.tree, walk.node)
    assert ids(other) == ["q1", "q3"]
    other.answer("Yes")
    assert ids(walk) == ["q1", "q3"]


# -- rebase: the author preview reloads the tree under the walk ---------------------------


def test_rebase_keeps_the_path_when_the_ids_survive(walk, write_walk_tree):
    walk.follow({"q1": "Yes", "q2": "No", "q3": "No"})
    edited = WALK_TREE.replace("Any trouble breathing?", "Any trouble breathing at all?").replace(
        '  { label = "No", next = "q3" },\n]\n\n[nodes.q2]',
        '  { label = "Unsure", next = "q2" },\n  { label = "No", next = "q3" },\n]\n\n[nodes.q2]',
    )
    new_tree = write_walk_tree(edited)
    assert walk.rebase(new_tree) == 3
    assert walk.tree is new_tree
    assert ids(walk) == ["q1", "q2", "q3", "home"]
    assert walk.path[1].spec.text == "Any trouble breathing at all?"
    assert walk.node.tree is new_tree


def test_rebase_stops_at_the_nearest_valid_step_when_a_node_is_removed(walk, write_walk_tree):
    walk.follow({"q1": "Yes", "q2": "No", "q3": "Yes"})
    start = WALK_TREE.index("[nodes.q2]")
    without_q2 = WALK_TREE[:start] + WALK_TREE[WALK_TREE.index("[nodes.q3]") :]
    without_q2 = without_q2.replace(
        '{ label = "Yes", next = "q2", why = "Spreading needs a closer look." }',
        '{ label = "Yes", next = "emergency" }',
    )
    assert walk.rebase(write_walk_tree(without_q2)) == 1
    assert ids(walk) == ["q1", "emergency"]


def test_rebase_stops_at_the_nearest_valid_step_when_a_node_is_renamed(walk, write_walk_tree):
    walk.follow({"q1": "No", "q3": "No"})
    renamed = WALK_TREE.replace('next = "q3"', 'next = "lasting"').replace("[nodes.q3]", "[nodes.lasting]")
    assert walk.rebase(write_walk_tree(renamed)) == 1
    assert ids(walk) == ["q1", "lasting"]
    assert walk.answers == {"q1": "No"}


def test_rebase_follows_a_retargeted_answer_and_stops_there(walk, write_walk_tree):
    walk.follow({"q1": "No", "q3": "No"})
    retargeted = WALK_TREE.replace(
        '{ label = "No", next = "q3" },\n]\n\n[nodes.q2]', '{ label = "No", next = "q2" },\n]\n\n[nodes.q2]'
    )
    assert walk.rebase(write_walk_tree(retargeted)) == 1
    assert ids(walk) == ["q1", "q2"]


def test_rebase_onto_a_new_start_goes_to_the_start(walk, write_walk_tree):
    walk.follow({"q1": "No"})
    assert walk.rebase(write_walk_tree(WALK_TREE.replace('start = "q1"', 'start = "q2"'))) == 0
    assert ids(walk) == ["q2"]


def test_rebase_of_a_fresh_walk_keeps_nothing_and_changes_nothing(walk, write_walk_tree):
    assert walk.rebase(write_walk_tree()) == 0
    assert ids(walk) == ["q1"]


# -- large trees -----------------------------------------------------------------------


def test_children_are_built_lazily(write_toml, monkeypatch):
    tree = load_tree(write_toml("wide.toml", balanced_tree(10_001), dedent=False))
    built: list[str] = []
    original = TreeNode.__init__

    def counting(self, tree, spec, *args, **kwargs):
        built.append(spec.id)
        original(self, tree, spec, *args, **kwargs)

    monkeypatch.setattr(TreeNode, "__init__", counting)
    walk = Walk(tree)
    assert [c.id for c in walk.node.children] == ["n1", "n2"]
    assert built == ["n0", "n1", "n2"]
    walk.answer("Right")
    assert built == ["n0", "n1", "n2"]
    assert [c.id for c in walk.node.children] == ["n5", "n6"]
    assert built == ["n0", "n1", "n2", "n5", "n6"]


def test_a_chain_deeper_than_the_recursion_limit_can_be_walked(write_toml):
    tree = load_tree(write_toml("chain.toml", chain_tree(1500), dedent=False))
    walk = Walk(tree)
    walk.follow({f"q{n}": "Yes" for n in range(1500)})
    assert walk.done and walk.depth == 1500
    assert len(walk.steps) == 1500
    walk.goto("q1499")
    assert walk.depth == 1499
    walk.jump(3)
    assert walk.node.id == "q3"


def test_a_label_with_surrounding_space_is_answered_by_its_exact_text(write_walk_tree):
    walk = Walk(
        write_walk_tree(WALK_TREE.replace('{ label = "No", next = "q3" }', '{ label = " Not really ", next = "q3" }'))
    )
    walk.answer(" Not really ")
    assert walk.node.id == "q3"
    walk.restart()
    walk.answer("not really")
    assert walk.node.id == "q3"


def test_every_move_is_reported_to_watchers_once_and_stopping_ends_it(walk, write_walk_tree):
    seen: list[str] = []
    stop = walk.watch(lambda w: seen.append(w.node.id))
    walk.answer(0)
    walk.back()
    walk.answer(0)
    walk.restart()
    walk.answer(0)
    kept = walk.rebase(write_walk_tree())
    assert kept == 1
    assert seen == [*seen[:5], walk.node.id] and len(seen) == 6  # a rebase is one move, however many steps it keeps
    stop()
    walk.restart()
    assert len(seen) == 6
