"""Figures for big trees in every screen (issue 18): the editor, the preview's memory, start at 100,000 nodes.

Each compares twitchtree with itself on a small tree, side by side in the
same run, so the ratio says how the screen scales rather than how fast the
machine is.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .__main__ import Bench

KEYS_PER_RUN = 6
QUIET = 0.45
"""Seconds between keys: longer than the editor's check delay, so each key arrives while a check runs."""
RELOADS = 20
BUNDLED = Path(__file__).resolve().parent.parent / "trees"


def _first_line(path: Path) -> str:
    return next(line for line in path.read_text(encoding="utf-8").splitlines() if line.strip())[:40]


def editor(bench: Bench) -> None:
    """First paint of the source and key echo, at 10,000 nodes against the bundled tree."""
    small = bench.work / "edit-bundled"
    small.mkdir(exist_ok=True)
    for name in ("muscle-symptoms.toml", "conditions.toml"):
        shutil.copy(BUNDLED / name, small / name)
    files = {"bundled": small / "muscle-symptoms.toml", "big": bench.big}
    first = {name: _first_line(path) for name, path in files.items()}

    def paint(name: str) -> float:
        return bench.time_to_text([bench.twitchtree, "edit", str(files[name])], first[name])

    def echo(name: str) -> float:
        paint(name)
        total = 0.0
        for k in range(1, KEYS_PER_RUN + 1):
            time.sleep(QUIET)
            sent = bench.terminal.keys("Z")
            total += bench.terminal.wait_for("Z" * k + first[name][:20]) - sent
        return total / KEYS_PER_RUN

    paint("big")
    sides = bench.alternate(lambda: paint("big"), lambda: paint("bundled"))
    bench.row("edit-open", sides, 2.0, what="`edit`: 10,000-node file's source on screen vs the bundled tree's")
    sides = bench.alternate(lambda: echo("big"), lambda: echo("bundled"))
    bench.row("edit-key", sides, 1.5, what="`edit`: a key's echo at 10,000 nodes (a check running) vs bundled")


def _app_pid(bench: Bench) -> int:
    """The pid of the program running in the benchmark's tmux pane (a child of the pane's shell)."""
    shell = subprocess.run(
        ["tmux", "display-message", "-p", "-t", bench.terminal.name, "#{pane_pid}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    children = Path(f"/proc/{shell}/task/{shell}/children").read_text().split()
    return int(children[0]) if children else int(shell)


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


SETTLED = 0.5
"""Seconds the RSS must stay put (within ``SETTLE_MB``) to count as the level a reload leaves."""
SETTLE_MB = 0.25


def _settled_rss_mb(pid: int, most: float = 20.0) -> float:
    """The RSS once a reload's work is over: once it has stayed put for ``SETTLED`` seconds.

    After the new text is on screen the preview still works out what the save changed and
    then frees the tree it replaced, which takes from a tenth of a second to more than one,
    depending on the machine: a reading at a fixed moment sometimes caught both trees alive.
    """
    readings = [_rss_mb(pid)]
    deadline = time.perf_counter() + most
    while time.perf_counter() < deadline:
        time.sleep(0.1)
        readings.append(_rss_mb(pid))
        recent = readings[-int(SETTLED / 0.1) - 1 :]
        if len(recent) > SETTLED / 0.1 and max(recent) - min(recent) <= SETTLE_MB:
            return recent[-1]
    return readings[-1]


def preview_memory(bench: Bench, path: Path, label: str, reloads: int = RELOADS) -> None:
    """RSS of ``preview`` after the first reload and after the last of ``reloads``."""
    text = path.read_text(encoding="utf-8")
    bench.time_to_text([bench.twitchtree, "preview", str(path)], "Question 0:", timeout=120)
    pid = _app_pid(bench)
    sizes: list[float] = []
    for n in range(1, reloads + 1):
        marker = f"Reloaded {n}"
        staging = path.with_suffix(".tmp")
        staging.write_text(text.replace("Question 0: is the thing", f"{marker}: is the thing", 1), encoding="utf-8")
        os.replace(staging, path)
        bench.terminal.wait_for(marker, timeout=120)
        sizes.append(_settled_rss_mb(pid))
    path.write_text(text, encoding="utf-8")
    first, last = sizes[0], sizes[-1]
    ratio = last / first
    bench.rows.append({"figure": f"preview-rss-{label}", "first": first, "last": last, "ratio": ratio, "sizes": sizes})
    mark = "ok" if ratio <= 1.10 else "MISSED"
    print(
        f"{'rss-' + label:<10} {last:8.1f} MB  vs {first:8.1f} MB   ratio {ratio:5.2f}  (target ≤ 1.1)  {mark}   "
        f"`preview` RSS after {reloads} reloads vs after the first",
        flush=True,
    )


def start_hundred_thousand(bench: Bench) -> None:
    """Explorer start at 100,000 nodes against start at 10,000 (both from the cache)."""
    huge = bench.huge()
    bench.time_to_text([bench.twitchtree, str(huge)], "Question 0:", timeout=120)  # fill the cache
    bench.time_to_text([bench.twitchtree, str(bench.big)], "Question 0:")
    sides = bench.alternate(
        lambda: bench.time_to_text([bench.twitchtree, str(huge)], "Question 0:", timeout=120),
        lambda: bench.time_to_text([bench.twitchtree, str(bench.big)], "Question 0:"),
    )
    bench.row("start-100k", sides, 2.0, what="explorer start at 100,000 nodes vs at 10,000 (warm cache)")


def edit_hundred_thousand(bench: Bench) -> None:
    """``edit`` of the 100,000-node file: refused with a message, or opened; either way, its peak memory."""
    huge = bench.huge()
    out = bench.work / "rss-edit.txt"
    out.unlink(missing_ok=True)
    started = time.perf_counter()
    bench.terminal.start([bench.python, "-m", "benchmarks.rss", str(out), "--", bench.twitchtree, "edit", str(huge)])
    deadline = started + 120
    outcome = "neither opened nor refused in 120 s"
    while time.perf_counter() < deadline:
        screen = bench.terminal.screen()
        if "twitchtree edit: " in screen or "larger than" in screen:
            outcome = "refused: " + " ".join(screen.split())[:100]
            break
        if "Generated tree of 100,000" in screen:
            outcome = f"opened in {time.perf_counter() - started:.1f} s"
            bench.terminal.keys("C-q")
            time.sleep(1)
            bench.terminal.keys("Right", "Enter")  # "Quit without saving" if it asks
            break
        time.sleep(0.05)
    while not out.exists() and time.perf_counter() < deadline + 20:
        time.sleep(0.05)
    rss = int(out.read_text()) / 1024 if out.exists() else float("nan")
    bench.rows.append({"figure": "edit-100k", "outcome": outcome, "rss_mb": rss})
    print(f"edit100k {outcome}; peak RSS {rss:.0f} MB", flush=True)


def median(values: list[float]) -> float:
    return statistics.median(values)
