"""One trainee's attempt at one case: its answers kept in memory and recorded as they happen.

The debrief is scored from the memory copy, so a database that is locked,
damaged or full never stops a trainee: the first failure is kept in
``problem`` (for the front end to show once) and recording stops there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from .scoring import Assessment, Expectation, assess, final_path
from .store import StepRecord, Store, StoreError

if TYPE_CHECKING:
    from .catalogue import CaseEntry

Clock = Callable[[], float]
"""Returns the time in Unix seconds (``time.time``; tests pass a fake one)."""


class Attempt:
    def __init__(self, entry: CaseEntry, trainee: str, store: Store | None, clock: Clock) -> None:
        self.entry = entry
        self.trainee = trainee
        self.store = store
        self.clock = clock
        self.answers: list[StepRecord] = []
        """Every answer in the order given, back-tracking included."""
        self.session_id: int | None = None
        self.problem: str | None = None
        """Why recording stopped, if it did."""
        self.started_at = clock()
        self.assessment: Assessment | None = None
        self.finished_at: float | None = None
        case = entry.case
        self._record(
            lambda store: setattr(
                self,
                "session_id",
                store.start_session(
                    trainee=trainee,
                    case_id=case.id,
                    case_title=case.title,
                    case_file=str(entry.case_file.path.resolve()),
                    tree_id=entry.tree.id,
                    tree_hash=entry.tree.content_hash,
                    expected_outcome=case.expect.outcome,
                    expected_urgency=case.expect.urgency,
                    reference=dict(case.answers),
                    must_ask=case.expect.must_ask,
                    started_at=self.started_at,
                ),
            )
        )

    @property
    def seconds(self) -> float | None:
        """Start to outcome, once finished: reading the story and any changed answers included."""
        return None if self.finished_at is None else self.finished_at - self.started_at

    @property
    def recording(self) -> bool:
        return self.store is not None and self.problem is None

    def answered(self, depth: int, node_id: str, label: str, shown_at: float, answered_at: float) -> None:
        """The trainee answered the question at ``depth`` (0 = first) of the path."""
        step = StepRecord(len(self.answers) + 1, depth, node_id, label, shown_at, answered_at)
        self.answers.append(step)
        if self.session_id is not None:
            self._record(lambda store: store.add_step(self.session_id, step))  # type: ignore[arg-type]

    def finish(self, outcome: str, urgency: str) -> Assessment:
        """The walk reached ``outcome``: score it, and record the result."""
        expect = Expectation.from_case(self.entry.case)
        result = assess(expect, final_path(self.answers), outcome=outcome, urgency=urgency, tree=self.entry.tree)
        self.assessment = result
        finished_at = self.finished_at = self.clock()
        if self.session_id is not None:
            self._record(
                lambda store: store.finish_session(
                    self.session_id,  # type: ignore[arg-type]
                    finished_at=finished_at,
                    outcome=outcome,
                    urgency=urgency,
                    verdict=result.triage.verdict,
                    outcome_correct=result.outcome_reached,
                    score=result.score,
                )
            )
        return result

    def _record(self, write: Callable[[Store], object]) -> None:
        if self.store is None or self.problem is not None:
            return
        try:
            write(self.store)
        except StoreError as exc:
            self.problem = str(exc)
