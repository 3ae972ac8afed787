"""bot/programs/search.py on SQLite and PostgreSQL: distance order, every filter,
radius widening, the ambiguous city, state searches, paging and empty results."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from bot.db import Database
from bot.language.preferences import PREFERENCE_LABELS, PREFERENCES
from bot.programs.codes import ServiceCodeDefinition, read_definitions
from bot.programs.geo import Coordinates
from bot.programs.locations import Ambiguous, Location, Resolved, lookup_zip, resolve_location
from bot.programs.models import ensure_program_schema
from bot.programs.records import ProgramRecord
from bot.programs.search import (
    LEVELS_OF_CARE,
    PREFERENCE_CODES,
    RADIUS_STEPS,
    SearchFilters,
    SearchQuery,
    next_page,
    search_programs,
)
from bot.programs.upsert import write_programs

CENTER = Coordinates(41.8781, -87.6298)  # Chicago
MILES_PER_DEGREE_LATITUDE = 69.0934


@pytest.fixture(scope="module")
def definitions(samhsa_dir) -> dict[str, ServiceCodeDefinition]:
    return read_definitions(samhsa_dir / "service_definitions.csv.gz")


def program(
    source_id: str,
    miles_north: float | None,
    codes: Sequence[str],
    *,
    state: str = "IL",
    city: str = "Chicago",
    at: Coordinates | None = None,
    phone: str = "312-555-0100",
    intake_phone: str | None = None,
) -> ProgramRecord:
    if at is None and miles_north is not None:
        at = Coordinates(CENTER.latitude + miles_north / MILES_PER_DEGREE_LATITUDE, CENTER.longitude)
    return ProgramRecord(
        source_id=source_id,
        name=f"Program {source_id}",
        state=state,
        city=city,
        latitude=at.latitude if at else None,
        longitude=at.longitude if at else None,
        phone=phone,
        intake_phone=intake_phone,
        codes=tuple(sorted(set(codes))),
    )


def make_db(db_url: str, records: Sequence[ProgramRecord], definitions) -> Database:
    db = Database(db_url)
    ensure_program_schema(db.engine)
    with db.session() as session:
        write_programs(session, "test", records, definitions)
    return db


def search(db: Database, location=CENTER, **kwargs):
    preferences = kwargs.pop("preferences", ())
    query = SearchQuery(location, filters=SearchFilters.of(preferences), **kwargs)
    with db.session() as session:
        return search_programs(session, query)


def ids(result):
    return [hit.source_id for hit in result.hits]


@pytest.fixture
def chicago_db(db_url, definitions):
    records = [
        program("A", 2, ["OIT", "ORT", "CO", "MD", "JC"], intake_phone="312-555-0199"),
        program("B", 5, ["OIT", "GL", "PI", "CARF", "TELE"]),
        program("C", 10, ["OIT", "VET", "MD", "SS", "STAG"]),
        program("D", 1, ["RES", "RS"]),  # residential only: not an IOP
        program("E", 40, ["OIT", "GL", "VET", "MD"]),
        program("F", 150, ["OIT", "SP"]),
        program("W", 82, ["OIT"], state="WI", city="Milwaukee"),
        program("H", None, ["OIT", "MD"], city="Peoria"),  # no coordinates
    ]
    db = make_db(db_url, records, definitions)
    yield db
    db.dispose()


def test_results_are_ranked_by_distance_with_the_distance(chicago_db):
    result = search(chicago_db)
    assert ids(result) == ["A", "B", "C"]
    assert [round(hit.distance_miles, 1) for hit in result.hits] == [2.0, 5.0, 10.0]
    assert result.total == 3
    assert (result.radius_requested, result.radius_used, result.widened) == (25, 25, False)
    assert result.level_of_care == "iop"


def test_hits_carry_what_the_visitor_needs(chicago_db):
    first = search(chicago_db).hits[0]
    assert first.name == "Program A"
    assert (first.city, first.state) == ("Chicago", "IL")
    assert first.contact_phone == "312-555-0199"  # the intake line first
    assert first.phone == "312-555-0100"
    assert first.accreditations == ("Joint Commission",)
    assert first.levels_of_care == ("Intensive outpatient (IOP)", "Regular outpatient")
    third = search(chicago_db).hits[2]
    assert third.accreditations == () and third.licences == ("State substance use agency",)


def test_level_of_care_other_than_iop(chicago_db):
    assert ids(search(chicago_db, level_of_care="residential")) == ["D"]
    assert ids(search(chicago_db, level_of_care=None)) == ["D", "A", "B", "C"]
    with pytest.raises(ValueError):
        SearchQuery(CENTER, level_of_care="spa")


@pytest.mark.parametrize(
    "preferences, expected",
    [
        (("dual_diagnosis",), ["A"]),
        (("medicaid",), ["A", "C"]),
        (("lgbtq",), ["B"]),
        (("telehealth",), ["B"]),
        (("private_insurance",), ["B"]),
        (("veterans",), ["C"]),
        (("sliding_scale",), ["C"]),
        (("veterans", "medicaid"), ["C"]),
    ],
)
def test_filters_keep_only_programs_that_offer_everything_asked(chicago_db, preferences, expected):
    result = search(chicago_db, preferences=preferences)
    assert ids(result) == expected
    labels = tuple(PREFERENCE_LABELS[name] for name in preferences)
    assert all(hit.matched == labels for hit in result.hits)
    assert result.preferences == preferences and result.unsupported == ()


def test_radius_widens_when_nothing_is_within_it_and_says_so(chicago_db):
    result = search(chicago_db, preferences=("lgbtq", "medicaid"))
    assert ids(result) == ["E"]
    assert (result.radius_requested, result.radius_used, result.widened) == (25, 50, True)
    far = search(chicago_db, preferences=("spanish",))
    assert ids(far) == ["F"] and far.radius_used == 200 and far.widened
    assert RADIUS_STEPS == (25, 50, 100, 200)


def test_no_widening_when_not_asked(chicago_db):
    result = search(chicago_db, preferences=("spanish",), widen=False)
    assert result.total == 0 and result.hits == ()
    assert (result.radius_used, result.widened) == (25, False)


def test_nothing_fits_at_all_is_an_honest_empty_result(chicago_db):
    result = search(chicago_db, preferences=("lgbtq", "spanish"))
    assert result.total == 0 and result.hits == () and not result.has_more
    assert (result.radius_used, result.widened) == (200, True)


def test_preferences_the_directory_does_not_know_are_reported(chicago_db):
    result = search(chicago_db, preferences=("evening_hours", "medicaid"))
    assert result.unsupported == ("evening_hours",)
    assert result.preferences == ("medicaid",)
    assert ids(result) == ["A", "C"]


def test_paging_for_show_more(chicago_db):
    query = SearchQuery(CENTER, limit=2)
    with chicago_db.session() as session:
        first = search_programs(session, query)
        assert ids(first) == ["A", "B"] and first.total == 3 and first.has_more
        second = search_programs(session, next_page(query, first))
    assert ids(second) == ["C"] and second.offset == 2 and not second.has_more


def test_show_more_keeps_the_widened_radius(chicago_db):
    query = SearchQuery(CENTER, filters=SearchFilters.of(["medicaid"]), radius_miles=5, limit=1)
    with chicago_db.session() as session:
        first = search_programs(session, query)
        assert ids(first) == ["A"] and first.total == 1 and first.radius_used == 5
        wider = search_programs(
            session, SearchQuery(CENTER, filters=SearchFilters.of(["veterans"]), radius_miles=5, limit=1)
        )
        assert wider.radius_used == 25 and wider.widened
        more = next_page(SearchQuery(CENTER, filters=SearchFilters.of(["veterans"]), radius_miles=5, limit=1), wider)
        assert more.radius_miles == 25 and more.widen is False and more.offset == 1


def test_state_search_lists_the_state_by_city_without_distances(chicago_db):
    result = search(chicago_db, location="IL", limit=10)
    assert result.is_state_search and result.state == "IL"
    assert ids(result) == ["A", "B", "C", "E", "F", "H"]  # Chicago (by name), then Peoria
    assert result.total == 6
    assert all(hit.distance_miles is None for hit in result.hits)
    assert result.radius_used is None and not result.widened
    assert ids(search(chicago_db, location="WI")) == ["W"]
    assert ids(search(chicago_db, location="IL", preferences=("medicaid",))) == ["A", "C", "E", "H"]
    first_page = search(chicago_db, location="IL")
    assert ids(first_page) == ["A", "B", "C", "E", "F"] and first_page.has_more
    assert search(chicago_db, location="TX").total == 0


def test_a_resolved_state_location_is_a_state_search(chicago_db):
    state = resolve_location("Wisconsin")
    assert isinstance(state, Resolved)
    assert ids(search(chicago_db, location=state.location)) == ["W"]


@pytest.fixture
def preference_db(db_url, definitions):
    """One IOP per supported preference, 3 miles north, with only that preference's
    first code; plus one with no features at all."""
    records = [program(name, 3, ["OIT", codes[0]]) for name, codes in PREFERENCE_CODES.items()] + [
        program("plain", 3, ["OIT"])
    ]
    db = make_db(db_url, records, definitions)
    yield db
    db.dispose()


def test_every_preference_filter(preference_db):
    for name in PREFERENCE_CODES:
        result = search(preference_db, preferences=(name,), widen=False)
        assert ids(result) == [name], name
        assert result.hits[0].matched == (PREFERENCE_LABELS[name],)


def test_every_canonical_preference_is_mapped_to_directory_codes(definitions):
    assert set(PREFERENCE_CODES) <= PREFERENCES
    # Each code exists in SAMHSA's key, so no filter can silently never match.
    for name, codes in PREFERENCE_CODES.items():
        assert all(code in definitions for code in codes), name
    for level, (_label, codes) in LEVELS_OF_CARE.items():
        assert all(definitions[code].category == "level_of_care" for code in codes), level


@pytest.mark.parametrize("code", PREFERENCE_CODES["medication_for_oud"])
def test_medication_for_oud_matches_any_of_its_codes(db_url, definitions, code):
    db = make_db(db_url, [program("m", 3, ["OIT", code]), program("none", 4, ["OIT", "MOA"])], definitions)
    try:
        assert ids(search(db, preferences=("medication_for_oud",))) == ["m"]
    finally:
        db.dispose()


def test_the_ambiguous_city_searches_the_state_the_visitor_picks(db_url, definitions):
    springfield_il = lookup_zip("62701")
    springfield_mo = lookup_zip("65806")
    db = make_db(
        db_url,
        [
            program(
                "IL-1",
                None,
                ["OIT"],
                city="Springfield",
                state="IL",
                at=Coordinates(springfield_il.latitude, springfield_il.longitude),
            ),
            program(
                "MO-1",
                None,
                ["OIT"],
                city="Springfield",
                state="MO",
                at=Coordinates(springfield_mo.latitude, springfield_mo.longitude),
            ),
        ],
        definitions,
    )
    try:
        answer = resolve_location("Springfield")
        assert isinstance(answer, Ambiguous)
        picked = {}
        for option in answer.options[:3]:
            chosen = resolve_location(option.label)
            assert isinstance(chosen, Resolved)
            picked[option.state] = ids(search(db, location=chosen.location, widen=False))
        assert picked["IL"] == ["IL-1"]
        assert picked["MO"] == ["MO-1"]
        assert picked["MA"] == []
    finally:
        db.dispose()


def test_programs_across_the_antimeridian_are_found(db_url, definitions):
    center = Coordinates(52.0, 179.9)
    db = make_db(
        db_url,
        [program("east", None, ["OIT"], state="AK", city="Adak", at=Coordinates(52.0, -179.8))],
        definitions,
    )
    try:
        result = search(db, location=center, widen=False)
        assert ids(result) == ["east"] and result.hits[0].distance_miles < 20
    finally:
        db.dispose()


def test_location_objects_and_coordinates_work_alike(chicago_db):
    location = Location(
        label="Chicago, IL",
        latitude=CENTER.latitude,
        longitude=CENTER.longitude,
        state="IL",
        kind="city",
        city="Chicago",
    )
    by_location = search(chicago_db, location=location)
    assert ids(by_location) == ids(search(chicago_db)) and by_location.location_label == "Chicago, IL"
    with pytest.raises(ValueError):
        search(chicago_db, location="Narnia")
