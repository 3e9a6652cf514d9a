"""Generated trees for the benchmarks: a balanced tree of any size and a deep chain."""

from __future__ import annotations

from pathlib import Path

URGENCIES = ("emergency", "urgent", "soon", "routine", "self-care")

_HEADER = """format = 1
id = "{id}"
title = "{title}"
version = "1.0.0"
start = "q0"

[sources.s1]
title = "A generated source"

[conditions.c1]
name = "A generated condition"
summary = "One line about it."
sources = ["s1"]
"""

_QUESTION = """
[nodes.{id}]
type = "question"
text = "{text}"
conditions = ["c1"]
sources = ["s1"]

  [[nodes.{id}.answers]]
  label = "{first}"
  next = "{a}"
  why = "Because the first answer was chosen at {id}."

  [[nodes.{id}.answers]]
  label = "{second}"
  next = "{b}"
  why = "Because the second answer was chosen at {id}."
"""

_OUTCOME = """
[nodes.{id}]
type = "outcome"
urgency = "{urgency}"
title = "Outcome {id}"
text = "What this outcome means and what to do about it, in a sentence or two."
red_flags = ["Act sooner if it gets worse."]
sources = ["s1"]
"""


def balanced(nodes: int, tree_id: str = "big") -> str:
    """A tree of about ``nodes`` nodes: questions with two answers, breadth first, outcomes as leaves."""
    questions = (nodes - 1) // 2
    parts = [_HEADER.format(id=tree_id, title=f"Generated tree of {nodes:,} nodes")]
    for n in range(questions):
        children = [2 * n + 1, 2 * n + 2]
        names = [f"q{c}" if c < questions else f"o{c}" for c in children]
        parts.append(
            _QUESTION.format(
                id=f"q{n}",
                text=f"Question {n}: is the thing being asked about here present?",
                first="Yes",
                second="No",
                a=names[0],
                b=names[1],
            )
        )
    for c in range(questions, 2 * questions + 1):
        parts.append(_OUTCOME.format(id=f"o{c}", urgency=URGENCIES[c % 5]))
    return "".join(parts)


def chain(length: int, tree_id: str = "deep") -> str:
    """``length`` questions in a row ("Step N of LENGTH"), each also offering a way out."""
    parts = [_HEADER.format(id=tree_id, title=f"Chain of {length} questions")]
    for n in range(length):
        following = f"q{n + 1}" if n + 1 < length else "end"
        parts.append(
            _QUESTION.format(
                id=f"q{n}",
                text=f"Step {n + 1} of {length}: go on?",
                first="Go on",
                second="Stop here",
                a=following,
                b="end",
            )
        )
    parts.append(_OUTCOME.format(id="end", urgency="routine"))
    return "".join(parts)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path
