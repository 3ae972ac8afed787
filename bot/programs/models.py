"""The program directory: programs, the service-code table and their link.

Normalised so every filter is an indexed query: a program's levels of care,
accreditations, licences, services, populations, payments and languages are rows
of `program_service_codes` (program_id, code_id) pointing at `service_codes`
(code, category, label), never comma-separated strings. Search prefilters on the
(latitude, longitude) index and tests each filter with EXISTS on the link's
(code_id, program_id) index.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    UniqueConstraint,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import relationship

from bot.base import Base

program_service_codes = Table(
    "program_service_codes",
    Base.metadata,
    Column("program_id", Integer, ForeignKey("programs.id", ondelete="CASCADE"), nullable=False),
    Column("code_id", Integer, ForeignKey("service_codes.id", ondelete="CASCADE"), nullable=False),
    PrimaryKeyConstraint("program_id", "code_id", name="pk_program_service_codes"),
    # "programs with code X": the filter direction of every search.
    Index("ix_program_service_codes_code_program", "code_id", "program_id"),
    # A clustered two-integer table: no hidden rowid, half the size on SQLite.
    sqlite_with_rowid=False,
)


class ServiceCode(Base):
    """One code of SAMHSA's key (or of the sample data's), classified."""

    __tablename__ = "service_codes"

    id = Column(Integer, primary_key=True)
    code = Column(String(16), nullable=False, unique=True)
    # level_of_care | accreditation | licence | service | population | payment |
    # language | other (see bot/programs/codes.py)
    category = Column(String(24), nullable=False, index=True)
    label = Column(String(255), nullable=False)  # the key's own wording
    short_label = Column(String(120), nullable=False)  # what a visitor reads

    def __repr__(self) -> str:
        return f"<ServiceCode {self.code} {self.category}: {self.short_label}>"


class Program(Base):
    """A treatment facility of the directory (or of the sample data)."""

    __tablename__ = "programs"

    id = Column(Integer, primary_key=True)

    # Provenance: where the row comes from and its identifier there.
    source = Column(String(32), nullable=False)  # "samhsa" | "sample"
    source_id = Column(String(64), nullable=False)  # e.g. "substance_1234"

    name = Column(String(255), nullable=False)
    name2 = Column(String(255))  # the directory's second name line
    street1 = Column(String(255))
    street2 = Column(String(255))
    city = Column(String(120))
    state = Column(String(2), nullable=False)
    zip = Column(String(5))
    latitude = Column(Float)
    longitude = Column(Float)
    # How the coordinates were found: "zip" (ZIP centroid) or "city" (city centre).
    geocode_precision = Column(String(8))
    phone = Column(String(40))
    intake_phone = Column(String(40))
    website = Column(String(255))

    # sha1 of everything imported for the row: a re-import of an unchanged row
    # writes nothing, not even updated_at.
    content_hash = Column(String(40), nullable=False)
    updated_at = Column(DateTime(timezone=True), nullable=False)

    # uselist (the default with `secondary`) spelled out for the mypy plugin
    codes = relationship(ServiceCode, secondary=program_service_codes, lazy="select", uselist=True)

    __table_args__ = (
        UniqueConstraint("source", "source_id", name="uq_programs_source_source_id"),
        Index("ix_programs_lat_lon", "latitude", "longitude"),
        Index("ix_programs_state_city", "state", "city"),
    )

    def __repr__(self) -> str:
        return f"<Program {self.source}:{self.source_id} {self.name!r} {self.city}, {self.state}>"


PROGRAM_TABLES: list[Table] = [ServiceCode.__table__, Program.__table__, program_service_codes]


def ensure_program_schema(engine: Engine) -> None:
    """Create the program tables if they do not exist (idempotent).

    `bot.models.create_schema()` creates every table of the project; the importer and
    the sample loader call this narrower function so they work on any database
    without depending on the other model modules.
    """
    Base.metadata.create_all(engine, tables=PROGRAM_TABLES)
