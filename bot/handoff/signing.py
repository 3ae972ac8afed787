"""Signing of webhook bodies: `X-Signature-256: sha256=<hex HMAC-SHA256>`.

The worker signs the exact bytes it sends; a receiver recomputes the HMAC over
the raw request body (before any JSON parsing) with the shared secret and
compares in constant time.
"""

from __future__ import annotations

import hashlib
import hmac

SIGNATURE_HEADER = "X-Signature-256"
IDEMPOTENCY_HEADER = "Idempotency-Key"
_PREFIX = "sha256="


def sign_body(body: bytes, secret: str) -> str:
    """The header value for `body`: "sha256=" + hex HMAC-SHA256 with `secret`."""
    if not secret:
        raise ValueError("a webhook secret is required to sign a body")
    digest = hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    return _PREFIX + digest


def verify_signature(body: bytes, header_value: str | None, secret: str) -> bool:
    """True when `header_value` is the signature of `body` with `secret`."""
    if not secret or not header_value or not header_value.startswith(_PREFIX):
        return False
    return hmac.compare_digest(sign_body(body, secret), header_value.strip())
