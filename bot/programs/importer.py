"""`python -m bot import-directory PATH`: load SAMHSA's national directory.

Reads facilities.csv.gz (the layout of the shared extract) and its code key
service_definitions.csv.gz, decodes every facility's service codes into the
normalised model (bot/programs/models.py), geocodes it offline from its ZIP code
(the city centre when the ZIP is unknown) and upserts by (source, source_id).
The steps have their own modules and rules:

- bot/programs/directory_csv.py: the CSV checks, one row -> one ProgramRecord;
  a bad row never aborts the import, it is skipped and counted with its reason;
- bot/programs/upsert.py: new programs inserted, changed ones updated,
  unchanged ones not written at all (a re-import of the same file changes
  nothing, not even `updated_at`);
- bot/programs/report.py: the counts and the summary this command prints.

Programs of the bundled sample data (source "sample") are removed, so fictional
programs never mix with the real directory. Everything is written in one
transaction; the whole 20,524-row file takes a few seconds on SQLite.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from bot.db import Database
from bot.programs.codes import default_definitions_path, read_definitions
from bot.programs.directory_csv import read_facilities
from bot.programs.locations import warm_up
from bot.programs.models import ensure_program_schema
from bot.programs.records import SOURCE_SAMHSA, SOURCE_SAMPLE
from bot.programs.report import ImportReport
from bot.programs.upsert import analyze_program_tables, write_programs

IOP_CODE = "OIT"


def import_directory(
    db: Database,
    facilities_path: str | Path,
    definitions_path: str | Path | None = None,
    *,
    progress: bool | None = None,
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
                f"service_definitions.csv.gz not found next to {facilities_path}; pass --definitions PATH"
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


def cli(argv: list[str] | None = None) -> int:
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
    bars.add_argument(
        "--progress", dest="progress", action="store_true", default=None, help="always show progress bars"
    )
    bars.add_argument(
        "--no-progress",
        dest="progress",
        action="store_false",
        help="never show progress bars (default: only on a terminal)",
    )
    args = parser.parse_args(argv)

    db = Database(args.database_url)
    try:
        report = import_directory(db, args.path, args.definitions, progress=args.progress, keep_sample=args.keep_sample)
    except (FileNotFoundError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        db.dispose()
    print(f"SAMHSA directory import from {args.path}")
    for line in report.lines():
        print(f"  {line}")
    return 0
