"""Hostile trees in the explorer: markup stays text, huge shapes stay usable, nothing crashes the app.

- Every text field of ``data/markup-tree.toml`` (and of the library it uses)
  holds ``[@click=app.quit]x[/]`` and ``[bold red]``: each must be on screen
  as those characters, and clicking any of them must not quit.
- A 300-answer question lists all 300 answers; keys 1-9 still answer.
- A walk 1,000 steps deep (reached with the palette's "play from", then keys:
  pressing a key 1,000 times would take minutes) answers, goes back and
  opens the map without a RecursionError.
- Files the loader refuses (exploding diamonds, 50 MB, control codes) show
  their exact diagnostics at once.
- An unexpected error writes its traceback to ``crash.log`` in the data
  folder and leaves the user one line, never a traceback.
"""

from __future__ import annotations

import pytest
from hostile_support import DATA, TERMINAL_CODES, expected
from textual.widgets import OptionList

from builders import chain_tree
from support import click_action_tags, explorer_app, region_text, screen_text, wait_for
from twitchtree.tui.screens.condition import ConditionScreen
from twitchtree.tui.screens.explorer import ExplorerScreen
from twitchtree.tui.screens.load_error import LoadErrorScreen
from twitchtree.tui.screens.map import MapScreen

WIDE = (200, 50)
CLICK = "[@click=app.quit]x[/]"
BOLD = "[bold red]"
BOTH = f"{CLICK} {BOLD}"


def flat(app) -> str:
    """The screen's text with runs of spaces and line ends folded, so wrapped text reads as one line."""
    return " ".join(screen_text(app).split())


async def click_every_action_tag(pilot, *, above: int | None = None) -> int:
    """Click each ``[@click`` on screen, below the header (a click there toggles it) and above line ``above``
    (the conditions panel: a click there opens the notes, as it should); count the clicks."""
    return await click_action_tags(pilot, top=1, bottom=above, every=True)


async def test_markup_in_every_text_field_is_shown_as_text_and_never_acted_on():
    app = explorer_app(DATA / "markup-tree.toml")
    async with app.run_test(size=WIDE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ExplorerScreen))
        expected = (
            f"title {CLICK} v{BOLD}",  # the header: title and version
            f"question {BOTH}",
            f"help {BOTH}",  # drawn after the first frame
            f"yes {BOTH}",
            f"no {BOTH}",
            f"condition {BOTH}: summary {BOTH}",
            f"libcondition {BOTH}: libsummary {BOTH}",
        )

        def all_shown_as_text() -> bool:
            return all(shown in flat(app) for shown in expected)

        await wait_for(pilot, all_shown_as_text)
        # Not on the answers: a click there chooses the answer, as it should.
        assert await click_every_action_tag(pilot, above=app.screen.query_one("#answers").region.y) >= 2
        assert app.return_code is None and isinstance(app.screen, ExplorerScreen)
        assert app.screen.walk.node.id == "ask"

        await pilot.press("1")
        await wait_for(pilot, lambda: app.screen.walk.done)
        await pilot.pause()
        text = flat(app)
        for shown in (
            f"why {BOTH}",
            f"outcome {BOTH}",
            f"text {BOTH}",
            f"flag {BOTH}",
            f"source {BOTH}",
            f"disclaimer {BOTH}",
        ):
            assert shown in text, shown
        assert await click_every_action_tag(pilot, above=app.screen.query_one("#conditions").region.y) >= 6
        assert app.return_code is None and isinstance(app.screen, ExplorerScreen)

        await pilot.press("b", "tab", "down", "enter")  # the library's condition, in its own screen
        await wait_for(pilot, lambda: isinstance(app.screen, ConditionScreen))
        await pilot.pause()
        text = flat(app)
        for shown in (
            f"libcondition {BOTH}",
            f"libsummary {BOTH}",
            f"libnotes {BOTH}",
            f"libalias {BOTH}",
            f"libsource {BOTH}",
        ):
            assert shown in text, shown
        assert await click_every_action_tag(pilot) >= 4
        assert app.return_code is None and isinstance(app.screen, ConditionScreen)

        await pilot.press("escape", "m")
        await wait_for(pilot, lambda: isinstance(app.screen, MapScreen))
        await pilot.pause()
        text = flat(app)
        assert f"question {BOTH}" in text and f"yes {BOTH} → [soon] outcome {BOTH}" in text
        await click_every_action_tag(pilot)
        assert app.return_code is None
        assert not TERMINAL_CODES.search(screen_text(app))


async def test_a_300_answer_question_lists_every_answer_and_keys_1_to_9_answer():
    app = explorer_app(DATA / "answers-300.toml")
    async with app.run_test(size=(110, 34)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ExplorerScreen))
        answers = app.screen.query_one("#answers", OptionList)
        assert answers.option_count == 300
        prompts = [str(answers.get_option_at_index(n).prompt) for n in (0, 8, 9, 299)]
        assert [" ".join(p.split()) for p in prompts] == ["1 A1", "9 A9", "A10", "A300"]  # only the keys are numbered
        for key, label in (("9", "A9"), ("1", "A1"), ("5", "A5")):
            await pilot.press(key)
            await wait_for(pilot, lambda: app.screen.walk.done)
            assert app.screen.walk.steps[-1].answer.label == label
            await pilot.press("r")
            await wait_for(pilot, lambda: not app.screen.walk.done)
        answers.focus()
        await pilot.press("end")
        await pilot.pause()
        assert " A300" in flat(app)  # the last answer, scrolled into view
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen.walk.done)
        assert app.screen.walk.steps[-1].answer.label == "A300"


async def test_a_walk_1000_steps_deep_answers_goes_back_and_opens_the_map(tmp_path):
    path = tmp_path / "chain.toml"
    path.write_text(chain_tree(1200), encoding="utf-8")
    app = explorer_app(path)
    async with app.run_test(size=(110, 34)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ExplorerScreen))
        await pilot.press(*"1" * 10)
        await wait_for(pilot, lambda: app.screen.walk.depth == 10)
        app.screen.play_from("q995")  # the palette's "node: play from q995"
        await pilot.pause()
        assert app.screen.walk.depth == 995
        await pilot.press(*"1" * 5)
        await wait_for(pilot, lambda: app.screen.walk.depth == 1000)
        assert "Path · 1,000 answered" in screen_text(app)
        assert "1001 Question q1000?" in screen_text(app)
        await pilot.press("b")
        await wait_for(pilot, lambda: app.screen.walk.depth == 999)
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, MapScreen))
        await pilot.pause()
        assert "Map · Chain · from step 900 · enter plays from the chosen step" in screen_text(app)
        await pilot.press("up", "up", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ExplorerScreen))
        assert app.screen.walk.depth == 997
        await pilot.press("2")
        await wait_for(pilot, lambda: app.screen.walk.done)
        assert app.screen.walk.depth == 998
        assert app.return_code is None


@pytest.mark.parametrize(
    "name",
    [
        "diamond-explosion.toml",
        "escaped-osc-title.toml",
        "uses-cycle.toml",
        "truncated-string.toml",
        "nested-inline-400.toml",
        "lookalike-labels.toml",
        "uses-nul.toml",
    ],
)
async def test_a_file_the_loader_refuses_shows_its_exact_diagnostics_at_once(name):
    app = explorer_app(DATA / name)
    async with app.run_test(size=WIDE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, LoadErrorScreen), timeout=5)
        await pilot.pause()
        want = [f"{DATA}/{line}" for line in expected(name)]  # as check prints them, with the path the app was given
        assert sorted(str(d) for d in app.screen.diagnostics) == sorted(want)
        shown = "".join(region_text(app, "#diagnostics").split())  # wrapped lines joined
        for line in want:
            assert "".join(line.split()) in shown, line
        assert not TERMINAL_CODES.search(screen_text(app))
        assert app.return_code is None


async def test_an_unexpected_error_goes_to_crash_log_and_the_user_sees_one_line(
    monkeypatch, isolated_user_dirs, capsys
):
    def broken(self) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(ExplorerScreen, "action_map", broken)
    app = explorer_app(DATA / "answers-300.toml")
    with pytest.raises(RuntimeError, match="boom"):
        async with app.run_test(size=(110, 34)) as pilot:
            await wait_for(pilot, lambda: isinstance(app.screen, ExplorerScreen))
            await pilot.press("m")
            await pilot.pause()
    log = isolated_user_dirs.data / "twitchtree" / "crash.log"
    details = log.read_text(encoding="utf-8")
    assert details.startswith("Traceback (most recent call last):")
    assert details.rstrip().endswith("RuntimeError: boom")
    err = capsys.readouterr().err
    assert "Traceback" not in err
    # One line (Rich wraps it at the width of the terminal, here 80 columns).
    assert (
        " ".join(err.split())
        == f"twitchtree: internal error: RuntimeError: boom. The details are in {log}. Please report it."
    )


def _dangling_tree(nodes: int) -> str:
    """A chain of ``nodes`` questions, each with an answer that leads to a node that does not exist."""
    parts = ['format = 1\nid = "big"\ntitle = "Big"\nstart = "n0"\n']
    for n in range(nodes):
        parts.append(
            f'[nodes.n{n}]\ntype = "question"\ntext = "Q{n}?"\n'
            f'answers = [{{ label = "Yes", next = "m{n}x" }}, {{ label = "No", next = "n{n + 1}" }}]\n'
        )
    parts.append(f'[nodes.n{nodes}]\ntype = "outcome"\nurgency = "routine"\ntitle = "End"\ntext = "End."\n')
    return "\n".join(parts)


async def test_ten_thousand_mistakes_show_a_hundred_and_a_count_at_once(tmp_path):
    """The explorer paid the quadratic "did you mean" too, and listed every problem: 31 s for a 600 KB file."""
    path = tmp_path / "dangling.toml"
    path.write_text(_dangling_tree(10_000), encoding="utf-8")
    app = explorer_app(path)
    async with app.run_test(size=WIDE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, LoadErrorScreen), timeout=30)
        errors = [d for d in app.screen.diagnostics if d.is_error]
        assert len(errors) == 101
        assert errors[-1].message.endswith("… and 9,899 more like this")
        first = "answer 'Yes' of 'n0' leads to 'm0x', which does not exist"
        await wait_for(pilot, lambda: first in region_text(app, "#diagnostics"), timeout=10)


async def test_a_text_at_the_limit_is_shown_and_one_past_it_is_refused(tmp_path):
    """A 5 MB question took 87 s to show; texts are now at most 64 KB, and one that long is on screen at once."""
    from twitchtree.model.limits import MAX_TEXT

    head = 'format = 1\nid = "t"\ntitle = "T"\nstart = "q"\n[nodes.q]\ntype = "question"\n'
    tail = (
        '\n[[nodes.q.answers]]\nlabel = "Yes"\nnext = "o"\n[[nodes.q.answers]]\nlabel = "No"\nnext = "o"\n'
        '[nodes.o]\ntype = "outcome"\nurgency = "routine"\ntitle = "O"\ntext = "o"\n'
    )
    text = ("twitch " * MAX_TEXT)[: MAX_TEXT - 6] + " last?"
    at_limit = tmp_path / "limit.toml"
    at_limit.write_text(f'{head}text = "{text}"{tail}', encoding="utf-8")
    app = explorer_app(at_limit)
    async with app.run_test(size=WIDE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ExplorerScreen), timeout=30)
        await wait_for(pilot, lambda: "twitch twitch" in screen_text(app), timeout=10)
    past = tmp_path / "past.toml"
    past.write_text(f'{head}text = "{text}x"{tail}', encoding="utf-8")
    app = explorer_app(past)
    async with app.run_test(size=WIDE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, LoadErrorScreen), timeout=30)
        message = f"text in 'nodes.q.text' is {MAX_TEXT + 1:,} characters long, more than the limit of {MAX_TEXT:,}"
        assert [d.message for d in app.screen.diagnostics if d.is_error] == [message]


async def test_a_file_name_with_an_escape_sequence_is_shown_escaped(tmp_path):
    """It set the terminal's title: the load-error screen printed the path raw in its hint and header."""
    path = tmp_path / "\x1b]2;owned\x07.toml"
    path.write_text('format = 1\nid = "x"\n', encoding="utf-8")
    app = explorer_app(path)
    async with app.run_test(size=WIDE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, LoadErrorScreen), timeout=10)
        await pilot.pause()
        assert "\\u001b]2;owned\\u0007.toml` prints the same list" in flat(app)
        assert not TERMINAL_CODES.search(screen_text(app))
        assert "\x1b" not in app.screen.sub_title
