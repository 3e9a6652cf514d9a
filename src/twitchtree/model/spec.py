"""The file format, version 1, defined once: the records of tree, library and case files.

Each class below is the contract for one kind of table, and the record the
rest of the code reads: its fields are the file's keys, in canonical order,
with their types, defaults and descriptions. Validation and the JSON Schema
(:mod:`.format`, pydantic, loaded only when a file is checked), the runtime
records (:meth:`.record.Record.from_data`), the JSON export and the cache
(:func:`.record.as_data`) all follow from these definitions; how is told in
:mod:`.record`. Text in records is content, never markup: front ends show it
as it is; no text in a file may be empty (an optional key is left out
instead), and :mod:`.schema` gives editors the same rules.

Adding a key to the format is one edit here, plus its tests. For example, an
optional ``video`` URL on outcomes::

    video: str | None = field(default=None, doc="A video that shows what to do.")

- ``check`` accepts it where it belongs, rejects it elsewhere, and rejects
  a value that is not a string;
- ``twitchtree schema`` lists it, with that description, for editors;
- ``outcome.video`` holds it at run time (None when the file leaves it out),
  typed for mypy;
- ``export --format json`` carries it, ``fmt`` puts it in this order, and
  the cache stores it.

Only a check beyond the schema (:mod:`.graph`) or a front end that shows it
needs code of its own; ``tests/test_spec.py`` walks through this example.
A field that holds ids says so (``names="node"`` where a node's id is
defined, ``refers="node"`` where one is used), and :mod:`.ids` finds every
definition and reference in a file from that alone.
"""

from collections.abc import Mapping
from datetime import date
from types import MappingProxyType
from typing import Annotated, Any, Literal

from .record import Pattern, Record, field

FORMAT_VERSION = 1
FormatVersion = Literal[1]
"""The type of every file's ``format`` key: the one version this twitchtree reads (:data:`FORMAT_VERSION`)."""
ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"

URGENCY_ORDER = ("emergency", "urgent", "soon", "routine", "self-care")
"""Urgency levels, most urgent first."""

URGENCY_WORDS = {
    "emergency": "Emergency: call emergency services now",
    "urgent": "Urgent: see a doctor within a day or two",
    "soon": "Soon: book an appointment within days to a couple of weeks",
    "routine": "Routine: mention it at your next visit",
    "self-care": "Self-care: manage at home and watch for the red flags",
}
"""Each urgency level in words, so that it is never told by colour alone."""

RED_FLAGS_HEADINGS = {
    "emergency": "While you wait for help, watch for",
    "urgent": "Act sooner if",
    "soon": "Act sooner if",
    "routine": "Act sooner if",
    "self-care": "Act sooner if",
}
"""What heads an outcome's red flags: nothing is sooner than an emergency's "now"."""

DEFAULT_DISCLAIMER = (
    "This is educational material, not a diagnosis and not a substitute for a doctor's advice. "
    "If you are worried, or in doubt, contact a doctor; in an emergency, call emergency services."
)

Id = Annotated[str, Pattern(ID_PATTERN)]
"""Ids of trees, nodes, conditions, sources and cases."""
Urgency = Literal["emergency", "urgent", "soon", "routine", "self-care"]
Difficulty = Literal["easy", "medium", "hard"]
_NONE: Mapping[str, Any] = MappingProxyType({})
"""The default of an optional table: empty, and shared, so read-only."""


class Source(Record):
    """A citation that nodes and conditions point at."""

    id: Id = field(from_key=True, names="source")
    title: str = field(doc="Title of the article or book.")
    url: str | None = field(default=None, doc="Where to read it.")


class Condition(Record):
    """Notes on a condition related to some steps of a tree."""

    id: Id = field(from_key=True, names="condition")
    name: str = field(doc="Display name, e.g. 'Amyotrophic lateral sclerosis (ALS)'.")
    aliases: tuple[str, ...] = field(default=(), doc="Other names for the condition.")
    summary: str = field(doc="One line.")
    notes: str | None = field(default=None, doc="What it is, how it shows, what a doctor may do (Markdown).")
    sources: tuple[Id, ...] = field(default=(), doc="Ids of the sources behind these notes.", refers="source")


class Answer(Record):
    """One answer to a question, leading to another node."""

    label: str = field(doc="What the user chooses; unique within the question.")
    next: Id = field(doc="Id of the node this answer leads to.", refers="node")
    why: str | None = field(default=None, doc="Shown in the reasoning path after this answer.")
    red_flag: bool = field(
        default=False, doc="This answer means a red flag is present: no outcome after it may be self-care."
    )


class Question(Record):
    """A step that asks something and offers two or more answers."""

    type: Literal["question"] = field(doc='"question": a step with answers.')
    id: Id = field(from_key=True, names="node")
    text: str = field(doc="The question.")
    help: str | None = field(default=None, doc="Shown under the question (Markdown).")
    conditions: tuple[Id, ...] = field(default=(), doc="Condition notes shown at this step.", refers="condition")
    sources: tuple[Id, ...] = field(default=(), doc="Ids of the sources behind this step.", refers="source")
    answers: tuple[Answer, ...] = field(doc="Two or more answers.", min_length=2)
    screens: Urgency | None = field(
        default=None,
        doc="This question asks about the signs of that urgency level (emergency | urgent | soon | routine | "
        "self-care): every outcome less urgent must be reached only through a question that screens it.",
    )

    @property
    def headline(self) -> str:
        """What the node says in a line: a question's text."""
        return self.text

    @property
    def is_red_flag(self) -> bool:
        """Whether any answer marks a red flag, making this a question a trainee must ask."""
        return any(answer.red_flag for answer in self.answers)


class Outcome(Record):
    """Where a walk ends: how urgent it is, and what to do."""

    type: Literal["outcome"] = field(doc='"outcome": where a walk ends.')
    id: Id = field(from_key=True, names="node")
    urgency: Urgency = field(doc="emergency | urgent | soon | routine | self-care")
    title: str = field(doc="The outcome in a few words, e.g. 'See a doctor within days'.")
    text: str = field(doc="What this means and what to do (Markdown).")
    red_flags: tuple[str, ...] = field(default=(), doc="Signs that should make the user act sooner.")
    conditions: tuple[Id, ...] = field(default=(), doc="Related conditions.", refers="condition")
    sources: tuple[Id, ...] = field(default=(), doc="Ids of the sources behind this outcome.", refers="source")

    @property
    def headline(self) -> str:
        """What the node says in a line: an outcome's title."""
        return self.title

    @property
    def urgency_words(self) -> str:
        return URGENCY_WORDS[self.urgency]

    @property
    def red_flags_heading(self) -> str:
        """What heads the red flags, fitting the urgency (see ``RED_FLAGS_HEADINGS``)."""
        return RED_FLAGS_HEADINGS[self.urgency]


Node = Question | Outcome
"""A node of a tree; its ``type`` (or isinstance) tells which."""

_FORMAT = f"Version of the file format; this twitchtree reads {FORMAT_VERSION}."


class LibraryFile(Record):
    """A condition library, named by trees in their ``uses``."""

    format: FormatVersion = field(doc=_FORMAT)
    id: Id | None = field(default=None, doc="An id for the library.")
    title: str | None = field(default=None, doc="A title for the library.")
    uses: tuple[str, ...] = field(default=(), doc="Further libraries, relative to this file.", refers="file")
    sources: Mapping[Id, Source] = field(default=_NONE, doc="Citations, by id.")
    conditions: Mapping[Id, Condition] = field(default=_NONE, doc="Condition notes, by id.")


class TreeFile(Record):
    """A decision tree."""

    format: FormatVersion = field(doc=_FORMAT)
    id: Id = field(doc="The tree's id.", names="tree")
    title: str = field(doc="The tree's title.")
    version: str | None = field(default=None, doc="Content version of this tree.")
    start: Id = field(doc="Id of the first node.", refers="node")
    description: str | None = field(default=None, doc="What the tree is about (Markdown).")
    disclaimer: str = field(
        default=DEFAULT_DISCLAIMER, doc="Shown with every outcome; a default is shown when absent.", min_length=1
    )
    uses: tuple[str, ...] = field(default=(), doc="Condition libraries, paths relative to this file.", refers="file")
    authors: tuple[str, ...] = field(default=(), doc="Who wrote the tree.")
    reviewed: date | None = field(
        default=None, doc="When the content was last reviewed: an unquoted TOML date, such as 2026-11-01."
    )
    review_by: date | None = field(
        default=None, doc="When it is due for review: an unquoted TOML date, such as 2027-11-01."
    )
    sources: Mapping[Id, Source] = field(default=_NONE, doc="Citations, by id.")
    nodes: Mapping[Id, Node] = field(doc="The questions and outcomes, by id.")
    conditions: Mapping[Id, Condition] = field(
        default=_NONE, doc="Condition notes, by id (at run time, those of the libraries too)."
    )


class Expect(Record):
    """What the case's reference path must reach."""

    outcome: Id = field(doc="The outcome node the reference path must reach.", refers="node")
    urgency: Urgency = field(doc="That outcome's urgency.")
    must_ask: tuple[Id, ...] = field(default=(), doc="Red-flag questions a trainee must pass through.", refers="node")


class Case(Record):
    """A vignette: a patient story and the reference walk through the tree."""

    id: Id = field(doc="The case's id, unique in its file.", names="case")
    index: int = field(from_index=True)
    """Position in its file's ``cases`` array."""
    title: str = field(doc="The case in a few words.")
    difficulty: Difficulty | None = field(default=None, doc="easy | medium | hard")
    patient: str = field(doc="What the trainee reads (Markdown).")
    answers: Mapping[Id, str] = field(doc="Node id -> answer label: the reference path.", refers="node")
    teaching: str | None = field(default=None, doc="Debrief points (Markdown).")
    expect: Expect = field(doc="What the reference path must reach.")


class CasesFile(Record):
    """A case file: vignettes for training, and regression tests of a tree."""

    format: FormatVersion = field(doc=_FORMAT)
    tree: Id = field(doc="Id of the tree these cases are for.", refers="tree")
    cases: tuple[Case, ...] = field(doc="The cases.")


Kind = Literal["tree", "library", "cases"]
"""The kinds of file: a decision tree, a condition library, a case file."""

FILES: Mapping[Kind, type[Record]] = {"tree": TreeFile, "library": LibraryFile, "cases": CasesFile}
"""The record of each kind of file."""


def kind_of(data: Mapping[str, Any]) -> Kind:
    """Which kind of file the parsed TOML ``data`` is. The one place that decides it."""
    if "cases" in data or "tree" in data:
        return "cases"
    if "nodes" not in data and "start" not in data and ({"conditions", "sources", "uses"} & data.keys()):
        return "library"
    return "tree"
