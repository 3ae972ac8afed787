"""Writing programs: the upsert by (source, source_id), the code key, the links.

Rules:

- a new program is inserted; a changed one (its content hash differs) is
  updated and its codes replaced; an unchanged one is not written at all, not
  even `updated_at`, so writing the same records again changes nothing;
- service codes are inserted when new and updated when their labels or
  category changed; a program's codes not in the key are not linked;
- `remove_sources` (the sample programs on a real import) are deleted first,
  with their links;
- writes are batched executemany statements in the caller's transaction
  (SQLite and PostgreSQL alike); the link table, a million rows for the whole
  directory, goes through COPY on PostgreSQL (psycopg2);
- after a bulk write, `analyze_program_tables` refreshes the planner's
  statistics (outside the transaction) so searches use the indexes at once.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TypeVar, cast

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from bot.db import Database
from bot.programs.codes import ServiceCodeDefinition
from bot.programs.models import Program, ServiceCode, program_service_codes
from bot.programs.progress import progress_bar
from bot.programs.records import RECORD_COLUMNS, ProgramRecord

_BATCH = 1000
_LINK_BATCH = 20000

T = TypeVar("T")


@dataclass
class WriteCounts:
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    removed_sample: int = 0


def _chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def upsert_service_codes(session: Session, definitions: Iterable[ServiceCodeDefinition]) -> dict[str, int]:
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
    return {row.code: row.id for row in session.execute(select(table.c.code, table.c.id))}


def insert_links(session: Session, links: Sequence[tuple[int, int]]) -> None:
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
            # positional parameters: a list of tuples, which the 1.4 stubs do not allow for
            connection.exec_driver_sql(
                f"INSERT INTO {table} (program_id, code_id) VALUES ({marker}, {marker})",
                list(batch),  # type: ignore[arg-type]
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
    # a DELETE's result is a CursorResult, the one with a rowcount
    result = cast(CursorResult, session.execute(delete(programs).where(programs.c.source == source)))
    return result.rowcount or 0


def write_programs(
    session: Session,
    source: str,
    records: Sequence[ProgramRecord],
    definitions: dict[str, ServiceCodeDefinition],
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
    existing: dict[str, tuple[int, str]] = {
        row.source_id: (row.id, row.content_hash)
        for row in session.execute(
            select(programs.c.id, programs.c.source_id, programs.c.content_hash).where(programs.c.source == source)
        )
    }
    new: list[ProgramRecord] = []
    changed: list[tuple[int, ProgramRecord]] = []
    for record in records:
        found = existing.get(record.source_id)
        if found is None:
            new.append(record)
        elif found[1] != record.content_hash:
            changed.append((found[0], record))
        else:
            counts.unchanged += 1
    bar = progress_bar(
        progress and bool(new or changed), desc="writing", unit=" programs", total=len(new) + len(changed)
    )
    now = datetime.now(timezone.utc)

    for new_batch in _chunks(new, _BATCH):
        session.execute(
            insert(programs),
            [{**r.columns(), "source": source, "content_hash": r.content_hash, "updated_at": now} for r in new_batch],
        )
        if bar is not None:
            bar.update(len(new_batch))
    counts.imported = len(new)

    changed_ids = [program_id for program_id, _ in changed]
    for changed_batch in _chunks(changed, _BATCH):
        session.execute(
            update(programs)
            .where(programs.c.id == bindparam("b_id"))
            .values({name: bindparam(name) for name in _UPDATED_COLUMNS}),
            [
                {**r.columns(), "b_id": pid, "content_hash": r.content_hash, "updated_at": now}
                for pid, r in changed_batch
            ],
        )
        if bar is not None:
            bar.update(len(changed_batch))
    for id_batch in _chunks(changed_ids, _BATCH):
        session.execute(delete(program_service_codes).where(program_service_codes.c.program_id.in_(id_batch)))
    counts.updated = len(changed)

    if new or changed:
        ids = {source_id: program_id for source_id, (program_id, _) in existing.items()}
        if new:
            rows = session.execute(select(programs.c.source_id, programs.c.id).where(programs.c.source == source))
            ids.update({row.source_id: row.id for row in rows})
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
_UPDATED_COLUMNS: tuple[str, ...] = (
    *(column.name for column in RECORD_COLUMNS if column.name != "source_id"),
    "content_hash",
    "updated_at",
)


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
