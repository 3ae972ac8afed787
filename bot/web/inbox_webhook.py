"""`POST /inbox/api/handoffs` (a route on `bot.web.inbox.bp`): the project's own
webhook receiver (the delivery worker's local default), authenticated by the
X-Signature-256 HMAC instead of a session, so it is exempt from CSRF."""

from __future__ import annotations

import json
import logging

from flask import current_app, jsonify, request
from flask.typing import ResponseReturnValue

from bot.handoff.receipts import record_receipt
from bot.handoff.signing import IDEMPOTENCY_HEADER, SIGNATURE_HEADER, verify_signature
from bot.web.auth import app_database, csrf
from bot.web.inbox import bp

log = logging.getLogger("bot.web.inbox")


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
