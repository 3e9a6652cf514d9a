"""Theme files (TOML) validated and turned into Textual themes.

A theme file's keys are those of :class:`textual.theme.Theme`; colours are
checked with Textual's own colour parser. Bundled themes come from the
package's ``themes/`` folder, the user's own from ``themes/`` in the config
folder. A broken file is reported once, ``PATH:LINE:COL``, and skipped.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from textual.color import Color, ColorParseError
from textual.theme import Theme

from .. import paths
from ..model import cache
from ..model.diagnostics import Reporter
from ..model.document import parse_document, read_bytes

_FIELDS = {f.name: f for f in dataclasses.fields(Theme)}
_COLOURS = {
    "primary",
    "secondary",
    "warning",
    "error",
    "success",
    "accent",
    "foreground",
    "background",
    "surface",
    "panel",
    "boost",
}
_FRACTIONS = {"luminosity_spread", "text_alpha"}
_FLAGS = {"dark"}
_KNOWN = {"name", "variables", *_COLOURS, *_FRACTIONS, *_FLAGS}
URGENCY_VARIABLES = {
    "urgency-emergency": "#d62839",
    "urgency-urgent": "#f77f00",
    "urgency-soon": "#fcbf49",
    "urgency-routine": "#3a86ff",
    "urgency-self-care": "#2a9d8f",
}
"""CSS variables the screens use, with defaults for themes that do not set them."""


def theme_folders() -> list[Path]:
    return [paths.bundled("themes"), paths.config_dir() / "themes"]


def load_themes(folders: list[Path] | None = None) -> tuple[list[Theme], list[str]]:
    """Every valid theme in ``folders``, and one line per problem found."""
    themes: list[Theme] = []
    problems: list[str] = []
    for folder in folders if folders is not None else theme_folders():
        for path in sorted(folder.glob("*.toml")) if folder.is_dir() else ():
            theme, found = load_theme(path)
            problems.extend(found)
            if theme is not None:
                themes.append(theme)
    return themes, problems


def load_theme(path: Path) -> tuple[Theme | None, list[str]]:
    """The theme in ``path`` (None if it has errors), and one line per problem.

    A checked theme is cached like a checked tree, so a warm start parses no TOML.
    """
    try:
        raw = read_bytes(path)
    except OSError as exc:
        return None, [f"{path}:1:1: error: cannot read the theme: {exc.strerror or exc}"]
    entry_key = cache.key(raw, f"theme\0{path.resolve()}")
    entry = cache.load(entry_key, "themes")
    if entry is not None and isinstance(entry.get("problems"), list):
        try:
            values = entry["values"]
            return (Theme(**values) if values is not None else None), list(entry["problems"])
        except (KeyError, TypeError):
            pass  # a damaged cache entry: check the file again
    values, problems = _check(path, raw)
    cache.store(entry_key, {"values": values, "problems": problems}, "themes")
    return (Theme(**values) if values is not None else None), problems


def _check(path: Path, raw: bytes) -> tuple[dict[str, Any] | None, list[str]]:
    document = parse_document(path, raw, str(path))
    reporter = document.reporter
    values = _values(document.data, reporter) if document.data is not None else None
    problems = [str(d) for d in reporter.diagnostics]
    return (None if reporter.has_errors else values), problems


def _values(data: dict[str, Any], reporter: Reporter) -> dict[str, Any] | None:
    """The arguments of a Textual Theme from a theme file's ``data``, or None after reporting its errors."""
    import difflib

    for key in data:
        if key not in _KNOWN:
            close = difflib.get_close_matches(key, sorted(_KNOWN), n=1)
            reporter.error((key,), f"unknown theme key '{key}'" + (f"; did you mean '{close[0]}'?" if close else ""))
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        reporter.error(("name",) if "name" in data else (), "a theme needs a 'name' (a string)")
    if "primary" not in data:
        reporter.error((), "a theme needs a 'primary' colour")
    for key in _COLOURS & data.keys():
        _colour(data[key], (key,), reporter)
    for key in _FLAGS & data.keys():
        if not isinstance(data[key], bool):
            reporter.error((key,), f"'{key}' must be true or false")
    for key in _FRACTIONS & data.keys():
        value = data[key]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
            reporter.error((key,), f"'{key}' must be a number from 0 to 1")
    variables = data.get("variables", {})
    if not isinstance(variables, dict) or not all(isinstance(v, str) for v in variables.values()):
        reporter.error(("variables",), "'variables' must be a table of names to strings")
    if reporter.has_errors:
        return None
    values = {k: v for k, v in data.items() if k in _FIELDS}
    values["variables"] = {**URGENCY_VARIABLES, **variables}
    return values


def _colour(value: Any, key: tuple[str, ...], reporter: Reporter) -> None:
    if not isinstance(value, str):
        reporter.error(key, f"'{key[0]}' must be a colour such as \"#5aa9e6\"")
        return
    try:
        Color.parse(value)
    except ColorParseError:
        reporter.error(key, f"'{key[0]}' is not a colour: {value!r}")
