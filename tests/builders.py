"""Text builders for tree files, shared by the test modules (import them: ``from builders import ...``).

Every builder returns TOML text; write it with the ``write_toml`` fixture of
``conftest.py``. :func:`make_tree` is a small tree with no warnings, and
:data:`WALK_TREE` one with a node reached by two routes (:data:`WALK_CASES`
is a case file for it); the others build the large shapes that the loader
must survive: deep chains, chained diamonds (shared sub-trees whose
expansion multiplies at each step) and wide balanced trees.
"""

from __future__ import annotations

BASE_TREE = """\
format = 1
id = "{id}"
title = "{title}"
start = "first"
{top}
[sources.src]
title = "A source"

[conditions.cond]
name = "A condition"
summary = "One line."
sources = ["src"]

[nodes.first]
type = "question"
text = "Is it bad?"
conditions = ["cond"]
sources = ["src"]

  [[nodes.first.answers]]
  label = "Yes"
  next = "see-doctor"
  red_flag = true

  [[nodes.first.answers]]
  label = "No"
  next = "rest"

[nodes.see-doctor]
type = "outcome"
urgency = "urgent"
title = "See a doctor"
text = "Within a day or two."
sources = ["src"]

[nodes.rest]
type = "outcome"
urgency = "self-care"
title = "Rest at home"
text = "Watch for the red flags."
sources = ["src"]
{extra}"""


# A tree with a node reached by two routes (q3), and an outcome of three urgencies:
#
# q1 --Yes--> q2 --Yes--> emergency
#   \          \--No---> q3 --Yes--> soon
#    \--No--------------> q3 --No---> home
WALK_TREE = """\
format = 1
id = "walk"
title = "Walk"
start = "q1"

[sources.src]
title = "S"

[nodes.q1]
type = "question"
text = "Is it spreading?"
sources = ["src"]
answers = [
  { label = "Yes", next = "q2", why = "Spreading needs a closer look." },
  { label = "No", next = "q3" },
]

[nodes.q2]
type = "question"
text = "Any trouble breathing?"
sources = ["src"]
answers = [
  { label = "Yes", next = "emergency", red_flag = true },
  { label = "No", next = "q3" },
]

[nodes.q3]
type = "question"
text = "Has it lasted two weeks?"
sources = ["src"]
answers = [{ label = "Yes", next = "soon" }, { label = "No", next = "home" }]

[nodes.emergency]
type = "outcome"
urgency = "emergency"
title = "Call now"
text = "Call emergency services."
sources = ["src"]

[nodes.soon]
type = "outcome"
urgency = "soon"
title = "Book a visit"
text = "Within days."
sources = ["src"]

[nodes.home]
type = "outcome"
urgency = "self-care"
title = "Rest"
text = "Watch for changes."
sources = ["src"]
"""

WALK_CASES = """\
format = 1
tree = "walk"

[[cases]]
id = "breathless"
title = "Breathless"
patient = "Cannot finish a sentence."
answers = { q1 = "Yes", q2 = "Yes" }

  [cases.expect]
  outcome = "emergency"
  urgency = "emergency"
  must_ask = ["q2"]
"""
"""A case file for :data:`WALK_TREE` with one case: q1 "Yes", q2 "Yes", to the emergency."""


def make_tree(tree_id: str = "demo", *, title: str = "Demo tree", top: str = "", extra: str = "") -> str:
    """A small valid tree that checks with no errors and no warnings.

    It starts at question ``first`` ("Is it bad?"), whose answer "Yes" (a red
    flag) leads to the urgent outcome ``see-doctor`` and "No" to the
    self-care outcome ``rest``; every node cites source ``src``, and
    ``first`` shows condition ``cond``. ``top`` is inserted among the
    top-level keys (after ``start``, on line 5), ``extra`` is appended at the end.
    """
    top = top if not top or top.endswith("\n") else top + "\n"
    return BASE_TREE.format(id=tree_id, title=title, top=top, extra=extra)


def _header(tree_id: str, start: str) -> list[str]:
    return [
        "format = 1",
        f'id = "{tree_id}"',
        f'title = "{tree_id.capitalize()}"',
        f'start = "{start}"',
        "",
        "[sources.src]",
        'title = "A source"',
    ]


def _question(node_id: str, answers: list[tuple[str, str]], text: str | None = None, *, why: bool = False) -> list[str]:
    because = f', why = "Why {node_id}."' if why else ""
    inline = ", ".join(f'{{ label = "{label}", next = "{target}"{because} }}' for label, target in answers)
    return [
        "",
        f"[nodes.{node_id}]",
        'type = "question"',
        f'text = "{text or f"Question {node_id}?"}"',
        'sources = ["src"]',
        f"answers = [{inline}]",
    ]


def _outcome(node_id: str, urgency: str = "routine") -> list[str]:
    return [
        "",
        f"[nodes.{node_id}]",
        'type = "outcome"',
        f'urgency = "{urgency}"',
        f'title = "Outcome {node_id}"',
        'text = "What to do."',
        'sources = ["src"]',
    ]


def chain_tree(depth: int, tree_id: str = "chain", *, why: bool = False) -> str:
    """Questions ``q0`` … ``q{depth-1}`` in a row: "Yes" goes one deeper, "No" ends at ``end``.

    With ``why``, each answer says why: "Why q0.", and so on.
    """
    lines = _header(tree_id, "q0")
    for n in range(depth):
        deeper = f"q{n + 1}" if n + 1 < depth else "end"
        lines += _question(f"q{n}", [("Yes", deeper), ("No", "end")], why=why)
    lines += _outcome("end")
    return "\n".join(lines) + "\n"


def diamond_tree(count: int, tree_id: str = "diamonds", *, width: int = 2) -> str:
    """``count`` chained diamonds: all ``width`` answers of ``d{n}`` lead to ``d{n+1}``.

    Paths multiply by ``width`` at each step: the outcome ``end`` is reached
    by ``width**count`` paths. Answers are labelled "Left" and "Right" when
    ``width`` is 2, else "A1" … "A{width}".
    """
    labels = ["Left", "Right"] if width == 2 else [f"A{n}" for n in range(1, width + 1)]
    lines = _header(tree_id, "d0")
    for n in range(count):
        deeper = f"d{n + 1}" if n + 1 < count else "end"
        lines += _question(f"d{n}", [(label, deeper) for label in labels])
    lines += _outcome("end")
    return "\n".join(lines) + "\n"


def balanced_tree(size: int, tree_id: str = "wide", *, first_text: str | None = None) -> str:
    """A binary tree of ``size`` nodes ``n0`` … without sharing: ``n{i}`` leads to ``n{2i+1}`` and ``n{2i+2}``.

    Nodes without two children are outcomes, so ``size`` should be odd.
    ``first_text`` replaces the text of the first question, "Question n0?".
    """
    lines = _header(tree_id, "n0")
    for n in range(size):
        left, right = 2 * n + 1, 2 * n + 2
        if right < size:
            text = first_text if n == 0 else None
            lines += _question(f"n{n}", [("Left", f"n{left}"), ("Right", f"n{right}")], text)
        else:
            lines += _outcome(f"n{n}")
    return "\n".join(lines) + "\n"


def screened_chain(depth: int, tree_id: str = "screened", *, skip_at: int | None = None) -> str:
    """Questions ``q0`` … ``q{depth-1}`` in a row, each "No" leading to the shared ``screen``.

    ``screen`` declares ``screens = "emergency"``: "Yes" ends at the emergency
    ``now``, "No" at the routine ``end``. The last question's "Yes" also leads
    to ``screen``, so every path passes it, unless ``skip_at`` is given: then
    that question's "No" leads straight to ``end``, skipping the screen.
    """
    lines = _header(tree_id, "q0")
    for n in range(depth):
        deeper = f"q{n + 1}" if n + 1 < depth else "screen"
        lines += _question(f"q{n}", [("Yes", deeper), ("No", "end" if n == skip_at else "screen")])
    lines += _question("screen", [("Yes", "now"), ("No", "end")], "Any trouble breathing?")
    lines.insert(-1, 'screens = "emergency"')
    lines += _outcome("now", "emergency")
    lines += _outcome("end")
    return "\n".join(lines) + "\n"


SIGNS = [f"Sign {n:02d}: a sign described at length, so that it wraps onto a second line here" for n in range(1, 15)]
"""A long checklist of signs: the first question's help in :data:`CHECKLIST_TREE`."""

CHECKLIST_TREE = f"""\
format = 1
id = "checklist"
title = "Checklist"
start = "signs"

[nodes.signs]
type = "question"
text = "Signs that need an ambulance: any of these?"
help = \"\"\"
{chr(10).join(f"- {sign}" for sign in SIGNS)}
\"\"\"
answers = [
  {{ label = "Yes", next = "call" }},
  {{ label = "No", next = "home" }},
  {{ label = "Not sure", next = "call" }},
]

[nodes.call]
type = "outcome"
urgency = "emergency"
title = "Call an ambulance"
text = "Call now."

[nodes.home]
type = "outcome"
urgency = "self-care"
title = "Rest"
text = "Rest."
"""
"""A first question whose help is a checklist too long for an 80x24 screen (the ambulance signs, say)."""
