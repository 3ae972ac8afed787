"""bot/programs/records.py: a program's fields are declared once (`Listing`), are
columns of `programs`, and a row becomes a dataclass in one way."""

from __future__ import annotations

import typing
from dataclasses import fields

import pytest

from bot.programs.models import Program
from bot.programs.records import RECORD_COLUMNS, Listing, ProgramRecord, field_names, from_row, table_columns
from bot.programs.results import ProgramHit

PROGRAMS = Program.__table__

RECORD = ProgramRecord(
    source_id="substance_1",
    name="Lakeview Recovery",
    name2="North Clinic",
    street1="1 Main St",
    city="Chicago",
    state="IL",
    zip="60614",
    latitude=41.9,
    longitude=-87.6,
    geocode_precision="zip",
    phone="312-555-0100",
    intake_phone="312-555-0199",
    codes=("MD", "OIT"),
)


@pytest.mark.parametrize("cls", [Listing, ProgramRecord])
def test_every_declared_field_is_a_programs_column_of_the_same_type(cls):
    hints = typing.get_type_hints(cls)
    for f in fields(cls):
        if f.name == "codes":
            continue  # rows of program_service_codes, not a column
        column = PROGRAMS.c[f.name]
        optional = type(None) in typing.get_args(hints[f.name])
        assert column.nullable == optional, f.name
        candidates = (*typing.get_args(hints[f.name]), hints[f.name])
        python_type = next(t for t in candidates if t is not type(None))
        assert column.type.python_type is python_type, f.name


def test_hits_and_records_share_the_listing_fields():
    listing = {f.name for f in fields(Listing)}
    assert listing <= {f.name for f in fields(ProgramHit)}
    assert listing <= {f.name for f in fields(ProgramRecord)}


def test_record_columns_follow_the_table_and_leave_out_the_bookkeeping():
    names = [column.name for column in RECORD_COLUMNS]
    bookkeeping = {"id", "source", "content_hash", "updated_at"}
    assert names == [c.name for c in PROGRAMS.columns if c.name not in bookkeeping]
    assert list(RECORD.columns()) == names
    assert RECORD.columns()["geocode_precision"] == "zip"


def test_the_content_hash_is_the_one_stored_by_earlier_imports():
    # Computed by the importer before the fields were declared once: a changed
    # column order would make every re-import rewrite every program.
    assert RECORD.content_hash == "cf4be02e14c97fcda868e37158a1c731b378ec3a"
    fewer_codes = ProgramRecord(**{**RECORD.columns(), "codes": ("MD",)})
    assert fewer_codes.content_hash != RECORD.content_hash


def test_from_row_copies_the_fields_of_the_same_name_and_takes_the_rest():
    row = {**RECORD.columns(), "id": 7, "source": "samhsa", "content_hash": "x"}
    hit = from_row(
        ProgramHit,
        row,
        program_id=7,
        distance_miles=1.5,
        levels_of_care=(),
        accreditations=(),
        licences=(),
        matched=(),
    )
    assert (hit.program_id, hit.source, hit.source_id, hit.name2, hit.intake_phone) == (
        7,
        "samhsa",
        "substance_1",
        "North Clinic",
        "312-555-0199",
    )
    record = from_row(ProgramRecord, row, codes=("OIT",))
    assert record == ProgramRecord(**{**RECORD.columns(), "codes": ("OIT",)})
    with pytest.raises(KeyError):
        from_row(ProgramRecord, {"name": "x"}, codes=())


def test_table_columns_of_a_hit_are_what_a_search_selects():
    # Derived from the one declaration (Listing) and the table, not retyped: every
    # listing field plus where the program came from, in the table's column order;
    # what the search computes (program_id, distance, labels) is not a column.
    selected = [c.name for c in table_columns(ProgramHit)]
    expected = {*field_names(Listing), "source", "source_id"}
    assert sorted(selected) == sorted(expected)
    positions = [list(PROGRAMS.c.keys()).index(name) for name in selected]
    assert positions == sorted(positions)
    assert not {"id", "program_id", "distance_miles", "matched"} & set(selected)
