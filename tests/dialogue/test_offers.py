"""A bare "yes" or "no" means what the assistant's last offer meant
(bot/dialogue/offers.py, actions/conversation.py ActionReplyToOffer)."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.assessment import ActionAcknowledgeSituation, ActionAssessmentOutcome
from actions.conversation import ActionCrisisFollowup, ActionHandleFallback, ActionReplyToOffer
from bot.assessment.outcome import Outcome, outcome_message
from bot.assessment.situation import acknowledgement
from bot.assessment.triage import triage
from bot.dialogue.fallback import fallback_prompt
from bot.dialogue.offers import (
    ADVISOR,
    ANY_NEXT_STEP,
    ASK_WHICH,
    DECLINE,
    DECLINED,
    FIT_CHECK,
    FIT_CHECK_OR_PROGRAMS,
    NO_OFFER,
    PROGRAMS_OR_ADVISOR,
    RESPONSE_OFFERS,
    STARTABLE,
    offer_of_message,
    reply_to,
)
from bot.dialogue.prompts import ASSESS_FIT, FIND_PROGRAMS, NEXT_STEPS, TALK_TO_PERSON, Offer
from bot.programs import dialogue as search_dialogue
from tests.assessment.triage_cases import BASE
from tests.conftest import ROOT

DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text())
RESPONSES: dict[str, list[dict]] = DOMAIN["responses"]
RULES = (ROOT / "data" / "rules.yml").read_text()


# --- the rules of a reply ------------------------------------------------------------------


@pytest.mark.parametrize(
    "offer, step",
    [
        (FIT_CHECK, "assess_fit"),
        (ADVISOR, "request_human"),
        (Offer("search", (FIND_PROGRAMS,)), "find_program"),
        (search_dialogue.MORE_PROGRAMS, "show_more"),
    ],
)
def test_yes_to_a_single_offer_starts_it(offer: Offer, step: str) -> None:
    reply = reply_to(offer, yes=True)
    assert reply.step == step and reply.prompt is None and reply.response is None


def test_every_startable_step_has_a_rule_that_starts_it() -> None:
    slot_values = DOMAIN["slots"]["offer_reply"]["values"]
    for step in (*STARTABLE, ASK_WHICH, DECLINED, NO_OFFER):
        assert step in slot_values
        assert f"offer_reply: {step}\n" in RULES, step


@pytest.mark.parametrize("offer", [FIT_CHECK_OR_PROGRAMS, PROGRAMS_OR_ADVISOR, search_dialogue.ELSEWHERE_OR_ADVISOR])
def test_yes_to_an_either_or_offer_asks_which_with_a_button_each(offer: Offer) -> None:
    reply = reply_to(offer, yes=True)
    assert reply.step == ASK_WHICH
    assert reply.prompt is not None and reply.prompt.text.endswith("?")
    assert reply.prompt.buttons == offer.options


def test_yes_to_a_single_offer_nothing_can_start_asks_with_its_button() -> None:
    offer = Offer("elsewhere", (search_dialogue.SEARCH_ELSEWHERE,))
    reply = reply_to(offer, yes=True)
    assert reply.step == ASK_WHICH and reply.prompt.buttons == offer.options


@pytest.mark.parametrize("offer", [FIT_CHECK, ADVISOR, FIT_CHECK_OR_PROGRAMS])
def test_no_declines_politely_with_a_way_forward(offer: Offer) -> None:
    reply = reply_to(offer, yes=False)
    assert reply.step == DECLINED and reply.prompt == DECLINE
    assert reply.prompt.text.startswith("No problem") and reply.prompt.buttons == NEXT_STEPS


def test_without_an_offer_yes_gets_the_menu_and_no_stops() -> None:
    assert reply_to(None, yes=True).response == "utter_help"
    assert reply_to(None, yes=False).response == "utter_stopped"
    assert reply_to(None, yes=True).step == NO_OFFER


def test_the_offer_travels_with_the_message_and_comes_back_intact() -> None:
    assert offer_of_message({"offer": FIT_CHECK_OR_PROGRAMS.as_dict()}) == FIT_CHECK_OR_PROGRAMS
    assert offer_of_message({"utter_action": "utter_faq/who_it_suits"}) == FIT_CHECK
    assert offer_of_message({"utter_action": "utter_faq/duration"}) is None
    for broken in (
        {"offer": "fit"},
        {"offer": {"name": "x", "options": []}},
        {"offer": {"name": "x", "options": [{"title": 1}]}},
        {},
    ):
        assert offer_of_message(broken) is None


# --- every offer the assistant makes is declared ---------------------------------------------

_SENTENCE = re.compile(r"[^.!?]+[.!?]")
# Wording that offers the visitor something to do next.
_OFFER_WORDS = re.compile(
    r"\b(I can|I'll look|[Aa]n (?:experienced )?advisor can|[Ww]ould you like|"
    r"[Ww]hat would you like|help with\?|[Ww]ant to check|ask me anything)",
    re.I,
)
_OPTION_WORDS = {ASSESS_FIT: r"check|fit", FIND_PROGRAMS: r"program|look|search", TALK_TO_PERSON: r"advisor|person"}


def _text(name: str) -> str:
    return " ".join(RESPONSES[name][0]["text"].split())


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_a_response_that_ends_with_an_offer_declares_it(name: str) -> None:
    last = _SENTENCE.findall(_text(name))[-1]
    if _OFFER_WORDS.search(last):
        assert name in RESPONSE_OFFERS, f"{name} offers something: {last}"


@pytest.mark.parametrize("name", sorted(RESPONSE_OFFERS))
def test_a_declared_response_offer_is_said_and_has_its_buttons(name: str) -> None:
    offer = RESPONSE_OFFERS[name]
    text = _text(name)
    assert _OFFER_WORDS.search(text), text
    buttons = {(b["title"], b["payload"]) for b in RESPONSES[name][0]["buttons"]}
    for option in offer.options:
        if offer != ANY_NEXT_STEP:  # "what would you like to do?" names them by its buttons
            assert re.search(_OPTION_WORDS[option], text, re.I), (option, text)
        assert (option.title, option.payload) in buttons


@pytest.mark.parametrize(
    "answers, offer",
    [
        (BASE, PROGRAMS_OR_ADVISOR),
        ({**BASE, "co_occurring": ["anxiety"], "co_occurring_serious": False}, PROGRAMS_OR_ADVISOR),
        ({**BASE, "severity": "severe"}, ADVISOR),
        ({**BASE, "withdrawal_risk": True}, ADVISOR),
        ({"for_whom": "self"}, Offer("advisor_or_fit_check", (TALK_TO_PERSON, ASSESS_FIT))),
    ],
    ids=["iop fit", "dual diagnosis", "higher level", "detox", "uncertain"],
)
def test_every_outcome_declares_its_offer(answers: dict[str, Any], offer: Offer) -> None:
    result = triage(answers)
    assert outcome_message(result, answers).offer == offer


def test_the_crisis_outcome_offers_nothing_to_say_yes_to() -> None:
    answers = {**BASE, "safety_risk": True}
    assert triage(answers).outcome is Outcome.CRISIS
    assert outcome_message(triage(answers), answers).offer is None


@pytest.mark.parametrize(
    "slots, offer",
    [
        ({"withdrawal_risk": True}, ADVISOR),
        ({"step_down": True}, FIT_CHECK_OR_PROGRAMS),
        ({"relapse": True}, None),
        ({"co_occurring": ["depression"]}, Offer("program_search", (FIND_PROGRAMS,))),
        ({"responsibilities": ["work"]}, FIT_CHECK_OR_PROGRAMS),
        ({"for_whom": "loved_one", "loved_one_relation": "son"}, FIT_CHECK_OR_PROGRAMS),
        ({}, Offer("any_next_step", NEXT_STEPS)),
    ],
    ids=["withdrawal", "step-down", "relapse", "concerns", "duties", "loved one", "nothing"],
)
def test_every_situation_reply_declares_its_offer(slots: dict[str, Any], offer: Offer | None) -> None:
    prompt = acknowledgement(slots)
    assert prompt.offer == offer, prompt.text
    if offer is not None:
        assert _OFFER_WORDS.search(prompt.text), prompt.text


def test_the_second_miss_offers_a_person_and_the_first_offers_nothing() -> None:
    assert fallback_prompt(1).offer is None
    assert fallback_prompt(2).offer == ADVISOR


# --- the action, with trackers like the ones Rasa sends ----------------------------------------


def _run(act: Any, events: list[dict], slots: dict[str, Any] | None = None):
    latest = next((e for e in reversed(events) if e["event"] == "user"), None)
    latest_message = {"text": latest["text"], **latest["parse_data"]} if latest else {}
    trk = Tracker("visitor-1", dict(slots or {}), latest_message, events, False, None, {}, None)
    dispatcher = CollectingDispatcher()
    result = asyncio.run(act.run(dispatcher, trk, {"slots": {}, "forms": {}}))
    return dispatcher.messages, {e["name"]: e["value"] for e in result if e.get("event") == "slot"}


def _user(text: str, intent: str) -> dict:
    return {
        "event": "user",
        "text": text,
        "parse_data": {"intent": {"name": intent, "confidence": 1.0}, "entities": []},
    }


def _as_rasa_records(message: dict[str, Any]) -> dict:
    """The bot event Rasa stores for an action's message: extra keys go to metadata."""
    known = {"text", "buttons", "elements", "custom", "template", "response", "image", "attachment", "quick_replies"}
    metadata = {k: v for k, v in message.items() if k not in known and v}
    return {
        "event": "bot",
        "text": message.get("text"),
        "data": {"buttons": message.get("buttons")},
        "metadata": metadata,
    }


def _reply_after(messages: list[dict[str, Any]], text: str, intent: str):
    events = [_as_rasa_records(m) for m in messages] + [_user(text, intent)]
    return _run(ActionReplyToOffer(), events)


def test_yes_after_the_fit_check_or_programs_offer_asks_which() -> None:
    offered, _ = _run(
        ActionAcknowledgeSituation(), [_user("just got out of rehab", "describe_situation")], {"step_down": True}
    )
    assert "check whether it fits, or look for programs" in offered[-1]["text"]
    messages, slots = _reply_after(offered, "yes", "affirm")
    assert slots == {"offer_reply": ASK_WHICH}
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/assess_fit", "/find_program"]
    assert "general" not in messages[0]["text"]


def test_yes_after_an_outcome_that_offers_a_person_starts_the_handoff() -> None:
    answers = {**BASE, "severity": "severe"}
    offered, _ = _run(ActionAssessmentOutcome(), [_user("severe", "inform")], answers)
    messages, slots = _reply_after(offered, "yeah", "affirm")
    assert messages == [] and slots == {"offer_reply": "request_human"}


def test_no_after_the_crisis_follow_up_declines_politely() -> None:
    offered, _ = _run(ActionCrisisFollowup(), [_user("kms", "crisis")])
    messages, slots = _reply_after(offered, "no", "deny")
    assert slots == {"offer_reply": DECLINED}
    assert messages[0]["text"] == DECLINE.text


def test_yes_after_the_second_miss_starts_the_handoff() -> None:
    events = [
        _user("blorp", "nlu_fallback"),
        {"event": "action", "name": "action_handle_fallback"},
        _user("zzz", "out_of_scope"),
    ]
    offered, _ = _run(ActionHandleFallback(), events)
    _messages, slots = _reply_after(offered, "sure", "affirm")
    assert slots == {"offer_reply": "request_human"}


def test_yes_after_a_response_uses_its_declared_offer() -> None:
    events = [
        {
            "event": "bot",
            "text": _text("utter_faq/who_it_suits"),
            "metadata": {"utter_action": "utter_faq/who_it_suits"},
        },
        _user("yes pls", "affirm"),
    ]
    assert _run(ActionReplyToOffer(), events)[1] == {"offer_reply": "assess_fit"}
    events[0]["metadata"] = {"utter_action": "utter_greet"}
    messages, slots = _run(ActionReplyToOffer(), events)
    assert slots == {"offer_reply": ASK_WHICH} and len(messages[0]["buttons"]) == 3


def test_the_offer_read_is_the_one_before_the_latest_message() -> None:
    events = [
        {"event": "bot", "text": "x", "metadata": {"utter_action": "utter_faq/more_care"}},
        _user("how much", "faq"),
        {"event": "bot", "text": "y", "metadata": {"utter_action": "utter_faq/duration"}},
        _user("ok yes", "affirm"),
    ]
    messages, slots = _run(ActionReplyToOffer(), events)
    assert slots == {"offer_reply": NO_OFFER}
    assert [m["response"] for m in messages] == ["utter_help"]


def test_no_with_nothing_offered_stops_as_before() -> None:
    messages, slots = _run(ActionReplyToOffer(), [_user("no", "deny")])
    assert slots == {"offer_reply": NO_OFFER} and messages[0]["response"] == "utter_stopped"
