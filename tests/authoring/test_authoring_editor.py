"""Pilot tests of ``twitchtree edit``: checking as you type, problems that move the cursor, safe saves, quitting."""

from __future__ import annotations

import errno
import os
from argparse import Namespace
from pathlib import Path

import pytest
from authoring_support import DEMO_TREE, editor_ready, line_col

from builders import chain_tree
from support import SIZE, notifications, screen_text, wait_for, wait_for_text
from twitchtree.model.load import load_tree
from twitchtree.model.template import new_tree
from twitchtree.tui.author_app import EditApp
from twitchtree.tui.screens.confirm import ConfirmScreen
from twitchtree.tui.screens.editor import EditorScreen
from twitchtree.tui.widgets.problems_panel import ProblemsPanel
from twitchtree.tui.widgets.walk_view import WalkView

NEEDLE = 'text = "Is it spreading to other muscles?"'


def editor(app) -> EditorScreen:
    screen = next(s for s in app.screen_stack if isinstance(s, EditorScreen))
    return screen


def leftovers(path: Path) -> list[Path]:
    """Temporary files of saves of ``path`` (the file's and its backup's) left in its folder."""
    return [p for p in path.parent.iterdir() if p.name.startswith(f".{path.name}.") and p.name.endswith(".tmp")]


async def type_at(pilot, needle: str, keys: str, *, offset: int = 0) -> None:
    """Put the cursor at ``offset`` characters into the first ``needle`` of the source, then type ``keys``."""
    source = editor(pilot.app).source
    line, col = line_col(source.text, needle)
    source.focus()
    source.move_cursor((line - 1, col - 1 + offset))
    await pilot.press(*keys)


async def change_and_wait(pilot) -> EditorScreen:
    """Make an edit that keeps the tree valid, and wait until the preview shows it."""
    screen = await editor_ready(pilot)
    await type_at(pilot, NEEDLE, " really", offset=len('text = "Is it'))
    await wait_for(
        pilot, lambda: screen.walk_view.walk.tree.node("spreading").text == "Is it really spreading to other muscles?"
    )
    assert screen.modified
    return screen


# -- checking as you type ----------------------------------------------------------------


async def test_typing_a_mistake_lists_it_and_choosing_it_moves_the_cursor(demo_tree, edit_app):
    app = edit_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        screen = await editor_ready(pilot)
        panel = screen.query_one(ProblemsPanel)
        assert not panel.display and app.focused is screen.source
        await type_at(pilot, 'next = "spreading"', "x", offset=len('next = "spreading'))
        await wait_for(pilot, lambda: panel.display)
        line, col = line_col(screen.source.text, 'next = "spreadingx"')
        first = str(panel.get_option_at_index(0).prompt)
        assert first.startswith(f"{demo_tree}:{line}:{col}: error:") and "spreadingx" in first, first
        assert demo_tree.read_text(encoding="utf-8") == DEMO_TREE  # checked, not saved
        await wait_for_text(pilot, "modified")
        # The preview keeps the last good version and stays usable.
        await pilot.press("tab")
        assert app.focused is screen.query_one("#path")  # the preview's first panel, the path
        screen.source.move_cursor((0, 0))
        await pilot.click(ProblemsPanel, offset=(4, 1))
        await wait_for(pilot, lambda: screen.source.cursor_location == (line - 1, col - 1))
        assert app.focused is screen.source
        # And from the keyboard: tab to the list, enter.
        screen.source.move_cursor((0, 0))
        for _ in range(8):
            if app.focused is panel:
                break
            await pilot.press("tab")
        assert app.focused is panel
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.source.cursor_location == (line - 1, col - 1))
        assert app.focused is screen.source
        # Undoing the mistake clears the list.
        await pilot.press("ctrl+z")
        await wait_for(pilot, lambda: not panel.display)
        assert not screen.modified


async def test_the_preview_follows_the_text(demo_tree, edit_app, isolated_user_dirs):
    cached = isolated_user_dirs.cache / "twitchtree" / "trees"
    app = edit_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        screen = await editor_ready(pilot)
        entries = sorted(cached.iterdir()) if cached.is_dir() else []
        await pilot.press("tab", "1", "2")  # walk to "spreading" in the preview
        await wait_for(
            pilot, lambda: [n.id for n in screen.walk_view.walk.path] == ["lasting", "weakness", "spreading"]
        )
        await type_at(pilot, NEEDLE, " really", offset=len('text = "Is it'))
        await wait_for_text(pilot, "Is it really spreading to other muscles?")
        assert [n.id for n in screen.query_one(WalkView).walk.path] == ["lasting", "weakness", "spreading"]
        # Unsaved text is checked without adding to the tree cache.
        assert (sorted(cached.iterdir()) if cached.is_dir() else []) == entries


async def test_digits_typed_in_the_source_are_text_and_answer_only_in_the_preview(demo_tree, edit_app):
    # Keys 1-9 answer ahead of the focused widget's own keys, but only inside the walk view:
    # typed in the source they are text.
    app = edit_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        screen = await editor_ready(pilot)
        walk = screen.query_one(WalkView).walk
        await type_at(pilot, 'title = "', "12", offset=len('title = "'))
        await wait_for(pilot, lambda: 'title = "12' in screen.source.text)
        assert app.focused is screen.source and [n.id for n in walk.path] == ["lasting"]
        await pilot.press("tab", "1")  # in the preview they answer
        await wait_for(pilot, lambda: [n.id for n in walk.path] == ["lasting", "weakness"])
        assert 'title = "12' in screen.source.text and 'title = "121' not in screen.source.text


# -- saving -------------------------------------------------------------------------------


async def test_a_save_is_atomic_and_keeps_a_backup(demo_tree, edit_app):
    app = edit_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        screen = await change_and_wait(pilot)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not screen.modified)
        assert demo_tree.read_text(encoding="utf-8") == screen.source.text != DEMO_TREE
        backup = demo_tree.with_name("demo.toml.bak")
        assert backup.read_text(encoding="utf-8") == DEMO_TREE
        assert any("the previous version is in demo.toml.bak" in n for n in notifications(app))
        assert "modified" not in screen.source.border_title
        assert sorted(p.name for p in demo_tree.parent.iterdir()) == [
            "demo-cases.toml",
            "demo.toml",
            "demo.toml.bak",
            "lib",
        ]


@pytest.mark.parametrize("failing", ["every rename", "the last rename"])
async def test_a_failed_save_leaves_the_file_and_the_buffer_alone(demo_tree, edit_app, monkeypatch, failing):
    before = demo_tree.read_bytes()
    app = edit_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        screen = await change_and_wait(pilot)
        text = screen.source.text

        real_replace = os.replace

        def no_space(src, dst, **kwargs):
            if failing == "every rename" or os.fspath(dst) == os.fspath(demo_tree):
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            real_replace(src, dst, **kwargs)

        with monkeypatch.context() as patch:
            patch.setattr(os, "replace", no_space)
            await pilot.press("ctrl+s")
            await wait_for(pilot, lambda: any(n.startswith("Could not save") for n in notifications(app)))
        message = next(n for n in notifications(app) if n.startswith("Could not save"))
        assert "No space left on device" in message and "unchanged" in message
        assert next(n for n in app._notifications if n.message == message).severity == "error"
        assert demo_tree.read_bytes() == before
        assert screen.source.text == text and screen.modified
        assert "modified" in screen.source.border_title
        assert not leftovers(demo_tree)
        # Once there is room again, the same buffer saves.
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not screen.modified)
        assert demo_tree.read_text(encoding="utf-8") == text
        assert demo_tree.with_name("demo.toml.bak").read_bytes() == before
        assert not leftovers(demo_tree)


async def test_saving_an_unchanged_buffer_does_not_touch_the_file(demo_tree, edit_app):
    app = edit_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        screen = await editor_ready(pilot)
        before = demo_tree.stat()
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "No changes to save." in notifications(app))
        after = demo_tree.stat()
        assert (after.st_ino, after.st_mtime_ns, after.st_size) == (before.st_ino, before.st_mtime_ns, before.st_size)
        assert not demo_tree.with_name("demo.toml.bak").exists()
        # After a save, saving again without a change does not rewrite it either.
        await type_at(pilot, NEEDLE, " really", offset=len('text = "Is it'))
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not screen.modified)
        saved = demo_tree.stat()
        app.clear_notifications()
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "No changes to save." in notifications(app))
        again = demo_tree.stat()
        assert (again.st_ino, again.st_mtime_ns) == (saved.st_ino, saved.st_mtime_ns)


# -- quitting ----------------------------------------------------------------------------


async def test_quitting_without_changes_exits_at_once(demo_tree, edit_app):
    app = edit_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        await editor_ready(pilot)
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: app.return_code == 0)
        assert not any(isinstance(s, ConfirmScreen) for s in app.screen_stack)


async def test_quitting_with_changes_asks_and_keep_editing_stays(demo_tree, edit_app):
    app = edit_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        screen = await change_and_wait(pilot)
        text = screen.source.text
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await wait_for_text(
            pilot, "demo.toml has unsaved changes.", "Save and quit", "Quit without saving", "Keep editing"
        )
        await pilot.click("#cancel")
        await wait_for(pilot, lambda: app.screen is screen)
        assert app.return_code is None and screen.source.text == text and screen.modified
        # escape is "keep editing" too.
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)
        assert app.return_code is None
    assert demo_tree.read_text(encoding="utf-8") == DEMO_TREE


async def test_quit_without_saving_exits_and_leaves_the_file(demo_tree, edit_app):
    app = edit_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        await change_and_wait(pilot)
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.click("#discard")
        await wait_for(pilot, lambda: app.return_code == 0)
    assert demo_tree.read_text(encoding="utf-8") == DEMO_TREE
    assert not demo_tree.with_name("demo.toml.bak").exists()


async def test_save_and_quit_saves_then_exits(demo_tree, edit_app):
    app = edit_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        screen = await change_and_wait(pilot)
        text = screen.source.text
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert app.focused is not None and app.focused.id == "save"  # the first choice; enter takes it
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.return_code == 0)
    assert demo_tree.read_text(encoding="utf-8") == text
    assert demo_tree.with_name("demo.toml.bak").read_text(encoding="utf-8") == DEMO_TREE


# -- a new file ----------------------------------------------------------------------------


async def test_edit_on_a_missing_file_starts_from_the_template(tmp_path, monkeypatch):
    from twitchtree.commands import edit

    path = tmp_path / "night-cramps.toml"
    started: list[EditApp] = []
    monkeypatch.setattr(EditApp, "run", lambda self, *a, **k: started.append(self))
    assert edit.run(Namespace(path=str(path))) == 0
    (app,) = started
    assert app.text == new_tree("night-cramps")
    assert not path.exists()
    load_tree(path, raw=app.text.encode())  # the template is a valid tree
    app.remember = False
    async with app.run_test(size=SIZE) as pilot:
        screen = await editor_ready(pilot)
        assert screen.source.text == app.text
        assert screen.modified  # never saved yet
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: path.exists())
        assert path.read_text(encoding="utf-8") == app.text
        assert not path.with_name("night-cramps.toml.bak").exists()
        assert not screen.modified
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: app.return_code == 0)


async def test_the_editor_shows_quit_tab_and_help_and_f1_opens_help(demo_tree, edit_app):
    from twitchtree.tui.screens.help import HelpScreen

    app = edit_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        screen = await editor_ready(pilot)
        await wait_for(pilot, lambda: "Quit" in screen_text(app).splitlines()[-1])
        shown = screen_text(app).splitlines()[-1]
        assert "^s Save" in shown and "^q Quit" in shown and "tab Next pane" in shown and "f1 Help" in shown
        await pilot.press("question_mark")  # a printable key types, as it must in an editor
        await wait_for(pilot, lambda: "?" in screen.source.text)
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        await wait_for_text(pilot, "Quit; asks first if unsaved", "Move to the preview, then the problems", "Undo")
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)


async def test_the_previews_path_shows_each_answer_and_the_step_it_led_to(tmp_path, edit_app):
    # The preview's path is as tall as its lines (up to a few rows): it grows with each answer,
    # and must scroll to what was just answered only once its new height is known.
    from twitchtree.tui.widgets.path_panel import PathPanel

    steps = 6
    path = tmp_path / "chain.toml"
    path.write_text(chain_tree(steps, why=True), encoding="utf-8")
    app = edit_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await editor_ready(pilot)
        panel = screen.query_one(PathPanel)

        def shown() -> str:
            rows = range(panel.scrollable_content_region.height)
            return " ".join(" ".join(panel.render_line(y).text for y in rows).split())

        await pilot.press("tab")
        assert app.focused is panel
        for n in range(1, steps):
            await pilot.press("1")
            expected = f"→ Yes Why q{n - 1}. {n + 1} Question q{n}?"
            await wait_for(pilot, lambda expected=expected: expected in shown())
            if panel.show_vertical_scrollbar:
                assert panel.vertical_scrollbar.position == panel.scroll_y  # the thumb shows where the path is
