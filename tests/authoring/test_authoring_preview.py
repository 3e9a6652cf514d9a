"""Pilot tests of ``twitchtree preview``: reloads on file changes, keeps its place, shows problems, recovers."""

from __future__ import annotations

import time

from authoring_support import (
    DEMO_TREE,
    LIBRARY,
    edit_file,
    line_col,
    path_ids,
    preview_ready,
    replace_file,
    wait_watching,
)

from builders import balanced_tree
from support import (
    SIZE,
    region_text,
    run_palette_command,
    screen_text,
    wait_for,
    wait_for_no_text,
    wait_for_text,
    walk_ready,
)
from twitchtree.tui.screens.preview import PreviewScreen
from twitchtree.tui.widgets.author_status import AuthorStatus
from twitchtree.tui.widgets.problems_panel import ProblemsPanel
from twitchtree.tui.widgets.walk_view import WalkView


def problems(app) -> ProblemsPanel:
    return app.screen.query_one(ProblemsPanel)


def problem_lines(app) -> list[str]:
    panel = problems(app)
    return [str(panel.get_option_at_index(n).prompt) for n in range(panel.option_count)] if panel.display else []


async def walk_to_cramps(pilot) -> None:
    """Answer Yes, No, No: three steps, at the question about cramps."""
    for key in "122":
        await pilot.press(key)
    await wait_for(pilot, lambda: path_ids(pilot.app) == ["lasting", "weakness", "spreading", "cramps"])


def cut(text: str, start: str, end: str) -> str:
    """``text`` without the part from ``start`` up to ``end``."""
    return text[: text.index(start)] + text[text.index(end) :]


# -- reloading ---------------------------------------------------------------------


async def test_a_saved_change_reaches_the_screen(demo_tree, preview_app, isolated_user_dirs):
    cached = isolated_user_dirs.cache / "twitchtree" / "trees"
    app = preview_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        await preview_ready(pilot)
        await wait_for_text(pilot, "Has the twitching lasted more than two weeks?")
        # The first load is cached (by the checking process, once the tree is on its way to the screen).
        await wait_for(pilot, lambda: cached.is_dir() and any(cached.iterdir()))
        entries = sorted(cached.iterdir())
        replace_file(demo_tree, DEMO_TREE.replace("lasted more than two weeks", "lasted longer than a month"))
        await wait_for_text(pilot, "Has the twitching lasted longer than a month?")
        assert not problems(app).display
        edit_file(demo_tree, "lasted longer than a month", "gone on for ages")  # written in place this time
        await wait_for_text(pilot, "Has the twitching gone on for ages?")
        assert sorted(cached.iterdir()) == entries  # reloads are not: each would cost a synced write


async def test_a_first_load_that_misses_the_cache_is_checked_in_another_process(
    demo_tree, preview_app, isolated_user_dirs, monkeypatch
):
    """A preview's memory must not depend on the cache: a parse in its own process would leave it fragmented."""
    import twitchtree.model.document

    parse = twitchtree.model.document.parse_document

    def parsed_here(path: object, *args: object, **kwargs: object) -> object:
        assert path != demo_tree, "the preview parsed the tree in its own process"
        return parse(path, *args, **kwargs)  # (a theme)

    monkeypatch.setattr(twitchtree.model.document, "parse_document", parsed_here)
    cached = isolated_user_dirs.cache / "twitchtree" / "trees"
    app = preview_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        await preview_ready(pilot)
        await wait_for_text(pilot, "Has the twitching lasted more than two weeks?")
        assert not problems(app).display
        await wait_for(pilot, lambda: cached.is_dir() and any(cached.iterdir()))  # the next start is a hit
    app = preview_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        await preview_ready(pilot)
        await wait_for_text(pilot, "Has the twitching lasted more than two weeks?")


async def test_a_change_further_on_keeps_the_path(demo_tree, preview_app):
    app = preview_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        await preview_ready(pilot)
        await walk_to_cramps(pilot)
        edit_file(demo_tree, 'title = "Stretch and mention it at your next visit"', 'title = "Stretch your calves"')
        await wait_for(
            pilot, lambda: app.screen.query_one(WalkView).walk.tree.node("stretch").title == "Stretch your calves"
        )
        assert path_ids(app) == ["lasting", "weakness", "spreading", "cramps"]
        text = screen_text(app)
        assert "Do you also get cramps at night?" in text and "Path · 3 answered" in text
        await pilot.press("1")
        await wait_for_text(pilot, "Stretch your calves")


async def test_a_change_to_the_current_step_keeps_the_path(demo_tree, preview_app):
    app = preview_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        await preview_ready(pilot)
        await walk_to_cramps(pilot)
        replace_file(demo_tree, DEMO_TREE.replace("Do you also get cramps at night?", "Any cramps at night?"))
        await wait_for_text(pilot, "Any cramps at night?")
        assert path_ids(app) == ["lasting", "weakness", "spreading", "cramps"]


async def test_a_renamed_current_node_keeps_the_place(demo_tree, preview_app):
    app = preview_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        await preview_ready(pilot)
        await walk_to_cramps(pilot)
        renamed = DEMO_TREE.replace("nodes.cramps", "nodes.night-cramps").replace(
            'next = "cramps"', 'next = "night-cramps"'
        )
        replace_file(demo_tree, renamed)
        await wait_for(pilot, lambda: path_ids(app)[-1:] == ["night-cramps"])
        assert path_ids(app) == ["lasting", "weakness", "spreading", "night-cramps"]
        await wait_for_text(pilot, "Do you also get cramps at night?", "Path · 3 answered")


async def test_a_removed_step_goes_to_the_nearest_valid_one(demo_tree, preview_app):
    app = preview_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        await preview_ready(pilot)
        await walk_to_cramps(pilot)
        # "spreading" goes: weakness's "No" now leads straight to cramps.
        without = cut(DEMO_TREE, "[nodes.spreading]", "[nodes.cramps]")
        replace_file(demo_tree, without.replace('next = "spreading"', 'next = "cramps"'))
        await wait_for(pilot, lambda: path_ids(app) == ["lasting", "weakness", "cramps"])
        await wait_for_text(pilot, "Path · 2 answered", "Do you also get cramps at night?")
        assert not problems(app).display


async def test_a_removed_current_node_goes_back_to_the_last_valid_step(demo_tree, preview_app):
    app = preview_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        await preview_ready(pilot)
        await walk_to_cramps(pilot)
        # "cramps" goes (with "stretch", only reached from it), and so does the answer that led to it.
        without = cut(cut(DEMO_TREE, "[nodes.cramps]", "[nodes.see-doctor]"), "[nodes.stretch]", "[nodes.rest]")
        without = without.replace('label = "No"\n  next = "cramps"', 'label = "Not really"\n  next = "rest"')
        replace_file(demo_tree, without)
        await wait_for(pilot, lambda: path_ids(app) == ["lasting", "weakness", "spreading"])
        await wait_for_text(pilot, "Is it spreading to other muscles?", "Not really", "Path · 2 answered")
        assert not problems(app).display


async def test_a_library_change_reloads(demo_tree, library, preview_app):
    app = preview_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        await preview_ready(pilot)
        await wait_for_text(pilot, "Benign fasciculation syndrome")
        edit_file(library, 'name = "Benign fasciculation syndrome"', 'name = "Harmless twitching (BFS)"')
        await wait_for_text(pilot, "Harmless twitching (BFS)")


async def test_creating_a_missing_library_reloads(demo_tree, library, preview_app):
    app = preview_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        await preview_ready(pilot)
        replace_file(demo_tree, DEMO_TREE.replace("lib/conditions.toml", "lib/more.toml"))
        await wait_for(pilot, lambda: problems(app).display)
        assert "library 'lib/more.toml' does not exist" in problem_lines(app)[0]
        replace_file(
            library.with_name("more.toml"), LIBRARY.replace("Benign fasciculation syndrome", "Harmless twitching")
        )
        await wait_for(pilot, lambda: not problems(app).display)
        await wait_for_text(pilot, "Harmless twitching")


# -- problems and recovery -----------------------------------------------------------


async def test_a_broken_save_lists_its_problems_over_the_last_good_tree(demo_tree, preview_app):
    app = preview_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        await preview_ready(pilot)
        await pilot.press("1")
        await wait_for(pilot, lambda: path_ids(app) == ["lasting", "weakness"])
        broken = DEMO_TREE.replace('next = "spreading"', 'next = "spreding"')
        line, col = line_col(broken, 'next = "spreding"')
        replace_file(demo_tree, broken)
        await wait_for(pilot, lambda: problems(app).display)
        lines = problem_lines(app)
        assert lines[0].startswith(f"{demo_tree}:{line}:{col}: error:") and "spreding" in lines[0], lines
        assert all(": warning: " in rest for rest in lines[1:]), lines  # errors first, then "cannot be reached"
        status = app.screen.query_one(AuthorStatus)
        assert status.stale and "1 error" in status.note
        await wait_for_text(pilot, "Problems · 1 error, 3 warnings")
        # The last good tree is still there and still answers.
        assert "Is there weakness in the same muscles?" in screen_text(app)
        await pilot.press("2")
        await wait_for(pilot, lambda: path_ids(app) == ["lasting", "weakness", "spreading"])
        # Fixing the file clears the panel and keeps the place; if the panel had the focus, the walk gets it.
        problems(app).focus()
        replace_file(demo_tree, DEMO_TREE)
        await wait_for(pilot, lambda: not problems(app).display)
        assert not status.stale and status.note.startswith("loaded")
        assert path_ids(app) == ["lasting", "weakness", "spreading"]
        await wait_for_no_text(pilot, "Problems")
        await wait_for(pilot, lambda: app.focused is not None and app.focused.id == "answers")
        await pilot.press("1")
        await wait_for(pilot, lambda: path_ids(app) == ["lasting", "weakness", "spreading", "see-doctor"])


async def test_a_toml_syntax_error_names_its_line_and_column(demo_tree, preview_app):
    app = preview_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        await preview_ready(pilot)
        broken = DEMO_TREE.replace('text = "Is it spreading to other muscles?"', 'text = "Is it spreading')
        line, _ = line_col(broken, 'text = "Is it spreading')
        edit_file(demo_tree, 'text = "Is it spreading to other muscles?"', 'text = "Is it spreading')
        await wait_for(pilot, lambda: problems(app).display)
        lines = problem_lines(app)
        assert lines and lines[0].startswith(f"{demo_tree}:{line}:"), lines
        assert "TOML" in lines[0]
        await pilot.press("2")  # still walks the last good tree
        await wait_for_text(pilot, "Rest, sleep and less caffeine")
        replace_file(demo_tree, DEMO_TREE)
        await wait_for(pilot, lambda: not problems(app).display)
        assert path_ids(app) == ["lasting", "rest"]
        await wait_for_no_text(pilot, "Problems")


async def test_a_deleted_file_is_a_problem_until_it_is_back(demo_tree, preview_app):
    app = preview_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        await preview_ready(pilot)
        await pilot.press("1")
        await wait_for(pilot, lambda: path_ids(app) == ["lasting", "weakness"])
        demo_tree.unlink()
        await wait_for(pilot, lambda: problems(app).display)
        lines = problem_lines(app)
        assert lines and lines[0].startswith(f"{demo_tree}:1:1: error: cannot read this file"), lines
        assert "Is there weakness in the same muscles?" in screen_text(app)
        replace_file(demo_tree, DEMO_TREE.replace("Is there weakness", "Is there any weakness"))
        await wait_for_text(pilot, "Is there any weakness in the same muscles?")
        assert not problems(app).display
        assert path_ids(app) == ["lasting", "weakness"]


async def test_a_first_load_that_fails_shows_problems_then_the_walk_once_fixed(demo_tree, preview_app):
    broken = DEMO_TREE.replace('start = "lasting"', 'start = "lastin"')
    line, col = line_col(broken, 'start = "lastin"')
    demo_tree.write_text(broken, encoding="utf-8")
    app = preview_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PreviewScreen) and problems(app).display)
        await wait_watching(pilot)
        assert app.screen.walk_view is None
        lines = problem_lines(app)
        assert lines[0].startswith(f"{demo_tree}:{line}:{col}: error:"), lines
        await wait_for_text(pilot, "No version of this tree has loaded yet")
        assert "nothing to show yet" in app.screen.query_one(AuthorStatus).note
        for key in ("m", "c", "n", "1"):  # nothing to walk, map or cover yet
            await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, PreviewScreen)
        replace_file(demo_tree, DEMO_TREE)
        await wait_for(pilot, lambda: walk_ready(app))
        await wait_for_text(pilot, "Has the twitching lasted more than two weeks?")
        assert not problems(app).display
        await pilot.press("1")
        await wait_for(pilot, lambda: path_ids(app) == ["lasting", "weakness"])


async def test_until_the_first_check_answers_the_preview_says_it_is_checking(demo_tree, preview_app, monkeypatch):
    """Not "fix the problems listed below" while there are none yet: the first check can take seconds."""
    from textual.widgets import Static

    from twitchtree.tui import background_check
    from twitchtree.tui.screens import preview

    shown_meanwhile: list[str] = []
    check = background_check.BackgroundCheck.check

    async def check_seen_from_the_screen(self, *args, **kwargs):
        shown_meanwhile.append(str(app.screen.query_one("#waiting", Static).render()))
        return await check(self, *args, **kwargs)

    monkeypatch.setattr(preview, "_cached_tree", lambda path: None)  # a first load that misses the cache
    monkeypatch.setattr(background_check.BackgroundCheck, "check", check_seen_from_the_screen)
    demo_tree.write_text(DEMO_TREE.replace('start = "lasting"', 'start = "lastin"'), encoding="utf-8")
    app = preview_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_text(pilot, "No version of this tree has loaded yet: fix the problems listed below.")
        assert shown_meanwhile == ["Checking the tree…"]


# -- a big tree --------------------------------------------------------------------------


async def test_a_reload_of_a_1000_node_tree_reaches_the_screen(tmp_path, preview_app, record_property):
    """Measures the time from the file changing to the new text on screen.

    Reported, not asserted: the 200 ms target is measured by a separate benchmark.
    """
    path = tmp_path / "big.toml"
    path.write_text(balanced_tree(1001, "big"), encoding="utf-8")
    app = preview_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await preview_ready(pilot)
        status = app.screen.query_one(AuthorStatus)
        assert status.good_tree is not None and len(status.good_tree.node_ids) == 1001
        timings = []
        for n in range(3):
            wanted = f"Changed question {n}?"
            began = time.perf_counter()
            replace_file(path, balanced_tree(1001, "big", first_text=wanted))
            await wait_for_text(pilot, wanted, timeout=20)
            timings.append(time.perf_counter() - began)
        record_property("reload_seconds_1000_nodes", [round(t, 3) for t in timings])
        print(f"reload of a 1,001-node tree to the screen: {', '.join(f'{t * 1000:.0f} ms' for t in timings)}")


async def test_the_status_line_counts_one_way_and_ends_in_an_ellipsis_when_cut(tmp_path, preview_app):
    path = tmp_path / "big.toml"
    path.write_text(balanced_tree(2001, "big"), encoding="utf-8")
    app = preview_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await preview_ready(pilot)
        counts = "1,000 questions · 1,001 outcomes · 0 unreachable · 1,001 "
        await wait_for(pilot, lambda: counts in region_text(app, "AuthorStatus"))
        shown = region_text(app, "AuthorStatus")
        assert shown.startswith("loaded ") and shown.endswith("…") and "warnings" not in shown, shown
        await pilot.resize_terminal(160, 24)  # wide enough: the whole line, no ellipsis
        await wait_for(
            pilot, lambda: region_text(app, "AuthorStatus").endswith("1,001 paths to an outcome · 0 warnings")
        )


async def test_opening_another_tree_stops_watching_the_first(demo_tree, preview_app):
    app = preview_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        first = await preview_ready(pilot)
        watchers = [w for w in app.workers if w.node is first and w.group == "watch"]
        assert [w.is_running for w in watchers] == [True]
        await run_palette_command(pilot, "tree: open muscle-symptoms", "symptoms")
        await wait_for(pilot, lambda: app.screen is not first and walk_ready(app))
        assert app.screen.walk_view.walk.tree.id == "muscle-symptoms"
        await wait_for(pilot, lambda: not watchers[0].is_running)
        assert not first.children  # the first preview is emptied, not left running behind the new one
        assert len(app.screen_stack) == 1
