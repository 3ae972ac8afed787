"""The custom actions, run directly with rasa_sdk's CollectingDispatcher and
trackers built from event lists like the ones Rasa sends."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

import actions.common
from actions.assessment import ActionAssessmentOutcome, ValidateAssessmentForm
from actions.conversation import ActionCrisisFollowup, ActionHandleFallback
from actions.handoff import (
    ActionAskHandoffUpdate,
    ActionHandoffOptOut,
    ActionPrepareHandoff,
    ActionSubmitHandoff,
    ValidateHandoffForm,
)
from actions.search import ActionSearchPrograms, ActionShowMore, ValidateLocationForm
from bot.handoff.models import Handoff
from bot.programs.sample import load_sample_if_empty
from tests.conftest import fresh_database

DOMAIN: dict[str, Any] = {
    "forms": {
        "assessment_form": {"required_slots": []},
        "location_form": {"required_slots": ["location"]},
        "handoff_form": {"required_slots": ["handoff_consent", "contact_name", "contact_detail", "contact_time"]},
    },
    "slots": {},
}


def user(text: str, intent: str, entities: list[dict] | None = None, ts: float = 1.0) -> dict:
    return {
        "event": "user",
        "timestamp": ts,
        "text": text,
        "parse_data": {"intent": {"name": intent, "confidence": 1.0}, "entities": entities or [], "text": text},
    }


def action(name: str, ts: float = 1.0) -> dict:
    return {"event": "action", "name": name, "timestamp": ts}


def bot(text: str, buttons: list[dict] | None = None, ts: float = 1.0) -> dict:
    return {"event": "bot", "text": text, "timestamp": ts, "data": {"buttons": buttons or []}}


def slot(name: str, value: Any) -> dict:
    return {"event": "slot", "name": name, "value": value}


def tracker(
    events: list[dict],
    slots: dict[str, Any] | None = None,
    active_loop: str | None = None,
    sender: str = "visitor-1",
) -> Tracker:
    latest = next((e for e in reversed(events) if e["event"] == "user"), None)
    latest_message = {"text": latest["text"], **latest["parse_data"]} if latest else {"intent": {}, "entities": []}
    latest_action = next((e["name"] for e in reversed(events) if e["event"] == "action"), None)
    return Tracker(
        sender,
        dict(slots or {}),
        latest_message,
        events,
        False,
        None,
        {"name": active_loop} if active_loop else {},
        latest_action,
    )


def run(act, trk: Tracker):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(act.run(dispatcher, trk, DOMAIN))
    return dispatcher.messages, {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def form_answer(form: str, requested: str, text: str, intent: str, slots=None, entities=None):
    """The temporary tracker Rasa builds when a form validates a fresh answer."""
    events = [
        action("action_listen"),
        user(text, intent, entities),
        slot("requested_slot", requested),
        action(form),
    ]
    return tracker(events, {"requested_slot": requested, **(slots or {})}, active_loop=form)


@pytest.fixture
def db(sqlite_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    with fresh_database(sqlite_url):  # migrated, as `make run` leaves it
        pass
    monkeypatch.setattr(actions.common, "_db", None)
    database = actions.common.database()
    yield database
    database.dispose()
    actions.common._db = None


# ----------------------------------------------------------------- conversation
def test_fallback_rephrases_first_then_offers_a_person():
    first, slots = run(ActionHandleFallback(), tracker([user("blorp", "nlu_fallback")]))
    assert "say it another way" in first[0]["text"]
    assert slots == {"handoff_reason": "fallback"}
    second, _ = run(
        ActionHandleFallback(),
        tracker([user("blorp", "nlu_fallback"), action("action_handle_fallback"), user("zzz", "out_of_scope")]),
    )
    assert "talk to a person" in second[0]["text"]
    assert second[0]["buttons"][0]["payload"] == "/request_human"


def test_an_unsure_message_with_two_faq_questions_is_answered_not_refused():
    # FallbackClassifier was unsure of the whole message; its two question
    # clauses were each clear FAQ questions (issue 12: two questions, two answers)
    unsure = user("what should i look for and are there women only ones", "nlu_fallback")
    unsure["parse_data"]["questions"] = {
        "topics": ["faq/choosing_program", "faq/specialised_programs"],
        "faq_topics": ["faq/choosing_program", "faq/specialised_programs"],
        "situation": False,
    }
    domain = {
        "responses": {
            "utter_faq/choosing_program": [{"text": "Look for a licensed program."}],
            "utter_faq/specialised_programs": [{"text": "Some programs serve women only."}],
        }
    }
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionHandleFallback().run(dispatcher, tracker([unsure]), domain))
    text = " ".join(m.get("text") or "" for m in dispatcher.messages)
    assert "licensed program" in text and "women only" in text
    assert "say it another way" not in text
    assert events == []  # not counted as a miss: no handoff_reason


def test_a_restart_resets_the_miss_count():
    events = [user("blorp", "nlu_fallback"), {"event": "restart"}, user("zzz", "nlu_fallback")]
    messages, _ = run(ActionHandleFallback(), tracker(events))
    assert "say it another way" in messages[0]["text"]


def test_crisis_follow_up_offers_a_person_and_remembers_why():
    messages, slots = run(ActionCrisisFollowup(), tracker([user("kms", "crisis")]))
    assert messages[0]["buttons"][0]["payload"] == "/request_human"
    assert slots == {"handoff_reason": "crisis"}


# ------------------------------------------------------------- fit assessment
def validate(form_action, trk):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(form_action.run(dispatcher, trk, DOMAIN))
    return dispatcher.messages, events


def test_an_answer_is_read_and_the_next_question_chosen():
    trk = form_answer("assessment_form", "safety_risk", "nope", "deny", {"for_whom": "self"})
    _, events = validate(ValidateAssessmentForm(), trk)
    slots = {e["name"]: e["value"] for e in events}
    assert slots["safety_risk"] is False
    assert slots["requested_slot"] == "withdrawal_risk"


def test_a_button_answer_is_read_from_its_choice():
    trk = form_answer(
        "assessment_form",
        "severity",
        '/inform{"choice":"severe"}',
        "inform",
        {"for_whom": "self", "safety_risk": False, "withdrawal_risk": False, "step_down": False},
        entities=[{"entity": "choice", "value": "severe"}],
    )
    _, events = validate(ValidateAssessmentForm(), trk)
    slots = {e["name"]: e["value"] for e in events}
    assert slots["severity"] == "severe"
    assert slots["requested_slot"] is None  # severe settles the outcome


def test_unclear_text_keeps_the_question_open():
    trk = form_answer(
        "assessment_form",
        "severity",
        "banana",
        "inform",
        {"for_whom": "self", "safety_risk": False, "withdrawal_risk": False, "step_down": False},
    )
    _, events = validate(ValidateAssessmentForm(), trk)
    slots = {e["name"]: e["value"] for e in events}
    assert slots["severity"] is None and slots["requested_slot"] == "severity"


@pytest.mark.parametrize("intent", ["faq", "crisis", "stop", "start_over", "request_human"])
def test_interruptions_are_left_to_the_rules(intent):
    trk = form_answer("assessment_form", "safety_risk", "how long is it", intent, {"for_whom": "self"})
    _, events = validate(ValidateAssessmentForm(), trk)
    assert not any(e["name"] == "safety_risk" for e in events)


def test_resuming_after_an_faq_does_not_read_the_faq_as_an_answer():
    events = [
        action("action_listen"),
        user("how long is iop", "faq"),
        action("utter_faq"),
        bot("3 to 9 months"),
        slot("requested_slot", "safety_risk"),
        action("assessment_form"),
    ]
    trk = tracker(events, {"requested_slot": "safety_risk", "for_whom": "self"}, "assessment_form")
    _, result = validate(ValidateAssessmentForm(), trk)
    assert not any(e["name"] == "safety_risk" for e in result)


def test_the_outcome_is_explained_and_stored():
    answers = {
        "for_whom": "loved_one",
        "loved_one_relation": "son",
        "safety_risk": False,
        "withdrawal_risk": False,
        "step_down": True,
        "severity": "moderate",
        "cage_aid_score": 1,
        "co_occurring": ["none"],
        "relapse": False,
        "responsibilities": ["work"],
    }
    messages, slots = run(ActionAssessmentOutcome(), tracker([user("works", "inform")], answers))
    text = messages[-1]["text"]
    assert "your son" in text and "not a diagnosis" in text
    assert slots["assessment_outcome"] == "iop_fit"
    assert slots["assessment_reasons"]
    assert messages[-1]["buttons"][0]["payload"] == "/find_program"


def test_detox_outcome_offers_a_person_and_sets_the_handoff_reason():
    answers = {"for_whom": "self", "safety_risk": False, "withdrawal_risk": True}
    messages, slots = run(ActionAssessmentOutcome(), tracker([user("yes", "affirm")], answers))
    assert slots["assessment_outcome"] == "detox_first"
    assert slots["handoff_reason"] == "detox"
    assert messages[-1]["buttons"][0]["payload"] == "/request_human"


def test_check_again_clears_the_earlier_answers():
    events = [
        action("action_listen"),
        user('/assess_fit{"choice":"redo"}', "assess_fit", [{"entity": "choice", "value": "redo"}]),
        slot("requested_slot", None),
        action("assessment_form"),
    ]
    trk = tracker(events, {"for_whom": "self", "assessment_outcome": "iop_fit"}, "assessment_form")
    _, result = validate(ValidateAssessmentForm(), trk)
    slots = {e["name"]: e["value"] for e in result}
    assert slots["for_whom"] is None and slots["assessment_outcome"] is None
    assert slots["requested_slot"] == "for_whom"


def test_the_first_question_opens_with_what_the_check_is():
    from actions.assessment import AskAssessment_safety_risk  # type: ignore[attr-defined]

    events = [
        action("action_listen"),
        user("is iop right for me", "assess_fit"),
        slot("requested_slot", None),
        action("assessment_form"),
        {"event": "active_loop", "name": "assessment_form"},
    ]
    messages, _ = run(AskAssessment_safety_risk(), tracker(events, {"for_whom": "self"}))
    assert "short questions" in messages[0]["text"] and "not a diagnosis" in messages[0]["text"]
    assert messages[1]["buttons"]
    # later questions come without the introduction
    later = [
        action("action_listen"),
        user("no", "deny"),
        slot("requested_slot", "safety_risk"),
        action("assessment_form"),
    ]
    messages, _ = run(AskAssessment_safety_risk(), tracker(later, {"for_whom": "self"}))
    assert len(messages) == 1


def test_a_new_search_starts_on_the_first_page_and_can_forget_the_place():
    events = [
        action("action_listen"),
        user('/find_program{"choice":"new_location"}', "find_program", [{"entity": "choice", "value": "new_location"}]),
        slot("requested_slot", None),
        action("location_form"),
    ]
    trk = tracker(events, {"location": "Chicago, IL", "search_offset": 6, "travel_help": True}, "location_form")
    messages, result = validate(ValidateLocationForm(), trk)
    slots = {e["name"]: e["value"] for e in result}
    assert slots["location"] is None and slots["search_offset"] == 0 and slots["travel_help"] is False
    assert messages == []  # no "place not found" for a place deliberately forgotten


# ------------------------------------------------------------------- search
def test_location_answers(db):
    form = ValidateLocationForm()
    trk = tracker([user("springfield", "inform")])
    dispatcher = CollectingDispatcher()
    assert form.validate_location("60614", dispatcher, trk, DOMAIN)["location"].startswith("60614")
    ambiguous = form.validate_location("springfield", dispatcher, trk, DOMAIN)
    assert ambiguous["location"] is None and "Springfield, IL" in ambiguous["location_options"]
    missing = form.validate_location("99999", dispatcher, trk, DOMAIN)
    assert missing["location"] is None
    assert "99999" in dispatcher.messages[-1]["text"]


def test_search_shows_programs_with_a_disclaimer_and_remembers_them(db):
    load_sample_if_empty(db)
    trk = tracker([user("iop near 60614", "find_program")], {"location": "60614"})
    messages, slots = run(ActionSearchPrograms(), trk)
    text = messages[0]["text"]
    assert "Sample:" in text and "SAMPLE" in text
    assert len(slots["programs_shown"]) == 3
    assert slots["search_offset"] == 3
    titles = [b["title"] for b in messages[0]["buttons"]]
    assert "Talk to a person" in titles


def test_show_more_continues_where_the_last_page_ended(db):
    load_sample_if_empty(db)
    place = {"location": "Texas"}
    first_messages, first = run(ActionSearchPrograms(), tracker([user("x", "find_program")], place))
    assert "Show more" in [b["title"] for b in first_messages[0]["buttons"]]
    more_messages, more = run(ActionShowMore(), tracker([user("show more", "show_more")], {**place, **first}))
    assert more["search_offset"] > first["search_offset"]
    assert len(more["programs_shown"]) > len(first["programs_shown"])
    assert more_messages[0]["text"].startswith("More ")
    # past the last page: says so, offers a person
    done_messages, done = run(ActionShowMore(), tracker([user("more", "show_more")], {**place, "search_offset": 500}))
    assert "every program" in done_messages[0]["text"] and done == {}


def test_nothing_found_offers_an_advisor(db):
    load_sample_if_empty(db)
    trk = tracker([user("x", "find_program")], {"location": "Alaska", "preferences": ["lgbtq", "veterans", "spanish"]})
    messages, slots = run(ActionSearchPrograms(), trk)
    assert "couldn't find" in messages[0]["text"]
    assert slots["handoff_reason"] == "no_program_found"
    assert messages[0]["buttons"][0]["payload"] == "/request_human"


# ------------------------------------------------------------------ handoff
def test_contact_details_are_validated():
    form = ValidateHandoffForm()
    bad = form_answer("handoff_form", "contact_detail", "call me at 555", "inform", {"handoff_consent": True})
    _, events = validate(form, bad)
    assert {e["name"]: e["value"] for e in events}["contact_detail"] is None
    good = form_answer("handoff_form", "contact_detail", "sam@example.com", "inform", {"handoff_consent": True})
    _, events = validate(form, good)
    assert {e["name"]: e["value"] for e in events}["contact_detail"] == "sam@example.com"


def test_no_thanks_is_not_an_answer():
    trk = form_answer("handoff_form", "contact_name", "no thanks", "deny", {"handoff_consent": True})
    _, events = validate(ValidateHandoffForm(), trk)
    assert not any(e["name"] == "contact_name" for e in events)


def test_consent_is_recorded_with_its_time():
    trk = form_answer("handoff_form", "handoff_consent", "yes", "affirm")
    _, events = validate(ValidateHandoffForm(), trk)
    slots = {e["name"]: e["value"] for e in events}
    assert slots["handoff_consent"] is True and slots["consent_at"]


def test_the_reason_comes_from_the_offer_just_made():
    events = [
        user("kms", "crisis"),
        action("utter_crisis"),
        action("action_crisis_followup"),
        action("action_listen"),
        user("yes", "affirm"),
    ]
    _, slots = run(ActionPrepareHandoff(), tracker(events, {"handoff_reason": "crisis"}))
    assert slots["handoff_reason"] == "crisis"
    _, slots = run(ActionPrepareHandoff(), tracker([user("agent", "request_human")], {"handoff_reason": "crisis"}))
    assert slots["handoff_reason"] == "visitor_request"


def test_submitting_stores_the_record_and_confirms_with_its_reference(db):
    events = [
        user("i want a person", "request_human", ts=100.0),
        bot("Is that okay?", [{"title": "Yes, that's okay", "payload": "/affirm"}], ts=101.0),
        user("/affirm", "affirm", ts=102.0),
    ]
    values = {
        "handoff_reason": "visitor_request",
        "handoff_consent": True,
        "consent_at": "2026-11-26T10:00:00+00:00",
        "contact_name": "Maria",
        "contact_detail": "(312) 555-0142",
        "contact_time": "evenings",
        "for_whom": "self",
    }
    messages, slots = run(ActionSubmitHandoff(), tracker(events, values, sender="conv-42"))
    reference = slots["handoff_reference"]
    assert reference in messages[0]["text"] and "(312) 555-0142" in messages[0]["text"]
    with db.session() as session:
        stored = session.execute(select(Handoff)).scalar_one()
        assert stored.reference == reference and stored.conversation_id == "conv-42"
        assert stored.contact["phone"] == "(312) 555-0142" and stored.contact["email"] is None
        texts = [m.text for m in stored.messages]
    assert texts[0] == "i want a person"
    assert texts[2] == "Yes, that's okay"  # the button title, not the payload
    assert reference in texts[-1]  # the confirmation ends the transcript


def test_opting_out_forgets_what_was_typed():
    trk = tracker([user("no thanks", "deny")], {"contact_name": "Maria", "handoff_consent": True})
    messages, slots = run(ActionHandoffOptOut(), trk)
    assert "nothing has been shared" in messages[0]["text"]
    assert slots["contact_name"] is None and slots["handoff_consent"] is None


# ------------------------------------------- a person asked for again (issue 10, 5)
DONE = {  # the slots after a completed handoff
    "handoff_reason": "visitor_request",
    "handoff_consent": True,
    "consent_at": "2026-11-26T10:00:00+00:00",
    "contact_name": "Ann",
    "contact_detail": "(720) 555-0143",
    "contact_time": "weekday mornings",
}
FORM_SLOTS = ("handoff_update", "handoff_consent", "consent_at", "contact_name", "contact_detail", "contact_time")


def submit(events, values, sender="conv-7"):
    return run(ActionSubmitHandoff(), tracker(events, values, sender=sender))


def test_a_new_request_starts_from_empty_answers_and_keeps_the_reference():
    events = [action("action_listen"), user("i want to talk to a real person", "request_human")]
    _, slots = run(ActionPrepareHandoff(), tracker(events, {**DONE, "handoff_reference": "KTDVCS"}))
    assert {name: slots[name] for name in FORM_SLOTS} == dict.fromkeys(FORM_SLOTS)
    assert "handoff_reference" not in slots
    assert slots["handoff_reason"] == "visitor_request"


def test_with_a_handoff_already_made_the_form_first_asks_whether_to_update_it():
    events = [
        action("action_listen"),
        user("i want to talk to a real person", "request_human"),
        action("action_prepare_handoff"),
        action("handoff_form"),
    ]
    trk = tracker(events, {"handoff_reference": "KTDVCS"}, active_loop="handoff_form")
    _, form_events = validate(ValidateHandoffForm(), trk)
    assert {e["name"]: e["value"] for e in form_events}["requested_slot"] == "handoff_update"
    messages, _ = run(ActionAskHandoffUpdate(), trk)
    assert "You already have a request with reference KTDVCS" in messages[0]["text"]
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/affirm", "/deny"]
    assert "555-0143" not in messages[0]["text"]


def test_without_a_handoff_the_form_still_starts_with_consent():
    events = [
        action("action_listen"),
        user("agent", "request_human"),
        action("action_prepare_handoff"),
        action("handoff_form"),
    ]
    _, form_events = validate(ValidateHandoffForm(), tracker(events, {}, active_loop="handoff_form"))
    requested = [e["value"] for e in form_events if e["name"] == "requested_slot"]
    assert "handoff_update" not in requested


def test_yes_to_the_update_goes_through_consent_again():
    trk = form_answer("handoff_form", "handoff_update", "/affirm", "affirm", {"handoff_reference": "KTDVCS"})
    _, events = validate(ValidateHandoffForm(), trk)
    slots = {e["name"]: e["value"] for e in events}
    assert slots["handoff_update"] is True and slots["requested_slot"] == "handoff_consent"
    assert "handoff_consent" not in slots or slots["handoff_consent"] is None


def test_an_unclear_answer_to_the_update_question_asks_it_again():
    trk = form_answer("handoff_form", "handoff_update", "hmm", "inform", {"handoff_reference": "KTDVCS"})
    _, events = validate(ValidateHandoffForm(), trk)
    slots = {e["name"]: e["value"] for e in events}
    assert slots["handoff_update"] is None and slots["requested_slot"] == "handoff_update"


def test_no_to_the_update_is_not_an_answer_and_leaves_the_request_as_it_was(db):
    _, first = submit([user("a person please", "request_human")], DONE)
    reference = first["handoff_reference"]
    trk = form_answer("handoff_form", "handoff_update", "/deny", "deny", {"handoff_reference": reference})
    _, events = validate(ValidateHandoffForm(), trk)
    assert not any(e["name"] == "handoff_update" for e in events)
    messages, slots = run(
        ActionHandoffOptOut(),
        tracker([user("/deny", "deny")], {"handoff_reference": reference, "handoff_update": None}),
    )
    assert f"your earlier request {reference} stays as it was" in messages[0]["text"]
    assert "/request_human" in [b["payload"] for b in messages[0]["buttons"]]  # a way forward
    assert {name: slots[name] for name in FORM_SLOTS} == dict.fromkeys(FORM_SLOTS)
    assert "handoff_reference" not in slots
    with db.session() as session:
        assert session.execute(select(Handoff.revision)).scalar_one() == 1


def test_the_updated_confirmation_does_not_repeat_the_contact_details(db):
    events = [user("a person please", "request_human")]
    first, slots = submit(events, DONE)
    assert "(720) 555-0143" in first[0]["text"]  # read back once, in the first confirmation
    again, _ = submit(events, {**DONE, "handoff_update": True, "handoff_reference": slots["handoff_reference"]})
    assert f"your reference is still {slots['handoff_reference']}" in again[0]["text"]
    assert "555-0143" not in again[0]["text"] and "phone" not in again[0]["text"]
