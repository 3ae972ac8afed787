"""Secrets generated once and kept under var/ (mode 0600) when none is configured.

Used for the webhook secret (so the delivery worker and the web app's own
receiver agree without any configuration) and for the web app's session key.
Production sets HANDOFF_WEBHOOK_SECRET and SECRET_KEY instead.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from bot.settings import VAR_DIR, Settings

WEBHOOK_SECRET_FILE = VAR_DIR / "handoff_webhook_secret"
SESSION_SECRET_FILE = VAR_DIR / "web_secret_key"


def read_or_create_secret(path: Path) -> str:
    """The secret stored in `path`; created with 32 random bytes (hex) if missing.

    Safe when several processes start at once: the file is written completely
    under a temporary name and then hard-linked into place, so a reader never
    sees a half-written secret and only one value ever wins.
    """
    path = Path(path)
    existing = _read(path)
    if existing:
        return existing
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(secrets.token_hex(32) + "\n")
        # FileExistsError: another process won the race; use its secret
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    secret = _read(path)
    if not secret:
        raise RuntimeError(f"{path} exists but holds no secret; delete it or set the secret")
    return secret


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return ""


def webhook_secret(settings: Settings) -> str:
    """HANDOFF_WEBHOOK_SECRET, else the generated local secret in var/."""
    return settings.handoff_webhook_secret or read_or_create_secret(WEBHOOK_SECRET_FILE)


def session_secret(settings: Settings) -> str:
    """SECRET_KEY, else the generated local session key in var/."""
    return settings.secret_key or read_or_create_secret(SESSION_SECRET_FILE)
