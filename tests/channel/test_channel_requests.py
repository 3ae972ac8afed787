"""The request rules of bot.channel (issue 10): sizes, nesting, text, ids, commands;
and the guarded REST channel (rasa_plugins.channels) that applies them."""

from __future__ import annotations

import asyncio
import json
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.channel.commands import OPENING_PAYLOADS, allowed_commands
from bot.channel.requests import (
    MAX_DEPTH,
    declared_size_refusal,
    id_refusal,
    message_from_fields,
    parse_json_body,
    text_refusal,
    value_refusal,
)
from bot.channel.session_ids import SessionIds


def test_lone_surrogates_and_nul_are_refused_with_their_field_and_position() -> None:
    refusal = text_refusal("ab\ud800", "sender")
    assert refusal.status == 400
    assert refusal.message == '"sender" contains a lone UTF-16 surrogate (not valid Unicode) at position 2.'
    assert text_refusal("a\x00 b\x1b", "message") is None  # valid Unicode; cleaned before NLU
    assert text_refusal("emoji \U0001f600 and accents é", "message") is None


@pytest.mark.parametrize("good", ["a", "test-0f3a", "s1.abc_DEF-123.xyz", "site:visitor.42", "x" * 128])
def test_ids_by_the_rule(good: str) -> None:
    assert id_refusal(good, "sender") is None


@pytest.mark.parametrize("bad", ["", "x" * 129, "../../x", "a b", "a\u202eb", "a\x00", "é", "a/b", None, 42])
def test_ids_outside_the_rule(bad) -> None:
    assert id_refusal(bad, "sender").status == 400


def test_size_is_checked_before_parsing() -> None:
    assert parse_json_body(b"x" * 101, 100)[1].status == 413
    assert declared_size_refusal("101", 100).status == 413
    assert declared_size_refusal("100", 100) is None
    assert declared_size_refusal("lots", 100).status == 400
    assert declared_size_refusal(None, 100) is None


def test_nesting_deeper_than_the_limit_is_a_400_however_deep() -> None:
    ok = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    assert parse_json_body(ok.encode(), 10**6)[1] is None
    deeper = "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)
    assert "nested deeper than 20" in parse_json_body(deeper.encode(), 10**6)[1].message
    huge = b"[" * 200_000 + b"]" * 200_000  # the parser itself gives up (RecursionError)
    assert "nested deeper than 20" in parse_json_body(huge, 10**6)[1].message


def test_metadata_is_checked_all_the_way_down() -> None:
    assert value_refusal({"a": [{"b": "fine"}]}, "metadata") is None
    assert "metadata.a.b" in value_refusal({"a": {"b": "x\ud800"}}, "metadata").message
    assert "key" in value_refusal({"k\udc00": 1}, "metadata").message
    assert message_from_fields("id", "hi", [])[1].status == 400
    message, refusal = message_from_fields("id", "hi", None)
    assert refusal is None and message.metadata == {}


def test_session_ids_are_ours_only_when_signed_with_our_key() -> None:
    ids = SessionIds("secret")
    issued = ids.issue()
    assert ids.is_ours(issued)
    assert id_refusal(issued, "session_id") is None
    assert issued != ids.issue()
    assert not SessionIds("other").is_ours(issued)
    nonce, tag = issued.split(".")[1:]
    assert not ids.is_ours(f"s1.{nonce}.{tag[:-1]}A" if tag[-1] != "A" else f"s1.{nonce}.{tag[:-1]}B")
    for other in (None, 42, "", "ann", "s1..", "s1.é.x", "x" * 5000):
        assert not ids.is_ours(other)
    with pytest.raises(ValueError):
        SessionIds("")


def _bot(*payloads: str):
    return ("bot", {"text": "…", "buttons": [{"title": p, "payload": p} for p in payloads]})


def test_only_buttons_since_the_visitors_last_message_count() -> None:
    events = [("start", None), _bot("/assess_fit", "/find_program"), ("user", None), _bot("/request_human")]
    assert allowed_commands(events) == {"/request_human"}


def test_opening_payloads_count_only_before_the_first_message() -> None:
    assert allowed_commands([]) == OPENING_PAYLOADS
    assert allowed_commands([("start", None), _bot("/x")]) == OPENING_PAYLOADS | {"/x"}
    assert "/greet" not in allowed_commands([("start", None), ("user", None)])
    assert "/greet" in allowed_commands([("start", None), ("user", None), ("start", None)])


def test_no_opening_payload_sets_a_slot() -> None:
    assert all("{" not in payload for payload in OPENING_PAYLOADS)


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=20,
)


@given(
    st.one_of(
        st.binary(max_size=200),
        _json.map(lambda v: json.dumps(v).encode()),
        st.integers(0, 5000).map(lambda n: b"{" * n),
    )
)
def test_parsing_any_body_never_raises(body: bytes) -> None:
    _parsed, refusal = parse_json_body(body, 65536)
    assert (refusal is None) or refusal.status in (400, 413)


@given(_json, _json, _json)
def test_validating_any_fields_never_raises(sender, message, metadata) -> None:
    chat, refusal = message_from_fields(sender, message, metadata)
    assert (chat is None) != (refusal is None)
    if chat is not None:
        chat.sender.encode("utf-8")
        chat.text.encode("utf-8")
        json.dumps(chat.metadata).encode("utf-8")


# --- the guarded REST channel (rasa_plugins.channels) --------------------------------


def test_rest_channel_reads_its_settings_once_when_the_blueprint_is_built(monkeypatch) -> None:
    from bot.settings import Settings
    from rasa_plugins import channels

    calls = []

    def counted_settings():
        calls.append(1)
        return Settings.from_env()

    monkeypatch.setattr(channels, "get_settings", counted_settings)
    monkeypatch.setattr(channels, "_configure_logs", lambda *args: None)  # keep pytest's logging
    received = []

    async def on_new_message(message) -> None:
        received.append(message)

    webhook = channels.GuardedRestInput().blueprint(on_new_message)
    receive = next(route.handler for route in webhook._future_routes if route.uri == "/webhook")
    built_with = len(calls)

    def post(body: bytes):
        request = SimpleNamespace(headers={"content-length": str(len(body))}, body=body)
        return asyncio.run(receive(request))

    assert post(json.dumps({"sender": "visitor-1", "message": "hello"}).encode()).status == 200
    assert post(b"{not json").status == 400
    assert len(calls) == built_with  # none per request
    assert [(m.text, m.sender_id, m.input_channel) for m in received] == [("hello", "visitor-1", "rest")]
