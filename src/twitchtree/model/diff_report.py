"""A tree diff and its impact, written for the places review happens: a terminal, a pull request, a tool.

:func:`text` is for the terminal (ANSI colour optional, and every string
from a file passed through :func:`.text.printable`); :func:`markdown` is
for a pull-request comment (every string from a file escaped, so a label
cannot become a link, a heading or a mention); :func:`to_json` is the
documented, versioned form for tools (``docs/json-export.md``).
This module imports nothing from Textual.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .diff import CATEGORIES, summary, word_diff
from .text import printable

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

    from .diff import Change, TreeDiff
    from .impact import CaseImpact, End, SessionImpact

JSON_VERSION = 1
"""Version of ``diff --format json``; raised when a key changes meaning or goes away."""

HEADINGS = {
    "structure": "Structure",
    "paths": "Paths",
    "outcomes": "Outcomes",
    "safety": "Safety",
    "text": "Questions and text",
    "metadata": "Metadata",
}


@dataclass
class Report:
    """A diff, with what it does to cases and recorded sessions when those were looked at."""

    diff: TreeDiff
    old_name: str
    """How the old side was named on the command line."""
    new_name: str
    cases: list[CaseImpact] | None = None
    """The cases that end elsewhere; None when no case was looked at."""
    cases_total: int = 0
    case_files: list[Path] = field(default_factory=list)
    sessions: SessionImpact | None = None
    """The recorded sessions; None when no database was read."""
    database: str = ""
    notes: list[str] = field(default_factory=list)
    """What could not be looked at, and why (a case file with errors, a database that cannot be read)."""


# -- words shared by the text and Markdown forms ------------------------------------------------


@dataclass(frozen=True)
class _Style:
    """How each form writes a piece: ``lit`` is text from a file; the others wrap already written text."""

    lit: Callable[[str], str]
    code: Callable[[str], str]
    added: Callable[[str], str]
    removed: Callable[[str], str]
    alarm: Callable[[str], str]
    heading: Callable[[str], str]
    bullet: str


def _ansi(code: str, colour: bool) -> Callable[[str], str]:
    return (lambda s: f"\x1b[{code}m{s}\x1b[0m") if colour else (lambda s: s)


def _terminal(colour: bool) -> _Style:
    return _Style(
        lit=lambda s: printable(s, multiline=True).replace("\n", "\n      "),
        code=lambda s: printable(s),
        added=_ansi("32", colour) if colour else lambda s: f"{{+{s}+}}",
        removed=_ansi("31", colour) if colour else lambda s: f"[-{s}-]",
        alarm=_ansi("1;31", colour),
        heading=_ansi("1", colour),
        bullet="  ",
    )


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()|~>])")
"""What Markdown reads as markup in the middle of a line (``<``, ``&`` and ``@`` become entities)."""


def md_escape(text: str) -> str:
    """Text from a file as literal Markdown on one line: no emphasis, links, headings, HTML, tables or
    mentions."""
    return _md_run(" ".join(text.split()))


def _md_run(text: str) -> str:
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", re.sub(r"\s+", " ", printable(text)))
    return text.replace("&", "&amp;").replace("<", "&lt;").replace("@", "&#64;")


def _md_wrap(mark: str) -> Callable[[str], str]:
    """Wrap the words of ``s`` in an emphasis mark, keeping the spaces around them outside it."""

    def wrap(s: str) -> str:
        core = s.strip()
        if not core:
            return s
        start = s.index(core[0])
        return f"{s[:start]}{mark}{core}{mark}{s[start + len(core) :]}"

    return wrap


_MARKDOWN = _Style(
    lit=md_escape,
    code=lambda s: f"`{s}`" if s and "`" not in s and s.strip() == s and printable(s) == s else md_escape(s),
    added=_md_wrap("**"),
    removed=_md_wrap("~~"),
    alarm=lambda s: f"**{s}**",
    heading=lambda s: f"### {s}",
    bullet="- ",
)


def _value(value: Any, style: _Style) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(style.lit(str(v)) for v in value) or "(none)"
    return style.lit(str(value))


def _where(change: Change, style: _Style) -> str:
    if change.scope == "tree":
        return ""
    where = (
        f"{change.scope} {style.code(change.id)}" if change.scope in ("condition", "source") else style.code(change.id)
    )
    if change.answer is not None:
        where += f' → "{style.lit(change.answer)}"'
    return where


def _words(old: str, new: str, style: _Style) -> str:
    parts = []
    for op, run in word_diff(old, new):
        text = _md_run(run) if style is _MARKDOWN else style.lit(run)
        parts.append(text if op == "=" else style.added(text) if op == "+" else style.removed(text))
    return "".join(parts)


def _list_change(old: list[Any] | None, new: list[Any] | None, style: _Style) -> str:
    was, now = [str(v) for v in old or ()], [str(v) for v in new or ()]
    gone = ", ".join(style.removed(f'"{style.lit(v)}"') for v in was if v not in now)
    came = ", ".join(style.added(f'"{style.lit(v)}"') for v in now if v not in was)
    return "; ".join([*(["added " + came] if came else []), *(["removed " + gone] if gone else [])]) or "reordered"


def _describe(change: Change, style: _Style) -> str:
    where = _where(change, style)
    kind, old, new = change.kind, change.old, change.new
    if kind == "added":
        return f"{style.added('added')} {where}: {_value(new, style)}"
    if kind == "removed":
        return f"{style.removed('removed')} {where}: {_value(old, style)}"
    if kind == "renamed":
        return f"{style.code(old)} renamed to {style.code(new)}"
    if kind == "retyped":
        return f"{where} was {old}, is now {new}"
    if kind == "start":
        return f"the walk now starts at {style.code(new)} (was {style.code(old)})"
    if kind == "rewired":
        line = f"{where} now leads to {style.code(new)} (was {style.code(old)})"
        if change.direction == "escalated":
            return line + ", towards more urgent outcomes"
        return line + (f", {style.alarm('towards less urgent outcomes')}" if change.direction == "de-escalated" else "")
    if kind == "answer-added":
        return f"{style.added('new answer')} {where} leads to {style.code(new)}"
    if kind == "answer-removed":
        return f"{style.removed('answer removed')} {where} (led to {style.code(old)})"
    if kind == "urgency":
        mark = style.alarm("de-escalated") if change.direction == "de-escalated" else change.direction
        return f"{where}: {old} → {new} ({mark})"
    label = f"{where} {change.field}".strip() if where else str(change.field)
    if change.category == "safety":
        if change.field == "red_flag":
            what = "red flag added" if new else "red flag removed"
        else:
            what = f"screens {_value(old, style)} → {_value(new, style)}"
        return f"{where}: {style.alarm(what) if change.direction == 'weakened' else what}"
    if isinstance(old, str) and isinstance(new, str) and len(old.split()) + len(new.split()) > 2:
        return f"{label}: {_words(old, new, style)}"
    if isinstance(old, list | tuple) or isinstance(new, list | tuple):
        return f"{label}: {_list_change(old, new, style)}"
    return f"{label}: {_value(old, style)} → {_value(new, style)}"


def _end(end: End, style: _Style) -> str:
    if end.outcome is not None:
        return f"{style.code(end.outcome)} ({end.urgency})"
    return f"no outcome: stops at {style.code(end.stopped_at or '?')}, {style.lit(end.reason)}"


def _move(before: End, after: End, direction: str, style: _Style) -> str:
    if before.outcome is not None and before.outcome == after.outcome:
        text = f"{style.code(before.outcome)} ({before.urgency} → {after.urgency})"
    else:
        text = f"{_end(before, style)} → {_end(after, style)}"
    if direction:
        text += ", " + (style.alarm(direction) if direction == "de-escalated" else direction)
    elif not after.reached:
        text = style.alarm(text)
    return text


def _lines(report: Report, style: _Style) -> Iterator[str]:
    diff = report.diff
    for category in CATEGORIES:
        changes = diff.in_category(category)
        if changes:
            yield ""
            yield style.heading(HEADINGS[category])
            for change in changes:
                yield style.bullet + _describe(change, style)
    if report.cases is not None:
        yield ""
        n = len(report.cases)
        files = len(report.case_files)
        if files:
            plural = "s" * (files != 1)
            yield style.heading(f"Cases: {n} of {report.cases_total} end elsewhere ({files} case file{plural})")
        else:
            yield style.heading("Cases: no case file for this tree was found")
        for impact in report.cases:
            name = f'{style.code(impact.case_id)} ("{style.lit(impact.title)}")'
            if files > 1 and impact.path is not None:
                name = f"{style.lit(str(impact.path))}: {name}"
            yield style.bullet + f"{name}: {_move(impact.before, impact.after, impact.direction, style)}"
    if report.sessions is not None:
        yield ""
        yield style.heading("Recorded sessions")
        yield style.bullet + _session_sentence(report.sessions, style)
    for note in report.notes:
        yield ""
        yield style.lit(note)


def _session_sentence(impact: SessionImpact, style: _Style) -> str:
    n, total = len(impact.changed), impact.total
    head = f"{n} of {total} session{'s' * (total != 1)} {'now end' if n != 1 else 'now ends'} elsewhere"
    if not n:
        return head
    parts = []
    for before, after, ids in impact.groups():
        where = f"at {style.code(after.outcome)}" if after.outcome else f"stop at {style.code(after.stopped_at or '?')}"
        detail = f"{before.urgency} → {after.urgency}" if after.reached else style.lit(after.reason)
        direction = _direction(before, after)
        if direction:
            detail += ", " + (style.alarm(direction) if direction == "de-escalated" else direction)
        parts.append(f"{len(ids)} {where} (from {style.code(before.outcome or '?')}; {detail})")
    return f"{head}: " + "; ".join(parts)


def _direction(before: End, after: End) -> str:
    from .impact import WalkChange

    return WalkChange(before, after).direction


def _title(report: Report, style: _Style) -> list[str]:
    diff = report.diff

    def side(tree: Any, name: str) -> str:
        return f"{style.lit(tree.label)} ({style.lit(name)})"

    return [f"{side(diff.old, report.old_name)} → {side(diff.new, report.new_name)}", summary(diff)]


# -- the three forms ----------------------------------------------------------------------------


def text(report: Report, *, colour: bool = False) -> str:
    """The report for a terminal; ``colour`` adds ANSI colours (the words say it all without them)."""
    style = _terminal(colour)
    head, line = _title(report, style)
    return "\n".join([head, style.heading(line), *_lines(report, style)]) + "\n"


def markdown(report: Report) -> str:
    """The report as a pull-request comment."""
    head, line = _title(report, _MARKDOWN)
    return "\n".join([f"## Tree diff: {head}", "", f"**{line}**", *_lines(report, _MARKDOWN)]) + "\n"


def to_json(report: Report) -> str:
    """The report for tools: ``docs/json-export.md`` describes every key."""
    diff = report.diff

    def side(tree: Any, name: str) -> dict[str, Any]:
        return {"name": name, "id": tree.id, "title": tree.title, "version": tree.version}

    def end(e: End) -> dict[str, Any]:
        if e.reached:
            return {"outcome": e.outcome, "urgency": e.urgency}
        return {"stopped_at": e.stopped_at, "reason": e.reason}

    document: dict[str, Any] = {
        "twitchtree_diff": JSON_VERSION,
        "old": side(diff.old, report.old_name),
        "new": side(diff.new, report.new_name),
        "summary": summary(diff),
        "changed": bool(diff),
        "de_escalations": len(diff.de_escalations),
        "renames": diff.renames,
        "changes": [change.as_data() for change in diff.changes],
        "cases": None,
        "sessions": None,
        "notes": report.notes,
    }
    if report.cases is not None:
        document["cases"] = {
            "files": [str(p) for p in report.case_files],
            "total": report.cases_total,
            "changed": [
                {
                    "file": str(c.path),
                    "id": c.case_id,
                    "title": c.title,
                    "before": end(c.before),
                    "after": end(c.after),
                    "direction": c.direction,
                }
                for c in report.cases
            ],
        }
    if report.sessions is not None:
        document["sessions"] = {
            "database": report.database,
            "total": report.sessions.total,
            "changed": len(report.sessions.changed),
            "groups": [
                {"before": end(b), "after": end(a), "direction": _direction(b, a), "sessions": ids}
                for b, a, ids in report.sessions.groups()
            ],
        }
    return json.dumps(document, indent=2, ensure_ascii=False, default=str) + "\n"
