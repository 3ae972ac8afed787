"""The review queue collected from the tracker store (bot/review): which
messages are queued and why, redaction before storage, grouping, and the
handoff form's answers kept out. The tracker store is a real `events` table
as Rasa 3.6's SQLTrackerStore writes it, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from bot.review.collect import (
    ASKED_FOR_PERSON,
    FALLBACK,
    LOW_CONFIDENCE,
    NOT_WHAT_I_ASKED,
    REPHRASED,
    handoff_form_slots,
    review_candidates,
)
from bot.review.redact import redact_message
from bot.review.store import collect, list_items
from bot.review.tracker import Event, events

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=timezone.utc)
SLOTS = ("handoff_consent", "contact_name", "contact_detail", "contact_time")


class Conversation:
    """Builds one conversation's events the way Rasa stores them."""

    def __init__(self, start: datetime = NOW - timedelta(hours=1)) -> None:
        self.events: list = []
        self.time = start.timestamp()

    def _add(self, type_name: str, data: dict) -> Conversation:
        self.time += 1
        data = {"event": type_name, "timestamp": self.time, **data}
        self.events.append((type_name, self.time, data))
        return self

    def user(self, text, intent, confidence=0.9, ranking=None, topic=None, topic_confidence=0.9):
        parse = {
            "text": text,
            "intent": {"name": intent, "confidence": confidence},
            "intent_ranking": ranking or [{"name": intent, "confidence": confidence}],
        }
        if topic:
            parse["response_selector"] = {
                "faq": {
                    "response": {
                        "intent_response_key": topic,
                        "confidence": topic_confidence,
                        "utter_action": f"utter_{topic}",
                    }
                }
            }
        return self._add("user", {"text": text, "parse_data": parse})

    def action(self, name):
        return self._add("action", {"name": name})

    def bot(self, text):
        return self._add("bot", {"text": text})

    def slot(self, name, value):
        return self._add("slot", {"name": name, "value": value})

    def loop(self, name):
        return self._add("active_loop", {"name": name})

    def as_events(self, first_id: int = 1) -> list:
        return [Event(first_id + i, t, ts, d) for i, (t, ts, d) in enumerate(self.events)]

    def store(self, engine, sender_id: str) -> None:
        with engine.begin() as conn:
            conn.execute(
                events.insert(),
                [
                    {
                        "sender_id": sender_id,
                        "type_name": t,
                        "timestamp": ts,
                        "intent_name": d.get("parse_data", {}).get("intent", {}).get("name"),
                        "action_name": d.get("name"),
                        "data": json.dumps(d),
                    }
                    for t, ts, d in self.events
                ],
            )


def reasons_of(conversation: Conversation, threshold: float = 0.5) -> dict:
    return {c.text: c.reasons for c in review_candidates(conversation.as_events(), threshold, SLOTS)}


def test_the_handoff_form_slots_come_from_the_domain():
    assert handoff_form_slots() == SLOTS


def test_nlu_fallback_is_queued_with_the_best_real_intent():
    conv = (
        Conversation()
        .user(
            "wat abt my dog",
            "nlu_fallback",
            0.3,
            ranking=[{"name": "nlu_fallback", "confidence": 0.3}, {"name": "out_of_scope", "confidence": 0.21}],
        )
        .action("action_handle_fallback")
        .bot("I can help with IOP")
    )
    [item] = review_candidates(conv.as_events(), 0.5, SLOTS)
    assert item.reasons == (FALLBACK, LOW_CONFIDENCE)
    assert (item.intent, item.intent_confidence) == ("out_of_scope", 0.21)
    assert item.reply == "I can help with IOP"


def test_a_confident_answer_is_not_queued_but_a_fallback_action_or_low_confidence_is():
    conv = (
        Conversation()
        .user("hi there", "greet", 0.95)
        .action("utter_greet")
        .bot("Hi")
        .user("how long does iop last", "faq", 0.9, topic="faq/duration", topic_confidence=0.4)
        .action("utter_faq")
        .bot("Usually 8 to 12 weeks")
        .user("what is the weather", "out_of_scope", 0.9)
        .action("action_handle_fallback")
        .bot("Sorry")
        .user("blah blah", "help", 0.6)
        .action("action_handle_fallback")
        .bot("Sorry")
    )
    assert reasons_of(conv) == {
        "how long does iop last": (LOW_CONFIDENCE,),
        "blah blah": (FALLBACK,),
    }
    [faq] = [c for c in review_candidates(conv.as_events(), 0.5, SLOTS) if c.intent == "faq"]
    assert (faq.topic, faq.topic_confidence) == ("faq/duration", 0.4)


def test_a_rephrase_a_complaint_and_a_request_for_a_person_right_after_an_answer():
    conv = (
        Conversation()
        .user("do you take medicaid for iop", "faq", 0.9, topic="faq/cost_insurance")
        .bot("Costs vary")
        .user("does iop take medicaid insurance", "faq", 0.9, topic="faq/cost_insurance")
        .bot("Costs vary")
        .user("how many days a week", "faq", 0.9, topic="faq/schedule")
        .bot("3 to 5 days")
        .user("that's not what I asked", "deny", 0.8)
        .bot("Sorry")
        .user("can my family join", "faq", 0.9, topic="faq/family_involvement")
        .bot("Yes")
        .user("i want a real person", "request_human", 0.95)
        .action("action_prepare_handoff")
    )
    assert reasons_of(conv) == {
        "do you take medicaid for iop": (REPHRASED,),
        "how many days a week": (NOT_WHAT_I_ASKED,),
        "can my family join": (ASKED_FOR_PERSON,),
    }


def test_short_repeated_answers_and_button_payloads_are_not_rephrases():
    conv = (
        Conversation()
        .user("no", "deny", 0.9)
        .bot("Next question")
        .user("no", "deny", 0.9)
        .bot("Next")
        .user("/affirm", "affirm", 1.0)
        .bot("ok")
    )
    assert reasons_of(conv) == {}


def test_answers_to_the_handoff_form_never_enter_the_queue_and_its_values_are_redacted():
    conv = (
        Conversation()
        .user("talk to someone", "request_human", 0.9)
        .action("action_prepare_handoff")
        .loop("handoff_form")
        .slot("requested_slot", "contact_name")
        .bot("Your first name?")
        .user("Rosalind", "inform", 0.2)
        .slot("contact_name", "Rosalind")
        .slot("requested_slot", "contact_detail")
        .bot("Phone or e-mail?")
        .user("asdf qwer", "nlu_fallback", 0.1)
        .slot("contact_detail", "(312) 555-0142")
        .loop(None)
        .slot("requested_slot", None)
        .bot("Thanks Rosalind")
        .user("rosalind again, is rehab private", "faq", 0.9, topic="faq/privacy", topic_confidence=0.2)
        .bot("Yes")
    )
    items = review_candidates(conv.as_events(), 0.5, SLOTS)
    assert [c.text for c in items] == ["[name] again, is rehab private"]


def test_phone_email_address_and_first_name_are_redacted():
    text = (
        "hi im Rosalind, my name is Rosalind, call me at 312-555-0142 or rosalind.k@example.org, "
        "i live at 4500 N Main St apt 3"
    )
    assert redact_message(text, ["Rosalind"]) == (
        "hi im [name], my name is [name], call me at [phone] or [email], i live at [address]"
    )
    assert redact_message("my name is Jo and my son drinks") == "my name is [name] and my son drinks"
    assert redact_message("i have 2 kids, call me back at 5 pm") == "i have 2 kids, call me back at 5 pm"


@pytest.fixture
def tracker(db):
    """Rasa's events table in the same database (production shares it)."""
    events.metadata.create_all(db.engine)
    return db.engine


def test_collect_stores_redacted_grouped_items_once(db, tracker):
    first = (
        Conversation()
        .slot("contact_name", "Rosalind")
        .user(
            "Rosalind here, how much does iop cost 312-555-0142",
            "faq",
            0.9,
            topic="faq/cost_insurance",
            topic_confidence=0.3,
        )
        .bot("It depends on insurance")
    )
    second = (
        Conversation()
        .user("how much does iop cost me", "faq", 0.9, topic="faq/cost_insurance", topic_confidence=0.35)
        .bot("It depends on insurance")
        .user("zzz", "nlu_fallback", 0.2)
        .action("action_handle_fallback")
        .bot("Sorry")
    )
    old = Conversation(start=NOW - timedelta(days=40)).user("qqq", "nlu_fallback", 0.1)
    first.store(tracker, "conv-1")
    second.store(tracker, "conv-2")
    old.store(tracker, "conv-old")

    result = collect(db, str(db.engine.url.render_as_string(hide_password=False)), 0.5, 30, now=NOW)
    again = collect(db, str(db.engine.url.render_as_string(hide_password=False)), 0.5, 30, now=NOW)

    assert (result.conversations, result.added, again.added) == (2, 3, 0)
    items = list_items(db)
    assert [i.text for i in items] == [
        "[name] here, how much does iop cost [phone]",
        "how much does iop cost me",
        "zzz",
    ]
    assert items[0].group_key == items[1].group_key != items[2].group_key
    assert items[0].topic == "faq/cost_insurance" and items[0].reply == "It depends on insurance"
    assert items[2].reasons == "fallback,low_confidence"


def test_collect_reads_what_rasas_own_sql_tracker_store_wrote(db, tmp_path):
    """The schema and event JSON as Rasa 3.6 writes them, not as this file imagines."""
    import asyncio

    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, ActiveLoop, BotUttered, SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "tracker.db"))
    at = (NOW - timedelta(hours=1)).timestamp()
    fallback = {
        "intent": {"name": "nlu_fallback", "confidence": 0.3},
        "intent_ranking": [{"name": "nlu_fallback", "confidence": 0.3}, {"name": "help", "confidence": 0.12}],
    }
    tracker = DialogueStateTracker.from_events(
        "rasa-conv",
        [
            UserUttered("my name is Rosalind and wat is this", parse_data=fallback, timestamp=at),
            ActionExecuted("action_handle_fallback", timestamp=at + 1),
            BotUttered("Sorry Rosalind, I did not get that", timestamp=at + 2),
            ActiveLoop("handoff_form", timestamp=at + 3),
            UserUttered("zzzz 312-555-0142", parse_data=fallback, timestamp=at + 4),
            SlotSet("contact_name", "Rosalind", timestamp=at + 5),
        ],
    )
    asyncio.run(store.save(tracker))
    store.engine.dispose()

    result = collect(db, url, 0.5, 30, now=NOW)

    assert result.added == 1
    [item] = list_items(db)
    assert (item.conversation_id, item.text, item.reply) == (
        "rasa-conv",
        "my name is [name] and wat is this",
        "Sorry [name], I did not get that",
    )
    assert (item.intent, item.intent_confidence, item.reasons) == ("help", 0.12, "fallback,low_confidence")
