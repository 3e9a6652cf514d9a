"""The reasoning path never drops or cuts text when its scroll bar appears (80x24, a path long enough to scroll)."""

from __future__ import annotations

from support import screen_text, wait_for
from twitchtree.tui.widgets.path_panel import PathPanel

SMALL = (80, 24)
BAR = 2
"""The path's scroll bar: its last columns."""
STEPS = 10
QUESTIONS = [
    f"Step {n}: do you eat a very limited diet, or have a gut condition that stops you absorbing food well?"
    for n in range(1, STEPS + 1)
]


def long_path_tree() -> str:
    lines = ["format = 1", 'id = "long"', 'title = "Long"', 'start = "q1"']
    for n, text in enumerate(QUESTIONS, 1):
        after = f"q{n + 1}" if n < STEPS else "end"
        lines += [
            "",
            f"[nodes.q{n}]",
            'type = "question"',
            f'text = "{text}"',
            f'answers = [{{ label = "No", next = "{after}", why = "Nothing to add at step {n}." }},'
            ' { label = "Yes", next = "end" }]',
        ]
    lines += ["", "[nodes.end]", 'type = "outcome"', 'urgency = "routine"', 'title = "End"', 'text = "End."']
    return "\n".join(lines) + "\n"


async def whole_path_text(pilot, app) -> str:
    """Every row of the path as the screen shows it, scrolled through a page at a time, words joined by spaces."""
    panel = app.screen.query_one(PathPanel)
    region = panel.scrollable_content_region
    rows: dict[int, str] = {}
    y = 0
    while True:
        panel.scroll_to(y=y, animate=False, immediate=True)
        await pilot.pause()
        top = round(panel.scroll_y)
        shown = screen_text(app).splitlines()[region.y : region.bottom]
        rows.update({top + n: line[region.x : region.right - BAR] for n, line in enumerate(shown)})
        if top + region.height >= panel.virtual_size.height:
            break
        y = top + region.height
    return " ".join(" ".join(rows[row] for row in sorted(rows)).split())


async def test_every_word_of_a_path_that_scrolls_is_shown(write_toml, make_app):
    app = make_app(write_toml("long.toml", long_path_tree(), dedent=False))
    async with app.run_test(size=SMALL) as pilot:
        await wait_for(pilot, lambda: app.screen.query(PathPanel))
        panel = app.screen.query_one(PathPanel)
        for n in range(1, STEPS + 1):
            await pilot.press("1")
            await wait_for(pilot, lambda n=n: len(app.screen.walk.path) == n + 1)
        await wait_for(pilot, lambda: panel.scroll_y > 0)
        await pilot.pause()
        assert panel.virtual_size.width == panel.scrollable_content_region.width
        text = await whole_path_text(pilot, app)
        for n, question in enumerate(QUESTIONS, 1):
            assert f"{n} {question}" in text, question
            assert f"→ No Nothing to add at step {n}." in text
        assert text.endswith("▶ End")


def shown_path(app) -> str:
    """The rows of the path in view, words joined by spaces."""
    region = app.screen.query_one(PathPanel).scrollable_content_region
    rows = screen_text(app).splitlines()[region.y : region.bottom]
    return " ".join(" ".join(row[region.x : region.right - BAR] for row in rows).split())


async def answer_in_view(pilot, app) -> PathPanel:
    """Answer every question but the last, each time waiting until the answer given and the question
    it led to are in view (and the scroll bar's thumb where the path is); returns the path panel."""
    await wait_for(pilot, lambda: app.screen.query(PathPanel))
    panel = app.screen.query_one(PathPanel)
    for n in range(1, STEPS):
        await pilot.press("1")
        shown = f"→ No Nothing to add at step {n}. {n + 1} {QUESTIONS[n]}"
        await wait_for(pilot, lambda shown=shown: shown in shown_path(app))
        assert thumb_rows(panel) == expected_thumb(panel)  # the thumb shows where the path is
    return panel


def thumb_rows(panel: PathPanel) -> list[int]:
    """The rows of the panel where its scroll bar (its last two columns) shows the thumb."""
    rows = range(panel.scrollable_content_region.height)
    cells = [list(panel.render_line(y))[-1] for y in rows]
    return [y for y, cell in zip(rows, cells, strict=True) if cell.text.strip() or (cell.style and cell.style.reverse)]


def expected_thumb(panel: PathPanel) -> list[int]:
    """The rows a thumb for the path's scroll position covers, as Textual's scroll bars draw it (none if it fits)."""
    from textual.scrollbar import ScrollBarRender

    height, virtual = panel.scrollable_content_region.height, panel.virtual_size.height
    if virtual <= height:
        return []
    bar = ScrollBarRender.render_bar(height, virtual, height, int(panel.scroll_y * 8) / 8, 2)
    return [y for y, cell in enumerate(bar.segments) if cell.text.strip() or (cell.style and cell.style.reverse)]


async def test_the_current_step_and_the_answer_before_it_stay_in_view(write_toml, make_app):
    # Through the answer that first makes the path taller than its panel (which once left the
    # new question below the panel, its lines cut, until the next answer).
    app = make_app(write_toml("long.toml", long_path_tree(), dedent=False))
    async with app.run_test(size=SMALL) as pilot:
        panel = await answer_in_view(pilot, app)
        assert panel.scroll_y > 0


async def test_going_back_or_resizing_never_hides_steps_that_would_fit(write_toml, make_app):
    app = make_app(write_toml("long.toml", long_path_tree(), dedent=False))
    async with app.run_test(size=SMALL) as pilot:
        panel = await answer_in_view(pilot, app)
        await wait_for(pilot, lambda: panel.scroll_y > 0)
        # Narrower: every line takes more rows. The top of the panel stays the start of a line.
        width = panel.size.width
        await pilot.resize_terminal(66, 24)
        await wait_for(pilot, lambda: panel.size.width < width)
        first_row = panel.render_line(0).text.strip()
        assert first_row.split(" ", 1)[0].isdigit() or first_row.startswith("→"), first_row
        # Back to the second question: the whole path fits again, from its first step.
        for n in range(STEPS - 1, 1, -1):
            await pilot.press("b")
            await wait_for(pilot, lambda n=n: len(app.screen.walk.path) == n)
        await wait_for(pilot, lambda: shown_path(app).startswith(f"1 {QUESTIONS[0]}"))
        assert panel.scroll_y == 0


async def test_an_answer_shows_the_lines_drawn_ahead_and_they_match_a_fresh_drawing(write_toml, make_app):
    """While a question is read, the lines its answers would add are drawn; an answer shows those drawings."""
    app = make_app(write_toml("long.toml", long_path_tree(), dedent=False))
    async with app.run_test(size=SMALL) as pilot:
        await wait_for(pilot, lambda: app.screen.query(PathPanel))
        panel = app.screen.query_one(PathPanel)
        shown_as_drawn = 0
        for n in range(1, 6):
            # Two answers: each adds the answer's line and its step's.
            await wait_for(pilot, lambda: len(panel._drawings.drawn_ahead()) == 2 * 2)
            ahead, ahead_width = dict(panel._drawings.drawn_ahead()), panel._width
            await pilot.press("1")
            await wait_for(pilot, lambda n=n: len(app.screen.walk.path) == n + 1)
            width, last = panel._width, len(panel.lines) - 1
            if width == ahead_width:  # (not when the answer brought the scroll bar: the lines are narrower)
                for index in (last - 1, last):  # the answer given, and the step it led to
                    style = panel._line_style(index, current=index == last)
                    assert (
                        panel._drawings.rows(index, panel.lines[index], width, style)
                        is ahead[panel.lines[index], style]
                    )
                shown_as_drawn += 1
            for index, line in enumerate(panel.lines):
                style = panel._line_style(index, current=index == panel.highlighted)
                assert panel._drawings.rows(index, line, width, style) == panel._drawings.draw(line, width, style), (
                    index
                )
        assert shown_as_drawn >= 3
        assert "Step 6: do you eat" in screen_text(app)


async def test_drawings_made_ahead_follow_a_change_of_look(write_toml, make_app):
    """A restyle (the focus, a theme) forgets what was drawn ahead, even part-way, and draws it again."""
    app = make_app(write_toml("long.toml", long_path_tree(), dedent=False))
    async with app.run_test(size=SMALL) as pilot:
        await wait_for(pilot, lambda: app.screen.query(PathPanel))
        panel = app.screen.query_one(PathPanel)
        await wait_for(pilot, lambda: len(panel._drawings.drawn_ahead()) == 4)
        pieces = panel._pieces_ahead()  # a drawing ahead, interrupted by a restyle after its first line
        next(pieces), next(pieces)
        panel._drawings.reset(panel._width)
        assert list(pieces) == [] and panel._drawings.drawn_ahead() == {}
        await pilot.press("tab")  # the path takes the focus: its highlight looks different
        await wait_for(pilot, lambda: app.focused is panel)
        await wait_for(pilot, lambda: len(panel._drawings.drawn_ahead()) == 4)


async def test_after_a_resize_every_row_is_drawn_at_the_new_width(write_toml, make_app):
    # The rows' width is worked out once per size of the panel, not for every row: a new size is a new width.
    app = make_app(write_toml("long.toml", long_path_tree(), dedent=False))
    async with app.run_test(size=SMALL) as pilot:
        panel = await answer_in_view(pilot, app)
        for size in ((66, 24), (90, 30)):
            before = panel.outer_size
            await pilot.resize_terminal(*size)
            await wait_for(pilot, lambda before=before: panel.outer_size != before)
            width = panel.scrollable_content_region.width
            assert [panel.render_line(y).cell_length for y in range(panel.size.height)] == [width] * panel.size.height


async def test_the_hover_follows_the_path_as_it_scrolls_under_a_still_mouse(write_toml, make_app):
    app = make_app(write_toml("long.toml", long_path_tree(), dedent=False))
    async with app.run_test(size=SMALL) as pilot:
        await wait_for(pilot, lambda: app.screen.query(PathPanel))
        panel = app.screen.query_one(PathPanel)
        hover = panel.get_visual_style("path-panel--line", "path-panel--hover").rich_style.bgcolor

        def hovered_rows() -> list[int]:
            rows = range(panel.scrollable_content_region.height)
            return [y for y in rows if next(iter(panel.render_line(y))).style.bgcolor == hover]

        await pilot.press("1")  # the first question's line, then its answer's (the current step below them)
        await wait_for(pilot, lambda: len(app.screen.walk.path) == 2)
        await pilot.hover(PathPanel, offset=(4, 3))  # the panel's row 2 (inside its border): the first question
        await wait_for(pilot, lambda: 2 in hovered_rows())
        shown = panel.render_line(2).text
        n = 1
        while panel.scroll_y == 0:
            n += 1
            await pilot.press("1")
            await wait_for(pilot, lambda n=n: len(app.screen.walk.path) == n + 1)
        await pilot.pause()
        assert panel.render_line(2).text != shown  # the path scrolled: another line is under the mouse
        hovered = hovered_rows()
        assert 2 in hovered and hovered == list(range(hovered[0], hovered[-1] + 1))  # that line, and only it


async def test_the_paths_scroll_bar_pages_on_a_click_and_scrolls_with_its_thumb(write_toml, make_app):
    # The bar is drawn in the path's rows (not Textual's widget): it must still work as one.
    app = make_app(write_toml("long.toml", long_path_tree(), dedent=False))
    async with app.run_test(size=SMALL) as pilot:
        panel = await answer_in_view(pilot, app)
        region, top = panel.scrollable_content_region, panel.scroll_y
        x, dy = region.right - panel.region.x - 1, region.y - panel.region.y  # the bar's last column; below the border
        assert top > 0 and thumb_rows(panel)[0] > 0
        await pilot.click(PathPanel, offset=(x, dy))  # the track above the thumb: a page up
        await wait_for(pilot, lambda: panel.scroll_y < top)
        assert app.screen.walk.depth == STEPS - 1  # (a click on the bar chooses no step)
        await wait_for(pilot, lambda: thumb_rows(panel) == expected_thumb(panel))
        thumb, before = thumb_rows(panel)[0], panel.scroll_y
        await pilot.mouse_down(PathPanel, offset=(x, dy + thumb))
        await pilot.hover(PathPanel, offset=(x, dy + thumb + 2))  # dragged two rows down
        await pilot.mouse_up(PathPanel, offset=(x, dy + thumb + 2))
        await wait_for(pilot, lambda: panel.scroll_y > before)
        assert thumb_rows(panel) == expected_thumb(panel)
        from textual.events import MouseScrollUp

        dragged = panel.scroll_y
        await pilot._post_mouse_events([MouseScrollUp], PathPanel, offset=(4, dy))  # the wheel, over the path
        await wait_for(pilot, lambda: panel.scroll_y < dragged)
