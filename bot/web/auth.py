"""Advisor sessions for the inbox: login state, `login_required`, CSRF, throttling.

The session is Flask's signed cookie (HttpOnly, SameSite=Lax, Secure behind
HTTPS; see bot/web/app.py). It holds the advisor's id and a fingerprint of
their password hash, so changing a password with `add-advisor` ends every
session opened with the old one. CSRF tokens come from Flask-WTF's
CSRFProtect, which checks every POST/PUT/PATCH/DELETE of the app.
"""
from __future__ import annotations

import functools
import threading
import time
from collections import defaultdict, deque
from typing import Callable, Deque, Dict, Optional, Tuple, TypeVar
from urllib.parse import urlsplit

from flask import abort, current_app, g, redirect, request, session, url_for
from flask_wtf.csrf import CSRFProtect

from bot.db import Database
from bot.handoff.advisors import AdvisorIdentity, current_identity

csrf = CSRFProtect()

_ADVISOR_ID = "advisor_id"
_FINGERPRINT = "advisor_pw"

F = TypeVar("F", bound=Callable)


def app_database() -> Database:
    return current_app.config["DATABASE"]


def login_user(identity: AdvisorIdentity) -> None:
    """Start a fresh session (a new cookie, so no session fixation)."""
    session.clear()
    session.permanent = True
    session[_ADVISOR_ID] = identity.id
    session[_FINGERPRINT] = identity.password_fingerprint


def logout_user() -> None:
    session.clear()


def current_advisor() -> Optional[AdvisorIdentity]:
    """The logged-in advisor, checked against the database once per request."""
    if "advisor" not in g:
        advisor: Optional[AdvisorIdentity] = None
        advisor_id = session.get(_ADVISOR_ID)
        if isinstance(advisor_id, int):
            identity = current_identity(app_database(), advisor_id)
            if identity is not None and identity.password_fingerprint == session.get(_FINGERPRINT):
                advisor = identity
        g.advisor = advisor
    return g.advisor


def safe_next_url(target: Optional[str], default: str) -> str:
    """Only a path inside the inbox: never another site (open redirect)."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/inbox") or "\\" in target:
        return default
    return target


def login_required(view: F) -> F:
    """Logged-in advisors only: GET redirects to the login page, anything else gets 401."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if current_advisor() is None:
            if request.method in ("GET", "HEAD"):
                return redirect(url_for("inbox.login", next=request.full_path.rstrip("?")))
            abort(401)
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


class LoginThrottle:
    """At most `max_failures` failed logins per (address, username) in `window_s` seconds."""

    def __init__(self, max_failures: int = 10, window_s: float = 900.0) -> None:
        self.max_failures = max_failures
        self.window_s = window_s
        self._failures: Dict[Tuple[str, str], Deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _recent(self, key: Tuple[str, str], now: float) -> Deque[float]:
        times = self._failures[key]
        while times and now - times[0] > self.window_s:
            times.popleft()
        return times

    def blocked(self, address: str, username: str) -> bool:
        with self._lock:
            key = (address, username.strip().lower())
            blocked = len(self._recent(key, time.monotonic())) >= self.max_failures
            if not self._failures[key]:
                del self._failures[key]
            return blocked

    def failed(self, address: str, username: str) -> None:
        with self._lock:
            key = (address, username.strip().lower())
            now = time.monotonic()
            self._recent(key, now).append(now)

    def succeeded(self, address: str, username: str) -> None:
        with self._lock:
            self._failures.pop((address, username.strip().lower()), None)
