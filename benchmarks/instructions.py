"""Start-up counted in instructions: a figure that is the same on every run, on any machine load.

``python -m benchmarks.instructions`` runs ``twitchtree`` (the bundled tree, warm cache) and the
bare app under valgrind's callgrind in a tmux pane, each until its first frame is written, and
prints the instructions each took and their ratio. Wall-clock start-up on a shared VM moves by
a tenth of its ratio from one run to the next; this count moves by less than 0.01 %. It says
where a change to start-up stands before the noisy timed figure (``start``) is read.

Needs valgrind (``apt-get install valgrind``); without it, says so and exits with status 2.
To stop at a phase it replaces a few of Textual's private methods in the measured process
(``App._display``, ``Screen._on_screen_resume``, ``Compositor.render_full_update``): a tool
of the benchmark, never of the app, and the first thing to check after a Textual upgrade. Each is
replaced as its module is imported: nothing is imported before a side starts, so ``twitchtree``
runs as its command does.
``--until PHASE`` stops earlier, to count a phase: ``imports`` (the app's modules imported),
``compose`` (the first screen about to compose, the tree loaded), ``resume`` (its widgets mounted and styled),
``render`` (laid out, about to draw), ``frame`` (the default: the first frame written).
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from .terminal import Terminal

if TYPE_CHECKING:
    from collections.abc import Callable
    from importlib.machinery import ModuleSpec
    from types import ModuleType

PHASES = ("imports", "compose", "resume", "render", "frame")
_COLLECTED = re.compile(r"Collected : (\d+)")


def _exit_at(obj: object, name: str, *, after: bool = False) -> None:
    """Make ``obj.name`` end the process, before it runs or (``after``) once it has run."""
    original = getattr(obj, name)

    def stop(*args: object, **kwargs: object) -> object:
        if after:
            result = original(*args, **kwargs)
            if name != "_display" or args[-1] is not None:  # (a frame with nothing in it does not count)
                os._exit(0)
            return result
        os._exit(0)

    setattr(obj, name, stop)


STOPS = {
    # phase: the module, class and method that end the process (see _exit_at), for each side
    "compose": {
        "ours": ("twitchtree.tui.screens.explorer", "ExplorerScreen", "compose"),
        "bare": ("benchmarks.bare_app", "BareApp", "compose"),
    },
    "resume": dict.fromkeys(("ours", "bare"), ("textual.screen", "Screen", "_on_screen_resume")),
    "render": dict.fromkeys(("ours", "bare"), ("textual._compositor", "Compositor", "render_full_update")),
    "frame": dict.fromkeys(("ours", "bare"), ("textual.app", "App", "_display")),
}
"""Where each phase ends. ``imports`` ends once the app's own module is imported."""


def _when_imported(name: str, then: Callable[[ModuleType], None]) -> None:
    """Call ``then(module)`` as soon as module ``name`` has been imported, before anything uses it.

    Nothing is imported before the side runs, so it runs as its command does: ``twitchtree``
    imports Textual from inside its command (after tuning the garbage collector, for one).
    """
    if name in sys.modules:
        then(sys.modules[name])
        return

    class Hook:  # (a finder on sys.meta_path; importlib's own modules are not imported for it)
        def find_spec(self, fullname: str, path: object, target: object = None) -> ModuleSpec | None:
            if fullname != name:
                return None
            sys.meta_path.remove(self)
            spec = next(filter(None, (finder.find_spec(fullname, path, target) for finder in sys.meta_path)), None)
            loader = spec.loader if spec is not None else None
            if spec is None or loader is None:
                return spec
            execute = loader.exec_module

            def exec_module(module: ModuleType) -> None:
                execute(module)
                then(module)

            loader.exec_module = exec_module  # type: ignore[method-assign]  # (this loader, for this one import)
            return spec

    sys.meta_path.insert(0, Hook())


def child(side: str, until: str) -> None:
    """Run one side in this process, stopping at ``until``."""
    if until == "imports":
        _when_imported("twitchtree.tui.app" if side == "ours" else "benchmarks.bare_app", lambda _module: os._exit(0))
    else:
        module, cls, method = STOPS[until][side]
        _when_imported(module, lambda found: _exit_at(getattr(found, cls), method, after=until == "frame"))
    if side == "bare":
        from .bare_app import BareApp

        BareApp(None).run()
    else:
        from twitchtree.cli import main

        sys.argv = ["twitchtree"]
        main()


def count(terminal: Terminal, side: str, until: str, work: Path) -> int:
    """Instructions ``side`` runs until ``until``, counted by callgrind in ``terminal``."""
    log = work / f"{side}.log"
    log.unlink(missing_ok=True)
    valgrind = shutil.which("valgrind") or "valgrind"
    command = [valgrind, "--tool=callgrind", "--callgrind-out-file=/dev/null", f"--log-file={log}"]
    terminal.start([*command, sys.executable, "-m", "benchmarks.instructions", "--child", side, until])
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        found = _COLLECTED.search(log.read_text()) if log.exists() else None
        if found:
            return int(found.group(1))
        time.sleep(0.5)
    raise TimeoutError(f"callgrind gave no count for {side} within 300 s; its log: {log}")


def measure(until: str = "frame") -> tuple[int, int]:
    """Instructions ``twitchtree`` and the bare app each run until ``until``, both warm (valgrind needed)."""
    with tempfile.TemporaryDirectory(prefix="twitchtree-instructions-") as folder:
        work = Path(folder)
        env = {f"XDG_{kind}_HOME": str(work / kind.lower()) for kind in ("CACHE", "CONFIG", "DATA")}
        terminal = Terminal(name=f"twitchtree-instructions-{os.getpid()}", env=env)
        try:
            twitchtree = str(Path(sys.executable).with_name("twitchtree"))
            from .__main__ import BUNDLED_QUESTION, compile_bytecode

            compile_bytecode()
            terminal.start([twitchtree])  # fills the tree cache: both sides are counted warm
            terminal.wait_for(BUNDLED_QUESTION)
            return count(terminal, "ours", until, work), count(terminal, "bare", until, work)
        finally:
            terminal.close()


def main() -> int:
    if "--child" in sys.argv:
        child(*sys.argv[sys.argv.index("--child") + 1 :][:2])
        return 0
    until = sys.argv[sys.argv.index("--until") + 1] if "--until" in sys.argv else "frame"
    if until not in PHASES:
        print(f"--until takes one of: {', '.join(PHASES)}", file=sys.stderr)
        return 2
    if shutil.which("valgrind") is None:
        print("benchmarks.instructions needs valgrind (apt-get install valgrind)", file=sys.stderr)
        return 2
    ours, bare = measure(until)
    sides = f"{ours / 1e6:,.1f} M instructions vs {bare / 1e6:,.1f} M for a bare app"
    print(f"start ({until}): {sides}, ratio {ours / bare:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
