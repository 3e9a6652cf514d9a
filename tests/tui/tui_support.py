"""Trees shared by the explorer's tests (import them: ``from tui_support import ...``).

The trees here are small and written for the tests, so that editing the
bundled content never breaks a TUI test or a snapshot. The helpers that read
the screen and wait are in ``tests/support.py``.
"""

from __future__ import annotations

DEMO_TREE = """\
format = 1
id = "demo"
title = "Demo twitching"
version = "0.1"
start = "lasting"
disclaimer = "Test disclaimer: this is educational material, not a diagnosis."

[sources.leaflet]
title = "A test leaflet on twitching"
url = "https://example.org/leaflet"

[conditions.bfs]
name = "Benign fasciculation syndrome"
summary = "Twitching with no disease behind it."
notes = "Full notes on benign fasciculation syndrome.\\n\\nIt is common and harmless."
sources = ["leaflet"]

[conditions.als]
name = "Motor neuron disease"
summary = "Nerves that drive the muscles slowly fail."
notes = "Full notes on motor neuron disease."
sources = ["leaflet"]

[nodes.lasting]
type = "question"
text = "Has the twitching lasted more than two weeks?"
help = "Count from the day you first noticed it."
conditions = ["bfs", "als"]
sources = ["leaflet"]

  [[nodes.lasting.answers]]
  label = "Yes"
  next = "weakness"
  why = "Lasting twitching is worth a closer look."

  [[nodes.lasting.answers]]
  label = "No"
  next = "rest"
  why = "Short bouts of twitching are common."

[nodes.weakness]
type = "question"
text = "Is there weakness in the same muscles?"
conditions = ["als"]
sources = ["leaflet"]

  [[nodes.weakness.answers]]
  label = "Yes"
  next = "see-doctor"
  why = "Weakness with twitching needs a doctor."
  red_flag = true

  [[nodes.weakness.answers]]
  label = "No"
  next = "rest"
  why = "Twitching without weakness is rarely serious."

  [[nodes.weakness.answers]]
  label = "Not sure"
  next = "see-doctor"
  why = "When in doubt, ask a doctor."

[nodes.see-doctor]
type = "outcome"
urgency = "urgent"
title = "See a doctor within a day or two"
text = "Book an appointment and mention the weakness."
red_flags = ["Trouble breathing", "Trouble swallowing"]
conditions = ["als"]
sources = ["leaflet"]

[nodes.rest]
type = "outcome"
urgency = "self-care"
title = "Rest and cut down on caffeine"
text = "Sleep well and drink less coffee."
red_flags = ["It spreads to other muscles"]
conditions = ["bfs"]
sources = ["leaflet"]
"""
"""Two questions, two outcomes: lasting → weakness → see-doctor (urgent), or → rest (self-care)."""

NO_NOTES_TREE = DEMO_TREE.replace(
    'text = "Is there weakness in the same muscles?"\nconditions = ["als"]\n',
    'text = "Is there weakness in the same muscles?"\n',
)
""":data:`DEMO_TREE` with no condition notes at its second question ("weakness")."""
assert NO_NOTES_TREE != DEMO_TREE

MARKUP = "[@click=app.quit] [bold]x[/bold] [red]"
"""Textual markup that must be shown as these characters, never acted on."""

MARKUP_TREE = """\
format = 1
id = "markup"
title = "Markup {m}"
start = "ask"
disclaimer = "disclaimer {m}"

[sources.src]
title = "source {m}"

[conditions.cond]
name = "condname {m}"
summary = "summary {m}"
notes = "notes {m}"
sources = ["src"]

[nodes.ask]
type = "question"
text = "question {m}"
help = "help {m}"
conditions = ["cond"]
sources = ["src"]

  [[nodes.ask.answers]]
  label = "yes {m}"
  next = "done"
  why = "why {m}"

  [[nodes.ask.answers]]
  label = "no {m}"
  next = "done"

[nodes.done]
type = "outcome"
urgency = "soon"
title = "outcome {m}"
text = "text {m}"
red_flags = ["flag {m}"]
conditions = ["cond"]
sources = ["src"]
""".replace("{m}", MARKUP.replace('"', '\\"'))
"""A tree whose every text field carries :data:`MARKUP` after a word naming the field."""

BROKEN_TREE = """\
format = 1
id = "broken"
title = "Broken"
start = "first"

[nodes.first]
type = "question"
text = "Only one answer"
colour = "red"

  [[nodes.first.answers]]
  label = "Yes"
  next = "nowhere"
"""
"""A tree with errors: an unknown key and a question with one answer."""
