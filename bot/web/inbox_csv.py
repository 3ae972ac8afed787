"""The inbox list as CSV (`/inbox/export.csv`), written with the csv module.

Every cell that a spreadsheet would read as a formula (starting with = + - @,
or a tab or carriage return that some strip first) gets a leading apostrophe,
so an exported name like "=HYPERLINK(...)" stays text (OWASP "CSV injection").
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from bot.handoff.models import REASON_LABELS
from bot.handoff.records import HandoffListItem

HEADER = ("Reference", "Created (UTC)", "Reason", "Status", "First name", "Phone", "Email", "Best time", "Delivery")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_ROWS_PER_CHUNK = 200


def safe_cell(value: str | None) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def csv_row(item: HandoffListItem) -> list[str]:
    return [
        safe_cell(value)
        for value in (
            item.reference,
            item.created_at.strftime("%Y-%m-%d %H:%M"),
            REASON_LABELS.get(item.reason, item.reason),
            item.status,
            item.first_name,
            item.phone,
            item.email,
            item.contact_time,
            item.delivery_status,
        )
    ]


def csv_chunks(items: Iterable[HandoffListItem]) -> Iterator[str]:
    """The header, then the rows, in chunks of text (for a streamed response)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for count, item in enumerate(items, 1):
        writer.writerow(csv_row(item))
        if count % _ROWS_PER_CHUNK == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
