"""The accounts and handoffs the inbox browser test works on, made through the
real code (bot.handoff): tests/web/test_inbox_browser.py calls `seed` and
passes the manifest it returns to tests/web/inbox.browser.mjs;
the script runs `python -m tests.web.inbox_browser_seed add DATABASE_URL NAME PHONE`
to save a handoff while a list page is open (it prints the reference).
"""

from __future__ import annotations

import sys
from datetime import datetime, timedelta
from typing import Any

from bot.db import Database
from bot.handoff.advisors import create_advisor
from bot.handoff.assignment import assign_handoff
from bot.handoff.service import save_handoff, set_advisor_status
from bot.handoff.summary import build_summary
from bot.handoff.timeutil import utc_now
from bot.handoff.transcript import TranscriptEntry

PASSWORD = "correct horse battery staple"

# username -> (role, time zone): two advisors in different zones (one behind
# UTC, one ahead) so times shown to each must differ.
ACCOUNTS = {
    "morgan": ("admin", "UTC"),
    "avery": ("advisor", "America/Chicago"),
    "blake": ("advisor", "Europe/Berlin"),
    "tess": ("trainer", "UTC"),
}

# INBOX_HIGHLIGHT_AFTER the web app runs with: 1 hour.
HIGHLIGHT_AFTER_S = 3600


def _save(db: Database, key: str, *, at: datetime, reason: str, first_name: str, phone: str, email: str | None) -> str:
    return save_handoff(
        db,
        conversation_id=f"browser-{key}",
        reason=reason,
        # Only "who it is for" was asked: every other fact is "not asked".
        summary=build_summary({"for_whom": "self"}),
        contact={"first_name": first_name, "phone": phone, "email": email, "contact_time": "mornings"},
        consent_at=at,
        transcript=[TranscriptEntry(at=at, sender="visitor", text="I would like to talk to someone, please.")],
        now=at,
    ).reference


def seed(url: str, now: datetime | None = None) -> dict[str, Any]:
    """Accounts and five handoffs in the migrated database at `url`; what the script needs to know."""
    now = now or utc_now()
    db = Database(url)
    try:
        for username, (role, zone) in ACCOUNTS.items():
            create_advisor(db, username, PASSWORD, role=role, time_zone=zone)
        # A fixed minute, 03:30 UTC ten days ago: the evening before in Chicago, so zones differ in date and hour.
        ten_days_ago = (now - timedelta(days=10)).replace(hour=3, minute=30, second=0, microsecond=0)
        specs = {  # key: (saved at, reason, first name, phone, email)
            # new, nobody on it, older than the highlight age: highlighted
            "old": (now - timedelta(hours=3), "visitor_request", "Rosalind", "(312) 555-0101", "rosalind@example.org"),
            # new, nobody on it, but recent: not highlighted
            "recent": (now - timedelta(minutes=20), "detox", "Bartholomew", "(773) 555-0102", None),
            "contacted": (now - timedelta(days=2), "dual_diagnosis", "Cordelia", "(847) 555-0103", None),
            # blake's: taking it asks first; the one the date filter finds
            "assigned": (ten_days_ago, "travel", "Desmond", "(630) 555-0104", None),
            "closed": (now - timedelta(days=1), "no_program_found", "Evangeline", "(224) 555-0105", "e@example.org"),
        }
        handoffs = {}
        for key, (at, reason, first_name, phone, email) in specs.items():
            reference = _save(db, key, at=at, reason=reason, first_name=first_name, phone=phone, email=email)
            handoffs[key] = {
                "reference": reference,
                "created_at": at.isoformat(),
                "first_name": first_name,
                "phone": phone,
                "reason": reason,
            }
        set_advisor_status(
            db,
            handoffs["contacted"]["reference"],
            status="contacted",
            note="Left a voicemail.",
            advisor_username="blake",
        )
        set_advisor_status(db, handoffs["closed"]["reference"], status="closed", note="", advisor_username="blake")
        assign_handoff(db, handoffs["assigned"]["reference"], assignee="blake", by="blake")
    finally:
        db.dispose()
    return {
        "password": PASSWORD,
        "accounts": {name: {"role": role, "time_zone": zone} for name, (role, zone) in ACCOUNTS.items()},
        "handoffs": handoffs,
        "highlight_after_s": HIGHLIGHT_AFTER_S,
    }


def add(url: str, first_name: str, phone: str) -> str:
    """A new handoff saved now (as the action server would); its reference."""
    db = Database(url)
    try:
        return _save(
            db,
            f"added-{first_name}",
            at=utc_now(),
            reason="visitor_request",
            first_name=first_name,
            phone=phone,
            email=None,
        )
    finally:
        db.dispose()


if __name__ == "__main__":
    if len(sys.argv) != 5 or sys.argv[1] != "add":
        sys.exit("usage: python -m tests.web.inbox_browser_seed add DATABASE_URL FIRST_NAME PHONE")
    print(add(sys.argv[2], sys.argv[3], sys.argv[4]))
