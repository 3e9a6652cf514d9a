"""Trainee names: data, never a path or markup. Checked once, then stored and shown as they are."""

from __future__ import annotations

import unicodedata

MAX_LENGTH = 64
_FORBIDDEN = {"Cc", "Cf", "Cs", "Zl", "Zp"}
"""Control and format characters (bidi overrides included), surrogates, line and paragraph separators."""


class TraineeError(ValueError):
    """A name that cannot be used; the message says why, in the user's terms."""


def check_trainee(name: str) -> str:
    """The name to store: ``name`` without surrounding spaces. Raises TraineeError."""
    name = name.strip()
    if not name:
        raise TraineeError("a trainee name cannot be empty")
    if len(name) > MAX_LENGTH:
        raise TraineeError(f"a trainee name can be at most {MAX_LENGTH} characters (this one has {len(name)})")
    for char in name:
        if unicodedata.category(char) in _FORBIDDEN:
            raise TraineeError(f"a trainee name cannot contain control characters such as U+{ord(char):04X}")
    return name


def default_trainee() -> str:
    """The user's login name, offered as the default in a terminal; '' when it cannot be found or used."""
    import getpass

    try:
        return check_trainee(getpass.getuser())
    except (OSError, KeyError, ImportError, TraineeError):
        return ""
