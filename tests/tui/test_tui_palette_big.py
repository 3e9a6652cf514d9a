"""The palette on a 10,000-node tree: nodes are found by searching, and only the best few are listed."""

from __future__ import annotations

from textual.command import CommandList, CommandPalette

from builders import balanced_tree
from support import explorer_app, run_palette_command, wait_for


async def test_the_palette_finds_one_node_of_ten_thousand_and_lists_no_more_than_forty(tmp_path):
    path = tmp_path / "wide.toml"
    path.write_text(balanced_tree(9_999), encoding="utf-8")
    app = explorer_app(path)
    async with app.run_test(size=(110, 34)) as pilot:
        await wait_for(pilot, lambda: app.screen.walk.node.id == "n0")
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        commands = app.screen.query_one(CommandList)
        await wait_for(pilot, lambda: commands.option_count > 0)
        assert not any("play from" in str(commands.get_option_at_index(n).prompt) for n in range(commands.option_count))
        await pilot.press(*"play")  # every node matches
        first = lambda: str(commands.get_option_at_index(0).prompt) if commands.option_count else ""  # noqa: E731
        await wait_for(pilot, lambda: "play from" in first())
        assert commands.option_count <= 40
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, CommandPalette))
        await run_palette_command(pilot, "node: play from n4242", "n4242")
        await wait_for(pilot, lambda: app.screen.walk.node.id == "n4242")
        assert [step.node.id for step in app.screen.walk.steps][:3] == ["n0", "n1", "n3"]  # the path to it filled in
