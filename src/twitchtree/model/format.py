"""The file format, version 1, as pydantic models: the contract for tree, library and case files.

These models validate what the TOML parser returned. They are strict: an unknown key
is an error, and values are never coerced (``"1"`` is not an integer). The
JSON Schema that ``twitchtree schema`` prints is generated from them, so
the field descriptions here are what authors see in their editors.

Validation only checks; the loader keeps the parsed data and builds the
checked graph from it (see :mod:`.graph`), which is what a warm start
reads from the cache without importing pydantic at all.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

FORMAT_VERSION = 1
ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
URGENCIES = ("emergency", "urgent", "soon", "routine", "self-care")

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
Urgency = Literal["emergency", "urgent", "soon", "routine", "self-care"]
Difficulty = Literal["easy", "medium", "hard"]
Markdown = Annotated[str, Field(description="Markdown text.")]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Source(_Model):
    """A citation that nodes and conditions point at."""

    title: str = Field(description="Title of the article or book.")
    url: str | None = Field(None, description="Where to read it.")


class Condition(_Model):
    """Notes on a condition related to some steps of a tree."""

    name: str = Field(description="Display name, e.g. 'Amyotrophic lateral sclerosis (ALS)'.")
    aliases: list[str] = Field(default_factory=list, description="Other names for the condition.")
    summary: str = Field(description="One line.")
    notes: Markdown | None = Field(None, description="What it is, how it shows, what a doctor may do.")
    sources: list[Id] = Field(default_factory=list, description="Ids of the sources behind these notes.")


class Answer(_Model):
    """One answer to a question, leading to another node."""

    label: str = Field(description="What the user chooses; unique within the question.")
    next: Id = Field(description="Id of the node this answer leads to.")
    why: str | None = Field(None, description="Shown in the reasoning path after this answer.")
    red_flag: bool = Field(
        False,
        description="This answer means a red flag is present: no outcome after it may be self-care.",
    )


class Question(_Model):
    """A step that asks something and offers two or more answers."""

    type: Literal["question"]
    text: str = Field(description="The question.")
    help: Markdown | None = Field(None, description="Shown under the question.")
    conditions: list[Id] = Field(default_factory=list, description="Condition notes shown at this step.")
    sources: list[Id] = Field(default_factory=list, description="Ids of the sources behind this step.")
    answers: list[Answer] = Field(min_length=2, description="Two or more answers.")
    screens: Urgency | None = Field(
        None,
        description="This question asks about the signs of that urgency level (emergency | urgent | soon | "
        "routine | self-care): every outcome less urgent must be reached only through a question that screens it.",
    )


class Outcome(_Model):
    """Where a walk ends: how urgent it is, and what to do."""

    type: Literal["outcome"]
    urgency: Urgency = Field(description="emergency | urgent | soon | routine | self-care")
    title: str = Field(description="The outcome in a few words, e.g. 'See a doctor within days'.")
    text: Markdown = Field(description="What this means and what to do.")
    red_flags: list[str] = Field(default_factory=list, description="Signs that should make the user act sooner.")
    conditions: list[Id] = Field(default_factory=list, description="Related conditions.")
    sources: list[Id] = Field(default_factory=list, description="Ids of the sources behind this outcome.")


Node = Annotated[Question | Outcome, Field(discriminator="type")]


class _Header(_Model):
    format: int = Field(description=f"Version of the file format; this twitchtree reads {FORMAT_VERSION}.")


class Library(_Header):
    """A condition library, named by trees in their ``uses``."""

    id: Id | None = None
    title: str | None = None
    uses: list[str] = Field(default_factory=list, description="Further libraries, relative to this file.")
    sources: dict[Id, Source] = Field(default_factory=dict)
    conditions: dict[Id, Condition] = Field(default_factory=dict)


class Tree(_Header):
    """A decision tree."""

    id: Id
    title: str
    version: str | None = Field(None, description="Content version of this tree.")
    start: Id = Field(description="Id of the first node.")
    description: Markdown | None = None
    disclaimer: str | None = Field(None, description="A default is shown when absent.")
    uses: list[str] = Field(default_factory=list, description="Condition libraries, paths relative to this file.")
    authors: list[str] = Field(default_factory=list)
    reviewed: date | None = None
    review_by: date | None = None
    sources: dict[Id, Source] = Field(default_factory=dict)
    nodes: dict[Id, Node]
    conditions: dict[Id, Condition] = Field(default_factory=dict)


class Expect(_Model):
    """What the case's reference path must reach."""

    outcome: Id = Field(description="The outcome node the reference path must reach.")
    urgency: Urgency
    must_ask: list[Id] = Field(default_factory=list, description="Red-flag questions a trainee must pass through.")


class Case(_Model):
    """A vignette: a patient story and the reference walk through the tree."""

    id: Id
    title: str
    difficulty: Difficulty | None = None
    patient: Markdown = Field(description="What the trainee reads.")
    answers: dict[Id, str] = Field(description="Node id -> answer label: the reference path.")
    teaching: Markdown | None = Field(None, description="Debrief points.")
    expect: Expect


class Cases(_Header):
    """A case file: vignettes for training, and regression tests of a tree."""

    tree: Id = Field(description="Id of the tree these cases are for.")
    cases: list[Case]


KINDS: dict[str, type[_Header]] = {"tree": Tree, "library": Library, "cases": Cases}
