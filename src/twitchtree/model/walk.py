"""The Walk: one object holding a tree, the current step and the answers given.

Every front end drives a Walk: the explorer, ``ask``, the author preview,
training and the case runner. None of them walks a tree on its own. The
state is just the current :class:`~.tree.TreeNode`: its ``path`` is the
reasoning path, and each node on it knows the answer that led there.
"""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from .spec import Answer, Outcome, Question
    from .tree import Tree, TreeNode


class WalkError(ValueError):
    """An answer or a step that the walk cannot take."""


class Step(NamedTuple):
    """One answered question on the reasoning path."""

    number: int
    """1 for the first question."""
    question: Question
    answer: Answer
    node: TreeNode
    """The node this step's question was asked at."""


class Walk:
    """A walk through one tree, from its start to (eventually) an outcome.

    Whoever shows a walk watches it (:meth:`watch`) rather than keeping a copy of
    where it is: every move, by any caller, is reported.
    """

    def __init__(self, tree: Tree, node: TreeNode | None = None) -> None:
        self.tree = tree
        self._watchers: list[Callable[[Walk], None]] = []
        self._node: TreeNode = node if node is not None else tree.root

    @property
    def node(self) -> TreeNode:
        """The current node: where the walk is."""
        return self._node

    @node.setter
    def node(self, node: TreeNode) -> None:
        self._node = node
        for watcher in list(self._watchers):
            watcher(self)

    def watch(self, watcher: Callable[[Walk], None]) -> Callable[[], None]:
        """Call ``watcher(walk)`` after every move; returns a function that stops it."""
        self._watchers.append(watcher)
        return lambda: self._watchers.remove(watcher) if watcher in self._watchers else None

    def __repr__(self) -> str:
        return f"<Walk {self.tree.id}: {' → '.join(n.id for n in self.path)}>"

    # -- where the walk is ------------------------------------------------

    @property
    def path(self) -> tuple[TreeNode, ...]:
        """Every node from the start to the current one."""
        return self.node.path

    @property
    def steps(self) -> list[Step]:
        """The questions answered so far, in order."""
        steps = []
        for n, (node, child) in enumerate(pairwise(self.path)):
            question, answer = node.question, child.via
            assert question is not None and answer is not None  # a node with a child is a question; an answer led on
            steps.append(Step(n + 1, question, answer, node))
        return steps

    @property
    def depth(self) -> int:
        """How many questions have been answered."""
        return self.node.depth

    @property
    def done(self) -> bool:
        return self.node.is_outcome

    @property
    def question(self) -> Question | None:
        return self.node.question

    @property
    def outcome(self) -> Outcome | None:
        return self.node.outcome

    @property
    def answers(self) -> dict[str, str]:
        """Node id → answer label for every step: the path in a case file's terms."""
        return {step.question.id: step.answer.label for step in self.steps}

    # -- moving ---------------------------------------------------------------

    def answer(self, choice: int | str) -> TreeNode:
        """Answer the current question by 0-based index or by label (any case)."""
        question = self.question
        if question is None:
            raise WalkError("the walk is at an outcome; there is nothing to answer")
        children = self.node.children
        if isinstance(choice, int):
            if not 0 <= choice < len(children):
                raise WalkError(f"choose an answer from 1 to {len(children)}")
            self.node = children[choice]
            return self.node
        folded = choice.strip().casefold()
        for child in children:
            if child.via is not None and child.via.label.strip().casefold() == folded:
                self.node = child
                return child
        labels = ", ".join(a.label for a in question.answers)
        raise WalkError(f"'{choice}' is not an answer to '{question.id}' (answers: {labels})")

    def back(self) -> bool:
        """Undo the last answer. False if already at the start."""
        if self.node.parent is None:
            return False
        self.node = self.node.parent
        return True

    def restart(self) -> None:
        self.node = self.tree.root

    def jump(self, depth: int) -> None:
        """Return to an earlier step of the path: 0 is the start."""
        path = self.path
        if not 0 <= depth < len(path):
            raise WalkError(f"there is no step {depth} on this path")
        self.node = path[depth]

    def goto(self, node_id: str) -> None:
        """Play from any node: the walk goes there along a shortest path, filling it in."""
        try:
            route = self.tree.route_to(node_id)
        except KeyError:
            raise WalkError(f"there is no node '{node_id}' in this tree") from None
        if route is None:
            raise WalkError(f"node '{node_id}' cannot be reached from the start")
        node = self.tree.root
        for answer in route:
            node = next(c for c in node.children if _same(c.via, answer))
        self.node = node

    def follow(self, answers: Mapping[str, str]) -> None:
        """From the start, answer each question from ``answers`` (node id → label).

        Stops at an outcome, or at the first question ``answers`` has no entry
        for. Raises WalkError for a label the question does not offer.
        """
        self.restart()
        while not self.done and self.node.id in answers:
            self.answer(answers[self.node.id])

    def rebase(self, tree: Tree) -> int:
        """Move onto a reloaded ``tree``, keeping as much of the path as still exists.

        Each step is kept while its node id is unchanged and its answer still
        leads to the same node (or, failing that, a same-labelled answer
        exists). Returns how many steps were kept.
        """
        old = [(step.question.id, step.answer) for step in self.steps]
        self.tree = tree
        node = tree.root
        kept = 0
        if node.id == (old[0][0] if old else node.id):
            for question_id, answer in old:
                if node.id != question_id or node.question is None:
                    break
                children = node.children
                match = next((c for c in children if _same(c.via, answer)), None)
                match = match or next((c for c in children if c.via and c.via.next == answer.next), None)
                match = match or next((c for c in children if c.via and c.via.label == answer.label), None)
                if match is None:
                    break
                node = match
                kept += 1
        self.node = node  # one move, reported once
        return kept


def _same(via: Answer | None, answer: Answer) -> bool:
    """Whether ``via`` is an answer with ``answer``'s label and target."""
    return via is not None and (via.next, via.label) == (answer.next, answer.label)
