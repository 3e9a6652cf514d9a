"""Every reliance on Textual internals (``twitchtree.tui.compat``) still holds on the installed Textual.

When one of these fails after a Textual upgrade, the message names the
function in ``compat`` to change; nothing else in twitchtree touches
Textual's private names.
"""

from __future__ import annotations

import inspect

import pytest
from textual.app import App
from textual.geometry import Region
from textual.widgets import Static, TextArea
from textual.widgets.text_area import Document, Edit, WrappedDocument

from twitchtree.tui import compat
from twitchtree.tui.compat import text_area

LINES = [
    "format = 1",
    "",
    "[nodes.a]",
    'text = "a line long enough to be wrapped at a narrow width, with words"',
    "\tindented = true",
    "wide = '漢字の行'",
    "",
]


def broken(what: str) -> str:
    return (
        f"Textual changed: twitchtree.tui.compat.{what} (or compat.text_area) relies on what it no longer has; adapt it"
    )


@pytest.mark.parametrize("width", [0, 12, 30])
def test_the_counted_wrapped_document_wraps_and_measures_as_textual_does(width):
    ours = text_area.CountedWrappedDocument(Document("\n".join(LINES)), tab_width=4)
    theirs = WrappedDocument(Document("\n".join(LINES)), tab_width=4)
    ours.wrap(width, 4)
    theirs.wrap(width, 4)
    assert ours.height == theirs.height, broken("CountedWrappedDocument.height")
    for name in ("_wrap_offsets", "_offset_to_line_info", "_line_index_to_offsets", "_tab_width_cache"):
        assert getattr(ours, name) == getattr(theirs, name), broken(f"CountedWrappedDocument.wrap ({name})")
    ours.document.replace_range((2, 0), (3, 0), "x\ny\n")
    theirs.document.replace_range((2, 0), (3, 0), "x\ny\n")
    ours.wrap_range((2, 0), (3, 0), (4, 0))
    theirs.wrap_range((2, 0), (3, 0), (4, 0))
    assert ours.height == theirs.height, broken("CountedWrappedDocument.height after an edit")


def test_the_text_area_still_has_the_hooks_the_editor_overrides():
    for name in ("_set_document", "_build_highlight_map", "_rewrap_and_refresh_virtual_size", "_refresh_size"):
        assert callable(getattr(TextArea, name, None)), broken(f"LazyHighlightingTextArea ({name})")
    for name in ("_highlights", "_line_cache", "_highlight_query"):
        assert name in inspect.getsource(TextArea.__init__), broken(f"LazyHighlightingTextArea ({name})")
    # The highlights are read per drawn line, only while the mapping is truthy.
    assert "highlights[line_index]" in inspect.getsource(TextArea._render_line), broken("LazyHighlightingTextArea")
    assert "_watch_language" in vars(TextArea), broken("LazyHighlightingTextArea._watch_language")
    assert "def text" in inspect.getsource(Document), broken("RememberedTextDocument")
    assert text_area.builtin_highlight_query("toml").strip(), broken("builtin_highlight_query")


async def test_the_lazy_text_area_edits_undoes_and_sizes_like_a_text_area():
    class Harness(App[None]):
        def compose(self):
            yield text_area.LazyHighlightingTextArea("\n".join(LINES), soft_wrap=False, id="ours")
            yield TextArea("\n".join(LINES), soft_wrap=False, id="theirs")

    app = Harness()
    async with app.run_test(size=(80, 30)) as pilot:
        ours = app.query_one("#ours", TextArea)
        theirs = app.query_one("#theirs", TextArea)
        await pilot.pause()
        assert ours.virtual_size == theirs.virtual_size, broken("LazyHighlightingTextArea._refresh_size")
        for area in (ours, theirs):
            area.edit(Edit("a much longer line than any other in this little document, by far\n", (1, 0), (1, 0), True))
        assert ours.text == theirs.text
        assert ours.virtual_size == theirs.virtual_size, broken("LazyHighlightingTextArea.edit")
        for area in (ours, theirs):
            area.undo()
        assert ours.text == theirs.text == "\n".join(LINES), broken("RememberedTextDocument.replace_range")
        assert ours.wrapped_document.height == theirs.wrapped_document.height


async def test_an_app_can_exit_with_a_message_and_a_status(capsys):
    class Failing(App[None]):
        def on_mount(self) -> None:
            compat.exit_with_message(self, "gone away", return_code=3)

    app = Failing()
    await app.run_async(headless=True, size=(40, 10))
    assert app.return_code == 3, broken("exit_with_message")
    assert "gone away" in capsys.readouterr().err, broken("exit_with_message")


def test_the_crash_hook_and_the_colour_filter_still_exist():
    assert callable(getattr(App, "_fatal_error", None)), broken("CrashHook")
    assert "_fatal_error" in inspect.getsource(App._handle_exception), broken("CrashHook")
    assert callable(getattr(App, "_refresh_truecolor_filter", None)), broken("refresh_truecolor_filter")


async def test_a_border_title_set_by_compat_reads_and_draws_as_textual_sets_it():
    class Harness(App[None]):
        CSS = "Static { border: round white; height: 4; }"

        def compose(self):
            yield Static("ours", id="ours")
            yield Static("theirs", id="theirs")

    def top_row(widget: Static) -> str:
        return widget.render_lines(Region(0, 0, widget.outer_size.width, 1))[0].text

    app = Harness()
    async with app.run_test(size=(40, 10)) as pilot:
        ours = app.query_one("#ours", Static)
        theirs = app.query_one("#theirs", Static)
        await pilot.pause()
        for title in ("Question 1", "Question 2 [b]x[/b]", "Path · 3 answered"):
            compat.set_border_title(ours, title)  # its top row alone is marked for a repaint
            theirs.border_title = title.replace("[", "\\[")  # the same title, as plain text
            await pilot.pause()
            assert ours.border_title == theirs.border_title, broken("set_border_title")
            assert top_row(ours) == top_row(theirs), broken("set_border_title")
            assert title in top_row(ours), broken("set_border_title")


async def test_a_virtual_size_set_by_compat_scrolls_and_moves_the_thumb_as_a_layout_would():
    from textual.geometry import Size
    from textual.scroll_view import ScrollView

    class Harness(App[None]):
        CSS = "ScrollView { height: 10; }"

        def compose(self):
            yield ScrollView()

    app = Harness()
    async with app.run_test(size=(40, 24)) as pilot:
        view = app.query_one(ScrollView)
        view.virtual_size = Size(30, 40)  # a scroll bar, from a layout
        await pilot.pause()
        bar = view.vertical_scrollbar
        assert view.show_vertical_scrollbar and (bar.window_virtual_size, bar.window_size) == (40, 10)
        # No layout follows (nothing awaited): the scroll bar and the scroll limit take the new size at once.
        compat.set_virtual_size(view, Size(30, 60))
        assert (bar.window_virtual_size, bar.window_size) == (60, 10), broken("set_virtual_size")
        view.scroll_to(y=45, animate=False, immediate=True)
        assert view.max_scroll_y == 50 and view.scroll_y == 45 and bar.position == 45, broken("set_virtual_size")


async def test_a_class_set_alone_restyles_its_widget_and_draws_as_set_class_does():
    from textual.containers import Vertical

    class Harness(App[None]):
        CSS = "Vertical { border: round white; height: 5; &.-lit { border: round red; } }"

        def compose(self):
            with Vertical(id="ours"):
                yield Static("inside")
            with Vertical(id="theirs"):
                yield Static("inside")

    def rows(widget: Vertical) -> list[str]:
        return [strip.text for strip in widget.render_lines(Region(0, 0, widget.outer_size.width, 3))]

    app = Harness()
    async with app.run_test(size=(40, 12)) as pilot:
        ours, theirs = app.query_one("#ours", Vertical), app.query_one("#theirs", Vertical)
        for lit in (True, False, True):
            compat.set_class_alone(ours, lit, "-lit")  # restyled at once, without a message
            assert ours.has_class("-lit") is lit
            assert (ours.styles.border_top[1].rgb == (255, 0, 0)) is lit, broken("set_class_alone")
            theirs.set_class(lit, "-lit")
            await pilot.pause()
            assert ours.styles.border == theirs.styles.border, broken("set_class_alone")
            assert rows(ours) == rows(theirs), broken("set_class_alone")
