"""Transcript builder: trackers made from real Rasa 3.6 event lists (as the action
server receives them in `tracker["events"]`)."""

from __future__ import annotations

import itertools
from datetime import datetime, timezone

import pytest

from bot.handoff.transcript import (
    TranscriptEntry,
    render_transcript_text,
    transcript_from_events,
)

T0 = 1732640000.0


def _bot_data(buttons=None):
    # Rasa fills every key of a bot event's data, most of them None.
    return {
        "elements": None,
        "quick_replies": None,
        "buttons": buttons,
        "attachment": None,
        "image": None,
        "custom": None,
    }


def _user(ts, text, intent, confidence=0.97, entities=()):
    return {
        "event": "user",
        "timestamp": ts,
        "metadata": {},
        "text": text,
        "parse_data": {
            "intent": {"name": intent, "confidence": confidence},
            "entities": list(entities),
            "text": text,
            "message_id": "5c7e1a0f3a4b4d52b1c9a0e6c2f7d111",
            "metadata": {},
            "intent_ranking": [{"name": intent, "confidence": confidence}],
        },
        "input_channel": "socketio",
        "message_id": "5c7e1a0f3a4b4d52b1c9a0e6c2f7d111",
    }


def _bot(ts, text, action, buttons=None):
    return {
        "event": "bot",
        "timestamp": ts,
        "metadata": {"utter_action": action, "model_id": "2a7b3c"},
        "text": text,
        "data": _bot_data(buttons),
    }


START_BUTTONS = [
    {"title": "Find programs", "payload": "/find_programs"},
    {"title": "Check if IOP fits", "payload": "/assess_fit"},
    {"title": "Talk to a person", "payload": "/talk_to_person"},
]

# A real conversation's events, in the order Rasa records them.
EVENTS = [
    {
        "event": "action",
        "timestamp": T0,
        "metadata": {"model_id": "2a7b3c"},
        "name": "action_session_start",
        "policy": None,
        "confidence": 1.0,
        "action_text": None,
        "hide_rule_turn": False,
    },
    {"event": "session_started", "timestamp": T0 + 0.01, "metadata": {"model_id": "2a7b3c"}},
    {
        "event": "action",
        "timestamp": T0 + 0.02,
        "name": "action_listen",
        "policy": None,
        "confidence": None,
        "action_text": None,
        "hide_rule_turn": False,
    },
    _user(T0 + 5.3, "hi", "greet"),
    {"event": "user_featurization", "timestamp": T0 + 5.31, "use_text_for_featurization": False},
    {
        "event": "action",
        "timestamp": T0 + 5.4,
        "name": "utter_greet",
        "policy": "RulePolicy",
        "confidence": 1.0,
        "action_text": None,
        "hide_rule_turn": False,
    },
    _bot(T0 + 5.41, "Hi! I can help you find intensive outpatient treatment.", "utter_greet"),
    _bot(T0 + 5.42, "What would you like to do?", "utter_ask_start", START_BUTTONS),
    {
        "event": "action",
        "timestamp": T0 + 5.43,
        "name": "action_listen",
        "policy": "RulePolicy",
        "confidence": 1.0,
        "action_text": None,
        "hide_rule_turn": False,
    },
    _user(T0 + 12.0, "/talk_to_person", "talk_to_person", confidence=1.0),
    {"event": "user_featurization", "timestamp": T0 + 12.01, "use_text_for_featurization": False},
    {"event": "active_loop", "timestamp": T0 + 12.1, "name": "handoff_form"},
    {"event": "slot", "timestamp": T0 + 12.11, "name": "requested_slot", "value": "consent"},
    _bot(
        T0 + 12.12,
        "Can an advisor contact you?\nWe only use your details for this.",
        "utter_ask_consent",
        [{"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}],
    ),
    {
        "event": "action",
        "timestamp": T0 + 12.13,
        "name": "action_listen",
        "policy": "RulePolicy",
        "confidence": 1.0,
        "action_text": None,
        "hide_rule_turn": False,
    },
    _user(T0 + 20.0, "/affirm", "affirm", confidence=1.0),
    {"event": "slot", "timestamp": T0 + 20.1, "name": "consent", "value": True},
    _bot(T0 + 20.2, "What's your first name?", "utter_ask_first_name"),
    _user(T0 + 25.0, "<script>alert(1)</script> I'm Maria", "inform"),
    {"event": "slot", "timestamp": T0 + 25.1, "name": "first_name", "value": "Maria"},
    {"event": "active_loop", "timestamp": T0 + 25.2, "name": None},
]


def test_keeps_only_visitor_and_assistant_messages_in_order():
    entries = transcript_from_events(EVENTS)
    assert [(e.sender, e.text) for e in entries] == [
        ("visitor", "hi"),
        ("assistant", "Hi! I can help you find intensive outpatient treatment."),
        ("assistant", "What would you like to do?"),
        ("visitor", "Talk to a person"),
        ("assistant", "Can an advisor contact you?\nWe only use your details for this."),
        ("visitor", "Yes"),
        ("assistant", "What's your first name?"),
        ("visitor", "<script>alert(1)</script> I'm Maria"),
    ]


def test_timestamps_are_the_events_own_in_utc():
    entries = transcript_from_events(EVENTS)
    assert entries[0].at == datetime.fromtimestamp(T0 + 5.3, tz=timezone.utc)
    assert entries[-1].at == datetime.fromtimestamp(T0 + 25.0, tz=timezone.utc)
    assert all(a.at <= b.at for a, b in itertools.pairwise(entries))


def test_bot_buttons_are_kept_as_titles():
    entries = transcript_from_events(EVENTS)
    assert entries[2].buttons == ("Find programs", "Check if IOP fits", "Talk to a person")
    assert entries[1].buttons == ()


def test_button_click_is_shown_as_the_title_of_the_button_that_was_offered():
    # The same payload offered with two different titles: the latest offer wins.
    events = [
        _bot(T0, "Pick one", "utter_a", [{"title": "Old title", "payload": "/go"}]),
        _user(T0 + 1, "something typed", "inform"),
        _bot(T0 + 2, "Pick again", "utter_b", [{"title": "New title", "payload": "/go"}]),
        _user(T0 + 3, "/go", "go"),
    ]
    entries = transcript_from_events(events)
    assert entries[-1].text == "New title"


def test_payload_with_no_matching_button_is_kept_as_typed():
    events = [
        _bot(T0, "Hello", "utter_greet", START_BUTTONS),
        _user(T0 + 1, '/inform{"location": "Chicago"}', "inform"),
    ]
    entries = transcript_from_events(events)
    assert entries[-1].text == '/inform{"location": "Chicago"}'


def test_empty_user_text_and_empty_bot_events_are_skipped():
    events = [
        _user(T0, "", "nlu_fallback"),
        _bot(T0 + 1, None, "utter_custom"),
        {
            "event": "bot",
            "timestamp": T0 + 2,
            "text": None,
            "data": {**_bot_data(), "image": "https://example.org/map.png"},
        },
    ]
    entries = transcript_from_events(events)
    assert [(e.sender, e.text) for e in entries] == [("assistant", "[image]")]


def test_event_without_timestamp_takes_the_previous_messages_time():
    events = [_user(T0, "hi", "greet"), {"event": "bot", "text": "Hello"}]
    entries = transcript_from_events(events)
    assert entries[1].at == entries[0].at


def test_text_rendering_reads_well_in_email():
    entries = transcript_from_events(EVENTS)
    text = render_transcript_text(entries)
    lines = text.splitlines()
    assert lines[0] == "2024-11-26 16:53:25 UTC  Visitor: hi"
    assert "2024-11-26 16:53:25 UTC  Assistant: What would you like to do?" in lines
    index = lines.index("2024-11-26 16:53:25 UTC  Assistant: What would you like to do?")
    assert lines[index + 1].strip() == "[Find programs] [Check if IOP fits] [Talk to a person]"
    # A multi-line message keeps its lines, indented under the first.
    consent = lines.index("2024-11-26 16:53:32 UTC  Assistant: Can an advisor contact you?")
    assert lines[consent + 1] == " " * 25 + "We only use your details for this."
    assert "Visitor: Talk to a person" in text
    assert "/talk_to_person" not in text


def test_action_appends_its_confirmation_as_a_final_entry():
    entries = transcript_from_events(EVENTS)
    confirmation = TranscriptEntry(
        at=datetime(2024, 11, 26, 16, 54, 0, tzinfo=timezone.utc),
        sender="assistant",
        text="Thanks, Maria. Your reference is K7QH3M. An advisor will call you.",
    )
    full = [*entries, confirmation]
    assert render_transcript_text(full).splitlines()[-1] == (
        "2024-11-26 16:54:00 UTC  Assistant: Thanks, Maria. Your reference is K7QH3M. An advisor will call you."
    )


def test_payload_form_round_trips():
    entry = transcript_from_events(EVENTS)[2]
    payload = entry.to_payload()
    assert payload == {
        "at": "2024-11-26T16:53:25.420+00:00",
        "from": "assistant",
        "text": "What would you like to do?",
        "buttons": ["Find programs", "Check if IOP fits", "Talk to a person"],
    }
    assert TranscriptEntry.from_payload(payload) == entry.__class__(
        at=datetime(2024, 11, 26, 16, 53, 25, 420000, tzinfo=timezone.utc),
        sender="assistant",
        text=entry.text,
        buttons=entry.buttons,
    )


def test_entry_rejects_unknown_sender_and_naive_time():
    with pytest.raises(ValueError):
        TranscriptEntry(at=datetime.now(timezone.utc), sender="advisor", text="x")
    with pytest.raises(ValueError):
        TranscriptEntry(at=datetime(2024, 1, 1), sender="visitor", text="x")  # noqa: DTZ001 - naive on purpose


def test_no_messages_renders_a_placeholder():
    assert transcript_from_events([{"event": "session_started", "timestamp": T0}]) == []
    assert render_transcript_text([]) == "(no messages)"
