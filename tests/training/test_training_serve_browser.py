"""End to end in a browser: ``twitchtree serve`` on loopback, headless Chromium driven over DevTools.

The terminal in textual-serve's page is drawn on a canvas, so the DOM never
holds the app's text. A script installed before the page loads catches the
page's xterm.js ``Terminal`` as textual.js stores it, and the test reads
what the terminal shows from its screen buffer, row by row: the text a
trainee sees, not the bytes sent. The test opens the page without the
access code (refused, and the page says why), with it (the app's first
screen), types a name and starts a case through the browser, and checks
that the session landed in the one database. A page at another origin on
this computer, which the browser sends the cookie from, cannot open the
WebSocket. Every wait polls with a deadline; there are no fixed sleeps.
Chromium may reach 127.0.0.1 only.
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
  // textual.js keeps its xterm.js Terminal as `this.terminal`: catch it as it is stored.
  Object.defineProperty(Object.prototype, "terminal", {
    configurable: true,
    set(value) {
      Object.defineProperty(this, "terminal", { value, writable: true, configurable: true, enumerable: true });
      if (value && value.buffer) window.__terminal = value;
    },
  });
  window.__screenText = () => {
    const term = window.__terminal;
    if (!term) return "";
    const buffer = term.buffer.active;
    const rows = [];
    for (let y = 0; y < term.rows; y++) {
      const line = buffer.getLine(buffer.viewportY + y);
      rows.push(line ? line.translateToString(true) : "");
    }
    return rows.join("\n");
  };
})();
"""

EVIL_PAGE = """<!DOCTYPE html><html><body><script>
  window.__result = "pending";
  const ws = new WebSocket("ws://127.0.0.1:{port}/ws?width=80&height=24");
  ws.onopen = () => { window.__result = "open"; };
  ws.onerror = () => { window.__result = "refused"; };
</script></body></html>"""


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
async def test_a_browser_needs_the_code_sees_the_first_screen_and_can_start_a_case(tmp_path, cases_file):
    from aiohttp import web

    from twitchtree.training.store import open_store

    port, evil_port, token = free_port(), free_port(), "browser-test-code"
    db = tmp_path / "classroom.sqlite3"
    config = tmp_path / "config"
    (config / "twitchtree").mkdir(parents=True)
    operator = b'theme = "twitchtree-dark"  # the operator\'s own choice\n'
    (config / "twitchtree" / "config.toml").write_bytes(operator)
    log = (tmp_path / "serve.log").open("wb")
    serve = subprocess.Popen(
        [sys.executable, "-m", "twitchtree", "serve", "--port", str(port), "--db", str(db), "--cases", str(cases_file),
         "--token", token],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        env={**os.environ, "XDG_CONFIG_HOME": str(config)},
    )  # fmt: skip
    # Another page on this computer (another port is the same site, so the browser sends the cookie).
    evil = web.Application()

    async def evil_page(request: web.Request) -> web.Response:
        return web.Response(text=EVIL_PAGE.replace("{port}", str(port)), content_type="text/html")

    evil.add_routes([web.get("/", evil_page)])
    evil_runner = web.AppRunner(evil)
    await evil_runner.setup()
    await web.TCPSite(evil_runner, "127.0.0.1", evil_port).start()
    profile = tmp_path / "chromium"
    browser = None
    try:
        async with aiohttp.ClientSession() as http:
            url = f"http://127.0.0.1:{port}/"

            async def answering():
                async with http.get(url) as response:
                    return response.status == 403

            await poll(answering, "serve to answer on loopback")
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

                async def body_text() -> str:
                    text = await tools.evaluate("document.body ? document.body.innerText : ''")
                    return text if isinstance(text, str) else ""

                # Without the code: refused, and the page says what to do.
                await tools.send("Page.navigate", url=url)

                async def refused():
                    return "needs its access code" in await body_text()

                await poll(refused, "the page asking for the access code")

                async def screen_text() -> str:
                    text = await tools.evaluate("window.__screenText ? window.__screenText() : ''")
                    return text if isinstance(text, str) else ""

                async def tail() -> str:
                    return "the terminal shows:\n" + await screen_text()

                async def shows(text: str):
                    async def check():
                        return text in await screen_text()

                    return check

                # With it: the code goes into a cookie, the address loses it, and the app's first screen is drawn.
                await tools.send("Page.navigate", url=f"{url}?token={token}")
                await poll(await shows("Who is training?"), "the app's first screen in the browser", detail=tail)
                assert await tools.evaluate("location.href") == url
                assert "Your name is recorded with your sessions" in await screen_text()
                # The page starts unfocused; the keys are shown all the same (Textual's footer waited for a key).
                await poll(await shows("? Help  q Quit"), "the keys in the footer before a key is typed", detail=tail)
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
                assert "Tired legs after a long week" in await screen_text()
                await tools.key("Enter", 13, "\r")
                await poll(await shows("Ana, 30, has twitchy calves"), "the patient's story", detail=tail)
                await poll(await shows("Any trouble breathing?"), "the first question", detail=tail)

                # A page at another origin on this computer cannot open the classroom's WebSocket.
                await tools.send("Page.navigate", url=f"http://127.0.0.1:{evil_port}/")

                async def evil_result():
                    result = await tools.evaluate("window.__result")
                    return result if result in ("open", "refused") else None

                assert await poll(evil_result, "the other page's WebSocket to fail") == "refused"

        async def recorded():
            with open_store(db, create=False) as store:
                return [(s.trainee, s.case_id) for s in store.sessions()]

        assert await poll(recorded, "the session in the database") == [("Ada", "tired-legs")]
    finally:
        if browser is not None:
            stop(browser)
        stop(serve)
        log.close()
        await evil_runner.cleanup()
    assert serve.returncode is not None
    served = (tmp_path / "serve.log").read_text()
    assert "Origin 'http://127.0.0.1:" in served and "is not this classroom's page" in served
    assert served.count("joined") == 1  # the other page started no process
    assert "Traceback" not in served
    assert (config / "twitchtree" / "config.toml").read_bytes() == operator
