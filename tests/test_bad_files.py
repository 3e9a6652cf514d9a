"""One bad file per kind of diagnostic: `twitchtree check` reports exactly the expected lines.

Each file in ``tests/data/bad/`` says what it must produce in comments:
``# expect: LINE:COL: severity: message`` for its own diagnostics, or
``# expect: OTHER/PATH:LINE:COL: ...`` for one in a library it uses. The check
output must be exactly those lines (no more, no fewer), and the exit code 1
if any is an error, else 0. Files that cannot hold a comment (empty, binary,
not UTF-8) are generated in tmp_path below.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

BAD = Path(__file__).resolve().parent / "data" / "bad"
_EXPECT = re.compile(r"^# expect: (.+)$", re.MULTILINE)

KINDS = {
    "toml-syntax.toml",
    "unknown-key.toml",
    "unknown-key-and-graph.toml",  # unknown keys alone do not hide the graph's problems
    "missing-key.toml",
    "missing-key-hides-graph.toml",  # other schema errors do
    "wrong-type.toml",
    "bad-id.toml",
    "dangling-next.toml",
    "dangling-start.toml",
    "dangling-conditions.toml",
    "dangling-sources.toml",
    "uses-missing.toml",
    "uses-folder.toml",
    "uses-absolute.toml",
    "uses-cycle.toml",
    "cycle.toml",
    "one-answer.toml",
    "duplicate-labels.toml",
    "outcome-answers.toml",
    "unsupported-format.toml",
    "format-as-text.toml",
    "raw-control.toml",
    "escaped-control.toml",
    "bidi-override.toml",
    "red-flag-self-care.toml",
    "screen-skipped.toml",
    "expansion-bound.toml",
    "unreachable.toml",
    "unused-condition.toml",
    "unused-source.toml",
    "no-sources.toml",
    "review-by-past.toml",
    "alias-shared.toml",
    "column-bytes.toml",  # a column after non-ASCII text counts bytes
}


def _expected(name: str) -> list[str]:
    text = (BAD / name).read_text(encoding="utf-8")
    return [line if not line[0].isdigit() else f"{name}:{line}" for line in _EXPECT.findall(text)]


def test_every_kind_has_a_bad_file():
    assert {p.name for p in BAD.glob("*.toml")} == KINDS


@pytest.mark.parametrize("name", sorted(KINDS))
def test_check_reports_exactly_the_expected_lines(name, run_cli, monkeypatch):
    monkeypatch.chdir(BAD)
    expected = _expected(name)
    assert expected, f"{name} has no '# expect:' comment"
    result = run_cli("check", name)
    assert sorted(result.lines) == sorted(expected)
    has_errors = any(": error: " in line for line in expected)
    assert result.code == (1 if has_errors else 0)
    assert "Traceback" not in result.err


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param(
            b"", "1:1: error: the file is empty; a tree needs at least format, id, title, start and nodes", id="empty"
        ),
        pytest.param(
            b" \n\t\n",
            "1:1: error: the file is empty; a tree needs at least format, id, title, start and nodes",
            id="blank",
        ),
        pytest.param(
            b'format = 1\nid = "a\0b"\n', "2:8: error: this is a binary file, not TOML text (NUL byte)", id="binary"
        ),
        pytest.param(
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "3:1: error: this is a binary file, not TOML text (NUL byte)", id="png"
        ),
        pytest.param(
            b'format = 1\ntitle = "caf\xe9"\n',
            "2:13: error: not valid UTF-8 (byte 0xe9); save the file as UTF-8",
            id="latin-1",
        ),
    ],
)
def test_files_that_cannot_hold_a_comment(raw, expected, tmp_path, run_cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("hostile.toml").write_bytes(raw)
    result = run_cli("check", "hostile.toml")
    assert result.lines == [f"hostile.toml:{expected}"]
    assert result.code == 1


def test_crlf_and_bom_keep_line_numbers(tmp_path, run_cli, monkeypatch, make_tree):
    monkeypatch.chdir(tmp_path)
    text = make_tree().replace('next = "rest"', 'next = "rets"')
    line = text.splitlines().index('  next = "rets"') + 1
    Path("crlf.toml").write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    result = run_cli("check", "crlf.toml")
    assert (
        f"crlf.toml:{line}:3: error: answer 'No' of 'first' leads to 'rets', which does not exist; did you mean 'rest'?"
        in result.lines
    )
    assert result.code == 1


def test_oversized_file_is_refused_without_reading_it_all(tmp_path, run_cli, monkeypatch):
    from twitchtree.model import document

    monkeypatch.setattr(document, "MAX_BYTES", 1024)
    monkeypatch.chdir(tmp_path)
    Path("big.toml").write_text('format = 1\ndescription = """' + "x" * 5000 + '"""\n')
    result = run_cli("check", "big.toml")
    assert len(result.lines) == 1
    assert result.lines[0].startswith("big.toml:1:1: error: file is larger than ")
    assert result.code == 1


def test_control_characters_in_keys_never_reach_the_terminal(write_toml, run_cli, make_tree):
    """Messages quote keys and values; a quoted control or bidi character must come out escaped."""
    path = write_toml(
        "keys.toml",
        make_tree(top='"\\u001b[2Jwipe" = 1\n"line\\nbreak" = 2\n').replace("[nodes.rest]", '[nodes."re\\u009bst"]'),
        dedent=False,
    )
    result = run_cli("check", path)
    assert result.code == 1
    output = result.out + result.err
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", output)
    lines = result.lines
    assert all(re.match(r"^.+:\d+:\d+: (error|warning): .+$", line) for line in lines)
    assert any(line.endswith(": error: unknown key '\\u001b[2Jwipe' in the top level") for line in lines)
    assert any(line.startswith(f"{path}:6:1: error: unknown key 'line\\u000abreak'") for line in lines)


@pytest.mark.parametrize("escape", ["\\b", "\\f", "\\r", "\\e", "\\x1b", "\\u009b"])
def test_every_escape_that_makes_a_control_character_is_an_error(escape, write_toml, make_tree, run_cli):
    """Raw control bytes are refused before parsing; escapes make them too, and must be refused as well."""
    path = write_toml(
        "escape.toml", make_tree().replace('text = "Is it bad?"', f'text = "Is it {escape}[2Jbad?"'), dedent=False
    )
    result = run_cli("check", path)
    assert result.code == 1
    (line,) = result.lines  # a control character, or (where \e and \x are not TOML) a syntax error
    assert line.startswith(f"{path}:16:") and ": error: " in line
    shown = run_cli("show", path)
    assert shown.code == 1
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", shown.out + shown.err)


@pytest.mark.parametrize(
    "text",
    [
        "format = 1\nid = {\n  x = 1 }\n",
        "format = 1\nid = { x = 1, }\n",
        "format = 1\nreviewed = 2026-01-02 07:32\n",
    ],
)
def test_toml_1_1_syntax_is_read(text, write_toml, run_cli):
    """twitchtree reads TOML 1.1 (as tomli does): its additions are never reported as syntax errors."""
    path = write_toml("toml11.toml", text, dedent=False)
    result = run_cli("check", path)
    assert not any("TOML syntax" in line for line in result.lines), result.lines
