"""One handoff in the inbox (routes on `bot.web.inbox.bp`): its page (summary,
contact, transcript, delivery, history of status changes and assignments), the
form to mark it contacted or closed with a note, and "Assign to me" /
"Assign to..." (`bot.handoff.assignment`: taking one assigned to someone else
asks first). Jinja escapes everything, so what a visitor typed is always shown
as text."""

from __future__ import annotations

import logging

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from bot.handoff.advisors import assignable_usernames
from bot.handoff.assignment import AssignedElsewhere, AssignmentError, assign_handoff
from bot.handoff.models import REASON_LABELS
from bot.handoff.records import get_handoff_detail
from bot.handoff.service import ADVISOR_ACTIONS, MAX_NOTE_CHARS, normalize_reference, set_advisor_status
from bot.handoff.summary import readable_summary
from bot.handoff.timeutil import format_age, utc_now
from bot.web.auth import HANDOFF_ROLES, app_database, current_advisor, role_required, safe_next_url
from bot.web.inbox import bp

log = logging.getLogger("bot.web.inbox")


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
