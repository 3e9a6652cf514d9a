"""The loader: bytes → TOML → models → checked graph → Tree, with libraries, the cache and the bounds."""

from __future__ import annotations

import os
import time
from datetime import date

import pytest

from builders import balanced_tree, chain_tree, diamond_tree
from twitchtree.model import cache
from twitchtree.model import document as document_module
from twitchtree.model.check import check_file
from twitchtree.model.diagnostics import LoadError
from twitchtree.model.graph import MAX_EXPANDED
from twitchtree.model.load import load_tree
from twitchtree.model.spec import DEFAULT_DISCLAIMER
from twitchtree.model.stats import Stats

LIBRARY = """\
format = 1

[sources.lib-src]
title = "Library source"

[conditions.als]
name = "Amyotrophic lateral sclerosis (ALS)"
aliases = ["motor neuron disease"]
summary = "{summary}"
sources = ["lib-src"]
"""


def _with_library(make_tree) -> str:
    return make_tree(top='uses = ["lib/conditions.toml"]').replace(
        'conditions = ["cond"]', 'conditions = ["cond", "als"]'
    )


# -- a valid tree ------------------------------------------------------------------


def test_valid_tree_loads_with_its_fields(tree_file):
    tree = load_tree(tree_file)
    assert (tree.id, tree.title, tree.label, tree.start) == ("demo", "Demo tree", "Demo tree", "first")
    assert tree.disclaimer == DEFAULT_DISCLAIMER
    assert tree.diagnostics == ()
    assert tree.node_ids == ["first", "see-doctor", "rest"]
    first = tree.node("first")
    assert first.type == "question"
    assert [(a.label, a.next, a.red_flag) for a in first.answers] == [
        ("Yes", "see-doctor", True),
        ("No", "rest", False),
    ]
    assert [o.id for o in tree.outcomes()] == ["see-doctor", "rest"]
    assert tree.node("rest").urgency_words.startswith("Self-care")
    assert tree.conditions["cond"].name == "A condition"
    assert tree.sources["src"].title == "A source"
    assert tree.files == (tree_file,)
    with pytest.raises(KeyError):
        tree.node("nope")


def test_optional_metadata_is_kept(write_toml, make_tree):
    top = 'version = "2.1"\ndisclaimer = "Ask a nurse."\nauthors = ["A", "B"]\n'
    top += "reviewed = 2026-01-02\nreview_by = 2999-01-01"
    tree = load_tree(write_toml("meta.toml", make_tree(top=top), dedent=False))
    assert tree.label == "Demo tree v2.1"
    assert tree.disclaimer == "Ask a nurse."
    assert tree.authors == ("A", "B")
    assert (tree.reviewed, tree.review_by) == (date(2026, 1, 2), date(2999, 1, 1))


def test_stats_count_questions_outcomes_paths_and_expanded_steps(tree_file, write_toml):
    assert load_tree(tree_file).stats == Stats(questions=1, outcomes=2, unreachable=0, paths=2, expanded=3)
    diamonds = load_tree(write_toml("d.toml", diamond_tree(3), dedent=False))
    # d0 → 2×d1 → 4×d2 → 8×end: 1 + 2 + 4 + 8 steps once expanded
    assert diamonds.stats == Stats(questions=3, outcomes=1, unreachable=0, paths=8, expanded=15)


def test_stats_count_unreachable_nodes_and_keep_the_warning(write_toml, make_tree):
    extra = '\n[nodes.orphan]\ntype = "outcome"\nurgency = "soon"\ntitle = "T"\ntext = "X"\nsources = ["src"]\n'
    path = write_toml("orphan.toml", make_tree(extra=extra), dedent=False)
    tree = load_tree(path)
    assert tree.stats.unreachable == 1
    assert [str(d) for d in tree.diagnostics] == [
        f"{path}:43:1: warning: node 'orphan' cannot be reached from the start node 'first'"
    ]


def test_a_tree_with_errors_raises_load_error_with_every_diagnostic_errors_first(write_toml, make_tree):
    text = (
        make_tree()
        .replace('next = "rest"', 'next = "nowhere"')
        .replace('start = "first"', 'start = "first"\nreview_by = 2000-01-01')
    )
    path = write_toml("bad.toml", text, dedent=False)
    with pytest.raises(LoadError) as caught:
        load_tree(path)
    severities = [d.severity for d in caught.value.diagnostics]
    assert severities == ["error", "warning", "warning"]
    assert [d.line for d in caught.value.errors] == [28]
    assert (
        str(caught.value).splitlines()[0].startswith(f"{path}:28:3: error: answer 'No' of 'first' leads to 'nowhere'")
    )


def test_an_unreadable_path_is_a_load_error_not_an_oserror(tmp_path):
    with pytest.raises(LoadError) as caught:
        load_tree(tmp_path / "missing.toml")
    assert str(caught.value).endswith(":1:1: error: cannot read this file: No such file or directory")
    with pytest.raises(LoadError, match="cannot read this file"):
        load_tree(tmp_path)


# -- libraries ---------------------------------------------------------------------


def test_libraries_named_by_uses_provide_conditions_and_sources(write_toml, make_tree):
    write_toml("lib/conditions.toml", LIBRARY.format(summary="Motor neurons degenerate."), dedent=False)
    path = write_toml("tree.toml", _with_library(make_tree), dedent=False)
    tree = load_tree(path)
    assert tree.conditions["als"].aliases == ("motor neuron disease",)
    assert tree.sources["lib-src"].title == "Library source"
    assert tree.node("first").conditions == ("cond", "als")
    assert [p.name for p in tree.files] == ["tree.toml", "conditions.toml"]


def test_a_library_resolves_its_own_uses_relative_to_itself(write_toml, make_tree):
    index = 'format = 1\nuses = ["more/extra.toml"]\n\n[sources.index]\ntitle = "Index"\n'
    write_toml("lib/conditions.toml", index, dedent=False)
    write_toml("lib/more/extra.toml", LIBRARY.format(summary="Nested."), dedent=False)
    tree = load_tree(write_toml("tree.toml", _with_library(make_tree), dedent=False))
    assert tree.conditions["als"].summary == "Nested."
    assert len(tree.files) == 3


def test_a_condition_defined_in_both_tree_and_library_is_an_error(write_toml, make_tree, monkeypatch, tmp_path):
    write_toml("lib/conditions.toml", LIBRARY.format(summary="One."), dedent=False)
    text = _with_library(make_tree).replace(
        "[conditions.cond]", '[conditions.als]\nname = "Again"\nsummary = "Twice."\n\n[conditions.cond]'
    )
    write_toml("tree.toml", text, dedent=False)
    monkeypatch.chdir(tmp_path)
    lines = [str(d) for d in check_file(tmp_path / "tree.toml", "tree.toml")]
    assert "lib/conditions.toml:6:1: error: condition 'als' is already defined in tree.toml" in lines
    assert "tree.toml:5:9: error: library 'lib/conditions.toml' has errors" in lines


def test_a_library_with_errors_fails_the_tree(write_toml, make_tree):
    write_toml("lib/conditions.toml", LIBRARY.format(summary="x").replace("summary", "sumary"), dedent=False)
    path = write_toml("tree.toml", _with_library(make_tree), dedent=False)
    with pytest.raises(LoadError) as caught:
        load_tree(path)
    messages = [d.message for d in caught.value.errors]
    assert "library 'lib/conditions.toml' has errors" in messages
    assert "unknown key 'sumary' in [conditions.als]; did you mean 'summary'?" in messages


def test_a_library_with_only_an_unknown_key_is_still_read_for_the_tree_checks(write_toml, make_tree):
    """The author sees the one mistake, not also each of the library's conditions called undefined."""
    library = LIBRARY.format(summary="x").replace('sources = ["lib-src"]', 'sources = ["nowhere"]\ncolour = "red"')
    write_toml("lib/conditions.toml", library, dedent=False)
    path = write_toml("tree.toml", _with_library(make_tree), dedent=False)
    messages = sorted(d.message for d in check_file(path) if d.is_error)
    assert messages == [
        "library 'lib/conditions.toml' has errors",
        "source 'nowhere' is not defined",
        "unknown key 'colour' in [conditions.als]",
    ]


def test_an_alias_shared_with_a_condition_in_another_file_is_a_warning_at_the_alias(
    write_toml, make_tree, monkeypatch, tmp_path
):
    """A reader who knows "a condition" or "Lou Gehrig" cannot tell which note is meant, whichever file says it."""
    library = LIBRARY.format(summary="x").replace(
        'aliases = ["motor neuron disease"]', 'aliases = ["A  CONDITION", "Lou Gehrig", "motor neuron disease"]'
    )
    write_toml("lib/conditions.toml", library, dedent=False)
    tree = _with_library(make_tree).replace('name = "A condition"', 'name = "A condition"\naliases = ["Lou Gehrig"]')
    write_toml("tree.toml", tree, dedent=False)
    monkeypatch.chdir(tmp_path)
    lines = [str(d) for d in check_file(tmp_path / "tree.toml", "tree.toml")]
    assert sorted(lines) == [
        "lib/conditions.toml:8:12: warning: alias 'A  CONDITION' of 'als' is also the name of 'cond' in tree.toml;"
        " keep it on one of them",
        "lib/conditions.toml:8:28: warning: alias 'Lou Gehrig' of 'als' is also an alias of 'cond' in tree.toml;"
        " keep it on one of them",
    ]
    assert check_file(tmp_path / "lib" / "conditions.toml") == []  # alone, the library shares no name


def test_a_tree_file_named_in_uses_is_not_a_library(write_toml, make_tree):
    write_toml("other.toml", make_tree("other"), dedent=False)
    path = write_toml("tree.toml", make_tree(top='uses = ["other.toml"]'), dedent=False)
    lines = [str(d) for d in check_file(path)]
    assert f"{path}:5:9: error: 'other.toml' is a tree file, not a condition library" in lines


# -- the cache ---------------------------------------------------------------------


def test_warm_load_comes_from_the_cache_under_xdg_cache_home(tree_file, isolated_user_dirs, monkeypatch):
    cold = load_tree(tree_file)
    entries = list((isolated_user_dirs.cache / "twitchtree" / "trees").iterdir())
    assert len(entries) == 1

    def no_parsing(*args, **kwargs):
        raise AssertionError("a warm load must not parse the file again")

    monkeypatch.setattr(document_module, "parse_document", no_parsing)
    warm = load_tree(tree_file)
    assert warm is not cold
    assert [warm.node(n) for n in warm.node_ids] == [cold.node(n) for n in cold.node_ids]
    assert (warm.stats, warm.content_hash, warm.files) == (cold.stats, cold.content_hash, cold.files)
    assert warm.conditions == cold.conditions and warm.sources == cold.sources
    assert warm.node("first") == cold.node("first")


def test_use_cache_false_neither_reads_nor_writes_it(tree_file, isolated_user_dirs):
    load_tree(tree_file, use_cache=False)
    assert not (isolated_user_dirs.cache / "twitchtree" / "trees").exists()


def test_a_changed_library_misses_the_cache(write_toml, make_tree):
    library = write_toml("lib/conditions.toml", LIBRARY.format(summary="Old summary."), dedent=False)
    path = write_toml("tree.toml", _with_library(make_tree), dedent=False)
    assert load_tree(path).conditions["als"].summary == "Old summary."
    library.write_text(LIBRARY.format(summary="New summary."))
    assert load_tree(path).conditions["als"].summary == "New summary."


def test_a_changed_tree_misses_the_cache(tree_file):
    load_tree(tree_file)
    tree_file.write_text(tree_file.read_text().replace("Is it bad?", "Is it worse?"))
    assert load_tree(tree_file).node("first").text == "Is it worse?"


def test_identical_tree_files_in_two_folders_each_get_their_own_library(write_toml, make_tree):
    """The cache is keyed by the tree's bytes; a copy next to a different library must not get the first one's."""
    for folder, summary in (("a", "Library A."), ("b", "Library B.")):
        write_toml(f"{folder}/lib/conditions.toml", LIBRARY.format(summary=summary), dedent=False)
        write_toml(f"{folder}/tree.toml", _with_library(make_tree), dedent=False)
    tree_a = load_tree(write_toml("a/tree.toml", _with_library(make_tree), dedent=False))
    tree_b = load_tree(tree_a.path.parent.parent / "b" / "tree.toml")
    assert tree_a.conditions["als"].summary == "Library A."
    assert tree_b.conditions["als"].summary == "Library B."
    assert all("b" in p.parts for p in tree_b.files)


def test_review_by_is_judged_on_each_load_even_from_the_cache(write_toml, make_tree):
    path = write_toml("r.toml", make_tree(top="review_by = 2030-06-01"), dedent=False)
    assert load_tree(path, today=date(2030, 5, 31)).diagnostics == ()
    late = load_tree(path, today=date(2030, 6, 2))
    assert [str(d) for d in late.diagnostics] == [
        f"{path}:5:1: warning: review_by date 2030-06-01 has passed; this tree is due for review"
    ]


def test_warnings_survive_a_warm_load(write_toml, make_tree):
    path = write_toml(
        "w.toml",
        make_tree().replace('text = "Within a day or two."\nsources = ["src"]', 'text = "Soon."'),
        dedent=False,
    )
    cold = load_tree(path)
    assert [d.message for d in cold.diagnostics] == ["node 'see-doctor' cites no sources"]
    assert load_tree(path).diagnostics == cold.diagnostics


def test_a_corrupt_cache_entry_is_ignored(tree_file, isolated_user_dirs):
    load_tree(tree_file)
    for entry in (isolated_user_dirs.cache / "twitchtree" / "trees").iterdir():
        entry.write_bytes(b"\x00garbage")
    assert load_tree(tree_file).node("first").text == "Is it bad?"


def test_an_unwritable_cache_only_costs_speed(tree_file, isolated_user_dirs, monkeypatch):
    isolated_user_dirs.cache.parent.mkdir(parents=True, exist_ok=True)
    isolated_user_dirs.cache.write_text("a file where the cache folder should be")
    assert load_tree(tree_file).id == "demo"


def test_the_cache_keeps_the_most_recently_used_entries(tree_file, isolated_user_dirs, monkeypatch):
    monkeypatch.setattr(cache, "KEEP", 3)
    folder = isolated_user_dirs.cache / "twitchtree" / "trees"
    text = tree_file.read_text()
    load_tree(tree_file)  # version 0, then 1, 2 and 3: four saved versions of one tree
    first = next(folder.iterdir())
    for version in (1, 2):
        os.utime(first, (1, 1))  # long ago, unless it is used again
        tree_file.write_text(text.replace("Is it bad?", f"Is it bad ({version})?"))
        load_tree(tree_file)
    tree_file.write_text(text)
    load_tree(tree_file)  # version 0 again: a hit, so it is now the most recently used
    tree_file.write_text(text.replace("Is it bad?", "Is it bad (3)?"))
    load_tree(tree_file)
    entries = set(folder.iterdir())
    assert len(entries) == 3
    assert first in entries


# -- bounds ------------------------------------------------------------------------


def test_a_5000_deep_chain_loads_and_checks_without_recursion_error(write_toml):
    path = write_toml("chain.toml", chain_tree(5000), dedent=False)
    assert check_file(path) == []
    tree = load_tree(path)
    assert tree.stats.questions == 5000
    assert tree.stats.paths == 5001


@pytest.mark.parametrize(
    ("text", "steps"),
    [
        pytest.param(diamond_tree(25), "67,108,863", id="2^25"),
        pytest.param(diamond_tree(7, width=10), "11,111,111", id="10^7"),
    ],
)
def test_the_expansion_bound_is_an_error_not_a_hang(write_toml, text, steps):
    path = write_toml("diamonds.toml", text, dedent=False)
    started = time.monotonic()
    errors = [d for d in check_file(path) if d.is_error]
    assert time.monotonic() - started < 10
    assert [(d.line, d.col) for d in errors] == [(text.splitlines().index("[nodes.end]") + 1, 1)]
    assert f"expand to {steps} steps, more than the limit of {MAX_EXPANDED:,}" in errors[0].message
    with pytest.raises(LoadError):
        load_tree(path)


def test_just_under_the_expansion_bound_loads(write_toml):
    tree = load_tree(write_toml("d.toml", diamond_tree(18), dedent=False))
    assert tree.stats.expanded == 2**19 - 1 <= MAX_EXPANDED


def test_a_10000_node_tree_loads_and_is_counted(write_toml):
    """(How fast is `make bench`'s business: `check` and `big`, side by side with the standard library.)"""
    path = write_toml("wide.toml", balanced_tree(10_001), dedent=False)
    tree = load_tree(path)
    assert tree.stats == Stats(questions=5000, outcomes=5001, unreachable=0, paths=5001, expanded=10_001)


def test_a_library_condition_citing_an_undefined_source_is_an_error(write_toml, make_tree, monkeypatch, tmp_path):
    write_toml(
        "lib/conditions.toml",
        LIBRARY.format(summary="One.").replace('sources = ["lib-src"]', 'sources = ["lib-scr"]'),
        dedent=False,
    )
    write_toml("tree.toml", _with_library(make_tree), dedent=False)
    monkeypatch.chdir(tmp_path)
    lines = [str(d) for d in check_file(tmp_path / "tree.toml", "tree.toml")]
    assert sorted(lines) == [
        "lib/conditions.toml:10:12: error: source 'lib-scr' is not defined; did you mean 'lib-src'?",
        "tree.toml:5:9: error: library 'lib/conditions.toml' has errors",
    ]


@pytest.mark.parametrize(
    ("text", "what"),
    [
        (LIBRARY.format(summary="x"), "a condition library"),
        ('format = 1\ntree = "demo"\ncases = []\n', "a case file"),
    ],
)
def test_loading_a_file_that_is_not_a_tree_says_so(write_toml, text, what):
    path = write_toml("other.toml", text, dedent=False)
    with pytest.raises(LoadError) as caught:
        load_tree(path)
    assert str(caught.value) == f"{path}:1:1: error: this is {what}, not a tree (a tree has `start` and `[nodes]`)"
