"""The model package and the non-TUI commands never import Textual, so checks stay fast and the core stands alone.

Each test runs in a fresh interpreter: in this one, other tests may have imported anything.
"""

from __future__ import annotations

import ast
import graphlib
import re
import subprocess
from pathlib import Path

import pytest

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
from twitchtree.model.check import check_file
from twitchtree.model.load import load_tree
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
watched = ("textual", "pydantic", "tomllib", "tomli", "rtoml")
checks = ("twitchtree.model.document", "twitchtree.model.graph")  # the parser and the graph checks
print(sorted(m for m in sys.modules if m.split(".")[0] in watched or m in checks))
"""


WARM_SETTINGS = """
import sys
from pathlib import Path
from twitchtree.tui.settings import load_settings
from twitchtree.tui.themes import load_themes

settings = load_settings(Path(sys.argv[1]))
themes, problems = load_themes()
assert (settings.theme, settings.keymap, problems) == ("twitchtree-light", {"back": "h"}, []), settings
print(sorted(m for m in sys.modules if m.split(".")[0] in ("pydantic", "tomllib", "tomli", "rtoml")))
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


def test_a_warm_load_needs_neither_the_toml_parser_nor_pydantic_nor_the_checks(write_toml, isolated_user_dirs):
    path = write_toml("walk.toml", WALK_TREE, dedent=False)
    cold = _python("-c", WARM_LOAD, str(path)).stdout  # fills the cache under XDG_CACHE_HOME
    assert "pydantic" in cold and ("rtoml" in cold or "tomli" in cold)  # the probe sees them when they are needed
    assert "twitchtree.model.document" in cold and "twitchtree.model.graph" in cold
    assert (isolated_user_dirs.cache / "twitchtree" / "trees").is_dir()
    assert _python("-c", WARM_LOAD, str(path)).stdout.strip() == "[]"


def test_a_warm_load_of_a_tree_with_a_review_date_needs_no_checks_either(write_toml, isolated_user_dirs):
    """The bundled trees have a ``review_by`` date, checked again on every load (it depends on today)."""
    tree = WALK_TREE.replace('start = "q1"', 'start = "q1"\nreview_by = 2999-01-01')
    path = write_toml("walk.toml", tree, dedent=False)
    assert "twitchtree.model.graph" in _python("-c", WARM_LOAD, str(path)).stdout  # fills the cache
    assert _python("-c", WARM_LOAD, str(path)).stdout.strip() == "[]"


# -- no import cycles ----------------------------------------------------------------------

SRC = Path(__file__).resolve().parent.parent / "src"


def import_graph(root: Path) -> dict[str, set[str]]:
    """Module → the modules of the same source tree it imports, at any level: top, in a function,
    or only for type checking (a cycle there still ties two modules together)."""
    modules = {}
    for path in root.rglob("*.py"):
        parts = path.relative_to(root).with_suffix("").parts
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*anchor, *([node.module] if node.module else [])])
                names = (f"{base}.{alias.name}" for alias in node.names)
                found.update(name if name in modules else base for name in names)
        graph[name] = {m for m in found if m in modules and m != name}
    return graph


def test_the_import_graph_sees_a_cycle_through_a_function_level_import(tmp_path):
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from . import b\n")
    (package / "b.py").write_text("def late():\n    from .a import thing\n")
    with pytest.raises(graphlib.CycleError):
        tuple(graphlib.TopologicalSorter(import_graph(tmp_path)).static_order())


def test_no_module_of_twitchtree_imports_one_that_imports_it_back():
    graph = import_graph(SRC)
    assert "twitchtree.model.check" in graph["twitchtree.commands.check"]  # the probe sees imports in functions
    try:
        tuple(graphlib.TopologicalSorter(graph).static_order())
    except graphlib.CycleError as exc:
        pytest.fail("import cycle: " + " → ".join(exc.args[1]))


def test_a_warm_start_with_a_config_file_needs_neither_the_toml_parser_nor_pydantic(write_toml, isolated_user_dirs):
    config = write_toml("config.toml", 'theme = "twitchtree-light"\n\n[keymap]\nback = "h"\n', dedent=False)
    cold = _python("-c", WARM_SETTINGS, str(config)).stdout
    assert "pydantic" in cold  # the probe sees it when the files are checked
    assert _python("-c", WARM_SETTINGS, str(config)).stdout.strip() == "[]"


def test_one_did_you_mean_for_every_hint():
    """Unknown keys, ids, themes and key bindings get their hint from model/hints.py alone.

    (difflib itself may be used for other things: ``diff`` shows changed words with its SequenceMatcher.)
    """
    users = sorted(
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if any(
            (isinstance(node, ast.Name) and node.id == "get_close_matches")
            or (isinstance(node, ast.Attribute) and node.attr == "get_close_matches")
            or (isinstance(node, ast.ImportFrom) and any(a.name == "get_close_matches" for a in node.names))
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        )
    )
    assert users == ["twitchtree/model/hints.py"]


# -- the architecture bar ---------------------------------------------------------------------

MAX_LINES = 400


def test_no_module_is_longer_than_400_lines():
    long = {str(p.relative_to(SRC)): n for p in SRC.rglob("*.py") if (n := len(p.read_text().splitlines())) > MAX_LINES}
    assert long == {}


def test_every_type_ignore_names_its_error_and_says_why():
    """mypy runs on src/ in `make lint`; what it is told to ignore must be rare and explained."""
    ignores = [
        f"{path.relative_to(SRC)}:{n}"
        for path in SRC.rglob("*.py")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "type: ignore" in line and not re.search(r"type: ignore\[[a-z-]+(, [a-z-]+)*\]  # \S", line)
    ]
    assert ignores == []
