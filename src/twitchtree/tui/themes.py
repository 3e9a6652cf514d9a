"""Theme files (TOML) validated and turned into Textual themes.

A theme file's keys are those of :class:`textual.theme.Theme`. It is checked
by a pydantic model through the shared validation
(:func:`..model.validation.validate_against`), its colours with Textual's own
colour parser, so its problems read like those of a tree file. Bundled
themes come from the package's ``themes/`` folder, the user's own from
``themes/`` in the config folder. A broken file is reported once,
``PATH:LINE:COL``, and skipped. A checked theme is cached like a checked
tree, so a warm start parses no TOML and imports no pydantic.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.color import Color, ColorParseError
from textual.theme import Theme

from .. import paths
from ..model import cache
from ..model.files import read_bytes

if TYPE_CHECKING:
    from pydantic import BaseModel

_COLOURS = [
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
]
URGENCY_VARIABLES = {
    "urgency-emergency": "#d62839",
    "urgency-emergency-text": "#ffffff",
    "urgency-urgent": "#f77f00",
    "urgency-urgent-text": "#000000",
    "urgency-soon": "#fcbf49",
    "urgency-soon-text": "#000000",
    "urgency-routine": "#3a86ff",
    "urgency-routine-text": "#000000",
    "urgency-self-care": "#2a9d8f",
    "urgency-self-care-text": "#000000",
}
"""CSS variables the screens use, with defaults for themes that do not set them.

``urgency-LEVEL`` is a banner's background and ``urgency-LEVEL-text`` its text; each pair
reads at least 4.5:1 (WCAG AA). A theme that sets a background but not its text gets black
or white, whichever reads better on it. ``pane-border`` (an unfocused panel's border)
defaults to the theme's ``$panel-lighten-2`` (see the app's ``get_css_variables``).
"""
MIN_CONTRAST = 4.5
"""WCAG AA for normal text: every urgency banner reads at least this well."""


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
    from ..model.document import parse_document
    from ..model.validation import validate_against

    document = parse_document(path, raw, str(path))
    data = document.data
    valid = data is not None and validate_against(theme_model(), data, document.reporter, document="the theme file")
    problems = [str(d) for d in document.reporter.diagnostics]
    if not valid or data is None:
        return None, problems
    return {**data, "variables": urgency_variables(data.get("variables", {}))}, problems


def urgency_variables(variables: dict[str, str]) -> dict[str, str]:
    """A theme file's ``variables`` with every urgency colour filled in.

    A banner whose background the theme sets but whose text it does not gets black or
    white text, whichever contrasts more, so no theme can leave a banner unreadable.
    """
    filled = {**URGENCY_VARIABLES, **variables}
    for key in URGENCY_VARIABLES:
        if key.endswith("-text") or key not in variables or f"{key}-text" in variables:
            continue
        filled[f"{key}-text"] = max(("#000000", "#ffffff"), key=lambda text: contrast(variables[key], text))
    return filled


def contrast(first: str, second: str) -> float:
    """The WCAG contrast ratio of two CSS colours, from 1 (the same) to 21 (black on white)."""

    def luminance(value: str) -> float:
        red, green, blue = (c / 255 for c in Color.parse(value).rgb)
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (red, green, blue)]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@functools.cache
def theme_model() -> type[BaseModel]:
    """A theme file's keys: :class:`textual.theme.Theme`'s (pydantic is imported only when a theme is checked)."""
    from typing import Annotated

    from pydantic import AfterValidator, ConfigDict, Field, create_model

    colour: Any = Annotated[str, AfterValidator(_colour)]
    fraction = (float, Field(None, ge=0, le=1))
    fields: dict[str, Any] = {
        "name": (str, Field(min_length=1, description="The theme's name, as the palette and the config file give it.")),
        **{key: (colour, Field(... if key == "primary" else None)) for key in _COLOURS},
        "dark": (bool, Field(None)),
        "luminosity_spread": fraction,
        "text_alpha": fraction,
        "variables": (dict[str, str], Field(default_factory=dict, description="Textual CSS variables.")),
    }
    config = ConfigDict(extra="forbid", strict=True)
    return create_model(
        "ThemeFile", __config__=config, __doc__="A twitchtree theme: a Textual theme's arguments.", **fields
    )


def _colour(value: str) -> str:
    try:
        Color.parse(value)
    except ColorParseError:
        raise ValueError(f"is not a colour: {value!r}") from None
    return value
