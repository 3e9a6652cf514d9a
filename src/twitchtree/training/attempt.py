"""One trainee's attempt at one case: its answers kept in memory and handed to the recorder as they happen.

The debrief is scored from the memory copy, so a database that is locked,
damaged or full never stops a trainee, and recording never makes the
screen wait: the :class:`~.recorder.Recorder` writes on its own thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from .recorder import OFF
from .scoring import Assessment, Expectation, assess, final_path
from .store import NewSession, Result, StepRecord

if TYPE_CHECKING:
    from .catalogue import CaseEntry
    from .recorder import Recorder, Session

Clock = Callable[[], float]
"""Returns the time in Unix seconds (``time.time``; tests pass a fake one)."""


class Attempt:
    def __init__(self, entry: CaseEntry, trainee: str, recorder: Recorder | None, clock: Clock) -> None:
        self.entry = entry
        self.trainee = trainee
        self.recorder = recorder
        self.clock = clock
        self.answers: list[StepRecord] = []
        """Every answer in the order given, back-tracking included."""
        self.started_at = clock()
        self.assessment: Assessment | None = None
        self.finished_at: float | None = None
        case = entry.case
        self.session: Session | None = None
        if recorder is not None:
            self.session = recorder.start_session(
                NewSession(
                    trainee=trainee,
                    case_id=case.id,
                    case_title=case.title,
                    case_file=str(entry.case_file.path.resolve()),
                    tree_id=entry.tree.id,
                    tree_hash=entry.tree.content_hash,
                    expected_outcome=case.expect.outcome,
                    expected_urgency=case.expect.urgency,
                    reference=dict(case.answers),
                    must_ask=tuple(case.expect.must_ask),
                    started_at=self.started_at,
                )
            )

    @property
    def seconds(self) -> float | None:
        """Start to outcome, once finished: reading the story and any changed answers included."""
        return None if self.finished_at is None else self.finished_at - self.started_at

    @property
    def problem(self) -> str | None:
        """Why this attempt is not being recorded, if it is not."""
        return self.recorder.problem if self.recorder is not None else None

    @property
    def recording(self) -> bool:
        return self.recorder is not None and self.recorder.state != OFF

    def answered(self, depth: int, node_id: str, label: str, shown_at: float, answered_at: float) -> None:
        """The trainee answered the question at ``depth`` (0 = first) of the path."""
        step = StepRecord(len(self.answers) + 1, depth, node_id, label, shown_at, answered_at)
        self.answers.append(step)
        if self.recorder is not None and self.session is not None:
            self.recorder.add_step(self.session, step)

    def finish(self, outcome: str, urgency: str) -> Assessment:
        """The walk reached ``outcome``: score it, and record the result."""
        expect = Expectation.from_case(self.entry.case)
        result = assess(expect, final_path(self.answers), outcome=outcome, urgency=urgency, tree=self.entry.tree)
        self.assessment = result
        self.finished_at = self.clock()
        if self.recorder is not None and self.session is not None:
            self.recorder.finish_session(
                self.session,
                Result(
                    finished_at=self.finished_at,
                    outcome=outcome,
                    urgency=urgency,
                    verdict=result.triage.verdict,
                    outcome_correct=result.outcome_reached,
                    score=result.score,
                ),
            )
        return result
