"""Hostile files: every attack gets its exact diagnostics, never a traceback, a hang or a control code.

The attacks that can live in git are the files of ``tests/hostile/data``,
each with its ``# expect:`` lines. The rest are made here in ``tmp_path``:
empty, binary and non-UTF-8 bytes, a 50 MB file, raw control characters,
FIFOs and devices, and a 5,000-step chain. Control sequences and bidi
characters are tried in every text field of a tree, a condition library and
a case file, each as a TOML escape and as raw characters.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from hostile_support import DATA, TERMINAL_CODES, UNPRINTABLE, attack_files, expected

from builders import WALK_TREE, chain_tree, diamond_tree
from support import run_twitchtree
from twitchtree.model.cases import is_case_file
from twitchtree.model.check import check_file
from twitchtree.model.diagnostics import LoadError
from twitchtree.model.load import load_tree

# -- the committed attack files ------------------------------------------------------------


@pytest.mark.parametrize("name", attack_files())
def test_check_reports_exactly_the_expected_lines(name, run_cli, monkeypatch):
    monkeypatch.chdir(DATA)
    want = expected(name)
    result = run_cli("check", name)
    assert sorted(result.lines) == sorted(want)
    assert result.code == (1 if any(": error: " in line for line in want) else 0)
    assert not UNPRINTABLE.search(result.out + result.err)


@pytest.mark.parametrize("name", attack_files())
def test_the_tree_commands_refuse_a_bad_file_and_never_echo_control_codes(name, run_cli, monkeypatch):
    monkeypatch.chdir(DATA)
    has_errors = any(": error: " in line for line in expected(name))
    if is_case_file(DATA / name):
        result = run_cli("test", name)
        assert result.code == (1 if has_errors else 0), result.err
    else:
        result = run_cli("show", name, "--depth", "3")
        assert result.code == (1 if has_errors else 0), result.err
        assert (result.out == "") == has_errors
    assert "Traceback" not in result.err
    assert not TERMINAL_CODES.search(result.out + result.err)


# -- bytes that are not TOML text ----------------------------------------------------------


EMPTY = "error: the file is empty; a tree needs at least format, id, title, start and nodes"
BINARY = "error: this is a binary file, not TOML text (NUL byte)"
NOT_UTF8 = "error: not valid UTF-8 (byte 0x{:02x}); save the file as UTF-8"


@pytest.mark.parametrize(
    ("raw", "line"),
    [
        pytest.param(b"", f"1:1: {EMPTY}", id="empty"),
        pytest.param(b"\xef\xbb\xbf\r\n \t\r\n", f"1:1: {EMPTY}", id="bom-and-blanks"),
        pytest.param(b"\x7fELF\x02\x01\x01\x00\x00", f"1:8: {BINARY}", id="elf"),
        pytest.param(b"PK\x03\x04\x14\x00\x08\x00", f"1:6: {BINARY}", id="zip"),
        pytest.param(b'format = 1\nid = "x"\ntitle = "a\x00b"\n', f"3:11: {BINARY}", id="nul-in-text"),
        pytest.param(
            "format = 1\n".encode("utf-16"),
            "1:1: error: this file is UTF-16 text, not UTF-8; save it as UTF-8",
            id="utf-16",
        ),
        pytest.param(
            "format = 1\n".encode("utf-16-le"),
            "1:1: error: this file is UTF-16 text, not UTF-8; save it as UTF-8",
            id="utf-16-le-no-bom",
        ),
        pytest.param(
            "format = 1\n".encode("utf-16-be"),
            "1:1: error: this file is UTF-16 text, not UTF-8; save it as UTF-8",
            id="utf-16-be-no-bom",
        ),
        pytest.param(
            "format = 1\n".encode("utf-32"),
            "1:1: error: this file is UTF-32 text, not UTF-8; save it as UTF-8",
            id="utf-32",
        ),
        pytest.param(b'format = 1\ntitle = "caf\xe9"\n', "2:13: " + NOT_UTF8.format(0xE9), id="latin-1"),
        pytest.param(b'format = 1\ntitle = "\x80"\n', "2:10: " + NOT_UTF8.format(0x80), id="lone-continuation"),
        pytest.param(b'format = 1\ntitle = "\xc0\xaf"\n', "2:10: " + NOT_UTF8.format(0xC0), id="overlong"),
        pytest.param(b'format = 1\ntitle = "\xed\xa0\x80"\n', "2:10: " + NOT_UTF8.format(0xED), id="surrogate"),
        pytest.param(b'format = 1\ntitle = "\xe2\x80', "2:10: " + NOT_UTF8.format(0xE2), id="truncated-multibyte"),
    ],
)
def test_bytes_that_are_not_toml_text_are_one_line_in_check_show_and_edit(raw, line, tmp_path, run_cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("attack.toml").write_bytes(raw)
    result = run_cli("check", "attack.toml")
    assert (result.code, result.lines) == (1, [f"attack.toml:{line}"])
    shown = run_cli("show", "attack.toml")
    assert (shown.code, shown.out, shown.err) == (1, "", f"attack.toml:{line}\n")
    if EMPTY not in line:  # an empty file opens in the editor, to be written; the rest are refused in check's words
        edited = run_cli("edit", "attack.toml")
        assert (edited.code, edited.out, edited.err) == (1, "", f"attack.toml:{line}\n")


# -- a 50 MB file ----------------------------------------------------------------------------

TOO_BIG = "1:1: error: file is larger than 32 MB; twitchtree reads files up to that size"


@pytest.fixture(scope="module")
def huge(tmp_path_factory) -> Path:
    """A 50 MB tree file (a valid start, then one enormous description) and a 50 MB case file beside it."""
    folder = tmp_path_factory.mktemp("huge")
    heads = {
        "huge.toml": b'format = 1\nid = "huge"\ntitle = "Huge"\nstart = "a"\ndescription = """',
        "huge-cases.toml": b'format = 1\ntree = "huge"\n\n[[cases]]\nid = "huge"\ntitle = "Huge"\npatient = """',
    }
    for name, head in heads.items():
        with (folder / name).open("wb") as handle:
            handle.write(head)
            handle.write(b"twitch " * (50 * 2**20 // 7))
            handle.write(b'"""\n')
        assert (folder / name).stat().st_size > 50 * 2**20
    return folder / "huge.toml"


@pytest.mark.parametrize(
    ("args", "stream"),
    [
        (["check", "huge.toml"], "out"),
        (["check", "huge-cases.toml"], "out"),
        (["show", "huge.toml"], "err"),
        (["ask", "huge.toml"], "err"),
        (["export", "huge.toml", "-f", "json"], "err"),
        (["test", "huge-cases.toml"], "out"),
    ],
)
def test_a_50_mb_file_is_refused_quickly_with_a_clear_message(huge, args, stream, run_cli, monkeypatch):
    monkeypatch.chdir(huge.parent)
    start = time.monotonic()
    result = run_cli(*args, stdin="")
    assert time.monotonic() - start < 3
    assert result.code == 1
    lines = (result.out if stream == "out" else result.err).splitlines()
    assert lines == [f"{args[1]}:{TOO_BIG}"]


def test_a_50_mb_file_is_neither_formatted_nor_opened_in_the_editor(huge, run_cli, monkeypatch):
    monkeypatch.chdir(huge.parent)
    before = huge.stat()
    start = time.monotonic()
    result = run_cli("fmt", "huge.toml")
    assert result.code == 1
    assert result.err.splitlines() == [
        f"huge.toml:{TOO_BIG}",
        "twitchtree: huge.toml: not formatted, because it has errors",
    ]
    edited = run_cli("edit", "huge.toml")
    assert edited.code == 2
    assert edited.err == "twitchtree: huge.toml: is larger than 32 MB; twitchtree reads files up to that size\n"
    assert time.monotonic() - start < 5
    after = huge.stat()
    assert (after.st_mtime_ns, after.st_size, after.st_ino) == (before.st_mtime_ns, before.st_size, before.st_ino)


def test_loading_a_50_mb_file_raises_the_size_error_at_once(huge):
    start = time.monotonic()
    with pytest.raises(LoadError) as error:
        load_tree(huge, "huge.toml")
    assert time.monotonic() - start < 2
    assert [str(d) for d in error.value.diagnostics] == [f"huge.toml:{TOO_BIG}"]


# -- control sequences and bidi characters in every text field ---------------------------------

TREE_TEMPLATE = """\
format = 1
id = "fields"
title = "@title@"
version = "@version@"
start = "ask"
description = "@description@"
disclaimer = "@disclaimer@"
authors = ["@authors[0]@"]

[sources.src]
title = "@sources.src.title@"
url = "@sources.src.url@"

[conditions.cond]
name = "@conditions.cond.name@"
aliases = ["@conditions.cond.aliases[0]@"]
summary = "@conditions.cond.summary@"
notes = "@conditions.cond.notes@"
sources = ["src"]

[nodes.ask]
type = "question"
text = "@nodes.ask.text@"
help = "@nodes.ask.help@"
conditions = ["cond"]
sources = ["src"]

  [[nodes.ask.answers]]
  label = "@nodes.ask.answers[0].label@"
  next = "done"
  why = "@nodes.ask.answers[0].why@"

  [[nodes.ask.answers]]
  label = "No"
  next = "done"

[nodes.done]
type = "outcome"
urgency = "soon"
title = "@nodes.done.title@"
text = "@nodes.done.text@"
red_flags = ["@nodes.done.red_flags[0]@"]
sources = ["src"]
"""
LIBRARY_TEMPLATE = """\
format = 1
id = "library"
title = "@title@"

[sources.src]
title = "@sources.src.title@"
url = "@sources.src.url@"

[conditions.cond]
name = "@conditions.cond.name@"
aliases = ["@conditions.cond.aliases[0]@"]
summary = "@conditions.cond.summary@"
notes = "@conditions.cond.notes@"
sources = ["src"]
"""
CASES_TEMPLATE = """\
format = 1
tree = "walk"

[[cases]]
id = "fields"
title = "@cases[0].title@"
patient = "@cases[0].patient@"
teaching = "@cases[0].teaching@"
answers = { q1 = "No", q3 = "@cases[0].answers.q3@" }

  [cases.expect]
  outcome = "home"
  urgency = "self-care"
"""
TEMPLATES = {"tree": TREE_TEMPLATE, "library": LIBRARY_TEMPLATE, "cases": CASES_TEMPLATE}
CLEAN = {"cases[0].answers.q3": "No"}
"""Fields whose clean text must be a particular value (an answer label of the tree)."""

CONTROL = "is not allowed: control characters could drive the terminal"
BIDI = "can make text read differently from how it is stored"
ESCAPED = [
    # (TOML escape, the character the diagnostic names)
    ("\\u001b[31m", "U+001B (ESC)"),
    ("\\u001b]0;title\\u0007", "U+001B (ESC)"),
    ("\\u001b]8;;https://example.org\\u001b\\\\", "U+001B (ESC)"),
    ("\\u0007", "U+0007 (BEL)"),
    ("\\u0000", "U+0000 (NUL)"),
    ("\\u009b2J", "U+009B (CSI)"),
    ("\\u007f", "U+007F (DEL)"),
    ("\\r", "U+000D (CR)"),
]
RAW = [
    # (raw characters, the diagnostics' names in order; NUL makes it a binary file)
    ("\x1b[31m", ["U+001B (ESC)"]),
    ("\x1b]0;title\x07", ["U+001B (ESC)", "U+0007 (BEL)"]),
    ("\x9b2J", ["U+009B (CSI)"]),
    ("\x00", ["NUL"]),
]
BIDI_CHARACTERS = [("\\u202e", "U+202E (RIGHT-TO-LEFT OVERRIDE)"), ("\u2066", "U+2066 (LEFT-TO-RIGHT ISOLATE)")]


def _fields(kind: str) -> list[str]:
    return [part for n, part in enumerate(TEMPLATES[kind].split("@")) if n % 2]


def _file(kind: str, attacked: str, attack: str) -> str:
    text = TEMPLATES[kind]
    for field in _fields(kind):
        clean = CLEAN.get(field, field)
        text = text.replace(f"@{field}@", clean + attack if field == attacked else clean)
    return text


def _key_position(kind: str, field: str) -> tuple[int, int]:
    """Where a diagnostic about ``field`` points: at its key, or at the element of an array."""
    for number, line in enumerate(TEMPLATES[kind].splitlines(), 1):
        at = line.find(f'"@{field}@"')
        if at >= 0:
            if field.endswith("]"):
                return number, at + 1
            key = field.rsplit(".", 1)[-1]
            return number, line.rfind(f"{key} = ", 0, at) + 1
    raise AssertionError(field)


def _char_position(text: str, offset: int) -> tuple[int, int]:
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


FIELDS = [pytest.param(kind, field, id=f"{kind}:{field}") for kind in TEMPLATES for field in _fields(kind)]


@pytest.mark.parametrize("kind", TEMPLATES)
def test_the_field_templates_are_clean(kind, tmp_path):
    (tmp_path / "walk.toml").write_text(WALK_TREE, encoding="utf-8")
    path = tmp_path / f"{kind}.toml"
    path.write_text(_file(kind, "", ""), encoding="utf-8")
    assert check_file(path) == []


@pytest.mark.parametrize(("kind", "field"), FIELDS)
def test_control_sequences_in_every_text_field_are_errors(kind, field, tmp_path, run_cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("walk.toml").write_text(WALK_TREE, encoding="utf-8")
    name = f"{kind}.toml"
    line, col = _key_position(kind, field)
    for escape, char in ESCAPED:
        Path(name).write_text(_file(kind, field, escape), encoding="utf-8")
        result = run_cli("check", name)
        assert (result.code, result.lines) == (1, [f"{name}:{line}:{col}: error: {char} in '{field}' {CONTROL}"]), (
            escape
        )
    for raw, chars in RAW:
        text = _file(kind, field, raw)
        Path(name).write_bytes(text.encode())
        start = text.index(raw)
        if chars == ["NUL"]:
            want = [f"{name}:{line}:{_char_position(text, start)[1]}: {BINARY}"]
        else:
            offsets = [start + n for n, c in enumerate(raw) if TERMINAL_CODES.match(c)]
            want = [
                f"{name}:{line}:{_char_position(text, at)[1]}: error: {char} {CONTROL}"
                for at, char in zip(offsets, chars, strict=True)
            ]
        result = run_cli("check", name)
        assert (result.code, result.lines) == (1, want), repr(raw)
        assert not UNPRINTABLE.search(result.out + result.err)


@pytest.mark.parametrize(("kind", "field"), FIELDS)
def test_bidi_characters_in_every_text_field_are_warnings(kind, field, tmp_path, run_cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("walk.toml").write_text(WALK_TREE, encoding="utf-8")
    name = f"{kind}.toml"
    line, col = _key_position(kind, field)
    for bidi, char in BIDI_CHARACTERS:
        Path(name).write_text(_file(kind, field, bidi), encoding="utf-8")
        result = run_cli("check", name)
        want = [f"{name}:{line}:{col}: warning: {char} in '{field}' {BIDI}"]
        if field == "cases[0].answers.q3":  # "No" and a bidi character is not the answer "No"
            shown = f"No\\u{char[2:6].lower()}"
            not_an_answer = f'case \'fields\': "{shown}" is not an answer of \'q3\' (answers: "Yes", "No")'
            want.append(f"{name}:{line}:{col}: error: {not_an_answer}")
        assert sorted(result.lines) == sorted(want), bidi
        assert result.code == (1 if len(want) > 1 else 0)
        assert not UNPRINTABLE.search(result.out + result.err)


def test_a_tree_with_a_control_sequence_never_reaches_the_terminal_through_show_or_ask(tmp_path, run_cli):
    for field in _fields("tree"):
        path = tmp_path / "tree.toml"
        path.write_text(_file("tree", field, "\\u001b]0;owned\\u0007"), encoding="utf-8")
        for command in ("show", "ask"):
            result = run_cli(command, path, stdin="1\n")
            assert result.code == 1 and result.out == "", (field, command)
            assert "\x1b" not in result.err and f"U+001B (ESC) in '{field}'" in result.err, (field, command)


# -- FIFOs and devices: never read, never waited on ----------------------------------------------


@pytest.fixture
def specials(tmp_path) -> Path:
    """A folder with a tree, a case file, a FIFO and a link to /dev/zero, all named *.toml."""
    (tmp_path / "walk.toml").write_text(WALK_TREE, encoding="utf-8")
    (tmp_path / "cases.toml").write_text((DATA / "cases" / "markup-cases.toml").read_text(encoding="utf-8"))
    os.mkfifo(tmp_path / "fifo.toml")
    (tmp_path / "zero.toml").symlink_to("/dev/zero")
    return tmp_path


NOT_REGULAR = "is not a regular file"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["show", "fifo.toml"], 1, "fifo.toml:1:1: error: cannot read this file: is not a regular file"),
        (["ask", "zero.toml"], 1, "zero.toml:1:1: error: cannot read this file: is not a regular file"),
        (["edit", "fifo.toml"], 2, "twitchtree: fifo.toml: cannot read: is not a regular file"),
        (["edit", "zero.toml"], 2, "twitchtree: zero.toml: cannot read: is not a regular file"),
        (["preview", "fifo.toml"], 2, "twitchtree: fifo.toml: not a file"),
        (["report", "--db", "fifo.toml"], 1, "twitchtree: fifo.toml: cannot read the session database: " + NOT_REGULAR),
        (["train", "--cases", "fifo.toml"], 2, "twitchtree: no cases to train on in fifo.toml"),
    ],
)  # fmt: skip
def test_fifos_and_devices_are_refused_at_once(specials, args, code, message):
    result = run_twitchtree(*args, cwd=specials)
    assert result.code == code, result.err
    assert message in result.err.splitlines()
    assert "Traceback" not in result.err


@pytest.mark.parametrize(
    ("args", "summary"),
    [
        (["check", "fifo.toml"], "1 file checked: 1 error, 0 warnings"),
        (["check", "zero.toml", "walk.toml"], "2 files checked: 1 error, 0 warnings"),
        (["test", "fifo.toml"], "0 cases: 0 passed, 0 failed; 1 file could not be read"),
        (["test", "zero.toml", "cases.toml"], "1 case: 1 passed, 0 failed; 1 file could not be read"),
        (["fmt", "fifo.toml"], None),
        (["fmt", "--check", "zero.toml", "walk.toml"], None),
        (["show", "fifo.toml"], None),
        (["ask", "zero.toml"], None),
    ],
)
def test_a_named_fifo_or_device_is_one_error_line_in_every_command(specials, args, summary):
    result = run_twitchtree(*args, cwd=specials, timeout=20)
    name = next(arg for arg in args[1:] if not arg.startswith("-"))
    line = f"{name}:1:1: error: cannot read this file: {NOT_REGULAR}"
    # The exit status of a path that cannot be read is 2 in the commands that take several (the design's
    # for check); show and ask, which read one tree, say 1.
    assert result.code == (1 if args[0] in ("show", "ask") else 2), result.err
    assert line in (result.out if args[0] in ("check", "test") else result.err).splitlines()
    assert summary is None or summary in result.err.splitlines()
    assert "twitchtree:" not in result.err and "Traceback" not in result.err


@pytest.mark.parametrize("args", [["check", "."], ["check", "cases.toml"], ["test", "cases.toml"], ["test", "."]])
def test_a_fifo_or_device_beside_the_files_checked_is_skipped_not_waited_on(specials, args):
    result = run_twitchtree(*args, cwd=specials)
    assert result.code == 0, result.out + result.err
    assert "Traceback" not in result.err


def test_a_database_path_that_is_a_fifo_is_refused_not_waited_on(specials):
    from twitchtree.training.store import StoreError, open_store

    with pytest.raises(StoreError, match="is not a regular file"):
        open_store(specials / "fifo.toml")


@pytest.mark.parametrize(
    ("uses", "message"),
    [
        ("fifo.toml", "cannot read library 'fifo.toml': is not a regular file"),
        ("zero.toml", "cannot read library 'zero.toml': is not a regular file"),
        ("../" * 40 + "dev/zero", f"cannot read library '{'../' * 40}dev/zero': is not a regular file"),
        ("../" * 40 + "dev/stdin", f"cannot read library '{'../' * 40}dev/stdin': is not a regular file"),
    ],
)
def test_uses_naming_a_fifo_or_a_device_is_a_clear_error_not_a_hang(specials, uses, message, make_tree):
    (specials / "tree.toml").write_text(make_tree(top=f'uses = ["{uses}"]'), encoding="utf-8")
    result = run_twitchtree("check", "tree.toml", cwd=specials, timeout=20)
    assert result.out.splitlines() == [f"tree.toml:5:9: error: {message}"]
    assert result.code == 1


# -- deep chains, exploding diamonds, wide questions ---------------------------------------------


def test_a_5000_step_chain_checks_shows_and_is_walked_by_ask(tmp_path, run_cli):
    path = tmp_path / "chain.toml"
    path.write_text(chain_tree(5000), encoding="utf-8")
    assert run_cli("check", path).code == 0
    shown = run_cli("show", path)
    assert shown.code == 0
    assert len(shown.lines) == 1 + 1 + 2 * 5000
    assert shown.lines[-2:] == ["│   └── No → end: [routine] Outcome end", "└── No → end: [routine] Outcome end"]
    asked = run_cli("ask", path, stdin="1\n" * 5000)
    assert asked.code == 0
    assert "Question 5000: Question q4999?" in asked.out
    assert "Outcome: Outcome end" in asked.out
    assert "5000. Question q4999? Yes" in asked.out


@pytest.mark.parametrize("name", ["diamond-explosion.toml", "diamond-wide.toml"])
def test_exploding_diamonds_are_an_error_at_once(name, run_cli, monkeypatch):
    monkeypatch.chdir(DATA)
    start = time.monotonic()
    with pytest.raises(LoadError) as error:
        load_tree(DATA / name, name, use_cache=False)
    assert [str(d) for d in error.value.errors] == expected(name)
    for args in (["show", name], ["ask", name], ["export", name, "-f", "json"]):
        result = run_cli(*args, stdin="1\n")
        assert (result.code, result.out) == (1, ""), args
        assert result.err.splitlines() == expected(name)
    assert time.monotonic() - start < 5


def test_a_thousand_chained_diamonds_never_hang(tmp_path):
    """2**1000 paths: counted, not walked."""
    path = tmp_path / "diamonds.toml"
    text = diamond_tree(1000)
    path.write_text(text, encoding="utf-8")
    result = run_twitchtree("check", path, timeout=30)
    assert result.code == 1
    line = text.splitlines().index("[nodes.end]") + 1
    assert result.out.splitlines() == [
        f"{path}:{line}:1: error: shared sub-trees expand to {2**1001 - 1:,} steps, more than the limit of 1,000,000; "
        f"node 'end' alone is reached by {2**1000:,} paths"
    ]


def test_a_300_answer_question_loads_and_ask_accepts_every_answer(run_cli):
    path = DATA / "answers-300.toml"
    tree = load_tree(path)
    assert len(tree.node("d0").answers) == 300
    for reply, label in (("300", "A300"), ("1", "A1"), ("A150", "A150"), ("a299", "A299")):
        result = run_cli("ask", path, stdin=f"{reply}\n")
        assert result.code == 0, reply
        assert "Answer 1-300, or b back, r restart, q quit:" in result.out
        assert "  300) A300\n" in result.out
        assert "Outcome: Outcome end" in result.out
        assert f"1. Question d0? {label}\n" in result.out
    refused = run_cli("ask", path, stdin="301\n0\n")
    assert refused.out.count("choose an answer from 1 to 300.") == 2
    assert refused.code == 1  # then the input ends, before an outcome
