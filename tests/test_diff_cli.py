"""``twitchtree diff``: sides from files, bundled ids and git; cases and sessions; formats; exit codes."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from builders import WALK_TREE
from diff_support import CASES, NEW, OLD

git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@pytest.fixture
def pair(write_toml):
    """The old and new triage trees in two folders, the case file beside the old one."""
    old = write_toml("old/triage.toml", OLD, dedent=False)
    new = write_toml("new/triage.toml", NEW, dedent=False)
    write_toml("old/cases.toml", CASES, dedent=False)
    return old, new


def run_diff(run_cli, *args):
    return run_cli("diff", *args, "--db", "")


def test_exit_codes_follow_diff(pair, run_cli, write_toml):
    old, new = pair
    assert run_diff(run_cli, old, old).code == 0
    assert run_diff(run_cli, old, new).code == 1
    result = run_diff(run_cli, old, write_toml("missing-start.toml", OLD.replace('start = "breathing"', 'start = "x"')))
    assert result.code == 2
    assert "missing-start.toml:" in result.err and "error" in result.err
    assert run_diff(run_cli, old, "no-such-tree").code == 2
    assert run_cli("diff", old).code == 2


def test_text_report_names_every_kind_and_the_cases(pair, run_cli):
    result = run_diff(run_cli, *pair, "--color", "never")
    out = result.out
    for heading in ("Structure", "Paths", "Outcomes", "Safety", "Questions and text", "Metadata"):
        assert f"\n{heading}\n" in out
    assert "  lasting renamed to duration" in out
    assert '  weakness → "Yes" now leads to book-visit (was see-doctor), towards less urgent outcomes' in out
    assert "  book-visit: soon → routine (de-escalated)" in out
    assert '  breathing → "Yes": red flag removed' in out
    assert "  breathing text: Any trouble breathing{+ right now+}?" in out
    assert "  version: 1.0 → 1.1" in out
    assert "Cases: 2 of 4 end elsewhere (1 case file)" in out
    assert '  weak-arm ("A weak arm"): see-doctor (urgent) → book-visit (routine), de-escalated' in out
    assert "\x1b" not in out


def test_colour_only_when_asked_or_on_a_terminal_without_no_color(pair, run_cli, monkeypatch):
    assert "\x1b[" in run_diff(run_cli, *pair, "--color", "always").out
    assert "\x1b[" not in run_diff(run_cli, *pair).out  # captured: not a terminal
    monkeypatch.setattr("sys.stdout.isatty", lambda: True, raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in run_diff(run_cli, *pair).out


@pytest.mark.parametrize(
    ("new", "code"),
    [
        (OLD.replace('urgency = "soon"', 'urgency = "routine"'), 1),  # an outcome de-escalated
        (OLD.replace('urgency = "soon"', 'urgency = "urgent"'), 0),  # escalated
        (OLD.replace('{ label = "Yes", next = "book-visit" }', '{ label = "Yes", next = "home-care" }'), 1),  # re-wired
        (OLD.replace('text = "Any new weakness?"', 'text = "Any weakness?"'), 0),  # text only
    ],
)
def test_fail_on_de_escalation(run_cli, write_toml, new, code):
    old = write_toml("old.toml", OLD, dedent=False)
    result = run_diff(
        run_cli, old, write_toml("new.toml", new, dedent=False), "--fail-on", "de-escalation", "--no-cases"
    )
    assert result.code == code


def test_fail_on_safety_and_any(pair, run_cli, write_toml):
    old, new = pair
    assert run_diff(run_cli, old, new, "--fail-on", "safety").code == 1
    escalated = write_toml("esc.toml", OLD.replace('urgency = "soon"', 'urgency = "urgent"'), dedent=False)
    assert run_diff(run_cli, old, escalated, "--fail-on", "safety").code == 0
    assert run_diff(run_cli, old, escalated, "--fail-on", "any").code == 1
    assert run_diff(run_cli, old, old, "--fail-on", "any").code == 0


def test_markdown_escapes_text_from_the_files(run_cli, write_toml):
    old = write_toml("old.toml", OLD, dedent=False)
    hostile = "Any [link](http://x) *bold* <b>tag</b> @team `code` | pipe?"
    new = write_toml("new.toml", OLD.replace("Any trouble breathing?", hostile), dedent=False)
    out = run_diff(run_cli, old, new, "--format", "markdown", "--no-cases").out
    assert out.startswith("## Tree diff: Triage v1.0 (")
    assert "### Questions and text" in out
    line = next(line for line in out.splitlines() if line.startswith("- `breathing` text"))
    assert "\\[link\\]\\(http://x\\)" in line and "\\*bold\\*" in line
    assert "<b>" not in line and "&lt;b\\>tag&lt;/b\\>" in line
    assert "&#64;team" in line and "\\`code\\`" in line and "\\|" in line


def test_json_is_versioned_and_holds_changes_cases_and_sessions(pair, run_cli):
    data = json.loads(run_diff(run_cli, *pair, "--format", "json").out)
    assert data["twitchtree_diff"] == 1
    assert (data["old"]["version"], data["new"]["version"], data["changed"], data["de_escalations"]) == (
        "1.0",
        "1.1",
        True,
        2,
    )
    assert data["renames"] == {"lasting": "duration"}
    assert {"category": "outcomes", "kind": "urgency", "scope": "node", "id": "book-visit", "field": "urgency",
            "old": "soon", "new": "routine", "direction": "de-escalated"} in data["changes"]  # fmt: skip
    assert [c["id"] for c in data["cases"]["changed"]] == ["weak-arm", "long-twitch"]
    assert data["cases"]["changed"][0]["after"] == {"outcome": "book-visit", "urgency": "routine"}
    assert data["sessions"] is None


def test_control_and_bidi_characters_from_a_file_are_escaped(run_cli, write_toml):
    old = write_toml("old.toml", OLD, dedent=False)
    new = write_toml("new.toml", OLD.replace("Any trouble breathing?", "Any \\u202etrouble?"), dedent=False)
    out = run_diff(run_cli, old, new, "--color", "never", "--no-cases").out
    assert "\u202e" not in out and "\\u202e" in out


def test_cases_named_on_the_command_line(pair, run_cli, write_toml):
    old, new = pair
    other = write_toml("elsewhere/more.toml", CASES.replace('id = "breathless"', 'id = "gasping"'), dedent=False)
    out = run_diff(run_cli, old, new, "--cases", other.parent).out
    assert "Cases: 2 of 4 end elsewhere (1 case file)" in out
    assert run_diff(run_cli, old, new, "--cases", other.parent / "nope").code == 2


# -- recorded sessions ---------------------------------------------------------------------------


def record(db, tree_id: str, *walks: dict[str, str]) -> None:
    from twitchtree.training.store import NewSession, StepRecord, open_store

    with open_store(db) as store:
        for walk in walks:
            session = store.start_session(
                NewSession(trainee="t", case_id="c", case_title="C", case_file="cases.toml", tree_id=tree_id,
                           tree_hash="h", expected_outcome="x", expected_urgency="soon", reference={}, must_ask=(),
                           started_at=1.0)
            )  # fmt: skip
            for n, (node_id, label) in enumerate(walk.items()):
                store.add_step(session, StepRecord(n + 1, n, node_id, label, 1.0, 2.0))


def test_sessions_are_replayed_from_the_database(pair, run_cli, tmp_path):
    db = tmp_path / "sessions.sqlite3"
    weak = {"breathing": "No", "weakness": "Yes"}
    record(db, "triage", weak, weak, weak, {"breathing": "Yes"}, {"breathing": "No"})
    record(db, "walk", {"q1": "Yes"})
    result = run_cli("diff", *pair, "--db", db, "--no-cases")
    assert result.code == 1
    assert (
        "  3 of 4 sessions now end elsewhere: 3 at book-visit (from see-doctor; urgent → routine, de-escalated)"
        in result.out
    )
    data = json.loads(run_cli("diff", *pair, "--db", db, "--format", "json").out)
    assert data["sessions"]["total"] == 4 and data["sessions"]["changed"] == 3


def test_the_default_database_is_used_when_it_exists(pair, run_cli, isolated_user_dirs):
    from twitchtree import paths

    assert "Recorded sessions" not in run_cli("diff", *pair).out  # none yet: nothing said
    paths.ensure(paths.sessions_db().parent)
    record(paths.sessions_db(), "triage", {"breathing": "No", "weakness": "Yes"})
    assert "1 of 1 session now ends elsewhere" in run_cli("diff", *pair).out


def test_a_database_that_is_not_one_is_an_error(pair, run_cli, tmp_path):
    bad = tmp_path / "bad.sqlite3"
    bad.write_text("not a database")
    result = run_cli("diff", *pair, "--db", bad)
    assert result.code == 2 and "bad.sqlite3" in result.err
    assert run_cli("diff", *pair, "--db", tmp_path / "none.sqlite3").code == 2


# -- git -------------------------------------------------------------------------------------------


def _git(repo, *args):
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args], cwd=repo, check=True, capture_output=True
    )


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A repository whose first commit holds the old tree, a library and the cases; the work tree the new ones."""
    repo = tmp_path / "repo"
    (repo / "trees" / "cases").mkdir(parents=True)
    library = (
        'format = 1\n\n[conditions.cond]\nname = "A condition"\nsummary = "Usually harmless."\nsources = ["src"]\n'
    )
    library += '\n[sources.src]\ntitle = "A source"\n'
    strip = '\n[sources.src]\ntitle = "A source"\n\n[conditions.cond]\nname = "A condition"\n'
    (repo / "trees" / "triage.toml").write_text(
        OLD.replace(strip + 'summary = "Usually harmless."\nsources = ["src"]\n', "").replace(
            'start = "breathing"', 'start = "breathing"\nuses = ["conditions.toml"]'
        )
    )
    (repo / "trees" / "conditions.toml").write_text(library)
    (repo / "trees" / "cases" / "triage.toml").write_text(CASES)
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "v1")
    (repo / "trees" / "conditions.toml").write_text(library.replace("Usually harmless.", "Often harmless."))
    monkeypatch.chdir(repo)
    return repo


@git
def test_a_git_revision_is_read_with_its_libraries(repo, run_cli):
    result = run_diff(run_cli, "HEAD:trees/triage.toml", "trees/triage.toml")
    assert result.code == 1, result.err
    assert "condition cond summary: {+Often+}[-Usually-] harmless." in result.out or (
        "condition cond summary: [-Usually-]{+Often+} harmless." in result.out
    )
    assert result.out.startswith("Triage v1.0 (HEAD:trees/triage.toml) → Triage v1.0 (trees/triage.toml)")
    assert "Cases: 0 of 4 end elsewhere (1 case file)" in result.out


@git
def test_paths_relative_to_the_current_folder_with_dot_slash(repo, run_cli, monkeypatch):
    monkeypatch.chdir(repo / "trees")
    assert run_diff(run_cli, "HEAD:./triage.toml", "triage.toml").code == 1
    assert run_diff(run_cli, "HEAD:trees/triage.toml", "HEAD:./triage.toml").code == 0


@git
@pytest.mark.parametrize(
    ("side", "message"),
    [
        ("no-such-rev:trees/triage.toml", "no-such-rev:trees/triage.toml: "),
        ("HEAD:trees/none.toml", "HEAD:trees/none.toml: "),
        ("HEAD:trees", "is a tree at that revision, not a file"),
        ("--output=x:trees/triage.toml", "is not a revision"),
        ("HEAD:../outside.toml", "outside the repository"),
    ],
)
def test_a_bad_revision_or_path_is_a_clear_error(repo, run_cli, side, message):
    result = run_cli("diff", "--db", "", "--", side, "trees/triage.toml")
    assert result.code == 2
    assert message in result.err
    assert "Traceback" not in result.err
    assert not (repo / "x").exists()


def test_outside_a_repository_git_sides_say_so(run_cli, tmp_path, monkeypatch, write_toml):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    result = run_diff(run_cli, "HEAD:tree.toml", write_toml("tree.toml", WALK_TREE, dedent=False))
    assert result.code == 2
    assert "not inside a git repository" in result.err


# -- textconv --------------------------------------------------------------------------------------


def test_textconv_prints_one_fact_per_line(write_toml, run_cli):
    result = run_cli("diff", "--textconv", write_toml("walk.toml", WALK_TREE, dedent=False))
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[:4] == ["format = 1", 'id = "walk"', 'title = "Walk"', 'start = "q1"']
    assert 'nodes.q1.answers["Yes"].next = "q2"' in lines
    assert 'nodes.q1.answers["Yes"].why = "Spreading needs a closer look."' in lines
    assert 'nodes.q2.answers["Yes"].red_flag = true' in lines
    assert 'nodes.home.urgency = "self-care"' in lines


def test_textconv_is_the_same_for_the_same_meaning_and_shows_broken_files_as_they_are(write_toml, run_cli):
    inline = run_cli("diff", "--textconv", write_toml("a.toml", WALK_TREE, dedent=False)).out
    tables = WALK_TREE.replace(
        'answers = [{ label = "Yes", next = "soon" }, { label = "No", next = "home" }]',
        '\n  [[nodes.q3.answers]]\n  label = "Yes"\n  next = "soon"\n'
        '\n  [[nodes.q3.answers]]\n  next = "home"\n  label = "No"',
    )
    assert run_cli("diff", "--textconv", write_toml("b.toml", "# comment\n" + tables, dedent=False)).out == inline
    broken = write_toml("c.toml", "format = [\n", dedent=False)
    assert run_cli("diff", "--textconv", broken).out == "format = [\n"


# -- the bundled tree ------------------------------------------------------------------------------


def test_an_edited_copy_of_the_bundled_tree_names_the_outcome_and_its_cases(run_cli, tmp_path):
    """The default tree, copied with its library and cases, one outcome a case reaches made an emergency."""
    import tomllib

    from twitchtree.paths import DEFAULT_TREE, bundled, bundled_trees

    copy = tmp_path / "trees"
    shutil.copytree(bundled("trees"), copy)
    tree = bundled_trees()[DEFAULT_TREE]
    files = [tomllib.loads(path.read_text()) for path in sorted((copy / "cases").glob("*.toml"))]
    cases = [case for data in files if data.get("tree") == DEFAULT_TREE for case in data.get("cases", [])]
    target = next(c["expect"]["outcome"] for c in cases if c["expect"]["urgency"] != "emergency")
    reaching = sorted(c["id"] for c in cases if c["expect"]["outcome"] == target)
    text = (copy / tree.name).read_text()
    start = text.index(f"[nodes.{target}]")
    at = text.index("urgency = ", start)
    end = text.index("\n", at)
    old_urgency = text[at:end].split('"')[1]
    (copy / tree.name).write_text(text[:at] + 'urgency = "emergency"' + text[end:])

    result = run_diff(run_cli, tree, copy / tree.name, "--format", "json", "--cases", copy / "cases")
    assert result.code == 1, result.err
    data = json.loads(result.out)
    assert [(c["id"], c["old"], c["new"], c["direction"]) for c in data["changes"]] == [
        (target, old_urgency, "emergency", "escalated")
    ]
    changed = data["cases"]["changed"]
    assert sorted(c["id"] for c in changed) == reaching
    assert {c["direction"] for c in changed} == {"escalated"}
    assert run_diff(run_cli, tree, copy / tree.name, "--fail-on", "de-escalation").code == 0
