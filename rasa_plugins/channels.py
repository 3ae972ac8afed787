"""Guarded REST and socket.io input channels.

They keep Rasa's standard wire formats (`POST /webhooks/rest/webhook` with
`{"sender", "message"}`; socket.io `user_uttered` / `bot_uttered`,
`session_request` / `session_confirm`), so every Rasa client keeps working, and
add what a public website needs:

* every message is cleaned and capped before NLU (bot.channel.cleaning.clean_visitor_text);
* a visitor cannot trigger intents or set slots by typing Rasa's
  `/intent{"slot": "value"}` syntax: a message starting with "/" is accepted as a
  command only if it is exactly the payload of a button in the assistant's
  messages since the visitor's last message, or an opening payload such as
  rasa-webchat's "/greet" (`bot.channel.commands`); anything else is passed on
  as plain words;
* every request is checked by `bot.channel.requests` before anything reads
  it (size, nesting, valid text in every field, the conversation-id rule): a
  bad one gets a 400 or 413 on REST, a `chat_error` event on socket.io;
* when the tracker or lock store fails, that one request gets a 503 (socket.io:
  `chat_error` with code "unavailable") and the server goes on serving;
* socket.io conversation ids are issued by the server (`bot.channel.session_ids`):
  a client gets its conversation back only with an id the server gave it;
* the REST channel is an integration API for servers: with REST_TOKEN set it
  requires `Authorization: Bearer <REST_TOKEN>`;
* socket.io accepts only the origins in ALLOWED_ORIGINS, and session persistence
  works with current python-socketio (whose `enter_room` is a coroutine).

Neither channel logs message texts. Both count messages, replies and refusals
in `rasa_plugins.metrics` (`GET /metrics`), with no text or sender in a label.
"""

from __future__ import annotations

import hmac
import inspect
import json
import logging
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

import redis.exceptions
from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from rasa.core.lock_store import LockError
from rasa.shared.core.events import BotUttered, Restarted, SessionStarted, UserUttered
from sanic import Blueprint, Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import logs
from bot.channel.cleaning import clean_visitor_text, strip_command_prefix
from bot.channel.commands import allowed_commands
from bot.channel.requests import ChatMessage, Refusal, declared_size_refusal, message_from_fields, parse_json_body
from bot.channel.session_ids import SessionIds
from bot.handoff.local_secrets import session_secret
from bot.settings import Settings, get_settings
from rasa_plugins import metrics
from rasa_plugins.stores import StoreUnavailable

logger = logging.getLogger(__name__)

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]

# Failures of the tracker or lock store: that request gets a 503, nothing more.
STORE_FAILURES = (StoreUnavailable, LockError, redis.exceptions.RedisError)
RETRY_AFTER_S = 5
UNAVAILABLE = Refusal(
    503, "unavailable", "The assistant can't reach its conversation store right now. Please try again in a moment."
)
# A 500 is not a refusal (nothing was wrong with the request): not counted as one.
SERVER_ERROR = Refusal(500, "server_error", "Sorry, something went wrong.")
# What a REST refusal tells the client besides its body: when to retry, how to authenticate.
REFUSAL_HEADERS = {503: {"Retry-After": str(RETRY_AFTER_S)}, 401: {"WWW-Authenticate": "Bearer"}}
CHAT_ERROR_EVENT = "chat_error"


def _event_kinds(events: Iterable[Any]) -> Iterable[tuple]:
    """Rasa events as `bot.channel.commands` reads them."""
    for event in events:
        if isinstance(event, (Restarted, SessionStarted)):
            yield ("start", None)
        elif isinstance(event, UserUttered):
            yield ("user", None)
        elif isinstance(event, BotUttered):
            yield ("bot", event.data or {})


class MessageGuard:
    """Cleans a visitor's text and decides whether a slash command is allowed."""

    def __init__(self) -> None:
        self.max_chars = get_settings().max_message_chars
        self.app: Sanic | None = None

    def _agent(self):
        app = self.app
        if app is None:
            try:
                app = Sanic.get_app()
            except Exception:  # noqa: BLE001 - no app registered (e.g. unit tests)
                return None
        return getattr(app.ctx, "agent", None)

    async def _allowed_payloads(self, sender_id: str) -> frozenset[str]:
        agent = self._agent()
        if agent is None or getattr(agent, "tracker_store", None) is None:
            return frozenset()
        tracker = await agent.tracker_store.retrieve(sender_id)
        if tracker is None:
            return allowed_commands(())
        return allowed_commands(_event_kinds(tracker.events))

    async def admit(self, text: Any, sender_id: str) -> str:
        """The text Rasa should see for this visitor message."""
        cleaned = clean_visitor_text(text if isinstance(text, str) else "", self.max_chars)
        if not cleaned.startswith("/"):
            return cleaned
        if cleaned in await self._allowed_payloads(sender_id):
            return cleaned
        logger.info("guard: a typed slash command was passed on as plain text")
        return strip_command_prefix(cleaned)

    @staticmethod
    def parse_data_for(text: str) -> dict[str, Any] | None:
        """Parse data to use instead of NLU: an empty message is a miss, as if NLU
        had not understood it (some NLU components cannot featurize empty text)."""
        if text.strip():
            return None
        return {
            "text": text,
            "intent": {"name": "nlu_fallback", "confidence": 1.0},
            "intent_ranking": [{"name": "nlu_fallback", "confidence": 1.0}],
            "entities": [],
        }


def _refused(refusal: Refusal) -> HTTPResponse:
    metrics.refused(GuardedRestInput.name(), refusal.status)
    return response.json(refusal.as_json(), status=refusal.status, headers=REFUSAL_HEADERS.get(refusal.status))


def _token_refusal(request: Request, token: str) -> Refusal | None:
    if not token:
        return None
    given = request.headers.get("authorization", "")
    scheme, _, value = given.partition(" ")
    if scheme.lower() == "bearer" and hmac.compare_digest(value.strip().encode(), token.encode()):
        return None
    return Refusal(401, "unauthorized", "This channel needs the header Authorization: Bearer <REST_TOKEN>.")


async def _handle(
    guard: MessageGuard, on_new_message: OnNewMessage, message: ChatMessage, output: Any, channel: str
) -> Refusal | None:
    """Hand one valid message to Rasa. None when it was handled; UNAVAILABLE
    when the tracker or lock store failed, SERVER_ERROR for anything else (both
    logged without the message text: it may hold health or contact details)."""
    try:
        await _turn(guard, on_new_message, message, output, channel)
    except STORE_FAILURES as error:
        logger.error("%s: the conversation store failed (%s)", channel, type(error).__name__)
        return UNAVAILABLE
    except Exception:
        logger.exception("%s: handling a message failed", channel)
        return SERVER_ERROR
    return None


async def _turn(
    guard: MessageGuard, on_new_message: OnNewMessage, message: ChatMessage, output: Any, channel: str
) -> None:
    # A fresh id per handled message for every log line of this turn (never
    # the sender id or the text); Rasa's processing runs in this task.
    token = logs.request_id.set(logs.new_request_id())
    try:
        async with metrics.turn(channel, output):
            text = await guard.admit(message.text, message.sender)
            await on_new_message(
                UserMessage(
                    text,
                    output,
                    message.sender,
                    input_channel=channel,
                    metadata=message.metadata,
                    parse_data=guard.parse_data_for(text),
                )
            )
    finally:
        logs.request_id.reset(token)


def _configure_logs(settings: Settings) -> None:
    """LOG_FORMAT for the Rasa server. Rasa installs coloredlogs on the root
    logger and Sanic its own handlers before the channels' blueprints are
    built, so this runs then (a --logging-config-file would be replaced)."""
    logs.configure_logging(settings, "rasa", keep_plain_handlers=True)


def _add_shared_routes(webhook: Blueprint, guard: MessageGuard) -> None:
    """What both channels' blueprints have: the guard learns the app (its agent
    holds the tracker store) and `GET /` answers a health check."""

    @webhook.listener("before_server_start")
    async def _remember_app(app: Sanic, _loop) -> None:
        guard.app = app

    @webhook.route("/", methods=["GET"])
    async def health(_: Request) -> HTTPResponse:
        return response.json({"status": "ok"})


class GuardedRestInput(RestInput):
    """Rasa's REST channel with input validation and the message guard."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    def __init__(self) -> None:
        self.guard = MessageGuard()

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        # read once: get_settings() reads the environment on every call
        settings = get_settings()
        _configure_logs(settings)
        webhook = metrics.MetricsBlueprint("guarded_rest_webhook", __name__)
        guard = self.guard
        _add_shared_routes(webhook, guard)

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            refusal = _token_refusal(request, settings.rest_token) or declared_size_refusal(
                request.headers.get("content-length"), settings.max_request_bytes
            )
            if refusal is not None:
                return _refused(refusal)
            body, refusal = parse_json_body(request.body or b"", settings.max_request_bytes)
            if refusal is not None:
                return _refused(refusal)
            if not isinstance(body, dict):
                return _refused(
                    Refusal(
                        400,
                        "bad_request",
                        'The request body must be a JSON object like {"sender": "id", "message": "hi"}.',
                    )
                )
            message, refusal = message_from_fields(body.get("sender"), body.get("message"), body.get("metadata"))
            if refusal is not None:
                return _refused(refusal)
            assert message is not None  # a message or a refusal, never neither
            collector = CollectingOutputChannel()
            failure = await _handle(guard, on_new_message, message, collector, self.name())
            if failure is UNAVAILABLE:
                return _refused(UNAVAILABLE)
            if failure is not None:
                return response.json(failure.as_json(), status=failure.status)
            return response.json(collector.messages)

        return webhook


class GuardedSocketIOInput(SocketIOInput):
    """Rasa's socket.io channel with origin checks, validation and the message guard."""

    @classmethod
    def name(cls) -> str:
        return "socketio"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        credentials = credentials or {}
        return cls(
            credentials.get("user_message_evt", "user_uttered"),
            credentials.get("bot_message_evt", "bot_uttered"),
            credentials.get("namespace"),
            credentials.get("session_persistence", False),
            credentials.get("socketio_path", "/socket.io"),
            credentials.get("jwt_key"),
            credentials.get("jwt_method", "HS256"),
            credentials.get("metadata_key", "metadata"),
        )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.guard = MessageGuard()

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        from socketio import AsyncServer

        settings = get_settings()
        _configure_logs(settings)
        origins = frozenset(settings.allowed_origins)
        ids = SessionIds(session_secret(settings))
        # Polling responses get their CORS headers from Sanic-CORS (`rasa run --cors`);
        # letting python-socketio add them too would send the header twice, which
        # browsers refuse. The origin itself is checked in `connect`. Packets over
        # the request limit are dropped by engine.io (it closes that connection).
        sio = AsyncServer(async_mode="sanic", cors_allowed_origins=[], max_http_buffer_size=settings.max_request_bytes)
        webhook = metrics.MetricsSocketBlueprint(sio, self.socketio_path, "guarded_socketio_webhook", __name__)
        self.sio = sio
        guard = self.guard
        _add_shared_routes(webhook, guard)

        async def chat_error(sid: str, refusal: Refusal) -> None:
            metrics.refused(self.name(), refusal.status)
            await sio.emit(CHAT_ERROR_EVENT, refusal.as_json(), room=sid, namespace=self.namespace)

        async def join(sid: str, room: str) -> None:
            entered = sio.enter_room(sid, room, namespace=self.namespace)
            if inspect.isawaitable(entered):
                await entered

        @sio.on("connect", namespace=self.namespace)
        async def connect(sid: str, environ: dict, auth: dict | None = None) -> bool:
            origin = environ.get("HTTP_ORIGIN")
            if origin is not None and origin not in origins:
                logger.info("socketio: refused a connection from a disallowed origin")
                return False
            if not self.jwt_key:
                return True
            token = auth.get("token") if isinstance(auth, dict) else None
            if not token:
                return False
            from rasa.core.channels.channel import decode_bearer_token

            return bool(decode_bearer_token(token, self.jwt_key, self.jwt_algorithm))

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: str, data: Any = None) -> None:
            # the conversation comes back only for an id this server issued
            requested = data.get("session_id") if isinstance(data, dict) else None
            session_id = requested if ids.is_ours(requested) else ids.issue()
            if self.session_persistence:
                await join(sid, session_id)
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: str, data: Any = None) -> None:
            if not isinstance(data, dict):
                await chat_error(
                    sid,
                    Refusal(
                        400,
                        "bad_request",
                        f'{self.user_message_evt} needs an object like {{"message": "hi", "session_id": "…"}}.',
                    ),
                )
                return
            if self.session_persistence:
                sender_id = data.get("session_id")
                if not ids.is_ours(sender_id):
                    await chat_error(
                        sid,
                        Refusal(
                            400,
                            "unknown_session",
                            "Send session_request first and use the session_id from session_confirm.",
                        ),
                    )
                    return
                # a client that reconnected may send before re-requesting its session
                await join(sid, sender_id)
            else:
                sender_id = sid
            metadata = data.get(self.metadata_key)
            if metadata is None:
                metadata = data.get("customData")  # rasa-webchat's name for it
            if isinstance(metadata, str):
                try:
                    metadata = json.loads(metadata)
                except (ValueError, RecursionError):
                    metadata = None
                    await chat_error(sid, Refusal(400, "bad_request", '"metadata" must be a JSON object.'))
                    return
            message, refusal = message_from_fields(
                sender_id, data.get("message", ""), metadata, sender_field="session_id"
            )
            if refusal is not None:
                await chat_error(sid, refusal)
                return
            assert message is not None  # a message or a refusal, never neither
            output = SocketIOOutput(sio, self.bot_message_evt)
            if await _handle(guard, on_new_message, message, output, self.name()) is UNAVAILABLE:
                await chat_error(sid, UNAVAILABLE)

        return webhook
