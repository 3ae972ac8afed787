"""The inbox list (routes on `bot.web.inbox.bp`): the page of handoffs newest
first, searchable and filtered by `?q=`, `status`, `reason`, `assignee` (a
username, or "-" for nobody; "Mine" is one's own username), `from` and `to`
(kept in every page link; `_list_filter` reads them); `queue.json`, what an
open list polls; and `/inbox/export.csv`, the same filtered list as CSV
(`bot/web/inbox_csv.py`; admins only, every export recorded by
`bot.handoff.exports`). The query is `bot.handoff.search.search_page`, which
`make bench-inbox` times at 100,000 handoffs."""

from __future__ import annotations

import hashlib
import logging
from datetime import date, datetime, timedelta
from typing import TypedDict

from flask import Response, abort, current_app, jsonify, render_template, request, stream_with_context
from flask.typing import ResponseReturnValue

from bot.handoff.advisors import assignable_usernames
from bot.handoff.exports import record_export
from bot.handoff.models import ADVISOR_STATUSES, ROLE_ADMIN
from bot.handoff.search import (
    UNASSIGNED,
    HandoffFilter,
    HandoffListItem,
    SearchPage,
    count_handoffs,
    iter_handoffs,
    search_page,
)
from bot.handoff.timeutil import format_age, utc_now
from bot.web.auth import HANDOFF_ROLES, app_database, current_advisor, role_required
from bot.web.inbox import bp, zone_name
from bot.web.inbox_csv import csv_chunks

log = logging.getLogger("bot.web.inbox")

PAGE_SIZE = 50


def _date_arg(name: str) -> date | None:
    value = request.args.get(name) or None
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        abort(400)


def _list_filter() -> HandoffFilter:
    """The list's filters from the query string; 400 for a value that cannot be one."""
    try:
        return HandoffFilter(
            q=(request.args.get("q") or "").strip(),
            status=request.args.get("status") or None,
            reason=request.args.get("reason") or None,
            created_from=_date_arg("from"),
            created_to=_date_arg("to"),
            assignee=request.args.get("assignee") or None,
            time_zone=zone_name(),
        )
    except ValueError:
        abort(400)


def _filter_args(filters: HandoffFilter) -> dict[str, str]:
    """The filters as query-string arguments (only those set), for links."""
    args = {
        "q": filters.q,
        "status": filters.status or "",
        "reason": filters.reason or "",
        "from": filters.created_from.isoformat() if filters.created_from else "",
        "to": filters.created_to.isoformat() if filters.created_to else "",
        "assignee": filters.assignee or "",
    }
    return {key: value for key, value in args.items() if value}


POLL_MS = 5000  # how often an open list asks whether it changed (inbox.js)


def _waiting(item: HandoffListItem, now: datetime) -> bool:
    """New, nobody on it, and older than INBOX_HIGHLIGHT_AFTER: highlighted."""
    limit = current_app.config["SETTINGS"].inbox_highlight_after_s
    return item.status == "new" and item.assignee is None and (now - item.created_at).total_seconds() >= limit


class _QueueRow(TypedDict):
    item: HandoffListItem
    age: str
    waiting: bool


def _queue_page() -> tuple[HandoffFilter, int, SearchPage, list[_QueueRow], str]:
    """This page of the filtered list: (filters, page, found, rows, version).

    `version` changes whenever what the page shows does (a row added, its
    status, assignee or delivery, or its highlight), so inbox.js knows when to
    fetch the page again."""
    filters = _list_filter()
    page = max(1, request.args.get("page", 1, type=int) or 1)
    found = search_page(app_database(), filters, page=page, page_size=PAGE_SIZE)
    items = found.items
    now = utc_now()
    rows: list[_QueueRow] = [
        {"item": item, "age": format_age(item.created_at, now), "waiting": _waiting(item, now)} for item in items
    ]
    digest = hashlib.sha256(f"{found.total}{'+' if found.total_capped else ''}".encode())
    for row in rows:
        item = row["item"]
        digest.update(
            "|".join(
                (
                    item.reference,
                    item.status,
                    item.assignee or "",
                    item.delivery_status or "",
                    item.updated_at.isoformat(),
                    "w" if row["waiting"] else "",
                )
            ).encode()
        )
    return filters, page, found, rows, digest.hexdigest()[:16]


@bp.route("/")
@role_required(*HANDOFF_ROLES)
def index() -> ResponseReturnValue:
    filters, page, found, rows, version = _queue_page()
    return render_template(
        "inbox/list.html",
        rows=rows,
        filters=filters,
        filter_args=_filter_args(filters),
        statuses=ADVISOR_STATUSES,
        page=page,
        has_next=found.has_next,
        total=found.total,
        total_capped=found.total_capped,
        assignees=assignable_usernames(app_database()),
        unassigned=UNASSIGNED,
        here=request.full_path.rstrip("?"),
        version=version,
        poll_ms=POLL_MS,
        waiting=sum(1 for row in rows if row["waiting"]),
        highlight_after=_highlight_after(),
    )


def _highlight_after() -> str:
    """INBOX_HIGHLIGHT_AFTER in words: "10 min"."""
    seconds = current_app.config["SETTINGS"].inbox_highlight_after_s
    if seconds < 60:
        return f"{seconds:g} s"
    now = utc_now()
    return format_age(now - timedelta(seconds=seconds), now)


@bp.route("/queue.json")
@role_required(*HANDOFF_ROLES)
def queue_state() -> ResponseReturnValue:
    """What inbox.js polls: the list page's version (same query string), its
    total and how many rows are highlighted. No contact details."""
    _filters, _page, found, rows, version = _queue_page()
    return jsonify(
        version=version,
        total=found.total,
        waiting=sum(1 for row in rows if row["waiting"]),
    )


@bp.route("/export.csv")
@role_required(ROLE_ADMIN)
def export_csv() -> ResponseReturnValue:
    """Admins only; recorded (`bot.handoff.exports`) before the first byte."""
    filters = _list_filter()
    advisor = current_advisor()
    assert advisor is not None  # role_required
    db = app_database()
    args = _filter_args(filters)
    row_count = count_handoffs(db, filters)
    record_export(
        db,
        advisor_username=advisor.username,
        filters={key: value for key, value in args.items() if key != "q"},
        searched=bool(filters.q),
        row_count=row_count,
    )
    # Which filters, never the search text: it may be a name or a phone number.
    log.info(
        "admin %s exported %d handoffs as CSV (filters: %s)",
        advisor.username,
        row_count,
        ", ".join(sorted(args)) or "none",
    )
    items = iter_handoffs(db, filters)
    response = Response(stream_with_context(csv_chunks(items)), mimetype="text/csv")
    filename = f"handoffs-{utc_now().date().isoformat()}.csv"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response
