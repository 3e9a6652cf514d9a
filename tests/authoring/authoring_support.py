r"""Trees and helpers shared by the authoring tests (import them: ``from authoring_support import ...``).

The files here are small and written for these tests, so that editing the
bundled content never breaks an authoring test or a snapshot. The helpers that
read the screen and wait are in ``tests/support.py``.

``DEMO_TREE`` (``demo.toml``) uses the library ``LIBRARY`` (``lib/conditions.toml``)::

    lasting --Yes--> weakness --No--> spreading --No--> cramps --Yes--> stretch (routine)
       \                \--Yes--> see-doctor      \--Yes--> see-doctor  \--No--> rest
        \--No--> rest (self-care)

``CASES`` (``demo-cases.toml``) holds one case, comments, and no newline at the end.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from textual.worker import WorkerState

from support import wait_for, walk_ready

if TYPE_CHECKING:
    from pathlib import Path

    from textual.app import App
    from textual.pilot import Pilot

    from twitchtree.tui.screens.editor import EditorScreen
    from twitchtree.tui.screens.preview import PreviewScreen

DEMO_TREE = """\
format = 1
id = "demo"
title = "Demo twitching"
start = "lasting"
uses = ["lib/conditions.toml"]

[sources.leaflet]
title = "A test leaflet on twitching"

[nodes.lasting]
type = "question"
text = "Has the twitching lasted more than two weeks?"
conditions = ["bfs"]
sources = ["leaflet"]

  [[nodes.lasting.answers]]
  label = "Yes"
  next = "weakness"

  [[nodes.lasting.answers]]
  label = "No"
  next = "rest"

[nodes.weakness]
type = "question"
text = "Is there weakness in the same muscles?"
conditions = ["als"]
sources = ["leaflet"]

  [[nodes.weakness.answers]]
  label = "Yes"
  next = "see-doctor"
  red_flag = true

  [[nodes.weakness.answers]]
  label = "No"
  next = "spreading"

[nodes.spreading]
type = "question"
text = "Is it spreading to other muscles?"
sources = ["leaflet"]

  [[nodes.spreading.answers]]
  label = "Yes"
  next = "see-doctor"

  [[nodes.spreading.answers]]
  label = "No"
  next = "cramps"

[nodes.cramps]
type = "question"
text = "Do you also get cramps at night?"
sources = ["leaflet"]

  [[nodes.cramps.answers]]
  label = "Yes"
  next = "stretch"

  [[nodes.cramps.answers]]
  label = "No"
  next = "rest"

[nodes.see-doctor]
type = "outcome"
urgency = "urgent"
title = "See a doctor within a day or two"
text = "Weakness or spreading twitching should be examined."
conditions = ["als"]
sources = ["leaflet"]

[nodes.stretch]
type = "outcome"
urgency = "routine"
title = "Stretch and mention it at your next visit"
text = "Night cramps often ease with stretching."
sources = ["leaflet"]

[nodes.rest]
type = "outcome"
urgency = "self-care"
title = "Rest, sleep and less caffeine"
text = "Most twitching settles on its own."
conditions = ["bfs"]
sources = ["leaflet"]
"""

LIBRARY = """\
format = 1
id = "demo-conditions"
title = "Conditions for the demo tree"

[sources.library-leaflet]
title = "A library leaflet"

[conditions.bfs]
name = "Benign fasciculation syndrome"
summary = "Twitching with no disease behind it."
sources = ["library-leaflet"]

[conditions.als]
name = "Motor neuron disease"
summary = "Nerves that drive the muscles slowly fail."
sources = ["library-leaflet"]
"""

CASES = '''\
# Cases for the demo tree: keep this comment.
format = 1
tree = "demo"

# A short-lived twitch.
[[cases]]
id = "short-twitch"
title = "A twitch for a few days"   # inline comment
patient = """
A 30-year-old with an eyelid twitch for three days.
"""
answers = { lasting = "No" }

  [cases.expect]
  outcome = "rest"
  urgency = "self-care"

# trailing comment, no newline at end'''
"""Ends without a newline, on a comment, so that appending has to add one."""


def replace_file(path: Path, text: str) -> None:
    """Save ``text`` as most editors do: write a temporary file beside ``path``, then rename it over."""
    tmp = path.with_name(f".{path.name}.saving")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def edit_file(path: Path, old: str, new: str) -> str:
    """Replace ``old`` (which must be there) with ``new`` in ``path``, in place; returns the new text."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return text


def line_col(text: str, needle: str) -> tuple[int, int]:
    """1-based line and column of the first ``needle`` in ``text``."""
    offset = text.index(needle)
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


async def wait_watching(pilot: Pilot[object]) -> None:
    """Wait until the preview's file watcher is running.

    The watcher registers its folders as soon as its worker first runs, so
    a change made after this is seen.
    """
    screen = pilot.app.screen

    def watching() -> bool:
        return any(w.group == "watch" and w.state is WorkerState.RUNNING for w in screen.workers)

    await wait_for(pilot, watching)
    await pilot.pause()
    await pilot.pause()


async def preview_ready(pilot: Pilot[object]) -> PreviewScreen:
    """Wait for the preview's first load and for its file watcher; returns the preview screen."""
    from twitchtree.tui.screens.preview import PreviewScreen

    await wait_for(pilot, lambda: isinstance(pilot.app.screen, PreviewScreen) and walk_ready(pilot.app))
    await wait_watching(pilot)
    return pilot.app.screen


async def editor_ready(pilot: Pilot[object]) -> EditorScreen:
    """Wait until the editor has checked its text once and shows the preview; returns the editor screen."""
    from twitchtree.tui.screens.editor import EditorScreen

    await wait_for(pilot, lambda: isinstance(pilot.app.screen, EditorScreen) and walk_ready(pilot.app))
    return pilot.app.screen


def path_ids(app: App[object]) -> list[str]:
    """The ids of the nodes on the walked path of the preview on screen."""
    from twitchtree.tui.widgets.walk_view import WalkView

    return [node.id for node in app.screen.query_one(WalkView).walk.path]
