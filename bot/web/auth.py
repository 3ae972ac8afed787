"""Advisor sessions for the inbox: login state, `login_required` and
`role_required`, CSRF, throttling.

Sessions are held server-side (`bot.handoff.advisor_sessions`): Flask's signed
cookie (HttpOnly, SameSite=Lax, Secure behind HTTPS; see bot/web/app.py)
carries only a random token, so logout, a password change with `add-advisor`
or expiry (idle and absolute, the INBOX_SESSION_* settings) ends the session
for every copy of the cookie. CSRF tokens come from Flask-WTF's CSRFProtect,
which checks every POST/PUT/PATCH/DELETE of the app.
"""

from __future__ import annotations

import functools
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable, Hashable
from datetime import datetime
from typing import Any, TypeVar, cast
from urllib.parse import urlsplit

from flask import abort, current_app, g, redirect, request, session, url_for
from flask_wtf.csrf import CSRFProtect

from bot.db import Database
from bot.handoff.advisor_sessions import (
    SessionLimits,
    close_session,
    open_session,
    resolve_session,
)
from bot.handoff.advisors import AdvisorIdentity
from bot.handoff.models import HANDOFF_ROLES

csrf = CSRFProtect()

_TOKEN = "sid"
# Sent by inbox.js on the requests it makes by itself: they must not keep an
# unattended session alive (only ever a way to not extend it, so safe to trust).
AUTOMATIC_HEADER = "X-Inbox-Automatic"

F = TypeVar("F", bound=Callable[..., Any])

__all__ = ["HANDOFF_ROLES", "csrf", "home_url", "login_required", "role_required"]


def app_database() -> Database:
    return cast(Database, current_app.config["DATABASE"])


def _now() -> datetime:
    return cast(datetime, current_app.config["CLOCK"]())


def _limits() -> SessionLimits:
    return cast(SessionLimits, current_app.config["INBOX_SESSION_LIMITS"])


def login_user(identity: AdvisorIdentity) -> None:
    """Start a fresh session (a new token and cookie, so no session fixation)."""
    old = session.get(_TOKEN)
    if isinstance(old, str):
        close_session(app_database(), old)
    session.clear()
    session.permanent = True
    session[_TOKEN] = open_session(app_database(), identity.id, _limits(), _now())
    g.pop("advisor", None)


def logout_user() -> None:
    token = session.get(_TOKEN)
    if isinstance(token, str):
        close_session(app_database(), token)
    session.clear()
    g.pop("advisor", None)


def current_advisor() -> AdvisorIdentity | None:
    """The logged-in advisor, checked against the session table once per request."""
    if "advisor" not in g:
        advisor: AdvisorIdentity | None = None
        token = session.get(_TOKEN)
        if isinstance(token, str):
            advisor = resolve_session(
                app_database(),
                token,
                _limits(),
                _now(),
                touch=request.headers.get(AUTOMATIC_HEADER) != "1",
            )
            if advisor is None:
                session.pop(_TOKEN, None)  # ended or expired: drop it from the cookie
        g.advisor = advisor
    return cast("AdvisorIdentity | None", g.advisor)


def safe_next_url(target: str | None, default: str) -> str:
    """Only a path inside the inbox: never another site (open redirect)."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/inbox") or "\\" in target:
        return default
    return target


def home_url(role: str) -> str:
    """An account's first page: the handoff list, or for a trainer (who may not
    see handoffs) the review queue (bot.web.review)."""
    return url_for("inbox.index") if role in HANDOFF_ROLES else url_for("review.index")


def login_required(view: F) -> F:
    """Logged-in advisors only: GET redirects to the login page, anything else gets 401."""

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if current_advisor() is None:
            if request.method in ("GET", "HEAD"):
                return redirect(url_for("inbox.login", next=request.full_path.rstrip("?")))
            abort(401)
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


class LoginThrottle:
    """Failed logins in the last `window_s` seconds, counted two ways.

    At most `max_failures` per (address, username): guessing one advisor's
    password from one address is stopped, while that advisor can still log in
    from elsewhere. At most `max_failures_per_address` per address across all
    usernames: one address cannot spread its guesses over many usernames. A
    success clears only its (address, username) count, so an attacker who owns
    one account cannot reset the per-address count by logging in with it.
    Memory stays bounded: past `max_keys` counted keys, every expired count is
    dropped, and if that is not enough the keys whose last failure is oldest.
    """

    max_keys = 100_000

    def __init__(self, max_failures: int = 10, window_s: float = 900.0, max_failures_per_address: int = 30) -> None:
        self.max_failures = max_failures
        self.max_failures_per_address = max_failures_per_address
        self.window_s = window_s
        self._failures: dict[Hashable, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    @staticmethod
    def _keys(address: str, username: str) -> tuple[tuple[str, str], tuple[str]]:
        return (address, username.strip().lower()), (address,)

    def _count(self, key: Hashable, now: float) -> int:
        times = self._failures.get(key)
        if times is None:
            return 0
        while times and now - times[0] > self.window_s:
            times.popleft()
        if not times:
            del self._failures[key]  # keep memory bounded by recent failures
        return len(times)

    def blocked(self, address: str, username: str) -> bool:
        with self._lock:
            pair, per_address = self._keys(address, username)
            now = time.monotonic()
            return (
                self._count(pair, now) >= self.max_failures
                or self._count(per_address, now) >= self.max_failures_per_address
            )

    def failed(self, address: str, username: str) -> None:
        with self._lock:
            now = time.monotonic()
            for key in self._keys(address, username):
                self._count(key, now)
                self._failures[key].append(now)
            if len(self._failures) > self.max_keys:
                self._shrink(now)

    def _shrink(self, now: float) -> None:
        for key in list(self._failures):
            self._count(key, now)
        excess = len(self._failures) - self.max_keys
        if excess > 0:  # many addresses at once: forget the stalest first
            stalest = sorted(self._failures, key=lambda k: self._failures[k][-1])[:excess]
            for key in stalest:
                del self._failures[key]

    def __len__(self) -> int:
        return len(self._failures)

    def succeeded(self, address: str, username: str) -> None:
        with self._lock:
            self._failures.pop(self._keys(address, username)[0], None)


def role_required(*roles: str) -> Callable[[F], F]:
    """Logged in (as `login_required`) with one of `roles`, else 403."""

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            advisor = current_advisor()
            if advisor is not None and advisor.role not in roles:
                abort(403, f"Your account ({advisor.role}) cannot open this page.")
            return view(*args, **kwargs)

        return login_required(wrapped)  # type: ignore[return-value]

    return decorate
