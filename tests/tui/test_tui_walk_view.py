"""The walk view's messages: when a listener hears that the walk moved."""

from __future__ import annotations

from builders import chain_tree
from support import SIZE, explorer_app, wait_for
from twitchtree.tui.widgets.walk_view import WalkView


async def test_a_listener_hears_that_the_walk_moved_once_the_new_step_is_on_screen(write_toml):
    # The frame does not wait for the message (which, in the explorer, no one handles), and a
    # listener timing the user (training) hears when the step appeared, not before.
    app = explorer_app(write_toml("chain.toml", chain_tree(3), dedent=False))
    frames = [0]
    app.post_display_hook = lambda: frames.__setitem__(0, frames[0] + 1)  # type: ignore[method-assign]
    heard: dict[int, tuple[str, int]] = {}  # (where the walk is, frames drawn) when each message is first handled

    def hook(message: object) -> None:
        if isinstance(message, WalkView.Changed):
            heard.setdefault(id(message), (message.walk.node.id, frames[0]))

    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        await wait_for(pilot, lambda: heard)
        frames_before = frames[0]
        await pilot.press("1")
        await wait_for(pilot, lambda: len(heard) == 2)
        (first, _), (moved, frames_then) = heard.values()
        assert (first, moved) == ("q0", "q1")
        assert frames_then > frames_before
