"""Every urgency banner reads at least 4.5:1 (WCAG AA) in every bundled theme, in the theme's own colours."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from textual.color import Color

from support import SIZE, wait_for
from twitchtree import paths
from twitchtree.model.spec import URGENCY_ORDER
from twitchtree.tui import themes
from twitchtree.tui.settings import Settings

if TYPE_CHECKING:
    from pathlib import Path

BUNDLED = sorted(paths.bundled("themes").glob("*.toml"))


def test_the_contrast_ratio_is_wcags():
    assert themes.contrast("#000000", "#ffffff") == pytest.approx(21)
    assert themes.contrast("#ffffff", "#000000") == pytest.approx(21)
    assert themes.contrast("#777777", "#777777") == pytest.approx(1)
    assert themes.contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # the classic "grey that fails AA"


def test_every_theme_is_checked():
    assert {p.stem for p in BUNDLED} >= {"twitchtree-dark", "twitchtree-light", "twitchtree-high-contrast"}


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
@pytest.mark.parametrize("level", URGENCY_ORDER)
def test_every_urgency_banner_in_every_bundled_theme_reads_at_least_4_5_to_1(path: Path, level: str):
    theme, problems = themes.load_theme(path)
    assert theme is not None and problems == []
    background, text = theme.variables[f"urgency-{level}"], theme.variables[f"urgency-{level}-text"]
    ratio = themes.contrast(background, text)
    assert ratio >= themes.MIN_CONTRAST, f"{path.name}: {level} banner, {text} on {background}: {ratio:.2f}:1"


@pytest.mark.parametrize("level", URGENCY_ORDER)
def test_the_default_banners_for_other_themes_read_at_least_4_5_to_1(level: str):
    defaults = themes.URGENCY_VARIABLES
    assert themes.contrast(defaults[f"urgency-{level}"], defaults[f"urgency-{level}-text"]) >= themes.MIN_CONTRAST


def test_a_theme_that_sets_a_banner_colour_but_not_its_text_gets_the_more_readable_of_black_and_white(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(
        'name = "mine"\nprimary = "#5aa9e6"\n[variables]\n'
        'urgency-routine = "#00ffff"\nurgency-emergency = "#400000"\n'
        'urgency-soon = "#ffff00"\nurgency-soon-text = "#333333"\n',
        encoding="utf-8",
    )
    theme, problems = themes.load_theme(path)
    assert theme is not None and problems == []
    assert theme.variables["urgency-routine-text"] == "#000000"
    assert theme.variables["urgency-emergency-text"] == "#ffffff"
    assert theme.variables["urgency-soon-text"] == "#333333"  # the theme's own choice is kept


async def test_the_high_contrast_banner_and_borders_use_the_themes_colours(demo_tree, make_app):
    app = make_app(demo_tree, Settings(theme="twitchtree-high-contrast"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")  # the self-care outcome
        await wait_for(pilot, lambda: app.screen.query_one("#urgency").has_class("-self-care"))
        banner = app.screen.query_one("#urgency")
        assert banner.styles.background == Color.parse("#00ff66")
        assert banner.styles.color == Color.parse("#000000")
        path = app.screen.query_one("#path")
        assert not path.has_focus_within
        assert path.styles.border_top[1] == Color.parse("#8c8c8c")  # an unfocused panel's border is visible on black


async def test_the_panel_with_the_focus_in_it_has_the_primary_border_and_it_follows_the_focus(demo_tree, make_app):
    app = make_app(demo_tree, Settings(theme="twitchtree-high-contrast"))
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        path, card = screen.query_one("#path"), screen.query_one("#question")
        primary = Color.parse(app.get_css_variables()["primary"])
        await wait_for(pilot, lambda: card.has_focus_within)  # the answers, inside the question card
        assert card.styles.border_top[1] == primary
        assert path.styles.border_top[1] != primary
        screen.set_focus(path)
        assert path.styles.border_top[1] == primary  # at once, as the focus moves: no frame in between
        assert card.styles.border_top[1] != primary
        screen.set_focus(None)
        assert path.styles.border_top[1] != primary and card.styles.border_top[1] != primary
