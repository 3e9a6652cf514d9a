"""Mutation fuzzing: whatever happens to a valid file's bytes, checking and loading it only ever report diagnostics.

Valid tree, library and case files are mutated (lines deleted, duplicated
or swapped, random Unicode with control characters inserted, bytes
replaced, the file truncated, line ends changed) and then checked and
loaded. ``check_file`` must return well-formed one-line diagnostics placed
inside the file, ``load_tree`` must return a tree or raise ``LoadError``,
and the two must agree. Nothing else may be raised.

Case files get a campaign of their own, with case-file snippets: beside
``check_file``, ``read_cases`` may only raise ``LoadError``, their cases
must run against their tree, ``twitchtree test`` may only exit 0, 1 or 2
with no traceback, the training catalogue must load them or list their
problems, and recording a new case into them either refuses with a
``CaseError`` or leaves a valid file that still begins with the old bytes.

``make fuzz`` runs a long campaign (``TWITCHTREE_FUZZ_EXAMPLES=20000``);
the default of 60 examples keeps CI fast.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import tomli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builders import WALK_CASES, WALK_TREE, make_tree
from twitchtree.model.check import check_file
from twitchtree.model.diagnostics import LoadError
from twitchtree.model.load import load_tree
from twitchtree.model.template import new_tree
from twitchtree.model.walk import Walk

SETTINGS = settings(
    max_examples=int(os.environ.get("TWITCHTREE_FUZZ_EXAMPLES", 60)),
    deadline=None,
    # The autouse fixture's XDG folders may be shared by all examples of one test.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

LINE = re.compile(r"^.+:\d+:\d+: (error|warning): .+$")
UNPRINTABLE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

LIBRARY = """\
format = 1

[sources.lib-src]
title = "L"

[conditions.als]
name = "ALS"
summary = "One line."
sources = ["lib-src"]
"""
SEEDS = [
    make_tree(top='uses = ["lib.toml"]').replace('conditions = ["cond"]', 'conditions = ["cond", "als"]'),
    WALK_TREE,
    new_tree("fuzzed"),
    LIBRARY,
    WALK_CASES,
]
SNIPPETS = [
    "[nodes.extra]",
    "[[nodes.q1.answers]]",
    "[[nodes.first.answers]]",
    'next = "nowhere"',
    'next = "q1"',
    'type = "outcome"',
    'type = "question"',
    'urgency = "self-care"',
    "red_flag = true",
    "answers = []",
    'uses = ["walk.toml", "lib.toml", "tree.toml", ".", "/abs.toml"]',
    "format = 2",
    'start = "home"',
    'tree = "walk"',
    "[[cases]]",
    'sources = ["nope"]',
    'conditions = ["als", "gone"]',
    '"\\u001b[31m" = "\\u0007"',
    'text = """\nmulti "quoted" # line\n"""',
    "review_by = 1999-01-01",
    "x = [[[[1]]]]",
    "= = =",
]
MUTATIONS = ["delete", "duplicate", "swap", "insert_text", "insert_snippet", "replace_byte", "truncate", "crlf", "bom"]


@st.composite
def mutated(draw) -> bytes:
    """A seed file with one to four random mutations."""
    data = draw(st.sampled_from(SEEDS)).encode()
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(MUTATIONS))
        lines = data.split(b"\n")
        pick = st.integers(0, max(len(lines) - 1, 0))
        if kind == "delete" and lines:
            del lines[draw(pick)]
        elif kind == "duplicate" and lines:
            n = draw(pick)
            lines.insert(n, lines[n])
        elif kind == "swap" and lines:
            i, j = draw(pick), draw(pick)
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "insert_snippet":
            lines.insert(draw(pick), draw(st.sampled_from(SNIPPETS)).encode())
        if kind in ("delete", "duplicate", "swap", "insert_snippet"):
            data = b"\n".join(lines)
        elif kind == "insert_text":
            at = draw(st.integers(0, len(data)))
            text = draw(st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=8))
            data = data[:at] + text.encode() + data[at:]
        elif kind == "replace_byte" and data:
            at = draw(st.integers(0, len(data) - 1))
            data = data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1 :]
        elif kind == "truncate":
            data = data[: draw(st.integers(0, len(data)))]
        elif kind == "crlf":
            data = data.replace(b"\n", b"\r\n")
        elif kind == "bom":
            data = b"\xef\xbb\xbf" + data
    return data


try:
    import rtoml  # noqa: F401
except ImportError:
    _RTOML = False
else:
    _RTOML = True


def _agrees_with_tomli(raw: bytes, errors: list) -> None:
    """A file is reported as unreadable TOML when tomli (TOML 1.1) rejects it, and never when it accepts it."""
    try:
        text = raw.decode("utf-8-sig").replace("\r\n", "\n")
    except UnicodeDecodeError:
        assert errors, "a file that is not UTF-8 must be an error"
        return
    if "\0" in text or not text.strip() or any(d.message.endswith("could drive the terminal") for d in errors):
        return  # refused before parsing
    try:
        tomli.loads(text)
    except tomli.TOMLDecodeError:
        # The rtoml fast path is more lenient than tomli in a few corners (e.g. a second byte-order mark).
        if not _RTOML:
            assert any(d.message.startswith("TOML syntax: ") for d in errors), "invalid TOML was accepted"
    else:
        assert not any(d.message.startswith("TOML syntax: ") for d in errors), "valid TOML was refused"


def _line_count(path: Path) -> int:
    return path.read_bytes().count(b"\n") + 1


@SETTINGS
@given(raw=mutated())
def test_mutated_files_only_ever_produce_diagnostics(raw):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "walk.toml").write_text(WALK_TREE)
        (root / "lib.toml").write_text(LIBRARY)
        path = root / "tree.toml"
        path.write_bytes(raw)
        files = {str(p): p for p in (path, root / "walk.toml", root / "lib.toml")}

        diagnostics = check_file(path)
        for diagnostic in diagnostics:
            line = str(diagnostic)
            assert LINE.fullmatch(line), line
            assert not UNPRINTABLE.search(line), line
            assert diagnostic.path in files, line
            assert 1 <= diagnostic.line <= _line_count(files[diagnostic.path]), line
            assert diagnostic.col >= 1, line
        errors = [d for d in diagnostics if d.is_error]
        _agrees_with_tomli(raw, [d for d in errors if d.path == str(path)])

        try:
            tree = load_tree(path, use_cache=False)
        except LoadError as exc:
            assert exc.diagnostics, "a LoadError must say why"
            if not errors:  # a valid library or case file is not a tree
                assert next(d.message for d in exc.diagnostics if d.is_error).startswith("this is a ")
            return
    assert errors == [], "check_file found errors in a tree that loads"
    walk = Walk(tree)
    for _ in range(len(tree.node_ids)):
        if walk.done:
            break
        walk.answer(0)
    assert walk.done


CASE_SEEDS = [
    WALK_CASES,
    WALK_CASES
    + """
[[cases]]
id = "tired"
title = "Tired [b]legs[/b]"
difficulty = "hard"
patient = \"\"\"
Twitches "after" a run.
\"\"\"
teaching = "- Ask about breathing."
answers = { q1 = "No", q3 = "No" }
expect = { outcome = "home", urgency = "self-care" }
""",
]
CASE_SNIPPETS = [
    "[[cases]]",
    "[cases.expect]",
    'id = "breathless"',
    'id = "Bad Id"',
    'tree = "missing-tree"',
    'tree = "walk"',
    'answers = { q1 = "Maybe" }',
    'answers = { q9 = "Yes", q1 = "No" }',
    'outcome = "q1"',
    'outcome = "nowhere"',
    'urgency = "urgent"',
    "must_ask = []",
    'must_ask = ["q3", "gone"]',
    'difficulty = "extreme"',
    'patient = """\n[@click=app.quit]x[/] \\u001b[2J\n"""',
    "expect = 1",
    "cases = []",
]


@st.composite
def mutated_cases(draw) -> bytes:
    """A case file with one to four mutations: a line-level one with case snippets, or any of :func:`mutated`'s."""
    data = draw(st.sampled_from(CASE_SEEDS)).encode()
    for _ in range(draw(st.integers(1, 4))):
        lines = data.split(b"\n")
        if draw(st.booleans()):
            lines.insert(draw(st.integers(0, len(lines))), draw(st.sampled_from(CASE_SNIPPETS)).encode())
            data = b"\n".join(lines)
        else:
            data = draw(_mutate(data))
    return data


def _mutate(data: bytes):
    """One of :func:`mutated`'s mutations applied to ``data``."""

    @st.composite
    def one(draw) -> bytes:
        kind = draw(st.sampled_from(MUTATIONS))
        lines = data.split(b"\n")
        pick = st.integers(0, max(len(lines) - 1, 0))
        if kind == "delete":
            del lines[draw(pick)]
        elif kind == "duplicate":
            n = draw(pick)
            lines.insert(n, lines[n])
        elif kind == "swap":
            i, j = draw(pick), draw(pick)
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "insert_snippet":
            lines.insert(draw(pick), draw(st.sampled_from(SNIPPETS)).encode())
        else:
            raw = data
            if kind == "insert_text":
                at = draw(st.integers(0, len(raw)))
                text = draw(st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=8))
                return raw[:at] + text.encode() + raw[at:]
            if kind == "replace_byte" and raw:
                at = draw(st.integers(0, len(raw) - 1))
                return raw[:at] + bytes([draw(st.integers(0, 255))]) + raw[at + 1 :]
            if kind == "truncate":
                return raw[: draw(st.integers(0, len(raw)))]
            if kind == "crlf":
                return raw.replace(b"\n", b"\r\n")
            if kind == "bom":
                return b"\xef\xbb\xbf" + raw
            return raw
        return b"\n".join(lines)

    return one()


@SETTINGS
@given(raw=mutated_cases())
def test_mutated_case_files_only_ever_produce_diagnostics(raw):
    import contextlib
    import io

    from twitchtree.cli import main
    from twitchtree.model.authoring import CaseError, record_case
    from twitchtree.model.cases import read_cases, run_case
    from twitchtree.training.catalogue import load_catalogue

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "walk.toml").write_text(WALK_TREE)
        path = root / "cases.toml"
        path.write_bytes(raw)

        for diagnostic in check_file(path):
            line = str(diagnostic)
            assert LINE.fullmatch(line), line
            assert not UNPRINTABLE.search(line), line
            assert diagnostic.path == str(path), line  # the tree beside it is valid
            assert 1 <= diagnostic.line <= _line_count(path), line

        try:
            case_file = read_cases(path)
        except LoadError as exc:
            assert exc.diagnostics, "a LoadError must say why"
            case_file = None
        if case_file is not None:
            try:
                tree = case_file.load_tree()
            except LoadError:
                tree = None  # a tree id that is nowhere to be found
            for case in case_file.cases if tree is not None else ():
                result = run_case(case, tree, case_file.reporter)
                assert result.passed or result.failures or result.errors

        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["test", str(path)])
        assert code in (0, 1, 2), err.getvalue()
        assert "internal error" not in err.getvalue() and "Traceback" not in err.getvalue()
        assert not UNPRINTABLE.search(out.getvalue().replace("\n", "")), out.getvalue()

        catalogue = load_catalogue([path])
        assert catalogue.entries or catalogue.problems or case_file is None or not case_file.cases

        walk = Walk(load_tree(root / "walk.toml", use_cache=False))
        walk.answer("No")
        walk.answer("No")
        before = path.read_bytes()
        try:
            record_case(walk, path, "recorded-case", "Recorded", "A story.")
        except CaseError:
            assert path.read_bytes() == before, "a refused case must leave the file as it was"
        else:
            kept = before.decode("utf-8-sig").replace("\r\n", "\n")  # as read: no BOM, line ends folded
            assert path.read_bytes().decode("utf-8").startswith(kept if kept.strip() else "")
            assert [c.id for c in read_cases(path).cases][-1] == "recorded-case"
