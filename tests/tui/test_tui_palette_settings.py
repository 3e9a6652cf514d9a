"""The command palette's commands, and the user's config and theme files (good and broken)."""

from __future__ import annotations

import re

import pytest
from textual.content import Content

from support import SIZE, notifications, run_palette_command, wait_for, write_config
from twitchtree.tui.palette import as_markup
from twitchtree.tui.screens.explorer import ExplorerScreen
from twitchtree.tui.screens.map import MapScreen
from twitchtree.tui.settings import DEFAULT_THEME

POSITION = re.compile(r":(\d+):(\d+): (error|warning): ")


async def test_palette_switches_theme_and_keeps_the_rest_of_the_config(demo_tree, make_app, isolated_user_dirs):
    config = isolated_user_dirs.twitchtree_config / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(
        '# My twitchtree settings\ntheme = "twitchtree-dark"\n\n[keymap]\n# vi-ish\nback = "h"\n',
        encoding="utf-8",
    )
    app = make_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        assert app.theme == "twitchtree-dark"
        await run_palette_command(pilot, "theme: twitchtree-light")
        await wait_for(pilot, lambda: app.theme == "twitchtree-light")
        await wait_for(pilot, lambda: 'theme = "twitchtree-light"' in config.read_text(encoding="utf-8"))
        assert config.read_text(encoding="utf-8") == (
            '# My twitchtree settings\ntheme = "twitchtree-light"\n\n[keymap]\n# vi-ish\nback = "h"\n'
        )
        await pilot.press("1", "h")  # the keymap still applies
        await pilot.pause()
        assert app.screen.walk.node.id == "lasting"


async def test_palette_theme_choice_creates_the_config_file(demo_tree, make_app, isolated_user_dirs):
    config = isolated_user_dirs.twitchtree_config / "config.toml"
    app = make_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        await run_palette_command(pilot, "theme: twitchtree-high-contrast", "contrast")
        await wait_for(pilot, lambda: config.exists())
        assert config.read_text(encoding="utf-8") == 'theme = "twitchtree-high-contrast"\n'
    again = make_app(demo_tree)
    async with again.run_test(size=SIZE):
        assert again.theme == "twitchtree-high-contrast"


async def test_palette_opens_a_bundled_tree(demo_tree, make_app):
    app = make_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        await run_palette_command(pilot, "tree: open muscle-symptoms", "symptoms")
        await wait_for(pilot, lambda: app.screen.walk.tree.id == "muscle-symptoms")
        assert isinstance(app.screen, ExplorerScreen)
        assert len(app.screen_stack) == 1
        await pilot.press("1")
        await pilot.pause()
        assert app.screen.walk.depth == 1
        first = app.screen
        await run_palette_command(pilot, "tree: open muscle-symptoms", "symptoms")  # and again, from the opened one
        await wait_for(pilot, lambda: app.screen is not first and app.screen.walk.depth == 0)
        assert app.screen.walk.tree.id == "muscle-symptoms"
        assert len(app.screen_stack) == 1


async def test_palette_plays_from_a_node(demo_tree, make_app):
    app = make_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        await run_palette_command(pilot, "node: play from weakness", "weak")
        await wait_for(pilot, lambda: app.screen.walk.node.id == "weakness")
        assert [node.id for node in app.screen.walk.path] == ["lasting", "weakness"]
        await run_palette_command(pilot, "node: play from see-doctor", "see-d")
        await wait_for(pilot, lambda: app.screen.walk.node.id == "see-doctor")
        assert [node.id for node in app.screen.walk.path] == ["lasting", "weakness", "see-doctor"]


async def test_palette_exports_the_summary(demo_tree, make_app, tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.chdir(out)
    app = make_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await run_palette_command(pilot, "export: Markdown summary", "markd")
        await wait_for(pilot, lambda: len(list(out.glob("twitchtree-demo-*.md"))) == 1)


# -- broken files are reported once, and the defaults used ----------------------------------


async def test_a_broken_theme_file_is_reported_once_and_skipped(demo_tree, make_app, isolated_user_dirs):
    themes = isolated_user_dirs.twitchtree_config / "themes"
    themes.mkdir(parents=True)
    bad = themes / "bad.toml"
    bad.write_text('name = "bad"\nprimary = "not-a-colour"\n', encoding="utf-8")
    (isolated_user_dirs.twitchtree_config / "config.toml").write_text('theme = "bad"\n', encoding="utf-8")
    app = make_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: notifications(app))
        about_bad = [m for m in notifications(app) if m.startswith(f"{bad}:")]
        assert len(about_bad) == 1
        line, _column, severity = POSITION.match(about_bad[0].removeprefix(str(bad))).groups()
        assert (line, severity) == ("2", "error")
        assert "not-a-colour" in about_bad[0]
        assert app.theme == DEFAULT_THEME
        assert "bad" not in app.available_themes
        await pilot.press("1", "b")
        await pilot.pause()
        assert [m for m in notifications(app) if m.startswith(f"{bad}:")] == about_bad


async def test_without_the_bundled_themes_textual_s_default_theme_is_used(demo_tree, make_app, monkeypatch):
    from twitchtree.tui import app as app_module

    monkeypatch.setattr(app_module, "load_themes", lambda: ([], []))  # the bundled theme files gone
    app = make_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: notifications(app))
        assert app.theme == "textual-dark"
        assert app.theme_variables["primary"] == app.current_theme.primary  # its colours are in force
        assert f"theme '{DEFAULT_THEME}' is not available; using textual-dark" in notifications(app)
        await pilot.press("1")
        await wait_for(pilot, lambda: app.screen.query_one("#path").node is not None)


async def test_a_good_user_theme_is_used(demo_tree, make_app, isolated_user_dirs):
    themes = isolated_user_dirs.twitchtree_config / "themes"
    themes.mkdir(parents=True)
    (themes / "mine.toml").write_text('name = "mine"\nprimary = "#ff00ff"\ndark = true\n', encoding="utf-8")
    (isolated_user_dirs.twitchtree_config / "config.toml").write_text('theme = "mine"\n', encoding="utf-8")
    app = make_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "mine"
        assert not notifications(app)


async def test_a_broken_config_file_is_reported_once_and_defaults_used(demo_tree, make_app, isolated_user_dirs):
    config = write_config(isolated_user_dirs, 'theme = "twitchtree-light"\n[keymap]\nback = "h"\nrestart = = "x"\n')
    app = make_app(demo_tree)
    told: list[str] = []  # every notification, kept after it times out on a slow machine
    notify = app.notify
    app.notify = lambda message, **options: (told.append(str(message)), notify(message, **options))[1]
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: told)
        (message,) = told
        assert message.startswith(f"{config}:4:")
        assert POSITION.match(message.removeprefix(str(config))).group(3) == "error"
        assert app.theme == DEFAULT_THEME
        await pilot.press("1", "h")  # the keymap of a broken file is not used either
        await pilot.pause()
        assert app.screen.walk.node.id == "weakness"
        await pilot.press("b")
        await pilot.pause()
        assert app.screen.walk.node.id == "lasting"
        assert told == [message]


async def test_config_values_of_the_wrong_type_are_reported_and_the_file_not_used(
    demo_tree, make_app, isolated_user_dirs
):
    config = write_config(isolated_user_dirs, 'theme = 3\n\n[keymap]\nback = "h"\n')
    app = make_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: notifications(app))
        assert notifications(app) == [f"{config}:1:1: error: 'theme' must be a string, not an integer (3)"]
        assert app.theme == DEFAULT_THEME
        await pilot.press("1", "h")  # the keymap of a file with errors is not used
        await pilot.pause()
        assert app.screen.walk.node.id == "weakness"


async def test_unknown_config_keys_and_binding_ids_are_warnings_with_a_hint(demo_tree, make_app, isolated_user_dirs):
    config = write_config(isolated_user_dirs, 'theme = "twitchtree-light"\nthem = "x"\n\n[keymap]\nbak = "h"\n')
    app = make_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: len(notifications(app)) == 2)
        shown = notifications(app)
        assert f"{config}:2:1: warning: unknown key 'them' in the config file; did you mean 'theme'?" in shown
        assert "keymap: no key binding has the id 'bak'; did you mean 'back'?" in shown
        assert app.theme == "twitchtree-light"


async def test_an_answer_key_on_a_moving_key_is_refused_and_the_others_apply(demo_tree, make_app, isolated_user_dirs):
    # Answer keys act ahead of the answer list's own keys: on Enter or an arrow they would take it over.
    write_config(isolated_user_dirs, '[keymap]\nanswer-1 = "enter"\nanswer-2 = "s"\n')
    app = make_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: len(notifications(app)) == 1)
        moves = "which moves through the answers and the path"
        assert notifications(app) == [f"keymap: answer-1 cannot be 'enter', {moves}"]
        await pilot.press("down", "enter")  # Enter chooses the highlighted answer, the second
        await wait_for(pilot, lambda: app.screen.walk.node.id == "rest")
        await pilot.press("b")
        await wait_for(pilot, lambda: app.screen.walk.node.id == "lasting")
        await pilot.press("s")  # the remapped second answer key answers
        await wait_for(pilot, lambda: app.screen.walk.node.id == "rest")


async def test_opening_a_tree_over_the_map_closes_the_map_with_the_old_tree(demo_tree, make_app):
    app = make_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        first = app.screen
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, MapScreen))
        the_map = app.screen
        await run_palette_command(pilot, "tree: open muscle-symptoms", "symptoms")
        await wait_for(pilot, lambda: isinstance(app.screen, ExplorerScreen) and app.screen is not first)
        assert app.screen.walk.tree.id == "muscle-symptoms"
        assert app.screen_stack == [app.screen]
        await wait_for(pilot, lambda: not the_map.is_attached and not first.children)
        await pilot.press("1")
        await wait_for(pilot, lambda: app.screen.walk.depth == 1)


@pytest.mark.parametrize(
    "text", ["a [b] c", "C:\\[trees]\\", "[bold]x[/]", "[@click=app.quit]quit[/]", "back\\slash", "$accent", "\\\\["]
)
def test_palette_text_from_files_shows_as_it_is(text):
    assert Content.from_markup(as_markup(text)).plain == text
