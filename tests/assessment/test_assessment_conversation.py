"""The whole check as a new visitor meets it, with free text only: planning,
questions and parsing lead to the right triage outcome with its reasons."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from bot.assessment import (
    MAX_QUESTIONS,
    next_question,
    parse_answer,
    question_for,
)
from bot.assessment.triage import Outcome, Situation, triage


def converse(replies: Mapping[str, str]) -> tuple[dict[str, Any], list[str]]:
    """Answer each planned question with the scripted free-text reply."""
    given: dict[str, Any] = {}
    asked: list[str] = []
    while (slot := next_question(given)) is not None:
        assert slot not in asked, f"{slot} asked twice"
        asked.append(slot)
        question_for(slot, given)  # every question can be worded at this point
        result = parse_answer(slot, replies[slot], answers=given)
        assert result is not None, (slot, replies[slot])
        given.update(result.slot_values())
    return given, asked


SCENARIOS = [
    (  # article situation 1: step-down after inpatient care (and working)
        {
            "for_whom": "it's for me",
            "safety_risk": "no",
            "withdrawal_risk": "nope",
            "step_down": "yes I just got out of inpatient last week",
            "severity": "moderate i think",
            "cage_aid_score": "2 of them",
            "co_occurring": "none",
            "relapse": "no",
            "responsibilities": "I work full time",
        },
        Outcome.IOP_FIT,
        (Situation.STEP_DOWN, Situation.MILD_OR_MODERATE, Situation.RESPONSIBILITIES),
        "you recently finished detox or inpatient care",
    ),
    (  # situation 2: mild, no co-occurring concerns (about a daughter)
        {
            "for_whom": "for my daughter",
            "safety_risk": "no",
            "withdrawal_risk": "no",
            "step_down": "no",
            "severity": "mild",
            "cage_aid_score": "just one",
            "co_occurring": "nope",
            "relapse": "nah",
            "responsibilities": "none of these",
        },
        Outcome.IOP_FIT,
        (Situation.MILD_OR_MODERATE,),
        "your daughter's use sounds mild with no other mental health concerns",
    ),
    (  # situation 3: relapse after a long stretch sober
        {
            "for_whom": "me",
            "safety_risk": "no",
            "withdrawal_risk": "no",
            "step_down": "no",
            "severity": "not that bad",
            "cage_aid_score": "none",
            "co_occurring": "no",
            "relapse": "i was sober 3 years and relapsed last month",
            "responsibilities": "no",
        },
        Outcome.IOP_FIT,
        (Situation.MILD_OR_MODERATE, Situation.RELAPSE),
        "you were sober for a long stretch",
    ),
    (  # situation 4: responsibilities, moderate use, treated before (the 10-question path)
        {
            "for_whom": "my husband",
            "safety_risk": "no",
            "withdrawal_risk": "no",
            "step_down": "no",
            "severity": "pretty bad",
            "cage_aid_score": "yes to the first and last",
            "co_occurring": "no",
            "treated_before": "yeah he did outpatient once",
            "relapse": "no",
            "responsibilities": "he works full time and has 2 kids",
        },
        Outcome.IOP_FIT,
        (Situation.MILD_OR_MODERATE, Situation.RESPONSIBILITIES),
        "your husband needs to keep up with a job and caring for others",
    ),
    (  # withdrawal
        {"for_whom": "me", "safety_risk": "no", "withdrawal_risk": "I get the shakes when I stop drinking"},
        Outcome.DETOX_FIRST,
        (),
        "you may get withdrawal",
    ),
    (  # moderate and never treated
        {
            "for_whom": "for my son",
            "safety_risk": "no",
            "withdrawal_risk": "no",
            "step_down": "no",
            "severity": "pretty bad",
            "cage_aid_score": "3",
            "co_occurring": "no",
            "treated_before": "never been to rehab",
        },
        Outcome.HIGHER_LEVEL_OF_CARE,
        (),
        "they haven't had treatment before",
    ),
    (  # co-occurring, manageable
        {
            "for_whom": "me",
            "safety_risk": "no",
            "withdrawal_risk": "no",
            "step_down": "no",
            "severity": "mild",
            "cage_aid_score": "1",
            "co_occurring": "anxiety and depression",
            "co_occurring_serious": "manageable",
        },
        Outcome.DUAL_DIAGNOSIS,
        (),
        "you're also dealing with anxiety and depression",
    ),
    (  # crisis
        {"for_whom": "me", "safety_risk": "yes"},
        Outcome.CRISIS,
        (),
        "thoughts of hurting yourself",
    ),
]


@pytest.mark.parametrize("replies, outcome, situations, reason", SCENARIOS)
def test_a_new_visitor_reaches_the_right_outcome_with_reasons(
    replies: Mapping[str, str], outcome: Outcome, situations: tuple[Situation, ...], reason: str
) -> None:
    given, asked = converse(replies)
    result = triage(given)
    assert result.outcome is outcome
    assert result.situations == situations
    assert any(reason in r for r in result.reasons), result.reasons
    assert len(asked) <= MAX_QUESTIONS
