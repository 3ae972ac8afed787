"""Fallback counting, the handoff reason of a request, and button payloads."""

import json

import pytest

from actions.handoff import OFFERING_ACTIONS
from bot.dialogue.fallback import consecutive_misses, fallback_prompt
from bot.dialogue.prompts import NEXT_STEPS, TALK_TO_PERSON, choice_payload, intent_payload, with_next_steps
from bot.handoff.reasons import REASONS, reason_for_request


@pytest.mark.parametrize(
    "intents, expected",
    [
        ([], 0),
        (["greet"], 0),
        (["nlu_fallback"], 1),
        (["greet", "nlu_fallback"], 1),
        (["nlu_fallback", "out_of_scope"], 2),
        (["nlu_fallback", "faq", "nlu_fallback"], 1),
        (["out_of_scope", "nlu_fallback", "nlu_fallback"], 3),
    ],
)
def test_consecutive_misses_counts_only_the_latest_run(intents, expected):
    assert consecutive_misses(intents) == expected


def test_first_miss_asks_to_rephrase_and_says_what_the_assistant_does():
    prompt = fallback_prompt(1)
    assert "say it another way" in prompt.text
    assert "find programs" in prompt.text
    assert TALK_TO_PERSON in prompt.buttons


def test_out_of_scope_is_said_honestly():
    assert fallback_prompt(1, out_of_scope=True).text.startswith("That's outside what I can help with")


@pytest.mark.parametrize("misses", [2, 3, 7])
def test_two_misses_in_a_row_offer_a_person_first(misses):
    prompt = fallback_prompt(misses)
    assert "talk to a person" in prompt.text
    assert prompt.buttons[0] == TALK_TO_PERSON


@pytest.mark.parametrize(
    "previous, offered, expected",
    [
        ("action_crisis_followup", "crisis", "crisis"),
        ("action_handle_fallback", "fallback", "fallback"),
        ("action_assessment_outcome", "detox", "detox"),
        ("action_assessment_outcome", "higher_level_of_care", "higher_level_of_care"),
        ("action_search_programs", "no_program_found", "no_program_found"),
        ("action_search_programs", "travel", "travel"),
        ("utter_faq", "crisis", "visitor_request"),  # the offer was not the last turn
        (None, None, "visitor_request"),
        ("action_assessment_outcome", None, "visitor_request"),
        ("action_handle_fallback", "made_up", "visitor_request"),
    ],
)
def test_reason_for_request(previous, offered, expected):
    assert reason_for_request(previous in OFFERING_ACTIONS, offered) == expected
    assert expected in REASONS


def test_payloads_are_rasa_intent_syntax():
    assert intent_payload("find_program") == "/find_program"
    payload = choice_payload("loved_one")
    assert payload.startswith("/inform{")
    assert json.loads(payload[len("/inform") :]) == {"choice": "loved_one"}


def test_with_next_steps_can_put_one_step_first_without_repeating_it():
    prompt = with_next_steps("text", first=TALK_TO_PERSON)
    assert prompt.buttons[0] == TALK_TO_PERSON
    assert sorted(b.payload for b in prompt.buttons) == sorted(b.payload for b in NEXT_STEPS)


def test_offering_actions_are_actions_of_the_domain():
    # A renamed action would silently stop counting as an offer.
    from pathlib import Path

    import yaml

    domain = yaml.safe_load((Path(__file__).resolve().parents[2] / "domain.yml").read_text())
    # an action with options (send_domain) is a one-key mapping, as Rasa reads it
    names = {name for entry in domain["actions"] for name in ([entry] if isinstance(entry, str) else entry)}
    assert names >= OFFERING_ACTIONS
