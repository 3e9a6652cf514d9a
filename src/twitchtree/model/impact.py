"""What a change to a tree does to walks: the cases and the recorded sessions that now end elsewhere.

Each walk (a case's reference answers, or the answers a trainee gave) is
replayed with :meth:`.walk.Walk.follow` through the old tree and through the
new one, with node ids carried over renames (:attr:`.diff.TreeDiff.renames`),
so a renamed node is no change to a walk. A walk is changed when it ends at
another outcome, at another urgency, or no longer reaches an outcome. This
module imports nothing from Textual, and nothing of the session store: the
caller reads the sessions and hands their answers in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .spec import URGENCY_ORDER
from .walk import Walk, WalkError

if TYPE_CHECKING:
    from pathlib import Path

    from .diff import TreeDiff
    from .tree import Tree


@dataclass(frozen=True, slots=True)
class End:
    """Where a walk ends: an outcome and its urgency, or the question where it stops."""

    outcome: str | None = None
    urgency: str | None = None
    stopped_at: str | None = None
    """The question the walk stops at, when it reaches no outcome."""
    reason: str = ""
    """Why it stops there: the answer it has is not offered, or it has none."""

    @property
    def reached(self) -> bool:
        return self.outcome is not None


@dataclass(frozen=True, slots=True)
class WalkChange:
    """One walk whose end differs between the trees."""

    before: End
    after: End

    @property
    def direction(self) -> str:
        """escalated, de-escalated, or "" (same urgency, or no outcome on one side)."""
        was, now = self.before.urgency, self.after.urgency
        if was is None or now is None or was == now:
            return ""
        return "de-escalated" if URGENCY_ORDER.index(now) > URGENCY_ORDER.index(was) else "escalated"


@dataclass(frozen=True, slots=True)
class CaseImpact(WalkChange):
    """A case whose reference walk ends elsewhere in the new tree."""

    path: Path | None = None
    case_id: str = ""
    title: str = ""


@dataclass(frozen=True, slots=True)
class SessionWalk:
    """The answers of one recorded session, as its final path left them (node id → label)."""

    id: int
    tree_id: str
    answers: Mapping[str, str]


@dataclass
class SessionImpact:
    """How the recorded sessions of a tree end in the new version."""

    total: int = 0
    """Sessions whose answers reach an outcome in the old tree."""
    changed: dict[int, WalkChange] = field(default_factory=dict)
    """Session id → how its end changed."""

    def groups(self) -> list[tuple[End, End, list[int]]]:
        """The changed sessions grouped by (old end, new end), largest group first."""
        grouped: dict[tuple[End, End], list[int]] = {}
        for session_id, change in self.changed.items():
            grouped.setdefault((change.before, change.after), []).append(session_id)
        return sorted(((b, a, ids) for (b, a), ids in grouped.items()), key=lambda g: -len(g[2]))


def end_of(tree: Tree, answers: Mapping[str, str]) -> End:
    """Where ``answers`` (node id → label) lead from the start of ``tree``."""
    walk = Walk(tree)
    try:
        walk.follow(answers)
    except WalkError:
        label = answers.get(walk.node.id, "")
        return End(stopped_at=walk.node.id, reason=f'the answer "{label}" is not offered')
    outcome = walk.outcome
    if outcome is None:
        return End(stopped_at=walk.node.id, reason="no answer for this question")
    return End(outcome.id, outcome.urgency)


def ends(diff: TreeDiff, answers: Mapping[str, str]) -> WalkChange:
    """Where one walk ends in the old tree and in the new one, both in the new tree's node ids."""
    before = end_of(diff.old, answers)
    after = end_of(diff.new, {diff.new_id(node_id): label for node_id, label in answers.items()})
    if before.outcome is not None:
        before = End(diff.new_id(before.outcome), before.urgency)
    elif before.stopped_at is not None:
        before = End(stopped_at=diff.new_id(before.stopped_at), reason=before.reason)
    return WalkChange(before, after)


def changed(walk: WalkChange) -> bool:
    """Whether a walk ends at another outcome or urgency, or reaches an outcome on one side only."""
    before, after = walk.before, walk.after
    if not before.reached and not after.reached:
        return False
    return (before.outcome, before.urgency) != (after.outcome, after.urgency)


CaseEntry = tuple["Path | None", str, Iterable[tuple[str, str, Mapping[str, str]]]]
"""A case file as (path, tree id, cases), each case as (id, title, reference answers)."""
CaseList = Iterable[CaseEntry]


def case_impacts(diff: TreeDiff, case_files: CaseList) -> list[CaseImpact]:
    """The cases whose reference walk ends elsewhere; case files for another tree are skipped."""
    ids = {diff.old.id, diff.new.id}
    found: list[CaseImpact] = []
    for path, tree_id, cases in case_files:
        if tree_id not in ids:
            continue
        for case_id, title, answers in cases:
            walk = ends(diff, answers)
            if changed(walk):
                found.append(CaseImpact(walk.before, walk.after, path, case_id, title))
    return found


def session_impact(diff: TreeDiff, sessions: Iterable[SessionWalk]) -> SessionImpact:
    """How the recorded sessions of the tree end in the new version: only those that reached an outcome
    in the old tree count."""
    ids = {diff.old.id, diff.new.id}
    impact = SessionImpact()
    for session in sessions:
        if session.tree_id not in ids:
            continue
        walk = ends(diff, session.answers)
        if not walk.before.reached:
            continue
        impact.total += 1
        if changed(walk):
            impact.changed[session.id] = walk
    return impact
