"""One POST of a handoff's body to the webhook, within a total deadline.

Deadline: the deadline is total per attempt (connect, send, status and headers
together: aiohttp's ClientTimeout(total=...), a timer that cancels the whole
request, unlike requests' per-read timeout, which a receiver trickling one byte
a second never trips). The body of the reply is not read: the status decides.

Idempotency: the body is signed, and every POST of a handoff carries its
reference as the Idempotency-Key. A revision is POSTed again only after an
attempt ended without a 2xx (or a worker died), with the same bytes and the
same key, so the receiver can drop such a repeat.

The outcome is a status and a stable error name, never an exception's message:
it can contain the URL, which may hold a token.
"""

from __future__ import annotations

import asyncio

import aiohttp
from yarl import URL

from bot.handoff.signing import IDEMPOTENCY_HEADER, SIGNATURE_HEADER, sign_body

USER_AGENT = "iop-intake-handoff/1"


def post_handoff(
    url: str, body: bytes, secret: str, idempotency_key: str, deadline_s: float
) -> tuple[int | None, str | None]:
    """POST `body` once within `deadline_s` seconds in total. The reply's status
    (None when there was none) and what went wrong (None for a 2xx)."""
    try:
        status = asyncio.run(_post(url, body, secret, idempotency_key, deadline_s))
    except asyncio.TimeoutError:
        return None, "Timeout"
    except (aiohttp.ClientConnectionError, OSError):
        return None, "ConnectionError"  # refused, reset, DNS: one stable name
    except (aiohttp.ClientError, ValueError) as exc:
        return None, type(exc).__name__  # the class name only (see above)
    return status, None if 200 <= status < 300 else f"HTTP {status}"


async def _post(url: str, body: bytes, secret: str, idempotency_key: str, deadline_s: float) -> int:
    timeout = aiohttp.ClientTimeout(total=deadline_s)
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        SIGNATURE_HEADER: sign_body(body, secret),
        IDEMPOTENCY_HEADER: idempotency_key,
        "User-Agent": USER_AGENT,
    }
    async with (
        aiohttp.ClientSession(timeout=timeout) as session,
        session.post(URL(url, encoded=True), data=body, headers=headers, allow_redirects=False) as response,
    ):
        # Leaving without reading the body closes the connection.
        return response.status
