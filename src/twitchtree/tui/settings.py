"""The user's config file and the app's own state, read without importing Textual.

``config.toml`` in the platformdirs config folder holds the theme choice
and a ``[keymap]`` table of binding ids to keys. It is checked by a pydantic
model through the shared validation (:func:`..model.validation.validate_against`),
so its problems read like those of a tree file, each once, in the
``PATH:LINE:COL`` form; a file with errors is not used (the defaults are),
and an unknown key is only a warning. A checked file is cached like a tree,
so a start with a config file imports neither the TOML parser nor pydantic.
The app changes only the ``theme`` line when the user picks a theme, so the
user's comments and keymap are kept. ``state.toml`` in the data folder lists
the recently opened trees.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import paths
from ..model import cache
from ..model.files import read_bytes

if TYPE_CHECKING:
    from pydantic import BaseModel

DEFAULT_THEME = "twitchtree-dark"
MAX_RECENT = 10
_THEME_LINE = r"^theme\s*=.*$"
"""The config file's theme line: compiled (and kept in ``re``'s cache) when a theme is first saved, not at start-up."""


@dataclass
class Settings:
    theme: str = DEFAULT_THEME
    keymap: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    """One line per problem found in the config file, PATH:LINE:COL: severity: message."""


def load_settings(path: Path | None = None) -> Settings:
    path = path or paths.config_file()
    if not path.exists():
        return Settings()
    try:
        raw = read_bytes(path)
    except OSError as exc:
        return Settings(problems=[f"{path}:1:1: error: cannot read the config file: {exc.strerror or exc}"])
    entry_key = cache.key(raw, f"config\0{path.resolve()}")
    entry = cache.load(entry_key, "settings")
    if entry is not None:
        try:
            return Settings(str(entry["theme"]), dict(entry["keymap"]), list(entry["problems"]))
        except (KeyError, TypeError, ValueError):
            pass  # a damaged cache entry: check the file again
    settings = _check(path, raw)
    cache.store(
        entry_key, {"theme": settings.theme, "keymap": settings.keymap, "problems": settings.problems}, "settings"
    )
    return settings


def _check(path: Path, raw: bytes) -> Settings:
    from ..model.document import parse_document
    from ..model.validation import validate_against

    document = parse_document(path, raw, str(path))
    settings = Settings()
    data = document.data
    if data is not None and validate_against(
        config_model(), data, document.reporter, document="the config file", unknown="warning"
    ):
        settings.theme = data.get("theme", DEFAULT_THEME)
        settings.keymap = dict(data.get("keymap", {}))
    settings.problems = [str(d) for d in document.reporter.diagnostics]
    return settings


@functools.cache
def config_model() -> type[BaseModel]:
    """The config file's keys, for validation (pydantic is imported only when a config file is checked)."""
    from typing import Annotated

    from pydantic import ConfigDict, Field, StringConstraints, create_model

    key: Any = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
    return create_model(
        "Config",
        __config__=ConfigDict(extra="forbid", strict=True),
        __doc__="twitchtree's config file.",
        theme=(str, Field(DEFAULT_THEME, min_length=1, description="The theme's name.")),
        keymap=(
            dict[str, key],
            Field(default_factory=dict, description='Binding id = key(s), like back = "h,backspace".'),
        ),
    )


def save_theme(name: str, path: Path | None = None) -> None:
    """Record ``name`` as the theme, changing only the ``theme`` line of the config file."""
    from ..model.write import atomic_write

    path = path or paths.config_file()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    line = f'theme = "{_escape(name)}"'
    has_theme = re.search(_THEME_LINE, text.split("\n[", 1)[0], re.MULTILINE)
    text = re.sub(_THEME_LINE, line, text, count=1, flags=re.MULTILINE) if has_theme else f"{line}\n{text}"
    paths.ensure(path.parent)
    atomic_write(path, text.encode("utf-8"))


def recent_trees() -> list[Path]:
    """Trees opened recently, most recent first, that still exist."""
    try:
        import tomllib

        data = tomllib.loads(paths.state_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    recent = data.get("recent", [])
    if not isinstance(recent, list):
        return []
    return [Path(p) for p in recent if isinstance(p, str) and Path(p).is_file()]


def remember_tree(path: Path) -> None:
    """Put ``path`` at the top of the recent trees. Failing to save is not an error."""
    import tomli_w

    from ..model.write import atomic_write

    resolved = str(path.resolve())
    recent = [resolved, *(str(p) for p in recent_trees() if str(p) != resolved)][:MAX_RECENT]
    try:
        state = paths.ensure(paths.data_dir()) / paths.state_file().name
        atomic_write(state, tomli_w.dumps({"recent": recent}).encode())
    except OSError:
        pass


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')
