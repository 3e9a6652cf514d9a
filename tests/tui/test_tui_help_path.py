"""A question's help (simple help drawn as text, richer help as Markdown) and the reasoning path's lines."""

from __future__ import annotations

import asyncio

import pytest
from textual import events
from textual.widgets import Markdown

from builders import make_tree
from support import SIZE, region_text, screen_text, wait_for
from twitchtree.tui.help_text import simple_help
from twitchtree.tui.visuals import Hanging

HELP_TREE = """\
format = 1
id = "helps"
title = "Helps"
start = "plain"

[nodes.plain]
type = "question"
text = "Plain help?"
help = \"\"\"
Count it if the twitching *comes back* on
most days.

A **second** paragraph.
\"\"\"

  [[nodes.plain.answers]]
  label = "Go on"
  next = "listed"
  why = "A reason long enough to wrap onto a second line inside the narrow path panel of this test."

  [[nodes.plain.answers]]
  label = "Stop here, because a label this long has to wrap onto another line of the question card"
  next = "done"

[nodes.listed]
type = "question"
text = "Listed help?"
help = \"\"\"
Count any of:

1. a change in your voice
2. food sticking when you swallow
\"\"\"

  [[nodes.listed.answers]]
  label = "Yes"
  next = "done"

  [[nodes.listed.answers]]
  label = "No"
  next = "done"

[nodes.done]
type = "outcome"
urgency = "routine"
title = "Mention it next time"
text = "Mention it at your next visit."
"""


@pytest.mark.parametrize(
    ("markdown", "plain", "styles"),
    [
        ("One line.", "One line.", []),
        ("Soft\nbreaks join.\n\nTwo paragraphs.", "Soft breaks join.\n\nTwo paragraphs.", []),
        ("Call *fasciculation* a **twitch**.", "Call fasciculation a twitch.", ["italic", "bold"]),
        ("It hurts! Really?", "It hurts! Really?", []),
        ("- one\n- **two**: more", "• one\n• two: more", ["bold"]),
        (
            "Any of:\n* one\n* two,\n  wrapped\nand lazily\n\nThen this.",
            "Any of:\n\n• one\n• two, wrapped and lazily\n\nThen this.",
            [],
        ),
        ("+ one\n\n\nAfter.", "• one\n\nAfter.", []),
    ],
)
def test_simple_help_is_text_with_its_emphasis(markdown, plain, styles):
    blocks = simple_help(markdown)
    assert blocks is not None
    assert blocks.plain == plain
    texts = [part.text if isinstance(part, Hanging) else part for part, _ in blocks.parts]
    assert [str(span.style) for text in texts for span in text.spans] == styles


@pytest.mark.parametrize(
    "markdown",
    [
        "1. a numbered list",
        "- a loose\n\n- list",
        "- a list\n\n  with a second paragraph in its item",
        "- a list\n  - nested",
        " - an indented list",
        "- one list\n* then another",
        "-\n- an empty item",
        "* * *",
        "- - -",
        "***",
        "See [the leaflet](https://example.org).",
        "Visit https://example.org today.",
        "# A heading",
        "Text\n===",
        "Use `code`.",
        "    indented code",
        "snake_case or _emphasis_",
        "<b>HTML</b>",
        "A | table",
        "An escaped \\*star",
        "A hard  \nbreak",
        "2 * 3 * 4",
        "An *unclosed emphasis",
        "See nhs.uk or ask gp@example.org.",
        "Title\n-",
        "Title\n=",
    ],
)
def test_richer_markdown_is_left_to_the_markdown_widget(markdown):
    assert simple_help(markdown) is None


def shown_help(app) -> str:
    """Which help widget is on screen: "text", "markdown", "both" or "none"."""
    shown = [w for w in app.screen.query(".help") if w.display]
    kinds = {"Static": "text", "Markdown": "markdown"}
    return "both" if len(shown) > 1 else kinds[type(shown[0]).__name__] if shown else "none"


async def test_help_is_text_when_simple_and_markdown_when_richer(write_toml, make_app):
    app = make_app(write_toml("helps.toml", HELP_TREE, dedent=False))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.is_ready)
        assert shown_help(app) == "text"
        assert not app.screen.query(Markdown)  # no Markdown widget until some help needs one
        assert region_text(app, "#question-help") == (
            "Count it if the twitching comes back on most days. A second paragraph."
        )
        await pilot.press("1")
        await wait_for(pilot, lambda: shown_help(app) == "markdown")
        await wait_for(pilot, lambda: "2. food sticking when you swallow" in screen_text(app))
        await pilot.press("b")
        await wait_for(pilot, lambda: shown_help(app) == "text")
        assert "Count it if the twitching comes back" in screen_text(app)
        assert "food sticking" not in screen_text(app)


async def test_answering_quickly_through_help_of_both_kinds_shows_the_last_questions_help(write_toml, make_app):
    app = make_app(write_toml("helps.toml", HELP_TREE, dedent=False))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.is_ready)
        for keys in (["1", "b"], ["1", "b", "1"], ["1", "b", "1", "b"]):
            await pilot.press("r", *keys)  # no pause between keys: the Markdown widget is still being built
            expected = "markdown" if keys[-1] == "1" else "text"
            await wait_for(pilot, lambda expected=expected: shown_help(app) == expected)
            for _ in range(5):
                await pilot.pause()
            assert shown_help(app) == expected
            assert ("food sticking" in screen_text(app)) == (expected == "markdown")


@pytest.mark.parametrize("turns", [0, 1, 2, 3])
async def test_quitting_while_richer_help_is_being_built_is_clean(write_toml, make_app, turns, isolated_user_dirs):
    app = make_app(write_toml("helps.toml", HELP_TREE, dedent=False))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.is_ready)
        # The answer and the quit arrive a few event-loop turns apart, as from a fast typist.
        app.post_message(events.Key("1", "1"))
        for _ in range(turns):
            await asyncio.sleep(0)
        app.post_message(events.Key("q", "q"))
        await wait_for(pilot, lambda: app.return_code is not None)
    assert app.return_code == 0
    assert not (isolated_user_dirs.data / "twitchtree" / "crash.log").exists()  # no internal error


async def test_wrapped_path_lines_keep_to_their_text_column(write_toml, make_app):
    app = make_app(write_toml("helps.toml", HELP_TREE, dedent=False))
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.press("1")
        await wait_for(pilot, lambda: "Listed help?" in region_text(app, "#question"))
        path = app.screen.query_one("#path").content_region
        lines = [line[path.x : path.right].rstrip() for line in screen_text(app).splitlines()[path.y : path.bottom]]
        answer = next(n for n, line in enumerate(lines) if "→ Go on" in line)
        column = lines[answer].index("Go on")
        why = lines[answer + 1 : answer + 4]
        assert why[0][column:].startswith("A reason long enough")
        assert all(len(line) - len(line.lstrip()) == column for line in why if line.strip())
        assert len([line for line in why if line.strip()]) >= 2  # it did wrap


async def test_an_answer_adds_lines_to_the_path_and_keeps_the_ones_shown(write_toml, make_app):
    app = make_app(write_toml("helps.toml", HELP_TREE, dedent=False))
    async with app.run_test(size=SIZE) as pilot:
        path = app.screen.query_one("#path")
        before = list(path.lines)
        assert len(before) == 1
        await pilot.press("1")
        await wait_for(pilot, lambda: len(path.lines) == 3)
        assert path.lines[0] is before[0]  # the question's line, not drawn again
        assert path.highlighted == 2  # the current step
        await pilot.press("b")
        await wait_for(pilot, lambda: len(path.lines) == 1)
        assert path.lines[0] is before[0]


async def test_enter_on_a_path_line_that_a_faster_key_removed_does_nothing(demo_tree, make_app):
    app = make_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        path = app.screen.query_one("#path")
        await wait_for(pilot, lambda: len(path.lines) == 3)
        path.focus()
        await pilot.press("up")
        assert path.highlighted == 1  # the first answer's line
        # Enter and r arrive together: r empties the path before Enter's choice is handled.
        app.post_message(events.Key("enter", "\r"))
        app.post_message(events.Key("r", "r"))
        await wait_for(pilot, lambda: app.screen.walk.depth == 0 and len(path.lines) == 1)
        for _ in range(3):
            await pilot.pause()
        assert app.return_code is None
        assert app.screen.walk.depth == 0


async def test_a_question_with_empty_text_keeps_its_line_in_the_path(write_toml, make_app):
    tree = make_tree().replace('text = "Is it bad?"', 'text = " "')  # blank: empty text is an error
    app = make_app(write_toml("empty.toml", tree, dedent=False))
    async with app.run_test(size=SIZE) as pilot:
        path = app.screen.query_one("#path")
        await wait_for(pilot, lambda: region_text(app, "#path") == "1")
        await pilot.press("2")
        await wait_for(pilot, lambda: app.screen.walk.done)
        assert region_text(app, "#path") == "1 → No ▶ Rest at home"
        assert len(path.lines) == 3


FIRST_SCREEN = """
import asyncio, sys
from twitchtree.paths import DEFAULT_TREE, bundled_tree
from twitchtree.tui.app import TwitchtreeApp

async def main():
    app = TwitchtreeApp(bundled_tree(DEFAULT_TREE), remember=False)
    async with app.run_test(size=(100, 30)) as pilot:
        while not app.is_ready:
            await pilot.pause()
        for _ in range(10):  # richer help would be put in a Markdown widget just after the first frame
            await pilot.pause()
        help_text = app.screen.query_one("#question-help")
        print(help_text.display and "•" in help_text.render().plain)
    print(sorted(m for m in sys.modules if m.startswith("textual.widgets._markdown") or m.startswith("markdown_it")))

asyncio.run(main())
"""


def test_the_bundled_trees_first_screen_draws_its_help_without_the_markdown_widget(isolated_user_dirs):
    """Its first question's help is a bullet list: drawn as text, with no Markdown parser or widget loaded."""
    from support import run_python

    result = run_python("-c", FIRST_SCREEN)
    assert result.returncode == 0, result.stderr
    shown, imported = result.stdout.strip().splitlines()
    assert shown == "True"  # the help is on screen, as text
    assert imported == "[]"


async def test_a_wrapped_answer_label_keeps_to_its_text_column(write_toml, make_app):
    app = make_app(write_toml("helps.toml", HELP_TREE, dedent=False))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: "Stop here" in region_text(app, "#answers"))
        answers = app.screen.query_one("#answers").content_region
        lines = [line[answers.x : answers.right].rstrip() for line in screen_text(app).splitlines()]
        lines = lines[answers.y : answers.bottom]
        first = next(n for n, line in enumerate(lines) if "Stop here" in line)
        column = lines[first].index("Stop here")
        assert lines[first][:column].strip() == "2"
        rest = [line for line in lines[first + 1 :] if line.strip()]
        assert rest  # it did wrap
        assert all(len(line) - len(line.lstrip()) == column for line in rest)
