"""The triage case table shared by tests/assessment/test_triage.py (the rules) and
tests/assessment/test_outcome.py (the messages): complete answers that on their own
are an IOP fit, and one case per rule and combination."""

from __future__ import annotations

from typing import Any

from bot.assessment.outcome import Outcome, Situation

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
