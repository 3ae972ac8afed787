"""bot/assessment/parsing.py (with matching.py): reading button clicks and free
text the way visitors write it."""

from __future__ import annotations

from typing import Any

import pytest

from bot.assessment import (
    ParseResult,
    parse_answer,
    question_for,
)

# --- reading free text --------------------------------------------------------------------

FREE_TEXT: list[tuple[str, str, Any]] = [
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


@pytest.mark.parametrize("slot, text, expected", FREE_TEXT, ids=[f"{s}: {t}" for s, t, _ in FREE_TEXT])
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
    "safety_risk",
    "withdrawal_risk",
    "step_down",
    "co_occurring_serious",
    "treated_before",
    "relapse",
)


@pytest.mark.parametrize("slot", YES_NO_SLOTS)
@pytest.mark.parametrize(
    "reply, value",
    [
        ("yeah", True),
        ("Yep!", True),
        ("ya", True),
        ("yes definitely", True),
        ("nah", False),
        ("nope", False),
        ("No.", False),
        ("not really", False),
    ],
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
def test_a_child_named_as_the_subject_is_a_dependent_only_for_the_visitor(about: Any, expected: list[str]) -> None:
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


def test_unknown_question_and_foreign_button_values() -> None:
    with pytest.raises(ValueError):
        parse_answer("favourite_colour", "blue")
    with pytest.raises(KeyError):
        question_for("favourite_colour", {})
    assert parse_answer("severity", "", choice="yes") is None  # another question's button
    assert parse_answer("cage_aid_score", "", choice="7") is None
    assert parse_answer("relapse", '/inform{"choice":"maybe"}') is None
    assert parse_answer("relapse", "   ") is None
