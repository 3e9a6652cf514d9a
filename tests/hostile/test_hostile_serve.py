"""``serve`` binds loopback unless told otherwise, and a trainee name is data: never a path, never markup.

Already covered in ``tests/training`` and not repeated: which hosts count as
loopback (``test_training_commands.py::test_loopback_hosts``), the server a
default ``serve`` starts (``::test_serve_binds_loopback_by_default_and_runs_train_per_visitor``),
a name typed into the trainee screen shown as typed
(``test_training_app.py::test_a_trainee_is_asked_for_a_name_and_it_is_data_not_markup``),
names stored verbatim (``test_training_store.py::test_names_and_text_are_stored_as_given``)
and control characters from the database escaped in reports
(``test_training_report.py::test_control_characters_from_the_database_never_reach_the_terminal``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from builders import WALK_CASES, WALK_TREE
from support import click_action_tags, screen_text, wait_for
from twitchtree.cli import _parser

WARNING = (
    "twitchtree: warning: serving on {host}, not on loopback: anyone who can reach this "
    "computer over that network can open the page; only the access code keeps them out. "
    "Use --host 127.0.0.1 to keep it to this computer."
)


@pytest.fixture
def classroom(write_toml) -> Path:
    """A folder with a tree and a case file for it; returns the case file."""
    write_toml("classroom/walk.toml", WALK_TREE, dedent=False)
    return write_toml("classroom/walk-cases.toml", WALK_CASES, dedent=False)


def test_the_default_host_is_loopback():
    args = _parser().parse_args(["serve"])
    assert (args.host, args.port) == ("127.0.0.1", 8000)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "classroom.example"])
def test_any_other_host_prints_the_whole_warning(host, run_cli, served, classroom, tmp_path):
    result = run_cli("serve", "--host", host, "--db", tmp_path / "class.db", "--cases", classroom)
    assert result.code == 0
    assert WARNING.format(host=host) in result.err.splitlines()
    assert served[0].host == host


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1"])
def test_loopback_hosts_print_no_warning(host, run_cli, served, classroom, tmp_path):
    result = run_cli("serve", "--host", host, "--db", tmp_path / "class.db", "--cases", classroom)
    assert result.code == 0
    assert "warning" not in result.err
    assert served[0].host == host


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("a\x1bb", "a trainee name cannot contain control characters such as U+001B"),
        ("\x1b]0;owned\x07", "a trainee name cannot contain control characters such as U+001B"),
        ("Sam\u202e", "a trainee name cannot contain control characters such as U+202E"),
        ("   ", "a trainee name cannot be empty"),
    ],
)
def test_a_name_with_control_characters_is_refused_with_a_clear_message(name, message, run_cli, classroom, tmp_path):
    result = run_cli("train", "--cases", classroom, "--trainee", name, "--db", tmp_path / "t.db")
    assert (result.code, result.out, result.err) == (2, "", f"twitchtree: --trainee: {message}\n")
    assert not (tmp_path / "t.db").exists()


@pytest.mark.parametrize("name", ["../../etc/passwd", "[bold]x", "[@click=app.quit]x[/]", "/tmp/evil; rm -rf ~"])
async def test_a_trainee_name_is_stored_verbatim_shown_as_typed_and_never_a_path(
    name, run_cli, classroom, tmp_path, monkeypatch
):
    from textual.widgets import DataTable

    from twitchtree.training.recorder import Recorder
    from twitchtree.training.store import open_store
    from twitchtree.tui.screens.case_list import CaseListScreen
    from twitchtree.tui.screens.debrief import DebriefScreen
    from twitchtree.tui.settings import Settings
    from twitchtree.tui.training_app import TrainingApp

    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    db = tmp_path / "class.db"
    apps = []
    monkeypatch.setattr(TrainingApp, "run", lambda self: apps.append(self))
    assert run_cli("train", "--cases", classroom, "--trainee", name, "--db", db).code == 0
    (checked,) = apps
    assert checked.trainee == name
    # `train` closes its database when run() returns: walk a case in the same app on it again.
    recorder = Recorder(open_store(db))
    app = TrainingApp(checked.catalogue, trainee=checked.trainee, recorder=recorder, settings=Settings())
    async with app.run_test(size=(120, 34)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, CaseListScreen) and app.screen.query(DataTable))
        assert f"Training · {name}" in screen_text(app)  # as typed: brackets and all
        await click_action_tags(pilot, top=1, every=False)  # a click on the name does nothing
        assert app.return_code is None and isinstance(app.screen, CaseListScreen)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        await pilot.press("1")
        await wait_for(pilot, lambda: isinstance(app.screen, DebriefScreen))
        assert app.return_code is None
    assert recorder.close(wait=10) == 0
    with open_store(db, create=False) as store:
        assert [s.trainee for s in store.sessions()] == [name]
    # The name named no file: only the database (and its WAL files) was written.
    assert list(work.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["classroom", "work", *(p.name for p in tmp_path.glob("class.db*"))]
    )


# -- a client that tries to get past the guard, against a real `serve` ---------------------------------------------


MISBEHAVING = r"""
import os, sys, threading, time

# A visitor's process that misbehaves on purpose (tests/hostile/test_hostile_serve.py): only under serve.
if "--visitor" in sys.argv and os.environ.get("TWITCHTREE_TEST_MISBEHAVE") == "crash":
    from twitchtree.tui import training_app

    def crash(self, name):
        raise RuntimeError("crashed on purpose \x1b]0;owned\x07")

    training_app.TrainingApp._set_trainee = crash
elif "--visitor" in sys.argv and os.environ.get("TWITCHTREE_TEST_MISBEHAVE") == "flood":
    def flood():
        line = b"\x1b[2J\x1b]0;owned\x07 flood " + b"x" * 200 + b"\n"
        for _ in range(20000):  # 4.4 MB of lines
            os.write(2, line)
        os.write(2, b"\x1b[31m" * 200000)  # 1 MB without a newline
        time.sleep(1.5)  # the budget has a line again: the cut line (and the count before it) is shown
        os.write(2, b"\n")
        time.sleep(2.5)  # and again, however slowly the line above was read
        os.write(2, b"flood done\n")

    threading.Thread(target=flood, daemon=True).start()
"""


@pytest.fixture
async def server(classroom, tmp_path, request):
    """`twitchtree serve` on a free loopback port, with the code TOKEN and room for 2 trainees
    (``@pytest.mark.parametrize("server", [(...extra arguments)], indirect=True)`` adds arguments;
    a ``misbehave`` marker makes every visitor's process ``crash`` or ``flood`` its error output)."""
    from serve_support import Classroom

    extra = getattr(request, "param", ())
    environment = {}
    if (marker := request.node.get_closest_marker("misbehave")) is not None:
        (tmp_path / "site").mkdir()
        (tmp_path / "site" / "sitecustomize.py").write_text(MISBEHAVING)
        environment = {"PYTHONPATH": str(tmp_path / "site"), "TWITCHTREE_TEST_MISBEHAVE": marker.args[0]}
    running = Classroom(classroom, str(tmp_path / "class.db"), max_trainees=2, extra=extra, environment=environment)
    try:
        await running.ready()
        yield running
    finally:
        running.stop()
    assert "Traceback" not in running.text() and "locals" not in running.text()


async def test_without_the_code_every_request_is_refused_and_starts_nothing(server):
    import aiohttp

    from serve_support import TOKEN, session, visitors

    async with session(server) as http:
        for path in ["/", "/?token=wrong-code-123", f"/?token={TOKEN}x", "/static/js/textual.js", "/download/abc"]:
            async with http.get(server.base + path, allow_redirects=False) as response:
                assert response.status == 403, path
                assert "This classroom needs its access code" in await response.text()
        for url in ["/ws", "/ws?token=wrong-code-123"]:
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await http.ws_connect(server.base + url, origin=server.base)
            assert refused.value.status == 403
        http.cookie_jar.update_cookies({"twitchtree_code_x": TOKEN})  # a cookie under another name counts for nothing
        async with http.get(server.base + "/") as response:
            assert response.status == 403
    assert visitors(server) == []
    assert "without the access code" in server.text()
    log = [line for line in server.text().splitlines() if "share this address with the class" not in line]
    assert not [line for line in log if TOKEN in line or "wrong-code" in line]  # the log shows no code, nor a guess
    assert '127.0.0.1 "GET /?token=… HTTP/1.1" 403' in "\n".join(log)


async def test_the_code_opens_the_page_once_and_leaves_no_trace_in_the_address(server):
    from serve_support import TOKEN, session

    async with session(server) as http:
        async with http.get(f"{server.base}/?token={TOKEN}", allow_redirects=False) as response:
            assert response.status == 303 and response.headers["Location"] == "/"
            assert "HttpOnly" in response.headers["Set-Cookie"] and "SameSite=Lax" in response.headers["Set-Cookie"]
        async with http.get(server.base + "/") as response:
            page = await response.text()
            headers = response.headers
        assert response.status == 200 and TOKEN not in page
        assert f'data-session-websocket-url="ws://127.0.0.1:{server.port}/ws"' in page
        assert "googleapis" not in page and "https://" not in page and "fonts/RobotoMono" in page
        csp = headers["Content-Security-Policy"]
        assert "default-src 'none'" in csp and "script-src 'self' 'sha256-" in csp and "connect-src 'self'" in csp
        assert "frame-ancestors 'none'" in csp and "unsafe-eval" not in csp
        assert headers["X-Content-Type-Options"] == "nosniff" and headers["Referrer-Policy"] == "no-referrer"
        for folder in ["/static/", "/static/js/", "/static/fonts"]:  # no directory listings
            async with http.get(server.base + folder) as response:
                assert response.status in (403, 404) and "Index of" not in await response.text()
        async with http.get(server.base + "/static/js/textual.js") as response:
            assert response.status == 200 and response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://evil.example"},
        {"Origin": "null"},
        {"Origin": "http://127.0.0.1:1"},
        {},  # no Origin at all: not a browser on this page
        {"Host": "evil.example", "Origin": "http://evil.example"},  # DNS rebinding: a page at evil.example
    ],
    ids=["foreign", "null", "other-port", "none", "rebinding"],
)
async def test_a_websocket_from_any_other_page_is_refused_even_with_the_cookie(server, headers):
    import aiohttp

    from serve_support import enter, session, visitors

    async with session(server) as http:
        await enter(http, server)
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await http.ws_connect(server.base + "/ws", headers=headers)
        assert refused.value.status == 403
    assert visitors(server) == []
    assert "refused 127.0.0.1:" in server.text()


async def test_a_huge_terminal_is_clamped_and_the_process_stays_small(server):
    from serve_support import enter, first_screen, resize, rss_mb, session, visitors

    async with session(server) as http:
        await enter(http, server)
        async with http.ws_connect(server.base + "/ws?width=20000&height=20000", origin=server.base) as ws:
            await first_screen(ws, b"Who is training?")
            await ws.send_str(resize(20000, 20000))
            await ws.send_str(resize(-5, "lots"))  # nonsense is 80 x 24
            await ws.send_str(resize(20000, 20000))
            await ws.send_str(json.dumps(["stdin", "x"]))
            await first_screen(ws, b"x")  # still drawing, at most 500 x 200
            (pid,) = visitors(server)
            assert rss_mb(pid) < 300


async def test_the_class_is_full_at_max_trainees_and_has_room_again_when_one_leaves(server):
    import aiohttp

    from serve_support import TOKEN, enter, first_screen, gone, session, visitors

    async with session(server) as http:
        await enter(http, server)
        first = await http.ws_connect(server.base + "/ws", origin=server.base)
        second = await http.ws_connect(server.base + "/ws", origin=server.base)
        for ws in (first, second):
            await first_screen(ws, b"Who is training?")
        assert len(visitors(server)) == 2
        with pytest.raises(aiohttp.WSServerHandshakeError) as full:
            await http.ws_connect(server.base + "/ws", origin=server.base)
        assert full.value.status == 503
        async with http.get(server.base + "/") as response:
            assert response.status == 503 and "The class is full: 2 trainees are" in await response.text()
        async with session(server) as latecomer:  # the code leaves the address even when the class is full
            async with latecomer.get(f"{server.base}/?token={TOKEN}", allow_redirects=False) as response:
                assert response.status == 303 and response.headers["Location"] == "/"
            async with latecomer.get(server.base + "/") as response:
                assert response.status == 503
        pids = visitors(server)
        await first.close()
        await server.logged("left after")  # its process is gone and its place free
        assert len(visitors(server)) == 1
        third = await http.ws_connect(server.base + "/ws", origin=server.base)
        await first_screen(third, b"Who is training?")
        await third.close()
        await second.close()
    assert await gone(pids, 5)


async def test_a_visitor_who_leaves_has_no_process_within_5_s_even_one_that_does_not_answer(server):
    import os
    import signal
    import time

    from serve_support import enter, first_screen, gone, session, visitors

    async with session(server) as http:
        await enter(http, server)
        polite = await http.ws_connect(server.base + "/ws", origin=server.base)
        stuck = await http.ws_connect(server.base + "/ws", origin=server.base)
        for ws in (polite, stuck):
            await first_screen(ws, b"Who is training?")
        pids = visitors(server)
        assert len(pids) == 2
        # One process stops answering (as one blocked writing to a pipe nobody reads): it must be killed.
        frozen = pids[-1]
        os.kill(frozen, signal.SIGSTOP)
        began = time.monotonic()
        await polite.close()
        await stuck.close()
        assert await gone(pids, 5), "a visitor's process outlived their visit by 5 s"
        assert time.monotonic() - began < 5
    await server.logged("their process ended (killed)")


async def test_a_message_that_is_not_the_pages_ends_the_visit_with_one_log_line(server):
    from serve_support import enter, first_screen, gone, session, visitors

    async with session(server) as http:
        await enter(http, server)
        async with http.ws_connect(server.base + "/ws", origin=server.base) as ws:
            await first_screen(ws, b"Who is training?")
            pids = visitors(server)
            await ws.send_str("{not json \x1b[2J")
            await ws.receive(timeout=10)  # the server closes it
        assert await gone(pids, 5)
    log = await server.logged("sent a message that is not the page's; disconnected")
    assert "\x1b" not in log and "Traceback" not in log


@pytest.mark.parametrize("server", [("--public-url", "https://class.example.org")], indirect=True)
async def test_behind_a_reverse_proxy_the_public_address_passes_and_no_other(server):
    """nginx or Caddy passes the browser's Host and Origin on: those of the public address are accepted."""
    import aiohttp

    from serve_support import TOKEN, first_screen, session

    public = {"Host": "class.example.org", "X-Forwarded-Proto": "https"}
    async with session(server) as http:
        async with http.get(f"{server.base}/?token={TOKEN}", headers=public, allow_redirects=False) as response:
            cookie = response.headers["Set-Cookie"]
            assert response.status == 303 and "; Secure" in cookie  # the browser sends the code only over https
        # The proxy passes the https browser's cookie on over plain http, as this client does by hand.
        public["Cookie"] = cookie.split(";", 1)[0]
        async with http.get(server.base + "/", headers=public) as response:
            page = await response.text()
        assert response.status == 200
        assert 'data-session-websocket-url="wss://class.example.org/ws"' in page
        async with http.ws_connect(
            server.base + "/ws", headers={**public, "Origin": "https://class.example.org"}
        ) as ws:
            await first_screen(ws, b"Who is training?")
        for headers in (
            {**public, "Origin": "https://evil.example"},
            {"Host": "evil.example", "Origin": "https://class.example.org"},
            {"Host": "class.example.org", "Origin": "http://class.example.org.evil.example"},
        ):
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await http.ws_connect(server.base + "/ws", headers=headers)
            assert refused.value.status == 403


@pytest.mark.misbehave("crash")
async def test_a_visitors_crash_is_one_escaped_log_line_and_writes_nothing_into_the_operators_folders(
    server, isolated_user_dirs
):
    from serve_support import enter, first_screen, gone, session, visitors

    before = sorted(p.relative_to(isolated_user_dirs.data) for p in isolated_user_dirs.data.rglob("*"))
    async with session(server) as http:
        await enter(http, server)
        async with http.ws_connect(server.base + "/ws", origin=server.base) as ws:
            await first_screen(ws, b"Who is training?")
            pids = visitors(server)
            await ws.send_str(json.dumps(["stdin", "Sam\r"]))
            log = await server.logged("visitor 1 left after")
        assert await gone(pids, 5)
    (line,) = [line for line in log.splitlines() if "internal error" in line]
    said = "visitor 1: twitchtree: internal error: RuntimeError: crashed on purpose \\u001b]0;owned\\u0007 (at "
    assert said + "sitecustomize.py:" in line and line.endswith("Please report it.")
    assert "their process ended (exit 1)" in log
    assert "\x1b" not in log and "\x07" not in log
    after = sorted(p.relative_to(isolated_user_dirs.data) for p in isolated_user_dirs.data.rglob("*"))
    assert after == before  # no crash.log, nothing at all
    assert not list(isolated_user_dirs.data.rglob("crash.log"))


@pytest.mark.misbehave("flood")
async def test_a_visitor_flooding_its_error_output_gets_a_few_escaped_lines_and_the_server_stays_small(server):
    import time

    from serve_support import enter, first_screen, rss_mb, session

    async with session(server) as http:
        await enter(http, server)
        began = time.monotonic()
        async with http.ws_connect(server.base + "/ws", origin=server.base) as ws:
            await first_screen(ws, b"Who is training?")  # the visit goes on while its process floods
            log = await server.logged("visitor 1: flood done", timeout=30)
            seconds = time.monotonic() - began
            memory = rss_mb(server.process.pid)
    assert memory < 150, f"serve grew to {memory:.0f} MB"
    shown = [line for line in log.splitlines() if "visitor 1: " in line]
    assert len(shown) <= 20 + 2 + 2 * seconds, f"{len(shown)} lines in {seconds:.1f} s:\n{log}"  # a burst, then 1/s
    assert any("more lines of error output not shown)" in line for line in shown), log
    assert any(line.endswith("… (line cut)") and "\\u001b[31m" in line for line in shown), log
    assert all(len(line) < 500 for line in shown), log
    assert "\x1b" not in log and "\x07" not in log
    assert len(log) < 50_000
