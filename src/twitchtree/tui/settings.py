"""The user's config file and the app's own state, read without importing Textual.

``config.toml`` in the platformdirs config folder holds the theme choice
and a ``[keymap]`` table of binding ids to keys. A broken file is reported
once, in the ``PATH:LINE:COL`` form, and the defaults are used. The app
changes only the ``theme`` line when the user picks a theme, so the user's
comments and keymap are kept. ``state.toml`` in the data folder lists the
recently opened trees.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import paths
from ..model.diagnostics import Reporter
from ..model.document import read_document

DEFAULT_THEME = "twitchtree-dark"
MAX_RECENT = 10
_THEME_LINE = re.compile(r"^theme\s*=.*$", re.MULTILINE)
_KEYS = ("theme", "keymap")


@dataclass
class Settings:
    theme: str = DEFAULT_THEME
    keymap: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    """One line per problem found in the config file, PATH:LINE:COL: severity: message."""


def load_settings(path: Path | None = None) -> Settings:
    path = path or paths.config_file()
    settings = Settings()
    if not path.exists():
        return settings
    try:
        document = read_document(path)
    except OSError as exc:
        settings.problems.append(f"{path}:1:1: error: cannot read the config file: {exc.strerror or exc}")
        return settings
    data = document.data
    reporter = document.reporter
    if data is not None:
        _read(data, reporter, settings)
    settings.problems.extend(str(d) for d in reporter.diagnostics)
    return settings


def _read(data: dict[str, Any], reporter: Reporter, settings: Settings) -> None:
    for key in data:
        if key not in _KEYS:
            close = difflib.get_close_matches(key, _KEYS, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            reporter.warning((key,), f"unknown key '{key}' in the config file{hint}")
    theme = data.get("theme", DEFAULT_THEME)
    if isinstance(theme, str):
        settings.theme = theme
    else:
        reporter.error(("theme",), "'theme' must be a string, the name of a theme")
    keymap = data.get("keymap", {})
    if not isinstance(keymap, dict):
        reporter.error(("keymap",), "'keymap' must be a table of binding ids to keys, like back = \"h\"")
        return
    for binding_id, keys in keymap.items():
        if isinstance(keys, str) and keys.strip():
            settings.keymap[binding_id] = keys
        else:
            reporter.error(("keymap", binding_id), f'keymap \'{binding_id}\' must be a key such as "h" or "ctrl+b"')


def save_theme(name: str, path: Path | None = None) -> None:
    """Record ``name`` as the theme, changing only the ``theme`` line of the config file."""
    from ..model.write import atomic_write

    path = path or paths.config_file()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    line = f'theme = "{_escape(name)}"'
    has_theme = _THEME_LINE.search(text.split("\n[", 1)[0])
    text = _THEME_LINE.sub(line, text, count=1) if has_theme else f"{line}\n{text}"
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
