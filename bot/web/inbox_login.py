"""The inbox's login and logout (routes on `bot.web.inbox.bp`): a failed login
counts towards the per-address and per-name throttle (`LoginThrottle`)."""

from __future__ import annotations

import logging

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from bot.handoff.advisors import authenticate
from bot.metrics import LOGIN_FAILURES
from bot.web.auth import app_database, current_advisor, home_url, login_user, logout_user, safe_next_url
from bot.web.inbox import bp, throttle

log = logging.getLogger("bot.web.inbox")


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
    if throttle().blocked(address, username):
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
        throttle().failed(address, username)
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
    throttle().succeeded(address, username)
    login_user(identity)
    log.info("advisor %s logged in", identity.username)
    # the default page is the account's own first page (a trainer's is the review queue)
    return redirect(home_url(identity.role) if next_url == url_for("inbox.index") else next_url)


@bp.route("/logout", methods=["POST"])
def logout() -> ResponseReturnValue:
    logout_user()
    flash("You are logged out.", "info")
    return redirect(url_for("inbox.login"))
