"""The bundled content: safe by construction, complete, covered by cases, and written in our own words.

Most tests walk every path of the bundled tree (it is small: a few hundred
paths), so that each guarantee is proved for every walk a person can take,
independently of the graph check in ``twitchtree check``.
"""

from __future__ import annotations

import re
from collections import deque
from functools import cache
from pathlib import Path

import pytest

from content_shingles import FIXTURE, build, shingles
from twitchtree.commands._common import tree_path
from twitchtree.model.cases import read_cases, run_case
from twitchtree.model.check import check_file
from twitchtree.model.load import load_tree
from twitchtree.model.spec import URGENCY_ORDER
from twitchtree.paths import DEFAULT_TREE, bundled_trees

ROOT = Path(__file__).resolve().parents[1]
TREES = ROOT / "trees"
TREE_ID = "muscle-symptoms"
SOURCES = ROOT.parent / "shared" / "sources"

ADULT_ONLY = {"als", "parkinsons", "huntingtons"}
"""Conditions a child's walk must never name."""
CHILD_ONLY = {"duchenne"}
"""Conditions an adult's walk must never name."""
CHILDHOOD = {"duchenne", "sma", "tourette"}
"""Childhood conditions: each has a child's case that ends at an outcome naming it."""
YES_NO = ("Yes", "No", "Not sure")
TIME_WORDS = re.compile(
    r"\b(emergency|urgent\w*|soon|routine|self-care|now|today|tonight|tomorrow|immediately|straight away|"
    r"right away|within|hours?|days?|weeks?|months?|asap|next visit)\b",
    re.IGNORECASE,
)
STOPWORDS = {
    *("a", "an", "the", "and", "or", "of", "to", "in", "on", "at", "is", "are", "it", "its", "with", "your"),
    *("you", "yours", "if", "for", "by", "as", "be", "this", "that", "these", "from", "not", "no", "any"),
    *("one", "some", "more", "than", "into", "after", "before", "when", "while", "has", "have", "had"),
    *("do", "does", "can", "call", "services"),
}


@pytest.fixture(scope="module")
def tree():
    return load_tree(TREES / f"{TREE_ID}.toml", use_cache=False)


@pytest.fixture(scope="module")
def paths(tree):
    """Every path from the start to an outcome: (the steps as (question, answer), the outcome)."""
    found = []
    stack = [(tree.start, ())]
    while stack:
        node_id, steps = stack.pop()
        node = tree.node(node_id)
        if node.type == "outcome":
            found.append((steps, node))
            continue
        for answer in node.answers:
            stack.append((answer.next, (*steps, (node, answer))))
    # two checklists, each with a one-at-a-time route: four ways to the age question
    assert 100 < len(found) < 20000, len(found)
    return found


@pytest.fixture(scope="module")
def case_files():
    return [read_cases(path) for path in sorted((TREES / "cases").glob("*.toml"))]


@pytest.fixture(scope="module")
def cases(case_files):
    return [c for f in case_files for c in f.cases]


def _questions(tree):
    return [q for q in map(tree.node, tree.node_ids) if q.type == "question"]


def _rank(urgency: str) -> int:
    return URGENCY_ORDER.index(urgency)


# -- our own words ------------------------------------------------------------------------


def test_no_run_of_ten_words_from_the_sources_appears_in_trees():
    source_hashes = set(FIXTURE.read_text(encoding="utf-8").split())
    assert len(source_hashes) > 1000, "the source fixture looks truncated"
    copied = {}
    for path in sorted(TREES.rglob("*.toml")):
        for digest, run in shingles(path.read_text(encoding="utf-8")).items():
            if digest in source_hashes:
                copied.setdefault(path.name, []).append(run)
    assert not copied, f"runs of ten words copied from the sources: {copied}"


@pytest.mark.skipif(not SOURCES.is_dir(), reason="the source articles are not beside this checkout")
def test_the_shingle_fixture_matches_the_source_articles():
    assert FIXTURE.read_text(encoding="utf-8").split() == build(SOURCES)


def test_the_copy_check_catches_a_copied_sentence():
    """The check itself works: ten words lifted from a source are found."""
    source_hashes = set(FIXTURE.read_text(encoding="utf-8").split())
    copied = "Muscle twitching can occur in any muscle in the body, though it is most commonly"
    assert set(shingles(copied)) & source_hashes


def test_signs_from_beyond_the_articles_cite_sources_that_say_so(tree):
    general = {k: s for k, s in tree.sources.items() if k.startswith("general-")}
    assert set(general) == {"general-emergency", "general-clinical"}
    for source in general.values():
        assert "not one of the five source articles" in source.title
    for condition_id in ("stroke", "cauda-equina", "tetanus", "heat-stroke", "rhabdomyolysis", "blood-clot"):
        assert "general-emergency" in tree.conditions[condition_id].sources, condition_id


# -- one way in ---------------------------------------------------------------------------


def test_one_bundled_tree_is_the_default_and_the_old_ids_still_open_it():
    assert set(bundled_trees()) == {TREE_ID}
    assert DEFAULT_TREE == TREE_ID
    for alias in ("muscle-twitching", "muscle-spasms", None):
        assert tree_path(alias) == bundled_trees()[TREE_ID]


@pytest.mark.parametrize("path", sorted(TREES.rglob("*.toml")), ids=lambda p: p.name)
def test_bundled_files_check_without_errors_or_warnings(path):
    assert [str(d) for d in check_file(path)] == []


@pytest.mark.parametrize("path", sorted(TREES.rglob("*.toml")), ids=lambda p: p.name)
def test_bundled_files_pass_fmt_check(path, run_cli):
    result = run_cli("fmt", "--check", path)
    assert (result.code, result.out, result.err) == (0, "", "")


def _checklists(tree):
    """The emergency checklists, in the order every walk meets them: the start, then each one's "No"."""
    found, node = [], tree.node(tree.start)
    while node.type == "question" and node.screens == "emergency":
        found.append(node)
        node = tree.node(next(a.next for a in node.answers if a.label == "No"))
    return found


def _reachable_outcomes(tree, node_id: str, skip=("None of these",)) -> set[str]:
    """Outcomes reachable from a node, not following answers labelled as in ``skip``."""
    seen, queue, found = {node_id}, deque([node_id]), set()
    while queue:
        node = tree.node(queue.popleft())
        if node.type == "outcome":
            found.add(node.id)
            continue
        for answer in node.answers:
            if answer.label not in skip and answer.next not in seen:
                seen.add(answer.next)
                queue.append(answer.next)
    return found


def test_the_walk_starts_with_the_emergency_screens_then_age_then_complaint(tree):
    checklists = _checklists(tree)
    assert len(checklists) == 2, [c.id for c in checklists]
    assert {q.id for q in _questions(tree) if q.screens == "emergency"} == {c.id for c in checklists}
    who = tree.node(next(a.next for a in checklists[-1].answers if a.label == "No"))
    assert [a.label for a in who.answers] == ["An adult (16 or over)", "A child (under 16)", "Not sure"]
    by_label = {a.label: a.next for a in who.answers}
    assert by_label["Not sure"] == by_label["An adult (16 or over)"], "Not sure asks the adult questions"
    for answer in who.answers:
        complaints = [a.label for a in tree.node(answer.next).answers]
        assert complaints[-1] == "Something else, more than one, or not sure", complaints
        assert any("Twitching" in c for c in complaints) and any("ramps" in c for c in complaints)
        assert len(complaints) <= 9, "every complaint has a number key"


def test_the_emergency_checklists_cover_every_age_and_signs_that_have_passed(tree):
    checklists = _checklists(tree)
    for checklist in checklists:
        assert "last day or two" in checklist.text and "even if it has passed" in checklist.text
        assert f"part {checklists.index(checklist) + 1} of {len(checklists)}" in checklist.text
    signs = " ".join(c.help.lower().replace("**", "") for c in checklists)
    for sign in ("grunting", "ribs sucking in", "blue lips", "too breathless to feed", "harder to wake"):
        assert sign in signs, sign  # a baby's or child's breathing trouble
    assert "with or without back pain" in signs  # bladder or bowel control lost counts on its own
    assert "jerking or rigid muscles with a fever" in signs and "seeing things" in signs
    assert "jaw, neck, arm or back" in signs and "sweating" in signs  # a heart attack felt in the jaw (T13)
    assert "pregnant" in signs and "lithium" in signs and "swollen, painful calf" in signs


def test_the_emergency_checklists_fit_a_100_by_30_terminal_without_scrolling(tree):
    """The answers sit above the checklist, so every sign must show with them.

    At 100x30 the question card holds 18 lines of question and checklist, about 56 columns wide, beside
    the three answers (measured in tmux); a longer checklist scrolls, and a reader may answer unseen signs.
    """
    for checklist in _checklists(tree):
        bullets = [line[2:].replace("**", "") for line in checklist.help.strip().splitlines()]
        assert all(line.startswith("- ") for line in checklist.help.strip().splitlines())
        lines = -(-len(checklist.text) // 56) + sum(-(-(len(b) + 2) // 56) for b in bullets)
        assert lines <= 18, (checklist.id, lines)


CHECKLIST_OUTCOMES = {
    "Baby or child": "call-child-unwell",
    "Pregnant or just given birth": "call-pregnancy",
    "After a medicine or drug": "call-medicine",
    "On lithium": "call-medicine",
    "Heat": "call-heat",
    "Hands or feet": "call-tetany",
    "After a wound": "call-tetanus",
    "Fever": "call-meningitis",
    "Dark urine": "call-dark-urine",
    "Breathing": "call-clot-lung call-breathing",
    "A child's breathing": "call-breathing",
    "One side": "call-stroke",
    "Suddenly, in minutes or hours": "call-stroke",
    "Both legs or both arms": "call-spreading-weakness",
    "Chest": "call-chest",
    "Fainting": "call-chest",
    "Bladder or bowel": "call-saddle",
    "Mind": "call-confusion",
}
"""Each checklist sign (its bold heading) and the emergency outcomes whose advice is written for it."""


def test_every_checklist_sign_has_its_own_option_and_its_own_question(tree):
    """A sign on a checklist has an option in the "which" list that follows it, leading to advice written for
    it, and a question of its own when the checklist is answered "Not sure"; options with a context (a baby,
    pregnancy, a medicine, heat, a wound, a swollen calf) come before the general ones."""
    for checklist in _checklists(tree):
        headings = re.findall(r"^- \*\*(.+?):?\*\*", checklist.help, re.MULTILINE)
        headings = [h.rstrip(":") for h in headings]
        by_label = {a.label: a.next for a in checklist.answers}
        which, unsure = tree.node(by_label["Yes"]), tree.node(by_label["Not sure"])
        options = {a.next for a in which.answers}
        chain, node = set(), unsure
        while node.type == "question" and not node.screens and "Yes" in {a.label for a in node.answers}:
            chain.add(next(a.next for a in node.answers if a.label == "Yes"))
            node = tree.node(next(a.next for a in node.answers if a.label == "No"))
        for heading in headings:
            assert heading in CHECKLIST_OUTCOMES, f"{checklist.id}: no outcome is written for {heading!r}"
            for outcome in CHECKLIST_OUTCOMES[heading].split():
                assert outcome in options, f"{which.id} has no option for {heading!r} ({outcome})"
                assert outcome in chain, f"no one-at-a-time question after {checklist.id} leads to {outcome}"
        assert options == chain, (checklist.id, options ^ chain)
        assert all(tree.node(o).urgency == "emergency" for o in options)
    general = [a.next for a in tree.node("emergency-which-2").answers]
    assert general.index("call-clot-lung") < general.index("call-breathing") < general.index("call-stroke")
    assert general.index("call-confusion") < general.index("call-stroke")
    assert general.index("call-spreading-weakness") < general.index("call-stroke")


def test_confusion_is_its_own_emergency_sign_and_never_gets_stroke_advice(tree):
    for which in (tree.node("emergency-which"), tree.node("emergency-which-2")):
        to_stroke = [a.label for a in which.answers if a.next == "call-stroke"]
        assert not any("confus" in label.lower() for label in to_stroke)
    for question in _questions(tree):
        if "confus" in question.text.lower() and not question.screens:
            yes = tree.node(next(a.next for a in question.answers if a.label == "Yes"))
            assert yes.id in ("call-confusion", "call-heat"), question.id
    assert "stroke" not in tree.node("call-confusion").text.lower()


UNSAFE_ADVICE = {
    r"\b(give|have) nothing to (eat or )?drink|\bno (food or )?drink\b|\bnothing (to eat, drink|by mouth)": (
        "withholding drinks harms heat illness and muscle breakdown unless tied to a sign that calls for it"
    ),
    r"\b(sips?|drink) (of )?(cool )?water\b|\bgive (sips|fluids|water)": (
        "drinks are unsafe with a stroke, weak swallowing or drowsiness unless tied to swallowing normally"
    ),
    r"\blay (them|the person|the child) (flat|down)\b|\blie down\b|\braise (their|the) legs": (
        "lying flat harms someone short of breath unless tied to a faint"
    ),
    r"\baspirin\b": "aspirin harms a bleeding stroke; the call handler decides",
    r"\bdrive (you|them|the person)\b|\bcan drive\b|\bas good\b": "being driven in delays help in another emergency",
}
"""Advice that is right in one emergency and wrong in another, and the condition that makes it safe."""
SAFE_WHEN = {
    0: re.compile(r"\b(if|while)\b", re.IGNORECASE),
    1: re.compile(r"\bif\b.*\bswallow", re.IGNORECASE),
    2: re.compile(r"\bif\b.*\bfaint|\bfainted\b", re.IGNORECASE),
}


def test_emergency_advice_stays_safe_whatever_the_emergency_turns_out_to_be(tree):
    """A reader who chose "any" option, or whose emergency is another, still gets advice that does no harm."""
    for outcome in tree.outcomes():
        if outcome.urgency != "emergency":
            continue
        for sentence in re.split(r"(?<=[.;])\s+|\n", outcome.text):
            for n, (pattern, why) in enumerate(UNSAFE_ADVICE.items()):
                if re.search(pattern, sentence, re.IGNORECASE):
                    safe = SAFE_WHEN.get(n)
                    assert safe and safe.search(sentence), f"{outcome.id}: {sentence!r}: {why}"
    for hot in ("call-heat", "call-dark-urine"):
        assert not re.search(r"nothing to (eat or )?drink|no food or drink", tree.node(hot).text, re.IGNORECASE)
    assert "cool" in tree.node("call-confusion").text and "cool" in tree.node("call-medicine").text


def test_the_unsafe_advice_check_catches_unsafe_advice():
    pattern = next(iter(UNSAFE_ADVICE))
    assert re.search(pattern, "3. Give nothing to eat or drink.", re.IGNORECASE)
    assert not SAFE_WHEN[0].search("3. Give nothing to eat or drink.")
    assert SAFE_WHEN[0].search("3. While they are drowsy, give nothing to eat or drink.")


def test_answers_fit_the_number_keys_and_one_line_of_the_explorer(tree):
    for question in _questions(tree):
        assert len(question.answers) <= 9, question.id
        for answer in question.answers:
            assert len(answer.label) <= 52, (question.id, answer.label)


# -- the screening guarantee, walk by walk -------------------------------------------------


def test_every_path_passes_the_emergency_screen_before_any_outcome(paths):
    for steps, outcome in paths:
        assert steps and steps[0][0].screens == "emergency", outcome.id


@pytest.mark.parametrize("level", ["emergency", "urgent", "soon"])
def test_every_path_to_a_less_urgent_outcome_passes_a_screen_of_each_level(tree, paths, level):
    assert any(q.screens == level for q in _questions(tree)), f"no question screens {level}"
    for steps, outcome in paths:
        if _rank(outcome.urgency) > _rank(level):
            asked = [q.id for q, _ in steps if q.screens == level]
            assert asked, f"{outcome.id} is reached without the {level} screen: {[q.id for q, _ in steps]}"


def test_screens_come_in_order_on_every_path(paths):
    """Emergency signs before urgent ones, urgent before soon, on every path that asks them."""
    for steps, outcome in paths:
        levels = [_rank(q.screens) for q, _ in steps if q.screens]
        assert levels == sorted(levels), outcome.id


def test_every_path_to_a_less_urgent_outcome_asks_both_emergency_checklists(tree, paths):
    """`check` proves that some emergency screen is on every path; here, that every checklist is."""
    checklists = [c.id for c in _checklists(tree)]
    for steps, outcome in paths:
        if outcome.urgency != "emergency":
            asked = [q.id for q, _ in steps[: len(checklists) * 20] if q.id in checklists]
            assert asked == checklists, (outcome.id, [q.id for q, _ in steps])


LEVEL_HEADINGS = {"urgent": "a doctor within a day or two", "soon": "booked appointment"}


def test_headings_name_the_level_their_question_screens(tree):
    for question in _questions(tree):
        for level, heading in LEVEL_HEADINGS.items():
            if heading in question.text:
                assert question.screens == level, (question.id, question.text)
            if question.screens == level:
                assert heading in question.text, (question.id, question.text)


@pytest.mark.parametrize("level", ["urgent", "soon"])
def test_no_answer_under_a_heading_ends_less_urgent_than_the_heading(tree, level):
    """An option listed under "Signs that need a doctor within a day or two" never ends at a booked appointment
    (T35 did), and one under "Signs for a booked appointment" never below it. "None of these" goes on."""
    for question in (q for q in _questions(tree) if q.screens == level):
        for answer in question.answers:
            if answer.label == "None of these":
                continue
            for outcome_id in _reachable_outcomes(tree, answer.next):
                outcome = tree.node(outcome_id)
                assert _rank(outcome.urgency) <= _rank(level), (question.id, answer.label, outcome.id)


def test_a_swollen_calf_always_asks_about_breathlessness_before_the_clot_outcome(tree):
    """New breathlessness with a swollen calf can mean a clot in the lungs: an emergency, never "urgent" (T09)."""
    calves = [(q, a) for q in _questions(tree) for a in q.answers if re.search(r"\bcalf\b", a.label, re.I)]
    assert len(calves) >= 3
    for question, answer in calves:
        if "swollen" not in answer.label.lower():
            continue
        follow = tree.node(answer.next)
        if question.screens == "emergency" or follow.type == "outcome":
            assert follow.id == "call-clot-lung", (question.id, answer.label)
            continue
        assert "breath" in follow.text.lower(), (question.id, answer.label, follow.id)
        by_label = {a.label: tree.node(a.next) for a in follow.answers}
        assert by_label["Yes"].urgency == by_label["Not sure"].urgency == "emergency", follow.id
    assert not any(tree.node(a.next).id == "see-gp-clot" for q in _questions(tree) for a in q.answers if q.screens)


def test_advice_not_to_stop_drinking_suddenly_never_reaches_someone_who_has_stopped(paths):
    stopped = re.compile(r"stopp(ed|ing) (or cut down )?(heavy )?drinking", re.IGNORECASE)
    still = re.compile(r"do not stop|stopping suddenly|stop suddenly", re.IGNORECASE)
    checked = 0
    for steps, outcome in paths:
        if any(stopped.search(a.label) for _, a in steps):
            checked += 1
            assert not still.search(f"{outcome.title} {outcome.text}"), outcome.id
    assert checked > 10


def test_a_harmless_twitch_reaches_its_advice_in_ten_questions_after_every_warning_list(paths):
    """The everyday-triggers advice comes after both checklists and every urgent and booked list, and no later
    than the tenth question (it took twelve before drink, diet and triggers became one question)."""
    walks = [steps for steps, outcome in paths if outcome.id == "home-twitch-triggers"]
    assert walks
    for steps in walks:
        screened = {q.screens for q, _ in steps if q.screens}
        assert screened == {"emergency", "urgent", "soon"}, [q.id for q, _ in steps]
    assert min(len(steps) for steps in walks) <= 10


def test_a_red_flag_answered_yes_never_ends_in_self_care(tree):
    flagged = [(q, a) for q in _questions(tree) for a in q.answers if a.red_flag]
    assert flagged, "the tree marks no red-flag answers"
    for question, answer in flagged:
        seen, queue = {answer.next}, deque([answer.next])
        while queue:
            node = tree.node(queue.popleft())
            if node.type == "outcome":
                assert node.urgency != "self-care", f"{question.id} = {answer.label!r} can end in {node.id}"
                continue
            for nxt in (a.next for a in node.answers):
                if nxt not in seen:
                    seen.add(nxt)
                    queue.append(nxt)


# -- "Not sure" ---------------------------------------------------------------------------


def test_yes_no_not_sure_questions_list_their_answers_in_one_order(tree):
    for question in _questions(tree):
        labels = [a.label for a in question.answers]
        if set(labels) <= set(YES_NO):
            assert labels == [x for x in YES_NO if x in labels], question.id
        elif "None of these" in labels:
            assert labels[-2:] == ["None of these", "Not sure"], question.id
        elif "Not sure" in labels:
            assert labels[-1] == "Not sure", question.id


def test_not_sure_never_leads_less_urgent_than_no(tree):
    @cache
    def least_urgent(node_id: str) -> int:
        node = tree.node(node_id)
        if node.type == "outcome":
            return _rank(node.urgency)
        return max(least_urgent(a.next) for a in node.answers)

    for question in _questions(tree):
        by_label = {a.label: a.next for a in question.answers}
        unsure = by_label.get("Not sure")
        negative = by_label.get("No") or by_label.get("None of these")
        if unsure and negative:
            assert least_urgent(unsure) <= least_urgent(negative), question.id


def test_not_sure_about_an_emergency_or_urgent_sign_counts_as_yes(tree):
    for question in _questions(tree):
        by_label = {a.label: tree.node(a.next) for a in question.answers}
        yes, unsure = by_label.get("Yes"), by_label.get("Not sure")
        if yes is not None and yes.type == "outcome" and _rank(yes.urgency) <= _rank("urgent"):
            assert unsure is not None and unsure.type == "outcome", question.id
            assert _rank(unsure.urgency) <= _rank(yes.urgency), question.id


def test_not_sure_on_a_screen_escalates_to_that_level_or_asks_each_sign(tree):
    for question in (q for q in _questions(tree) if q.screens):
        unsure = tree.node(next(a.next for a in question.answers if a.label == "Not sure"))
        negative = next(a.next for a in question.answers if a.label in ("No", "None of these"))
        if unsure.type == "outcome":
            assert unsure.urgency == question.screens, question.id
        else:  # the emergency checklist: the same signs one at a time
            assert unsure.id != negative, question.id
            assert all(a.label in YES_NO for a in unsure.answers), question.id


# -- who sees what ------------------------------------------------------------------------


def _named(steps, outcome) -> set[str]:
    return {c for q, _ in steps for c in q.conditions} | set(outcome.conditions)


def test_children_and_adults_see_their_own_conditions(paths):
    children = adults = 0
    for steps, outcome in paths:
        labels = {a.label for _, a in steps}
        if "A child (under 16)" in labels:
            children += 1
            assert not _named(steps, outcome) & ADULT_ONLY, (outcome.id, _named(steps, outcome) & ADULT_ONLY)
        if "An adult (16 or over)" in labels:
            adults += 1
            assert not _named(steps, outcome) & CHILD_ONLY, (outcome.id, _named(steps, outcome) & CHILD_ONLY)
    assert children > 20 and adults > 100


def test_every_condition_in_the_library_is_named_at_the_end_of_some_path(tree, paths):
    named = {c for _, outcome in paths for c in outcome.conditions}
    assert set(tree.conditions) - named == set()


def test_conditions_follow_the_path_not_a_fixed_list(tree):
    """No list of several conditions is repeated across many outcomes, whatever led there."""
    lists = [tuple(sorted(o.conditions)) for o in tree.outcomes() if len(o.conditions) >= 2]
    most_common = max(set(lists), key=lists.count)
    assert lists.count(most_common) <= 3, most_common
    assert len(set(lists)) > 25


# -- the outcome view ---------------------------------------------------------------------


def test_outcome_titles_name_the_action_and_never_a_time_frame(tree):
    for outcome in tree.outcomes():
        assert not TIME_WORDS.search(outcome.title), (outcome.id, outcome.title)
        assert not TIME_WORDS.match(outcome.text.lstrip().strip("*")), f"{outcome.id} restates the urgency"


def test_emergency_titles_agree_with_the_banner(tree):
    """The banner says "call emergency services now"; the title names the same action."""
    for outcome in tree.outcomes():
        if outcome.urgency == "emergency":
            assert "call an ambulance" in outcome.title.lower(), (outcome.id, outcome.title)
        else:
            assert "ambulance" not in outcome.title.lower(), (outcome.id, outcome.title)


def _texts(tree):
    for node in map(tree.node, tree.node_ids):
        yield node.id, node.text
        if node.type == "question":
            yield node.id, node.help or ""
            for answer in node.answers:
                yield node.id, f"{answer.label} {answer.why or ''}"
        else:
            yield node.id, " ".join((node.title, *node.red_flags))


def test_no_content_names_a_key_of_the_app(tree):
    """`ask`, the explorer and a printed summary have different keys: content names none."""
    keys = re.compile(r"\b(press|hit|type)\s+[a-z0-9?]\b|\bctrl\b|\bkey ?board\b", re.IGNORECASE)
    for node_id, text in _texts(tree):
        assert not keys.search(text), (node_id, keys.search(text).group(0))


def test_every_outcome_names_a_condition_or_says_why_not(tree):
    for outcome in tree.outcomes():
        assert outcome.conditions or "no condition is named" in outcome.text.lower(), outcome.id


def test_an_outcome_reached_before_the_medicine_question_mentions_medicines(tree, paths):
    """A walk that stops before the medicine question still says to mention a new medicine."""

    @cache
    def reaches_medicine(node_id: str) -> bool:
        node = tree.node(node_id)
        if node.type == "outcome":
            return False
        return node_id.endswith("-medicine") or any(reaches_medicine(a.next) for a in node.answers)

    for steps, outcome in paths:
        if outcome.urgency == "emergency" or any(q.id.endswith("-medicine") for q, _ in steps):
            continue
        last = steps[-1][0]
        if reaches_medicine(last.id):
            assert "medicine" in outcome.text.lower(), (outcome.id, last.id)


def _asks_alcohol(question) -> bool:
    return any(a.label == "Drinking heavily on most days" for a in question.answers)


def test_alcohol_is_asked_on_every_adult_walk_that_asks_about_medicines(paths):
    for steps, outcome in paths:
        labels = {a.label for _, a in steps}
        asked = [(q.id, a.label) for q, a in steps]
        medicine = [label for node_id, label in asked if node_id.endswith("-medicine")]
        if "A child (under 16)" in labels or not medicine or medicine[0] == "Yes":
            continue
        assert any(_asks_alcohol(q) for q, _ in steps), outcome.id


def _alcohol_follows(tree, question) -> bool:
    """Whether answering ``question`` No or None of these leads on to the alcohol question."""
    seen, queue = set(), deque([question])
    while queue:
        node = queue.popleft()
        if node.type == "outcome" or node.id in seen:
            continue
        seen.add(node.id)
        if _asks_alcohol(node):
            return True
        queue.extend(tree.node(a.next) for a in node.answers if a.label in ("No", "None of these"))
    return False


def test_a_booked_adult_walk_that_skips_the_alcohol_question_still_speaks_of_drinking(tree, paths):
    """A "Not sure" on a booked list, or Yes to a medicine, ends before the alcohol question: the advice there
    still tells a heavy drinker not to stop suddenly on their own (withdrawal, the urgent sign, is asked
    before every booked list, and its emergency signs on the checklist)."""
    checked = 0
    for steps, outcome in paths:
        labels = {a.label for _, a in steps}
        if "A child (under 16)" in labels or outcome.urgency != "soon" or any(_asks_alcohol(q) for q, _ in steps):
            continue
        question, answer = steps[-1]
        unsure_booked = answer.label == "Not sure" and question.screens == "soon"
        if _alcohol_follows(tree, question) and (unsure_booked or question.id.endswith("-medicine")):
            checked += 1
            assert "drink heavily" in outcome.text and "stopping suddenly" in outcome.text, outcome.id
            withdrawal = "Shaky, sweaty or on edge since stopping drinking"
            assert any(withdrawal in {a.label for a in q.answers} for q, _ in steps), outcome.id
    assert checked > 10


def test_every_outcome_says_what_to_do_and_cites_sources(tree):
    for outcome in tree.outcomes():
        assert len(outcome.text) > 120, f"{outcome.id} says too little about what to do"
        assert outcome.red_flags, f"{outcome.id} lists no red flags"
        assert outcome.sources, f"{outcome.id} cites no sources"


def _content_words(text: str) -> set[str]:
    words = re.findall(r"[a-z]+", text.lower())
    return {w.rstrip("s") for w in words if w not in STOPWORDS and len(w) > 2}


def _flag_words(flag: str) -> set[str]:
    """The sign a red flag names: the words before any ": what to do"."""
    return _content_words(flag.partition(":")[0])


def _established(step) -> str:
    """The sign a red-flag answer establishes: its label, or for Yes and Not sure its question."""
    question, answer = step
    return question.text if answer.label in YES_NO else answer.label


def test_red_flags_never_repeat_a_sign_the_path_has_established(paths):
    """On every path, no red flag of its outcome shares most of its words with a red-flag answer on the path.

    An outcome reached for different reasons must not list one reason as a red flag for another: a
    red flag is something to watch for, not something the walk already knows.
    """
    checked = 0
    for steps, outcome in paths:
        signs = {_established(s) for s in steps if s[1].red_flag}
        for flag in outcome.red_flags:
            words = _flag_words(flag)
            for sign in signs:
                checked += 1
                overlap = len(words & _content_words(sign)) / max(1, len(words))
                assert overlap < 0.5, f"{outcome.id}: red flag {flag!r} repeats {sign!r}"
    assert checked > 500


def test_the_red_flag_check_catches_a_repeated_sign():
    """The form of the check: the flag "breathless lying flat" on a page reached because of it is a repeat."""
    words = _flag_words("Breathless when lying flat: call emergency services")
    assert len(words & _content_words("Are you breathless when you lie flat?")) / len(words) >= 0.5
    other = _content_words("Lips or face turning blue")
    assert not other & _content_words("Is the person struggling to breathe?")


def test_the_disclaimer_says_education_not_diagnosis_and_fits_the_not_sure_answers(tree):
    disclaimer = tree.disclaimer.lower()
    assert "education" in disclaimer
    assert "diagnos" in disclaimer
    assert "doubt" in disclaimer or "worried" in disclaimer
    assert "not sure" in disclaimer
    assert "cautious" not in disclaimer


# -- the cases ----------------------------------------------------------------------------


def test_at_least_forty_cases_pass_and_reach_every_outcome_and_urgency(tree, case_files, cases):
    assert len(cases) >= 40
    reached, urgencies = set(), set()
    for case_file in case_files:
        assert case_file.tree == TREE_ID
        for case in case_file.cases:
            result = run_case(case, tree, case_file.reporter)
            assert result.passed, (case.id, result.failures, result.errors)
            reached.add(result.walk.outcome.id)
            urgencies.add(case.expect.urgency)
    assert {o.id for o in tree.outcomes()} - reached == set()
    assert urgencies == set(URGENCY_ORDER)


def test_every_question_is_on_some_case_path(tree, cases):
    asked = {node_id for case in cases for node_id in case.answers}
    assert {q.id for q in _questions(tree)} - asked == set()


def test_every_screen_has_a_case_that_answers_it_not_sure(tree, cases):
    unsure = {node_id for case in cases for node_id, label in case.answers.items() if label == "Not sure"}
    screens = {q.id for q in _questions(tree) if q.screens}
    assert screens - unsure == set()


def test_every_childhood_condition_has_a_child_case(tree, cases):
    named = set()
    for case in cases:
        if "A child (under 16)" in case.answers.values():
            named.update(tree.node(case.expect.outcome).conditions)
    assert CHILDHOOD - named == set()


def test_every_case_has_a_story_teaching_points_and_must_ask_screens(tree, cases):
    for case in cases:
        assert len(case.patient) > 100, case.id
        assert case.teaching, case.id
        assert case.expect.must_ask and all(tree.node(q).screens for q in case.expect.must_ask), case.id


def test_the_condition_library_covers_the_conditions_the_sources_discuss(tree):
    conditions = tree.conditions
    names = " ".join(f"{c.name} {' '.join(c.aliases)}".lower() for c in conditions.values())
    for needle in (
        "amyotrophic", "duchenne", "peripheral neuropathy", "huntington", "wilson", "tourette", "temporomandibular",
        "isaacs", "cramp-fasciculation", "benign fasciculation", "spinal muscular atrophy", "kennedy", "myopathy",
        "multiple sclerosis", "parkinson", "electrolyte", "vitamin d", "b12", "magnesium", "autoimmune", "medicine",
        "back", "low calcium", "heat cramps", "dehydration", "stroke", "tetanus", "heat stroke", "muscle breakdown",
    ):  # fmt: skip
        assert needle in names, needle
    for condition in conditions.values():
        assert "\n" not in condition.summary.strip(), condition.id
        assert condition.notes and condition.sources, condition.id
