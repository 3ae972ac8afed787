"""A program as plain values: the directory listing, the imported record, and
the one way a database row becomes one of them.

Rules:

- `Listing` declares, once, what the directory says about a program (names,
  address, coordinates, numbers). Its field names are columns of `programs`
  (bot/programs/models.py; tests/test_programs_records.py checks types and
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
from dataclasses import dataclass, fields
from typing import Any, Dict, Mapping, Optional, Tuple, Type, TypeVar

from sqlalchemy import Column

from bot.programs.models import Program

SOURCE_SAMHSA = "samhsa"
SOURCE_SAMPLE = "sample"

D = TypeVar("D")


@dataclass(frozen=True, kw_only=True)
class Listing:
    """What the directory says about a program; every field is a `programs` column."""

    name: str
    name2: Optional[str] = None  # the directory's second name line
    street1: Optional[str] = None
    street2: Optional[str] = None
    city: Optional[str] = None
    state: str
    zip: Optional[str] = None
    latitude: Optional[float] = None
    longitude: Optional[float] = None
    phone: Optional[str] = None
    intake_phone: Optional[str] = None
    website: Optional[str] = None

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None


def field_names(cls: type) -> Tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def table_columns(cls: type) -> Tuple[Column, ...]:
    """The `programs` columns that are fields of `cls`, in the table's order."""
    names = set(field_names(cls))
    return tuple(column for column in Program.__table__.columns if column.name in names)


def from_row(cls: Type[D], row: Mapping[str, Any], **values: Any) -> D:
    """A `cls` from a row's columns of the same names, plus `values` for the rest."""
    taken = {name: row[name] for name in field_names(cls) if name not in values}
    return cls(**taken, **values)  # type: ignore[call-arg]


@dataclass(frozen=True, kw_only=True)
class ProgramRecord(Listing):
    """One program as imported: the row of `programs` plus its service codes."""

    source_id: str
    # How the coordinates were found: "zip" (ZIP centroid) or "city" (city centre).
    geocode_precision: Optional[str] = None
    codes: Tuple[str, ...]  # sorted, unique

    def columns(self) -> Dict[str, object]:
        """The `programs` columns this record sets (not id/source/hash/updated_at)."""
        return {column.name: getattr(self, column.name) for column in RECORD_COLUMNS}

    @property
    def content_hash(self) -> str:
        parts = [repr(value) for value in self.columns().values()] + list(self.codes)
        return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()


RECORD_COLUMNS: Tuple[Column, ...] = table_columns(ProgramRecord)
