"""``make bench-serve``: how many trainees one ``serve`` holds, and ``report`` on 100,000 sessions.

For 1, 10, 20 and 40 visitors at once (``BENCH_VISITORS`` changes the list),
real WebSocket clients on loopback open the page's socket together; the
figures are the time from each visitor's connect to their first screen
(median and slowest) and memory per visitor: resident (RSS) and proportional
(PSS, shared pages split among the processes sharing them, what the machine
really spends). Then ``report`` on 10,000 and 100,000 recorded sessions:
time to the first CSV line and to the last, and peak memory, which should
not grow with the number of sessions. Results go to stdout and
``bench-results/serve.json``. The CPU a visitor's process used to reach its
first screen is measured too: unlike the times, it does not depend on what
else the machine is doing.
"""

from __future__ import annotations

import asyncio
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import aiohttp

from .sessions import make_sessions, run_report

VISITORS = [int(n) for n in os.environ.get("BENCH_VISITORS", "1,10,20,40").split(",")]
TOKEN = "bench-code-1234"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry.name))
    return found


def cpu_seconds(pid: int) -> float:
    """User and system CPU time ``pid`` has used: what its start cost, whatever else the machine did."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def memory_mb(pid: int) -> tuple[float, float]:
    """(RSS, PSS) of ``pid`` in MB."""
    rss = pss = 0.0
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Rss:"):
            rss = int(line.split()[1]) / 1024
        elif line.startswith("Pss:"):
            pss = int(line.split()[1]) / 1024
    return rss, pss


async def visit(base: str, seen: asyncio.Event) -> tuple[float, aiohttp.ClientSession, aiohttp.ClientWebSocketResponse]:
    http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
    async with http.get(f"{base}/?token={TOKEN}") as response:
        assert response.status == 200, response.status
    await seen.wait()  # every visitor connects at once
    began = time.monotonic()
    ws = await http.ws_connect(base.replace("http", "ws") + "/ws?width=110&height=34", origin=base)
    drawn = b""
    while b"Who is training?" not in drawn:
        message = await ws.receive(timeout=120)
        if message.type != aiohttp.WSMsgType.BINARY:
            raise RuntimeError(f"the socket closed before the first screen: {message.type}")
        drawn += message.data
    return time.monotonic() - began, http, ws


async def classroom(n: int, base: str, server: subprocess.Popen[bytes]) -> dict[str, float]:
    go = asyncio.Event()
    tasks = [asyncio.create_task(visit(base, go)) for _ in range(n)]
    await asyncio.sleep(0.5)
    go.set()
    results = await asyncio.gather(*tasks)
    await asyncio.sleep(1.0)  # let every process settle after its first frame
    pids = children(server.pid)
    memory = [memory_mb(pid) for pid in pids]
    cpu = [cpu_seconds(pid) for pid in pids]
    idle_before = sum(cpu_seconds(pid) for pid in pids)
    await asyncio.sleep(5.0)
    idle_cpu = (sum(cpu_seconds(pid) for pid in pids) - idle_before) / 5.0 / max(1, len(pids))
    server_rss, _ = memory_mb(server.pid)
    for _, http, ws in results:
        await ws.close()
        await http.close()
    deadline = time.monotonic() + 15
    while children(server.pid) and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    times = [t for t, _, _ in results]
    return {
        "visitors": n,
        "processes": len(pids),
        "first_screen_median_s": round(statistics.median(times), 2),
        "first_screen_slowest_s": round(max(times), 2),
        "rss_per_visitor_mb": round(statistics.mean(r for r, _ in memory), 1),
        "pss_per_visitor_mb": round(statistics.mean(p for _, p in memory), 1),
        "server_rss_mb": round(server_rss, 1),
        "cpu_to_first_screen_s": round(statistics.median(cpu), 2),
        "idle_cpu_per_visitor": round(idle_cpu, 4),
        "load_average": round(os.getloadavg()[0], 1),
        "left_after_15_s": len(children(server.pid)),
    }


def bench_serve(work: Path) -> list[dict[str, float]]:
    port = free_port()
    env = {**os.environ, "XDG_CONFIG_HOME": str(work / "config"), "XDG_DATA_HOME": str(work / "data"),
           "XDG_CACHE_HOME": str(work / "cache")}  # fmt: skip
    command = [sys.executable, "-m", "twitchtree", "serve", "--port", str(port), "--db", str(work / "class.db"),
               "--token", TOKEN, "--max-trainees", str(max(VISITORS))]  # fmt: skip
    log = (work / "serve.log").open("wb")
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError((work / "serve.log").read_text()) from None
                time.sleep(0.1)
        return [asyncio.run(classroom(n, base, server)) for n in VISITORS]
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        log.close()


# -- report on many sessions ------------------------------------------------------------


def bench_report(work: Path) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for n in (10_000, 100_000):
        path = work / f"sessions-{n}.db"
        make_sessions(path, n)
        for fmt in ("csv", "table", "json"):
            rows.append({"sessions": n, "format": fmt, **run_report(path, fmt)})
    return rows


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="twitchtree-bench-serve-"))
    try:
        machine = f"{platform.node()} · {os.cpu_count()} cores · {platform.python_version()} · {platform.platform()}"
        print(f"serve capacity, {datetime.now():%Y-%m-%d %H:%M}, {machine}")
        visitors = bench_serve(work)
        print(
            f"{'visitors':>8} {'first screen median':>20} {'slowest':>8} {'RSS/visitor':>12} {'PSS/visitor':>12}"
            f" {'CPU to start':>12} {'idle CPU':>9} {'load':>5}"
        )
        for row in visitors:
            print(
                f"{row['visitors']:>8} {row['first_screen_median_s']:>19}s {row['first_screen_slowest_s']:>7}s"
                f" {row['rss_per_visitor_mb']:>9} MB {row['pss_per_visitor_mb']:>9} MB"
                f" {row['cpu_to_first_screen_s']:>11}s {row['idle_cpu_per_visitor']:>8.1%} {row['load_average']:>5}"
                + (f"  ({row['left_after_15_s']} processes left!)" if row["left_after_15_s"] else "")
            )
        single = visitors[0]["first_screen_median_s"]
        for row in visitors[1:]:
            print(
                f"  first screen with {row['visitors']} at once: {row['first_screen_median_s'] / single:.1f}× one alone"
            )
        reports = bench_report(work)
        print(f"\n{'sessions':>8} {'format':>6} {'first line':>11} {'all':>7} {'peak RSS':>9}")
        for row in reports:
            print(f"{row['sessions']:>8} {row['format']:>6} {row['first_line_s']:>10}s {row['total_s']:>6}s"
                  f" {row['peak_rss_mb']:>6} MB")  # fmt: skip
        by = {(r["sessions"], r["format"]): r for r in reports}
        for fmt in ("csv", "table", "json"):
            ratio = by[(100_000, fmt)]["peak_rss_mb"] / by[(10_000, fmt)]["peak_rss_mb"]  # type: ignore[operator]
            print(
                f"  report --format {fmt}: peak memory at 100,000 sessions is {ratio:.2f}× that at 10,000"
                " (target ≤ 1.1)"
            )
        out = Path(__file__).resolve().parent.parent / "bench-results" / "serve.json"
        out.parent.mkdir(exist_ok=True)
        out.write_text(json.dumps({"machine": machine, "date": f"{datetime.now():%Y-%m-%d}", "visitors": visitors,
                                   "report": reports}, indent=2) + "\n")  # fmt: skip
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
