"""The row across the bottom: the keys that work now, drawn by one widget instead of one per key."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any, NamedTuple

from textual.color import Color
from textual.content import Content
from textual.reactive import reactive
from textual.style import Style
from textual.widget import Widget

if TYPE_CHECKING:
    from textual import events
    from textual.app import RenderResult
    from textual.screen import Screen

PALETTE_BORDER = "▏"
"""The left edge of the command palette's key, as Textual's footer draws it (a ``vkey`` border)."""


class FooterKey(NamedTuple):
    """One key on show: what to press, what it does, and whether it works now."""

    key: str
    """The key, as ``App.simulate_key`` takes it."""
    display: str
    """The key as shown (``App.get_key_display``)."""
    description: str
    enabled: bool
    """False when the key does nothing now: it is greyed, and a click on it rings the bell."""
    tooltip: str
    palette: bool = False
    """The command palette's key, on the right."""


class KeyFooter(Widget, can_focus=False):
    """The keys that work now, as Textual's :class:`~textual.widgets.Footer` shows them.

    The same row, cell for cell: each key and what it does, greyed when it does nothing now,
    lit under the mouse with its tooltip, and the command palette's key on the right; a click
    on a key presses it. Textual's footer mounts, styles and lays out one widget per key, and
    builds them all again whenever the screen's bindings change (three times while the
    explorer starts, and whenever a key starts or stops working); this one draws the row
    itself, again only when what it shows has changed.

    Keys that do not fit are cut off at the palette's key (Textual's footer scrolls them with
    the mouse wheel). Bindings in a group (``Binding.Group``) are shown one by one.
    """

    ALLOW_SELECT = False
    DEFAULT_CSS = "KeyFooter { dock: bottom; width: 1fr; height: 1; background: $footer-background; }"
    """The keys' colours are the theme's ``footer-*`` variables, as in Textual's footer (see ``_part_style``).
    As component classes, their rules parsed and their six nodes styled twice cost about 10 million
    instructions at start-up."""

    compact: reactive[bool] = reactive(False, toggle_class="-compact")
    """Less space between the keys, as in Textual's compact footer."""
    show_command_palette: reactive[bool] = reactive(True)
    """Show the command palette's key on the right."""
    _hovered: reactive[int | None] = reactive(None)
    """The index in ``keys`` of the key under the mouse."""

    def __init__(self, *, compact: bool = False, show_command_palette: bool = True, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.set_reactive(KeyFooter.compact, compact)
        self.set_reactive(KeyFooter.show_command_palette, show_command_palette)
        self.set_class(compact, "-compact", update=False)
        self._keys: tuple[FooterKey, ...] | None = None
        self._base_style: Style | None = None
        self._styles_for: tuple[object, object] = (None, None)
        self._styles: dict[tuple[str, bool, bool], Style] = {}
        self._blank_style = Style()
        self._spans: list[tuple[int, int]] = []
        """Where each key in ``keys`` was last drawn: its first column and the column after it."""

    @property
    def keys(self) -> tuple[FooterKey, ...]:
        """The keys on show, left to right (the palette's key last)."""
        if self._keys is None:
            self._keys = self._keys_now()
        return self._keys

    def _keys_now(self) -> tuple[FooterKey, ...]:
        """The screen's keys that are shown, one per action, as Textual's footer chooses them."""
        app = self.app
        bindings = self.screen.active_bindings
        first: dict[str, tuple[Any, bool, str]] = {}
        for _node, binding, enabled, tooltip in bindings.values():
            if binding.show:
                first.setdefault(binding.action, (binding, enabled, tooltip))
        keys = [
            FooterKey(binding.key, app.get_key_display(binding), binding.description, enabled, tooltip)
            for binding, enabled, tooltip in first.values()
        ]
        palette = bindings.get(app.COMMAND_PALETTE_BINDING) if app.ENABLE_COMMAND_PALETTE else None
        if self.show_command_palette and palette is not None:
            _node, binding, enabled, _tooltip = palette
            tooltip = binding.tooltip or binding.description
            shown = app.get_key_display(binding)
            keys.append(FooterKey(binding.key, shown, binding.description, enabled, tooltip, palette=True))
        return tuple(keys)

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[Any]) -> None:
        # (As Textual's footer: while the app is not focused, its bindings are those of no widget.)
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        keys = self._keys_now()
        if keys != self._keys:
            self._keys = keys
            self._hover(None)  # the key under the mouse, and its tooltip, may have gone
            self.refresh()

    def _watch_show_command_palette(self) -> None:
        self._keys = None

    # -- drawing -----------------------------------------------------------------

    @property
    def visual_style(self) -> Style:
        """The footer's style without its colour: blank cells carry the background alone, as in Textual's footer.

        (Every key and description has a colour of its own.)
        """
        style = super().visual_style
        if style is not self._base_style:
            self._base_style, self._blank_style = style, replace(style, foreground=None)
        return self._blank_style

    def _part_style(self, part: str, hovered: bool, enabled: bool) -> Style:
        """The style of a ``part`` of a key (``key``, ``description``, ``item``, ``border``), as in Textual's footer.

        Textual's ``FooterKey`` is a widget inside the footer: its background (``$footer-item-background``,
        and ``$block-hover-background`` under the mouse) over the footer's, then the key's or the
        description's own colours over that; greyed (``dim``) when the key does nothing now. The
        palette's key has a line on its left, drawn as a border is: its colour (``$foreground 20%``)
        over the footer's background.
        """
        base, variables = super().visual_style, self.app.theme_variables
        if base is not self._styles_for[0] or variables is not self._styles_for[1]:
            self._styles_for, self._styles = (base, variables), {}
        found = self._styles.get((part, hovered, enabled))
        if found is not None:
            return found

        def colour(name: str) -> Color:
            return Color.parse(variables[name])

        dim = None if enabled else True  # (None leaves a style's attribute unset, as CSS does)
        footer = base.background or Color(0, 0, 0, 0)
        item = footer + colour("footer-item-background")
        if hovered:
            item += colour("block-hover-background")
        if part == "border":
            style = Style(background=item, foreground=footer + colour("foreground").multiply_alpha(0.2))
        elif part == "item":
            style = Style(background=item, dim=dim)
        else:
            style = Style(
                background=item + colour(f"footer-{part}-background"),
                foreground=colour(f"footer-{part}-foreground"),
                bold=True if part == "key" else None,
                dim=dim,
            )
        self._styles[(part, hovered, enabled)] = style
        return style

    def _style(self, index: int, key: FooterKey, part: str) -> Style:
        return self._part_style(part, index == self._hovered, key.enabled)

    def _draw_key(self, index: int, key: FooterKey, compact: bool) -> Content:
        """One key and its description, with the padding Textual's ``FooterKey`` gives them."""
        key_style = self._style(index, key, "key")
        if not key.description:
            return Content.styled(key.display, key_style)
        if compact:
            display, description = key.display, f" {key.description}"
        else:
            display, description = f" {key.display} ", f"{key.description} "
        description_style = self._style(index, key, "description")
        return Content.assemble(Content.styled(display, key_style), Content.styled(description, description_style))

    def _draw_palette_key(self, index: int, key: FooterKey) -> Content:
        """The palette's key: docked right, with a line on its left; always compact, with a space after it.

        The space is the key's padding in a footer that is not compact, and its margin (the footer's
        own background) in a compact one.
        """
        border = self._style(index, key, "border")
        return Content.assemble(
            Content.styled(PALETTE_BORDER, border),
            self._draw_key(index, key, compact=True),
            " " if self.compact else Content.styled(" ", Style(background=border.background)),
        )

    def render(self) -> RenderResult:
        width = self.size.width
        keys = self.keys
        parts: list[Content] = []
        spans: list[tuple[int, int]] = []
        x = 0
        palette: Content | None = None
        for index, key in enumerate(keys):
            if key.palette:
                palette = self._draw_palette_key(index, key)
                spans.append((width - palette.cell_length, width))
                continue
            drawn = self._draw_key(index, key, self.compact)
            spans.append((x, x + drawn.cell_length))
            if self.compact:
                drawn += " "  # (Textual's compact footer: a margin after each key)
            parts.append(drawn)
            x += drawn.cell_length
        row = Content("").join(parts)
        if palette is not None:
            row = row.truncate(max(0, width - palette.cell_length), pad=True) + palette
        self._spans = spans
        return row.truncate(width)

    # -- the mouse -----------------------------------------------------------------

    def _key_at(self, x: int) -> int | None:
        """The index of the key drawn at column ``x``, if any (the palette's key is on top)."""
        found = None
        for index, (start, end) in enumerate(self._spans):
            if start <= x < end:
                found = index
        return found

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._hover(self._key_at(event.x))

    def on_leave(self) -> None:
        self._hover(None)

    def _hover(self, index: int | None) -> None:
        if index is not None and index >= len(self.keys):
            index = None
        self._hovered = index
        self.tooltip = self.keys[index].tooltip or None if index is not None else None
        self.styles.pointer = "default" if index is None else "pointer"

    def on_mouse_down(self, event: events.MouseDown) -> None:
        index = self._key_at(event.x)
        if index is None or index >= len(self.keys):
            return
        key = self.keys[index]
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()
