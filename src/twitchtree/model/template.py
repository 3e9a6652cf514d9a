"""The small, valid tree that ``twitchtree new ID`` writes for an author to start from."""

from __future__ import annotations

_TEMPLATE = '''\
# A twitchtree decision tree. Check it with `twitchtree check {id}.toml`,
# walk it with `twitchtree {id}.toml`, and edit it with a live preview
# with `twitchtree edit {id}.toml`. The format is described in the README.
# This file is in canonical form: `twitchtree fmt --check` passes, and keeps
# passing while you add comments.
format = 1
id = "{id}"
title = "{title}"
version = "0.1.0"
start = "first-question"
description = "What this tree helps someone decide."
authors = ["Your name"]

# Where the facts come from: nodes and conditions cite these by id.
[sources.example-source]
title = "Where the facts in this tree come from"
url = "https://example.org/article"

# Questions ask the most urgent thing first; each answer says where it leads.
[nodes.first-question]
type = "question"
text = "Is there a sign that needs help straight away?"
help = "Ask the most urgent question first."
conditions = ["example-condition"]
sources = ["example-source"]

  [[nodes.first-question.answers]]
  label = "Yes"
  next = "get-help-now"
  why = "This sign needs help straight away."
  red_flag = true  # no path from this answer may end in self-care

  [[nodes.first-question.answers]]
  label = "No"
  next = "second-question"
  why = "No urgent sign, so look at what else is going on."

[nodes.second-question]
type = "question"
text = "Has it lasted more than two weeks?"
sources = ["example-source"]

  [[nodes.second-question.answers]]
  label = "Yes"
  next = "book-appointment"
  why = "Something that lasts this long deserves a check-up."

  [[nodes.second-question.answers]]
  label = "No"
  next = "look-after-yourself"
  why = "Short-lived and without warning signs, so it can be watched at home."

# Outcomes end a walk: an urgency, what to do, and the signs to act sooner.
[nodes.get-help-now]
type = "outcome"
urgency = "emergency"
title = "Call emergency services now"
text = "Say what is happening and follow their advice."
red_flags = [
  "The person stops responding or stops breathing normally: tell the call handler at once.",
]
conditions = ["example-condition"]
sources = ["example-source"]

[nodes.book-appointment]
type = "outcome"
urgency = "soon"
title = "Book an appointment within days to a couple of weeks"
text = "Tell the doctor how long it has lasted and what makes it better or worse."
red_flags = ["If it gets worse quickly, see a doctor sooner."]
sources = ["example-source"]

[nodes.look-after-yourself]
type = "outcome"
urgency = "self-care"
title = "Look after yourself at home"
text = """
Rest, and keep an eye on it:

- note when it happens, and what you were doing;
- cut down on caffeine, and sleep enough.
"""
red_flags = ["If it lasts more than two weeks, book an appointment."]
sources = ["example-source"]

# Notes on conditions, shown at the steps that name them.
[conditions.example-condition]
name = "Example condition"
aliases = ["Another name for it"]
summary = "One line about the condition."
notes = """
What it is, how it shows, and what a doctor may do.
"""
sources = ["example-source"]
'''


SCHEMA_FILE = "tree.schema.json"
"""The schema ``twitchtree new`` writes beside a new tree, and the tree's ``#:schema`` line names."""


def new_tree(tree_id: str, *, schema: bool = False) -> str:
    """The text of a new tree with id ``tree_id``; with ``schema``, its first line is a ``#:schema`` line naming
    :data:`SCHEMA_FILE` beside it, which editors that read JSON Schema for TOML (Taplo, Even Better TOML) use
    for completion and checks."""
    title = tree_id.replace("-", " ").replace("_", " ").strip().capitalize()
    text = _TEMPLATE.format(id=tree_id, title=title)
    return f"#:schema ./{SCHEMA_FILE}\n{text}" if schema else text
