"""Conversation ids the socket.io channel issues, and how it recognises them.

An id is "s1." + 128 random bits + "." + an HMAC-SHA256 tag (truncated to 128
bits) of those bits, all base64url: 49 characters within the id rule of
`bot.channel.requests`. The browser keeps it and asks for it back after a
reload; the server accepts back only ids it issued, so nobody can join a
conversation by naming it, and no table of ids is needed. The key is derived
from SECRET_KEY, so every Rasa worker sharing that key accepts the same ids.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from typing import TypeGuard

_PREFIX = "s1"
_PURPOSE = b"iop socket.io conversation id v1"


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


class SessionIds:
    """Issues and verifies conversation ids under one secret."""

    def __init__(self, secret: str) -> None:
        if not secret:
            raise ValueError("a secret is required to sign conversation ids")
        self._key = hmac.new(secret.encode("utf-8"), _PURPOSE, hashlib.sha256).digest()

    def _tag(self, nonce: str) -> str:
        return _b64(hmac.new(self._key, nonce.encode("ascii"), hashlib.sha256).digest()[:16])

    def issue(self) -> str:
        nonce = _b64(secrets.token_bytes(16))
        return f"{_PREFIX}.{nonce}.{self._tag(nonce)}"

    def is_ours(self, value: object) -> TypeGuard[str]:
        if not isinstance(value, str) or len(value) > 64:
            return False
        parts = value.split(".")
        if len(parts) != 3 or parts[0] != _PREFIX or not parts[1].isascii():
            return False
        return hmac.compare_digest(parts[2], self._tag(parts[1]))
