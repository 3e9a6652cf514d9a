"""The model package and the non-TUI commands never import Textual, so checks stay fast and the core stands alone.

Each test runs in a fresh interpreter: in this one, other tests may have imported anything.
"""

from __future__ import annotations

import subprocess

from builders import WALK_TREE
from support import run_python

MODEL_USE = """
import sys
from pathlib import Path

import twitchtree.model.cases
import twitchtree.model.export
import twitchtree.model.load
import twitchtree.model.walk
from twitchtree.model.export import export, outline, summary
from twitchtree.model.load import check_file, load_tree
from twitchtree.model.walk import Walk

path = Path(sys.argv[1])
assert check_file(path) == [], check_file(path)
walk = Walk(load_tree(path))
walk.follow({"q1": "Yes", "q2": "Yes"})
assert walk.done
for fmt in ("mermaid", "dot", "json"):
    export(walk.tree, fmt)
list(outline(walk.tree))
summary(walk)
print(sorted(m for m in sys.modules if m.split(".")[0] == "textual"))
"""

WARM_LOAD = """
import sys
from twitchtree.model.load import load_tree
from twitchtree.model.walk import Walk

Walk(load_tree(sys.argv[1])).answer(0)
print(sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "pydantic", "tomllib", "tomli", "rtoml")))
"""


def _python(*args: str) -> subprocess.CompletedProcess[str]:
    result = run_python(*args)
    assert result.returncode == 0, result.stderr
    return result


def test_the_model_never_imports_textual(write_toml):
    path = write_toml("walk.toml", WALK_TREE, dedent=False)
    assert _python("-c", MODEL_USE, str(path)).stdout.strip() == "[]"


def test_twitchtree_check_never_imports_textual(write_toml):
    path = write_toml("walk.toml", WALK_TREE, dedent=False)
    result = _python("-X", "importtime", "-m", "twitchtree", "check", str(path))
    imported = {
        line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")
    }
    assert "twitchtree.model.load" in imported  # the probe sees the imports at all
    assert not {m for m in imported if m.split(".")[0] == "textual"}


def test_a_warm_load_needs_neither_the_toml_parser_nor_pydantic(write_toml, isolated_user_dirs):
    path = write_toml("walk.toml", WALK_TREE, dedent=False)
    cold = _python("-c", WARM_LOAD, str(path)).stdout  # fills the cache under XDG_CACHE_HOME
    assert "pydantic" in cold and ("rtoml" in cold or "tomli" in cold)  # the probe sees them when they are needed
    assert (isolated_user_dirs.cache / "twitchtree" / "trees").is_dir()
    assert _python("-c", WARM_LOAD, str(path)).stdout.strip() == "[]"
