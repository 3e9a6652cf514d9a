"""End to end in a browser: ``twitchtree serve`` on loopback, headless Chromium driven over DevTools.

The terminal in textual-serve's page is drawn on a canvas, so the DOM never
holds the app's text. Instead a script installed before the page loads
keeps the bytes the page's WebSocket receives (exactly what xterm.js
draws), with the escape sequences stripped, and the test polls that text
and the page's ``-first-byte`` class until the app's first screen shows.
It then types a name and starts a case through the browser, and checks
that the session landed in the one database. Every wait polls with a
deadline; there are no fixed sleeps. Chromium may reach 127.0.0.1 only.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time

import pytest

pytestmark = pytest.mark.e2e

aiohttp = pytest.importorskip(
    "aiohttp", reason="the browser test talks to Chromium with aiohttp (a textual-serve dependency)"
)
pytest.importorskip("textual_serve", reason="serve needs textual-serve")

CHROMIUM = next(
    (
        p
        for p in (shutil.which("chromium"), shutil.which("chromium-browser"), "/usr/bin/chromium")
        if p and os.path.exists(p)
    ),
    None,
)

CAPTURE = r"""
(() => {
  const decoder = new TextDecoder();
  let text = "";
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => {
        if (typeof event.data !== "string") {
          text += decoder.decode(new Uint8Array(event.data), { stream: true });
        }
      });
    }
  };
  window.__screenText = () =>
    text
      .replace(/\x1b\][^\x07\x1b]*(\x07|\x1b\\)/g, "")
      .replace(/\x1b\[[0-9;?<>=]*[ -\/]*[@-~]/g, "")
      .replace(/\x1b./g, "");
})();
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def poll(check, what: str, timeout: float = 20.0, detail=None):
    """Await ``check()`` until it returns something truthy; fail with ``what`` after ``timeout`` seconds.

    ``detail``, if given, is awaited on failure for text to add to the message.
    """
    deadline = time.monotonic() + timeout
    while True:
        try:
            result = await check()
        except (OSError, aiohttp.ClientError):
            result = None
        if result:
            return result
        if time.monotonic() > deadline:
            extra = f"\n{await detail()}" if detail is not None else ""
            raise AssertionError(f"timed out waiting for {what}{extra}")
        await asyncio.sleep(0.05)


class DevTools:
    """Just enough of the Chrome DevTools protocol: send a command to one page, get its result."""

    def __init__(self, ws) -> None:
        self.ws = ws
        self.next_id = 0

    async def send(self, method: str, **params: object) -> dict:
        self.next_id += 1
        await self.ws.send_json({"id": self.next_id, "method": method, "params": params})
        async for message in self.ws:
            data = json.loads(message.data)
            if data.get("id") == self.next_id:
                if "error" in data:
                    raise AssertionError(f"{method}: {data['error']}")
                return data["result"]
        raise AssertionError(f"DevTools closed during {method}")

    async def evaluate(self, expression: str) -> object:
        result = await self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")

    async def key(self, key: str, code: int, text: str = "") -> None:
        common = {"key": key, "code": key, "windowsVirtualKeyCode": code, "nativeVirtualKeyCode": code}
        await self.send("Input.dispatchKeyEvent", type="keyDown", text=text, **common)
        await self.send("Input.dispatchKeyEvent", type="keyUp", **common)


def stop(process: subprocess.Popen[bytes]) -> None:
    """End a process group this test started: politely, then for sure."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


@pytest.mark.skipif(CHROMIUM is None, reason="needs Chromium (Debian: apt-get install chromium; CI installs it)")
async def test_a_browser_sees_the_first_screen_and_can_start_a_case(tmp_path, cases_file):
    from twitchtree.training.store import Store

    port = free_port()
    db = tmp_path / "classroom.sqlite3"
    log = (tmp_path / "serve.log").open("wb")
    serve = subprocess.Popen(
        [sys.executable, "-m", "twitchtree", "serve", "--port", str(port), "--db", str(db), "--cases", str(cases_file)],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        env=dict(os.environ),
    )
    profile = tmp_path / "chromium"
    browser = None
    try:
        async with aiohttp.ClientSession() as http:
            url = f"http://127.0.0.1:{port}/"

            async def page_served():
                async with http.get(url) as response:
                    return response.status == 200 and "textual-terminal" in await response.text()

            await poll(page_served, "serve to answer on loopback")
            browser = subprocess.Popen(
                [
                    CHROMIUM,  # type: ignore[list-item]
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                    f"--user-data-dir={profile}",
                    "--remote-debugging-port=0",
                    "--window-size=1280,800",
                    "about:blank",
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )

            async def devtools_port():
                active = profile / "DevToolsActivePort"
                lines = active.read_text().splitlines() if active.exists() else []
                return int(lines[0]) if lines else None

            debug_port = await poll(devtools_port, "Chromium's DevTools port")

            async def page_target():
                async with http.get(f"http://127.0.0.1:{debug_port}/json/list") as response:
                    pages = [t for t in await response.json() if t.get("type") == "page"]
                return pages[0]["webSocketDebuggerUrl"] if pages else None

            target = await poll(page_target, "a page in Chromium")
            async with http.ws_connect(target, max_msg_size=0) as ws:
                tools = DevTools(ws)
                await tools.send("Page.enable")
                await tools.send("Page.addScriptToEvaluateOnNewDocument", source=CAPTURE)
                await tools.send("Page.navigate", url=url)

                async def screen_text() -> str:
                    text = await tools.evaluate("window.__screenText ? window.__screenText() : ''")
                    return text if isinstance(text, str) else ""

                async def tail() -> str:
                    return "the page's terminal last received: " + repr((await screen_text())[-1000:])

                async def shows(text: str):
                    async def check():
                        return text in await screen_text()

                    return check

                # The app's first screen: a browser visitor is asked for their name.
                await poll(await shows("Who is training?"), "the app's first screen in the browser", detail=tail)
                assert await tools.evaluate("document.body.classList.contains('-first-byte')")
                shot = await tools.send("Page.captureScreenshot", format="png")
                (tmp_path / "first-screen.png").write_bytes(__import__("base64").b64decode(shot["data"]))

                # Type a name into the terminal and start the first case, all through the browser.
                await tools.send("Emulation.setFocusEmulationEnabled", enabled=True)
                await tools.evaluate("document.querySelector('.xterm-helper-textarea').focus()")
                for char in "Ada":
                    await tools.key(char, ord(char.upper()), char)
                await poll(await shows("Ada"), "the name typed in the browser", detail=tail)
                await tools.key("Enter", 13, "\r")
                await poll(await shows("Training · Ada"), "the case list for Ada", detail=tail)
                await tools.key("Enter", 13, "\r")
                await poll(await shows("Ana, 30, has twitchy calves"), "the patient's story", detail=tail)

        async def recorded():
            with Store.open(db, create=False) as store:
                return [(s.trainee, s.case_id) for s in store.sessions()]

        assert await poll(recorded, "the session in the database") == [("Ada", "tired-legs")]
    finally:
        if browser is not None:
            stop(browser)
        stop(serve)
        log.close()
    assert serve.returncode is not None
