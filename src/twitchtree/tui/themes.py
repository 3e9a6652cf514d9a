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
from ..model.document import parse_document, read_bytes

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
    from ..model.validation import validate_against

    document = parse_document(path, raw, str(path))
    data = document.data
    valid = data is not None and validate_against(theme_model(), data, document.reporter, document="the theme file")
    problems = [str(d) for d in document.reporter.diagnostics]
    if not valid or data is None:
        return None, problems
    return {**data, "variables": {**URGENCY_VARIABLES, **data.get("variables", {})}}, problems


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
