"""A crash in ``edit`` never loses the buffer, and any TUI crash exits non-zero.

The crash is injected deterministically: a method of the editor is replaced by
one that raises. In this process (pilot) the test reads the recovery file and
the one line; in tmux the real console script shows its exit status.
"""

from __future__ import annotations

import os
import re
import sys
import textwrap

import pytest

from builders import make_tree
from support import TMUX, Tmux, wait_for
from twitchtree.tui.author_app import EditApp
from twitchtree.tui.recovery import write_recovery
from twitchtree.tui.screens.editor import EditorScreen
from twitchtree.tui.widgets.problems_panel import ProblemsPanel

TYPED = "# notes the author has not saved yet"


def recovered(folder, name: str) -> list:
    return sorted(p for p in folder.iterdir() if p.name.startswith(f"{name}.recovered-"))


async def test_a_crash_in_the_editor_writes_the_buffer_beside_the_file_and_says_where(
    write_toml, isolated_user_dirs, monkeypatch, capsys
):
    path = write_toml("trees/demo.toml", make_tree(), dedent=False)
    path.chmod(0o640)
    original = path.read_bytes()

    def broken(self) -> None:
        raise RuntimeError("injected fault")

    monkeypatch.setattr(EditorScreen, "action_save", broken)
    app = EditApp(path, path.read_text(encoding="utf-8"), remember=False)
    with pytest.raises(RuntimeError, match="injected fault"):
        async with app.run_test(size=(120, 36)) as pilot:
            await wait_for(pilot, lambda: isinstance(app.screen, EditorScreen))
            app.screen.source.insert(TYPED + "\n", (0, 0))
            await pilot.press("ctrl+s")
            await pilot.pause()
    assert app.return_code == 1
    assert path.read_bytes() == original  # the file itself is untouched
    [rescue] = recovered(path.parent, "demo.toml")
    assert rescue.read_text(encoding="utf-8") == TYPED + "\n" + original.decode()
    assert rescue.stat().st_mode & 0o777 == 0o640
    err = capsys.readouterr().err
    assert "Traceback" not in err
    # One line, which Rich wraps at the terminal's width (80 columns here).
    said = "".join(err.split())
    assert said.startswith("twitchtree:internalerror:RuntimeError:injectedfault.Yourunsavedtextisin")
    assert f"Yourunsavedtextisin{rescue}.".replace(" ", "") in said


async def test_a_crash_with_nothing_unsaved_writes_no_recovery_file(write_toml, isolated_user_dirs, monkeypatch):
    path = write_toml("trees/demo.toml", make_tree(), dedent=False)

    def broken(self) -> None:
        raise RuntimeError("injected fault")

    monkeypatch.setattr(EditorScreen, "action_save", broken)
    app = EditApp(path, path.read_text(encoding="utf-8"), remember=False)
    with pytest.raises(RuntimeError, match="injected fault"):
        async with app.run_test(size=(120, 36)) as pilot:
            await wait_for(pilot, lambda: isinstance(app.screen, EditorScreen))
            await pilot.press("ctrl+s")
            await pilot.pause()
    assert app.return_code == 1
    assert recovered(path.parent, "demo.toml") == []


def test_a_recovery_file_never_replaces_another(tmp_path):
    path = tmp_path / "demo.toml"
    path.write_text("on disk", encoding="utf-8")
    path.chmod(0o600)
    first = write_recovery(path, "first")
    second = write_recovery(path, "second")
    assert first != second
    assert first.read_text() == "first" and second.read_text() == "second"
    assert {first.stat().st_mode & 0o777, second.stat().st_mode & 0o777} == {0o600}


def test_a_recovery_file_goes_to_the_data_folder_when_the_files_folder_refuses_it(
    tmp_path, isolated_user_dirs, monkeypatch
):
    path = tmp_path / "demo.toml"
    real_open = os.open

    def refusing(target, *args, **kwargs):
        if os.path.dirname(os.fspath(target)) == str(tmp_path):
            raise PermissionError(13, "Permission denied")
        return real_open(target, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing)
    rescue = write_recovery(path, "kept")
    assert rescue.parent == isolated_user_dirs.data / "twitchtree" / "recovered"
    assert rescue.read_text() == "kept"


async def test_a_deeply_nested_paste_is_a_problem_not_a_crash(write_toml, isolated_user_dirs):
    path = write_toml("trees/demo.toml", make_tree(), dedent=False)
    app = EditApp(path, path.read_text(encoding="utf-8"), remember=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, EditorScreen))
        app.screen.source.insert("deep = " + "{a = " * 400 + "1" + "}" * 400 + "\n", (0, 0))
        panel = app.screen.query_one(ProblemsPanel)
        await wait_for(pilot, lambda: panel.diagnostics and not panel.checking, timeout=30)
        assert any(d.is_error for d in panel.diagnostics)
        assert app.return_code is None


@pytest.mark.e2e
def test_the_real_editor_exits_non_zero_after_a_crash_and_keeps_the_buffer(tmp_path, isolated_user_dirs):
    if TMUX is None:
        pytest.skip("tmux is not installed (.ci/run installs it)")
    path = tmp_path / "demo.toml"
    path.write_text(make_tree(), encoding="utf-8")
    script = tmp_path / "crashing_edit.py"
    script.write_text(
        textwrap.dedent(
            """\
            import sys

            from twitchtree.cli import main
            from twitchtree.tui.screens.editor import EditorScreen


            def broken(self):
                raise RuntimeError("injected fault")


            if __name__ == "__main__":
                EditorScreen.action_save = broken
                sys.exit(main(["edit", sys.argv[1]]))
            """
        ),
        encoding="utf-8",
    )
    env = {
        "XDG_CONFIG_HOME": isolated_user_dirs.config,
        "XDG_DATA_HOME": isolated_user_dirs.data,
        "XDG_CACHE_HOME": isolated_user_dirs.cache,
        "TERM": "xterm-256color",
    }
    command = [sys.executable, str(script), str(path)]
    with Tmux(command, cwd=tmp_path, size=(120, 36), env=env, then="echo EXITED $?; sleep 60") as pane:
        pane.wait_for_text('id = "demo"')
        pane.keys("Z", "Z")
        pane.wait_for_text("ZZformat")
        pane.keys("C-s")
        screen = pane.wait_for_text("EXITED 1")
    [rescue] = recovered(tmp_path, "demo.toml")
    assert rescue.read_text(encoding="utf-8").startswith("ZZformat")
    assert re.search(r"unsaved text is in", " ".join(screen.split()))
