"""Webhook signature, verified the way a receiver would, and the local secret file."""

from __future__ import annotations

import hashlib
import hmac
import os
import stat
import threading

from bot.handoff.local_secrets import read_or_create_secret
from bot.handoff.signing import sign_body, verify_signature

SECRET = "s3cret-shared-with-the-receiver"


def receiver_accepts(raw_body: bytes, header: str, secret: str) -> bool:
    """What a receiver does: HMAC-SHA256 of the raw body, constant-time compare."""
    expected = "sha256=" + hmac.new(secret.encode(), raw_body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header)


def test_signature_verifies_like_a_receiver_would():
    body = '{"reference":"K7QH3M","transcript_text":"Visitor: ¿hola?"}'.encode()
    header = sign_body(body, SECRET)
    assert header.startswith("sha256=") and len(header) == 7 + 64
    assert receiver_accepts(body, header, SECRET)
    assert verify_signature(body, header, SECRET)


def test_signature_fails_for_another_body_or_secret():
    body = b'{"reference":"K7QH3M"}'
    header = sign_body(body, SECRET)
    assert not receiver_accepts(body + b" ", header, SECRET)
    assert not receiver_accepts(body, header, "another secret")
    assert not verify_signature(b'{"reference":"K7QH3N"}', header, SECRET)
    assert not verify_signature(body, header, "another secret")
    assert not verify_signature(body, None, SECRET)
    assert not verify_signature(body, header.replace("sha256=", "sha1="), SECRET)
    assert not verify_signature(body, header, "")


def test_local_secret_is_created_once_with_mode_0600(tmp_path):
    path = tmp_path / "var" / "handoff_webhook_secret"
    first = read_or_create_secret(path)
    assert len(first) == 64
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert read_or_create_secret(path) == first
    assert [p.name for p in path.parent.iterdir()] == ["handoff_webhook_secret"]


def test_concurrent_creators_agree_on_one_secret(tmp_path):
    path = tmp_path / "secret"
    results = []
    barrier = threading.Barrier(8)

    def create():
        barrier.wait()
        results.append(read_or_create_secret(path))

    threads = [threading.Thread(target=create) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(results)) == 1
    assert path.read_text().strip() == results[0]
