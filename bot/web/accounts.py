"""Account administration for admins (blueprint `accounts`, at /inbox/accounts/).

The list of accounts, and forms to create one (with a role and a time zone),
to disable or enable one and to reset its password, and the latest CSV
exports (who, when, which filters, how many rows). `/inbox/accounts/me` is
every account's own page: the time zone the inbox shows its times in. Everything is in
`bot.handoff.advisors`; this module only reads forms and shows the result.
Admins only: anyone else gets 403. An admin cannot disable their own account
(nobody would be left to enable it from the web).
"""

from __future__ import annotations

import logging

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from bot.handoff.advisors import (
    MIN_PASSWORD_LENGTH,
    create_advisor,
    known_time_zones,
    list_advisors,
    reset_password,
    set_active,
    set_time_zone,
)
from bot.handoff.exports import recent_exports
from bot.handoff.models import ROLE_ADMIN, ROLE_ADVISOR, ROLES
from bot.web.auth import app_database, current_advisor, login_required, role_required

log = logging.getLogger("bot.web.accounts")

bp = Blueprint("accounts", __name__, template_folder="templates")


def _page(error: str = "", form: dict[str, str] | None = None, status: int = 200) -> ResponseReturnValue:
    return (
        render_template(
            "inbox/accounts.html",
            accounts=list_advisors(app_database()),
            roles=ROLES,
            time_zones=known_time_zones(),
            min_password=MIN_PASSWORD_LENGTH,
            error=error,
            form=form or {"role": ROLE_ADVISOR, "time_zone": "UTC"},
            exports=recent_exports(app_database()),
        ),
        status,
    )


@bp.route("/")
@role_required(ROLE_ADMIN)
def index() -> ResponseReturnValue:
    return _page()


@bp.route("/", methods=["POST"])
@role_required(ROLE_ADMIN)
def create() -> ResponseReturnValue:
    form = {
        "username": (request.form.get("username") or "").strip(),
        "role": request.form.get("role") or "",
        "time_zone": request.form.get("time_zone") or "",
    }
    try:
        create_advisor(
            app_database(),
            form["username"],
            request.form.get("password") or "",
            role=form["role"],
            time_zone=form["time_zone"],
        )
    except ValueError as exc:
        return _page(error=f"The account was not created: {exc}.", form=form, status=400)
    admin = current_advisor()
    assert admin is not None  # role_required
    log.info("account %s (%s) created by %s", form["username"].lower(), form["role"], admin.username)
    flash(f"Account {form['username'].lower()} created ({form['role']}).", "success")
    return redirect(url_for("accounts.index"))


@bp.route("/<username>/active", methods=["POST"])
@role_required(ROLE_ADMIN)
def change_active(username: str) -> ResponseReturnValue:
    active = request.form.get("active")
    if active not in ("yes", "no"):
        return _page(error="Choose to enable or to disable the account.", status=400)
    admin = current_advisor()
    assert admin is not None  # role_required
    if active == "no" and username.strip().lower() == admin.username:
        return _page(error="You cannot disable your own account.", status=400)
    try:
        set_active(app_database(), username, active == "yes")
    except ValueError as exc:
        return _page(error=f"Nothing changed: {exc}.", status=404)
    verb = "enabled" if active == "yes" else "disabled (its sessions ended)"
    log.info("account %s %s by %s", username, verb, admin.username)
    flash(f"Account {username} {verb}.", "success")
    return redirect(url_for("accounts.index"))


@bp.route("/<username>/password", methods=["POST"])
@role_required(ROLE_ADMIN)
def change_password(username: str) -> ResponseReturnValue:
    try:
        reset_password(app_database(), username, request.form.get("password") or "")
    except ValueError as exc:
        return _page(error=f"The password of {username} was not changed: {exc}.", status=400)
    admin = current_advisor()
    assert admin is not None  # role_required
    log.info("password of %s reset by %s", username, admin.username)
    flash(f"New password set for {username}; their sessions ended.", "success")
    return redirect(url_for("accounts.index"))


def _own_page(error: str = "", value: str = "", status: int = 200) -> ResponseReturnValue:
    advisor = current_advisor()
    assert advisor is not None  # login_required
    return (
        render_template(
            "inbox/account.html",
            time_zones=known_time_zones(),
            value=value or advisor.time_zone,
            error=error,
        ),
        status,
    )


@bp.route("/me")
@login_required
def own() -> ResponseReturnValue:
    return _own_page()


@bp.route("/me", methods=["POST"])
@login_required
def change_own_time_zone() -> ResponseReturnValue:
    value = (request.form.get("time_zone") or "").strip()
    advisor = current_advisor()
    assert advisor is not None  # login_required
    try:
        set_time_zone(app_database(), advisor.username, value)
    except ValueError as exc:
        return _own_page(error=f"The time zone was not changed: {exc}.", value=value, status=400)
    flash(f"Times are now shown in {value}.", "success")
    return redirect(url_for("accounts.own"))
