"""Reports on recorded sessions: per case and per trainee, as a table, CSV or JSON, and replays.

Every function here takes records already read from the store and returns
text; nothing reads files or the clock. Text from the database (trainee
names, titles, answers) is printed with control characters escaped, so a
hand-edited database cannot drive the terminal; CSV cells that a
spreadsheet would run as a formula are prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from .scoring import EXACT, OVER, UNDER, Expectation, assess, final_path, reference_path

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from ..model.tree import Tree
    from .store import SessionRecord, StepRecord


@dataclass(frozen=True, slots=True)
class Summary:
    """Totals for one case or one trainee."""

    attempts: int
    finished: int
    correct_urgency: int
    under_triage: int
    over_triage: int
    mean_score: float | None
    mean_seconds: float | None
    """Mean time of a finished attempt, start to outcome."""


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
    cases: list[CaseRow]
    trainees: list[TraineeRow]
    sessions: list[SessionRecord]
    trainee: str | None = None
    """The trainee the report was limited to, if any."""


def build(sessions: Sequence[SessionRecord], trainee: str | None = None) -> Report:
    by_case: dict[tuple[str, str], list[SessionRecord]] = {}
    by_trainee: dict[str, list[SessionRecord]] = {}
    for session in sessions:
        by_case.setdefault((session.tree_id, session.case_id), []).append(session)
        by_trainee.setdefault(session.trainee, []).append(session)
    cases = [
        CaseRow(tree, case, group[-1].case_title, summarise(group)) for (tree, case), group in sorted(by_case.items())
    ]
    trainees = [
        TraineeRow(name, summarise(group))
        for name, group in sorted(by_trainee.items(), key=lambda kv: kv[0].casefold())
    ]
    return Report(cases, trainees, list(sessions), trainee)


def summarise(sessions: Iterable[SessionRecord]) -> Summary:
    sessions = list(sessions)
    done = [s for s in sessions if s.finished and s.verdict is not None]
    scores = [s.score for s in done if s.score is not None]
    times = [s.seconds for s in done if s.seconds is not None]
    return Summary(
        attempts=len(sessions),
        finished=len(done),
        correct_urgency=sum(s.verdict == EXACT for s in done),
        under_triage=sum(s.verdict == UNDER for s in done),
        over_triage=sum(s.verdict == OVER for s in done),
        mean_score=round(sum(scores) / len(scores), 1) if scores else None,
        mean_seconds=round(sum(times) / len(times), 1) if times else None,
    )


# -- formats --------------------------------------------------------------------

_HEAD = ("attempts", "finished", "correct", "under", "over", "mean score", "mean time")


def table(report: Report) -> str:
    """Aligned plain text: cases, trainees, then the sessions (their ids are what --session takes)."""
    if not report.sessions:
        who = f" for trainee {printable(report.trainee)}" if report.trainee is not None else ""
        return f"No sessions recorded{who}.\n"
    out: list[str] = []
    title = "Per case" + (f" (trainee {printable(report.trainee)})" if report.trainee is not None else "")
    out += _table(title, ("case", "tree"), [((_clip(r.title, 44), r.tree), r.summary) for r in report.cases])
    out.append("")
    out += _table("Per trainee", ("trainee",), [((_clip(r.trainee, 44),), r.summary) for r in report.trainees])
    out.append("")
    out.append("Sessions")
    rows = [("id", "trainee", "case", "started", "result", "score")]
    for s in report.sessions:
        result = s.verdict or "not finished"
        rows.append(
            (
                str(s.id),
                _clip(s.trainee, 24),
                _clip(s.case_title, 40),
                _local(s.started_at),
                result,
                "" if s.score is None else str(s.score),
            )
        )
    out += _align(rows, right={0, 5})
    out.append("")
    out.append("Under-triage (reaching a less urgent level than the case needs) is the serious error.")
    out.append("`twitchtree report --session ID` replays one session beside the reference path.")
    return "\n".join(out) + "\n"


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


def _align(rows: list[tuple[str, ...]], right: set[int]) -> list[str]:
    rows = [tuple(printable(cell) for cell in row) for row in rows]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [
            cell.rjust(w) if i in right else cell.ljust(w) for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  " + "  ".join(cells).rstrip())
    return lines


_CSV_FIELDS = (
    "group", "tree", "case", "title", "trainee", "attempts", "finished",
    "correct_urgency", "under_triage", "over_triage", "mean_score", "mean_seconds",
)  # fmt: skip


def to_csv(report: Report) -> str:
    """One row per case (group=case) then one per trainee (group=trainee), for spreadsheets."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=_CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for row in report.cases:
        writer.writerow(
            _csv_safe(
                {"group": "case", "tree": row.tree, "case": row.case, "title": row.title, **_numbers(row.summary)}
            )
        )
    for row in report.trainees:
        writer.writerow(_csv_safe({"group": "trainee", "trainee": row.trainee, **_numbers(row.summary)}))
    return buffer.getvalue()


def to_json(report: Report) -> str:
    data = {
        "trainee": report.trainee,
        "cases": [{"tree": r.tree, "case": r.case, "title": r.title, **_numbers(r.summary)} for r in report.cases],
        "trainees": [{"trainee": r.trainee, **_numbers(r.summary)} for r in report.trainees],
        "sessions": [
            {
                "id": s.id,
                "trainee": s.trainee,
                "tree": s.tree_id,
                "tree_hash": s.tree_hash,
                "case": s.case_id,
                "title": s.case_title,
                "started_at": iso(s.started_at),
                "finished_at": None if s.finished_at is None else iso(s.finished_at),
                "seconds": None if s.seconds is None else round(s.seconds, 1),
                "expected_urgency": s.expected_urgency,
                "urgency": s.urgency,
                "verdict": s.verdict,
                "expected_outcome": s.expected_outcome,
                "outcome": s.outcome,
                "outcome_correct": s.outcome_correct,
                "score": s.score,
            }
            for s in report.sessions
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _numbers(summary: Summary) -> dict[str, object]:
    return asdict(summary)


def _csv_safe(row: dict[str, object]) -> dict[str, object]:
    return {
        k: ("'" + v if isinstance(v, str) and v[:1] in ("=", "+", "-", "@", "\t", "\r") else v) for k, v in row.items()
    }


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
    if session.finished and session.outcome and session.urgency:
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
    return "\n".join(out) + "\n"


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


def printable(text: str | None) -> str:
    """``text`` with control and format characters shown as escapes, never sent to the terminal."""
    if text is None:
        return ""
    return "".join(f"\\u{ord(c):04x}" if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c for c in text)


def duration(seconds: float) -> str:
    """``7 s``, ``1:05``, ``1:02:03``."""
    total = round(seconds)
    if total < 60:
        return f"{total} s"
    minutes, secs = divmod(total, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02}:{secs:02}" if hours else f"{minutes}:{secs:02}"


def iso(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, tz=UTC).isoformat(timespec="seconds")


def _local(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp).strftime("%Y-%m-%d %H:%M")


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
