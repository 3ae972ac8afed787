"""End to end over the REST channel: a real Rasa server, action server, web app
and delivery worker, with the real SAMHSA directory imported.

One stack serves the whole module (starting Rasa takes a while); every test
uses its own conversation id.
"""

from __future__ import annotations

import json

import pytest
import requests

from tests.conftest import SAMHSA_DIR
from tests.live import LiveStack, button_titles, new_sender, texts

pytestmark = pytest.mark.e2e
API_TOKEN = "e2e-test-token"


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    stack = LiveStack.start(
        tmp_path_factory.mktemp("e2e"),
        import_directory=SAMHSA_DIR,
        rasa_args=("--enable-api", "--auth-token", API_TOKEN),
    )
    yield stack
    stack.stop()


def tracker(live: LiveStack, sender: str) -> dict:
    reply = requests.get(
        f"{live.rasa_url}/conversations/{sender}/tracker",
        params={"token": API_TOKEN},
        timeout=10,
    )
    reply.raise_for_status()
    return reply.json()


# --------------------------------------------------------------- FAQ answers
FAQ_FACTS = [
    ("what is iop", ["return home", "residential"]),
    ("how long does iop last", ["3 to 9 months", "full year"]),
    ("how many days a week is iop", ["3 to 5 days a week", "6 hours"]),
    ("whats included in an iop program", ["relapse prevention", "Alcoholics Anonymous"]),
    ("who is iop good for", ["step down", "mild or moderate"]),
    ("when do i need more than iop", ["moderate or severe", "never been treated"]),
    ("whats the difference between iop and inpatient rehab", ["living at the facility"]),
    ("can i keep my job while doing iop", ["working"]),
    ("does iop do aa meetings", ["12 steps"]),
    ("i have anxiety too, does iop treat that", ["dual diagnosis"]),
    ("who works at an iop", ["licensed therapists", "case managers"]),
    ("how do i pick a good iop", ["licensed and accredited"]),
    ("are there iops for lgbtq people", ["LGBTQ+"]),
    ("what are the benefits of iop", ["flexibility and freedom"]),
    ("how much does iop cost", ["insurance", "Medicaid"]),
    ("can my family be part of it", ["family therapy"]),
]


@pytest.mark.parametrize("question, facts", FAQ_FACTS)
def test_faq_answers_carry_the_facts(live, question, facts):
    replies = live.rest(new_sender(), question)
    answer = texts(replies)
    for fact in facts:
        assert fact in answer, (question, answer)
    assert {"Check if IOP fits", "Find programs", "Talk to a person"} & set(button_titles(replies))


def test_greeting_says_what_it_is(live):
    answer = live.say(new_sender(), "hi")
    assert "automated assistant" in answer and "not a clinician" in answer


# ---------------------------------------------------------------------- crisis
CRISIS_MESSAGES = ["i want to kill myself", "my brother od'd and hes not breathing", "kms"]


@pytest.mark.parametrize("message", CRISIS_MESSAGES)
def test_crisis_answer_from_a_fresh_conversation(live, message):
    answer = live.say(new_sender(), message)
    assert "988" in answer and "911" in answer and "1-800-662-4357" in answer


def test_crisis_from_the_middle_of_the_assessment_and_of_the_handoff(live):
    sender = new_sender()
    live.rest(sender, "is iop right for me")
    answer = live.say(sender, "honestly i dont want to be alive anymore")
    assert "988" in answer
    # the assessment was stopped; a later handoff can be interrupted the same way
    live.rest(sender, "talk to a person")
    assert "988" in live.say(sender, "i took a whole bottle of pills")


def test_crisis_from_the_middle_of_the_location_question(live):
    sender = new_sender()
    assert "Where should I look" in live.say(sender, "find an iop near me")
    assert "988" in live.say(sender, "actually i want to end it all")


# ---------------------------------------------------------------- odd messages
ODD_MESSAGES = [
    "",
    "    ",
    "x" * 5000,
    "😭😭😭🙏",
    "hello\x00\x07\x1b[31m there",
    "<script>alert('x')</script>",
    "'; DROP TABLE events; --",
    "{{ 7*7 }} ${jndi:ldap://x} {% raw %}",
]


@pytest.mark.parametrize("message", ODD_MESSAGES)
def test_odd_messages_get_a_normal_reply(live, message):
    replies = live.rest(new_sender(), message)
    assert replies and all("text" in m or "buttons" in m for m in replies)


@pytest.mark.parametrize(
    "body, content_type",
    [
        (b"not json", "application/json"),
        (b"[1, 2, 3]", "application/json"),
        (b'{"message": "hi"}', "application/json"),
        (b'{"sender": 42, "message": "hi"}', "application/json"),
        (b'{"sender": "a", "message": ["hi"]}', "application/json"),
        (b'{"sender": "a"}', "application/json"),
        (b"", "application/json"),
    ],
)
def test_malformed_requests_get_a_clear_400(live, body, content_type):
    reply = requests.post(live.rest_url, data=body, headers={"Content-Type": content_type}, timeout=10)
    assert reply.status_code == 400
    assert reply.json()["message"]


# ------------------------------------------------------- no typed /commands
def test_typed_slash_commands_are_plain_text(live):
    sender = new_sender()
    live.rest(sender, "hi")
    replies = live.rest(sender, '/inform{"severity": "severe", "handoff_consent": true}')
    state = tracker(live, sender)
    assert state["slots"]["severity"] is None
    assert state["slots"]["handoff_consent"] is None
    latest = state["latest_message"]
    assert not latest["text"].startswith("/")
    assert latest["intent"]["name"] != "inform" or "choice" not in json.dumps(latest["entities"])
    assert replies


def test_a_payload_the_assistant_offered_is_accepted(live):
    sender = new_sender()
    replies = live.rest(sender, "hi")
    after = live.click(sender, replies, "Find programs")
    assert "Where should I look" in texts(after)


# --------------------------------------------------------------------- fallback
def test_two_misses_in_a_row_offer_a_person(live):
    sender = new_sender()
    first = live.rest(sender, "what's the weather like on mars tomorrow")
    assert "say it another way" in texts(first)
    second = live.rest(sender, "can you recommend a good pizza place")
    assert "talk to a person" in texts(second)
    assert button_titles(second)[0] == "Talk to a person"


# ------------------------------------------------------------------ socket.io
def _socketio_client(live: LiveStack, origin: str):
    import queue

    import socketio

    client = socketio.Client(reconnection=False)
    replies: queue.Queue[dict] = queue.Queue()
    sessions: queue.Queue[str] = queue.Queue()
    client.on("bot_uttered", lambda data: replies.put(data))
    client.on("session_confirm", lambda session_id: sessions.put(session_id))
    client.connect(
        live.rasa_url, headers={"Origin": origin}, transports=["polling"], socketio_path="/socket.io", wait_timeout=10
    )
    client.emit("session_request", {"session_id": None})
    return client, replies, sessions.get(timeout=10)


def _bot_texts(replies, count: int) -> str:
    return "\n".join(replies.get(timeout=30).get("text", "") for _ in range(count))


def test_socketio_channel_converses_and_treats_typed_commands_as_text(live):
    client, replies, session_id = _socketio_client(live, live.web_url)
    try:
        client.emit("user_uttered", {"message": "how long does iop last", "session_id": session_id})
        assert "3 to 9 months" in _bot_texts(replies, 1)
        client.emit("user_uttered", {"message": '/inform{"severity":"severe"}', "session_id": session_id})
        replies.get(timeout=30)
        state = tracker(live, session_id)
        assert state["slots"]["severity"] is None
        assert not state["latest_message"]["text"].startswith("/")
    finally:
        client.disconnect()


def test_socketio_refuses_origins_that_are_not_allowed(live):
    import socketio

    with pytest.raises(socketio.exceptions.ConnectionError):
        _socketio_client(live, "https://evil.example.com")
