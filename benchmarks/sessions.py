"""``report`` on many recorded sessions: the database they are read from, and the figures in ``make bench``.

``make bench`` prints two: how soon the CSV report's first case is out, and the
report's peak memory, each at 100,000 sessions against the same at 10,000 (in
both, 40 cases and 500 trainees). A report that streams has both near 1.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .__main__ import Bench


def make_sessions(path: Path, n: int) -> None:
    from twitchtree.training.store import open_store

    open_store(path).close()
    with sqlite3.connect(path) as db:
        db.executemany(
            "INSERT INTO sessions (trainee, case_id, case_title, case_file, tree_id, tree_hash, expected_outcome,"
            " expected_urgency, reference, must_ask, started_at, finished_at, outcome, urgency, verdict,"
            " outcome_correct, score) VALUES (?, ?, ?, '/c.toml', 't', 'h', 'o', 'urgent', '{}', '[]', ?, ?, 'o',"
            " 'urgent', ?, 1, ?)",
            (
                (f"trainee-{i % 500}", f"case-{i % 40}", f"Case {i % 40}", 1.75e9 + i, 1.75e9 + i + 60,
                 ("exact", "over-triage", "under-triage")[i % 3], i % 101)
                for i in range(n)
            ),
        )  # fmt: skip


_MEASURED = (
    "import sys\n"
    "from twitchtree.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "sys.stdout.flush()\n"
    "peak = next(line for line in open('/proc/self/status') if line.startswith('VmHWM:'))\n"
    "print(peak.split()[1], file=sys.stderr)\n"
    "sys.exit(code)\n"
)
"""``twitchtree`` that prints its peak RSS in KiB last on stderr: VmHWM, this program's own, where Linux's
``ru_maxrss`` would carry over the peak of the process that started it (the benchmark, 100 MB after
writing its trees)."""


def run_report(path: Path, fmt: str) -> dict[str, float]:
    """``twitchtree report`` in a process of its own: when its first line comes, when it ends, its peak RSS."""
    command = [sys.executable, "-c", _MEASURED, "report", "--db", str(path), "--format", fmt]
    began = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    first_at = time.monotonic() - began
    size = len(first) + sum(len(chunk) for chunk in iter(lambda: process.stdout.read(65536), b""))  # type: ignore[union-attr]
    peak_kb = int(process.stderr.read().split()[-1])
    process.wait()
    total = time.monotonic() - began
    return {"first_line_s": round(first_at, 3), "total_s": round(total, 2), "bytes": size,
            "peak_rss_mb": round(peak_kb / 1024, 1)}  # fmt: skip


def first_case(path: Path) -> float:
    """Seconds from starting ``report --format csv`` until its first case's line (the one after the heading) is read."""
    began = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "twitchtree", "report", "--db", str(path), "--format", "csv"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert process.stdout is not None
    process.stdout.readline()
    line = process.stdout.readline()
    seconds = time.perf_counter() - began
    process.kill()
    process.wait()
    assert line.startswith(b"case,"), line
    return seconds


def figures(bench: Bench) -> None:
    """``report-1st`` and ``report-mem``: at 100,000 sessions against 10,000."""
    paths = {n: bench.work / f"sessions-{n}.db" for n in (10_000, 100_000)}
    for n, path in paths.items():
        make_sessions(path, n)
    first_case(paths[100_000])
    sides = bench.alternate(lambda: first_case(paths[100_000]), lambda: first_case(paths[10_000]))
    bench.row("report-1st", sides, 1.25, what="`report --format csv`: its first case out at 100,000 sessions vs 10,000")
    peaks = {n: run_report(path, "csv")["peak_rss_mb"] for n, path in paths.items()}
    big, small = peaks[100_000], peaks[10_000]
    ratio = big / small
    row = {"figure": "report-mem", "ours": big, "floor": small, "ratio": ratio, "target": 1.1, "unit": "MB"}
    bench.rows.append(row)
    mark = "ok" if ratio <= 1.1 else "MISSED"
    print(
        f"{'report-mem':<10} {big:8.1f} MB  vs {small:8.1f} MB   ratio {ratio:5.2f}  (target ≤ 1.1)  {mark}   "
        "`report --format csv`: peak RSS at 100,000 sessions vs 10,000",
        flush=True,
    )
