"""Several ``serve`` instances on one PostgreSQL: each records its visitors' sessions, ``report`` sees them all.

Real servers, real WebSocket clients typing into the app, a real PostgreSQL (``TWITCHTREE_TEST_PG``;
skipped with a message saying how to run it without).
"""

from __future__ import annotations

import json

import pytest

pytest.importorskip("textual_serve")


async def train_one_case(classroom, name: str) -> None:
    """A visitor on ``classroom`` gives their name and starts the first case."""
    from serve_support import enter, first_screen, session

    async with session(classroom) as http:
        await enter(http, classroom)
        async with http.ws_connect(classroom.base + "/ws?width=110&height=34", origin=classroom.base) as ws:
            await first_screen(ws, b"Who is training?")
            await ws.send_str(json.dumps(["stdin", name + "\r"]))
            await first_screen(ws, f"Training · {name}".encode())
            await ws.send_str(json.dumps(["stdin", "\r"]))
            await first_screen(ws, b"Any trouble breathing?")
            await ws.send_str(json.dumps(["stdin", "2"]))  # breathing: No
            await first_screen(ws, b"Any new weakness?")


async def test_two_serve_instances_on_one_postgresql_each_record_and_report_lists_both(
    pg_url, cases_file, run_cli, tmp_path
):
    from serve_support import Classroom
    from twitchtree.training.store import open_store

    first, second = (Classroom(cases_file, pg_url, max_trainees=2) for _ in range(2))
    try:
        for server in (first, second):
            await server.ready()
        await train_one_case(first, "Ada")
        await train_one_case(second, "Grace")
    finally:
        first.stop()
        second.stop()
    for server in (first, second):
        assert "their process ended" in server.text() and "Traceback" not in server.text()
    with open_store(pg_url, create=False) as store:
        sessions = list(store.sessions())
        assert sorted(s.trainee for s in sessions) == ["Ada", "Grace"]
        assert all([(s.node_id, s.answer_label) for s in store.steps(s.id)] == [("breathing", "No")] for s in sessions)
    report = run_cli("report", "--db", pg_url, "--format", "json")
    assert report.code == 0, report.err
    assert sorted(t["trainee"] for t in json.loads(report.out)["trainees"]) == ["Ada", "Grace"]
    table = run_cli("report", "--db", pg_url).out
    assert "Ada" in table and "Grace" in table
