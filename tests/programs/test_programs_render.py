"""bot/programs/render.py: results as compact plain text for any channel."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.programs.render import (
    DISCLAIMER,
    MORE_HINT,
    SAMPLE_NOTICE,
    format_distance,
    headline,
    render_hit,
    render_hits,
    render_result,
)
from bot.programs.results import ProgramHit, SearchResult

HIT = ProgramHit(
    program_id=1,
    source="samhsa",
    source_id="substance_1",
    name="Lakeview Recovery",
    name2="North Clinic",
    street1="1 Main St",
    street2=None,
    city="Chicago",
    state="IL",
    zip="60614",
    latitude=41.9,
    longitude=-87.6,
    phone="312-555-0100",
    intake_phone="312-555-0199",
    website=None,
    distance_miles=2.34,
    levels_of_care=("Intensive outpatient (IOP)",),
    accreditations=("Joint Commission", "CARF"),
    licences=("State substance use agency",),
    matched=("LGBTQ+ clients", "accepts Medicaid"),
)


def result(hits=(HIT,), **changes) -> SearchResult:
    values = {
        "hits": tuple(hits),
        "total": len(hits),
        "offset": 0,
        "limit": 5,
        "location_label": "Chicago, IL",
        "level_of_care": "iop",
        "preferences": ("lgbtq", "medicaid"),
        "unsupported": (),
        "radius_requested": 25.0,
        "radius_used": 25.0,
        "widened": False,
        "state": None,
    }
    values.update(changes)
    return SearchResult(**values)


@pytest.mark.parametrize("miles, text", [(0.2, "under 1 mi"), (3.24, "3.2 mi"), (12.6, "13 mi"), (None, "")])
def test_distances_read_naturally(miles, text):
    assert format_distance(miles) == text


def test_a_hit_shows_name_place_distance_phone_accreditation_and_matches():
    assert render_hit(HIT, 1) == (
        "1. Lakeview Recovery (North Clinic) - Chicago, IL (2.3 mi)\n"
        "   Call 312-555-0199; Accredited: Joint Commission, CARF\n"
        "   Matches: LGBTQ+ clients, accepts Medicaid"
    )


def test_without_intake_line_accreditation_or_matches():
    plain = replace(HIT, intake_phone=None, accreditations=(), matched=(), name2=None, distance_miles=None)
    assert render_hit(plain, 3) == "3. Lakeview Recovery - Chicago, IL\n   Call 312-555-0100; State-licensed"
    bare = replace(plain, phone=None, licences=())
    assert render_hit(bare, 4) == "4. Lakeview Recovery - Chicago, IL"


def test_numbering_continues_for_show_more():
    text = render_hits([HIT, replace(HIT, name="Second")], start=6)
    assert text.startswith("6. Lakeview") and "\n7. Second" in text


def test_a_result_message_has_headline_list_and_disclaimer():
    text = render_result(result())
    assert text.startswith(
        "I found 1 intensive outpatient (IOP) program (LGBTQ+ clients, accepts Medicaid) "
        "within 25 miles of Chicago, IL."
    )
    assert "1. Lakeview Recovery" in text
    assert text.endswith(DISCLAIMER)
    assert "SAMHSA" in DISCLAIMER and "not an endorsement" in DISCLAIMER and "call to confirm" in DISCLAIMER
    assert MORE_HINT not in text
    assert text.isascii()


def test_widened_search_says_so():
    text = headline(result(radius_used=50.0, widened=True))
    assert "none within 25 miles" in text and "within 50 miles of Chicago, IL" in text


def test_empty_results_are_honest():
    text = render_result(result(hits=(), total=0, radius_used=200.0, widened=True))
    assert text == (
        "I couldn't find any intensive outpatient (IOP) programs (LGBTQ+ clients, accepts Medicaid) "
        "within 200 miles of Chicago, IL, even after widening the search from 25 miles."
    )


def test_unsupported_preferences_are_named():
    text = headline(result(unsupported=("evening_hours",)))
    assert "doesn't record evening hours" in text and "ask the program" in text


def test_paging_state_search_and_more_hint():
    hits = [replace(HIT, distance_miles=None, program_id=i) for i in range(5)]
    first = render_result(
        result(
            hits=hits,
            total=12,
            state="IL",
            location_label="Illinois",
            radius_requested=None,
            radius_used=None,
            preferences=(),
        )
    )
    assert first.startswith("I found 12 intensive outpatient (IOP) programs in Illinois.")
    assert "tell me your city or ZIP code" in first
    assert "Showing 1-5 of 12:" in first and MORE_HINT in first
    later = render_result(result(hits=hits[:2], total=12, offset=10, preferences=()))
    assert "Showing 11-12 of 12:" in later and "\n11. " in later and MORE_HINT not in later


def test_sample_listings_are_labelled_as_fictional():
    text = render_result(result(hits=[replace(HIT, source="sample", name="Sample: Lakeview")]))
    assert SAMPLE_NOTICE in text and DISCLAIMER not in text
