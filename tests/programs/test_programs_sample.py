"""bot/programs/sample.py: the bundled, clearly fictional sample programs."""

from __future__ import annotations

from sqlalchemy import select

from bot.db import Database
from bot.programs.locations import resolve_location
from bot.programs.models import Program
from bot.programs.render import SAMPLE_NOTICE, render_result
from bot.programs.sample import load_sample_if_empty, read_sample
from bot.programs.search import SearchFilters, SearchQuery, search_programs


def test_sample_data_is_labelled_and_spread_over_states():
    records, definitions = read_sample()
    assert 24 <= len(records) <= 60
    assert all(r.name.startswith("Sample: ") for r in records)
    assert len({r.state for r in records}) >= 6
    assert all("555-01" in r.phone for r in records)
    assert all(r.website.startswith("https://example.org/") for r in records)
    assert all(r.latitude is not None for r in records)
    iop = [r for r in records if "OIT" in r.codes]
    assert len(iop) >= 24
    assert {"CO", "GL", "VET", "MD", "TELE", "JC", "CARF", "SP"} <= {c for r in iop for c in r.codes}
    assert {"RES", "ODT", "OMB"} <= {c for r in records for c in r.codes}
    assert all(code in definitions for r in records for code in r.codes)


def test_loads_only_into_an_empty_database(db_url):
    db = Database(db_url)
    try:
        assert load_sample_if_empty(db) == 36
        assert load_sample_if_empty(db) == 0
        with db.session() as session:
            programs = session.execute(select(Program)).scalars().all()
        assert len(programs) == 36 and {p.source for p in programs} == {"sample"}
    finally:
        db.dispose()


def test_the_assistant_works_out_of_the_box_on_sample_data(db_url):
    db = Database(db_url)
    try:
        load_sample_if_empty(db)
        austin = resolve_location("Austin, TX").location
        with db.session() as session:
            result = search_programs(
                session, SearchQuery(austin, filters=SearchFilters.of(["dual_diagnosis", "medicaid"]))
            )
        assert [hit.name for hit in result.hits] == ["Sample: Riverbend Recovery IOP"]
        assert result.hits[0].accreditations == ("Joint Commission",)
        assert SAMPLE_NOTICE in render_result(result)
    finally:
        db.dispose()
