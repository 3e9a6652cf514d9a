"""A real ``twitchtree serve`` for attacking: started on a free loopback port, its visitors' processes found.

Import it: ``from serve_support import ...``. ``Classroom`` starts the server
in a process group of its own and stops it (and anything left) at the end;
``visitors(classroom)`` lists the pids of its visitors' processes, read from
``/proc``, so a test can see a process start, stay small and end.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import aiohttp

TOKEN = "right-code-4x7k"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Classroom:
    def __init__(
        self,
        cases: Path,
        db: str,
        *,
        max_trainees: int = 3,
        extra: tuple[str, ...] = (),
        environment: dict[str, str] | None = None,
    ) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = cases.parent / f"serve-{self.port}.log"
        self.log = self.log_path.open("wb")
        command = [sys.executable, "-m", "twitchtree", "serve", "--port", str(self.port), "--db", db]
        command += ["--cases", str(cases), "--token", TOKEN, "--max-trainees", str(max_trainees), *extra]
        self.process = subprocess.Popen(
            command,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env={**os.environ, **(environment or {})},
        )

    async def ready(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        async with aiohttp.ClientSession() as http:
            while time.monotonic() < deadline:
                try:
                    async with http.get(self.base + "/") as response:
                        if response.status == 403:
                            return
                except aiohttp.ClientError:
                    pass
                if self.process.poll() is not None:
                    break
                await asyncio.sleep(0.05)
        raise AssertionError(f"serve never answered; its log:\n{self.text()}")

    def text(self) -> str:
        if not self.log.closed:
            self.log.flush()
        return self.log_path.read_text(errors="replace")

    async def logged(self, text: str, count: int = 1, timeout: float = 10.0) -> str:
        """Wait until the server's log holds ``text`` ``count`` times; returns the log."""
        deadline = time.monotonic() + timeout
        while (log := self.text()).count(text) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} not logged {count} times within {timeout} s; the log:\n{log}")
            await asyncio.sleep(0.05)
        return log

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
        for pid in visitors(self):
            os.kill(pid, signal.SIGKILL)
        self.log.close()


def visitors(classroom: Classroom) -> list[int]:
    """Pids of the server's child processes (its visitors' ``twitchtree train --visitor``)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == classroom.process.pid and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def session(classroom: Classroom) -> aiohttp.ClientSession:
    """A client that keeps cookies for 127.0.0.1, as a browser does."""
    return aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))


async def enter(http: aiohttp.ClientSession, classroom: Classroom) -> None:
    """Open the shared address, code and all, as a trainee would: the cookie is kept."""
    async with http.get(f"{classroom.base}/?token={TOKEN}") as response:
        assert response.status == 200, await response.text()


async def first_screen(ws: aiohttp.ClientWebSocketResponse, text: bytes, timeout: float = 30.0) -> bytes:
    """Read the visitor's terminal output until ``text`` has been drawn."""
    seen = b""
    deadline = time.monotonic() + timeout
    while text not in seen:
        left = deadline - time.monotonic()
        if left <= 0:
            raise AssertionError(f"{text!r} never drawn; last bytes: {seen[-300:]!r}")
        message = await ws.receive(timeout=left)
        if message.type == aiohttp.WSMsgType.BINARY:
            seen += message.data
        elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
            raise AssertionError(f"the WebSocket closed before {text!r}; last bytes: {seen[-300:]!r}")
    return seen


async def gone(pids: list[int], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not any(Path(f"/proc/{pid}").exists() and _alive(pid) for pid in pids):
            return True
        await asyncio.sleep(0.05)
    return False


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def resize(width: int, height: int) -> str:
    return json.dumps(["resize", {"width": width, "height": height}])
