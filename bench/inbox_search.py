"""Inbox search at 100,000 handoffs, on SQLite and PostgreSQL (issue 14: p95 under 50 ms).

    PYTHONPATH=$PWD .venv/bin/python -m bench.inbox_search [--handoffs N] [--queries N]
    make bench-inbox                   # the same, alone; `make bench` runs it as one part

For each backend: a fresh database (a temporary SQLite file; a new PostgreSQL
database `bench_inbox` on the test server, dropped afterwards) is migrated with
the project's own Alembic revisions (what `python -m bot migrate` runs), then
filled with generated handoffs by bulk insert into the real tables (their outbox
rows too; no transcripts, which the list never reads). The search columns come
from the same function `save_handoff` uses. Then it times `search_page`, the
function the inbox list page calls (the count the page shows plus one page of
50), over a realistic mix: search by reference, first name, phone typed several
ways, e-mail; filters by status, reason, assignee, date range; combinations;
first and deep pages. Each query gets a fresh session, as a page request does.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, insert, select, text
from sqlalchemy.engine import make_url

from bot.db import Database
from bot.handoff.models import DELIVERY_DELIVERED, DELIVERY_PENDING, Handoff, HandoffOutbox
from bot.handoff.reasons import REASONS
from bot.handoff.search import HandoffFilter, search_columns, search_page
from bot.handoff.service import REFERENCE_ALPHABET, REFERENCE_LENGTH
from bot.handoff.summary import build_summary
from bot.migrations.runner import migrate

POSTGRES_SERVER_URL = "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres"
POSTGRES_DATABASE = "bench_inbox"
TARGET_P95_MS = 50.0
PAGE_SIZE = 50
END = datetime(2026, 12, 1, 12, 0, tzinfo=timezone.utc)
DAYS = 730  # two years of handoffs

_FIRST_NAME_WORDS = (
    "Maria James Robert Jennifer Michael Linda David Elizabeth William Barbara Richard Susan Joseph Jessica "
    "Thomas Sarah Christopher Karen Charles Lisa Daniel Nancy Matthew Betty Anthony Sandra Mark Ashley Donald "
    "Kimberly Steven Emily Andrew Donna Paul Michelle Joshua Carol Kenneth Amanda Kevin Melissa Brian Deborah "
    "George Stephanie Timothy Rebecca Ronald Sharon Jason Laura Edward Cynthia Jeffrey Amy Ryan Angela Jacob "
    "Shirley Gary Brenda Nicholas Emma Eric Anna Jonathan Pamela Stephen Nicole Larry Samantha Justin Katherine "
    "Scott Christine Brandon Debra Benjamin Rachel Samuel Carolyn Gregory Janet Alexander Maria Frank Olivia "
    "Patrick Heather Raymond Helen Jack Catherine Dennis Diane Jerry Julie Tyler Victoria Aaron Joyce Jose Lauren "
    "Adam Kelly Nathan Christina Henry Ruth Zachary Joan Douglas Virginia Peter Judith Kyle Evelyn Noah Hannah "
    "Ethan Andrea Jeremy Megan Walter Cheryl Christian Jacqueline Keith Madison Roger Teresa Terry Abigail Austin "
    "Sophia Sean Martha Gerald Sara Carl Gloria Harold Janice Dylan Kathryn Arthur Ann Lawrence Isabella Jordan "
    "Judy Jesse Charlotte Bryan Julia Billy Grace Bruce Amber Gabriel Alice Joe Jean Logan Denise Alan Frances "
    "Juan Danielle Albert Marilyn Willie Natalie Elijah Beverly Wayne Diana Randy Brittany Vincent Theresa Mason "
    "Kayla Roy Alexis Ralph Doris Bobby Lori Russell Tiffany Bradley Kathleen Philip Marie Eugene Guadalupe"
)
_LAST_NAME_WORDS = (
    "smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez gonzalez wilson "
    "anderson thomas taylor moore jackson martin lee perez thompson white harris sanchez clark ramirez lewis "
    "robinson walker young allen king wright scott torres nguyen hill flores green adams nelson baker hall rivera"
)
FIRST_NAMES = tuple(_FIRST_NAME_WORDS.split())
LAST_NAMES = tuple(_LAST_NAME_WORDS.split())
DOMAINS = ("gmail.com", "yahoo.com", "outlook.com", "icloud.com", "hotmail.com", "aol.com", "proton.me", "comcast.net")
AREA_CODES = ("312", "773", "872", "630", "708", "847", "217", "309", "618", "815", "720", "303", "415", "212", "646")
ADVISORS = tuple(f"advisor{n:02d}" for n in range(1, 13))
CONTACT_TIMES = ("mornings", "afternoons", "evenings", "any time", "after 5pm", None)


# --- the data ----------------------------------------------------------------


def _reference(rng: random.Random, taken: set[str]) -> str:
    while True:
        reference = "".join(rng.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
        if reference not in taken:
            taken.add(reference)
            return reference


def _contact(rng: random.Random) -> dict[str, str | None]:
    first = rng.choice(FIRST_NAMES)
    has_phone, has_email = rng.random() < 0.85, rng.random() < 0.6
    if not (has_phone or has_email):
        has_phone = True
    phone = f"({rng.choice(AREA_CODES)}) {rng.randint(200, 999)}-{rng.randint(0, 9999):04d}" if has_phone else None
    email = None
    if has_email:
        local = f"{first.lower()}{rng.choice('._')}{rng.choice(LAST_NAMES)}{rng.randint(1, 99)}"
        email = f"{local}@{rng.choice(DOMAINS)}"
    return {"first_name": first, "phone": phone, "email": email, "contact_time": rng.choice(CONTACT_TIMES)}


def _summary(rng: random.Random) -> dict[str, Any]:
    return build_summary(
        {
            "for_whom": rng.choice(("self", "loved_one")),
            "safety_risk": rng.random() < 0.05,
            "withdrawal_risk": rng.random() < 0.2,
            "step_down": rng.random() < 0.3,
            "severity": rng.choice(("mild", "moderate", "severe")),
            "cage_aid_score": rng.randint(0, 4),
            "preferences": rng.sample(["medicaid", "telehealth", "evening_hours", "spanish", "lgbtq"], 2),
            "location": rng.choice(("Chicago, IL", "60614", "Denver, CO", "Springfield, IL")),
        }
    )


def generate(db: Database, n: int, seed: int = 14) -> list[dict[str, Any]]:
    """Insert `n` handoffs (and their outbox rows) in batches; returns their
    reference, contact, status, reason and assignee for building queries."""
    rng = random.Random(seed)
    taken: set[str] = set()
    facts: list[dict[str, Any]] = []
    batch = 5000
    for start in range(0, n, batch):
        handoffs, outboxes = [], []
        for i in range(start, min(n, start + batch)):
            created = END - timedelta(seconds=rng.uniform(0, DAYS * 86400))
            reference = _reference(rng, taken)
            contact = _contact(rng)
            status = rng.choices(("new", "contacted", "closed"), weights=(15, 25, 60))[0]
            assignee = None if status == "new" and rng.random() < 0.7 else rng.choice(ADVISORS)
            reason = rng.choices(REASONS, weights=[20, 10, 15, 25, 10, 5, 5, 10][: len(REASONS)])[0]
            handoffs.append(
                {
                    "id": i + 1,
                    "reference": reference,
                    "conversation_id": f"bench-{i:06d}",
                    "created_at": created,
                    "updated_at": created + timedelta(minutes=rng.randint(0, 4000)),
                    "revision": 1,
                    "reason": reason,
                    "summary": _summary(rng),
                    "contact": contact,
                    "consent_at": created,
                    "status": status,
                    "assignee_username": assignee,
                    **search_columns(reference, contact),
                }
            )
            delivered = rng.random() < 0.97
            outboxes.append(
                {
                    "handoff_id": i + 1,
                    "revision": 1,
                    "status": DELIVERY_DELIVERED if delivered else DELIVERY_PENDING,
                    "next_attempt_at": created,
                    "consecutive_failures": 0,
                    "attempt_count": 1,
                    "delivered_at": created if delivered else None,
                    "delivered_revision": 1 if delivered else None,
                }
            )
            facts.append(
                {"reference": reference, "contact": contact, "status": status, "reason": reason, "assignee": assignee}
            )
        with db.session() as session:
            session.execute(insert(Handoff), handoffs)
            session.execute(insert(HandoffOutbox), outboxes)
    return facts


# --- the queries -------------------------------------------------------------


def _phone_forms(phone: str, rng: random.Random) -> str:
    """The same number as an advisor might type it."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    forms = (
        phone,
        digits,
        f"{digits[:3]}-{digits[3:6]}-{digits[6:]}",
        f"{digits[:3]}.{digits[3:6]}.{digits[6:]}",
        f"+1 {digits[:3]} {digits[3:6]} {digits[6:]}",
        f"1{digits}",
        f"{digits[3:6]}-{digits[6:]}",  # without the area code
        digits[-4:],  # the last four
    )
    return rng.choice(forms)


def query_mix(facts: Sequence[dict[str, Any]], rng: random.Random, n: int) -> list[tuple[str, HandoffFilter, int]]:
    """`n` (kind, filter, page) picked round-robin over the kinds."""

    def some() -> dict[str, Any]:
        return facts[rng.randrange(len(facts))]

    def with_field(field: str) -> dict[str, Any]:
        while True:
            fact = some()
            if fact["contact"][field]:
                return fact

    def day_range(days: int) -> tuple[date, date]:
        last = (END - timedelta(days=rng.randint(0, DAYS - days))).date()
        return last - timedelta(days=days - 1), last

    def by_range(days: int) -> HandoffFilter:
        first, last = day_range(days)
        return HandoffFilter(created_from=first, created_to=last, time_zone="America/Chicago")

    kinds: list[tuple[str, Callable[[], tuple[HandoffFilter, int]]]] = [
        ("everything, page 1", lambda: (HandoffFilter(), 1)),
        ("everything, page 200", lambda: (HandoffFilter(), 200)),
        ("everything, last page", lambda: (HandoffFilter(), len(facts) // PAGE_SIZE)),
        ("reference", lambda: (HandoffFilter(q=some()["reference"]), 1)),
        ("reference, lower case", lambda: (HandoffFilter(q=some()["reference"].lower()), 1)),
        ("first name", lambda: (HandoffFilter(q=rng.choice(FIRST_NAMES)), 1)),
        ("first name, page 5", lambda: (HandoffFilter(q=rng.choice(FIRST_NAMES)), 5)),
        ("name prefix (3 letters)", lambda: (HandoffFilter(q=rng.choice(FIRST_NAMES)[:3].lower()), 1)),
        (
            "phone, typed any way",
            lambda: (HandoffFilter(q=_phone_forms(with_field("phone")["contact"]["phone"], rng)), 1),
        ),
        ("e-mail", lambda: (HandoffFilter(q=with_field("email")["contact"]["email"]), 1)),
        ("e-mail domain", lambda: (HandoffFilter(q="@" + rng.choice(DOMAINS)), 1)),
        ("no match", lambda: (HandoffFilter(q="zzqx" + rng.choice(REFERENCE_ALPHABET)), 1)),
        ("status", lambda: (HandoffFilter(status=rng.choice(("new", "contacted", "closed"))), 1)),
        ("status, page 100", lambda: (HandoffFilter(status=rng.choice(("contacted", "closed"))), 100)),
        ("reason", lambda: (HandoffFilter(reason=rng.choice(REASONS)), 1)),
        ("assignee", lambda: (HandoffFilter(assignee=rng.choice(ADVISORS)), 1)),
        ("unassigned", lambda: (HandoffFilter(assignee="-"), 1)),
        ("date range (a week)", lambda: (by_range(7), 1)),
        ("date range (a year), page 50", lambda: (by_range(365), 50)),
        (
            "new + mine",
            lambda: (HandoffFilter(status="new", assignee=rng.choice(ADVISORS)), 1),
        ),
        (
            "status + reason + month",
            lambda: (
                HandoffFilter(
                    status=rng.choice(("new", "contacted", "closed")),
                    reason=rng.choice(REASONS),
                    created_from=day_range(30)[0],
                    created_to=day_range(30)[0] + timedelta(days=29),
                ),
                1,
            ),
        ),
        ("name + status", lambda: (HandoffFilter(q=rng.choice(FIRST_NAMES), status="closed"), 1)),
        (
            "name + assignee + year",
            lambda: (
                HandoffFilter(
                    q=rng.choice(FIRST_NAMES),
                    assignee=rng.choice(ADVISORS),
                    created_from=day_range(365)[0],
                    created_to=day_range(365)[0] + timedelta(days=364),
                ),
                1,
            ),
        ),
        ("phone + status", lambda: (HandoffFilter(q=with_field("phone")["contact"]["phone"][-8:], status="new"), 1)),
    ]
    return [(kind, *make()) for kind, make in (kinds[i % len(kinds)] for i in range(n))]


def time_queries(db: Database, queries: Sequence[tuple[str, HandoffFilter, int]]) -> dict[str, list[float]]:
    """Milliseconds per query kind (count + page, as the list page asks)."""
    for _kind, filters, page in queries[:20]:  # warm the caches once, as a running server has them
        search_page(db, filters, page=page, page_size=PAGE_SIZE)
    samples: dict[str, list[float]] = {}
    for kind, filters, page in queries:
        started = time.perf_counter()
        search_page(db, filters, page=page, page_size=PAGE_SIZE)
        samples.setdefault(kind, []).append((time.perf_counter() - started) * 1000)
    return samples


# --- the two backends --------------------------------------------------------


def _stats(samples: Sequence[float]) -> tuple[float, float, float]:
    ordered = sorted(samples)
    p95 = statistics.quantiles(ordered, n=100, method="inclusive")[94] if len(ordered) > 1 else ordered[0]
    return statistics.median(ordered), p95, ordered[-1]


def run_backend(label: str, db_url: str, handoffs: int, n_queries: int) -> bool:
    db = Database(db_url)
    try:
        started = time.perf_counter()
        migrate(db.engine)
        facts = generate(db, handoffs)
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM ANALYZE"))  # what autovacuum does after a bulk load
        else:
            with db.engine.begin() as conn:
                conn.execute(text("ANALYZE"))
        with db.session() as session:
            assert session.execute(select(Handoff.id).order_by(Handoff.id.desc()).limit(1)).scalar_one() == handoffs
        print(
            f"{label}: {handoffs:,} handoffs generated and loaded in {time.perf_counter() - started:.1f} s", flush=True
        )
        samples = time_queries(db, query_mix(facts, random.Random(1414), n_queries))
    finally:
        db.dispose()
    every = [ms for kind_samples in samples.values() for ms in kind_samples]
    width = max(len(kind) for kind in samples)
    print(f"{'query':<{width}}  {'n':>4}  {'p50 ms':>7}  {'p95 ms':>7}  {'max ms':>7}")
    for kind, kind_samples in samples.items():
        p50, p95, worst = _stats(kind_samples)
        print(f"{kind:<{width}}  {len(kind_samples):>4}  {p50:>7.1f}  {p95:>7.1f}  {worst:>7.1f}")
    p50, p95, worst = _stats(every)
    passed = p95 < TARGET_P95_MS
    verdict = "PASS" if passed else "FAIL"
    print(f"{'all queries':<{width}}  {len(every):>4}  {p50:>7.1f}  {p95:>7.1f}  {worst:>7.1f}")
    print(
        f"{label}: p95 {p95:.1f} ms over {len(every)} searches, target < {TARGET_P95_MS:.0f} ms: {verdict}", flush=True
    )
    return passed


def _postgres_database(action: str) -> None:
    engine = create_engine(POSTGRES_SERVER_URL, future=True, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{POSTGRES_DATABASE}" WITH (FORCE)'))
            if action == "create":
                conn.execute(text(f'CREATE DATABASE "{POSTGRES_DATABASE}"'))
    finally:
        engine.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.inbox_search", description=__doc__.split("\n")[0])
    parser.add_argument("--handoffs", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=480, help="searches timed per backend (default 480)")
    parser.add_argument(
        "--backend",
        choices=("both", "sqlite", "postgresql"),
        default="both",
        help="which backends to time (default both)",
    )
    args = parser.parse_args(argv)
    print(f"Inbox search (bench/inbox_search.py): {args.handoffs:,} handoffs, pages of {PAGE_SIZE}")
    results = []
    if args.backend in ("both", "sqlite"):
        with tempfile.TemporaryDirectory() as folder:
            db_url = f"sqlite:///{Path(folder) / 'inbox.db'}"
            results.append(run_backend("SQLite", db_url, args.handoffs, args.queries))
    if args.backend in ("both", "postgresql"):
        _postgres_database("create")
        try:
            url = make_url(POSTGRES_SERVER_URL).set(database=POSTGRES_DATABASE)
            rendered = url.render_as_string(hide_password=False)
            results.append(run_backend("PostgreSQL", rendered, args.handoffs, args.queries))
        finally:
            _postgres_database("drop")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
