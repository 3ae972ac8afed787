"""Triage (bot/assessment/triage.py): every rule and their combinations, table-driven
(tests/assessment/triage_cases.py); the outcome messages are in test_outcome.py."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from bot.assessment.outcome import CHECK_AGAIN, Outcome, Situation, TriageResult
from bot.assessment.triage import triage
from bot.dialogue.prompts import FIND_PROGRAMS, TALK_TO_PERSON
from bot.handoff.reasons import REASONS
from bot.language.preferences import PREFERENCES
from tests.assessment.triage_cases import CASES, answers


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


def test_triage_accepts_answers_object_and_mapping_alike() -> None:
    from bot.assessment import Answers

    given = answers(relapse=True, responsibilities=["work"])
    assert triage(Answers.from_slots(given)) == triage(given)


def test_result_is_a_frozen_dataclass() -> None:
    result = triage(answers())
    assert isinstance(result, TriageResult)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.outcome = Outcome.UNCERTAIN  # type: ignore[misc]
