"""SAMPLE programs: a few dozen fictional programs so the assistant works out of the box.

`sample_programs.json` holds 36 made-up programs in 10 states. Every name starts
with "Sample:", the source is "sample", phone numbers are in the 555-01xx range
reserved for fiction and websites are on example.org. Their ZIP codes and cities
are real, so search works; coordinates come from the ZIP code like the real
import's. `make run` loads them into an empty database (`python -m bot init-db
--sample-if-empty`); importing SAMHSA's directory removes them.
"""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import func, select

from bot.db import Database
from bot.programs.codes import ServiceCodeDefinition, definition
from bot.programs.locations import lookup_zip
from bot.programs.models import Program, ensure_program_schema
from bot.programs.records import SOURCE_SAMPLE, ProgramRecord
from bot.programs.upsert import write_programs

SAMPLE_PATH = Path(__file__).with_name("sample_programs.json")
SAMPLE_NAME_PREFIX = "Sample: "


def read_sample(
    path: str | Path = SAMPLE_PATH,
) -> tuple[list[ProgramRecord], dict[str, ServiceCodeDefinition]]:
    """The sample programs and the code key they use."""
    document = json.loads(Path(path).read_text(encoding="utf-8"))
    definitions = {entry["code"]: definition(entry["code"], entry["label"]) for entry in document["service_codes"]}
    records = []
    for entry in document["programs"]:
        name = entry["name"]
        if not name.startswith(SAMPLE_NAME_PREFIX):
            raise ValueError(f"sample program {entry['id']} must be named 'Sample: ...'")
        place = lookup_zip(entry["zip"])
        if place is None:
            raise ValueError(f"sample program {entry['id']} has an unknown ZIP code")
        unknown = [code for code in entry["codes"] if code not in definitions]
        if unknown:
            raise ValueError(f"sample program {entry['id']} uses undefined codes {unknown}")
        records.append(
            ProgramRecord(
                source_id=entry["id"],
                name=name,
                name2=entry.get("name2"),
                street1=entry.get("street1"),
                city=entry["city"],
                state=entry["state"],
                zip=place.zip,
                latitude=place.latitude,
                longitude=place.longitude,
                geocode_precision="zip",
                phone=entry.get("phone"),
                intake_phone=entry.get("intake_phone"),
                website=entry.get("website"),
                codes=tuple(sorted(set(entry["codes"]))),
            )
        )
    return records, definitions


def count_programs(db: Database) -> int:
    with db.session() as session:
        count: int = session.execute(select(func.count(Program.id))).scalar_one()
        return count


def load_sample_if_empty(db: Database) -> int:
    """Load the sample programs when the programs table is empty; how many were loaded
    (0 when it already had programs, real or sample)."""
    ensure_program_schema(db.engine)
    if count_programs(db):
        return 0
    records, definitions = read_sample()
    with db.session() as session:
        counts = write_programs(session, SOURCE_SAMPLE, records, definitions)
    return counts.imported
