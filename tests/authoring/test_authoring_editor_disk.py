"""Pilot tests of ``twitchtree edit`` and the file on disk changing under it (a ``git pull``, another editor).

Saving never silently writes over a version it has not seen: it asks, and
whichever way the author answers, neither version is lost. A file that changes
while the text has no unsaved changes is reloaded; with unsaved changes, the
author is told once. The save's toast counts the errors in what was saved.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from authoring_support import DEMO_TREE, editor_ready, replace_file

from support import SIZE, notifications, region_text, wait_for, wait_for_text
from twitchtree.tui.screens.confirm import ConfirmScreen

if TYPE_CHECKING:
    from pathlib import Path

    from twitchtree.tui.screens.editor import EditorScreen

MINE = "# the author's unsaved note\n"
THEIRS = "# a line from git pull\n"


def recovered(path: Path) -> list[Path]:
    return sorted(p for p in path.parent.iterdir() if p.name.startswith(f"{path.name}.recovered-"))


async def type_note(pilot, screen: EditorScreen) -> None:
    screen.source.insert(MINE, (0, 0))
    await wait_for(pilot, lambda: screen.modified)


def append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)


async def save_over_a_change_on_disk(pilot, path: Path):
    """Type a note in the editor, let someone else change ``path``, press ctrl+s; returns the editor once it asks."""
    app = pilot.app
    screen = await editor_ready(pilot)
    await type_note(pilot, screen)
    append(path, THEIRS)
    await pilot.press("ctrl+s")
    await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
    return screen


async def test_saving_over_a_file_changed_on_disk_asks_and_keep_editing_changes_nothing(demo_tree, edit_app):
    app = edit_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        screen = await save_over_a_change_on_disk(pilot, demo_tree)
        await wait_for_text(pilot, "Keep editing", "Overwrite", "Reload from disk")
        assert region_text(app, "#question") == (
            "demo.toml has changed on disk since you opened or last saved it. "
            "Overwrite: the version on disk is kept as demo.toml.bak. "
            "Reload: your text is kept in a demo.toml.recovered-… file."
        )
        assert app.focused is not None and app.focused.id == "cancel"  # enter is the safe choice
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is screen)
        assert demo_tree.read_text(encoding="utf-8") == DEMO_TREE + THEIRS
        assert screen.source.text == MINE + DEMO_TREE and screen.modified
        assert not demo_tree.with_name("demo.toml.bak").exists()


async def test_overwrite_keeps_the_version_on_disk_as_the_backup(demo_tree, edit_app):
    app = edit_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        screen = await save_over_a_change_on_disk(pilot, demo_tree)
        await pilot.click("#overwrite")
        await wait_for(pilot, lambda: not screen.modified)
        assert demo_tree.read_text(encoding="utf-8") == MINE + DEMO_TREE
        assert demo_tree.with_name("demo.toml.bak").read_text(encoding="utf-8") == DEMO_TREE + THEIRS
        await wait_for(pilot, lambda: any("the previous version is in demo.toml.bak" in n for n in notifications(app)))
        # Saved here: the next save does not ask again.
        screen.source.insert("# more\n", (0, 0))
        await wait_for(pilot, lambda: screen.modified)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not screen.modified)
        assert not isinstance(app.screen, ConfirmScreen)
        assert demo_tree.read_text(encoding="utf-8") == "# more\n" + MINE + DEMO_TREE


async def test_reload_from_disk_keeps_the_unsaved_text_in_a_recovery_file(demo_tree, edit_app):
    demo_tree.chmod(0o640)
    app = edit_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        screen = await save_over_a_change_on_disk(pilot, demo_tree)
        await pilot.click("#reload")
        await wait_for(pilot, lambda: screen.source.text == DEMO_TREE + THEIRS)
        assert not screen.modified
        assert demo_tree.read_text(encoding="utf-8") == DEMO_TREE + THEIRS
        [rescue] = recovered(demo_tree)
        assert rescue.read_text(encoding="utf-8") == MINE + DEMO_TREE
        assert rescue.stat().st_mode & 0o777 == 0o640
        await wait_for(pilot, lambda: any(f"your text is in {rescue}" in n for n in notifications(app)))
        # The reload is an edit like any other: ctrl+z brings the author's text back.
        screen.source.focus()
        await pilot.press("ctrl+z")
        await wait_for(pilot, lambda: screen.source.text == MINE + DEMO_TREE)
        assert screen.modified


async def test_a_file_changed_on_disk_is_reloaded_when_nothing_is_unsaved(demo_tree, edit_app):
    app = edit_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        screen = await editor_ready(pilot)
        changed = DEMO_TREE.replace("Demo twitching", "Demo twitching, pulled")
        replace_file(demo_tree, changed)  # as git does: a new file renamed over the old one
        await wait_for(pilot, lambda: screen.source.text == changed)
        assert not screen.modified and "modified" not in screen.source.border_title
        await wait_for_text(pilot, "Demo twitching, pulled")  # the preview follows
        assert not any("changed on disk" in n for n in notifications(app))
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "No changes to save." in notifications(app))
        assert not isinstance(app.screen, ConfirmScreen)


async def test_a_change_on_disk_under_unsaved_text_is_told_once_and_the_text_stays(demo_tree, edit_app):
    app = edit_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        screen = await editor_ready(pilot)
        await type_note(pilot, screen)
        append(demo_tree, THEIRS)
        told = "demo.toml has changed on disk. Your text is not saved; ctrl+s asks before overwriting the file."
        await wait_for(pilot, lambda: told in notifications(app))
        assert next(n for n in app._notifications if n.message == told).severity == "warning"
        assert screen.source.text == MINE + DEMO_TREE and screen.modified
        # Said once per version on disk, not on every look.
        screen.look_at_disk()
        await pilot.pause()
        screen.look_at_disk()
        await pilot.pause()
        assert notifications(app).count(told) == 1


async def test_a_deleted_file_makes_the_text_unsaved_and_its_return_is_reloaded(demo_tree, edit_app):
    app = edit_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        screen = await editor_ready(pilot)
        os.unlink(demo_tree)
        await wait_for(pilot, lambda: screen.modified)
        await wait_for(pilot, lambda: any("demo.toml was deleted or moved on disk" in n for n in notifications(app)))
        assert app.unsaved_work() == (demo_tree, DEMO_TREE)  # a crash or a signal now would keep it
        # A checkout puts it back, changed: the untouched text follows it.
        changed = DEMO_TREE.replace("Demo twitching", "Demo twitching, checked out")
        replace_file(demo_tree, changed)
        await wait_for(pilot, lambda: screen.source.text == changed)
        await wait_for(pilot, lambda: not screen.modified)


async def test_the_save_toast_counts_the_errors_in_what_was_saved(demo_tree, edit_app):
    app = edit_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        screen = await editor_ready(pilot)
        broken = DEMO_TREE.replace('next = "spreading"', 'next = "nowhere"', 1)
        assert broken != DEMO_TREE
        screen.source.replace(broken, (0, 0), screen.source.document.end)
        await pilot.press("ctrl+s")  # at once: the check of this text has not started yet
        said = f"Saved {demo_tree} (1 error); the previous version is in demo.toml.bak"
        await wait_for(pilot, lambda: said in notifications(app))
        toast = next(n for n in app._notifications if n.message == said)
        assert toast.severity == "warning" and toast.title == "Saved with errors"
        assert demo_tree.read_text(encoding="utf-8") == broken
        # Fixed and saved: a plain "Saved".
        app.clear_notifications()
        screen.source.replace(DEMO_TREE, (0, 0), screen.source.document.end)
        await pilot.press("ctrl+s")
        plain = f"Saved {demo_tree}; the previous version is in demo.toml.bak"
        await wait_for(pilot, lambda: plain in notifications(app))
        assert next(n for n in app._notifications if n.message == plain).severity == "information"


async def test_save_and_quit_asks_first_when_the_file_changed_on_disk(demo_tree, edit_app):
    app = edit_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        screen = await editor_ready(pilot)
        await type_note(pilot, screen)
        append(demo_tree, THEIRS)
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("enter")  # "Save and quit"
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen) and app.screen.query("#overwrite"))
        assert app.return_code is None
        await pilot.click("#overwrite")
        await wait_for(pilot, lambda: app.return_code == 0)
    assert demo_tree.read_text(encoding="utf-8") == MINE + DEMO_TREE
    assert demo_tree.with_name("demo.toml.bak").read_text(encoding="utf-8") == DEMO_TREE + THEIRS
