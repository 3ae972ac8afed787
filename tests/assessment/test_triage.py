"""Triage: every rule and their combinations, table-driven, plus the outcome messages."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import pytest

from bot.assessment.outcome import (
    CHECK_AGAIN,
    GUIDANCE_NOTE,
    Outcome,
    Situation,
    TriageResult,
    outcome_message,
)
from bot.assessment.triage import triage
from bot.dialogue.prompts import FIND_PROGRAMS, TALK_TO_PERSON
from bot.handoff.reasons import REASONS
from bot.language.preferences import PREFERENCES

S = Situation

# A complete set of answers that on its own is an IOP fit (mild, no co-occurring,
# treated before, no other situation); each case changes only what it is about.
BASE: dict[str, Any] = {
    "for_whom": "self",
    "safety_risk": False,
    "withdrawal_risk": False,
    "step_down": False,
    "severity": "mild",
    "cage_aid_score": 0,
    "co_occurring": ["none"],
    "treated_before": True,
    "relapse": False,
    "responsibilities": ["none"],
}


def answers(**changes: Any) -> dict[str, Any]:
    """BASE with changes; a value of None removes the answer."""
    merged = {**BASE, **changes}
    return {slot: value for slot, value in merged.items() if value is not None}


# id, answers, outcome, situations (for iop_fit), effective severity, a phrase the reasons hold
CASES = [
    # --- safety and withdrawal win over everything ------------------------------
    (
        "safety wins over withdrawal",
        answers(safety_risk=True, withdrawal_risk=True),
        Outcome.CRISIS,
        (),
        None,
        "thoughts of hurting yourself",
    ),
    (
        "withdrawal wins over severe, serious co-occurring and step-down",
        answers(
            withdrawal_risk=True,
            severity="severe",
            co_occurring=["depression"],
            co_occurring_serious=True,
            step_down=True,
        ),
        Outcome.DETOX_FIRST,
        (),
        None,
        "withdrawal",
    ),
    (
        "withdrawal with everything else unanswered",
        {"withdrawal_risk": True},
        Outcome.DETOX_FIRST,
        (),
        None,
        "withdrawal",
    ),
    # --- higher level of care -----------------------------------------------------
    ("severe", answers(severity="severe"), Outcome.HIGHER_LEVEL_OF_CARE, (), "severe", "as severe"),
    (
        "severe and a step-down",
        answers(severity="severe", step_down=True),
        Outcome.HIGHER_LEVEL_OF_CARE,
        (),
        "severe",
        "as severe",
    ),
    (
        "severe with a CAGE-AID score of 0 stays severe",
        answers(severity="severe", cage_aid_score=0),
        Outcome.HIGHER_LEVEL_OF_CARE,
        (),
        "severe",
        "as severe",
    ),
    (
        "moderate and never treated",
        answers(severity="moderate", treated_before=False),
        Outcome.HIGHER_LEVEL_OF_CARE,
        (),
        "moderate",
        "haven't had treatment before",
    ),
    (
        "mild, CAGE-AID 3 and never treated",
        answers(severity="mild", cage_aid_score=3, treated_before=False),
        Outcome.HIGHER_LEVEL_OF_CARE,
        (),
        "moderate",
        "treated it as at least moderate",
    ),
    (
        "unsure, CAGE-AID 2 and never treated",
        answers(severity="unsure", cage_aid_score=2, treated_before=False),
        Outcome.HIGHER_LEVEL_OF_CARE,
        (),
        "moderate",
        "haven't had treatment before",
    ),
    (
        "serious co-occurring concern",
        answers(co_occurring=["depression"], co_occurring_serious=True),
        Outcome.HIGHER_LEVEL_OF_CARE,
        (),
        "mild",
        "depression, and it's serious",
    ),
    (
        "serious concern reported before the list of concerns",
        answers(co_occurring=None, co_occurring_serious=True),
        Outcome.HIGHER_LEVEL_OF_CARE,
        (),
        "mild",
        "it's serious right now",
    ),
    (
        "co-occurring, moderate and never treated",
        answers(co_occurring=["anxiety"], co_occurring_serious=False, severity="moderate", treated_before=False),
        Outcome.HIGHER_LEVEL_OF_CARE,
        (),
        "moderate",
        "haven't had treatment before",
    ),
    # --- dual diagnosis -------------------------------------------------------------
    (
        "co-occurring, not serious, mild",
        answers(co_occurring=["anxiety"], co_occurring_serious=False),
        Outcome.DUAL_DIAGNOSIS,
        (),
        "mild",
        "also dealing with anxiety",
    ),
    (
        "co-occurring, not serious, moderate and treated",
        answers(co_occurring=["trauma", "other"], co_occurring_serious=False, severity="moderate"),
        Outcome.DUAL_DIAGNOSIS,
        (),
        "moderate",
        "past trauma and other mental health concerns",
    ),
    (
        "co-occurring, moderate, step-down (treated) and no treatment answer",
        answers(
            co_occurring=["depression"],
            co_occurring_serious=False,
            severity="moderate",
            step_down=True,
            treated_before=None,
        ),
        Outcome.DUAL_DIAGNOSIS,
        (),
        "moderate",
        "recently finished detox",
    ),
    (
        "co-occurring, mild, treatment history not needed",
        answers(co_occurring=["depression"], co_occurring_serious=False, treated_before=None),
        Outcome.DUAL_DIAGNOSIS,
        (),
        "mild",
        "also dealing with depression",
    ),
    # --- IOP fit, naming 1 to 4 situations --------------------------------------------
    ("fit: mild only", answers(), Outcome.IOP_FIT, (S.MILD_OR_MODERATE,), "mild", "sounds mild"),
    (
        "fit: moderate and treated",
        answers(severity="moderate"),
        Outcome.IOP_FIT,
        (S.MILD_OR_MODERATE,),
        "moderate",
        "sounds moderate",
    ),
    (
        "fit: step-down",
        answers(step_down=True, treated_before=None),
        Outcome.IOP_FIT,
        (S.STEP_DOWN, S.MILD_OR_MODERATE),
        "mild",
        "recently finished detox",
    ),
    (
        "fit: step-down counts as treated even if 'never treated' was said",
        answers(step_down=True, severity="moderate", treated_before=False),
        Outcome.IOP_FIT,
        (S.STEP_DOWN, S.MILD_OR_MODERATE),
        "moderate",
        "recently finished",
    ),
    (
        "fit: relapse",
        answers(relapse=True),
        Outcome.IOP_FIT,
        (S.MILD_OR_MODERATE, S.RELAPSE),
        "mild",
        "sober for a long stretch",
    ),
    (
        "fit: responsibilities",
        answers(responsibilities=["school"]),
        Outcome.IOP_FIT,
        (S.MILD_OR_MODERATE, S.RESPONSIBILITIES),
        "mild",
        "keep up with school",
    ),
    (
        "fit: three situations",
        answers(step_down=True, relapse=True, responsibilities=["none"]),
        Outcome.IOP_FIT,
        (S.STEP_DOWN, S.MILD_OR_MODERATE, S.RELAPSE),
        "mild",
        "sober",
    ),
    (
        "fit: all four situations",
        answers(
            step_down=True, severity="moderate", cage_aid_score=3, relapse=True, responsibilities=["work", "dependents"]
        ),
        Outcome.IOP_FIT,
        (S.STEP_DOWN, S.MILD_OR_MODERATE, S.RELAPSE, S.RESPONSIBILITIES),
        "moderate",
        "a job and caring for others",
    ),
    (
        "fit: mild, CAGE-AID 1, never treated",
        answers(cage_aid_score=1, treated_before=False),
        Outcome.IOP_FIT,
        (S.MILD_OR_MODERATE,),
        "mild",
        "sounds mild",
    ),
    (
        "fit: mild, CAGE-AID 3, treated",
        answers(cage_aid_score=3),
        Outcome.IOP_FIT,
        (S.MILD_OR_MODERATE,),
        "moderate",
        "treated it as at least moderate",
    ),
    (
        "fit: mild, CAGE-AID 4 is moderate, never severe",
        answers(cage_aid_score=4),
        Outcome.IOP_FIT,
        (S.MILD_OR_MODERATE,),
        "moderate",
        "sounds moderate",
    ),
    (
        "fit: unsure, CAGE-AID 0, never treated",
        answers(severity="unsure", cage_aid_score=0, treated_before=False),
        Outcome.IOP_FIT,
        (S.MILD_OR_MODERATE,),
        "mild",
        "went by the screening answers (0 of 4)",
    ),
    (
        "fit: unsure, CAGE-AID 4, treated",
        answers(severity="unsure", cage_aid_score=4),
        Outcome.IOP_FIT,
        (S.MILD_OR_MODERATE,),
        "moderate",
        "sounds moderate",
    ),
    (
        "fit: 'serious' ignored when there are no co-occurring concerns",
        answers(co_occurring=["none"], co_occurring_serious=True),
        Outcome.IOP_FIT,
        (S.MILD_OR_MODERATE,),
        "mild",
        "no other mental health concerns",
    ),
    (
        "fit: relapse and responsibilities not answered yet",
        answers(relapse=None, responsibilities=None),
        Outcome.IOP_FIT,
        (S.MILD_OR_MODERATE,),
        "mild",
        "sounds mild",
    ),
    # --- incomplete: the outcome could still change -------------------------------------
    ("nothing answered", {}, Outcome.UNCERTAIN, (), None, "didn't get through"),
    (
        "withdrawal unanswered, even if severe",
        answers(withdrawal_risk=None, severity="severe"),
        Outcome.UNCERTAIN,
        (),
        None,
        "didn't get through",
    ),
    ("severity unanswered", answers(severity=None), Outcome.UNCERTAIN, (), None, "didn't get through"),
    ("mild without a CAGE-AID score", answers(cage_aid_score=None), Outcome.UNCERTAIN, (), None, "didn't get through"),
    (
        "unsure without a CAGE-AID score",
        answers(severity="unsure", cage_aid_score=None),
        Outcome.UNCERTAIN,
        (),
        None,
        "didn't get through",
    ),
    ("co-occurring unanswered", answers(co_occurring=None), Outcome.UNCERTAIN, (), None, "didn't get through"),
    (
        "moderate, treatment history unanswered",
        answers(severity="moderate", treated_before=None),
        Outcome.UNCERTAIN,
        (),
        None,
        "didn't get through",
    ),
    (
        "moderate, never treated, step-down unanswered",
        answers(severity="moderate", treated_before=False, step_down=None),
        Outcome.UNCERTAIN,
        (),
        None,
        "didn't get through",
    ),
    (
        "co-occurring, seriousness unanswered",
        answers(co_occurring=["anxiety"]),
        Outcome.UNCERTAIN,
        (),
        None,
        "didn't get through",
    ),
    (
        "malformed values count as unanswered",
        answers(severity="extreme", cage_aid_score=7),
        Outcome.UNCERTAIN,
        (),
        None,
        "didn't get through",
    ),
]


@pytest.mark.parametrize(
    "answers_, outcome, situations, severity, phrase",
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_triage_outcome_reasons_and_situations(
    answers_: dict[str, Any],
    outcome: Outcome,
    situations: tuple[Situation, ...],
    severity: str | None,
    phrase: str,
) -> None:
    result = triage(answers_)
    assert result.outcome is outcome
    assert result.situations == situations
    assert result.effective_severity == severity
    assert result.reasons, "every outcome gives at least one reason"
    assert any(phrase in reason for reason in result.reasons), result.reasons


@pytest.mark.parametrize(
    "outcome, handoff_reason, first_button",
    [
        (Outcome.CRISIS, "crisis", TALK_TO_PERSON),
        (Outcome.DETOX_FIRST, "detox", TALK_TO_PERSON),
        (Outcome.HIGHER_LEVEL_OF_CARE, "higher_level_of_care", TALK_TO_PERSON),
        (Outcome.DUAL_DIAGNOSIS, "dual_diagnosis", FIND_PROGRAMS),
        (Outcome.IOP_FIT, None, FIND_PROGRAMS),
        (Outcome.UNCERTAIN, None, TALK_TO_PERSON),
    ],
)
def test_handoff_reason_and_recommended_next_step(
    outcome: Outcome, handoff_reason: str | None, first_button: Any
) -> None:
    result = next(triage(case[1]) for case in CASES if case[2] is outcome)
    assert result.handoff_reason == handoff_reason
    assert result.next_steps[0] == first_button
    if handoff_reason is not None:
        assert handoff_reason in REASONS  # a reason the handoff records understand
    if outcome is not Outcome.CRISIS:
        assert set(result.next_steps) == {FIND_PROGRAMS, TALK_TO_PERSON, CHECK_AGAIN}
        assert CHECK_AGAIN.payload == '/assess_fit{"choice":"redo"}'


@pytest.mark.parametrize(
    "answers_, preferences",
    [
        (answers(co_occurring=["anxiety"], co_occurring_serious=False), ("dual_diagnosis",)),
        (answers(co_occurring=["anxiety"], co_occurring_serious=True), ("dual_diagnosis",)),
        (
            answers(co_occurring=["trauma"], co_occurring_serious=False, severity="moderate", treated_before=False),
            ("dual_diagnosis",),
        ),
        (answers(), ()),
        (answers(severity="severe"), ()),
        (answers(safety_risk=True, co_occurring=["anxiety"]), ()),
    ],
)
def test_dual_diagnosis_search_preset_whenever_concerns_were_reported(
    answers_: dict[str, Any], preferences: tuple[str, ...]
) -> None:
    result = triage(answers_)
    assert result.search_preferences == preferences
    assert set(result.search_preferences) <= PREFERENCES


@pytest.mark.parametrize("score, positive", [(None, None), (0, False), (1, False), (2, True), (3, True), (4, True)])
def test_cage_aid_score_and_standard_cut_off(score: int | None, positive: bool | None) -> None:
    result = triage(answers(cage_aid_score=score))
    assert result.cage_aid_score == score
    assert result.cage_aid_positive is positive


def test_score_from_a_rasa_float_slot_is_read_as_a_whole_number() -> None:
    result = triage(answers(cage_aid_score=2.0))
    assert result.cage_aid_score == 2 and result.cage_aid_positive is True


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


def test_triage_accepts_answers_object_and_mapping_alike() -> None:
    from bot.assessment import Answers

    given = answers(relapse=True, responsibilities=["work"])
    assert triage(Answers.from_slots(given)) == triage(given)


def test_result_is_a_frozen_dataclass() -> None:
    result = triage(answers())
    assert isinstance(result, TriageResult)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.outcome = Outcome.UNCERTAIN  # type: ignore[misc]


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
