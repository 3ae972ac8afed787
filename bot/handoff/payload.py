"""The JSON document POSTed to the advisors' system (schema: docs/handoff.md)."""

from __future__ import annotations

import json
from typing import Any

from bot.handoff.models import REASON_LABELS
from bot.handoff.records import HandoffRecord
from bot.handoff.service import CONTACT_FIELDS
from bot.handoff.summary import summary_text
from bot.handoff.timeutil import iso
from bot.handoff.transcript import render_transcript_text

SCHEMA_VERSION = 1


def build_payload(record: HandoffRecord) -> dict[str, Any]:
    """The webhook payload of one revision of a handoff."""
    contact = {key: record.contact.get(key) for key in CONTACT_FIELDS}
    contact["consent_at"] = iso(record.consent_at)
    return {
        "schema_version": SCHEMA_VERSION,
        "reference": record.reference,
        "revision": record.revision,
        "created_at": iso(record.created_at),
        "updated_at": iso(record.updated_at),
        "reason": record.reason,
        "reason_label": REASON_LABELS[record.reason],
        "summary": record.summary,
        "summary_text": summary_text(record.summary),
        "contact": contact,
        "transcript": [entry.to_payload() for entry in record.transcript],
        "transcript_text": render_transcript_text(record.transcript),
    }


def encode_payload(payload: dict[str, Any]) -> bytes:
    """The exact bytes sent (and signed): compact UTF-8 JSON with sorted keys,
    so the same revision always produces the same body and signature."""
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
