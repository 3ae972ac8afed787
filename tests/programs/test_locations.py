"""bot/programs/locations.py: understanding ZIPs, cities, states and "near me" (offline)."""

from __future__ import annotations

import pytest

from bot.programs.locations import (
    Ambiguous,
    CityOption,
    NeedsLocation,
    NotFound,
    Resolved,
    city_options,
    find_city,
    lookup_zip,
    normalize_zip,
    resolve_location,
    state_abbreviation,
    state_location,
    state_name,
)


def resolved(text: str):
    result = resolve_location(text)
    assert isinstance(result, Resolved), f"{text!r} -> {result}"
    return result.location


# --- ZIP codes ----------------------------------------------------------------


@pytest.mark.parametrize("text", ["60614", "60614-2033", "around 60614", "my zip is 60614 thanks"])
def test_zip_codes_resolve_to_their_centroid(text):
    location = resolved(text)
    assert location.kind == "zip"
    assert (location.zip, location.city, location.state) == ("60614", "Chicago", "IL")
    assert location.latitude == pytest.approx(41.92, abs=0.05)
    assert location.longitude == pytest.approx(-87.65, abs=0.05)
    assert location.label == "60614 (Chicago, IL)"


@pytest.mark.parametrize("zip_code", ["00000", "99999"])
def test_impossible_or_unknown_zip_gets_a_clear_message(zip_code):
    result = resolve_location(zip_code)
    assert isinstance(result, NotFound)
    assert zip_code in result.message
    assert "city and state" in result.message


def test_a_number_that_is_not_a_zip_code_says_zip_codes_have_five_digits():
    result = resolve_location("6061")
    assert isinstance(result, NotFound)
    assert "5 digits" in result.message


def test_zip_helpers():
    assert normalize_zip("2134") == "02134"  # leading zero lost by a spreadsheet
    assert normalize_zip("60614-2033") == "60614"
    assert normalize_zip("ABCDE") is None
    assert normalize_zip("12") is None
    assert lookup_zip("00000") is None
    assert lookup_zip("02134").city == "Allston"


# --- cities and states ----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["Chicago, IL", "chicago il", "CHICAGO IL", "Chicago, Illinois", "in chicago", "I live near Chicago please"],
)
def test_city_with_or_without_state_and_extra_words(text):
    location = resolved(text)
    assert (location.kind, location.city, location.state) == ("city", "Chicago", "IL")
    assert location.label == "Chicago, IL"


@pytest.mark.parametrize(
    "text, city, state",
    [
        ("near austin tx", "Austin", "TX"),
        ("austin texas", "Austin", "TX"),
        ("Portland OR", "Portland", "OR"),
        ("Portland, Maine", "Portland", "ME"),
        ("springfield mo", "Springfield", "MO"),
        ("kansas city kansas", "Kansas City", "KS"),
        ("st. louis, mo", "Saint Louis", "MO"),
        ("ft worth tx", "Fort Worth", "TX"),
        ("Billings, MT", "Billings", "MT"),
        ("Mt Vernon, NY", "Mount Vernon", "NY"),
        ("charleston west virginia", "Charleston", "WV"),
        ("Coeur d'Alene", "Coeur D Alene", "ID"),
        ("Winston-Salem", "Winston Salem", "NC"),
    ],
)
def test_city_forms(text, city, state):
    location = resolved(text)
    assert (location.city, location.state) == (city, state)


@pytest.mark.parametrize(
    "text, city, state",
    [("Chicgo", "Chicago", "IL"), ("chicgo, il", "Chicago", "IL"), ("Pittsburg pa", "Pittsburgh", "PA")],
)
def test_misspelt_cities_resolve_to_the_closest_name(text, city, state):
    location = resolved(text)
    assert (location.city, location.state) == (city, state)


def test_a_city_in_several_states_is_ambiguous_most_likely_first():
    result = resolve_location("Springfield")
    assert isinstance(result, Ambiguous)
    assert result.city == "Springfield"
    states = [option.state for option in result.options]
    assert states[0] == "IL"
    assert {"MA", "MO"} <= set(states)
    assert 2 <= len(states) <= 5
    assert "Springfield" in result.question
    # Each option, sent back as a button, resolves to that city.
    for option in result.options:
        location = resolved(option.label)
        assert (location.city, location.state) == (option.city, option.state)


def test_kansas_city_alone_asks_missouri_or_kansas():
    result = resolve_location("Kansas City")
    assert isinstance(result, Ambiguous)
    assert result.options == (CityOption("Kansas City", "MO"), CityOption("Kansas City", "KS"))


def test_city_options_are_ranked_by_zip_count():
    options = city_options("Portland")
    assert options[0] == CityOption("Portland", "OR")
    assert options[1] == CityOption("Portland", "ME")


@pytest.mark.parametrize(
    "text, state",
    [
        ("TX", "TX"),
        ("texas", "TX"),
        ("New Mexico", "NM"),
        ("in TX", "TX"),
        ("I'm in rural Texas", "TX"),
        ("in", "IN"),
        ("me", "ME"),
        ("ok", "OK"),
        ("hi", "HI"),
        ("or", "OR"),
        ("Washington", "WA"),
    ],
)
def test_states_by_name_or_abbreviation(text, state):
    location = resolved(text)
    assert (location.kind, location.state) == ("state", state)
    assert location.label == state_name(state)
    assert location.city is None


@pytest.mark.parametrize("text", ["call me", "chicago in", "text me ok"])
def test_word_like_abbreviations_are_not_states_inside_a_sentence(text):
    result = resolve_location(text)
    if isinstance(result, Resolved):
        assert result.location.kind != "state"
        assert result.location.state not in {"ME", "IN", "OK"}


def test_chicago_in_reads_as_chicago_illinois():
    location = resolved("chicago in")
    assert (location.city, location.state) == ("Chicago", "IL")


def test_unknown_city_in_a_known_state_names_the_state():
    result = resolve_location("Blahville, TX")
    assert isinstance(result, NotFound)
    assert "Texas" in result.message


@pytest.mark.parametrize("text", ["xyzzy", "qwrtpsdf", ""])
def test_unknown_places_get_a_clear_message(text):
    result = resolve_location(text)
    assert isinstance(result, NotFound)
    assert "ZIP code" in result.message


@pytest.mark.parametrize("text", ["near me", "nearby", "close to me", "somewhere around here"])
def test_near_me_asks_where(text):
    result = resolve_location(text)
    assert isinstance(result, NeedsLocation)
    assert "ZIP code" in result.message


def test_messages_do_not_repeat_what_the_visitor_typed():
    result = resolve_location("my zorblax")
    assert isinstance(result, NotFound)
    assert "zorblax" not in result.message.lower()


def test_state_and_city_helpers():
    assert state_name("tx") == "Texas"
    assert state_abbreviation("new york") == "NY"
    assert state_abbreviation("NY") == "NY"
    assert state_abbreviation("Gotham") is None
    with pytest.raises(KeyError):
        state_name("XX")
    texas = state_location("TX")
    assert texas.kind == "state" and 25 < texas.latitude < 37 and -107 < texas.longitude < -93
    assert find_city("saint louis", "mo").label == "Saint Louis, MO"
    assert find_city("Chicago", "TX") is None


@pytest.mark.parametrize("text", ["can i go to rehab in another state", "i go there every day", "so i go"])
def test_short_words_are_not_joined_into_a_city_name(text):
    result = resolve_location(text)
    assert not (isinstance(result, Resolved) and result.location.city == "Igo")


@pytest.mark.parametrize(
    "text, state",
    [
        ("i need a program for meth in tx", "TX"),
        ("lgbtq friendly iop in texas", "TX"),
        ("in ohio for my son", "OH"),
    ],
)
def test_words_away_from_the_state_are_not_taken_for_a_city(text, state):
    result = resolve_location(text)
    assert isinstance(result, Resolved) and result.location.kind == "state"
    assert result.location.state == state
