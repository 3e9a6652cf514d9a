"""`twitchtree lsp` as an editor drives it: a real LSP client (pytest-lsp) over stdio, in a workspace on disk."""

from __future__ import annotations

import pytest
from lsp_support import CASES, LIBRARY, TREE, edit_of
from lsprotocol import types as lsp

pytestmark = pytest.mark.asyncio(loop_scope="function")


async def test_a_dangling_next_is_an_error_at_its_line(editor):
    text = TREE.replace('next = "home"\n\n[nodes.q2]', 'next = "hom"\n\n[nodes.q2]')
    editor.open("walk.toml", text)
    found = await editor.diagnostics("walk.toml", lambda d: any("hom'" in x.message for x in d))
    (dangling,) = [d for d in found if "which does not exist" in d.message]
    assert dangling.message == "answer 'No' of 'q1' leads to 'hom', which does not exist; did you mean 'home'?"
    assert dangling.severity == lsp.DiagnosticSeverity.Error
    assert dangling.range.start == editor.position("walk.toml", 'next = "hom"', text=text)  # line 19, column 2
    assert dangling.range.start.line == 18


async def test_a_clean_file_gets_an_empty_list_and_a_change_brings_its_diagnostic(editor):
    editor.open("walk.toml")
    assert await editor.diagnostics("walk.toml") == []
    editor.replace("walk.toml", TREE.replace('urgency = "self-care"', 'urgency = "selfcare"'))
    (found,) = await editor.diagnostics("walk.toml", lambda d: len(d) > 0)
    assert "'nodes.home.urgency' must be one of" in found.message
    assert found.range.start.line == TREE.splitlines().index('urgency = "self-care"')
    editor.replace("walk.toml", TREE)
    assert await editor.diagnostics("walk.toml", lambda d: not d) == []


async def test_completion_offers_node_ids_with_their_question_text(editor):
    text = TREE.replace('  next = "q2"', '  next = "')
    editor.open("walk.toml", text)
    position = editor.position("walk.toml", 'next = "\n', after=8, text=text)
    result = await editor.complete("walk.toml", position)
    items = {item.label: item for item in result.items}
    assert set(items) == {"q1", "q2", "emergency", "home"}
    assert items["q2"].detail == "Any trouble breathing?"
    assert items["emergency"].detail == "emergency: Call now"
    assert edit_of(result, items["q2"]) == (lsp.Range(position, position), 'q2"')  # closes the opened quote


async def test_completion_offers_the_keys_of_the_table_at_the_cursor(editor):
    text = TREE.replace('title = "Rest"\n', 'title = "Rest"\n\n')
    editor.open("walk.toml", text)
    position = editor.position("walk.toml", 'title = "Rest"\n\n', after=len('title = "Rest"\n'), text=text)
    result = await editor.client.text_document_completion_async(
        lsp.CompletionParams(text_document=editor.doc("walk.toml"), position=position)
    )
    labels = {item.label for item in result.items}
    assert labels == {"red_flags", "conditions"}  # the outcome's keys that it does not have yet
    (red_flags,) = [i for i in result.items if i.label == "red_flags"]
    assert red_flags.documentation is None  # sent when the editor shows the item, not with the list
    resolved = await editor.client.completion_item_resolve_async(red_flags)
    assert resolved.documentation.value == "Signs that should make the user act sooner."


async def test_completion_of_conditions_from_the_library_and_of_urgency_values(editor):
    text = TREE.replace('conditions = ["cond"]', 'conditions = ["')
    editor.open("walk.toml", text)
    position = editor.position("walk.toml", 'conditions = ["', after=15, text=text)
    result = await editor.client.text_document_completion_async(
        lsp.CompletionParams(text_document=editor.doc("walk.toml"), position=position)
    )
    assert [(i.label, i.detail) for i in result.items] == [("cond", "A condition (lib.toml)")]
    position = editor.position("walk.toml", 'urgency = "self-care"', after=11, text=text)
    result = await editor.client.text_document_completion_async(
        lsp.CompletionParams(text_document=editor.doc("walk.toml"), position=position)
    )
    assert [i.label for i in result.items] == ["emergency", "urgent", "soon", "routine", "self-care"]


async def test_completion_in_a_case_file_offers_the_trees_questions_and_their_labels(editor):
    text = CASES.replace('answers = { q1 = "Yes", q2 = "Yes" }', 'answers = { q1 = "Yes", q2 = "')
    editor.open("walk-cases.toml", text)
    position = editor.position("walk-cases.toml", 'q2 = "', after=6, text=text)
    result = await editor.client.text_document_completion_async(
        lsp.CompletionParams(text_document=editor.doc("walk-cases.toml"), position=position)
    )
    assert [(i.label, i.detail) for i in result.items] == [("Yes", "→ emergency"), ("No", "→ home")]
    position = editor.position("walk-cases.toml", 'q1 = "Yes", ', after=12, text=text)
    result = await editor.client.text_document_completion_async(
        lsp.CompletionParams(text_document=editor.doc("walk-cases.toml"), position=position)
    )
    assert [i.label for i in result.items] == ["q1", "q2"]  # questions only: an outcome has no answer


async def test_go_to_definition_reaches_into_the_library_and_from_a_case_into_the_tree(editor):
    editor.open("walk.toml")
    found = await editor.client.text_document_definition_async(
        lsp.DefinitionParams(editor.doc("walk.toml"), editor.position("walk.toml", '["cond"]', after=3))
    )
    assert found.uri == editor.uri("lib.toml")
    assert found.range.start == editor.position("lib.toml", "[conditions.cond]", after=12)
    editor.open("walk-cases.toml")
    found = await editor.client.text_document_definition_async(
        lsp.DefinitionParams(editor.doc("walk-cases.toml"), editor.position("walk-cases.toml", 'outcome = "emerg', 12))
    )
    assert found.uri == editor.uri("walk.toml")
    assert found.range.start == editor.position("walk.toml", "[nodes.emergency]", after=7)


async def test_find_references_across_the_tree_and_its_case_file(editor):
    editor.open("walk.toml")
    found = await editor.client.text_document_references_async(
        lsp.ReferenceParams(
            text_document=editor.doc("walk.toml"),
            position=editor.position("walk.toml", "[nodes.q2]", after=8),
            context=lsp.ReferenceContext(include_declaration=False),
        )
    )
    assert sorted((loc.uri.rsplit("/", 1)[1], loc.range.start.line) for loc in found) == [
        ("walk-cases.toml", 7),  # answers = { ..., q2 = "Yes" }
        ("walk-cases.toml", 12),  # must_ask = ["q2"]
        ("walk.toml", 14),  # next = "q2"
    ]


async def test_rename_a_node_across_the_tree_and_its_case_file(editor):
    editor.open("walk.toml")
    edit = await editor.client.text_document_rename_async(
        lsp.RenameParams(editor.doc("walk.toml"), editor.position("walk.toml", "[nodes.q2]", after=8), "breathing")
    )
    changes = {uri.rsplit("/", 1)[1]: edits for uri, edits in edit.changes.items()}
    assert set(changes) == {"walk.toml", "walk-cases.toml"}
    assert {e.new_text for edits in changes.values() for e in edits} == {"breathing"}
    assert sorted(e.range.start.line for e in changes["walk.toml"]) == [14, 20]  # next = "q2", [nodes.q2]
    assert sorted(e.range.start.line for e in changes["walk-cases.toml"]) == [7, 12]
    assert all(e.range.end.character - e.range.start.character == 2 for es in changes.values() for e in es)


async def test_rename_refuses_a_bad_id(editor):
    editor.open("walk.toml")
    with pytest.raises(Exception, match="not a valid id"):
        await editor.client.text_document_rename_async(
            lsp.RenameParams(editor.doc("walk.toml"), editor.position("walk.toml", "[nodes.q2]", after=8), "Q 2")
        )


async def test_hover_on_a_next_shows_the_target_and_on_a_condition_its_summary(editor):
    editor.open("walk.toml")
    found = await editor.client.text_document_hover_async(
        lsp.HoverParams(editor.doc("walk.toml"), editor.position("walk.toml", 'next = "emergency"', after=10))
    )
    assert "Call now" in found.contents.value and "Emergency: call emergency services now" in found.contents.value
    found = await editor.client.text_document_hover_async(
        lsp.HoverParams(editor.doc("walk.toml"), editor.position("walk.toml", '["cond"]', after=3))
    )
    assert "A condition" in found.contents.value and "What it is, in one line." in found.contents.value


async def test_code_actions_fix_a_misspelt_id_and_create_a_missing_node(editor):
    text = TREE.replace('next = "home"\n\n[nodes.q2]', 'next = "hom"\n\n[nodes.q2]').replace(
        'next = "q2"', 'next = "triage"'
    )
    editor.open("walk.toml", text)
    found = await editor.diagnostics("walk.toml", lambda d: len([x for x in d if "does not exist" in x.message]) == 2)
    by_target = {d.message.split("leads to '")[1].split("'")[0]: d for d in found if "does not exist" in d.message}
    misspelt = by_target["hom"]
    actions = await editor.client.text_document_code_action_async(
        lsp.CodeActionParams(
            text_document=editor.doc("walk.toml"), range=misspelt.range, context=lsp.CodeActionContext([misspelt])
        )
    )
    (fix,) = [a for a in actions if a.title == "Change 'hom' to 'home'"]
    (change,) = fix.edit.changes[editor.uri("walk.toml")]
    assert change.new_text == "home"
    assert change.range.start == editor.position("walk.toml", '"hom"', after=1, text=text)
    missing = by_target["triage"]
    actions = await editor.client.text_document_code_action_async(
        lsp.CodeActionParams(
            text_document=editor.doc("walk.toml"), range=missing.range, context=lsp.CodeActionContext([missing])
        )
    )
    assert {a.title for a in actions} == {"Create question 'triage'", "Create outcome 'triage'"}
    (create,) = [a for a in actions if a.title == "Create outcome 'triage'"]
    (change,) = create.edit.changes[editor.uri("walk.toml")]
    assert change.new_text.strip().startswith('[nodes.triage]\ntype = "outcome"')


async def test_the_outline_lists_nodes_with_their_text(editor):
    editor.open("walk.toml")
    found = await editor.client.text_document_document_symbol_async(lsp.DocumentSymbolParams(editor.doc("walk.toml")))
    assert [(s.name, s.detail) for s in found] == [
        ("q1", "Is it spreading?"),
        ("q2", "Any trouble breathing?"),
        ("emergency", "emergency: Call now"),
        ("home", "self-care: Rest"),
    ]
    q1 = found[0]
    assert q1.range.start.line == 6 and q1.range.end.line == 18  # the node's header through its last answer


async def test_a_change_to_a_library_rechecks_the_tree_that_uses_it(editor):
    editor.open("walk.toml")
    assert await editor.diagnostics("walk.toml") == []
    editor.open("lib.toml")
    editor.replace("lib.toml", LIBRARY.replace("[conditions.cond]", "[conditions.conde]"))
    found = await editor.diagnostics("walk.toml", lambda d: len(d) > 0)
    assert [d.message for d in found] == ["condition 'cond' is not defined; did you mean 'conde'?"]


async def test_a_renamed_node_shows_up_in_the_case_file_that_names_it(editor):
    editor.open("walk-cases.toml")
    assert await editor.diagnostics("walk-cases.toml") == []
    editor.open("walk.toml")
    editor.replace("walk.toml", TREE.replace("[nodes.q2]", "[nodes.breathing]").replace('"q2"', '"breathing"'))
    found = await editor.diagnostics("walk-cases.toml", lambda d: len(d) > 0)
    assert "case 'breathless': there is no node 'q2' in tree 'walk'" in [d.message for d in found]


async def test_a_half_typed_line_still_gets_answers_and_syntax_errors_are_diagnostics(editor):
    text = TREE.replace('  next = "home"\n\n[nodes.q2]', "  next = \n\n[nodes.q2]")
    editor.open("walk.toml", text)
    found = await editor.diagnostics("walk.toml", lambda d: len(d) > 0)
    assert found[0].message.startswith("TOML syntax:")
    position = editor.position("walk.toml", "next = \n", after=7, text=text)
    result = await editor.client.text_document_completion_async(
        lsp.CompletionParams(text_document=editor.doc("walk.toml"), position=position)
    )
    assert [edit_of(result, i)[1] for i in result.items] == ['"q1"', '"q2"', '"emergency"', '"home"']


async def test_completion_follows_the_document_and_its_library_as_they_change(editor):
    text = TREE.replace('  next = "q2"', '  next = "')
    editor.open("walk.toml", text)
    position = editor.position("walk.toml", 'next = "\n', after=8, text=text)
    first = await editor.complete("walk.toml", position)
    assert [i.label for i in first.items] == ["q1", "q2", "emergency", "home"]
    assert await editor.complete("walk.toml", position) == first  # asked again: the same list
    added = text + '\n[nodes.later]\ntype = "outcome"\nurgency = "soon"\ntitle = "See a doctor"\ntext = "Soon."\n'
    editor.replace("walk.toml", added)
    again = await editor.complete("walk.toml", position)
    assert [i.label for i in again.items] == ["q1", "q2", "emergency", "home", "later"]
    assert again.items[-1].detail == "soon: See a doctor"
    conditions = editor.position("walk.toml", 'conditions = ["cond"]', after=len('conditions = ["'), text=added)
    assert [i.label for i in (await editor.complete("walk.toml", conditions)).items] == ["cond"]
    editor.open("lib.toml")
    editor.replace("lib.toml", LIBRARY + '\n[conditions.other]\nname = "Another"\nsummary = "One more."\n')
    assert [i.label for i in (await editor.complete("walk.toml", conditions)).items] == ["cond", "other"]


async def test_a_client_without_list_defaults_gets_an_edit_on_each_item(bare_editor):
    text = TREE.replace('  next = "q2"', '  next = "')
    bare_editor.open("walk.toml", text)
    position = bare_editor.position("walk.toml", 'next = "\n', after=8, text=text)
    result = await bare_editor.complete("walk.toml", position)
    assert result.item_defaults is None
    assert [i.text_edit.new_text for i in result.items] == ['q1"', 'q2"', 'emergency"', 'home"']
    assert all(i.text_edit.range == lsp.Range(position, position) for i in result.items)


async def test_a_comment_in_a_library_does_not_recheck_the_trees_that_use_it(editor):
    async def everything_before_is_done(name):  # checks run one at a time, in turn: a new file's comes last
        editor.open(name, LIBRARY.replace("cond", "elsewhere").replace("src", "theirs"))
        await editor.diagnostics(name)

    editor.open("lib.toml")
    editor.open("walk.toml")
    await everything_before_is_done("first.toml")
    walk = editor.uri("walk.toml")
    assert not editor.client.diagnostics[walk]
    del editor.client.diagnostics[walk]
    editor.replace("lib.toml", "# the conditions of the walk\n" + LIBRARY)
    await everything_before_is_done("second.toml")
    assert walk not in editor.client.diagnostics  # the tree read the same data: it was not checked again
    editor.replace("lib.toml", LIBRARY.replace('name = "A condition"', 'name = "A changed condition"'))
    assert await editor.diagnostics("walk.toml") == []  # what the tree reads changed: it is checked again
