r"""Trees and helpers shared by the authoring tests (import them: ``from authoring_support import ...``).

The files here are small and written for these tests, so that editing the
bundled content never breaks an authoring test or a snapshot.

``DEMO_TREE`` (``demo.toml``) uses the library ``LIBRARY`` (``lib/conditions.toml``)::

    lasting --Yes--> weakness --No--> spreading --No--> cramps --Yes--> stretch (routine)
       \                \--Yes--> see-doctor      \--Yes--> see-doctor  \--No--> rest
        \--No--> rest (self-care)

``CASES`` (``demo-cases.toml``) holds one case, comments, and no newline at the end.
"""

from __future__ import annotations

import asyncio
import io
import os
import time
from typing import TYPE_CHECKING

from rich.console import Console
from textual.worker import WorkerState

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from textual.app import App
    from textual.pilot import Pilot

SIZE = (110, 34)
"""The terminal size of every pilot test unless a test needs another."""

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


def screen_text(app: App[object]) -> str:
    """The current screen as plain text, exactly as the terminal would show it."""
    width, height = app.size
    console = Console(
        width=width, height=height, file=io.StringIO(), force_terminal=True, record=True, legacy_windows=False
    )
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text()


async def wait_for(pilot: Pilot[object], predicate: Callable[[], object], *, timeout: float = 10.0) -> None:
    """Let the app run until ``predicate()`` holds; fail after ``timeout`` seconds.

    Each round lets the app process its messages (``pilot.pause``), so
    workers, timers and file-system events get their turn.
    """
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(
                f"condition never held within {timeout} s: {getattr(predicate, '__name__', predicate)}"
            )
        await pilot.pause()
        await asyncio.sleep(0.01)


async def wait_for_text(pilot: Pilot[object], *texts: str, timeout: float = 10.0) -> str:
    """Wait until every one of ``texts`` is on the screen; returns the screen's text."""
    shown = ""

    def on_screen() -> bool:
        nonlocal shown
        shown = screen_text(pilot.app)
        return all(text in shown for text in texts)

    on_screen.__name__ = f"{texts!r} on screen"
    await wait_for(pilot, on_screen, timeout=timeout)
    return shown


async def wait_for_no_text(pilot: Pilot[object], text: str, *, timeout: float = 10.0) -> None:
    """Wait until ``text`` is no longer on the screen."""

    def gone() -> bool:
        return text not in screen_text(pilot.app)

    gone.__name__ = f"{text!r} gone from the screen"
    await wait_for(pilot, gone, timeout=timeout)


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


def notifications(app: App[object]) -> list[str]:
    """The messages of the notifications shown now, oldest first."""
    return [n.message for n in app._notifications]


def big_tree(questions: int, *, text: str = "Question number 0?") -> str:
    """A balanced tree of ``questions`` yes/no questions and ``questions + 1`` outcomes, with no warnings.

    ``text`` is the first question's text.
    """
    parts = [
        "format = 1",
        'id = "big"',
        'title = "A big generated tree"',
        'start = "q0"',
        "",
        "[sources.src]",
        'title = "A source"',
        "",
    ]
    total = 2 * questions + 1

    def node_id(n: int) -> str:
        return f"q{n}" if n < questions else f"o{n}"

    for n in range(total):
        parts.append(f"[nodes.{node_id(n)}]")
        if n < questions:
            parts += [
                'type = "question"',
                f'text = "{text if n == 0 else f"Question number {n}?"}"',
                'sources = ["src"]',
            ]
            for label, child in (("Yes", 2 * n + 1), ("No", 2 * n + 2)):
                parts += [f"[[nodes.{node_id(n)}.answers]]", f'label = "{label}"', f'next = "{node_id(child)}"']
        else:
            parts += [
                'type = "outcome"',
                'urgency = "routine"',
                f'title = "Outcome {n}"',
                'text = "Done."',
                'sources = ["src"]',
            ]
        parts.append("")
    return "\n".join(parts)
