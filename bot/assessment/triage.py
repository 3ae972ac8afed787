"""Triage: from the fit assessment's answers to an outcome, with reasons in plain words.

Rules, first match wins:
1. a safety risk                                  -> crisis (send the crisis answer)
2. withdrawal risk                                -> detox_first
3. severe; or co-occurring concerns reported as serious; or (effectively) moderate
   and never treated                              -> higher_level_of_care, naming
   every reason that applies (severe and never treated gives both)
4. co-occurring concerns (not serious)            -> dual_diagnosis
5. otherwise (mild or moderate, no co-occurring)  -> iop_fit, naming which of the
   article's four situations match
The outcome is "uncertain" while unanswered questions could still change it (for
example when the visitor stops early). An unanswered safety question is not
treated as a risk here: crisis messages are caught on every turn, and
`remaining_questions` always asks it.

CAGE-AID only cross-checks the self-rating (see bot/assessment/severity.py).
Everything returned is guidance, never a diagnosis. What the assistant says for
each outcome, and the reasons' wording, are in bot/assessment/outcome.py.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.assessment.answers import Answers, AnswersLike, as_answers
from bot.assessment.audience import Audience
from bot.assessment.outcome import (
    NEXT_STEPS,
    UNCERTAIN_REASON,
    Outcome,
    Situation,
    TriageResult,
    crisis_reason,
    dual_reasons,
    moderate_untreated_reason,
    screen_note,
    serious_concern_reason,
    severe_reason,
    situation_reason,
    untreated_reason,
    withdrawal_reason,
)
from bot.assessment.severity import cage_aid_positive, effective_severity
from bot.assessment.slots import MODERATE, SEVERE

# The result's types are part of this module's interface (bot/assessment/planning.py).
__all__ = [
    "DUAL_DIAGNOSIS_PREFERENCE",
    "HANDOFF_REASONS",
    "Outcome",
    "Situation",
    "TriageResult",
    "triage",
]

DUAL_DIAGNOSIS_PREFERENCE = "dual_diagnosis"  # a name from bot/language/preferences.py

# The advisor handoff reason (bot/handoff/reasons.py) an outcome offers a person for.
HANDOFF_REASONS: Mapping[Outcome, str] = {
    Outcome.CRISIS: "crisis",
    Outcome.DETOX_FIRST: "detox",
    Outcome.HIGHER_LEVEL_OF_CARE: "higher_level_of_care",
    Outcome.DUAL_DIAGNOSIS: "dual_diagnosis",
}


# --- the decision ---------------------------------------------------------------------


def _result(
    outcome: Outcome,
    reasons: tuple[str, ...],
    answers: Answers,
    situations: tuple[Situation, ...] = (),
    severity: str | None = None,
) -> TriageResult:
    with_concerns = bool(answers.has_co_occurring) and outcome is not Outcome.CRISIS
    return TriageResult(
        outcome=outcome,
        reasons=reasons,
        cage_aid_score=answers.cage_aid_score,
        cage_aid_positive=cage_aid_positive(answers.cage_aid_score),
        handoff_reason=HANDOFF_REASONS.get(outcome),
        search_preferences=(DUAL_DIAGNOSIS_PREFERENCE,) if with_concerns else (),
        next_steps=NEXT_STEPS[outcome],
        situations=situations,
        effective_severity=severity,
    )


def _never_treated(a: Answers) -> bool:
    return a.treated_before is False and a.step_down is False


def _treatment_known(a: Answers) -> bool:
    """Finishing detox or inpatient care (a step-down) counts as treatment."""
    return a.step_down is True or a.treated_before is True or _never_treated(a)


def _higher_level_reasons(a: Answers, aud: Audience, severity: str | None, note: str | None) -> tuple[str, ...]:
    """Every reason the answers already give for a higher level of care."""
    reasons: list[str] = []
    if a.severity == SEVERE:
        reasons.append(severe_reason(aud))
        if _never_treated(a):
            reasons.append(untreated_reason(aud))
    if a.co_occurring_serious is True and a.has_co_occurring is not False:
        reasons.append(serious_concern_reason(aud, a))
    if severity == MODERATE and _never_treated(a):
        if note:
            reasons.append(note)
        reasons.append(moderate_untreated_reason(aud))
    return tuple(reasons)


def _rest_is_known(a: Answers, severity: str | None) -> bool:
    """Whether the answers rule out a higher level of care and tell a
    dual-diagnosis outcome from an IOP fit."""
    if severity is None or a.has_co_occurring is None:
        return False
    if severity == MODERATE and not _treatment_known(a):
        return False
    return not (a.has_co_occurring and a.co_occurring_serious is None)


def _fit_situations(a: Answers) -> tuple[Situation, ...]:
    """The article's situations that match (mild or moderate use always does here)."""
    applies = {
        Situation.STEP_DOWN: a.step_down is True,
        Situation.MILD_OR_MODERATE: True,
        Situation.RELAPSE: a.relapse is True,
        Situation.RESPONSIBILITIES: bool(a.duties),
    }
    return tuple(situation for situation in Situation if applies[situation])


def triage(answers: AnswersLike) -> TriageResult:
    """The outcome for the answers so far (slot name -> value, or `Answers`)."""
    a = as_answers(answers)
    aud = Audience.from_answers(a)
    if a.safety_risk is True:
        return _result(Outcome.CRISIS, (crisis_reason(aud),), a)
    if a.withdrawal_risk is True:
        return _result(Outcome.DETOX_FIRST, (withdrawal_reason(aud),), a)
    if a.withdrawal_risk is None:
        return _result(Outcome.UNCERTAIN, (UNCERTAIN_REASON,), a)

    severity = effective_severity(a.severity, a.cage_aid_score)
    note = screen_note(aud, a)
    higher = _higher_level_reasons(a, aud, severity, note)
    if higher:
        return _result(Outcome.HIGHER_LEVEL_OF_CARE, higher, a, severity=severity)
    if severity is None or not _rest_is_known(a, severity):
        return _result(Outcome.UNCERTAIN, (UNCERTAIN_REASON,), a)

    extra = (note,) if note else ()
    if a.has_co_occurring:
        reasons = dual_reasons(aud, a, severity) + extra
        return _result(Outcome.DUAL_DIAGNOSIS, reasons, a, severity=severity)
    situations = _fit_situations(a)
    reasons = tuple(situation_reason(s, aud, a, severity) for s in situations) + extra
    return _result(Outcome.IOP_FIT, reasons, a, situations, severity)
