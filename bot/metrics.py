"""Prometheus metrics of the web app and the delivery worker (docs/operations.md).

* The web app (`GET /metrics`, bot.web.app) counts failed advisor logins and
  reports the handoff queue: pending deliveries and how long the oldest has
  waited, computed from the database on each scrape (the outbox's
  status index; the pending rows are few).
* The delivery worker counts delivery attempts by outcome and times them, and
  serves them with prometheus_client's own HTTP server on
  WORKER_METRICS_HOST:WORKER_METRICS_PORT (it has no other one), with the same
  queue figures.

Each process has its own registry (no multiprocess mode: each of these runs as
one process). Labels are fixed words; never a text, an id or contact details.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import datetime
from wsgiref.simple_server import WSGIServer

from prometheus_client import (
    PLATFORM_COLLECTOR,
    PROCESS_COLLECTOR,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    start_http_server,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import func, select

from bot.db import Database
from bot.handoff.models import DELIVERY_PENDING, Handoff, HandoffOutbox
from bot.handoff.timeutil import utc_now
from bot.settings import Settings

log = logging.getLogger("bot.metrics")


def new_registry() -> CollectorRegistry:
    """A process's own registry, with prometheus_client's process and platform
    metrics (CPU, memory, file descriptors, Python version). Every process of the
    stack starts from one: the web app and the worker here, the Rasa server in
    rasa_plugins.metrics, the action server in actions.metrics."""
    registry = CollectorRegistry(auto_describe=True)
    registry.register(PROCESS_COLLECTOR)
    registry.register(PLATFORM_COLLECTOR)
    return registry


WEB_REGISTRY = new_registry()

LOGIN_FAILURES = Counter(
    "iop_inbox_login_failures",
    "Advisor inbox logins refused for a wrong username or password.",
    registry=WEB_REGISTRY,
)

WORKER_REGISTRY = new_registry()

DELIVERIES = Counter(
    "iop_handoff_deliveries",
    "Handoff delivery attempts, by outcome (delivered or failed).",
    ["outcome"],
    registry=WORKER_REGISTRY,
)
DELIVERY_SECONDS = Histogram(
    "iop_handoff_delivery_seconds",
    "Duration of one handoff delivery attempt.",
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30),
    registry=WORKER_REGISTRY,
)
for _outcome in ("delivered", "failed"):
    DELIVERIES.labels(_outcome)


def delivery_attempted(delivered: bool, duration_s: float) -> None:
    DELIVERIES.labels("delivered" if delivered else "failed").inc()
    DELIVERY_SECONDS.observe(duration_s)


class HandoffQueueCollector(Collector):
    """Pending handoff deliveries and the age of the oldest, read on each scrape."""

    def __init__(self, db: Database, clock: Callable[[], datetime] = utc_now) -> None:
        self.db = db
        self.clock = clock

    def describe(self) -> Iterable[Metric]:
        return []  # so registering does not query the database

    def _read(self) -> tuple[int, datetime | None]:
        with self.db.session() as session:
            count, oldest = session.execute(
                select(func.count(HandoffOutbox.id), func.min(Handoff.updated_at))
                .join(Handoff, Handoff.id == HandoffOutbox.handoff_id)
                .where(HandoffOutbox.status == DELIVERY_PENDING)
            ).one()
        return int(count or 0), oldest

    def collect(self) -> Iterable[Metric]:
        up = GaugeMetricFamily("iop_handoff_queue_up", "1 if the handoff queue could be read from the database.")
        try:
            count, oldest = self._read()
        except Exception as exc:  # noqa: BLE001 - a scrape must not fail with the database
            log.error("metrics: the handoff queue could not be read (%s)", type(exc).__name__)
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        yield GaugeMetricFamily("iop_handoffs_pending", "Handoff revisions not yet delivered.", value=count)
        age = max(0.0, (self.clock() - oldest).total_seconds()) if oldest is not None else 0.0
        yield GaugeMetricFamily(
            "iop_handoff_oldest_pending_age_seconds",
            "Seconds since the oldest undelivered handoff revision was stored (0: none).",
            value=age,
        )


class _Combined(Collector):
    """Several registries or collectors as one (a process's own metrics plus the
    queue figures of the database it was given)."""

    def __init__(self, *sources: Collector) -> None:
        self.sources = sources

    def describe(self) -> Iterable[Metric]:
        return []

    def collect(self) -> Iterable[Metric]:
        for source in self.sources:
            yield from source.collect()


def _with_queue(registry: CollectorRegistry, db: Database) -> CollectorRegistry:
    combined = CollectorRegistry(auto_describe=False)
    combined.register(_Combined(registry, HandoffQueueCollector(db)))
    return combined


def web_metrics_page(db: Database) -> bytes:
    """The web app's `/metrics` body."""
    return generate_latest(_with_queue(WEB_REGISTRY, db))


def start_worker_metrics_server(settings: Settings, db: Database | None = None) -> WSGIServer | None:
    """Serve the worker's metrics (with the queue figures of `db`, if given) on
    WORKER_METRICS_HOST:WORKER_METRICS_PORT. Returns the server, or None when the
    port is 0 or cannot be bound (the worker then runs on without metrics)."""
    port = settings.worker_metrics_port
    if port <= 0:
        return None
    registry = WORKER_REGISTRY if db is None else _with_queue(WORKER_REGISTRY, db)
    try:
        server, _thread = start_http_server(port, addr=settings.worker_metrics_host, registry=registry)
    except OSError as exc:
        log.warning(
            "metrics: cannot serve on %s:%d (%s); the worker runs without metrics",
            settings.worker_metrics_host,
            port,
            type(exc).__name__,
        )
        return None
    log.info("worker metrics on http://%s:%d/metrics", settings.worker_metrics_host, port)
    return server
