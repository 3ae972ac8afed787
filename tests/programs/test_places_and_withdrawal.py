"""Issue 12: a place named anywhere in a search request is searched without asking
"where?", and withdrawal described in a visitor's own words is read as withdrawal.

Messages are written for these tests (not taken from data/ or tests/heldout/)."""

from __future__ import annotations

import pytest

from actions.search import ValidateLocationForm
from bot.language.intake_facts import extract_facts
from bot.programs.locations import Ambiguous, Resolved, resolve_location
from bot.programs.place_mentions import place_in_message
from tests.actions.test_actions import action, slot, tracker, user, validate


def named(text: str) -> Resolved | Ambiguous:
    phrase = place_in_message(text)
    assert phrase is not None, f"{text!r} names no place"
    result = resolve_location(phrase)
    assert isinstance(result, (Resolved, Ambiguous)), f"{text!r} -> {phrase!r} -> {result}"
    return result


# --- bot/programs/locations.py: place_in_message -----------------------------------


@pytest.mark.parametrize(
    "text, label",
    [
        ("any iop near tacoma", "Tacoma, WA"),
        ("outpatient programs in austin tx?", "Austin, TX"),
        ("im in 98402 what do you have", "98402 (Tacoma, WA)"),
        ("looking for something around boise idaho for my son", "Boise, ID"),
        ("evening groups in madison wi", "Madison, WI"),
        ("my sister is close to albany ny, anything there", "Albany, NY"),
        ("anything near tulsa ok for my husband", "Tulsa, OK"),
        ("need outpatient help, we moved outside of the lubbock area", "Lubbock, TX"),
        ("what do you have in montana", "Montana"),
        ("programs in tx that take medicaid", "Texas"),
        ("zip 30318 any iops for teens", "30318 (Atlanta, GA)"),
    ],
)
def test_a_place_anywhere_in_a_message_is_found(text: str, label: str) -> None:
    result = named(text)
    assert isinstance(result, Resolved)
    assert result.location.label == label


def test_a_city_in_several_states_named_in_a_message_asks_which() -> None:
    result = named("is there an iop near springfield for my dad")
    assert isinstance(result, Ambiguous)
    assert result.options[0].label == "Springfield, IL"


@pytest.mark.parametrize(
    "text",
    [
        "lgbtq friendly iop near me",  # Friendly, WV
        "is there hope for my son",  # Hope, AR
        "what if i relapse in the middle of the program",  # Middle, NJ
        "can i sleep at home during iop",
        "i just want to stop",
        "does it cost $10000 or more",
        "find programs near me",
        "can i do iop in another state",
        "in plain words what is an iop",
        "im in ok shape just need evening groups",
    ],
)
def test_words_that_happen_to_be_small_towns_are_no_place(text: str) -> None:
    assert place_in_message(text) is None


# --- actions/search.py: the search form reads the place from the request -------------


def activation(text: str, intent: str = "find_program", extracted: str | None = None):
    """The tracker Rasa sends when a request activates the location form;
    `extracted` is the location entity its slot mapping filled (Rasa appends such
    candidates after the form's action, where slots_to_validate finds them)."""
    entities = [{"entity": "location", "value": extracted}] if extracted else []
    filled = [slot("location", extracted)] if extracted else []
    events = [
        action("action_listen"),
        user(text, intent, entities),
        slot("requested_slot", None),
        action("location_form"),
        *filled,
    ]
    return tracker(events, {"location": extracted}, "location_form")


def slots_after(trk) -> tuple[list, dict]:
    messages, events = validate(ValidateLocationForm(), trk)
    return messages, {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def test_a_city_the_entity_extractor_missed_is_searched_without_asking_where() -> None:
    _, slots = slots_after(activation("any iop near tacoma"))
    assert slots["location"] == "Tacoma, WA"


def test_a_zip_code_in_a_sentence_is_searched() -> None:
    _, slots = slots_after(activation("im in 98402 what do you have", "nlu_fallback"))
    assert slots["location"] == "98402 (Tacoma, WA)"


def test_the_whole_place_wins_over_the_part_the_extractor_tagged() -> None:
    _, slots = slots_after(activation("evening groups in madison wi", extracted="wi"))
    assert slots["location"] == "Madison, WI"


def test_an_ambiguous_city_in_the_request_asks_which_with_options() -> None:
    _, slots = slots_after(activation("need a program for my dad near springfield"))
    assert slots["location"] is None
    assert "Springfield, IL" in slots["location_options"]


def test_another_state_request_keeps_the_place_it_is_about() -> None:
    # the extracted destination, kept by action_out_of_state
    _, slots = slots_after(activation("we live in iowa but want a program in utah", "out_of_state", "utah"))
    assert slots["location"] == "Utah"


def test_another_state_request_without_an_extracted_place_reads_it_from_the_text() -> None:
    _, slots = slots_after(activation("can my son do iop out in arizona", "out_of_state"))
    assert slots["location"] == "Arizona"


def test_a_request_without_a_place_still_asks_where() -> None:
    _, slots = slots_after(activation("lgbtq friendly iop near me"))
    assert slots.get("location") is None
    assert not slots.get("location_options")


# --- bot/language/intake_cues.yml: withdrawal described, not named ------------------


@pytest.mark.parametrize(
    "text",
    [
        "i sweat through my sheets whenever i dont drink, is iop enough",
        "my body aches and i cant sleep every time i quit the pills, can outpatient handle that",
        "i feel like im dying when i come off the benzos, would iop work",
        "when my wife runs out of her pills she throws up all day, is outpatient enough for her",
        "my dad gets the shakes every time he stops drinking, can he do iop",
        "my heart races for days after i stop drinking, should i just do iop",
    ],
)
def test_withdrawal_described_in_own_words_is_read(text: str) -> None:
    assert extract_facts(text).withdrawal_risk is True


@pytest.mark.parametrize(
    "text",
    [
        "i sweat a lot at the gym, does iop have evening groups",
        "my heart races when i think about telling my boss",
        "when my son runs out of money he calls me",
    ],
)
def test_the_same_words_without_stopping_are_no_withdrawal(text: str) -> None:
    assert extract_facts(text).withdrawal_risk is not True
