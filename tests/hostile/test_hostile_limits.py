"""Inputs built to blow up time or memory: each is refused or reported at once, with bounded output.

Nesting deep enough to make a parser recurse, millions of values, millions of
wrong values, texts of megabytes, "did you mean" over ten thousand ids,
libraries that use each other three times over: every one is answered by
every command in bounded time with ``PATH:LINE:COL`` diagnostics, never a
crash. The files are made here, in ``tmp_path``; ``docs/reliability.md``
records what each costs on a 2-core machine.
"""

from __future__ import annotations

import pytest

from support import run_twitchtree
from twitchtree.model.diagnostics import MAX_PER_KIND, Reporter
from twitchtree.model.limits import MAX_NESTING, too_deep

NESTED = f"error: nested too deep (limit {MAX_NESTING} levels of arrays, tables or key parts)"
TREE_HEAD = 'format = 1\nid = "x"\ntitle = "X"\nstart = "a"\n'
OUTCOME = '\n[nodes.a]\ntype = "outcome"\nurgency = "routine"\ntitle = "A"\ntext = "a"\nsources = []\n'
COMMANDS = [["check"], ["show"], ["ask"], ["export", "-f", "json"], ["fmt"], ["fmt", "--check"], ["test"]]


def _commands_answer(path, line):
    """Every command answers ``path`` with exactly ``line`` (where it names the file), never exit 70."""
    for args in COMMANDS:
        result = run_twitchtree(*args[:1], path.name, *args[1:], cwd=path.parent, stdin="1\n", timeout=30)
        assert result.code in (1, 2), (args, result.err)
        assert "Traceback" not in result.err and "internal error" not in result.err, args
        if args[0] != "test":
            assert f"{path.name}:{line}" in (result.out + result.err).splitlines(), (args, result.out, result.err)


# -- nesting ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "where"),
    [
        pytest.param("format = " + "[" * 247 + "]" * 247 + "\n", "1:90", id="format-247-arrays"),
        pytest.param(
            TREE_HEAD + "description = " + "{a = " * 400 + "1" + "}" * 400 + OUTCOME,
            f"5:{15 + 5 * MAX_NESTING}",
            id="inline-400",
        ),
        pytest.param(
            TREE_HEAD + "authors = " + "{a = " * 330 + "1" + "}" * 330 + OUTCOME,
            f"5:{11 + 5 * MAX_NESTING}",
            id="inline-330",
        ),
        pytest.param(
            TREE_HEAD + "description = " + ("{" + ".".join("a" * 80) + " = ") * 80 + "1" + "}" * 80 + OUTCOME,
            "5:173",
            id="dotted-keys-in-inline-tables",  # rtoml reads each alone, and overflowed the stack on both at once
        ),
        pytest.param("[" + ".".join("a" * 100) + "]\nb = 1\n", "1:1", id="header-of-100-parts"),
        pytest.param(".".join("a" * 100) + " = 1\n", "1:160", id="dotted-key-of-100-parts"),
    ],
)
def test_nesting_past_the_limit_is_one_error_in_every_command(text, where, tmp_path):
    path = tmp_path / "nested.toml"
    path.write_text(text, encoding="utf-8")
    _commands_answer(path, f"{where}: {NESTED}")


@pytest.mark.parametrize(
    "build",
    [
        lambda n: "x = " + "[" * n + "]" * n,
        lambda n: "x = " + "{a = " * n + "1" + "}" * n,
        lambda n: ".".join("a" * n) + " = 1",
        lambda n: "[" + ".".join("a" * n) + "]",
    ],
    ids=["arrays", "inline-tables", "dotted-key", "header"],
)
def test_the_nesting_scan_counts_as_rtoml_does(build):
    """The scan before tomli applies rtoml's own limit: this fails loudly if an upgrade changes it."""
    import rtoml

    rtoml.loads(build(MAX_NESTING))
    assert too_deep(build(MAX_NESTING)) is None
    with pytest.raises(rtoml.TomlParsingError):
        rtoml.loads(build(MAX_NESTING + 1))
    assert too_deep(build(MAX_NESTING + 1)) is not None


# -- the cap on diagnostics --------------------------------------------------------------------


def test_the_reporter_keeps_100_of_a_kind_and_counts_the_rest():
    reporter = Reporter("f.toml", "")
    for n in range(250):
        reporter.at(n + 1, 1, "error", f"'authors[{n}]' must be a string, not an integer ({n})")
    reporter.at(1, 1, "warning", "node 'a' cites no sources")
    lines = [str(d) for d in reporter.diagnostics]
    assert len(lines) == MAX_PER_KIND + 2
    assert lines[MAX_PER_KIND] == (
        f"f.toml:{MAX_PER_KIND + 1}:1: error: 'authors[{MAX_PER_KIND}]' must be a string, not an integer "
        f"({MAX_PER_KIND}) … and {250 - MAX_PER_KIND - 1} more like this"
    )
    assert lines[-1] == "f.toml:1:1: warning: node 'a' cites no sources"
