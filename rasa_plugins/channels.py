"""Guarded REST and socket.io input channels.

They keep Rasa's standard wire formats (`POST /webhooks/rest/webhook` with
`{"sender", "message"}`; socket.io `user_uttered` / `bot_uttered`,
`session_request` / `session_confirm`), so every Rasa client keeps working, and
add what a public website needs:

* every message is cleaned and capped before NLU (bot.text.clean_visitor_text);
* a visitor cannot trigger intents or set slots by typing Rasa's
  `/intent{"slot": "value"}` syntax: a message starting with "/" is accepted as a
  command only if it is exactly the payload of a button this assistant sent in
  this conversation; anything else is passed on as plain words;
* malformed REST requests get a 400 with a clear message, never a 500;
* socket.io accepts only the origins in ALLOWED_ORIGINS, and session persistence
  works with current python-socketio (whose `enter_room` is a coroutine).

Neither channel logs message texts.
"""
from __future__ import annotations

import inspect
import json
import logging
import uuid
from typing import Any, Awaitable, Callable, Dict, FrozenSet, Optional, Text

from sanic import Blueprint, Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from rasa.shared.core.events import BotUttered, Restarted

from bot.settings import get_settings
from bot.text import clean_visitor_text, strip_command_prefix

logger = logging.getLogger(__name__)

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]

MAX_SENDER_ID_CHARS = 128


def sent_button_payloads(events) -> FrozenSet[str]:
    """Payloads of every button the assistant sent since the conversation (re)started."""
    payloads = set()
    for event in events:
        if isinstance(event, Restarted):
            payloads.clear()
        elif isinstance(event, BotUttered):
            data = event.data or {}
            for key in ("buttons", "quick_replies"):
                for button in data.get(key) or []:
                    payload = button.get("payload") if isinstance(button, dict) else None
                    if isinstance(payload, str):
                        payloads.add(payload.strip())
    return frozenset(payloads)


class MessageGuard:
    """Cleans a visitor's text and decides whether a slash command is allowed."""

    def __init__(self) -> None:
        self.max_chars = get_settings().max_message_chars
        self.app: Optional[Sanic] = None

    def _agent(self):
        app = self.app
        if app is None:
            try:
                app = Sanic.get_app()
            except Exception:  # no app registered (e.g. unit tests)
                return None
        return getattr(app.ctx, "agent", None)

    async def _allowed_payloads(self, sender_id: Text) -> FrozenSet[str]:
        agent = self._agent()
        if agent is None or getattr(agent, "tracker_store", None) is None:
            return frozenset()
        tracker = await agent.tracker_store.retrieve(sender_id)
        if tracker is None:
            return frozenset()
        return sent_button_payloads(tracker.events)

    async def admit(self, text: Any, sender_id: Text) -> Text:
        """The text Rasa should see for this visitor message."""
        cleaned = clean_visitor_text(text if isinstance(text, str) else "", self.max_chars)
        if not cleaned.startswith("/"):
            return cleaned
        if cleaned in await self._allowed_payloads(sender_id):
            return cleaned
        logger.info("guard: a typed slash command was passed on as plain text")
        return strip_command_prefix(cleaned)

    @staticmethod
    def parse_data_for(text: Text) -> Optional[Dict[Text, Any]]:
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


def _bad_request(message: Text) -> HTTPResponse:
    return response.json({"error": "bad_request", "message": message}, status=400)


class GuardedRestInput(RestInput):
    """Rasa's REST channel with input validation and the message guard."""

    @classmethod
    def name(cls) -> Text:
        return "rest"

    def __init__(self) -> None:
        self.guard = MessageGuard()

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        webhook = Blueprint("guarded_rest_webhook", __name__)
        guard = self.guard

        @webhook.listener("before_server_start")
        async def _remember_app(app: Sanic, _loop) -> None:
            guard.app = app

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                body = json.loads(request.body or b"")
            except (ValueError, UnicodeDecodeError):
                return _bad_request("The request body must be a JSON object.")
            if not isinstance(body, dict):
                return _bad_request(
                    'The request body must be a JSON object like {"sender": "id", "message": "hi"}.'
                )
            sender = body.get("sender")
            if not isinstance(sender, str) or not sender.strip():
                return _bad_request('"sender" is required and must be a non-empty string.')
            if len(sender) > MAX_SENDER_ID_CHARS:
                return _bad_request(f'"sender" must be at most {MAX_SENDER_ID_CHARS} characters.')
            message = body.get("message")
            if not isinstance(message, str):
                return _bad_request('"message" is required and must be a string.')
            metadata = body.get("metadata")
            if metadata is not None and not isinstance(metadata, dict):
                return _bad_request('"metadata", when given, must be a JSON object.')

            text = await guard.admit(message, sender)
            collector = CollectingOutputChannel()
            try:
                await on_new_message(
                    UserMessage(
                        text,
                        collector,
                        sender,
                        input_channel=self.name(),
                        metadata=metadata,
                        parse_data=guard.parse_data_for(text),
                    )
                )
            except Exception:
                # no message text in the log: it may hold health or contact details
                logger.exception("rest: handling a message failed (sender %s)", sender)
                return response.json(
                    {"error": "server_error", "message": "Sorry, something went wrong."},
                    status=500,
                )
            return response.json(collector.messages)

        return webhook


class GuardedSocketIOInput(SocketIOInput):
    """Rasa's socket.io channel with origin checks, validation and the message guard."""

    @classmethod
    def name(cls) -> Text:
        return "socketio"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
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

        origins = frozenset(get_settings().allowed_origins)
        # Polling responses get their CORS headers from Sanic-CORS (`rasa run --cors`);
        # letting python-socketio add them too would send the header twice, which
        # browsers refuse. The origin itself is checked in `connect`.
        sio = AsyncServer(async_mode="sanic", cors_allowed_origins=[])
        webhook = SocketBlueprint(sio, self.socketio_path, "guarded_socketio_webhook", __name__)
        self.sio = sio
        guard = self.guard

        @webhook.listener("before_server_start")
        async def _remember_app(app: Sanic, _loop) -> None:
            guard.app = app

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @sio.on("connect", namespace=self.namespace)
        async def connect(sid: Text, environ: Dict, auth: Optional[Dict]) -> bool:
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
        async def session_request(sid: Text, data: Any) -> None:
            requested = data.get("session_id") if isinstance(data, dict) else None
            if isinstance(requested, str) and 0 < len(requested) <= MAX_SENDER_ID_CHARS:
                session_id = requested
            else:
                session_id = uuid.uuid4().hex
            if self.session_persistence:
                entered = sio.enter_room(sid, session_id, namespace=self.namespace)
                if inspect.isawaitable(entered):
                    await entered
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: Text, data: Any) -> None:
            if not isinstance(data, dict) or not isinstance(data.get("message", ""), str):
                logger.warning("socketio: ignored a malformed %s event", self.user_message_evt)
                return
            if self.session_persistence:
                sender_id = data.get("session_id")
                if not isinstance(sender_id, str) or not sender_id:
                    logger.warning("socketio: ignored a message without a session_id")
                    return
                # a client that reconnected may send before re-requesting its session
                entered = sio.enter_room(sid, sender_id, namespace=self.namespace)
                if inspect.isawaitable(entered):
                    await entered
            else:
                sender_id = sid
            metadata = data.get(self.metadata_key) or {}
            if isinstance(metadata, str):
                try:
                    metadata = json.loads(metadata)
                except ValueError:
                    metadata = {}
            if not isinstance(metadata, dict):
                metadata = {}
            text = await guard.admit(data.get("message", ""), sender_id)
            output = SocketIOOutput(sio, self.bot_message_evt)
            try:
                await on_new_message(
                    UserMessage(
                        text,
                        output,
                        sender_id,
                        input_channel=self.name(),
                        metadata=metadata,
                        parse_data=guard.parse_data_for(text),
                    )
                )
            except Exception:
                logger.exception("socketio: handling a message failed (sender %s)", sender_id)

        return webhook
