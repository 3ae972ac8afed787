"""The advisor inbox (blueprint `inbox`, mounted at /inbox): the blueprint, its
template filters and context. Its routes live in one module per concern, each
registering on `bp` (imported at the end of this module):
`inbox_login` (login, logout), `inbox_list` (the list, its poll and the CSV
export; the query itself is `bot.handoff.search`), `inbox_handoff` (one
handoff: detail, status, assignment), `inbox_webhook` (the local receiver).

Pages are for advisors and admins (a trainer gets 403); each module's
docstring says what its pages do.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any, cast
from zoneinfo import ZoneInfo

from flask import Blueprint, current_app
from flask.blueprints import BlueprintSetupState

from bot.handoff.models import REASON_LABELS
from bot.web.auth import LoginThrottle, current_advisor

log = logging.getLogger("bot.web.inbox")

bp = Blueprint(
    "inbox",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/static",
)


@bp.record_once
def _setup(state: BlueprintSetupState) -> None:
    # One login throttle per app (in memory: per process).
    state.app.extensions["inbox_login_throttle"] = LoginThrottle()


def throttle() -> LoginThrottle:
    return cast(LoginThrottle, current_app.extensions["inbox_login_throttle"])


def zone_name() -> str:
    advisor = current_advisor()
    return advisor.time_zone if advisor is not None else "UTC"


@bp.app_template_filter("inbox_time")
def _inbox_time(value: datetime | None, seconds: bool = False) -> str:
    """The time in the logged-in account's zone, with the zone's abbreviation:
    "2026-11-20 09:00 CST" (UTC when nobody is logged in)."""
    if value is None:
        return ""
    local = value.astimezone(ZoneInfo(zone_name()))
    return local.strftime("%Y-%m-%d %H:%M:%S %Z" if seconds else "%Y-%m-%d %H:%M %Z")


@bp.app_template_filter("inbox_tel")
def _inbox_tel(phone: str | None) -> str:
    """ "(312) 555-0142" as a tel: link target, "tel:+13125550142"."""
    digits = "".join(ch for ch in phone or "" if ch.isdigit())
    return f"tel:+1{digits[:10]}" if len(digits) >= 10 else ""  # ignores an extension


@bp.app_context_processor
def _inbox_context() -> dict[str, Any]:
    return {"advisor": current_advisor(), "reason_labels": REASON_LABELS, "zone": zone_name()}


# The routes register on `bp` as they are imported (after `bp` exists).
from bot.web import inbox_handoff, inbox_list, inbox_login, inbox_webhook  # noqa: E402

__all__ = ["bp", "inbox_handoff", "inbox_list", "inbox_login", "inbox_webhook", "log", "throttle", "zone_name"]
