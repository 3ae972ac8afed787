"""A program as plain values: the directory listing, the imported record, and
the one way a database row becomes one of them.

Rules:

- `Listing` declares, once, what the directory says about a program (names,
  address, coordinates, numbers). Its field names are columns of `programs`
  (bot/programs/models.py; tests/programs/test_programs_records.py checks types and
  nullability), so shapes built on it are derived, never retyped:
  `ProgramRecord` (what the importer writes) and `ProgramHit`
  (bot/programs/results.py, what a search returns) extend it.
- `ProgramRecord.columns()` and the columns a search selects come from the
  `programs` table itself, in its column order (the content hash depends on
  that order, so it must not change).
- `from_row()` is the only copy of a row into a dataclass.

Imports only bot/programs/models.py.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any, TypeVar

from sqlalchemy import Column
from sqlalchemy.engine import RowMapping

from bot.programs.models import Program

SOURCE_SAMHSA = "samhsa"
SOURCE_SAMPLE = "sample"

D = TypeVar("D")


@dataclass(frozen=True, kw_only=True)
class Listing:
    """What the directory says about a program; every field is a `programs` column."""

    name: str
    name2: str | None = None  # the directory's second name line
    street1: str | None = None
    street2: str | None = None
    city: str | None = None
    state: str
    zip: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    phone: str | None = None
    intake_phone: str | None = None
    website: str | None = None

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None


def field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def table_columns(cls: type) -> tuple[Column[Any], ...]:
    """The `programs` columns that are fields of `cls`, in the table's order."""
    names = set(field_names(cls))
    return tuple(column for column in Program.__table__.columns if column.name in names)


def from_row(cls: type[D], row: Mapping[str, Any] | RowMapping, **values: Any) -> D:
    """A `cls` from a row's columns of the same names, plus `values` for the rest."""
    taken = {name: row[name] for name in field_names(cls) if name not in values}
    return cls(**taken, **values)


@dataclass(frozen=True, kw_only=True)
class ProgramRecord(Listing):
    """One program as imported: the row of `programs` plus its service codes."""

    source_id: str
    # How the coordinates were found: "zip" (ZIP centroid) or "city" (city centre).
    geocode_precision: str | None = None
    codes: tuple[str, ...]  # sorted, unique

    def columns(self) -> dict[str, object]:
        """The `programs` columns this record sets (not id/source/hash/updated_at)."""
        return {column.name: getattr(self, column.name) for column in RECORD_COLUMNS}

    @property
    def content_hash(self) -> str:
        parts = [repr(value) for value in self.columns().values()] + list(self.codes)
        return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()


RECORD_COLUMNS: tuple[Column[Any], ...] = table_columns(ProgramRecord)
