"""Inputs built to blow up time or memory: each is refused or reported at once, with bounded output.

Every one is answered within :data:`SECONDS` and :data:`MEGABYTES` (the
figures on a quiet 2-core machine are in ``docs/reliability.md``: at most
5 s and 500 MB); the limits here leave room for a busy one.

Nesting deep enough to make a parser recurse, millions of values, millions of
wrong values, texts of megabytes, "did you mean" over ten thousand ids,
libraries that use each other three times over: every one is answered by
every command in bounded time with ``PATH:LINE:COL`` diagnostics, never a
crash. The files are made here, in ``tmp_path``; ``docs/reliability.md``
records what each costs on a 2-core machine.
"""

from __future__ import annotations

import pytest
from hostile_support import measured

from support import run_twitchtree
from twitchtree.model.diagnostics import MAX_PER_KIND, Reporter
from twitchtree.model.hints import MAX_HINTS
from twitchtree.model.limits import MAX_NESTING, MAX_TEXT, MAX_VALUES, MAX_WEIGHT, too_deep

NESTED = f"error: nested too deep (limit {MAX_NESTING} levels of arrays, tables or key parts)"
TREE_HEAD = 'format = 1\nid = "x"\ntitle = "X"\nstart = "a"\n'
OUTCOME = (
    '\n[nodes.a]\ntype = "outcome"\nurgency = "routine"\ntitle = "A"\ntext = "a"\nsources = ["s"]\n'
    '\n[sources.s]\ntitle = "S"\n'
)
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


# -- time and memory ---------------------------------------------------------------------------

SECONDS = 30
"""What a test allows a busy machine; docs/reliability.md has the quiet machine's figures (at most 5 s)."""
MEGABYTES = 500


def _answered(result, lines):
    assert result.code == 1, result.err
    assert result.lines == lines
    assert "Traceback" not in result.err and "internal error" not in result.err
    assert result.seconds < SECONDS and result.megabytes < MEGABYTES, (result.seconds, result.megabytes)


def _position(text: str, what: str) -> tuple[int, int]:
    """The 1-based line and column of ``what`` in ``text``."""
    offset = text.index(what)
    return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)


def _dangling(nodes: int, name=lambda n: f"m{n}x") -> str:
    """``nodes`` questions in a chain, each with an answer leading to a node that does not exist."""
    parts = [TREE_HEAD.replace('start = "a"', 'start = "n0"')]
    for n in range(nodes):
        parts.append(
            f'[nodes.n{n}]\ntype = "question"\ntext = "Q{n}?"\nsources = ["s"]\n'
            f'answers = [{{ label = "Yes", next = "{name(n)}" }}, {{ label = "No", next = "n{n + 1}" }}]\n'
        )
    parts.append(
        f'[nodes.n{nodes}]\ntype = "outcome"\nurgency = "routine"\ntitle = "End"\ntext = "End."\nsources = ["s"]\n'
    )
    return "\n".join(parts) + '\n[sources.s]\ntitle = "S"\n'


@pytest.mark.parametrize("nodes", [8_000, 10_000])
def test_a_dangling_next_in_every_node_is_reported_in_seconds(nodes, tmp_path):
    """The "did you mean" over every node id for every mistake was quadratic: 95 s for 8,000 nodes."""
    path = tmp_path / "dangling.toml"
    text = _dangling(nodes)
    path.write_text(text, encoding="utf-8")
    lines = []
    for n in range(MAX_PER_KIND + 1):
        line, col = _position(text, f'next = "m{n}x"')
        message = f"answer 'Yes' of 'n{n}' leads to 'm{n}x', which does not exist"
        lines.append(f"{path.name}:{line}:{col}: error: {message}")
    lines[-1] += f" … and {nodes - MAX_PER_KIND - 1:,} more like this"
    _answered(measured("check", path.name, cwd=tmp_path), lines)


def test_did_you_mean_is_offered_for_the_first_mistakes_only(tmp_path):
    path = tmp_path / "dangling.toml"
    path.write_text(_dangling(1_000, name=lambda n: f"n{n + 1}x"), encoding="utf-8")
    result = run_twitchtree("check", path.name, cwd=tmp_path, timeout=SECONDS)
    hinted = [line for line in result.out.splitlines() if "did you mean" in line]
    assert len(hinted) == MAX_HINTS
    assert hinted[0].endswith("leads to 'n1x', which does not exist; did you mean 'n1'?")


def test_three_million_values_are_refused_before_they_are_parsed(tmp_path):
    """6 MB of wrong values printed 3 million errors, with 4 GB, over 3 minutes."""
    path = tmp_path / "values.toml"
    path.write_text(TREE_HEAD + "authors = [" + ",".join(["1"] * 3_000_000) + "]\n" + OUTCOME, encoding="utf-8")
    line = (
        f"values.toml:1:1: error: more than {MAX_VALUES:,} keys, values and array items; "
        "twitchtree reads files of up to that many"
    )
    _answered(measured("check", path.name, cwd=tmp_path), [line])
    for args in (["show"], ["ask"], ["export", "-f", "json"], ["fmt"]):
        result = measured(args[0], path.name, *args[1:], cwd=tmp_path)
        assert result.code == 1 and line in result.err.splitlines(), args
        assert result.seconds < SECONDS and result.megabytes < MEGABYTES, args


def test_a_million_values_in_one_key_are_one_error(tmp_path):
    path = tmp_path / "values.toml"
    path.write_text(TREE_HEAD + "authors = [" + ",".join(["1"] * 1_000_000) + "]\n" + OUTCOME, encoding="utf-8")
    message = f"holds more than {MAX_WEIGHT:,} values, the most twitchtree reads in one place"
    lines = [f"values.toml:1:1: error: the top level of the file (outside nodes, conditions, sources, cases) {message}"]
    _answered(measured("check", path.name, cwd=tmp_path), lines)


def test_wrong_values_in_every_node_show_a_hundred_of_each_kind(tmp_path):
    """Large files are validated a slice at a time: memory stays flat, and only 100 of a kind are shown."""
    nodes = 60_000
    parts = [TREE_HEAD.replace('start = "a"', 'start = "n0"')]
    parts += [f'[nodes.n{n}]\ntype = "question"\ntext = 1\nanswers = 2' for n in range(nodes)]
    path = tmp_path / "wrong.toml"
    path.write_text("\n".join(parts) + "\n", encoding="utf-8")
    result = measured("check", path.name, cwd=tmp_path)
    assert result.code == 1 and result.seconds < SECONDS and result.megabytes < MEGABYTES
    texts = [line for line in result.lines if ".text' must be a string" in line]
    answers = [line for line in result.lines if ".answers' must be an array" in line]
    assert len(texts) == len(answers) == MAX_PER_KIND + 1
    assert texts[0] == "wrong.toml:8:1: error: 'nodes.n0.text' must be a string, not an integer (1)"
    assert texts[-1].endswith(" more like this") and " … and " in texts[-1]
    unlisted = [line for line in result.lines if "more problems are not listed" in line]
    assert len(unlisted) == 1 and len(result.lines) == 2 * (MAX_PER_KIND + 1) + 1


@pytest.mark.parametrize(
    ("key", "size"),
    [("nodes.a.text", 5 * 2**20), ("title", 20 * 2**20)],
    ids=["5-mb-question", "20-mb-title"],
)
def test_a_text_over_the_limit_is_an_error_at_its_key(key, size, tmp_path):
    """A 5 MB question took 87 s to show in the explorer, a 20 MB title 26 s."""
    big = "twitch " * (size // 7)
    if key == "title":
        text = TREE_HEAD.replace('title = "X"', f'title = "{big}"') + OUTCOME
        line = 3
    else:
        text = TREE_HEAD + OUTCOME.replace('text = "a"', f'text = "{big}"')
        line = 10
    path = tmp_path / "big.toml"
    path.write_text(text, encoding="utf-8")
    message = f"text in '{key}' is {len(big):,} characters long, more than the limit of {MAX_TEXT:,}"
    result = measured("check", path.name, cwd=tmp_path)
    _answered(result, [f"big.toml:{line}:1: error: {message}"])


def test_libraries_that_use_each_other_three_times_over_are_read_once(tmp_path):
    """Each of 16 libraries uses the next as "x", "./x" and "././x": 3**16 reads before, 16 now."""
    for n in range(16):
        following = f"e{n + 1}.toml"
        uses = f'uses = ["{following}", "./{following}", "././{following}"]\n' if n < 15 else ""
        (tmp_path / f"e{n}.toml").write_text(
            f'format = 1\n{uses}\n[conditions.c{n}]\nname = "C{n}"\nsummary = "S"\n', encoding="utf-8"
        )
    (tmp_path / "tree.toml").write_text(TREE_HEAD + 'uses = ["e0.toml"]\n' + OUTCOME, encoding="utf-8")
    result = measured("check", "tree.toml", cwd=tmp_path)
    assert (result.code, result.lines) == (0, [])
    assert result.seconds < SECONDS and result.megabytes < MEGABYTES
    from twitchtree.model.load import load_tree

    assert len(load_tree(tmp_path / "tree.toml", use_cache=False).files) == 1 + 16
