"""Imported by the check server of :mod:`.background_check` only: one small check, done once.

Every check runs in a process forked from that server. A process's first check
loads what the model loads lazily (pydantic's plugins, compiled patterns):
done here, before the fork, each check starts warm.
"""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path

from ..model.diagnostics import LoadError
from ..model.load import load_tree
from ..model.template import new_tree

# A line that is not ASCII: such text is searched for hidden characters, with a pattern compiled when first used.
_TEXT = new_tree("warm-up") + "# Café, naïve, ‘quoted’\n"

with suppress(LoadError):  # the template is valid; warming up is only a speed-up anyway
    load_tree(Path("warm-up.toml"), raw=_TEXT.encode("utf-8"), use_cache=False)
