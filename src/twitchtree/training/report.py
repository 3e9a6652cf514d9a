"""Reports on recorded sessions: per case and per trainee, as a table, CSV or JSON, and replays.

The totals are added up by the database and, like the sessions, read as
they are printed: CSV prints its heading before anything is read and each
case as soon as the database has added it up, so a report on 100,000
sessions starts at once and its memory stays flat; the formats are
generators of text. Text from the database
(trainee names, titles, ids, answers) goes through one escaping function,
``model.text.printable``, so a hand-edited database cannot drive the
terminal; CSV cells are escaped the same way, and those a spreadsheet would
run as a formula are prefixed with an apostrophe; JSON escapes every
non-ASCII character. Columns are aligned by display width, so names in
Chinese or Japanese line up.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from rich.cells import cell_len

from ..model.spec import URGENCY_ORDER
from ..model.text import printable
from .rows import Summary
from .scoring import Expectation, assess, final_path, reference_path

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence

    from ..model.tree import Tree
    from .store import SessionRecord, StepRecord, Store


@dataclass(frozen=True, slots=True)
class CaseRow:
    tree: str
    case: str
    title: str
    summary: Summary


@dataclass(frozen=True, slots=True)
class TraineeRow:
    trainee: str
    summary: Summary


@dataclass(frozen=True)
class Report:
    """What a report shows, each part read from the database only as the report is written.

    Each part can be read only once: a format that needs a part twice makes a list of it first.
    """

    cases: Iterable[CaseRow]
    trainees: Iterable[TraineeRow]
    sessions: Iterable[SessionRecord]
    """Read as the report is written, so memory stays flat however many there are."""
    trainee: str | None = None
    """The trainee the report was limited to, if any."""


def build(store: Store, trainee: str | None = None) -> Report:
    """The report on ``store``: nothing is read until it is written; the totals are added up by the database."""

    def trainees() -> Iterator[TraineeRow]:
        yield from (TraineeRow(t.key[0], t) for t in store.trainee_totals(trainee))

    cases = (CaseRow(t.key[0], t.key[1], t.key[2], t) for t in store.case_totals(trainee))
    return Report(cases, trainees(), store.sessions(trainee), trainee)


# -- formats --------------------------------------------------------------------

_HEAD = ("attempts", "finished", "correct", "under", "over", "mean score", "mean time")
_SESSION_WIDTHS = (6, 24, 40, 16, 12, 5)
"""The sessions table streams, so its columns have fixed display widths: id, trainee, case, started, result, score."""


def table(report: Report) -> Iterator[str]:
    """Aligned plain text, line by line: cases, trainees, then the sessions (their ids are what --session takes)."""
    cases = list(report.cases)  # the columns are as wide as their widest cell
    if not cases:
        who = f" for trainee {printable(report.trainee)}" if report.trainee is not None else ""
        yield f"No sessions recorded{who}.\n"
        return
    title = "Per case" + (f" (trainee {printable(report.trainee)})" if report.trainee is not None else "")
    lines = _table(title, ("case", "tree"), [((_clip(r.title, 44), r.tree), r.summary) for r in cases])
    lines.append("")
    lines += _table("Per trainee", ("trainee",), [((_clip(r.trainee, 44),), r.summary) for r in report.trainees])
    lines += ["", "Sessions"]
    right = {0, 5}
    lines.append(_row(("id", "trainee", "case", "started", "result", "score"), _SESSION_WIDTHS, right))
    yield from (line + "\n" for line in lines)
    for s in report.sessions:
        cells = (
            str(s.id),
            s.trainee,
            s.case_title,
            _local(s.started_at),
            s.verdict or "not finished",
            "" if s.score is None else str(s.score),
        )
        yield _row(tuple(_clip(c, w) for c, w in zip(cells, _SESSION_WIDTHS, strict=True)), _SESSION_WIDTHS, right)
        yield "\n"
    yield "\nUnder-triage (reaching a less urgent level than the case needs) is the serious error.\n"
    yield "`twitchtree report --session ID` replays one session beside the reference path.\n"


def _table(title: str, keys: tuple[str, ...], rows: list[tuple[tuple[str, ...], Summary]]) -> list[str]:
    lines = [(*keys, *_HEAD)]
    for key, s in rows:
        lines.append(
            (
                *key,
                str(s.attempts),
                str(s.finished),
                str(s.correct_urgency),
                str(s.under_triage),
                str(s.over_triage),
                "–" if s.mean_score is None else f"{s.mean_score:g}",
                "–" if s.mean_seconds is None else duration(s.mean_seconds),
            )
        )
    return [title, *_align(lines, right=set(range(len(keys), len(keys) + len(_HEAD))))]


def _align(rows: Sequence[tuple[str, ...]], right: set[int]) -> list[str]:
    """Columns as wide as their widest cell, measured in terminal cells (a CJK character takes two)."""
    cells = [tuple(printable(cell) for cell in row) for row in rows]
    widths = tuple(max(_width(row[i]) for row in cells) for i in range(len(cells[0])))
    return [_row(row, widths, right) for row in cells]


def _row(cells: tuple[str, ...], widths: tuple[int, ...], right: set[int]) -> str:
    """One line of ``cells`` (already printable: escaped by :func:`_clip` or :func:`_align`), padded."""
    padded = []
    for i, (cell, width) in enumerate(zip(cells, widths, strict=True)):
        gap = " " * max(0, width - _width(cell))
        padded.append(gap + cell if i in right else cell + gap)
    return ("  " + "  ".join(padded)).rstrip()


_CSV_FIELDS = (
    "group", "tree", "case", "title", "trainee", "attempts", "finished",
    "correct_urgency", "under_triage", "over_triage", "mean_score", "mean_seconds",
)  # fmt: skip


def to_csv(report: Report) -> Iterator[str]:
    """One row per case (group=case) then one per trainee (group=trainee), for spreadsheets, row by row."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=_CSV_FIELDS, lineterminator="\n")

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writeheader()
    yield flush()
    for row in report.cases:
        writer.writerow(
            _csv_safe(
                {"group": "case", "tree": row.tree, "case": row.case, "title": row.title, **_numbers(row.summary)}
            )
        )
        yield flush()
    for trainee_row in report.trainees:
        writer.writerow(
            _csv_safe({"group": "trainee", "trainee": trainee_row.trainee, **_numbers(trainee_row.summary)})
        )
        yield flush()


def to_json(report: Report) -> Iterator[str]:
    """The whole report as one JSON document, written session by session. Non-ASCII is escaped, so
    no character (C1 controls, bidi overrides) can reach a terminal that shows it."""
    head = {
        "trainee": report.trainee,
        "cases": [{"tree": r.tree, "case": r.case, "title": r.title, **_numbers(r.summary)} for r in report.cases],
        "trainees": [{"trainee": r.trainee, **_numbers(r.summary)} for r in report.trainees],
    }
    opening = json.dumps(head, indent=2, ensure_ascii=True)
    yield opening[: opening.rindex("}")].rstrip() + ',\n  "sessions": ['
    first = True
    for s in report.sessions:
        yield ("\n    " if first else ",\n    ") + json.dumps(_session_json(s), ensure_ascii=True)
        first = False
    yield ("\n  ]" if not first else "]") + "\n}\n"


def _session_json(s: SessionRecord) -> dict[str, object]:
    seconds = s.seconds
    return {
        "id": s.id,
        "trainee": s.trainee,
        "tree": s.tree_id,
        "tree_hash": s.tree_hash,
        "case": s.case_id,
        "title": s.case_title,
        "started_at": iso(s.started_at),
        "finished_at": iso(s.finished_at),
        "seconds": None if seconds is None else round(seconds, 1),
        "expected_urgency": s.expected_urgency,
        "urgency": s.urgency,
        "verdict": s.verdict,
        "expected_outcome": s.expected_outcome,
        "outcome": s.outcome,
        "outcome_correct": s.outcome_correct,
        "score": s.score,
    }


def _numbers(summary: Summary) -> dict[str, object]:
    return {field.name: getattr(summary, field.name) for field in fields(Summary)}


def _csv_safe(row: dict[str, object]) -> dict[str, object]:
    """Text cells printable (control characters escaped, as on the terminal), and never a spreadsheet formula."""
    safe: dict[str, object] = {}
    for key, value in row.items():
        if isinstance(value, str):
            value = printable(value)
            if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
                value = "'" + value
        safe[key] = value
    return safe


# -- replay ---------------------------------------------------------------------


def replay(session: SessionRecord, steps: Sequence[StepRecord], tree: Tree | None = None, tree_note: str = "") -> str:
    """One session step by step, every answer as given (going back included), beside the case's answers."""
    expect = Expectation(session.expected_outcome, session.expected_urgency, session.reference, session.must_ask)
    out = [f"Session {session.id}: {session.trainee} · {session.case_title} ({session.tree_id}/{session.case_id})"]
    when = f"Started {_local(session.started_at)}"
    if session.seconds is not None:
        when += f", reached an outcome after {duration(session.seconds)}"
    else:
        when += ", not finished"
    out.append(when + (f" · {tree_note}" if tree_note else ""))
    path = final_path(steps)
    kept = _kept(steps)
    known = session.urgency in URGENCY_ORDER and session.expected_urgency in URGENCY_ORDER
    if session.finished and session.outcome and session.urgency and not known:
        out.append(
            f"Urgency: the database holds '{session.urgency}' for a case that expects "
            f"'{session.expected_urgency}', not levels twitchtree knows; the session cannot be scored"
        )
    elif session.finished and session.outcome and session.urgency:
        result = assess(expect, path, outcome=session.outcome, urgency=session.urgency, tree=tree)
        reached = "reached" if result.outcome_reached else f"not reached (the walk ended at {session.outcome})"
        out.append(f"Urgency: {result.triage.words}")
        out.append(f"Expected outcome {session.expected_outcome}: {reached}")
        if expect.must_ask:
            missed = ", ".join(result.must_ask_missed) or "none"
            out.append(
                f"Must ask: {len(result.must_ask_passed)} of {len(expect.must_ask)} passed through; missed: {missed}"
            )
        parts = ", ".join(f"{line.part} {line.points}/{line.out_of}" for line in result.lines)
        out.append(f"Score: {result.score}/100 ({parts})")
    out.append("")
    rows = [("n", "step", "question", "answer", "reference", "", "time")]
    for step, is_kept in zip(steps, kept, strict=True):
        reference = session.reference.get(step.node_id)
        mark = "" if reference == step.answer_label else "≠" if reference is not None else "off path"
        rows.append(
            (
                str(step.n),
                str(step.depth + 1) + ("" if is_kept else " ↩"),
                _clip(_question(tree, step.node_id), 44),
                _clip(step.answer_label, 24),
                _clip(reference if reference is not None else "—", 24),
                mark,
                duration(step.seconds),
            )
        )
    if len(rows) == 1:
        out.append("  No answers were recorded.")
    else:
        out += _align(rows, right={0, 6})
    if not all(kept):
        out.append("  ↩ answered, then changed: the trainee went back to this step and answered again")
    asked = {step.node_id for step in path}
    missing = [(node_id, label) for node_id, label in reference_path(expect, tree) if node_id not in asked]
    if missing:
        out.append("")
        out.append("Reference steps the walk never came to:")
        out += _align(
            [(_clip(_question(tree, node_id), 60), _clip(label, 30)) for node_id, label in missing], right=set()
        )
    return "".join(printable(line) + "\n" for line in out)


def _kept(steps: Sequence[StepRecord]) -> list[bool]:
    """For each answer, whether it is still on the final path."""
    path: list[int] = []
    for index, step in enumerate(steps):
        del path[step.depth :]
        path.append(index)
    on_path = set(path)
    return [index in on_path for index in range(len(steps))]


def _question(tree: Tree | None, node_id: str) -> str:
    if tree is None:
        return node_id
    try:
        node = tree.node(node_id)
    except KeyError:
        return node_id
    return " ".join(node.headline.split())


# -- text helpers ------------------------------------------------------------------


def duration(seconds: float) -> str:
    """``7 s``, ``1:05``, ``1:02:03``."""
    if not 0 <= seconds < 10**9:
        return "?"
    total = round(seconds)
    if total < 60:
        return f"{total} s"
    minutes, secs = divmod(total, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02}:{secs:02}" if hours else f"{minutes}:{secs:02}"


def iso(timestamp: float | None) -> str | None:
    if timestamp is None:
        return None
    try:
        return datetime.fromtimestamp(timestamp, tz=UTC).isoformat(timespec="seconds")
    except (OverflowError, OSError, ValueError):
        return None


def _local(timestamp: float | None) -> str:
    if timestamp is None:
        return "?"
    try:
        return datetime.fromtimestamp(timestamp).strftime("%Y-%m-%d %H:%M")
    except (OverflowError, OSError, ValueError):
        return "?"


def _clip(text: str, width: int) -> str:
    """``text`` on one line, printable, at most ``width`` terminal cells wide."""
    text = printable(" ".join(text.split()))
    if _width(text) <= width:
        return text
    from rich.cells import set_cell_size

    return set_cell_size(text, width - 1) + "…"


def _width(text: str) -> int:
    """Terminal cells ``text`` takes (printable text: ASCII is one cell a character)."""
    return len(text) if text.isascii() else cell_len(text)
