"""The ``format`` key every tree, library and case file starts with: it must say 1, or nothing else is checked."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .spec import FORMAT_VERSION

if TYPE_CHECKING:
    from .diagnostics import Reporter


def check_format(data: dict[str, Any], reporter: Reporter) -> bool:
    """The ``format`` key must say 1. Anything else stops the check at once."""
    version = data.get("format")
    if version is None:
        reporter.error((), f"missing required key 'format'; add `format = {FORMAT_VERSION}` at the top")
        return False
    if version != FORMAT_VERSION or type(version) is not int:  # not true, nor 1.0
        shown = _toml_value(version)
        if type(version) is int:
            message = f"unsupported format {shown}; this twitchtree reads format {FORMAT_VERSION}"
        else:  # "1", 1.0, true: the right number written as something else
            message = f"format must be a whole number, not {shown}; write `format = {FORMAT_VERSION}`"
        reporter.error(("format",), message)
        return False
    return True


def _toml_value(value: Any) -> str:
    """A value as TOML would write it, cut short if long."""
    import tomli_w

    if isinstance(value, (dict, list)):  # never serialised: it may nest a thousand levels deep
        return "a table" if isinstance(value, dict) else "an array"
    try:
        text = tomli_w.dumps({"v": value[:41] if isinstance(value, str) else value})[4:].strip()
    except (TypeError, ValueError):
        text = repr(value)
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:37] + "..."
