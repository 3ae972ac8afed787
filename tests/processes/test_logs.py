"""Structured logs (bot.logs): the JSON formatter, redaction of contact
details, request and turn ids, and the LOG_FORMAT setting."""

from __future__ import annotations

import io
import json
import logging
from datetime import datetime

import pytest

from bot import logs
from bot.settings import Settings

FIELDS = {"time", "level", "logger", "message", "process", "request_id"}


def _capture(formatter: logging.Formatter) -> tuple[logging.Logger, io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter)
    handler.addFilter(logs.RedactFilter())
    logger = logging.getLogger("tests.test_logs.capture")
    logger.handlers[:] = [handler]
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    return logger, stream


def test_json_formatter_writes_one_object_per_line_with_the_fields():
    logger, stream = _capture(logs.JsonFormatter("web"))
    token = logs.request_id.set("req-123")
    try:
        logger.info("first %s", "line")
        logger.warning("second\nline with a newline")
    finally:
        logs.request_id.reset(token)
    logger.error("no id here")
    lines = stream.getvalue().splitlines()
    assert len(lines) == 3
    records = [json.loads(line) for line in lines]
    for record in records:
        assert set(record) >= FIELDS
        assert record["process"] == "web"
        assert record["logger"] == "tests.test_logs.capture"
        assert datetime.fromisoformat(record["time"]).utcoffset().total_seconds() == 0
    assert [r["level"] for r in records] == ["INFO", "WARNING", "ERROR"]
    assert records[0]["message"] == "first line"
    assert records[1]["message"] == "second\nline with a newline"
    assert records[0]["request_id"] == "req-123"
    assert records[2]["request_id"] is None


def test_json_formatter_includes_the_exception_type_and_traceback():
    logger, stream = _capture(logs.JsonFormatter("worker"))
    try:
        raise ValueError("boom")
    except ValueError:
        logger.exception("failed")
    record = json.loads(stream.getvalue())
    assert record["message"] == "failed"
    assert "ValueError" in record["exception"]


def test_contact_details_are_redacted_from_any_record():
    logger, stream = _capture(logs.JsonFormatter("rasa"))
    logger.info("reach %s or call %s", "jane.doe@example.org", "(415) 555-2671")
    logger.info("plain text too: Jane.Doe+iop@Example.co.uk, +1 212 555 0187")
    first, second = (json.loads(line) for line in stream.getvalue().splitlines())
    for record in (first, second):
        text = json.dumps(record)
        assert "@" not in record["message"]
        assert "555" not in text
        assert "jane" not in text.lower()
    assert first["message"] == "reach [email] or call [phone]"
    assert second["message"] == "plain text too: [email], [phone]"


def test_redaction_leaves_ordinary_numbers_alone():
    logger, stream = _capture(logging.Formatter("%(message)s"))
    logger.info("worker 3 restarted in 30 s on 127.0.0.1:5005 (exit code 137)")
    assert stream.getvalue().strip() == "worker 3 restarted in 30 s on 127.0.0.1:5005 (exit code 137)"


def test_plain_is_the_default_and_json_is_accepted():
    assert Settings().log_format == "plain"
    assert Settings.from_env({}).log_format == "plain"
    assert Settings.from_env({"LOG_FORMAT": " JSON "}).log_format == "json"


def test_an_unknown_log_format_is_refused_with_a_clear_error():
    with pytest.raises(ValueError, match="LOG_FORMAT must be one of plain, json; got 'nonsense'"):
        Settings.from_env({"LOG_FORMAT": "nonsense"})


def test_configure_logging_json_replaces_the_root_handlers(monkeypatch):
    stream = io.StringIO()
    monkeypatch.setattr("sys.stderr", stream)
    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    try:
        logs.configure_logging(Settings(log_format="json"), "worker")
        logging.getLogger("bot.handoff.delivery").info("delivered to a@b.example")
    finally:
        root.handlers[:], root.level = saved_handlers, saved_level
    record = json.loads(stream.getvalue())
    assert record["process"] == "worker"
    assert record["message"] == "delivered to [email]"


def test_configure_logging_plain_keeps_todays_format(monkeypatch):
    stream = io.StringIO()
    monkeypatch.setattr("sys.stderr", stream)
    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    try:
        logs.configure_logging(Settings(), "run")
        logging.getLogger("bot.supervisor").warning("web stopped")
    finally:
        root.handlers[:], root.level = saved_handlers, saved_level
    line = stream.getvalue().strip()
    assert line.endswith(" WARNING bot.supervisor: web stopped")
    with pytest.raises(ValueError):
        json.loads(line)


@pytest.mark.parametrize(
    "given, kept",
    [
        ("abc-123_DEF.4", True),
        ("0" * 64, True),
        ("", False),
        ("0" * 65, False),
        ("bad id", False),
        ("x\ninjected", False),
        ('"quoted"', False),
    ],
)
def test_incoming_request_ids_are_honoured_only_when_safe(given, kept):
    chosen = logs.choose_request_id(given)
    if kept:
        assert chosen == given
    else:
        assert chosen != given and logs.SAFE_REQUEST_ID.fullmatch(chosen)


def test_the_web_app_sets_and_echoes_the_request_id(tmp_path):
    from bot.db import Database
    from bot.web.app import create_app

    db = Database(f"sqlite:///{tmp_path / 'app.db'}")
    db.create_schema()
    settings = Settings(secret_key="k" * 32, handoff_webhook_secret="s" * 32)
    app = create_app(settings, db)
    seen = []

    @app.get("/test-request-id")
    def show_request_id():
        seen.append(logs.request_id.get())
        return "ok"

    client = app.test_client()
    given = client.get("/test-request-id", headers={"X-Request-ID": "abc-123"})
    assert given.headers["X-Request-ID"] == "abc-123"
    made = client.get("/test-request-id", headers={"X-Request-ID": "no good <id>"})
    assert logs.SAFE_REQUEST_ID.fullmatch(made.headers["X-Request-ID"])
    assert made.headers["X-Request-ID"] != client.get("/test-request-id").headers["X-Request-ID"]
    assert seen[:2] == ["abc-123", made.headers["X-Request-ID"]]
    assert client.get("/healthz").headers["X-Request-ID"]
    assert logs.request_id.get() is None  # not left behind for the next request
    db.dispose()


def test_each_rasa_turn_gets_its_own_id_and_never_the_sender():
    import asyncio

    from rasa.core.channels.channel import CollectingOutputChannel

    from bot.channel.requests import ChatMessage
    from rasa_plugins import channels

    seen = []

    async def on_new_message(message):
        seen.append(logs.request_id.get())

    async def two_turns():
        guard = channels.MessageGuard()
        for text in ("hello", "my email is a@b.example"):
            message = ChatMessage(sender="visitor-1", text=text, metadata={})
            await channels._handle(guard, on_new_message, message, CollectingOutputChannel(), "rest")

    asyncio.run(two_turns())
    assert len(seen) == 2 and seen[0] != seen[1]
    for turn_id in seen:
        assert logs.SAFE_REQUEST_ID.fullmatch(turn_id) and "visitor" not in turn_id
    assert logs.request_id.get() is None


def test_the_action_server_sets_a_request_id_per_request():
    import asyncio
    from types import SimpleNamespace

    from actions.server import create_app

    app = create_app()
    middleware = next(m for m in app.request_middleware if m.__name__ == "start_request_id")

    def id_for(headers):
        async def run():
            await middleware(SimpleNamespace(headers=headers))
            return logs.request_id.get()

        return asyncio.run(run())

    assert id_for({"X-Request-ID": "from-rasa-1"}) == "from-rasa-1"
    made = id_for({"X-Request-ID": "not safe!"})
    assert logs.SAFE_REQUEST_ID.fullmatch(made) and made != id_for({})


def test_framework_handlers_are_kept_in_plain_mode_and_replaced_in_json(monkeypatch):
    root = logging.getLogger()
    sanic_access = logging.getLogger("sanic.access")
    saved = root.handlers[:], root.level, sanic_access.handlers[:]
    framework = logging.StreamHandler(io.StringIO())  # e.g. Rasa's coloredlogs handler
    access = logging.StreamHandler(io.StringIO())
    try:
        root.handlers[:] = [framework]
        sanic_access.handlers[:] = [access]
        logs.configure_logging(Settings(), "rasa", keep_plain_handlers=True)
        assert root.handlers == [framework]
        assert any(isinstance(f, logs.RedactFilter) for f in framework.filters)
        assert any(isinstance(f, logs.RedactFilter) for f in access.filters)
        monkeypatch.setattr("sys.stderr", io.StringIO())
        logs.configure_logging(Settings(log_format="json"), "rasa", keep_plain_handlers=True)
        assert framework not in root.handlers
        assert isinstance(root.handlers[0].formatter, logs.JsonFormatter)
        assert isinstance(access.formatter, logs.JsonFormatter)
    finally:
        root.handlers[:], root.level, sanic_access.handlers[:] = saved


def test_bot_run_refuses_an_unknown_log_format_in_one_line():
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "LOG_FORMAT": "nonsense", "PYTHONPATH": str(root)}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == "error: LOG_FORMAT must be one of plain, json; got 'nonsense'"
