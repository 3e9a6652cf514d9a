"""Where the time goes: ``python -m benchmarks.profile`` profiles check, start-up and a walk with cProfile.

Each profile is summarised by package (twitchtree, textual, rich, pydantic,
the TOML parsers, the standard library) from the functions' own time, then
the functions with the most own time are listed.
"""

from __future__ import annotations

import asyncio
import cProfile
import pstats
import sys
import tempfile
from collections import Counter
from pathlib import Path

from . import generate

_PACKAGES = ("twitchtree", "textual", "rich", "pydantic", "pydantic_core", "rtoml", "tomli", "anytree", "markdown_it")


def _package(filename: str) -> str:
    parts = Path(filename).parts
    for package in _PACKAGES:
        if package in parts:
            return package
    if filename.startswith("~") or filename.startswith("<"):
        return "builtins"
    return "stdlib and others"


def report(title: str, profile: cProfile.Profile, top: int = 12) -> None:
    stats = pstats.Stats(profile)
    # Waiting in epoll is idle time (the event loop waiting for the next frame or key), not work.
    stats.stats = {k: v for k, v in stats.stats.items() if "poll" not in k[2]}  # type: ignore[attr-defined]
    total = sum(row[2] for row in stats.stats.values())  # own time
    by_package: Counter[str] = Counter()
    for (filename, _, _), row in stats.stats.items():
        by_package[_package(filename)] += row[2]
    print(f"\n== {title}: {total * 1000:.0f} ms of work under the profiler (idle waiting left out)")
    for package, seconds in by_package.most_common():
        print(f"   {package:<20} {seconds * 1000:7.1f} ms  {seconds / total:5.1%}")
    print("   functions with the most own time:")
    ranked = sorted(stats.stats.items(), key=lambda item: item[1][2], reverse=True)[:top]
    for (filename, line, name), row in ranked:
        print(f"     {row[2] * 1000:7.1f} ms  {name} ({Path(filename).name}:{line})")


def profile_check(big: Path) -> None:
    from twitchtree.model.check import check_file

    profile = cProfile.Profile()
    profile.runcall(check_file, big)
    report("check of a 10,000-node tree", profile)


def profile_app(tree: Path, answers: int) -> None:
    from twitchtree.tui.app import TwitchtreeApp

    async def run() -> None:
        app = TwitchtreeApp(tree, remember=False)
        async with app.run_test(size=(110, 34)) as pilot:
            await pilot.pause()
            for _ in range(answers):
                await pilot.press("1")
                await pilot.pause()

    profile = cProfile.Profile()
    profile.runcall(asyncio.run, run())
    what = "start-up to the first question" if not answers else f"start-up and {answers} answers"
    report(f"{what} ({tree.name})", profile)


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        big = generate.write(work, "big.toml", generate.balanced(10_000))
        deep = generate.write(work, "deep.toml", generate.chain(40))
        from twitchtree.paths import bundled_trees

        profile_check(big)
        profile_app(bundled_trees()["muscle-symptoms"], 0)
        profile_app(deep, 30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
