"""Run every benchmark figure and print it beside its target. ``BENCH_RUNS`` sets the runs per side (default 11)."""

from __future__ import annotations

import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from . import big_trees, generate, sessions
from .terminal import Terminal

RUNS = max(5, int(os.environ.get("BENCH_RUNS", "11")))
START_RUNS = 21
"""Start-up takes about half a second a side: it gets more runs, as its ratio is the one nearest its target."""
PYTHON = sys.executable
TWITCHTREE = str(Path(sys.executable).with_name("twitchtree"))


def _opening(text: str, most: int = 24) -> str:
    """The first words of ``text`` (Markdown marks left out), at most ``most`` characters: one line on screen."""
    words = re.sub(r"[*_`]", "", text).strip().lstrip("-+ ").split()
    shown = ""
    for word in words:
        if len(shown) + len(word) + 1 > most:
            break
        shown = f"{shown} {word}" if shown else word
    return shown


def _bundled_first_screen() -> tuple[str, str]:
    """The opening words of the bundled tree's first question and of its help, to wait for on screen."""
    from twitchtree.model.load import load_tree
    from twitchtree.paths import DEFAULT_TREE, bundled_tree

    path = bundled_tree(DEFAULT_TREE)
    assert path is not None, "no bundled tree"
    tree = load_tree(path)
    first = tree.node(tree.start)
    return _opening(first.text), _opening(getattr(first, "help", None) or first.text)


BUNDLED_QUESTION, BUNDLED_HELP = _bundled_first_screen()


class Sides(NamedTuple):
    """One figure's two sides: the median time of each, and the median of their paired ratios."""

    ours: float
    floor: float
    ratio: float
    ratios: tuple[float, ...] = ()
    """Each pair's ratio."""


def median_interval(values: tuple[float, ...], confidence: float = 0.9, resamples: int = 2000) -> tuple[float, float]:
    """A bootstrap interval of the median of ``values``: how far the median could move in another run.

    The same values give the same interval (a fixed seed).
    """
    import random

    draw = random.Random(0).choices
    medians = sorted(statistics.median(draw(values, k=len(values))) for _ in range(resamples))
    tail = (1 - confidence) / 2
    return medians[int(tail * resamples)], medians[min(resamples - 1, int((1 - tail) * resamples))]


class Bench:
    def __init__(self, work: Path) -> None:
        self.work = work
        self.env = {
            "XDG_CACHE_HOME": str(work / "cache"),
            "XDG_CONFIG_HOME": str(work / "config"),
            "XDG_DATA_HOME": str(work / "data"),
        }
        self.terminal = Terminal(name=f"twitchtree-bench-{os.getpid()}", env=self.env)
        self.big = generate.write(work, "big.toml", generate.balanced(10_000))
        self.medium = generate.write(work, "medium.toml", generate.balanced(1_000, "medium"))
        self.deep = generate.write(work, "deep.toml", generate.chain(40))
        self.rows: list[dict[str, object]] = []
        self.twitchtree = TWITCHTREE
        self.python = PYTHON
        self._huge: Path | None = None

    def huge(self) -> Path:
        """The 100,000-node tree (30 MB), written when first needed."""
        if self._huge is None:
            self._huge = generate.write(self.work, "huge.toml", generate.balanced(100_000, "huge"))
        return self._huge

    # -- helpers -----------------------------------------------------------------

    def time_to_text(self, command: list[str], text: str, timeout: float = 20.0) -> float:
        started = self.terminal.start(command)
        return self.terminal.wait_for(text, timeout) - started

    def alternate(self, ours: callable, floor: callable, runs: int = RUNS) -> Sides:  # type: ignore[valid-type]
        """Run each side ``runs`` times, in pairs, alternating which goes first.

        The ratio is the median of the pairs' ratios: each pair runs within a second or
        two, so a machine that slows down or speeds up for a while (a shared VM does)
        moves both sides of a pair alike, and leaves the ratio alone.
        """
        a: list[float] = []
        b: list[float] = []
        for n in range(runs):
            pair = [(a, ours), (b, floor)] if n % 2 == 0 else [(b, floor), (a, ours)]
            for sink, run in pair:
                sink.append(run())
        ratios = tuple(x / y for x, y in zip(a, b, strict=True))
        return Sides(statistics.median(a), statistics.median(b), statistics.median(ratios), ratios)

    def row(self, figure: str, sides: Sides, target: float, unit: str = "ms", what: str = "") -> None:
        ours, floor, ratio, _ = sides
        self.rows.append(
            {
                "figure": figure,
                "ours": ours,
                "floor": floor,
                "ratio": ratio,
                "target": target,
                "unit": unit,
                "what": what,
            }
        )
        mark = "ok" if ratio <= target else "MISSED"
        shown = f"{ours * 1000:8.1f} {unit}  vs {floor * 1000:8.1f} {unit}"
        print(f"{figure:<10} {shown}   ratio {ratio:5.2f}  (target ≤ {target})  {mark}   {what}", flush=True)

    # -- the figures ------------------------------------------------------------

    def start(self) -> None:
        first = BUNDLED_QUESTION
        self.time_to_text([TWITCHTREE], first)  # warm the cache and the OS file cache
        sides = self.alternate(
            lambda: self.time_to_text([TWITCHTREE], first),
            lambda: self.time_to_text([PYTHON, "-m", "benchmarks.bare_app"], "Bare app ready"),
            runs=max(RUNS, START_RUNS),
        )
        low, high = median_interval(sides.ratios)
        load = os.getloadavg()[0]
        what = f"first question on screen vs a bare app's text; 90% interval {low:.2f} to {high:.2f}, load {load:.1f}"
        self.row("start", sides, 1.25, what=what)
        self.start_instructions()

    def start_instructions(self) -> None:
        """Start in instructions (valgrind's callgrind), beside the timed ratio: the same on any machine load."""
        if shutil.which("valgrind") is None:
            print("start-ins  (not measured: needs valgrind)", flush=True)
            return
        from .instructions import measure

        ours, bare = measure("frame")
        sides = Sides(ours / 1e9, bare / 1e9, ours / bare)  # shown in millions ("ms" of 1e9 = M)
        self.row("start-ins", sides, 1.25, unit="M", what="instructions to the first frame, callgrind")

    def step(self) -> None:
        def walk(command: list[str]) -> float:
            self.time_to_text(command, "Step 1 of 40")
            total = 0.0
            for k in range(1, 31):
                sent = self.terminal.keys("1")
                total += self.terminal.wait_for(f"Step {k + 1} of 40") - sent
            return total / 30

        walk([TWITCHTREE, str(self.deep)])
        sides = self.alternate(
            lambda: walk([TWITCHTREE, str(self.deep)]),
            lambda: walk([PYTHON, "-m", "benchmarks.bare_app", "--steps", "40"]),
        )
        self.row("step", sides, 1.3, what="per answer over 30 answers vs a bare app updating a Static")

    def big_tree(self) -> None:
        self.time_to_text([TWITCHTREE, str(self.big)], "Question 0:")
        sides = self.alternate(
            lambda: self.time_to_text([TWITCHTREE, str(self.big)], "Question 0:"),
            lambda: self.time_to_text([TWITCHTREE], BUNDLED_QUESTION),
        )
        self.row("big", sides, 1.5, what="10,000-node tree's first question vs the bundled tree's")

    def check(self) -> None:
        def check_cold() -> float:
            cache = self.work / "cold-cache"
            shutil.rmtree(cache, ignore_errors=True)
            cache.mkdir()
            env = {**os.environ, **self.env, "XDG_CACHE_HOME": str(cache)}
            started = time.perf_counter()
            subprocess.run([TWITCHTREE, "check", str(self.big)], env=env, check=True, capture_output=True)
            return time.perf_counter() - started

        def tomllib_alone() -> float:
            started = time.perf_counter()
            code = f"import tomllib; tomllib.load(open({str(self.big)!r}, 'rb'))"
            subprocess.run([PYTHON, "-c", code], check=True)
            return time.perf_counter() - started

        sides = self.alternate(check_cold, tomllib_alone)
        self.row("check", sides, 1.2, what="`check` of the 10,000-node tree, cold, vs tomllib parsing it")

    def memory(self) -> None:
        def peak(command: list[str], text: str) -> float:
            out = self.work / "rss.txt"
            out.unlink(missing_ok=True)
            self.terminal.start([PYTHON, "-m", "benchmarks.rss", str(out), "--", *command])
            self.terminal.wait_for(text)
            self.terminal.keys("q")
            deadline = time.perf_counter() + 20
            while not out.exists() and time.perf_counter() < deadline:
                time.sleep(0.02)
            return float(out.read_text()) / 1000  # KiB → "ms" column reads as MB

        sides = self.alternate(
            # Wait for the question's help: richer help is Markdown, loaded just after the first frame.
            lambda: peak([TWITCHTREE], BUNDLED_HELP),
            lambda: peak([PYTHON, "-m", "benchmarks.bare_app"], "Bare app ready"),
        )
        in_mb = Sides(sides.ours / 1000, sides.floor / 1000, sides.ratio)
        self.row("memory", in_mb, 1.3, unit="MB", what="peak RSS with the bundled tree vs the bare app")

    def reload(self) -> None:
        text = self.medium.read_text(encoding="utf-8")
        self.time_to_text([TWITCHTREE, "preview", str(self.medium)], "Question 0:")
        times: list[float] = []
        for n in range(RUNS):
            marker = f"Reloaded {n}"
            changed = text.replace("Question 0: is the thing", f"{marker}: is the thing", 1)
            staging = self.medium.with_suffix(".tmp")
            staging.write_text(changed, encoding="utf-8")
            started = time.perf_counter()
            os.replace(staging, self.medium)
            times.append(self.terminal.wait_for(marker) - started)
        ours = statistics.median(times)
        self.rows.append({"figure": "reload", "ours": ours, "target_ms": 200})
        mark = "ok" if ours <= 0.2 else "MISSED"
        what = "1,000-node file changed on disk → preview repainted"
        print(f"reload   {ours * 1000:8.1f} ms  (target ≤ 200 ms)  {mark}   {what}", flush=True)

    def lsp(self) -> None:
        """`twitchtree lsp` on a 1,000-node tree: a change to its diagnostics, and completion of node ids."""
        result = subprocess.run(
            [PYTHON, "-m", "benchmarks.lsp", str(RUNS)],
            env={**os.environ, **self.env},
            capture_output=True,
            text=True,
            check=True,
        )
        change, completion = (float(x) / 1000 for x in result.stdout.split())
        self.rows.append({"figure": "lsp", "change_ms": change * 1000, "completion_ms": completion * 1000})
        marks = ["ok" if change <= 0.3 else "MISSED", "ok" if completion <= 0.1 else "MISSED"]
        print(
            f"lsp      {change * 1000:8.1f} ms change → diagnostics (target ≤ 300 ms) {marks[0]}, "
            f"{completion * 1000:6.1f} ms completion (target ≤ 100 ms) {marks[1]}   1,000-node tree, over stdio",
            flush=True,
        )

    def hundred_thousand(self) -> None:
        huge = self.huge()
        out = self.work / "rss-huge.txt"
        started = time.perf_counter()
        result = subprocess.run(
            [PYTHON, "-m", "benchmarks.rss", str(out), "--", TWITCHTREE, "check", str(huge)],
            env={**os.environ, **self.env},
            capture_output=True,
            text=True,
        )
        elapsed = time.perf_counter() - started
        rss = int(out.read_text()) / 1024
        ok = result.returncode == 0 and "Traceback" not in result.stderr and "RecursionError" not in result.stderr
        self.rows.append({"figure": "100k", "seconds": elapsed, "rss_mb": rss, "ok": ok})
        verdict = "ok" if ok else "FAILED"
        print(
            f"check100k finished in {elapsed:.1f} s, peak RSS {rss:.0f} MB, exit {result.returncode}  {verdict}",
            flush=True,
        )


def compile_bytecode() -> None:
    """Compile twitchtree's bytecode, so that what is measured is what an installed twitchtree does.

    pip compiles an installed package's bytecode, but an editable install (and
    PYTHONDONTWRITEBYTECODE) would leave every start compiling it. The benchmarks'
    own modules are compiled too: the bare app is one, and ``benchmarks.instructions``
    starts both sides; compiled afresh, they would add the same to both sides.
    """
    import compileall

    import twitchtree

    compileall.compile_dir(Path(twitchtree.__file__).parent, quiet=1)
    compileall.compile_dir(Path(__file__).parent, quiet=1)


def main() -> int:
    if shutil.which("tmux") is None:
        print("make bench needs tmux", file=sys.stderr)
        return 2
    compile_bytecode()
    work = Path(tempfile.mkdtemp(prefix="twitchtree-bench-"))
    bench = Bench(work)
    print(
        f"twitchtree benchmarks · {datetime.now():%Y-%m-%d %H:%M} · {platform.node()} · "
        f"{os.cpu_count()} cores · Python {platform.python_version()} · {RUNS} runs per side "
        f"(start {max(RUNS, START_RUNS)}), medians of paired ratios\n",
        flush=True,
    )
    try:
        only = set(sys.argv[1:])
        figures = {
            "start": bench.start,
            "step": bench.step,
            "big_tree": bench.big_tree,
            "check": bench.check,
            "memory": bench.memory,
            "reload": bench.reload,
            "lsp": bench.lsp,
            "hundred_thousand": bench.hundred_thousand,
            "editor": lambda: big_trees.editor(bench),
            "edit_100k": lambda: big_trees.edit_hundred_thousand(bench),
            "preview_memory": lambda: big_trees.preview_memory(bench, bench.big, "10k"),
            "preview_memory_100k": lambda: big_trees.preview_memory(bench, bench.huge(), "100k"),
            "start_100k": lambda: big_trees.start_hundred_thousand(bench),
            "report": lambda: sessions.figures(bench),
        }
        unknown = only - set(figures)
        if unknown:
            print(
                f"no such figure: {', '.join(sorted(unknown))}; the figures are {', '.join(figures)}", file=sys.stderr
            )
            return 2
        for name, figure in figures.items():
            if not only or name in only:
                figure()
    finally:
        bench.terminal.close()
    results = Path("bench-results")
    results.mkdir(exist_ok=True)
    (results / f"{datetime.now():%Y%m%d-%H%M%S}.json").write_text(json.dumps(bench.rows, indent=2))
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
