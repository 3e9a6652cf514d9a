"""The records of a checked tree: questions, outcomes, answers, conditions and sources.

They are built from data that :mod:`.format` has already validated (or
from the cache of such data), so building them imports no pydantic and
checks nothing. Text in them is content, never markup: front ends must
show it as it is.
"""

from __future__ import annotations

from typing import Any, Literal, NamedTuple

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


class Answer(NamedTuple):
    label: str
    next: str
    why: str | None = None
    red_flag: bool = False

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Answer:
        return cls(data["label"], data["next"], data.get("why"), data.get("red_flag", False))


class Question(NamedTuple):
    id: str
    text: str
    answers: tuple[Answer, ...]
    help: str | None = None
    conditions: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    screens: str | None = None
    """The urgency level whose signs this question asks about, if any."""
    kind = "question"  # a class attribute, not a field

    @property
    def is_red_flag(self) -> bool:
        """Whether any answer marks a red flag, making this a question a trainee must ask."""
        return any(answer.red_flag for answer in self.answers)

    @classmethod
    def from_data(cls, id: str, data: dict[str, Any]) -> Question:
        return cls(
            id,
            data["text"],
            tuple(Answer.from_data(answer) for answer in data["answers"]),
            data.get("help"),
            tuple(data.get("conditions", ())),
            tuple(data.get("sources", ())),
            data.get("screens"),
        )


class Outcome(NamedTuple):
    id: str
    urgency: str
    title: str
    text: str
    red_flags: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    kind = "outcome"  # a class attribute, not a field

    @property
    def urgency_words(self) -> str:
        return URGENCY_WORDS[self.urgency]

    @classmethod
    def from_data(cls, id: str, data: dict[str, Any]) -> Outcome:
        return cls(
            id,
            data["urgency"],
            data["title"],
            data["text"],
            tuple(data.get("red_flags", ())),
            tuple(data.get("conditions", ())),
            tuple(data.get("sources", ())),
        )


Node = Question | Outcome


def node_from_data(id: str, data: dict[str, Any]) -> Node:
    return (Question if data["type"] == "question" else Outcome).from_data(id, data)


class Condition(NamedTuple):
    id: str
    name: str
    summary: str
    aliases: tuple[str, ...] = ()
    notes: str | None = None
    sources: tuple[str, ...] = ()

    @classmethod
    def from_data(cls, id: str, data: dict[str, Any]) -> Condition:
        return cls(
            id,
            data["name"],
            data["summary"],
            tuple(data.get("aliases", ())),
            data.get("notes"),
            tuple(data.get("sources", ())),
        )


class Source(NamedTuple):
    id: str
    title: str
    url: str | None = None

    @classmethod
    def from_data(cls, id: str, data: dict[str, Any]) -> Source:
        return cls(id, data["title"], data.get("url"))


Kind = Literal["tree", "library", "cases"]
"""The kinds of file: a decision tree, a condition library, a case file."""


def kind_of(data: dict[str, Any]) -> Kind:
    """Which kind of file the parsed TOML ``data`` is. The one place that decides it."""
    if "cases" in data or "tree" in data:
        return "cases"
    if "nodes" not in data and "start" not in data and ({"conditions", "sources", "uses"} & data.keys()):
        return "library"
    return "tree"
