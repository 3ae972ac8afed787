"""How the delivery worker (bot.handoff.delivery) delivers: where, within what
deadline, under what lease, and how long it waits before a retry.

The lease outlasts the deadline: HANDOFF_WEBHOOK_TIMEOUT is the total deadline of
one attempt (bot.handoff.webhook_post), and a claim is held for HANDOFF_LEASE
seconds. Start-up refuses HANDOFF_LEASE <= HANDOFF_WEBHOOK_TIMEOUT (and the
worker also cuts each attempt's deadline to what is left of its lease), so an
attempt has always ended before its lease runs out and another worker can claim
the revision: workers never POST one revision concurrently.

Backoff: after a failure the revision waits HANDOFF_RETRY_BASE, doubling with
each failure in a row, up to HANDOFF_RETRY_MAX.

With no HANDOFF_WEBHOOK_URL the worker posts to the web app's own receiver
(`/inbox/api/handoffs`), so `make run` shows the whole path locally.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from bot.handoff.local_secrets import webhook_secret
from bot.settings import Settings

INBOX_RECEIVER_PATH = "/inbox/api/handoffs"


@dataclass(frozen=True)
class DeliveryConfig:
    """Where and how to deliver; built from Settings by `from_settings`."""

    url: str
    secret: str
    timeout_s: float
    retry_base_s: float
    retry_max_s: float
    poll_interval_s: float
    lease_s: float

    def __post_init__(self) -> None:
        if self.timeout_s <= 0:
            raise ValueError("HANDOFF_WEBHOOK_TIMEOUT must be a positive number of seconds")
        if self.lease_s <= self.timeout_s:
            raise ValueError(
                f"HANDOFF_LEASE ({self.lease_s:g} s) must be longer than "
                f"HANDOFF_WEBHOOK_TIMEOUT ({self.timeout_s:g} s), the deadline of one "
                "attempt: otherwise a second worker could claim and POST a handoff "
                "while the first is still sending it"
            )

    @classmethod
    def from_settings(cls, settings: Settings) -> DeliveryConfig:
        return cls(
            url=settings.handoff_webhook_url or inbox_receiver_url(settings),
            secret=webhook_secret(settings),
            timeout_s=settings.handoff_webhook_timeout_s,
            retry_base_s=settings.handoff_retry_base_s,
            retry_max_s=settings.handoff_retry_max_s,
            poll_interval_s=settings.handoff_poll_interval_s,
            lease_s=settings.handoff_lease_s,
        )


def inbox_receiver_url(settings: Settings) -> str:
    """The web app's own receiver: the local default when no webhook URL is set."""
    host = settings.web_host
    if host in ("", "0.0.0.0", "::"):
        host = "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{settings.web_port}{INBOX_RECEIVER_PATH}"


def describe_target(url: str) -> str:
    """The webhook URL without path or query (they often carry tokens): safe to log."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.rsplit('@', 1)[-1]}"


def backoff_delay(consecutive_failures: int, base_s: float, max_s: float) -> float:
    """Seconds to wait after the n-th failure in a row: base, 2*base, 4*base... capped."""
    if consecutive_failures <= 0:
        return 0.0
    exponent = min(consecutive_failures - 1, 32)
    factor: int = 2**exponent  # typeshed types int ** int as Any (negative exponents give floats)
    return min(max_s, base_s * factor)
