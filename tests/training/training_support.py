"""A small tree and case file written for the training tests, a fake clock, and steps of a training walk.

Import them: ``from training_support import ...``. The tests use this tree,
not the bundled content, so editing the bundled cases never breaks a
training test or the debrief snapshot. The helpers that read the screen and
wait are in ``tests/support.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from support import wait_for

if TYPE_CHECKING:
    from textual.app import App
    from textual.pilot import Pilot

TREE = """\
format = 1
id = "drill"
title = "Drill tree"
version = "1.0"
start = "breathing"

[nodes.breathing]
type = "question"
text = "Any trouble breathing?"

  [[nodes.breathing.answers]]
  label = "Yes"
  next = "call-now"

  [[nodes.breathing.answers]]
  label = "No"
  next = "weakness"

[nodes.weakness]
type = "question"
text = "Any new weakness?"

  [[nodes.weakness.answers]]
  label = "Yes"
  next = "see-doctor"

  [[nodes.weakness.answers]]
  label = "No"
  next = "lasting"

[nodes.lasting]
type = "question"
text = "Has it lasted more than two weeks?"

  [[nodes.lasting.answers]]
  label = "Yes"
  next = "book-visit"

  [[nodes.lasting.answers]]
  label = "No"
  next = "home-care"

[nodes.call-now]
type = "outcome"
urgency = "emergency"
title = "Call emergency services"
text = "Call now."

[nodes.see-doctor]
type = "outcome"
urgency = "urgent"
title = "See a doctor within a day or two"
text = "Soon."

[nodes.book-visit]
type = "outcome"
urgency = "soon"
title = "Book an appointment"
text = "Within days."

[nodes.home-care]
type = "outcome"
urgency = "self-care"
title = "Manage at home"
text = "Rest and watch."
"""

CASES = """\
format = 1
tree = "drill"

[[cases]]
id = "tired-legs"
title = "Tired legs after a long week"
difficulty = "easy"
patient = "Ana, 30, has twitchy calves after a long week. [b]Not bold[/b] [@click=app.quit]not a link[/]"
teaching = "- Ask about **breathing** first, every time."
answers = { breathing = "No", weakness = "No", lasting = "No" }

  [cases.expect]
  outcome = "home-care"
  urgency = "self-care"
  must_ask = ["breathing", "weakness"]

[[cases]]
id = "weak-arm"
title = "A weak arm"
difficulty = "hard"
patient = "Ben, 60, cannot lift his right arm since this morning."
teaching = "- New weakness is never self-care."
answers = { breathing = "No", weakness = "Yes" }

  [cases.expect]
  outcome = "see-doctor"
  urgency = "urgent"
  must_ask = ["breathing", "weakness"]
"""

MARKUP_NAME = "[b]Sam[/b] [@click=app.quit]x[/]"
"""A trainee name that would be live markup if it were ever rendered as markup."""


class FakeClock:
    """A clock that moves ``step`` seconds each time it is read: stable times for snapshots."""

    def __init__(self, start: float = 1_750_000_000.0, step: float = 7.0) -> None:
        self.now = start
        self.step = step

    def __call__(self) -> float:
        now = self.now
        self.now += self.step
        return now


async def start_case(app: App[object], pilot: Pilot[object], row: int = 0) -> Any:
    """From the case list, start the case on ``row``; returns the TrainingScreen once its walk shows."""
    from textual.widgets import DataTable

    from twitchtree.tui.screens.case_list import CaseListScreen
    from twitchtree.tui.screens.training import TrainingScreen

    await wait_for(pilot, lambda: isinstance(app.screen, CaseListScreen) and app.screen.query(DataTable))
    app.screen.query_one(DataTable).move_cursor(row=row)
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, TrainingScreen) and app.screen.walk_view.node is not None)
    return app.screen


async def answer(app: App[object], pilot: Pilot[object], *keys: str) -> None:
    """Press each answer key and wait until the attempt has recorded it (or the walk has ended)."""
    from twitchtree.tui.screens.training import TrainingScreen

    screen = app.screen
    assert isinstance(screen, TrainingScreen)
    for key in keys:
        wanted = len(screen.attempt.answers) + 1
        await pilot.press(key)
        await wait_for(pilot, lambda n=wanted: app.screen is not screen or len(screen.attempt.answers) >= n)
