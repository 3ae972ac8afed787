"""The CAGE-AID question answered with "yes", "some of them" or words the count
can't be read from (issue 12, finding 9): the visitor got "Sorry, I didn't
quite catch that" and the whole question again, three times in a row. Now the
form goes through the four items one at a time, each a yes/no question, and
never asks the whole question a second time.

Each turn runs the form's validation and then the question it asks next, as
Rasa does, carrying the slots from turn to turn."""

from __future__ import annotations

from typing import Any

import pytest

from actions.assessment import AskAssessment_cage_aid_score, ValidateAssessmentForm  # type: ignore[attr-defined]
from bot.assessment.questions import ASK_AGAIN
from tests.actions.test_actions import action, form_answer, run, slot, tracker, user, validate

BEFORE = {"for_whom": "self", "safety_risk": False, "withdrawal_risk": False, "step_down": False, "severity": "mild"}
ITEM_WORDS = ("cut down", "criticizing", "guilty", "first thing in the morning")


def turn(slots: dict[str, Any], text: str, intent: str = "inform", choice: str | None = None) -> tuple[dict, str]:
    """The visitor answers the CAGE-AID question: the slots after it, and the next message asked."""
    entities = [{"entity": "choice", "value": choice}] if choice else None
    _, events = validate(
        ValidateAssessmentForm(), form_answer("assessment_form", "cage_aid_score", text, intent, slots, entities)
    )
    slots = {**slots, **{e["name"]: e["value"] for e in events if e.get("event") == "slot"}}
    if slots.get("requested_slot") != "cage_aid_score":
        return slots, ""
    asked = [
        action("action_listen"),
        user(text, intent, entities),
        slot("requested_slot", "cage_aid_score"),
        action("assessment_form"),
        *(slot(name, value) for name, value in slots.items()),
    ]
    messages, _ = run(AskAssessment_cage_aid_score(), tracker(asked, slots, active_loop="assessment_form"))
    return slots, "\n".join(m.get("text") or "" for m in messages)


def buttons_of(slots: dict[str, Any], text: str) -> list[str]:
    asked = [
        action("action_listen"),
        user(text, "inform"),
        slot("requested_slot", "cage_aid_score"),
        action("assessment_form"),
    ]
    messages, _ = run(AskAssessment_cage_aid_score(), tracker(asked, slots, active_loop="assessment_form"))
    return [b["title"] for m in messages for b in m.get("buttons") or []]


@pytest.mark.parametrize("text", ["yes", "yeah some of them", "a few i guess", "hmm hard to say honestly"])
def test_an_answer_without_a_count_goes_to_the_items_one_at_a_time(text):
    slots, asked = turn(dict(BEFORE), text, "affirm" if text == "yes" else "inform")
    assert slots["cage_aid_score"] is None and slots["requested_slot"] == "cage_aid_score"
    assert ASK_AGAIN not in asked and "How many are true" not in asked
    assert "one at a time" in asked and ITEM_WORDS[0] in asked
    assert buttons_of(slots, text) == ["Yes", "No"]


def test_the_four_items_answered_in_words_and_buttons_give_the_score():
    slots, asked = turn(dict(BEFORE), "yes", "affirm")
    for number, (reply, choice, words_next) in enumerate(
        [("yeah", None, ITEM_WORDS[1]), ("/inform", "no", ITEM_WORDS[2]), ("kinda", None, ITEM_WORDS[3])], start=1
    ):
        slots, asked = turn(slots, reply, choice=choice)
        assert slots["cage_aid_score"] is None, number
        assert words_next in asked and ASK_AGAIN not in asked
    slots, asked = turn(slots, "nope")
    assert slots["cage_aid_score"] == 2  # yes, no, yes (kinda), no
    assert slots["requested_slot"] == "co_occurring"


def test_an_unclear_item_is_asked_once_more_then_counted_as_not_true():
    slots, _ = turn(dict(BEFORE), "yes", "affirm")
    slots, asked = turn(slots, "banana")
    assert asked.startswith(ASK_AGAIN) and ITEM_WORDS[0] in asked
    slots, asked = turn(slots, "banana again")
    assert ASK_AGAIN not in asked and ITEM_WORDS[1] in asked  # moved on: never a third time
    for reply in ("yes", "yes", "yes"):
        slots, _ = turn(slots, reply)
    assert slots["cage_aid_score"] == 3


def test_a_count_is_still_read_at_once():
    slots, _ = turn(dict(BEFORE), "2 of them")
    assert slots["cage_aid_score"] == 2 and slots.get("cage_aid_items") is None


def test_no_is_none_of_them_not_the_start_of_the_items():
    slots, _ = turn(dict(BEFORE), "no", "deny")
    assert slots["cage_aid_score"] == 0


def test_the_items_are_worded_for_a_loved_one():
    _, asked = turn({**BEFORE, "for_whom": "loved_one"}, "yes", "affirm")
    assert "Have they ever felt they ought to cut down" in asked
