"""Which questions are still worth asking, in order.

`remaining_questions` returns the questions that may still be needed; the first
one is the next to ask, and an empty list means the outcome is settled. The list
changes as answers come in: once a co-occurring concern is named, "how serious
is it?" joins while relapse and responsibilities drop out. From a fresh start,
questions asked + questions remaining never grows past 10, so it can show
progress. A slot that is already filled (for example from "I just finished
inpatient rehab" earlier in the chat) is never asked.

How it follows triage (bot/assessment/triage.py):
- a safety risk ends the assessment at once (the crisis answer takes over);
- once triage can name the outcome, only the safety question (if still open) and
  who it is for are asked; for an IOP fit, also the details that name the
  article's situations (step-down, relapse, responsibilities) and the CAGE-AID
  score that the outcome reports;
- before that, a question is asked only if its answer can still matter:
  how serious the co-occurring concerns are only when there are some; treatment
  history only while the use could be moderate and no step-down was reported;
  relapse and responsibilities only while an IOP fit is still possible.
"""

from __future__ import annotations

from bot.assessment.answers import Answers, AnswersLike, as_answers
from bot.assessment.severity import possible_severities
from bot.assessment.slots import (
    CAGE_AID_SCORE,
    CO_OCCURRING,
    CO_OCCURRING_SERIOUS,
    FOR_WHOM,
    MODERATE,
    QUESTION_ORDER,
    RELAPSE,
    RESPONSIBILITIES,
    SAFETY_RISK,
    SEVERE,
    SEVERITY,
    STEP_DOWN,
    TREATED_BEFORE,
    WITHDRAWAL_RISK,
)

_ALWAYS: frozenset[str] = frozenset({FOR_WHOM, SAFETY_RISK})
# Details that only add to an IOP-fit outcome's reasons (and the reported score).
_FIT_DETAILS: frozenset[str] = frozenset({STEP_DOWN, CAGE_AID_SCORE, RELAPSE, RESPONSIBILITIES})
_CORE: frozenset[str] = frozenset({WITHDRAWAL_RISK, STEP_DOWN, SEVERITY, CO_OCCURRING})


def _reported_serious(a: Answers) -> bool:
    return a.co_occurring_serious is True and a.has_co_occurring is not False


def _fit_still_possible(a: Answers) -> bool:
    return a.severity != SEVERE and a.has_co_occurring is not True and not _reported_serious(a)


def _still_useful(a: Answers) -> frozenset[str]:
    """While the outcome is open: the questions whose answer can still matter."""
    useful = set(_ALWAYS | _CORE)
    if a.severity != SEVERE:
        useful.add(CAGE_AID_SCORE)
        if a.has_co_occurring is True:
            useful.add(CO_OCCURRING_SERIOUS)
        if (
            a.step_down is not True
            and MODERATE in possible_severities(a.severity, a.cage_aid_score)
            and not _reported_serious(a)
        ):
            useful.add(TREATED_BEFORE)
    if _fit_still_possible(a):
        useful.update({RELAPSE, RESPONSIBILITIES})
    return frozenset(useful)


def remaining_questions(answers: AnswersLike) -> list[str]:
    """The questions still to ask, in order (slot names); [] once settled."""
    # bot.assessment.triage reads this package's modules, so it is imported here, not at the top.
    from bot.assessment.triage import Outcome, triage

    a = as_answers(answers)
    if a.safety_risk is True:
        return []
    outcome = triage(a).outcome
    if outcome is Outcome.UNCERTAIN:
        wanted = _still_useful(a)
    elif outcome is Outcome.IOP_FIT:
        wanted = _ALWAYS | _FIT_DETAILS
    else:
        wanted = _ALWAYS
    return [slot for slot in QUESTION_ORDER if slot in wanted and not a.is_answered(slot)]


def next_question(answers: AnswersLike) -> str | None:
    """The next question's slot, or None when the assessment is done."""
    remaining = remaining_questions(answers)
    return remaining[0] if remaining else None
