"""The editor at any size: highlighting only what is drawn, checks off the event loop, a panel that says it is stale.

Speed itself is measured in ``make bench`` (edit-open, edit-key); these tests
hold the behaviour that makes it possible.
"""

from __future__ import annotations

import asyncio

import pytest
from authoring_support import editor_ready
from textual.app import App

from builders import balanced_tree
from support import SIZE, wait_for
from twitchtree.tui.background_check import BackgroundCheck
from twitchtree.tui.widgets.problems_panel import ProblemsPanel
from twitchtree.tui.widgets.source_editor import BLOCK, SourceEditor


class EditorOnly(App[None]):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self):
        yield SourceEditor(self.text)


async def test_only_the_drawn_lines_are_highlighted_and_an_edit_highlights_them_again():
    text = balanced_tree(401)
    app = EditorOnly(text)
    async with app.run_test(size=(100, 30)) as pilot:
        editor = app.query_one(SourceEditor)
        await pilot.pause()
        highlights = editor.highlights_for(editor.document)  # a fresh mapping: what drawing line 0 works out
        header = next(n for n, line in enumerate(editor.document.lines) if line.startswith("[nodes."))
        assert highlights[header], "a table header is highlighted"
        assert highlights.done == {header // BLOCK}  # nothing else was worked out
        last = editor.document.line_count - 1
        assert last // BLOCK not in highlights.done

        drawn = editor._highlights  # what the editor draws from
        assert drawn.done and max(drawn.done) * BLOCK < 30 + BLOCK, "only blocks on screen were highlighted"
        before = list(drawn[0])
        editor.replace('format = "one"', (0, 0), (0, len(editor.document.lines[0])))
        await pilot.pause()
        after = drawn[0]
        assert after != before and any(name == "string" for _, _, name in after)


async def test_typing_marks_the_problems_stale_until_the_latest_text_is_checked(demo_tree, edit_app):
    app = edit_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        screen = await editor_ready(pilot)
        panel = screen.query_one(ProblemsPanel)
        marks: list[bool] = []  # every value of ``checking``, however quickly a small check ends
        screen.watch(panel, "checking", lambda checking: marks.append(checking), init=False)
        screen.source.insert("oops = \n", (0, 0))
        await wait_for(pilot, lambda: not panel.checking and any(d.is_error for d in panel.diagnostics))
        assert marks[:1] == [True] and "checking" not in str(panel.border_title)
        marks.clear()
        screen.source.undo()
        await wait_for(pilot, lambda: not panel.checking and not any(d.is_error for d in panel.diagnostics))
        assert marks[:1] == [True]


async def test_a_newer_check_ends_the_running_one(write_toml):
    path = write_toml("big.toml", balanced_tree(6001), dedent=False)
    checker = BackgroundCheck()
    first = asyncio.ensure_future(checker.check(path))
    await wait_until_started(checker)  # the first check is under way in its own process
    process = checker._process
    second = await checker.check(path, path.read_bytes().replace(b"Question n0?", b"Changed n0?"))
    with pytest.raises(asyncio.CancelledError):
        await first
    assert process is not None and not process.is_alive()
    assert second.node("n0").text == "Changed n0?"


async def test_a_check_process_that_dies_is_a_problem_not_a_hang(write_toml, monkeypatch):
    path = write_toml("demo.toml", balanced_tree(6001), dedent=False)
    checker = BackgroundCheck()
    task = asyncio.ensure_future(checker.check(path))
    await wait_until_started(checker)
    checker._process.kill()  # as the system would end a process that ran out of memory
    result = await task
    assert isinstance(result, tuple)
    assert "the check stopped unexpectedly" in result[0].message


async def wait_until_started(checker: BackgroundCheck) -> None:
    for _ in range(200):
        if checker._process is not None and checker._process.pid is not None:
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the check never started")
