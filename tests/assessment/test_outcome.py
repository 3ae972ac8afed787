"""The outcome messages (bot/assessment/outcome.py) for the triage results of the
case table (tests/assessment/triage_cases.py) and of the outcomes that fit the person."""

from __future__ import annotations

import re
from typing import Any

import pytest

from bot.assessment.outcome import GUIDANCE_NOTE, Outcome, outcome_message
from bot.assessment.triage import triage
from bot.dialogue.prompts import TALK_TO_PERSON
from tests.assessment.triage_cases import CASES, answers

# --- messages ---------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")


@pytest.mark.parametrize("case", [c for c in CASES if c[2] is not Outcome.CRISIS], ids=lambda c: c[0])
def test_every_outcome_message_explains_says_guidance_and_offers_next_steps(case: Any) -> None:
    _, answers_, outcome, _, _, _ = case
    result = triage(answers_)
    prompt = outcome_message(result, answers_)
    assert GUIDANCE_NOTE in prompt.text
    rest = prompt.text.replace(GUIDANCE_NOTE, "").replace("dual-diagnosis", "").lower()
    for label in ("diagnos", "disorder", "alcoholic", "addict"):
        assert label not in rest, f"never a diagnosis or a label: {prompt.text}"
    assert prompt.buttons == result.next_steps and len(prompt.buttons) == 3
    assert len(_SENTENCE_END.findall(prompt.text)) <= 5, prompt.text
    if outcome is not Outcome.UNCERTAIN:
        assert "That's because " in prompt.text
        shown = [r for r in result.reasons if "screening answers" not in r]
        for reason in shown:
            assert reason in prompt.text
    if result.cage_aid_score is not None:
        assert f"{result.cage_aid_score} of 4 answer" in prompt.text
        assert "cut-off of 2" in prompt.text or "2 or more" in prompt.text


@pytest.mark.parametrize(
    "answers_, headline",
    [
        (answers(withdrawal_risk=True), "detox looks like the safest first step"),
        (answers(severity="severe"), "residential treatment or partial hospitalization"),
        (answers(co_occurring=["anxiety"], co_occurring_serious=False), "dual-diagnosis care"),
        (answers(), "IOP looks like a good fit for you."),
        ({}, "can't tell yet"),
    ],
)
def test_outcome_headlines(answers_: dict[str, Any], headline: str) -> None:
    assert headline in outcome_message(triage(answers_), answers_).text


def test_fit_message_names_the_matching_situations() -> None:
    given = answers(step_down=True, treated_before=None, responsibilities=["work"])
    text = outcome_message(triage(given), given).text
    assert (
        "That's because you recently finished detox or inpatient care, your use sounds mild "
        "with no other mental health concerns, and you need to keep up with a job." in text
    )


def test_screen_that_lifts_a_mild_rating_is_explained_with_the_score() -> None:
    given = answers(cage_aid_score=3, treated_before=False)
    result = triage(given)
    text = outcome_message(result, given).text
    assert result.outcome is Outcome.HIGHER_LEVEL_OF_CARE
    assert "You rated it mild, but on the CAGE-AID screen 3 of 4 answers were yes" in text
    assert "treated it as at least moderate" in text
    assert text.count("treated it as at least moderate") == 1


def test_negative_screen_is_reported_below_the_cut_off() -> None:
    given = answers(cage_aid_score=1)
    text = outcome_message(triage(given), given).text
    assert "1 of 4 answers was yes, below the usual cut-off of 2." in text


@pytest.mark.parametrize("case", CASES, ids=lambda c: c[0])
def test_loved_one_wording_in_reasons_and_message(case: Any) -> None:
    _, answers_, outcome, _, _, _ = case
    about_son = {**answers_, "for_whom": "loved_one", "loved_one_relation": "son"}
    result = triage(about_son)
    assert result.outcome is outcome, "who it is for never changes the outcome"
    text = outcome_message(result, about_son).text
    for reason in result.reasons:
        assert not re.search(r"\byou(?:'re| were| have| need| may)\b", reason), reason
        assert not reason.startswith("your use"), reason
    if outcome not in (Outcome.UNCERTAIN, Outcome.DUAL_DIAGNOSIS):
        assert "your son" in text
    assert "your use" not in text and "for you." not in text


def test_unknown_relation_text_is_never_echoed() -> None:
    given = answers(for_whom="loved_one", loved_one_relation="<b>neighbour's cat</b>")
    text = outcome_message(triage(given), given).text
    assert "your loved one" in text and "<b>" not in text and "cat" not in text


def test_crisis_message_points_to_988_and_911() -> None:
    given = answers(safety_risk=True)
    result = triage(given)
    prompt = outcome_message(result, given)
    assert "988" in prompt.text and "911" in prompt.text
    assert prompt.buttons == (TALK_TO_PERSON,)
    assert result.handoff_reason == "crisis"


# --- outcomes that fit the person (issue 12) ---------------------------------------------


@pytest.mark.parametrize(
    "given, outcome",
    [
        (answers(co_occurring=["anxiety"], co_occurring_serious=False), Outcome.DUAL_DIAGNOSIS),
        (answers(co_occurring=["depression"], co_occurring_serious=True), Outcome.HIGHER_LEVEL_OF_CARE),
        (answers(co_occurring=None, co_occurring_serious=True), Outcome.HIGHER_LEVEL_OF_CARE),
        (answers(co_occurring=["trauma"], co_occurring_serious=False, severity="severe"), Outcome.HIGHER_LEVEL_OF_CARE),
        (answers(co_occurring=["depression"], withdrawal_risk=True), Outcome.DETOX_FIRST),
    ],
    ids=[
        "dual diagnosis",
        "serious concern",
        "serious, list unanswered",
        "severe with trauma",
        "withdrawal with depression",
    ],
)
def test_a_mental_health_concern_points_to_dual_diagnosis_care_and_says_why(
    given: dict[str, Any], outcome: Outcome
) -> None:
    result = triage(given)
    assert result.outcome is outcome
    text = outcome_message(result, given).text
    assert "dual-diagnosis (co-occurring) care" in text
    assert "treats mental health and substance use together" in text
    assert "recovery covers both" in text
    assert len(_SENTENCE_END.findall(text)) <= 5, text


@pytest.mark.parametrize(
    "given",
    [
        answers(),
        answers(severity="severe"),
        answers(severity="moderate", treated_before=False),
        answers(withdrawal_risk=True),
    ],
    ids=["fit", "severe", "moderate untreated", "withdrawal"],
)
def test_no_concern_means_no_dual_diagnosis_advice(given: dict[str, Any]) -> None:
    assert "dual-diagnosis" not in outcome_message(triage(given), given).text


@pytest.mark.parametrize(
    "given, reasons",
    [
        (answers(severity="severe"), ("you described your drinking or drug use as severe",)),
        (
            answers(severity="severe", treated_before=False),
            ("you described your drinking or drug use as severe", "you haven't had treatment before"),
        ),
        (
            answers(severity="moderate", treated_before=False),
            ("your use is at a moderate level and you haven't had treatment before",),
        ),
    ],
    ids=["severe", "severe and never treated", "moderate and never treated"],
)
def test_higher_level_of_care_gives_the_reason_what_it_adds_and_an_advisor(
    given: dict[str, Any], reasons: tuple[str, ...]
) -> None:
    result = triage(given)
    prompt = outcome_message(result, given)
    assert result.outcome is Outcome.HIGHER_LEVEL_OF_CARE
    assert result.reasons == reasons
    assert f"That's because {' and '.join(reasons)}." in prompt.text
    assert "gives more support and structure every day" in prompt.text
    assert "An advisor can talk the options through with you" in prompt.text
    assert prompt.buttons[0] == TALK_TO_PERSON


def test_severe_and_never_treated_for_a_loved_one() -> None:
    given = answers(severity="severe", treated_before=False, for_whom="loved_one", loved_one_relation="husband")
    text = outcome_message(triage(given), given).text
    assert (
        "That's because you described your husband's drinking or drug use as severe "
        "and your husband hasn't had treatment before."
    ) in text
