"""The graph exports against their real consumers: Graphviz's ``dot``, Mermaid's lexer rules, networkx.

``dot`` must be installed (``.ci/run`` installs graphviz). mermaid-cli is not
available offline, so Mermaid's guards are checked against the rules of its
lexer that caused the trouble; when ``mmdc`` is on the PATH (or named by
``MMDC``) an extra test renders the hostile tree with it and reads the labels
back from the SVG.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess

import networkx as nx
import pytest

from builders import WALK_TREE, balanced_tree
from twitchtree.model.export import DOT_EDGE_WRAP, DOT_WRAP, to_dot, to_json, to_mermaid
from twitchtree.model.load import load_tree
from twitchtree.paths import bundled_trees

HOSTILE = r"""format = 1
id = "hostile"
title = "Hostile \"labels\" \\ <b>bold</b> &amp; direction TB"
description = "What it is."
disclaimer = "Not a diagnosis."
reviewed = 2026-01-01
review_by = 2027-01-01
start = "q1"

[sources.src]
title = "S"
url = "https://example.org/s"

[conditions.cond]
name = "A condition"
summary = "One line."
notes = "Longer notes."
sources = ["src"]

[nodes.q1]
type = "question"
text = "LONG_TEXT"
conditions = ["cond"]
sources = ["src"]
screens = "emergency"
answers = [
  { label = "Yes \"really\" \\", next = "out", red_flag = true, why = "Because." },
  { label = "<No> Direction lr & `tick`", next = "out2" },
  { label = "ends with backslash \\", next = "out2" },
]

[nodes.out]
type = "outcome"
urgency = "emergency"
title = "Call \"now\" \\ <i>x</i>"
text = "x"
red_flags = ["Worse"]
sources = ["src"]

[nodes.out2]
type = "outcome"
urgency = "routine"
title = "Rest\nat home \\"
text = "x"
sources = ["src"]
""".replace(
    "LONG_TEXT",
    r"Is it \"quoted\", a back\\slash \\N \\l \\G, <b>html</b> &amp; &lt; or\na newline? direction TB `code` \\n "
    r"%% # | ; {brace} [x] Supercalifragilisticexpialidociousandmorelongwordwithoutspaces",
)

dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed (.ci/run installs it)")


@pytest.fixture
def hostile(write_toml):
    return load_tree(write_toml("hostile.toml", HOSTILE, dedent=False), use_cache=False)


def render_svg(source: str) -> tuple[str, str]:
    done = subprocess.run(["dot", "-Tsvg"], input=source, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout, done.stderr


def svg_size(svg: str) -> tuple[float, float]:
    width, height = re.search(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"', svg).groups()
    return float(width), float(height)


# -- DOT --------------------------------------------------------------------------------------------


@dot
def test_dot_renders_hostile_labels_without_a_warning_and_as_written(hostile):
    svg, warnings = render_svg(to_dot(hostile))
    assert warnings == ""
    texts = " ".join(html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg))
    for piece in [
        '"quoted",',
        "back\\slash",
        "\\N \\l \\G,",
        "<b>html</b>",
        "&amp;",
        "`code`",
        "\\n",
        "Rest at home \\",
    ]:
        assert piece in texts


@dot
@pytest.mark.parametrize("tree_id", sorted(bundled_trees()))
def test_dot_of_each_bundled_tree_renders_without_warnings_about_a_screens_shape(tree_id):
    svg, warnings = render_svg(to_dot(load_tree(bundled_trees()[tree_id])))
    assert warnings == ""
    width, height = svg_size(svg)
    assert 0.4 <= width / height <= 2.5, (width, height)  # neither a ribbon nor a tower


def label_lines(source: str) -> list[str]:
    """A DOT label's lines as Graphviz shows them: ``\\n`` breaks a line, other escapes and entities are text."""
    lines = [""]
    for token in re.findall(r"\\.|[^\\]", source):
        if token == "\\n":
            lines.append("")
        else:
            lines[-1] += token[-1]
    return [html.unescape(line) for line in lines]


def test_dot_wraps_labels_and_colours_outcomes_with_the_word_kept(hostile):
    lines = to_dot(hostile).splitlines()
    for line in lines:
        label = re.search(r'label="((?:[^"\\]|\\.)*)"', line)
        if label and line.startswith('    "') and "->" not in line:
            assert all(len(part) <= DOT_WRAP for part in label_lines(label.group(1)))
        elif label and "->" in line:
            assert all(len(part) <= DOT_EDGE_WRAP for part in label_lines(label.group(1)))
    out = next(line for line in lines if line.startswith('    "out" ['))
    assert 'label="EMERGENCY\\n' in out and 'fillcolor="#b3261e"' in out
    routine = next(line for line in lines if line.startswith('    "out2" ['))
    assert 'label="ROUTINE\\n' in routine and 'fillcolor="#1e88e5"' in routine
    assert "[screens emergency]" in next(line for line in lines if line.startswith('    "q1" ['))


# -- Mermaid ------------------------------------------------------------------------------------

MERMAID_DIRECTION = re.compile(r"^(?:.*direction\s+(TB|BT|RL|LR)[^\n]*)", re.IGNORECASE)
"""The rule of Mermaid's flowchart lexer that takes a whole line for a direction statement."""


def test_mermaid_labels_never_look_like_a_direction_statement(hostile):
    text = to_mermaid(hostile)
    assert "direction" not in HOSTILE.lower() or "irection TB" in text  # the words are kept
    for line in text.splitlines():
        assert not MERMAID_DIRECTION.match(line), line


def test_mermaid_writes_entities_ampersands_backslashes_and_backticks_as_written(hostile):
    labels = re.findall(r'"([^"]*)"', to_mermaid(hostile))
    assert labels
    for label in labels:
        assert not set(label) & set("&\\`<>|%")
    q1 = next(label for label in labels if label.startswith("q1: "))
    assert "#38;amp;" in q1  # &amp; shows as "&amp;", not "&"
    assert "#92;n" in q1  # a literal \n is not a line break
    assert "#96;code#96;" in q1  # backticks are not Markdown


def test_mermaid_warns_about_trees_too_big_to_draw_and_suggests_dot(write_toml, run_cli):
    small = run_cli("export", write_toml("walk.toml", WALK_TREE, dedent=False), "-f", "mermaid")
    assert (small.code, small.err) == (0, "")
    big = run_cli("export", write_toml("big.toml", balanced_tree(1001), dedent=False), "-f", "mermaid")
    assert big.code == 0
    assert "warning: 1000 edges: Mermaid draws at most 500" in big.err
    assert "characters: Mermaid reads at most 50000" in big.err
    assert "use --format dot" in big.err
    assert big.out.startswith("flowchart TD")


def _mmdc() -> str | None:
    return os.environ.get("MMDC") or shutil.which("mmdc")


@pytest.mark.skipif(_mmdc() is None or shutil.which("chromium") is None, reason="mermaid-cli or chromium missing")
def test_mermaid_cli_draws_every_label_as_written(hostile, tmp_path):
    source = tmp_path / "h.mmd"
    source.write_text(to_mermaid(hostile))
    (tmp_path / "p.json").write_text(json.dumps({"executablePath": shutil.which("chromium"), "args": ["--no-sandbox"]}))
    done = subprocess.run(
        [_mmdc(), "-p", tmp_path / "p.json", "-i", source, "-o", tmp_path / "h.svg"], capture_output=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    svg = (tmp_path / "h.svg").read_text()
    shown = [
        html.unescape(re.sub(r"<[^>]+>", "", m)) for m in re.findall(r"<foreignObject.*?</foreignObject>", svg, re.S)
    ]
    assert "<No> Direction lr & `tick`" in shown
    assert any("&amp; &lt;" in s and "direction TB `code` \\n" in s for s in shown)


# -- JSON ----------------------------------------------------------------------------------------


def test_networkx_loads_the_json_export_as_it_is(hostile):
    data = json.loads(to_json(hostile))
    graph = nx.node_link_graph(data)  # networkx's own defaults: edges="edges", directed and multigraph from the data
    assert isinstance(graph, nx.MultiDiGraph)
    assert set(graph.nodes) == {"q1", "out", "out2"}
    assert graph.number_of_edges() == 3  # two answers to out2 stay two edges
    assert sorted(graph["q1"]["out2"]) == [1, 2]
    assert graph["q1"]["out"][0] == {"label": 'Yes "really" \\', "why": "Because.", "red_flag": True}
    assert graph.nodes["q1"]["screens"] == "emergency"
    assert graph.nodes["out"]["red_flags"] == ["Worse"]
    assert graph.graph["disclaimer"] == "Not a diagnosis."
    assert graph.graph["description"] == "What it is."
    assert (graph.graph["reviewed"], graph.graph["review_by"]) == ("2026-01-01", "2027-01-01")
    assert graph.graph["conditions"]["cond"]["notes"] == "Longer notes."
    assert graph.graph["sources"]["src"]["url"] == "https://example.org/s"
    assert next(iter(nx.topological_sort(graph))) == graph.graph["start"]


def test_networkx_round_trip_writes_back_the_same_graph(hostile):
    data = json.loads(to_json(hostile))
    again = nx.node_link_data(nx.node_link_graph(data))
    assert {n["id"] for n in again["nodes"]} == {n["id"] for n in data["nodes"]}
    key = lambda e: (e["source"], e["key"])  # noqa: E731
    assert sorted(again["edges"], key=key) == sorted(data["edges"], key=key)


def test_the_json_export_carries_every_key_of_every_record(hostile):
    data = json.loads(to_json(hostile))
    from twitchtree.model.spec import Answer, Outcome, Question, TreeFile

    assert set(data["graph"]) == set(TreeFile._fields) - {"nodes"}
    kinds = {"question": Question, "outcome": Outcome}
    for node in data["nodes"]:
        assert set(node) == set(kinds[node["type"]]._fields) - {"answers"}
    for edge in data["edges"]:
        assert set(edge) == (set(Answer._fields) - {"next"}) | {"source", "target", "key"}
