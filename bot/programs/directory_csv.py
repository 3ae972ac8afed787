"""Reading SAMHSA's facilities.csv.gz: the CSV checks and one row -> one ProgramRecord.

Rules:

- the header must name every column of `REQUIRED_COLUMNS` (any order, any case),
  else the file is refused with ValueError before anything is written;
- a bad row never aborts the read: a line the csv module cannot parse, a row
  with the wrong number of columns, a missing or repeated facility_id, a
  mental-health row, a missing name, an unknown state, an impossible ZIP code,
  garbled or no known service codes are skipped and counted in the report
  (bot/programs/report.py); blank lines are not rows;
- text is trimmed to single spaces and the column's length; a phone number
  needs at least 7 digits; the intake number is the first usable of intake1,
  intake1a, intake2, intake2a;
- coordinates come from the ZIP code offline (bot/programs/locations.py), the
  city centre when the ZIP is unknown or in another state than the address.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from bot.programs.codes import IMPORTED_DIRECTORY_TYPES, ServiceCodeDefinition, open_csv_text
from bot.programs.locations import US_STATES, find_city, lookup_zip, normalize_zip
from bot.programs.progress import progress_bar
from bot.programs.records import ProgramRecord
from bot.programs.report import (
    SKIP_COLUMNS,
    SKIP_DIRECTORY,
    SKIP_DUPLICATE,
    SKIP_GARBLED_CODES,
    SKIP_MENTAL,
    SKIP_NO_CODES,
    SKIP_NO_ID,
    SKIP_NO_NAME,
    SKIP_STATE,
    SKIP_UNREADABLE,
    SKIP_ZIP,
    ImportReport,
)

REQUIRED_COLUMNS: tuple[str, ...] = (
    "facility_id",
    "directory_type",
    "name1",
    "name2",
    "street1",
    "street2",
    "city",
    "state",
    "zip",
    "phone",
    "intake1",
    "intake2",
    "intake1a",
    "intake2a",
    "service_code_info",
)

_CODE_TOKEN = re.compile(r"[A-Z][A-Z0-9]{0,7}")
_PHONE_DIGITS = re.compile(r"\d")


def _clean(value: str | None, limit: int = 255) -> str | None:
    text = " ".join((value or "").replace("\ufffd", "").split())
    return text[:limit] or None


def _phone(value: str | None) -> str | None:
    text = _clean(value, 40)
    return text if text and len(_PHONE_DIGITS.findall(text)) >= 7 else None


def _csv_rows(handle: Iterable[str]) -> Iterator[tuple[int, list[str] | csv.Error]]:
    """(line number, row) pairs; a line the csv module cannot parse gives its
    error instead of a row, and reading goes on. NUL bytes are dropped."""
    reader = csv.reader(line.replace("\0", "") for line in handle)
    while True:
        try:
            row: list[str] | csv.Error = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            row = exc
        yield reader.line_num, row


def parse_facility(
    row: dict[str, str],
    definitions: dict[str, ServiceCodeDefinition],
    report: ImportReport,
) -> ProgramRecord | str:
    """A facility row -> a ProgramRecord, or the reason to skip it."""
    directory_type = (row.get("directory_type") or "").strip().lower()
    if directory_type not in IMPORTED_DIRECTORY_TYPES:
        return SKIP_MENTAL if directory_type == "mental" else SKIP_DIRECTORY
    name = _clean(row.get("name1"))
    if not name:
        return SKIP_NO_NAME
    state = (row.get("state") or "").strip().upper()
    if state not in US_STATES:
        return SKIP_STATE
    raw_zip = (row.get("zip") or "").strip()
    zip5 = normalize_zip(raw_zip) if raw_zip else None
    if raw_zip and not zip5:
        return SKIP_ZIP

    tokens = (row.get("service_code_info") or "").replace("*", " ").split()
    if any(not _CODE_TOKEN.fullmatch(token) for token in tokens):
        return SKIP_GARBLED_CODES
    known = sorted({token for token in tokens if token in definitions})
    if not known:
        return SKIP_NO_CODES
    for token in tokens:
        if token not in definitions:
            report.unknown_codes[token] += 1

    city = _clean(row.get("city"), 120)
    latitude = longitude = precision = None
    place = lookup_zip(zip5) if zip5 else None
    if place is not None and place.state != state:
        report.warnings["ZIP codes in another state than the address (city centre used when known)"] += 1
        place = (find_city(city, state) if city else None) or place
    if place is None and city:
        place = find_city(city, state)
        if place is not None:
            report.warnings["programs geocoded by city (ZIP unknown)"] += 1
    if place is not None:
        latitude, longitude = place.latitude, place.longitude
        precision = "zip" if place.kind == "zip" else "city"
    else:
        report.warnings["programs without coordinates (ZIP and city unknown)"] += 1

    intake = next(
        (p for p in map(_phone, (row.get(k) for k in ("intake1", "intake1a", "intake2", "intake2a"))) if p),
        None,
    )
    return ProgramRecord(
        source_id=(row.get("facility_id") or "").strip(),
        name=name,
        name2=_clean(row.get("name2")),
        street1=_clean(row.get("street1")),
        street2=_clean(row.get("street2")),
        city=city,
        state=state,
        zip=zip5,
        latitude=latitude,
        longitude=longitude,
        geocode_precision=precision,
        phone=_phone(row.get("phone")),
        intake_phone=intake,
        codes=tuple(known),
    )


def read_facilities(
    path: Path,
    definitions: dict[str, ServiceCodeDefinition],
    report: ImportReport,
    progress: bool = False,
) -> list[ProgramRecord]:
    """Every importable facility of the file; bad rows are counted in `report`."""
    records: list[ProgramRecord] = []
    seen: set[str] = set()
    with open_csv_text(path) as handle:
        rows = _csv_rows(handle)
        first = next(rows, None)
        if first is None or not isinstance(first[1], list):
            raise ValueError(f"{path}: empty file or unreadable header")
        header = [name.strip().lower() for name in first[1]]
        missing = [name for name in REQUIRED_COLUMNS if name not in header]
        if missing:
            raise ValueError(f"{path}: not a SAMHSA facilities file (missing {', '.join(missing)})")
        bar = progress_bar(progress, desc="reading", unit=" rows")
        for line, values in rows:
            if bar is not None:
                bar.update(1)
            if isinstance(values, list) and not any(v.strip() for v in values):
                continue  # a blank line is not a row
            report.read += 1
            if isinstance(values, csv.Error):
                report.skip(SKIP_UNREADABLE, line)
                continue
            if len(values) != len(header):
                report.skip(SKIP_COLUMNS, line)
                continue
            row = dict(zip(header, values, strict=True))
            facility_id = (row.get("facility_id") or "").strip()
            if not facility_id:
                report.skip(SKIP_NO_ID, line)
                continue
            if facility_id in seen:
                report.skip(SKIP_DUPLICATE, line, facility_id)
                continue
            parsed = parse_facility(row, definitions, report)
            if isinstance(parsed, str):
                report.skip(parsed, line, facility_id)
                continue
            seen.add(facility_id)
            records.append(parsed)
        if bar is not None:
            bar.close()
    return records
