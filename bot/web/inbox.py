"""The advisor inbox (blueprint `inbox`, mounted at /inbox).

Pages (advisors and admins; a trainer gets 403): the list of handoffs newest
first, searchable and filtered by `?q=`, `status`, `reason`, `assignee`
(a username, or "-" for nobody; "Mine" is one's own username), `from` and `to`
(kept in every page link; `_list_filter` reads them), `/inbox/export.csv` is
the same filtered list as CSV (`bot/web/inbox_csv.py`; admins only, every
export recorded by `bot.handoff.exports`); one page per handoff
(summary, contact, transcript, delivery, history of status changes and
assignments), the form to mark it contacted or closed with a note, and
"Assign to me" / "Assign to..." (`bot.handoff.assignment`: taking one assigned
to someone else asks first). Jinja escapes everything, so what a visitor
typed is always shown as text.

`POST /inbox/api/handoffs` is the project's own webhook receiver (the delivery
worker's local default): authenticated by the X-Signature-256 HMAC instead of a
session, so it is exempt from CSRF.
"""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import date, datetime, timedelta
from typing import Any, TypedDict, cast
from zoneinfo import ZoneInfo

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask.blueprints import BlueprintSetupState
from flask.typing import ResponseReturnValue

from bot.handoff.advisors import assignable_usernames, authenticate
from bot.handoff.assignment import AssignedElsewhere, AssignmentError, assign_handoff
from bot.handoff.exports import record_export
from bot.handoff.models import ADVISOR_STATUSES, REASON_LABELS, ROLE_ADMIN
from bot.handoff.receipts import record_receipt
from bot.handoff.records import (
    UNASSIGNED,
    HandoffFilter,
    HandoffListItem,
    count_handoffs,
    get_handoff_detail,
    iter_handoffs,
    list_handoffs,
)
from bot.handoff.service import (
    ADVISOR_ACTIONS,
    MAX_NOTE_CHARS,
    normalize_reference,
    set_advisor_status,
)
from bot.handoff.signing import IDEMPOTENCY_HEADER, SIGNATURE_HEADER, verify_signature
from bot.handoff.summary import readable_summary
from bot.handoff.timeutil import format_age, utc_now
from bot.metrics import LOGIN_FAILURES
from bot.web.auth import (
    HANDOFF_ROLES,
    LoginThrottle,
    app_database,
    csrf,
    current_advisor,
    home_url,
    login_user,
    logout_user,
    role_required,
    safe_next_url,
)
from bot.web.inbox_csv import csv_chunks

log = logging.getLogger("bot.web.inbox")

bp = Blueprint(
    "inbox",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/static",
)

PAGE_SIZE = 50


@bp.record_once
def _setup(state: BlueprintSetupState) -> None:
    # One login throttle per app (in memory: per process).
    state.app.extensions["inbox_login_throttle"] = LoginThrottle()


def _throttle() -> LoginThrottle:
    return cast(LoginThrottle, current_app.extensions["inbox_login_throttle"])


def _zone_name() -> str:
    advisor = current_advisor()
    return advisor.time_zone if advisor is not None else "UTC"


@bp.app_template_filter("inbox_time")
def _inbox_time(value: datetime | None, seconds: bool = False) -> str:
    """The time in the logged-in account's zone, with the zone's abbreviation:
    "2026-11-20 09:00 CST" (UTC when nobody is logged in)."""
    if value is None:
        return ""
    local = value.astimezone(ZoneInfo(_zone_name()))
    return local.strftime("%Y-%m-%d %H:%M:%S %Z" if seconds else "%Y-%m-%d %H:%M %Z")


@bp.app_template_filter("inbox_tel")
def _inbox_tel(phone: str | None) -> str:
    """ "(312) 555-0142" as a tel: link target, "tel:+13125550142"."""
    digits = "".join(ch for ch in phone or "" if ch.isdigit())
    return f"tel:+1{digits[:10]}" if len(digits) >= 10 else ""  # ignores an extension


@bp.app_context_processor
def _inbox_context() -> dict[str, Any]:
    return {"advisor": current_advisor(), "reason_labels": REASON_LABELS, "zone": _zone_name()}


# --- login -------------------------------------------------------------------


@bp.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    next_url = safe_next_url(request.values.get("next"), url_for("inbox.index"))
    if request.method == "GET":
        advisor = current_advisor()
        if advisor is not None:
            return redirect(home_url(advisor.role) if next_url == url_for("inbox.index") else next_url)
        return render_template("inbox/login.html", next_url=next_url, username="")
    username = (request.form.get("username") or "").strip()
    password = request.form.get("password") or ""
    address = request.remote_addr or "?"
    if _throttle().blocked(address, username):
        log.warning("login throttled after repeated failures")
        return (
            render_template(
                "inbox/login.html",
                next_url=next_url,
                username=username,
                error="Too many failed attempts. Please wait 15 minutes and try again.",
            ),
            429,
        )
    identity = authenticate(app_database(), username, password)
    if identity is None:
        _throttle().failed(address, username)
        LOGIN_FAILURES.inc()
        log.info("failed advisor login")
        return (
            render_template(
                "inbox/login.html",
                next_url=next_url,
                username=username,
                error="Wrong username or password.",
            ),
            401,
        )
    _throttle().succeeded(address, username)
    login_user(identity)
    log.info("advisor %s logged in", identity.username)
    # the default page is the account's own first page (a trainer's is the review queue)
    return redirect(home_url(identity.role) if next_url == url_for("inbox.index") else next_url)


@bp.route("/logout", methods=["POST"])
def logout() -> ResponseReturnValue:
    logout_user()
    flash("You are logged out.", "info")
    return redirect(url_for("inbox.login"))


# --- pages -------------------------------------------------------------------


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
            time_zone=_zone_name(),
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


def _queue_page() -> tuple[HandoffFilter, int, int, list[_QueueRow], str]:
    """This page of the filtered list: (filters, page, total, rows, version).

    `version` changes whenever what the page shows does (a row added, its
    status, assignee or delivery, or its highlight), so inbox.js knows when to
    fetch the page again."""
    filters = _list_filter()
    page = max(1, request.args.get("page", 1, type=int) or 1)
    db = app_database()
    total = count_handoffs(db, filters)
    items = list_handoffs(db, filters, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    now = utc_now()
    rows: list[_QueueRow] = [
        {"item": item, "age": format_age(item.created_at, now), "waiting": _waiting(item, now)} for item in items
    ]
    digest = hashlib.sha256(str(total).encode())
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
    return filters, page, total, rows, digest.hexdigest()[:16]


@bp.route("/")
@role_required(*HANDOFF_ROLES)
def index() -> ResponseReturnValue:
    filters, page, total, rows, version = _queue_page()
    return render_template(
        "inbox/list.html",
        rows=rows,
        filters=filters,
        filter_args=_filter_args(filters),
        statuses=ADVISOR_STATUSES,
        page=page,
        has_next=page * PAGE_SIZE < total,
        total=total,
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
    _filters, _page, total, rows, version = _queue_page()
    return jsonify(version=version, total=total, waiting=sum(1 for row in rows if row["waiting"]))


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


@bp.route("/handoffs/<reference>")
@role_required(*HANDOFF_ROLES)
def detail(reference: str) -> ResponseReturnValue:
    detail = get_handoff_detail(app_database(), normalize_reference(reference))
    if detail is None:
        abort(404)
    now = utc_now()
    return render_template(
        "inbox/detail.html",
        detail=detail,
        record=detail.record,
        summary=readable_summary(
            detail.record.summary,
            REASON_LABELS.get(detail.record.reason, detail.record.reason),
        ),
        age=format_age(detail.record.created_at, now),
        actions=ADVISOR_ACTIONS,
        max_note=MAX_NOTE_CHARS,
        assignees=assignable_usernames(app_database()),
    )


@bp.route("/handoffs/<reference>/assignee", methods=["POST"])
@role_required(*HANDOFF_ROLES)
def assign(reference: str) -> ResponseReturnValue:
    """Assign to someone (`assignee`, "" for nobody). When the handoff is
    someone else's, the answer is a page asking to confirm (409) unless
    `confirm_from` names that person."""
    reference = normalize_reference(reference)
    advisor = current_advisor()
    assert advisor is not None  # role_required
    assignee = request.form.get("assignee", "").strip() or None
    back = safe_next_url(request.form.get("next"), url_for("inbox.detail", reference=reference))
    try:
        result = assign_handoff(
            app_database(),
            reference,
            assignee=assignee,
            by=advisor.username,
            confirm_from=request.form.get("confirm_from") or None,
        )
    except AssignmentError as exc:
        return render_template("inbox/error.html", title="Not assigned", message=f"Not assigned: {exc}."), 400
    except AssignedElsewhere as taken:
        return render_template(
            "inbox/confirm_assign.html",
            reference=reference,
            current=taken.current,
            assignee=assignee,
            next_url=back,
        ), 409
    if result is None:
        abort(404)
    if result.changed:
        log.info("handoff %s assigned to %s by %s", reference, assignee or "nobody", advisor.username)
    who = "you" if assignee == advisor.username else (assignee or "nobody")
    flash(f"Handoff {reference} is assigned to {who}.", "success")
    return redirect(back)


@bp.route("/handoffs/<reference>/status", methods=["POST"])
@role_required(*HANDOFF_ROLES)
def change_status(reference: str) -> ResponseReturnValue:
    reference = normalize_reference(reference)
    status = request.form.get("status", "")
    note = request.form.get("note", "")
    if status not in ADVISOR_ACTIONS or len(note) > MAX_NOTE_CHARS:
        abort(400)
    advisor = current_advisor()
    assert advisor is not None  # role_required
    if not set_advisor_status(app_database(), reference, status=status, note=note, advisor_username=advisor.username):
        abort(404)
    log.info("handoff %s marked %s by %s", reference, status, advisor.username)
    flash(f"Handoff {reference} marked {status}.", "success")
    return redirect(url_for("inbox.detail", reference=reference))


# --- the local webhook receiver ----------------------------------------------------


@bp.route("/api/handoffs", methods=["POST"])
@csrf.exempt  # type: ignore[untyped-decorator]  # flask_wtf has no type information
def receive_handoff() -> ResponseReturnValue:
    body = request.get_data(cache=False)
    secret = current_app.config["WEBHOOK_SECRET"]
    if not verify_signature(body, request.headers.get(SIGNATURE_HEADER), secret):
        log.warning("handoff webhook: rejected a request with a missing or wrong signature")
        return jsonify(error="invalid signature"), 401
    try:
        payload = json.loads(body)
        reference = str(payload["reference"])
        revision = int(payload["revision"])
    except (ValueError, KeyError, TypeError):
        return jsonify(error="not a handoff payload"), 400
    if request.headers.get(IDEMPOTENCY_HEADER) != reference:
        return jsonify(error="Idempotency-Key must be the reference"), 400
    receipt = record_receipt(app_database(), reference=reference, revision=revision, body=body)
    if receipt is None:
        log.warning("handoff webhook: unknown reference %s", reference[:16])
        return jsonify(error="unknown reference"), 404
    log.info(
        "handoff %s received by the inbox (revision %d%s)",
        reference,
        revision,
        ", again" if receipt.duplicate else "",
    )
    return jsonify(status="duplicate" if receipt.duplicate else "received", reference=reference)
