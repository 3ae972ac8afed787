"""Prometheus metrics of the four processes (docs/operations.md).

Unit tests record through each process's metrics module and read the values
back from its registry; the live test starts the whole stack, talks to it, and
scrapes every /metrics. No label or value may carry a message text, a sender
id or contact details.
"""

from __future__ import annotations

import asyncio
import re
from datetime import datetime, timedelta, timezone

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

from bot.db import Database
from bot.handoff.delivery import DeliveryWorker
from bot.handoff.delivery_config import DeliveryConfig
from bot.handoff.service import save_handoff
from bot.handoff.summary import build_summary
from bot.handoff.transcript import TranscriptEntry
from bot.settings import Settings
from tests.live import LiveStack, free_port, new_sender

SECRET_TEXT = "my neighbour zyxwvut keeps asking about iop"
CONTACT_PHONE = "(312) 555-0177"


def value(registry, name, **labels) -> float:
    found = registry.get_sample_value(name, labels)
    return 0.0 if found is None else found


def samples(text: str) -> dict:
    """{(name, frozenset(labels)): value} of a scrape."""
    out = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            out[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return out


def scraped(text: str, name: str, **labels) -> float:
    return samples(text).get((name, frozenset(labels.items())), 0.0)


def make_handoff(db, conversation_id: str, now: datetime):
    return save_handoff(
        db,
        conversation_id=conversation_id,
        reason="dual_diagnosis",
        summary=build_summary({"for_whom": "self"}),
        contact={"first_name": "Maria", "phone": CONTACT_PHONE, "email": None, "contact_time": "mornings"},
        consent_at=now,
        transcript=[TranscriptEntry(at=now, sender="visitor", text=SECRET_TEXT)],
        now=now,
    )


# --- Rasa server (rasa_plugins.metrics) ----------------------------------------------


def test_rasa_counts_messages_refusals_latency_and_crisis_replies():
    from rasa.core.channels.channel import CollectingOutputChannel

    from rasa_plugins import metrics

    reg = metrics.REGISTRY
    before_msgs = value(reg, "iop_chat_messages_total", channel="socketio")
    before_413 = value(reg, "iop_chat_refused_total", channel="rest", status="413")
    before_crisis = value(reg, "iop_chat_crisis_replies_total", channel="socketio")
    before_fallback = value(reg, "iop_chat_fallback_replies_total", channel="socketio")
    before_count = value(reg, "iop_chat_reply_seconds_count", channel="socketio")

    metrics.refused("rest", 413)
    output = CollectingOutputChannel()

    async def turn():
        async with metrics.turn("socketio", output):
            await output.send_response("someone", {"text": "988", "utter_action": "utter_crisis"})
            await output.send_response("someone", {"text": "x", "utter_action": "utter_default"})
            await output.send_response("someone", {"text": "plain"})

    asyncio.run(turn())
    assert len(output.messages) == 3  # replies still reach the visitor
    assert value(reg, "iop_chat_refused_total", channel="rest", status="413") == before_413 + 1
    assert value(reg, "iop_chat_messages_total", channel="socketio") == before_msgs + 1
    assert value(reg, "iop_chat_crisis_replies_total", channel="socketio") == before_crisis + 1
    assert value(reg, "iop_chat_fallback_replies_total", channel="socketio") == before_fallback + 1
    assert value(reg, "iop_chat_reply_seconds_count", channel="socketio") == before_count + 1


def test_rasa_turn_that_fails_with_a_store_outage_is_not_a_reply():
    from rasa.core.channels.channel import CollectingOutputChannel

    from rasa_plugins import metrics

    reg = metrics.REGISTRY
    before = value(reg, "iop_chat_reply_seconds_count", channel="rest")

    async def turn():
        async with metrics.turn("rest", CollectingOutputChannel()):
            raise RuntimeError("store down")

    with pytest.raises(RuntimeError):
        asyncio.run(turn())
    assert value(reg, "iop_chat_reply_seconds_count", channel="rest") == before


def test_rasa_metrics_route_is_added_once_at_the_root():
    from sanic import Sanic

    from rasa_plugins.channels import GuardedRestInput, GuardedSocketIOInput

    app = Sanic("metrics_route_test")

    async def on_new_message(_message):
        return None

    app.blueprint(GuardedRestInput().blueprint(on_new_message), url_prefix="/webhooks/rest")
    app.blueprint(GuardedSocketIOInput().blueprint(on_new_message), url_prefix="/webhooks/socketio")
    paths = [route.path for route in app.router.routes]
    assert paths.count("metrics") == 1, paths


# --- action server (actions.metrics) ---------------------------------------------------


def _action_call(action: str, intent: str, channel: str = "rest", reference=None):
    return {
        "next_action": action,
        "sender_id": "visitor-sender-123",
        "tracker": {
            "sender_id": "visitor-sender-123",
            "latest_input_channel": channel,
            "latest_message": {"text": SECRET_TEXT, "intent": {"name": intent}},
            "slots": {"handoff_reference": reference},
        },
    }


def test_action_server_counts_fallbacks_by_kind_and_handoffs_saved():
    from actions import metrics

    reg = metrics.REGISTRY
    nlu = value(reg, "iop_action_fallbacks_total", channel="rest", kind="nlu_fallback")
    core = value(reg, "iop_action_fallbacks_total", channel="socketio", kind="core")
    created = value(reg, "iop_handoffs_saved_total", kind="created")
    updated = value(reg, "iop_handoffs_saved_total", kind="updated")
    unknown = value(reg, "iop_action_calls_total", action="other")

    metrics.record_action_call(_action_call("action_handle_fallback", "nlu_fallback"), {"events": []})
    metrics.record_action_call(_action_call("action_handle_fallback", "faq", "socketio"), {"events": []})
    saved = {"events": [{"event": "slot", "name": "handoff_reference", "value": "ABCD2345"}]}
    metrics.record_action_call(_action_call("action_submit_handoff", "affirm"), saved)
    metrics.record_action_call(_action_call("action_submit_handoff", "affirm", reference="ABCD2345"), saved)
    metrics.record_action_call(_action_call("visitor typed this action name", "x"), {"events": []})

    assert value(reg, "iop_action_fallbacks_total", channel="rest", kind="nlu_fallback") == nlu + 1
    assert value(reg, "iop_action_fallbacks_total", channel="socketio", kind="core") == core + 1
    assert value(reg, "iop_handoffs_saved_total", kind="created") == created + 1
    assert value(reg, "iop_handoffs_saved_total", kind="updated") == updated + 1
    # an action name the server does not have never becomes a label
    assert value(reg, "iop_action_calls_total", action="other") == unknown + 1
    text = metrics.render().decode()
    assert "visitor typed" not in text and "visitor-sender-123" not in text


# --- web app (bot.metrics) -------------------------------------------------------------


@pytest.fixture
def web(sqlite_url):
    from bot.web.app import create_app

    db = Database(sqlite_url)
    db.create_schema()
    app = create_app(Settings(database_url=sqlite_url, secret_key="k" * 64), db)
    app.testing = True
    yield app, db
    db.dispose()


def test_web_metrics_report_pending_handoffs_and_the_oldest_age(web):
    app, db = web
    client = app.test_client()
    empty = client.get("/metrics")
    assert empty.status_code == 200
    assert empty.mimetype == "text/plain"
    assert scraped(empty.get_data(as_text=True), "iop_handoffs_pending") == 0
    assert scraped(empty.get_data(as_text=True), "iop_handoff_oldest_pending_age_seconds") == 0

    now = datetime.now(timezone.utc)
    make_handoff(db, "conversation-old", now - timedelta(minutes=10))
    make_handoff(db, "conversation-new", now)
    text = client.get("/metrics").get_data(as_text=True)
    assert scraped(text, "iop_handoffs_pending") == 2
    assert 600 <= scraped(text, "iop_handoff_oldest_pending_age_seconds") < 700
    for secret in (SECRET_TEXT, CONTACT_PHONE, "Maria", "conversation-old"):
        assert secret not in text


def test_web_metrics_count_failed_logins(web):
    import re as _re

    from bot import metrics

    app, _db = web
    client = app.test_client()
    before = value(metrics.WEB_REGISTRY, "iop_inbox_login_failures_total")
    page = client.get("/inbox/login").get_data(as_text=True)
    token = _re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    reply = client.post(
        "/inbox/login", data={"csrf_token": token, "username": "nobody-here", "password": "not a password at all"}
    )
    assert reply.status_code == 401
    text = client.get("/metrics").get_data(as_text=True)
    assert scraped(text, "iop_inbox_login_failures_total") == before + 1
    assert "nobody-here" not in text


def test_web_metrics_survive_a_database_outage(tmp_path):
    from bot.web.app import create_app

    url = f"sqlite:///{tmp_path / 'missing-dir' / 'iop.db'}"
    app = create_app(Settings(database_url=url, secret_key="k" * 64), Database(url))
    reply = app.test_client().get("/metrics")
    assert reply.status_code == 200
    assert scraped(reply.get_data(as_text=True), "iop_handoff_queue_up") == 0


# --- delivery worker -------------------------------------------------------------------


def test_worker_counts_delivered_and_failed_attempts(sqlite_url):
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from bot import metrics

    class Ok(BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers["Content-Length"]))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Ok)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    db = Database(sqlite_url)
    db.create_schema()
    reg = metrics.WORKER_REGISTRY
    delivered = value(reg, "iop_handoff_deliveries_total", outcome="delivered")
    failed = value(reg, "iop_handoff_deliveries_total", outcome="failed")
    timed = value(reg, "iop_handoff_delivery_seconds_count")
    try:
        now = datetime.now(timezone.utc)
        make_handoff(db, "conversation-a", now)
        down = DeliveryConfig(
            url=f"http://127.0.0.1:{free_port()}/",
            secret="s",
            timeout_s=2,
            retry_base_s=60,
            retry_max_s=60,
            poll_interval_s=0.1,
            lease_s=5,
        )
        assert len(DeliveryWorker(db, down).run_once()) == 1  # then backs off 60 s
        up = DeliveryConfig(
            url=f"http://127.0.0.1:{server.server_port}/",
            secret="s",
            timeout_s=2,
            retry_base_s=60,
            retry_max_s=60,
            poll_interval_s=0.1,
            lease_s=5,
        )
        later = lambda: datetime.now(timezone.utc) + timedelta(minutes=2)  # noqa: E731
        assert [r.delivered for r in DeliveryWorker(db, up, clock=later).run_once()] == [True]
    finally:
        server.shutdown()
        db.dispose()
    assert value(reg, "iop_handoff_deliveries_total", outcome="failed") == failed + 1
    assert value(reg, "iop_handoff_deliveries_total", outcome="delivered") == delivered + 1
    assert value(reg, "iop_handoff_delivery_seconds_count") == timed + 2


def test_worker_metrics_server_setting():
    from bot import metrics

    assert Settings.from_env({}).worker_metrics_port == 9105
    assert Settings.from_env({}).worker_metrics_host == "127.0.0.1"
    assert metrics.start_worker_metrics_server(Settings(worker_metrics_port=0)) is None
    port = free_port()
    server = metrics.start_worker_metrics_server(Settings(worker_metrics_port=port))
    try:
        reply = requests.get(f"http://127.0.0.1:{port}/metrics", timeout=5)
        assert reply.status_code == 200 and "iop_handoff_deliveries_total" in reply.text
        # a second worker on the same port keeps working, without metrics
        assert metrics.start_worker_metrics_server(Settings(worker_metrics_port=port)) is None
    finally:
        server.shutdown()


# --- the whole stack -------------------------------------------------------------------


@pytest.mark.e2e
def test_live_stack_metrics_move_and_never_carry_texts_or_senders(tmp_path):
    worker_port = free_port()
    live = LiveStack.start(tmp_path, extra_env={"WORKER_METRICS_PORT": str(worker_port)})
    try:
        rasa_metrics = f"{live.rasa_url}/metrics"
        before = requests.get(rasa_metrics, timeout=10)
        assert before.status_code == 200, live.logs()
        sender = new_sender()
        live.rest(sender, SECRET_TEXT)
        crisis_sender = new_sender()
        live.rest(crisis_sender, "i want to kill myself")
        refused = requests.post(live.rest_url, data=b"{not json", timeout=10)
        assert refused.status_code == 400
        after = requests.get(rasa_metrics, timeout=10).text
        b = before.text
        assert (
            scraped(after, "iop_chat_messages_total", channel="rest")
            == scraped(b, "iop_chat_messages_total", channel="rest") + 2
        )
        assert (
            scraped(after, "iop_chat_reply_seconds_count", channel="rest")
            == scraped(b, "iop_chat_reply_seconds_count", channel="rest") + 2
        )
        assert (
            scraped(after, "iop_chat_crisis_replies_total", channel="rest")
            >= scraped(b, "iop_chat_crisis_replies_total", channel="rest") + 1
        )
        assert (
            scraped(after, "iop_chat_refused_total", channel="rest", status="400")
            == scraped(b, "iop_chat_refused_total", channel="rest", status="400") + 1
        )

        action_url = f"http://127.0.0.1:{live.settings.action_port}/metrics"
        pages = {
            "rasa": after,
            "actions": requests.get(action_url, timeout=10),
            "web": requests.get(f"{live.web_url}/metrics", timeout=10),
            "worker": requests.get(f"http://127.0.0.1:{worker_port}/metrics", timeout=10),
        }
        for name, page in list(pages.items())[1:]:
            assert page.status_code == 200, (name, live.logs())
            pages[name] = page.text
        assert "iop_action_calls_total" in pages["actions"]
        assert "iop_handoffs_pending" in pages["web"]
        assert "iop_handoff_deliveries_total" in pages["worker"]
        for name, text in pages.items():
            for secret in (sender, crisis_sender, "zyxwvut", "kill myself"):
                assert secret not in text, (name, secret)
            assert re.search(r"sender|text=", text) is None, name
    finally:
        live.stop()


def test_docs_name_exactly_the_metrics_the_processes_have(sqlite_url):
    from pathlib import Path

    from actions import metrics as action_metrics
    from bot import metrics as bot_metrics
    from rasa_plugins import metrics as rasa_metrics

    db = Database(sqlite_url)
    db.create_schema()
    try:
        pages = [
            rasa_metrics.render(),
            action_metrics.render(),
            bot_metrics.web_metrics_page(db),
            bot_metrics.generate_latest(bot_metrics.WORKER_REGISTRY),
        ]
    finally:
        db.dispose()
    have = set()
    for page in pages:
        for family in text_string_to_metric_families(page.decode()):
            # (prometheus_client adds an `_created` timestamp to each counter)
            if family.name.startswith("iop_") and not (family.type == "gauge" and family.name.endswith("_created")):
                have.add(family.name + ("_total" if family.type == "counter" else ""))
    docs = (Path(__file__).resolve().parents[2] / "docs" / "operations.md").read_text()
    table = set(re.findall(r"^\| `(iop_[a-z_]+)`", docs, flags=re.M))
    assert table == have
    for name in re.findall(r"\b(iop_[a-z_]+?)(?:_bucket)?\b", docs):
        assert name in have, name
