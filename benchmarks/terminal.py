"""Drive a real terminal: tmux runs the program, capture-pane reads the screen every 10 ms."""

from __future__ import annotations

import shlex
import subprocess
import time

POLL = 0.01


class Terminal:
    """One tmux session of a fixed size, reused for every run so tmux's own start-up is not timed."""

    def __init__(
        self, name: str = "twitchtree-bench", width: int = 110, height: int = 34, env: dict[str, str] | None = None
    ) -> None:
        self.name = name
        self.env = env or {}
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)
        subprocess.run(
            ["tmux", "new-session", "-d", "-s", name, "-x", str(width), "-y", str(height), "sleep 100000"],
            check=True,
        )

    def start(self, command: list[str]) -> float:
        """Replace whatever runs in the pane with ``command``; returns the time it was started."""
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in self.env.items())
        line = f"env {exports} {shlex.join(command)}; sleep 100000"
        started = time.perf_counter()
        subprocess.run(["tmux", "respawn-pane", "-k", "-t", self.name, line], check=True)
        return started

    def screen(self) -> str:
        return subprocess.run(["tmux", "capture-pane", "-p", "-t", self.name], capture_output=True, text=True).stdout

    def wait_for(self, text: str, timeout: float = 20.0) -> float:
        """Poll until ``text`` is on screen; returns the time it was first seen."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if text in self.screen():
                return time.perf_counter()
            time.sleep(POLL)
        raise TimeoutError(f"{text!r} did not appear within {timeout} s; the screen shows:\n{self.screen()}")

    def keys(self, *keys: str) -> float:
        sent = time.perf_counter()
        subprocess.run(["tmux", "send-keys", "-t", self.name, *keys], check=True)
        return sent

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)
