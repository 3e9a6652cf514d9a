"""Theme files are checked once and then read from the cache, like trees; a changed file is checked again."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from twitchtree.model import document
from twitchtree.tui import themes

if TYPE_CHECKING:
    from pathlib import Path

GOOD = 'name = "mine"\nprimary = "#5aa9e6"\ndark = true\n'
BROKEN = 'name = "mine"\nprimry = "#5aa9e6"\n'


def never_parse(*args: object) -> None:
    raise AssertionError("the theme file was parsed again")


def test_a_theme_is_checked_once_then_read_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "mine.toml"
    path.write_text(GOOD, encoding="utf-8")
    first, problems = themes.load_theme(path)
    assert first is not None and problems == []
    monkeypatch.setattr(document, "parse_document", never_parse)
    again, problems = themes.load_theme(path)
    assert again == first
    assert problems == []


def test_a_changed_theme_file_is_checked_again(tmp_path: Path):
    path = tmp_path / "mine.toml"
    path.write_text(GOOD, encoding="utf-8")
    assert themes.load_theme(path)[0].primary == "#5aa9e6"  # type: ignore[union-attr]
    path.write_text(GOOD.replace("#5aa9e6", "#ff8800"), encoding="utf-8")
    assert themes.load_theme(path)[0].primary == "#ff8800"  # type: ignore[union-attr]


def test_a_broken_theme_reports_the_same_problems_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "mine.toml"
    path.write_text(BROKEN, encoding="utf-8")
    theme, problems = themes.load_theme(path)
    assert theme is None
    assert f"{path}:2:1: error: unknown key 'primry' in the theme file; did you mean 'primary'?" in problems
    monkeypatch.setattr(document, "parse_document", never_parse)
    assert themes.load_theme(path) == (None, problems)


def test_a_damaged_cache_entry_only_means_the_file_is_checked_again(tmp_path: Path, isolated_user_dirs):
    path = tmp_path / "mine.toml"
    path.write_text(GOOD, encoding="utf-8")
    first, _ = themes.load_theme(path)
    entries = list((isolated_user_dirs.cache / "twitchtree" / "themes").glob("*.bin"))
    assert len(entries) == 1
    entries[0].write_bytes(b"\x00 not marshal")
    assert themes.load_theme(path) == (first, [])
