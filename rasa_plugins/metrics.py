"""Prometheus metrics of the Rasa server's chat channels, served at `GET /metrics`.

The channels (rasa_plugins/channels.py) call `turn()` around each accepted
message and `refused()` for each refused request. Every label is a fixed word
(the channel's name, an HTTP status): never a message text, a sender id or
contact details. The registry is this process's own; with SANIC_WORKERS > 1
each worker would count separately, so scrape one worker per process or see
docs/operations.md.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest
from rasa.core.channels.socketio import SocketBlueprint
from sanic import Blueprint, Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.metrics import new_registry

CHANNELS = ("rest", "socketio")
# Replies Rasa itself sends when nothing else applies (the project's own
# fallback, action_handle_fallback, is counted by the action server).
FALLBACK_UTTERANCES = frozenset({"utter_default", "action_default_ask_affirmation"})
CRISIS_UTTERANCE = "utter_crisis"
METRICS_PATH = "/metrics"

REGISTRY = new_registry()

MESSAGES = Counter("iop_chat_messages", "Visitor messages accepted, by channel.", ["channel"], registry=REGISTRY)
REPLY_SECONDS = Histogram(
    "iop_chat_reply_seconds",
    "Time to handle an accepted message, until its last reply is sent, by channel.",
    ["channel"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30),
    registry=REGISTRY,
)
CRISIS_REPLIES = Counter(
    "iop_chat_crisis_replies", "Crisis answers (utter_crisis) sent, by channel.", ["channel"], registry=REGISTRY
)
FALLBACK_REPLIES = Counter(
    "iop_chat_fallback_replies",
    "Rasa's own default fallback replies sent, by channel.",
    ["channel"],
    registry=REGISTRY,
)
REFUSED = Counter(
    "iop_chat_refused",
    "Requests refused before reaching the assistant, by channel and HTTP status.",
    ["channel", "status"],
    registry=REGISTRY,
)

for _known in CHANNELS:  # so every series exists from the first scrape
    MESSAGES.labels(_known)
    REPLY_SECONDS.labels(_known)
    CRISIS_REPLIES.labels(_known)
    FALLBACK_REPLIES.labels(_known)


def _channel(name: str) -> str:
    return name if name in CHANNELS else "other"


def refused(channel: str, status: int) -> None:
    REFUSED.labels(_channel(channel), str(int(status))).inc()


def note_reply(channel: str, message: dict[str, Any]) -> None:
    """Count a reply by the response it came from (Rasa puts that in `utter_action`)."""
    action = message.get("utter_action") if isinstance(message, dict) else None
    if action == CRISIS_UTTERANCE:
        CRISIS_REPLIES.labels(_channel(channel)).inc()
    elif action in FALLBACK_UTTERANCES:
        FALLBACK_REPLIES.labels(_channel(channel)).inc()


@asynccontextmanager
async def turn(channel: str, output: Any) -> AsyncIterator[None]:
    """One accepted message: counts it, watches the replies sent to `output`,
    and times it when it ends normally (a failed turn is a refusal or a 500)."""
    channel = _channel(channel)
    MESSAGES.labels(channel).inc()
    send_response = output.send_response

    async def counted_send_response(recipient_id: str, message: dict[str, Any]) -> None:
        note_reply(channel, message)
        await send_response(recipient_id, message)

    # Every reply of a turn goes through send_response (Rasa's processor calls
    # it for each bot message), on REST's collector and on socket.io alike.
    output.send_response = counted_send_response
    started = time.perf_counter()
    yield
    REPLY_SECONDS.labels(channel).observe(time.perf_counter() - started)


def render() -> bytes:
    return generate_latest(REGISTRY)


async def _metrics(_request: Request) -> HTTPResponse:
    return response.raw(render(), content_type=CONTENT_TYPE_LATEST)


def add_metrics_route(app: Sanic) -> None:
    """`GET /metrics` at the server's root, once whichever channels register it."""
    if getattr(app.ctx, "iop_metrics_route", False):
        return
    app.add_route(_metrics, METRICS_PATH, methods=["GET"], name="iop_metrics")
    app.ctx.iop_metrics_route = True


class MetricsRouteMixin:
    """A channel blueprint that also adds `GET /metrics` to the app it joins
    (Rasa mounts channel blueprints under /webhooks/<name>/)."""

    def register(self, app: Sanic, options: dict[str, Any]) -> None:
        super().register(app, options)  # type: ignore[misc]
        add_metrics_route(app)


class MetricsBlueprint(MetricsRouteMixin, Blueprint):
    pass


class MetricsSocketBlueprint(MetricsRouteMixin, SocketBlueprint):
    pass
