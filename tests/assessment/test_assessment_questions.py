"""bot/assessment/questions.py (with slots.py and audience.py): the intro, each
question's wording for you and for a loved one, and its buttons."""

from __future__ import annotations

import json
import re

import pytest

from bot.assessment import (
    ASSESSMENT_SLOTS,
    QUESTION_ORDER,
    QUESTIONS,
    assessment_intro,
    parse_answer,
    question_for,
    remaining_questions,
)


def test_intro_counts_the_planned_questions() -> None:
    text = assessment_intro(len(remaining_questions({})))
    assert "up to 10 short questions" in text and "not a diagnosis" in text
    assert "stop" in text


# --- wording and buttons ------------------------------------------------------------------

SELF = {"for_whom": "self", "co_occurring": ["anxiety", "depression"]}
SON = {"for_whom": "loved_one", "loved_one_relation": "son", "co_occurring": ["anxiety", "depression"]}
SOMEONE = {"for_whom": "loved_one", "co_occurring": ["trauma"]}
_SECOND_PERSON = re.compile(r"\b(?:are|do|have|were|did) you\b|\byour (?:life|drinking|use)\b|\byourself\b", re.I)


@pytest.mark.parametrize("slot", QUESTION_ORDER)
def test_each_question_is_short_with_a_button_for_every_answer(slot: str) -> None:
    prompt = question_for(slot, SELF)
    assert prompt.text and prompt.buttons
    assert len(prompt.buttons) == len(QUESTIONS[slot].options) >= 2
    if slot != "cage_aid_score":  # the screen lists its four items
        assert len(re.findall(r"[.?!](?=\s|$)", prompt.text)) <= 4, prompt.text


@pytest.mark.parametrize("slot", QUESTION_ORDER[1:])
def test_questions_about_a_loved_one_name_them_and_never_address_the_visitor(slot: str) -> None:
    about_son = question_for(slot, SON).text
    assert "your son" in about_son.lower()
    assert not _SECOND_PERSON.search(about_son), about_son
    about_someone = question_for(slot, SOMEONE).text
    assert "your loved one" in about_someone.lower()
    assert "your son" not in about_someone
    for_self = question_for(slot, SELF).text
    assert "loved one" not in for_self and "your son" not in for_self


def test_wording_starts_with_a_capital_for_a_loved_one() -> None:
    text = question_for("co_occurring_serious", SON).text
    assert text.startswith("You mentioned your son's anxiety and depression.")
    assert question_for("co_occurring_serious", SELF).text.startswith("You mentioned anxiety and depression.")


def test_cage_aid_lists_all_four_items_for_you_and_for_them() -> None:
    for given, words in [(SELF, ("you",)), (SON, ("they", "their"))]:
        text = question_for("cage_aid_score", given).text
        for item in ("cut down", "annoyed", "guilty", "first thing in the morning"):
            assert item in text
        assert all(re.search(rf"\b{w}\b", text) for w in words)
    titles = [b.title for b in question_for("cage_aid_score", SELF).buttons]
    assert titles == ["None", "1", "2", "3", "All 4"]


def test_severity_options_are_described_in_plain_words() -> None:
    titles = [b.title for b in question_for("severity", SELF).buttons]
    assert titles[0].startswith("Mild: ") and titles[1].startswith("Moderate: ")
    assert titles[2].startswith("Severe: ") and titles[3] == "Not sure"


def test_asking_again_apologises_and_keeps_the_buttons() -> None:
    first = question_for("relapse", SELF)
    again = question_for("relapse", SELF, again=True)
    assert again.text.startswith("Sorry, I didn't quite catch that.")
    assert again.text.endswith(first.text) and again.buttons == first.buttons


_PAYLOAD = re.compile(r'^/inform(\{"choice":"[a-z_0-9]+"\})$')


@pytest.mark.parametrize("slot", QUESTION_ORDER)
def test_every_button_payload_and_title_parse_back_to_its_value(slot: str) -> None:
    for option, button in zip(QUESTIONS[slot].options, question_for(slot, SON).buttons, strict=True):
        match = _PAYLOAD.match(button.payload)
        assert match, button.payload
        choice = json.loads(match.group(1))["choice"]
        assert choice == option.value
        clicked = parse_answer(slot, button.payload, choice=choice)
        typed = parse_answer(slot, button.title)
        assert clicked is not None and typed is not None, button
        assert typed.value == clicked.value, button
        expected = {"yes": True, "no": False}.get(choice, choice)
        if slot == "cage_aid_score":
            expected = int(choice)
        if slot in ("co_occurring", "responsibilities"):
            expected = [choice]
        assert clicked.value == expected


def test_unknown_relations_are_not_used_in_wording() -> None:
    given = {"for_whom": "loved_one", "loved_one_relation": "{who} <i>x</i>"}
    text = question_for("step_down", given).text
    assert text.startswith("Has your loved one recently finished")


def test_assessment_slots_cover_every_question_and_the_relation() -> None:
    assert set(ASSESSMENT_SLOTS) == set(QUESTION_ORDER) | {"loved_one_relation"}
    assert tuple(QUESTIONS) == QUESTION_ORDER
