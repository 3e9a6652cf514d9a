"""The preview says in one line what a saved change did to the tree (the semantic diff of model/diff.py)."""

from __future__ import annotations

from authoring_support import DEMO_TREE, preview_ready, replace_file

from support import SIZE, wait_for, wait_for_text


def notices(app) -> list[tuple[str, str]]:
    """The notifications shown now and their severities (as ``support.notifications`` reads them)."""
    return [(str(n.message), n.severity) for n in app._notifications]


async def test_a_reload_says_what_changed_and_warns_of_a_de_escalation(demo_tree, preview_app):
    app = preview_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        await preview_ready(pilot)
        await wait_for_text(pilot, "Has the twitching lasted more than two weeks?")
        assert notices(app) == []  # the first load is no change
        changed = DEMO_TREE.replace('urgency = "routine"', 'urgency = "self-care"').replace(
            '  label = "Yes"\n  next = "stretch"', '  label = "Yes"\n  next = "rest"'
        )
        replace_file(demo_tree, changed)
        expected = ("1 answer re-wired towards less urgent outcomes, 1 outcome de-escalated", "warning")
        await wait_for(pilot, lambda: expected in notices(app))


async def test_a_save_that_changes_only_the_wording_is_said_quietly_and_formatting_not_at_all(demo_tree, preview_app):
    app = preview_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        await preview_ready(pilot)
        replace_file(demo_tree, "# a comment\n" + DEMO_TREE)
        await wait_for(pilot, lambda: app.screen.query_one("AuthorStatus").note.startswith("loaded"))
        replace_file(demo_tree, DEMO_TREE.replace("lasted more than two weeks", "lasted a month"))
        await wait_for_text(pilot, "Has the twitching lasted a month?")
        await wait_for(pilot, lambda: notices(app) == [("1 text change", "information")])
