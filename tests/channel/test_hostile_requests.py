"""Requests an attacker or a flaky network sends, against a real running stack (issue 10).

One stack serves the module. Its tracker store is a PostgreSQL database of its
own, so one test can take the database away (no new connections, existing ones
terminated) and bring it back. REST_TOKEN is set, so every REST call here
carries the bearer token except where a test checks the refusal.
"""

from __future__ import annotations

import json
import queue
import statistics
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, text

from tests.conftest import TEST_POSTGRES_URL
from tests.live import LiveStack, new_sender, texts

pytestmark = pytest.mark.e2e
API_TOKEN = "hostile-api-token"
REST_TOKEN = "hostile-rest-token"
AUTH = {"Authorization": f"Bearer {REST_TOKEN}"}


@pytest.fixture(scope="module")
def tracker_db() -> Iterator[tuple[str, str]]:
    """A PostgreSQL database for the tracker store alone: (name, url)."""
    admin = create_engine(TEST_POSTGRES_URL, future=True, isolation_level="AUTOCOMMIT")
    name = f"iop_hostile_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = TEST_POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        yield name, url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
            conn.execute(text(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"))
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


@pytest.fixture(scope="module")
def live(tmp_path_factory, tracker_db) -> Iterator[LiveStack]:
    stack = LiveStack.start(
        tmp_path_factory.mktemp("hostile"),
        extra_env={"TRACKER_STORE_URL": tracker_db[1], "REST_TOKEN": REST_TOKEN},
        services=("rasa", "actions"),
        rasa_args=("--enable-api", "--auth-token", API_TOKEN),
    )
    stack.session.headers.update(AUTH)
    yield stack
    stack.stop()


def raw_post(live: LiveStack, body: bytes, headers=None) -> requests.Response:
    return requests.post(
        live.rest_url, data=body, headers={"Content-Type": "application/json", **AUTH, **(headers or {})}, timeout=60
    )


def tracker(live: LiveStack, sender: str) -> dict:
    reply = requests.get(f"{live.rasa_url}/conversations/{sender}/tracker", params={"token": API_TOKEN}, timeout=30)
    reply.raise_for_status()
    return reply.json()


def user_texts(live: LiveStack, sender: str) -> list[str]:
    return [e.get("text") for e in tracker(live, sender)["events"] if e["event"] == "user"]


def still_serving(live: LiveStack) -> None:
    assert "3 to 9 months" in live.say(new_sender(), "how long does iop last")


# ------------------------------------------------------------- text and ids
@pytest.mark.parametrize(
    "body, field",
    [
        (b'{"sender": "ab\\ud800", "message": "hi"}', "sender"),
        (b'{"sender": "ab\\u0000", "message": "hi"}', "sender"),
        (b'{"sender": "ok-id", "message": "hi \\udfff there"}', "message"),
        (b'{"sender": "ok-id", "message": "hi", "metadata": {"k\\ud800": 1}}', "metadata"),
        (b'{"sender": "ok-id", "message": "hi", "metadata": {"k": ["x", "\\ud83d"]}}', "metadata"),
    ],
)
def test_invalid_text_in_any_field_is_a_400_that_names_it(live, body, field):
    reply = raw_post(live, body)
    assert reply.status_code == 400, reply.text
    assert field in reply.json()["message"]
    still_serving(live)


@pytest.mark.parametrize("sender", ["../../x", "a\u202eb", "a b", "x" * 129, "ann@example.com", ""])
def test_ids_outside_the_rule_are_refused(live, sender):
    reply = raw_post(live, json.dumps({"sender": sender, "message": "hi"}).encode())
    assert reply.status_code == 400
    assert "sender" in reply.json()["message"]


def test_control_characters_in_a_message_are_cleaned_not_refused(live):
    reply = raw_post(live, b'{"sender": "ok-nul", "message": "how long does iop last\\u0000\\u001b"}')
    assert reply.status_code == 200
    assert tracker(live, "ok-nul")["latest_message"]["text"] == "how long does iop last"


def test_an_id_by_the_rule_is_accepted(live):
    sender = "Site-A:visitor_42." + "x" * 100
    assert len(live.rest(sender, "hi")) >= 1


def test_a_body_over_the_limit_is_a_413(live):
    body = json.dumps({"sender": new_sender(), "message": "@" * 50000 + "." * 50000}).encode()
    started = time.monotonic()
    reply = raw_post(live, body)
    assert reply.status_code == 413
    assert "16384 bytes" in reply.json()["message"]
    assert time.monotonic() - started < 30  # a reply at all (it took 12 s before, blocking everyone)


def test_a_megabyte_body_is_refused_and_others_are_served_meanwhile(live):
    body = b'{"sender": "big", "message": "' + b"a" * 1_000_000 + b'"}'
    with ThreadPoolExecutor(2) as pool:
        big = pool.submit(raw_post, live, body)
        still_serving(live)
        assert big.result().status_code == 413


@pytest.mark.parametrize(
    "body",
    [
        b"[" * 8000 + b"]" * 8000,  # under the 16 KiB limit: the depth decides
        b'{"sender": "ok-id", "message": "hi", "metadata": ' + b'{"a": ' * 25 + b"1" + b"}" * 25 + b"}",
        b'{"sender": "ok-id", "message": "hi", "metadata": {"a": ' + b"[" * 5000 + b"]" * 5000 + b"}}",
    ],
)
def test_deep_nesting_is_a_400(live, body):
    reply = raw_post(live, body)
    assert reply.status_code == 400, reply.text[:300]
    assert "nested deeper than 20" in reply.json()["message"]
    still_serving(live)


# ------------------------------------------------------------- REST token
def test_rest_needs_the_bearer_token_when_one_is_set(live):
    body = json.dumps({"sender": new_sender(), "message": "hi"})
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": REST_TOKEN}):
        reply = requests.post(
            live.rest_url, data=body, headers={"Content-Type": "application/json", **headers}, timeout=30
        )
        assert reply.status_code == 401
        assert reply.headers["WWW-Authenticate"] == "Bearer"
    assert raw_post(live, body.encode()).status_code == 200


# ------------------------------------------------------------- buttons
def _payloads(replies: list[dict]) -> list[str]:
    return [b["payload"] for m in replies for b in (m.get("buttons") or [])]


def test_an_old_button_is_plain_text(live):
    sender = new_sender()
    live.rest(sender, "hi")
    question = live.rest(sender, "/assess_fit")  # the check's first question, with buttons
    answered = live.rest(sender, _payloads(question)[0])
    stale = [p for p in _payloads(question) if p not in _payloads(answered)]
    assert stale, "the first question offers buttons the next reply does not"
    live.rest(sender, stale[-1])
    latest = tracker(live, sender)["latest_message"]
    assert latest["text"] == stale[-1].lstrip("/")


def test_a_current_button_is_a_command(live):
    sender = new_sender()
    greeting = live.rest(sender, "hi")
    live.rest(sender, "/assess_fit")
    assert "/assess_fit" in _payloads(greeting)
    assert tracker(live, sender)["latest_message"]["intent"]["name"] == "assess_fit"


def test_the_opening_greeting_payload_greets(live):
    sender = new_sender()
    reply = texts(live.rest(sender, "/greet"))
    assert "automated assistant" in reply
    assert "didn't quite follow" not in reply
    assert tracker(live, sender)["latest_message"]["text"] == "/greet"


def test_an_opening_payload_later_in_the_conversation_is_plain_text(live):
    sender = new_sender()
    live.rest(sender, "how long does iop last")
    live.rest(sender, "/greet")
    assert tracker(live, sender)["latest_message"]["text"] == "greet"


def test_a_payload_that_sets_a_slot_is_not_an_opening_payload(live):
    sender = new_sender()
    live.rest(sender, '/inform{"severity": "severe"}')
    assert tracker(live, sender)["slots"]["severity"] is None


# ------------------------------------------------------------- socket.io
class SocketClient:
    def __init__(self, live: LiveStack) -> None:
        import socketio

        self.client = socketio.Client(reconnection=False)
        self.replies: queue.Queue[dict] = queue.Queue()
        self.sessions: queue.Queue[str] = queue.Queue()
        self.errors: queue.Queue[dict] = queue.Queue()
        self.client.on("bot_uttered", self.replies.put)
        self.client.on("session_confirm", self.sessions.put)
        self.client.on("chat_error", self.errors.put)
        self.client.connect(live.rasa_url, headers={"Origin": live.web_url}, transports=["polling"], wait_timeout=10)

    def session(self, requested=None, payload=True) -> str:
        if payload:
            self.client.emit("session_request", {"session_id": requested})
        else:
            self.client.emit("session_request")
        return self.sessions.get(timeout=10)

    def say(self, data) -> dict:
        self.client.emit("user_uttered", data)
        return self.replies.get(timeout=30)

    def error_for(self, data) -> dict:
        self.client.emit("user_uttered", data)
        return self.errors.get(timeout=10)

    def close(self) -> None:
        # engine.io's polling transport otherwise waits for the long poll to
        # end (up to the 25 s ping interval); the server still gets CLOSE
        self.client.eio.disconnect(abort=True)


@pytest.fixture
def sockets(live):
    opened: list[SocketClient] = []

    def open_one() -> SocketClient:
        opened.append(SocketClient(live))
        return opened[-1]

    yield open_one
    for client in opened:
        client.close()


def test_ids_are_issued_by_the_server_and_unguessable(live, sockets):
    first, second = sockets().session(), sockets().session()
    assert first != second
    assert first.startswith("s1.") and len(first) >= 40  # 128 random bits + a 128-bit tag


def test_naming_someone_elses_id_gives_a_new_conversation(live, sockets):
    visitor = sockets()
    victim_id = visitor.session()
    visitor.say({"message": "how long does iop last", "session_id": victim_id})
    attacker = sockets()
    for guess in (victim_id[:-2] + "xx", "ann", "../../x", "a\u202eb", "x" * 5000):
        assert attacker.session(guess) != guess
    error = attacker.error_for({"message": "hi", "session_id": victim_id[:-2] + "xx"})
    assert error["error"] == "unknown_session"
    assert user_texts(live, victim_id) == ["how long does iop last"]


def test_a_returning_browser_gets_its_conversation_back(live, sockets):
    first = sockets()
    session_id = first.session()
    first.say({"message": "how long does iop last", "session_id": session_id})
    first.close()
    again = sockets()
    assert again.session(session_id) == session_id
    again.say({"message": "what does it cost", "session_id": session_id})
    assert user_texts(live, session_id) == ["how long does iop last", "what does it cost"]


def test_session_request_without_payload_is_confirmed(live, sockets):
    assert sockets().session(payload=False).startswith("s1.")


@pytest.mark.parametrize(
    "data, code",
    [
        ({"message": "hi"}, "unknown_session"),
        ("just a string", "bad_request"),
        ({"message": "hi", "session_id": "ab\ud800"}, "unknown_session"),
    ],
)
def test_malformed_user_uttered_gets_an_error_event(live, sockets, data, code):
    client = sockets()
    client.session()
    assert client.error_for(data)["error"] == code
    still_serving(live)


def test_invalid_text_on_socketio_gets_an_error_event(live, sockets):
    client = sockets()
    session_id = client.session()
    error = client.error_for({"message": "hi \ud800", "session_id": session_id})
    assert error["error"] == "bad_request" and "message" in error["message"]
    nested = 1
    for _ in range(22):
        nested = [nested]
    error = client.error_for({"message": "hi", "session_id": session_id, "metadata": {"a": nested}})
    assert "nested deeper" in error["message"]


def test_rasa_webchat_custom_data_reaches_the_tracker(live, sockets):
    client = sockets()
    session_id = client.session()
    client.say({"message": "/greet", "customData": {"language": "en", "page": "/iop"}, "session_id": session_id})
    events = tracker(live, session_id)["events"]
    user = [e for e in events if e["event"] == "user"][-1]
    assert user["metadata"]["page"] == "/iop"
    assert user["parse_data"]["intent"]["name"] == "greet"


# ------------------------------------------------------------- property
_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)
_bodies = st.one_of(
    st.binary(max_size=300),
    st.fixed_dictionaries(
        {},
        optional={
            "sender": st.one_of(st.text(max_size=20), _json),
            "message": st.one_of(st.text(max_size=40), _json),
            "metadata": _json,
        },
    ).map(lambda d: json.dumps(d).encode()),
    st.builds(lambda depth: b"[" * depth + b"]" * depth, st.integers(0, 3000)),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(body=_bodies)
def test_no_body_gets_a_server_error(live, body):
    reply = raw_post(live, body)
    assert reply.status_code in (200, 400, 413), (reply.status_code, reply.text[:200])


@pytest.fixture(scope="module")
def one_socket(live):
    client = SocketClient(live)
    yield client
    client.close()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(
    data=st.one_of(
        _json,
        st.fixed_dictionaries(
            {}, optional={"message": _json, "session_id": _json, "metadata": _json, "customData": _json}
        ),
    )
)
def test_no_socketio_event_crashes_the_server(one_socket, data):
    one_socket.client.emit("user_uttered", data)
    one_socket.client.emit("session_request", data)
    one_socket.sessions.get(timeout=10)  # this connection is still answered


def test_the_server_still_answers_after_the_properties(live):
    still_serving(live)


# ------------------------------------------------------------- the store going away
def _set_connections(database: str, allowed: bool) -> None:
    admin = create_engine(TEST_POSTGRES_URL, future=True, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS {"true" if allowed else "false"}'))
        if not allowed:
            conn.execute(text(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}'"))
    admin.dispose()


def test_a_store_outage_is_a_503_and_nothing_is_lost(live, tracker_db):
    sender = new_sender()
    live.rest(sender, "how long does iop last")
    _set_connections(tracker_db[0], allowed=False)
    try:
        reply = raw_post(live, json.dumps({"sender": sender, "message": "what does it cost"}).encode())
        assert reply.status_code == 503
        assert reply.headers["Retry-After"] == "5"
        assert requests.get(live.rasa_url, timeout=10).status_code == 200  # the server is still up
    finally:
        _set_connections(tracker_db[0], allowed=True)
    for _ in range(20):  # the pool notices the terminated connections and reconnects
        retry = raw_post(live, json.dumps({"sender": sender, "message": "what does it cost"}).encode())
        if retry.status_code == 200:
            break
        time.sleep(0.5)
    assert retry.status_code == 200
    # the conversation kept its place: the first message is still there, the
    # refused one was not half-recorded, the retried one was
    assert user_texts(live, sender) == ["how long does iop last", "what does it cost"]
    assert "ab\ud800" not in live.logs() and "what does it cost" not in live.logs()


# ------------------------------------------------------------- load with faults
HOSTILE = [
    b'{"sender": "ab\\ud800", "message": "hi"}',
    b"[" * 30000 + b"]" * 30000,
    b'{"sender": "x", "message": "' + b"@" * 30000 + b'"}',
    b'{"sender": "../../x", "message": "hi"}',
    b"not json",
    b'{"sender": "ok", "message": "/inform{\\"severity\\": \\"severe\\"}"}',
]


def test_twenty_conversations_while_a_hostile_client_runs(live):
    senders = [new_sender() for _ in range(20)]
    messages = [
        "hi",
        "how long does iop last",
        "what does it cost",
        "can i keep my job",
        "who works there",
        "is there family therapy",
        "what is iop",
        "do they do aa",
        "thanks",
        "bye",
    ]
    latencies: list[float] = []
    errors: list[str] = []
    stop = threading.Event()

    def hostile() -> None:
        while not stop.is_set():
            for body in HOSTILE:
                status = raw_post(live, body).status_code
                if status >= 500:
                    errors.append(f"hostile {status}")

    def conversation(sender: str) -> None:
        session = requests.Session()
        session.headers.update(AUTH)
        for message in messages:
            started = time.monotonic()
            reply = session.post(live.rest_url, json={"sender": sender, "message": message}, timeout=120)
            latencies.append(time.monotonic() - started)
            if reply.status_code != 200:
                errors.append(f"{reply.status_code}")

    attacker = threading.Thread(target=hostile)
    attacker.start()
    try:
        with ThreadPoolExecutor(20) as pool:
            list(pool.map(conversation, senders))
    finally:
        stop.set()
        attacker.join()
    lost = sum(len(messages) - len(user_texts(live, sender)) for sender in senders)
    p95 = statistics.quantiles(latencies, n=20)[-1]
    print(f"load with faults: {len(latencies)} messages, errors {len(errors)}, lost {lost}, p95 {p95:.2f} s")
    assert errors == []
    assert lost == 0


# ------------------------------------------------------------- the lock store going away
@pytest.fixture(scope="module")
def private_redis(tmp_path_factory):
    """A Redis server of this test's own, so it can be stopped and started."""
    import subprocess

    from tests.live import free_port

    port = free_port()
    directory = tmp_path_factory.mktemp("redis")

    def start():
        process = subprocess.Popen(
            ["redis-server", "--port", str(port), "--save", "", "--appendonly", "no", "--dir", str(directory)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        import redis as redis_client

        for _ in range(100):
            try:
                redis_client.Redis(port=port).ping()
                return process
            except redis_client.exceptions.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    state = {"process": start()}
    yield port, state, start
    state["process"].terminate()
    state["process"].wait(10)


def test_a_lock_store_outage_is_a_503_and_the_server_recovers(tmp_path_factory, private_redis):
    port, state, start = private_redis
    stack = LiveStack.start(
        tmp_path_factory.mktemp("lockstore"),
        extra_env={"REDIS_URL": f"redis://127.0.0.1:{port}/0"},
        services=("rasa", "actions"),
    )
    try:
        sender = new_sender()
        assert stack.rest(sender, "hi")
        state["process"].terminate()
        state["process"].wait(10)
        reply = stack.session.post(
            stack.rest_url, json={"sender": sender, "message": "how long does iop last"}, timeout=60
        )
        assert reply.status_code == 503, reply.text
        assert reply.headers["Retry-After"] == "5"
        assert requests.get(stack.rasa_url, timeout=10).status_code == 200
        state["process"] = start()
        assert "3 to 9 months" in stack.say(sender, "how long does iop last")
    finally:
        stack.stop()
