"""`python -m bot import-directory PATH`: load SAMHSA's national directory.

Reads facilities.csv.gz (the layout of the shared extract) and its code key
service_definitions.csv.gz, decodes every facility's service codes into the
normalised model (bot/programs/models.py), geocodes it offline from its ZIP code
(the `zipcodes` package, via bot.programs.locations; the city centre when the ZIP is
unknown) and upserts by (source, source_id):

- a new facility is inserted; a changed one is updated (its codes replaced);
- an unchanged one is not written at all (its content hash matches), so a
  re-import of the same file changes nothing, not even `updated_at`;
- a bad row never aborts the import: it is skipped and counted with its reason;
- programs of the bundled sample data (source "sample") are removed, so
  fictional programs never mix with the real directory.

Writes are batched executemany statements in one transaction (SQLite and
PostgreSQL alike). The whole 20,524-row file takes a few seconds on SQLite.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import io
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import (
    Dict,
    Iterable,
    Iterator,
    List,
    Optional,
    Sequence,
    Set,
    Tuple,
    TypeVar,
    Union,
)

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from bot.db import Database
from bot.programs.locations import US_STATES, find_city, lookup_zip, normalize_zip, warm_up
from bot.programs.codes import (
    IMPORTED_DIRECTORY_TYPES,
    ServiceCodeDefinition,
    default_definitions_path,
    open_csv_text,
    read_definitions,
)
from bot.programs.models import Program, ServiceCode, ensure_program_schema, program_service_codes

SOURCE_SAMHSA = "samhsa"
SOURCE_SAMPLE = "sample"
IOP_CODE = "OIT"

REQUIRED_COLUMNS: Tuple[str, ...] = (
    "facility_id", "directory_type", "name1", "name2", "street1", "street2", "city",
    "state", "zip", "phone", "intake1", "intake2", "intake1a", "intake2a",
    "service_code_info",
)

# Skip reasons (what the import summary prints).
SKIP_COLUMNS = "wrong number of columns"
SKIP_UNREADABLE = "unreadable CSV line"
SKIP_NO_ID = "missing facility_id"
SKIP_DUPLICATE = "duplicate facility_id in the file"
SKIP_MENTAL = "mental-health directory row (not imported: substance-use programs only)"
SKIP_DIRECTORY = "unknown directory_type"
SKIP_NO_NAME = "missing name"
SKIP_STATE = "invalid state"
SKIP_ZIP = "invalid ZIP code"
SKIP_GARBLED_CODES = "garbled service codes"
SKIP_NO_CODES = "no known service codes"

_CODE_TOKEN = re.compile(r"[A-Z][A-Z0-9]{0,7}")
_PHONE_DIGITS = re.compile(r"\d")
_BATCH = 1000
_LINK_BATCH = 20000

T = TypeVar("T")


# --- records ------------------------------------------------------------------


@dataclass(frozen=True)
class ProgramRecord:
    """One program as imported: the row of `programs` plus its service codes."""

    source_id: str
    name: str
    state: str
    codes: Tuple[str, ...]  # sorted, unique
    name2: Optional[str] = None
    street1: Optional[str] = None
    street2: Optional[str] = None
    city: Optional[str] = None
    zip: Optional[str] = None
    latitude: Optional[float] = None
    longitude: Optional[float] = None
    geocode_precision: Optional[str] = None
    phone: Optional[str] = None
    intake_phone: Optional[str] = None
    website: Optional[str] = None

    def columns(self) -> Dict[str, object]:
        """The `programs` columns this record sets (not id/source/hash/updated_at)."""
        return {
            "source_id": self.source_id,
            "name": self.name,
            "name2": self.name2,
            "street1": self.street1,
            "street2": self.street2,
            "city": self.city,
            "state": self.state,
            "zip": self.zip,
            "latitude": self.latitude,
            "longitude": self.longitude,
            "geocode_precision": self.geocode_precision,
            "phone": self.phone,
            "intake_phone": self.intake_phone,
            "website": self.website,
        }

    @property
    def content_hash(self) -> str:
        parts = [repr(value) for value in self.columns().values()] + list(self.codes)
        return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None


@dataclass
class WriteCounts:
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    removed_sample: int = 0


@dataclass
class ImportReport:
    """What an import did; `lines()` is the summary the command prints."""

    source: str = SOURCE_SAMHSA
    read: int = 0
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    skip_reasons: Counter = field(default_factory=Counter)
    # reason -> first few "line N (facility_id)" references, for fixing the file
    skip_examples: Dict[str, List[str]] = field(default_factory=lambda: defaultdict(list))
    warnings: Counter = field(default_factory=Counter)
    unknown_codes: Counter = field(default_factory=Counter)
    iop_programs: int = 0
    iop_with_coordinates: int = 0
    programs_with_coordinates: int = 0
    removed_sample: int = 0
    seconds: float = 0.0

    @property
    def programs(self) -> int:
        """Valid programs in the file (imported + updated + unchanged)."""
        return self.imported + self.updated + self.unchanged

    @property
    def iop_geocoded_share(self) -> float:
        return self.iop_with_coordinates / self.iop_programs if self.iop_programs else 0.0

    def skip(self, reason: str, line: int, facility_id: str = "") -> None:
        self.skipped += 1
        self.skip_reasons[reason] += 1
        if len(self.skip_examples[reason]) < 3:
            ref = f"line {line}" + (f" ({facility_id})" if facility_id else "")
            self.skip_examples[reason].append(ref)

    def lines(self) -> List[str]:
        out = [
            f"read      {self.read:>7,} rows",
            f"imported  {self.imported:>7,} new programs",
            f"updated   {self.updated:>7,}",
            f"unchanged {self.unchanged:>7,}",
            f"skipped   {self.skipped:>7,}",
        ]
        for reason, count in self.skip_reasons.most_common():
            examples = self.skip_examples.get(reason) or []
            detail = f"  e.g. {', '.join(examples)}" if reason != SKIP_MENTAL and examples else ""
            out.append(f"  {count:>7,}  {reason}{detail}")
        for warning, count in self.warnings.most_common():
            out.append(f"note: {count:,} {warning}")
        if self.unknown_codes:
            codes = ", ".join(code for code, _ in self.unknown_codes.most_common(10))
            out.append(f"note: codes not in the key were ignored: {codes}")
        if self.removed_sample:
            out.append(f"removed {self.removed_sample:,} SAMPLE programs (fictional)")
        out.append(
            f"IOP programs: {self.iop_programs:,}, with coordinates: "
            f"{self.iop_with_coordinates:,} ({self.iop_geocoded_share:.1%})"
        )
        out.append(f"took {self.seconds:.1f} s")
        return out

    def __str__(self) -> str:
        return "\n".join(self.lines())


# --- reading and checking rows --------------------------------------------------


def _clean(value: Optional[str], limit: int = 255) -> Optional[str]:
    text = " ".join((value or "").replace("\ufffd", "").split())
    return text[:limit] or None


def _phone(value: Optional[str]) -> Optional[str]:
    text = _clean(value, 40)
    return text if text and len(_PHONE_DIGITS.findall(text)) >= 7 else None


def _csv_rows(handle: Iterable[str]) -> Iterator[Tuple[int, Union[List[str], csv.Error]]]:
    """(line number, row) pairs; a line the csv module cannot parse gives its
    error instead of a row, and reading goes on. NUL bytes are dropped."""
    reader = csv.reader(line.replace("\0", "") for line in handle)
    while True:
        try:
            row: Union[List[str], csv.Error] = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            row = exc
        yield reader.line_num, row


def parse_facility(
    row: Dict[str, str],
    definitions: Dict[str, ServiceCodeDefinition],
    report: ImportReport,
) -> Union[ProgramRecord, str]:
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
    definitions: Dict[str, ServiceCodeDefinition],
    report: ImportReport,
    progress: bool = False,
) -> List[ProgramRecord]:
    """Every importable facility of the file; bad rows are counted in `report`."""
    records: List[ProgramRecord] = []
    seen: Set[str] = set()
    with open_csv_text(path) as handle:
        rows = _csv_rows(handle)
        first = next(rows, None)
        if first is None or not isinstance(first[1], list):
            raise ValueError(f"{path}: empty file or unreadable header")
        header = [name.strip().lower() for name in first[1]]
        missing = [name for name in REQUIRED_COLUMNS if name not in header]
        if missing:
            raise ValueError(f"{path}: not a SAMHSA facilities file (missing {', '.join(missing)})")
        bar = _progress_bar(progress, desc="reading", unit=" rows")
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
            row = dict(zip(header, values))
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


# --- writing --------------------------------------------------------------------


def _chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _progress_bar(enabled: bool, **kwargs):
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(file=sys.stderr, leave=False, **kwargs)


def upsert_service_codes(
    session: Session, definitions: Iterable[ServiceCodeDefinition]
) -> Dict[str, int]:
    """Insert new codes, update changed labels/categories; code -> id of every code."""
    table = ServiceCode.__table__
    existing = {
        row.code: row
        for row in session.execute(
            select(table.c.id, table.c.code, table.c.category, table.c.label, table.c.short_label)
        )
    }
    new, changed = [], []
    for d in definitions:
        values = {"code": d.code, "category": d.category, "label": d.label, "short_label": d.short_label}
        old = existing.get(d.code)
        if old is None:
            new.append(values)
        elif (old.category, old.label, old.short_label) != (d.category, d.label, d.short_label):
            changed.append({**values, "b_id": old.id})
    if new:
        session.execute(insert(table), new)
    if changed:
        session.execute(
            update(table)
            .where(table.c.id == bindparam("b_id"))
            .values(
                category=bindparam("category"),
                label=bindparam("label"),
                short_label=bindparam("short_label"),
            ),
            changed,
        )
    return dict(session.execute(select(table.c.code, table.c.id)).all())


def insert_links(session: Session, links: Sequence[Tuple[int, int]]) -> None:
    """Bulk-insert (program_id, code_id) rows: a million of them for the full file.

    PostgreSQL (psycopg2) gets COPY; other databases a plain DB-API executemany
    in batches. Both skip SQLAlchemy's per-row parameter processing, which would
    otherwise take most of the import time.
    """
    if not links:
        return
    connection = session.connection()
    dialect = connection.dialect
    table = dialect.identifier_preparer.format_table(program_service_codes)
    if dialect.name == "postgresql" and dialect.driver == "psycopg2":
        cursor = connection.connection.cursor()
        try:
            for batch in _chunks(links, 200_000):
                data = io.StringIO("".join(f"{p}\t{c}\n" for p, c in batch))
                cursor.copy_expert(f"COPY {table} (program_id, code_id) FROM STDIN", data)
        finally:
            cursor.close()
        return
    marker = {"qmark": "?", "format": "%s", "pyformat": "%s"}.get(dialect.paramstyle)
    for batch in _chunks(links, _LINK_BATCH):
        if marker:
            connection.exec_driver_sql(
                f"INSERT INTO {table} (program_id, code_id) VALUES ({marker}, {marker})", list(batch)
            )
        else:  # a driver with named parameters: the portable (slower) way
            session.execute(
                insert(program_service_codes),
                [{"program_id": p, "code_id": c} for p, c in batch],
            )


def remove_source(session: Session, source: str) -> int:
    """Delete every program of `source` (and its links); how many were deleted."""
    programs = Program.__table__
    ids = select(programs.c.id).where(programs.c.source == source)
    session.execute(delete(program_service_codes).where(program_service_codes.c.program_id.in_(ids)))
    return session.execute(delete(programs).where(programs.c.source == source)).rowcount or 0


def write_programs(
    session: Session,
    source: str,
    records: Sequence[ProgramRecord],
    definitions: Dict[str, ServiceCodeDefinition],
    *,
    remove_sources: Sequence[str] = (),
    progress: bool = False,
) -> WriteCounts:
    """Upsert `records` by (source, source_id), in batches; see the module docstring."""
    counts = WriteCounts()
    for other in remove_sources:
        counts.removed_sample += remove_source(session, other)
    code_ids = upsert_service_codes(session, definitions.values())
    programs = Program.__table__
    existing: Dict[str, Tuple[int, str]] = {
        row.source_id: (row.id, row.content_hash)
        for row in session.execute(
            select(programs.c.id, programs.c.source_id, programs.c.content_hash).where(
                programs.c.source == source
            )
        )
    }
    new: List[ProgramRecord] = []
    changed: List[Tuple[int, ProgramRecord]] = []
    for record in records:
        found = existing.get(record.source_id)
        if found is None:
            new.append(record)
        elif found[1] != record.content_hash:
            changed.append((found[0], record))
        else:
            counts.unchanged += 1
    bar = _progress_bar(
        progress and bool(new or changed), desc="writing", unit=" programs", total=len(new) + len(changed)
    )
    now = datetime.now(timezone.utc)

    for batch in _chunks(new, _BATCH):
        session.execute(
            insert(programs),
            [
                {**r.columns(), "source": source, "content_hash": r.content_hash, "updated_at": now}
                for r in batch
            ],
        )
        if bar is not None:
            bar.update(len(batch))
    counts.imported = len(new)

    changed_ids = [program_id for program_id, _ in changed]
    for batch in _chunks(changed, _BATCH):
        session.execute(
            update(programs)
            .where(programs.c.id == bindparam("b_id"))
            .values({name: bindparam(name) for name in _UPDATED_COLUMNS}),
            [
                {**r.columns(), "b_id": pid, "content_hash": r.content_hash, "updated_at": now}
                for pid, r in batch
            ],
        )
        if bar is not None:
            bar.update(len(batch))
    for batch in _chunks(changed_ids, _BATCH):
        session.execute(
            delete(program_service_codes).where(program_service_codes.c.program_id.in_(batch))
        )
    counts.updated = len(changed)

    if new or changed:
        ids = {source_id: program_id for source_id, (program_id, _) in existing.items()}
        if new:
            ids.update(
                session.execute(
                    select(programs.c.source_id, programs.c.id).where(programs.c.source == source)
                ).all()
            )
        links = [
            (ids[r.source_id], code_ids[code])
            for r in [*new, *(r for _, r in changed)]
            for code in r.codes
            if code in code_ids
        ]
        insert_links(session, links)
    if bar is not None:
        bar.close()
    return counts


# What an update of a changed program rewrites (its identity stays).
_UPDATED_COLUMNS: Tuple[str, ...] = tuple(
    name for name in ProgramRecord("", "", "", ()).columns() if name != "source_id"
) + ("content_hash", "updated_at")


def analyze_program_tables(db: Database) -> None:
    """Refresh the planner's statistics after a bulk load, so searches use the
    indexes at once rather than after autovacuum. PostgreSQL also gets VACUUM
    (it marks pages all-visible, which index-only scans of the link table need);
    SQLite samples at most 1,000 index rows per index (`analysis_limit`)."""
    tables = (ServiceCode.__table__, Program.__table__, program_service_codes)
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        preparer = connection.dialect.identifier_preparer
        if connection.dialect.name == "postgresql":
            for table in tables:
                connection.exec_driver_sql(f"VACUUM ANALYZE {preparer.format_table(table)}")
            return
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA analysis_limit=1000")
        for table in tables:
            connection.exec_driver_sql(f"ANALYZE {preparer.format_table(table)}")


# --- the import -----------------------------------------------------------------


def import_directory(
    db: Database,
    facilities_path: Union[str, Path],
    definitions_path: Union[str, Path, None] = None,
    *,
    progress: Optional[bool] = None,
    keep_sample: bool = False,
) -> ImportReport:
    """Import (or re-import) SAMHSA's directory into `db`; never aborts on a bad row.

    `definitions_path` defaults to service_definitions.csv.gz next to the
    facilities file. `progress`: show tqdm bars (default: when stderr is a
    terminal). Raises FileNotFoundError / ValueError for a missing or
    unrecognisable file (nothing is written then).
    """
    started = time.perf_counter()
    facilities_path = Path(facilities_path)
    if not facilities_path.exists():
        raise FileNotFoundError(f"{facilities_path}: no such file")
    if definitions_path is None:
        definitions_path = default_definitions_path(facilities_path)
        if definitions_path is None:
            raise FileNotFoundError(
                f"service_definitions.csv.gz not found next to {facilities_path}; "
                "pass --definitions PATH"
            )
    if progress is None:
        progress = sys.stderr.isatty()

    definitions = read_definitions(definitions_path)
    warm_up()  # build the ZIP index now, not halfway through the progress bar
    report = ImportReport(source=SOURCE_SAMHSA)
    records = read_facilities(facilities_path, definitions, report, progress=progress)

    ensure_program_schema(db.engine)
    with db.session() as session:
        counts = write_programs(
            session,
            SOURCE_SAMHSA,
            records,
            definitions,
            remove_sources=() if keep_sample else (SOURCE_SAMPLE,),
            progress=progress,
        )
    if counts.imported or counts.updated or counts.removed_sample:
        analyze_program_tables(db)
    report.imported, report.updated, report.unchanged = counts.imported, counts.updated, counts.unchanged
    report.removed_sample = counts.removed_sample
    report.programs_with_coordinates = sum(1 for r in records if r.has_coordinates)
    iop = [r for r in records if IOP_CODE in r.codes]
    report.iop_programs = len(iop)
    report.iop_with_coordinates = sum(1 for r in iop if r.has_coordinates)
    report.seconds = time.perf_counter() - started
    return report


def cli(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bot import-directory",
        description="Import SAMHSA's national directory of substance-use treatment "
        "facilities (facilities.csv.gz) into DATABASE_URL. Safe to run again: "
        "programs are upserted by facility_id.",
    )
    parser.add_argument("path", help="facilities.csv.gz (or .csv) in SAMHSA's layout")
    parser.add_argument(
        "--definitions",
        help="the code key (default: service_definitions.csv.gz next to PATH)",
    )
    parser.add_argument("--database-url", help="overrides DATABASE_URL")
    parser.add_argument(
        "--keep-sample",
        action="store_true",
        help="keep the bundled SAMPLE programs (by default the import removes them)",
    )
    bars = parser.add_mutually_exclusive_group()
    bars.add_argument("--progress", dest="progress", action="store_true", default=None,
                      help="always show progress bars")
    bars.add_argument("--no-progress", dest="progress", action="store_false",
                      help="never show progress bars (default: only on a terminal)")
    args = parser.parse_args(argv)

    db = Database(args.database_url)
    try:
        report = import_directory(
            db, args.path, args.definitions, progress=args.progress, keep_sample=args.keep_sample
        )
    except (FileNotFoundError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        db.dispose()
    print(f"SAMHSA directory import from {args.path}")
    for line in report.lines():
        print(f"  {line}")
    return 0
