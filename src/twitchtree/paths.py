"""Every folder twitchtree reads or writes outside the project: one place, created on first use.

The platform's conventions come from platformdirs, so ``XDG_CONFIG_HOME``,
``XDG_CACHE_HOME`` and ``XDG_DATA_HOME`` move them on Linux. The bundled
trees and themes ship inside the package (``_data/``); in a source checkout
(an editable install) they are read from the repository's top level.
"""

from __future__ import annotations

from pathlib import Path

APP = "twitchtree"
_PACKAGE = Path(__file__).resolve().parent


def _user_dir(kind: str) -> Path:
    import platformdirs

    getter = getattr(platformdirs, f"user_{kind}_dir")
    return Path(getter(APP, appauthor=False))


def config_dir() -> Path:
    return _user_dir("config")


def config_file() -> Path:
    """The user's config file: theme choice and ``[keymap]``."""
    return config_dir() / "config.toml"


def cache_dir() -> Path:
    return _user_dir("cache")


def data_dir() -> Path:
    """Recorded training sessions and the list of recently opened trees."""
    return _user_dir("data")


def state_file() -> Path:
    return data_dir() / "state.toml"


def sessions_db() -> Path:
    """The default database of recorded training sessions (``--db`` overrides it)."""
    return data_dir() / "sessions.sqlite3"


def ensure(path: Path) -> Path:
    """Create ``path`` (a folder) if needed and return it."""
    path.mkdir(parents=True, exist_ok=True)
    return path


def bundled(name: str) -> Path:
    """A bundled folder, ``trees`` or ``themes``, from the package or the source checkout."""
    packaged = _PACKAGE / "_data" / name
    if packaged.is_dir():
        return packaged
    return _PACKAGE.parent.parent / name


def bundled_trees() -> dict[str, Path]:
    """Bundled tree files by id; a bundled tree's file is named after its id."""
    trees = bundled("trees")
    return {p.stem: p for p in sorted(trees.glob("*.toml")) if p.stem != "conditions"}


def bundled_tree(name: str) -> Path | None:
    """The bundled tree with id ``name``, or that an alias in :data:`BUNDLED_ALIASES` names; None if none."""
    trees = bundled_trees()
    return trees.get(name) or trees.get(BUNDLED_ALIASES.get(name, ""))


DEFAULT_TREE = "muscle-symptoms"
"""The tree ``twitchtree``, ``ask`` and the training catalogue start from: every muscle complaint begins here."""

BUNDLED_ALIASES = {"muscle-twitching": DEFAULT_TREE, "muscle-spasms": DEFAULT_TREE}
"""Ids of bundled trees that were merged into another, so that scripts naming them keep working."""
