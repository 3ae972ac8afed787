"""The fit assessment: question planning (with the 10-question bound proven by
exhaustive enumeration), wording for you and for a loved one, buttons, and
reading free text the way visitors write it."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from itertools import combinations
from pathlib import Path
from typing import Any, Dict, Iterator, List, Mapping, Sequence, Tuple

import pytest

from bot.assessment import (
    ASSESSMENT_SLOTS,
    MAX_QUESTIONS,
    QUESTION_ORDER,
    QUESTIONS,
    Answers,
    ParseResult,
    assessment_intro,
    next_question,
    parse_answer,
    question_for,
    remaining_questions,
)
from bot.assessment.triage import Outcome, Situation, triage

ROOT = Path(__file__).resolve().parent.parent


def _options(values: Sequence[str]) -> List[List[str]]:
    """["none"] and every non-empty combination of the values."""
    return [["none"]] + [
        list(combo) for size in range(1, len(values) + 1) for combo in combinations(values, size)
    ]


# Every value each question can take (multi-choice: every combination).
ALL_VALUES: Dict[str, List[Any]] = {
    "for_whom": ["self", "loved_one"],
    "safety_risk": [True, False],
    "withdrawal_risk": [True, False],
    "step_down": [True, False],
    "severity": ["mild", "moderate", "severe", "unsure"],
    "cage_aid_score": [0, 1, 2, 3, 4],
    "co_occurring": _options(["anxiety", "depression", "trauma", "other"]),
    "co_occurring_serious": [True, False],
    "treated_before": [True, False],
    "relapse": [True, False],
    "responsibilities": _options(["work", "school", "dependents"]),
}
# Fewer list values, for the (larger) enumerations with answers given in advance.
SOME_VALUES: Dict[str, List[Any]] = {
    **ALL_VALUES,
    "co_occurring": [["none"], ["anxiety"], ["depression", "trauma"]],
    "responsibilities": [["none"], ["work"], ["school", "dependents"]],
}

Conversation = Tuple[Dict[str, Any], Tuple[str, ...]]  # final answers, questions asked in order


def walk(
    start: Mapping[str, Any], values: Mapping[str, List[Any]] = ALL_VALUES
) -> Iterator[Conversation]:
    """Every conversation from `start`: always ask the planner's next question and
    branch on every possible answer to it."""
    stack: List[Conversation] = [(dict(start), ())]
    while stack:
        given, asked = stack.pop()
        plan = remaining_questions(given)
        if not plan:
            yield given, asked
            continue
        slot = plan[0]
        for value in values[slot]:
            stack.append(({**given, slot: value}, asked + (slot,)))


ALL_PATHS: List[Conversation] = list(walk({}))


# --- the question bound, proven over every path -----------------------------------------


def test_every_path_asks_at_most_10_questions_and_the_worst_case_is_10() -> None:
    longest = max(len(asked) for _, asked in ALL_PATHS)
    assert longest == MAX_QUESTIONS == 10
    assert len(ALL_PATHS) > 3000  # all combinations were explored
    worst = [asked for _, asked in ALL_PATHS if len(asked) == longest]
    # the worst case: an IOP fit that needs the treatment history (use is moderate)
    assert worst and all("treated_before" in w and "co_occurring_serious" not in w for w in worst)


def test_every_path_ends_with_a_settled_outcome() -> None:
    for given, _ in ALL_PATHS:
        assert triage(given).outcome is not Outcome.UNCERTAIN, given


def test_questions_come_in_catalogue_order_and_never_twice() -> None:
    for _, asked in ALL_PATHS:
        positions = [QUESTION_ORDER.index(slot) for slot in asked]
        assert positions == sorted(set(positions)), asked


def test_the_plan_never_grows_so_it_can_show_progress() -> None:
    """asked so far + still planned never increases, from the first question on."""
    assert len(remaining_questions({})) == MAX_QUESTIONS
    for given, asked in ALL_PATHS[::7]:
        replay: Dict[str, Any] = {}
        bound = len(remaining_questions(replay))
        for count, slot in enumerate(asked, start=1):
            replay[slot] = given[slot]
            now = count + len(remaining_questions(replay))
            assert now <= bound, (asked, count)
            bound = now


def test_skipped_questions_could_not_have_changed_the_outcome() -> None:
    """Whatever a question that was never asked would have been answered, the outcome
    stays the same; for an IOP fit the named situations and reasons too."""
    for given, asked in ALL_PATHS:
        result = triage(given)
        for slot in QUESTION_ORDER:
            if slot in given:
                continue
            for value in SOME_VALUES[slot]:
                other = triage({**given, slot: value})
                assert other.outcome is result.outcome, (given, slot, value)
                if result.outcome is Outcome.IOP_FIT:
                    assert other.reasons == result.reasons, (given, slot, value)


@pytest.mark.parametrize("slot", QUESTION_ORDER)
def test_answers_given_earlier_in_the_chat_are_never_asked_and_keep_the_bound(slot: str) -> None:
    for value in SOME_VALUES[slot]:
        for given, asked in walk({slot: value}, SOME_VALUES):
            assert slot not in asked
            assert len(asked) <= MAX_QUESTIONS


def test_two_answers_given_earlier_keep_the_bound() -> None:
    pairs = [
        ("step_down", True, "responsibilities", ["work"]),
        ("withdrawal_risk", False, "relapse", True),
        ("co_occurring", ["anxiety"], "treated_before", False),
        ("severity", "unsure", "co_occurring_serious", True),
        ("relapse", True, "responsibilities", ["none"]),
        ("cage_aid_score", 3, "treated_before", True),
    ]
    for slot_a, value_a, slot_b, value_b in pairs:
        for _, asked in walk({slot_a: value_a, slot_b: value_b}, SOME_VALUES):
            assert slot_a not in asked and slot_b not in asked
            assert len(asked) <= MAX_QUESTIONS


def test_every_outcome_and_situation_is_reachable() -> None:
    outcomes = {triage(given).outcome for given, _ in ALL_PATHS}
    assert outcomes == set(Outcome) - {Outcome.UNCERTAIN}
    situation_sets = {triage(given).situations for given, _ in ALL_PATHS}
    for situation in Situation:
        assert any(situation in s for s in situation_sets)
    assert {len(s) for s in situation_sets if s} == {1, 2, 3, 4}


# --- early stops and skipping -------------------------------------------------------------

START = {"for_whom": "self", "safety_risk": False, "withdrawal_risk": False, "step_down": False}


@pytest.mark.parametrize(
    "given, expected",
    [
        ({}, list(QUESTION_ORDER[:7]) + ["treated_before", "relapse", "responsibilities"]),
        ({"for_whom": "self", "safety_risk": True}, []),
        ({"safety_risk": True}, []),
        ({"for_whom": "self", "safety_risk": False, "withdrawal_risk": True}, []),
        ({**START, "severity": "severe"}, []),
        ({**START, "severity": "moderate", "cage_aid_score": 2, "co_occurring": ["anxiety"],
          "co_occurring_serious": True}, []),
        ({**START, "severity": "moderate", "cage_aid_score": 2, "co_occurring": ["none"],
          "treated_before": False}, []),
        # co-occurring, not serious: dual diagnosis once treatment history is known
        ({**START, "severity": "moderate", "cage_aid_score": 2, "co_occurring": ["anxiety"]},
         ["co_occurring_serious", "treated_before"]),
        ({**START, "severity": "moderate", "cage_aid_score": 2, "co_occurring": ["anxiety"],
          "co_occurring_serious": False}, ["treated_before"]),
        ({**START, "severity": "moderate", "cage_aid_score": 2, "co_occurring": ["anxiety"],
          "co_occurring_serious": False, "treated_before": True}, []),
        # ...and mild use can't be moved by treatment history, so it isn't asked
        ({**START, "severity": "mild", "cage_aid_score": 1, "co_occurring": ["anxiety"],
          "co_occurring_serious": False}, []),
        ({**START, "severity": "mild", "cage_aid_score": 1, "co_occurring": ["none"]},
         ["relapse", "responsibilities"]),
        ({**START, "severity": "mild", "cage_aid_score": 2, "co_occurring": ["none"]},
         ["treated_before", "relapse", "responsibilities"]),
        ({**START, "severity": "unsure"},
         ["cage_aid_score", "co_occurring", "treated_before", "relapse", "responsibilities"]),
        # a step-down means treated: treatment history is never asked
        ({**START, "step_down": True, "severity": "moderate"},
         ["cage_aid_score", "co_occurring", "relapse", "responsibilities"]),
    ],
)
def test_remaining_questions(given: Dict[str, Any], expected: List[str]) -> None:
    assert remaining_questions(given) == expected
    assert next_question(given) == (expected[0] if expected else None)


def test_just_finished_inpatient_rehab_skips_step_down_and_treatment_history() -> None:
    told = parse_answer("step_down", "I just finished inpatient rehab")
    assert told is not None
    plan = remaining_questions(told.slot_values())
    assert "step_down" not in plan and "treated_before" not in plan
    for _, asked in walk(told.slot_values()):
        assert "step_down" not in asked and "treated_before" not in asked
        assert len(asked) <= 8


def test_shakes_when_stopping_means_detox_after_who_and_safety_only() -> None:
    told = parse_answer("withdrawal_risk", "I get the shakes when I stop drinking")
    assert told is not None and told.value is True
    given = told.slot_values()
    assert remaining_questions(given) == ["for_whom", "safety_risk"]
    given.update({"for_whom": "self", "safety_risk": False})
    assert remaining_questions(given) == []
    assert triage(given).outcome is Outcome.DETOX_FIRST


def test_safety_is_always_asked_before_any_outcome() -> None:
    for slot, value in [("withdrawal_risk", True), ("severity", "severe")]:
        assert "safety_risk" in remaining_questions({"for_whom": "self", slot: value})


def test_intro_counts_the_planned_questions() -> None:
    text = assessment_intro(len(remaining_questions({})))
    assert "up to 10 short questions" in text and "not a diagnosis" in text
    assert "stop" in text


# --- wording and buttons ------------------------------------------------------------------

SELF = {"for_whom": "self", "co_occurring": ["anxiety", "depression"]}
SON = {
    "for_whom": "loved_one", "loved_one_relation": "son", "co_occurring": ["anxiety", "depression"]
}
SOMEONE = {"for_whom": "loved_one", "co_occurring": ["trauma"]}
_SECOND_PERSON = re.compile(
    r"\b(?:are|do|have|were|did) you\b|\byour (?:life|drinking|use)\b|\byourself\b", re.I
)


@pytest.mark.parametrize("slot", QUESTION_ORDER)
def test_each_question_is_short_with_a_button_for_every_answer(slot: str) -> None:
    prompt = question_for(slot, SELF)
    assert prompt.text and prompt.buttons
    assert len(prompt.buttons) == len(QUESTIONS[slot].options) >= 2
    if slot != "cage_aid_score":  # the screen lists its four items
        assert len(re.findall(r"[.?!](?=\s|$)", prompt.text)) <= 4, prompt.text


@pytest.mark.parametrize("slot", QUESTION_ORDER[1:])
def test_questions_about_a_loved_one_name_them_and_never_address_the_visitor(slot: str) -> None:
    about_son = question_for(slot, SON).text
    assert "your son" in about_son.lower()
    assert not _SECOND_PERSON.search(about_son), about_son
    about_someone = question_for(slot, SOMEONE).text
    assert "your loved one" in about_someone.lower()
    assert "your son" not in about_someone
    for_self = question_for(slot, SELF).text
    assert "loved one" not in for_self and "your son" not in for_self


def test_wording_starts_with_a_capital_for_a_loved_one() -> None:
    text = question_for("co_occurring_serious", SON).text
    assert text.startswith("You mentioned your son's anxiety and depression.")
    assert question_for("co_occurring_serious", SELF).text.startswith(
        "You mentioned anxiety and depression."
    )


def test_cage_aid_lists_all_four_items_for_you_and_for_them() -> None:
    for given, words in [(SELF, ("you",)), (SON, ("they", "their"))]:
        text = question_for("cage_aid_score", given).text
        for item in ("cut down", "annoyed", "guilty", "first thing in the morning"):
            assert item in text
        assert all(re.search(rf"\b{w}\b", text) for w in words)
    titles = [b.title for b in question_for("cage_aid_score", SELF).buttons]
    assert titles == ["None", "1", "2", "3", "All 4"]


def test_severity_options_are_described_in_plain_words() -> None:
    titles = [b.title for b in question_for("severity", SELF).buttons]
    assert titles[0].startswith("Mild: ") and titles[1].startswith("Moderate: ")
    assert titles[2].startswith("Severe: ") and titles[3] == "Not sure"


def test_asking_again_apologises_and_keeps_the_buttons() -> None:
    first = question_for("relapse", SELF)
    again = question_for("relapse", SELF, again=True)
    assert again.text.startswith("Sorry, I didn't quite catch that.")
    assert again.text.endswith(first.text) and again.buttons == first.buttons


_PAYLOAD = re.compile(r'^/inform(\{"choice":"[a-z_0-9]+"\})$')


@pytest.mark.parametrize("slot", QUESTION_ORDER)
def test_every_button_payload_and_title_parse_back_to_its_value(slot: str) -> None:
    for option, button in zip(QUESTIONS[slot].options, question_for(slot, SON).buttons):
        match = _PAYLOAD.match(button.payload)
        assert match, button.payload
        choice = json.loads(match.group(1))["choice"]
        assert choice == option.value
        clicked = parse_answer(slot, button.payload, choice=choice)
        typed = parse_answer(slot, button.title)
        assert clicked is not None and typed is not None, button
        assert typed.value == clicked.value, button
        expected = {"yes": True, "no": False}.get(choice, choice)
        if slot == "cage_aid_score":
            expected = int(choice)
        if slot in ("co_occurring", "responsibilities"):
            expected = [choice]
        assert clicked.value == expected


def test_unknown_question_and_foreign_button_values() -> None:
    with pytest.raises(ValueError):
        parse_answer("favourite_colour", "blue")
    with pytest.raises(KeyError):
        question_for("favourite_colour", {})
    assert parse_answer("severity", "", choice="yes") is None  # another question's button
    assert parse_answer("cage_aid_score", "", choice="7") is None
    assert parse_answer("relapse", '/inform{"choice":"maybe"}') is None
    assert parse_answer("relapse", "   ") is None


def test_unknown_relations_are_not_used_in_wording() -> None:
    given = {"for_whom": "loved_one", "loved_one_relation": "{who} <i>x</i>"}
    text = question_for("step_down", given).text
    assert text.startswith("Has your loved one recently finished")


# --- reading free text --------------------------------------------------------------------

FREE_TEXT: List[Tuple[str, str, Any]] = [
    # who it is for
    ("for_whom", "me", "self"),
    ("for_whom", "its me", "self"),
    ("for_whom", "myself", "self"),
    ("for_whom", "im worried about my drinking", "self"),
    ("for_whom", "for my son", ("loved_one", "son")),
    ("for_whom", "my wife", ("loved_one", "wife")),
    ("for_whom", "its for my brother", ("loved_one", "brother")),
    ("for_whom", "It\u2019s for my brother", ("loved_one", "brother")),
    ("for_whom", "my hubby drinks too much", ("loved_one", "husband")),
    ("for_whom", "i am asking for my daughter", ("loved_one", "daughter")),
    ("for_whom", "not me, my dad", ("loved_one", "dad")),
    ("for_whom", "asking for a friend", ("loved_one", "friend")),
    ("for_whom", "someone else", ("loved_one", None)),
    ("for_whom", "him", ("loved_one", None)),
    ("for_whom", "me and my husband", None),
    ("for_whom", "idk", None),
    # safety: when in doubt it counts as a risk
    ("safety_risk", "nah", False),
    ("safety_risk", "not really", False),
    ("safety_risk", "no overdoses", False),
    ("safety_risk", "im fine", False),
    ("safety_risk", "not suicidal", False),
    ("safety_risk", "no, ive been cutting back", False),
    ("safety_risk", "im fine most days but sometimes i think about ending it", True),
    ("safety_risk", "yeah", True),
    ("safety_risk", "i want to die", True),
    ("safety_risk", "he OD'd last week", True),
    ("safety_risk", "no, but he overdosed last month", True),
    ("safety_risk", "sometimes", True),
    ("safety_risk", "idk", True),
    ("safety_risk", "maybe", True),
    # withdrawal
    ("withdrawal_risk", "I get the shakes when I stop drinking", True),
    ("withdrawal_risk", "every day", True),
    ("withdrawal_risk", "he takes xanax daily", True),
    ("withdrawal_risk", "dope sick if i skip", True),
    ("withdrawal_risk", "sweats n shaking", True),
    ("withdrawal_risk", "withdrawls yes", True),
    ("withdrawal_risk", "kinda", True),
    ("withdrawal_risk", "nope", False),
    ("withdrawal_risk", "only on weekends", False),
    ("withdrawal_risk", "not every day", False),
    ("withdrawal_risk", "no, just socially", False),
    ("withdrawal_risk", "i smoke weed every day", False),
    ("withdrawal_risk", "idk", None),
    ("withdrawal_risk", "im sick of it", None),
    ("withdrawal_risk", "what?", None),
    # step-down
    ("step_down", "I just finished inpatient rehab", True),
    ("step_down", "yeah got out of detox last week", True),
    ("step_down", "residental", True),
    ("step_down", "yep", True),
    ("step_down", "never been to rehab", False),
    ("step_down", "went to rehab years ago", False),
    ("step_down", "not yet", False),
    ("step_down", "nah", False),
    ("step_down", "hmm", None),
    # severity
    ("severity", "i think moderate", "moderate"),
    ("severity", "pretty bad", "moderate"),
    ("severity", "moderat", "moderate"),
    ("severity", "mild to moderate", "moderate"),
    ("severity", "mild i guess", "mild"),
    ("severity", "not that bad", "mild"),
    ("severity", "really bad", "severe"),
    ("severity", "its taken over his life", "severe"),
    ("severity", "sever", "severe"),
    ("severity", "idk", "unsure"),
    ("severity", "not sure", "unsure"),
    ("severity", "not severe", None),
    ("severity", "yes", None),
    # CAGE-AID
    ("cage_aid_score", "two of them", 2),
    ("cage_aid_score", "none", 0),
    ("cage_aid_score", "nope none", 0),
    ("cage_aid_score", "no to all", 0),
    ("cage_aid_score", "all of them", 4),
    ("cage_aid_score", "yes to all", 4),
    ("cage_aid_score", "yes to the first and last", 2),
    ("cage_aid_score", "1 and 3", 2),
    ("cage_aid_score", "1, 2 and 4", 3),
    ("cage_aid_score", "the first two", 2),
    ("cage_aid_score", "just the guilty one", 1),
    ("cage_aid_score", "only the last one", 1),
    ("cage_aid_score", "cut down and guilty", 2),
    ("cage_aid_score", "gilty and annoyd", 2),
    ("cage_aid_score", "annoyed and guilty but not the morning thing", 2),
    ("cage_aid_score", "all except the morning one", 3),
    ("cage_aid_score", "all but one", 3),
    ("cage_aid_score", "2 out of 4", 2),
    ("cage_aid_score", "3/4", 3),
    ("cage_aid_score", "i guess 3", 3),
    ("cage_aid_score", "number 2", 1),
    ("cage_aid_score", "a couple", 2),
    ("cage_aid_score", "1 or 2", None),
    ("cage_aid_score", "five", None),
    ("cage_aid_score", "yes", None),
    ("cage_aid_score", "idk", None),
    # co-occurring concerns
    ("co_occurring", "anxiety", ["anxiety"]),
    ("co_occurring", "depresion and anxeity", ["anxiety", "depression"]),
    ("co_occurring", "depressed and anxious", ["anxiety", "depression"]),
    ("co_occurring", "ptsd from the army", ["trauma"]),
    ("co_occurring", "she has bipolar", ["other"]),
    ("co_occurring", "no anxiety but some depression", ["depression"]),
    ("co_occurring", "all of them", ["anxiety", "depression", "trauma"]),
    ("co_occurring", "no anxiety", ["none"]),
    ("co_occurring", "no mental health issues", ["none"]),
    ("co_occurring", "nope", ["none"]),
    ("co_occurring", "not really", ["none"]),
    ("co_occurring", "yes", None),
    ("co_occurring", "idk", None),
    # how serious
    ("co_occurring_serious", "pretty bad", True),
    ("co_occurring_serious", "really bad, cant get out of bed", True),
    ("co_occurring_serious", "not manageable at all", True),
    ("co_occurring_serious", "kinda", True),
    ("co_occurring_serious", "manageable", False),
    ("co_occurring_serious", "managable", False),
    ("co_occurring_serious", "its under control", False),
    ("co_occurring_serious", "not too bad", False),
    ("co_occurring_serious", "bad but manageable", None),
    ("co_occurring_serious", "idk", None),
    # treatment history
    ("treated_before", "never been to rehab", False),
    ("treated_before", "first time", False),
    ("treated_before", "nope never", False),
    ("treated_before", "went to detox twice", True),
    ("treated_before", "he did outpatient once", True),
    ("treated_before", "yeah rehab in 2019", True),
    ("treated_before", "been to rehab 3 times", True),
    ("treated_before", "never been to rehab, just detox once", True),
    ("treated_before", "dunno", None),
    # relapse
    ("relapse", "i was sober 2 years and relapsed", True),
    ("relapse", "he relapsed last month", True),
    ("relapse", "yup", True),
    ("relapse", "never been sober", False),
    ("relapse", "never stopped", False),
    ("relapse", "he was sober 5 years, now hes still drinking", True),
    ("relapse", "still using", False),
    ("relapse", "nah", False),
    ("relapse", "no idea", None),
    # responsibilities
    ("responsibilities", "work and kids", ["work", "dependents"]),
    ("responsibilities", "he works full time and has 2 kids", ["work", "dependents"]),
    ("responsibilities", "my son works full time", ["work"]),
    ("responsibilities", "not working right now but im in school", ["school"]),
    ("responsibilities", "college student", ["school"]),
    ("responsibilities", "i take care of my mom", ["dependents"]),
    ("responsibilities", "stay at home mom", ["dependents"]),
    ("responsibilities", "full time job", ["work"]),
    ("responsibilities", "all of them", ["work", "school", "dependents"]),
    ("responsibilities", "not working right now", ["none"]),
    ("responsibilities", "unemployed", ["none"]),
    ("responsibilities", "retired", ["none"]),
    ("responsibilities", "no", ["none"]),
    ("responsibilities", "yes", None),
    ("responsibilities", "idk", None),
]


@pytest.mark.parametrize(
    "slot, text, expected", FREE_TEXT, ids=[f"{s}: {t}" for s, t, _ in FREE_TEXT]
)
def test_free_text_answers(slot: str, text: str, expected: Any) -> None:
    result = parse_answer(slot, text)
    if expected is None:
        assert result is None, result
        return
    assert isinstance(result, ParseResult) and result.slot == slot
    if slot == "for_whom" and isinstance(expected, tuple):
        value, relation = expected
        assert result.value == value
        assert result.extra.get("loved_one_relation") == relation
        return
    assert result.value == expected


YES_NO_SLOTS = (
    "safety_risk", "withdrawal_risk", "step_down", "co_occurring_serious", "treated_before",
    "relapse",
)


@pytest.mark.parametrize("slot", YES_NO_SLOTS)
@pytest.mark.parametrize(
    "reply, value",
    [("yeah", True), ("Yep!", True), ("ya", True), ("yes definitely", True),
     ("nah", False), ("nope", False), ("No.", False), ("not really", False)],
)
def test_plain_yes_and_no_replies_to_yes_no_questions(slot: str, reply: str, value: bool) -> None:
    result = parse_answer(slot, reply)
    assert result is not None and result.value is value


@pytest.mark.parametrize(
    "about, expected",
    [
        ({"for_whom": "self"}, ["work", "dependents"]),
        ({"for_whom": "loved_one", "loved_one_relation": "son"}, ["work"]),
        (None, ["work"]),
    ],
)
def test_a_child_named_as_the_subject_is_a_dependent_only_for_the_visitor(
    about: Any, expected: List[str]
) -> None:
    """For the visitor, "my son is 3" names a dependent; when the check is about the
    son, a sentence starting "my son ..." is about him, so he isn't counted."""
    result = parse_answer("responsibilities", "my son is 3 and i work", answers=about)
    assert result is not None and result.value == expected


def test_a_clicked_button_wins_over_the_text() -> None:
    result = parse_answer("severity", "/inform", choice="severe")
    assert result == ParseResult("severity", "severe")
    assert parse_answer("cage_aid_score", "", choice=3.0) == ParseResult("cage_aid_score", 3)


def test_relation_is_stored_alongside_who_it_is_for() -> None:
    result = parse_answer("for_whom", "for my son")
    assert result is not None
    assert result.slot_values() == {"for_whom": "loved_one", "loved_one_relation": "son"}
    clicked = parse_answer("for_whom", "", choice="loved_one")
    assert clicked is not None and clicked.slot_values() == {"for_whom": "loved_one"}


# --- a new visitor's conversation, with free text only ------------------------------------


def converse(replies: Mapping[str, str]) -> Tuple[Dict[str, Any], List[str]]:
    """Answer each planned question with the scripted free-text reply."""
    given: Dict[str, Any] = {}
    asked: List[str] = []
    while (slot := next_question(given)) is not None:
        assert slot not in asked, f"{slot} asked twice"
        asked.append(slot)
        question_for(slot, given)  # every question can be worded at this point
        result = parse_answer(slot, replies[slot], answers=given)
        assert result is not None, (slot, replies[slot])
        given.update(result.slot_values())
    return given, asked


SCENARIOS = [
    (  # article situation 1: step-down after inpatient care (and working)
        {"for_whom": "it's for me", "safety_risk": "no", "withdrawal_risk": "nope",
         "step_down": "yes I just got out of inpatient last week", "severity": "moderate i think",
         "cage_aid_score": "2 of them", "co_occurring": "none", "relapse": "no",
         "responsibilities": "I work full time"},
        Outcome.IOP_FIT,
        (Situation.STEP_DOWN, Situation.MILD_OR_MODERATE, Situation.RESPONSIBILITIES),
        "you recently finished detox or inpatient care",
    ),
    (  # situation 2: mild, no co-occurring concerns (about a daughter)
        {"for_whom": "for my daughter", "safety_risk": "no", "withdrawal_risk": "no",
         "step_down": "no", "severity": "mild", "cage_aid_score": "just one",
         "co_occurring": "nope", "relapse": "nah", "responsibilities": "none of these"},
        Outcome.IOP_FIT, (Situation.MILD_OR_MODERATE,),
        "your daughter's use sounds mild with no other mental health concerns",
    ),
    (  # situation 3: relapse after a long stretch sober
        {"for_whom": "me", "safety_risk": "no", "withdrawal_risk": "no", "step_down": "no",
         "severity": "not that bad", "cage_aid_score": "none", "co_occurring": "no",
         "relapse": "i was sober 3 years and relapsed last month", "responsibilities": "no"},
        Outcome.IOP_FIT, (Situation.MILD_OR_MODERATE, Situation.RELAPSE),
        "you were sober for a long stretch",
    ),
    (  # situation 4: responsibilities, moderate use, treated before (the 10-question path)
        {"for_whom": "my husband", "safety_risk": "no", "withdrawal_risk": "no",
         "step_down": "no", "severity": "pretty bad", "cage_aid_score": "yes to the first and last",
         "co_occurring": "no", "treated_before": "yeah he did outpatient once",
         "relapse": "no", "responsibilities": "he works full time and has 2 kids"},
        Outcome.IOP_FIT, (Situation.MILD_OR_MODERATE, Situation.RESPONSIBILITIES),
        "your husband needs to keep up with a job and caring for others",
    ),
    (  # withdrawal
        {"for_whom": "me", "safety_risk": "no",
         "withdrawal_risk": "I get the shakes when I stop drinking"},
        Outcome.DETOX_FIRST, (), "you may get withdrawal",
    ),
    (  # moderate and never treated
        {"for_whom": "for my son", "safety_risk": "no", "withdrawal_risk": "no",
         "step_down": "no", "severity": "pretty bad", "cage_aid_score": "3",
         "co_occurring": "no", "treated_before": "never been to rehab"},
        Outcome.HIGHER_LEVEL_OF_CARE, (), "they haven't had treatment before",
    ),
    (  # co-occurring, manageable
        {"for_whom": "me", "safety_risk": "no", "withdrawal_risk": "no", "step_down": "no",
         "severity": "mild", "cage_aid_score": "1", "co_occurring": "anxiety and depression",
         "co_occurring_serious": "manageable"},
        Outcome.DUAL_DIAGNOSIS, (), "you're also dealing with anxiety and depression",
    ),
    (  # crisis
        {"for_whom": "me", "safety_risk": "yes"},
        Outcome.CRISIS, (), "thoughts of hurting yourself",
    ),
]


@pytest.mark.parametrize("replies, outcome, situations, reason", SCENARIOS)
def test_a_new_visitor_reaches_the_right_outcome_with_reasons(
    replies: Mapping[str, str], outcome: Outcome, situations: Tuple[Situation, ...], reason: str
) -> None:
    given, asked = converse(replies)
    result = triage(given)
    assert result.outcome is outcome
    assert result.situations == situations
    assert any(reason in r for r in result.reasons), result.reasons
    assert len(asked) <= MAX_QUESTIONS


# --- the answers view -----------------------------------------------------------------------


def test_answers_view_reads_loose_slot_values_and_drops_malformed_ones() -> None:
    view = Answers.from_slots(
        {
            "for_whom": "LOVED_ONE", "severity": "Moderate", "cage_aid_score": 3.0,
            "co_occurring": ["none", "anxiety", "unknown"], "responsibilities": "work",
            "relapse": "yes", "treated_before": 1, "step_down": None, "safety_risk": "maybe",
        }
    )
    assert view.for_whom == "loved_one" and view.severity == "moderate"
    assert view.cage_aid_score == 3
    assert view.co_occurring == ("anxiety",) and view.has_co_occurring is True
    assert view.responsibilities == ("work",)
    assert view.relapse is True
    assert view.treated_before is None and view.step_down is None and view.safety_risk is None
    assert Answers.from_slots({"cage_aid_score": 2.5}).cage_aid_score is None
    assert Answers.from_slots({"co_occurring": ["none"]}).has_co_occurring is False
    assert Answers.from_slots({}).has_co_occurring is None


def test_assessment_slots_cover_every_question_and_the_relation() -> None:
    assert set(ASSESSMENT_SLOTS) == set(QUESTION_ORDER) | {"loved_one_relation"}
    assert tuple(QUESTIONS) == QUESTION_ORDER


@pytest.mark.parametrize(
    "first, second", [("bot.assessment.triage", "bot.assessment"), ("bot.assessment", "bot.assessment.triage")]
)
def test_modules_import_in_either_order(first: str, second: str) -> None:
    code = (
        f"import {first}, {second}\n"
        "from bot.assessment import remaining_questions\n"
        "print(len(remaining_questions({})))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
        env={"PYTHONPATH": str(ROOT)}, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "10"
