"""bot/assessment/answers.py: the validated view of the slots (`Answers`)."""

from __future__ import annotations

from bot.assessment import Answers


def test_answers_view_reads_loose_slot_values_and_drops_malformed_ones() -> None:
    view = Answers.from_slots(
        {
            "for_whom": "LOVED_ONE",
            "severity": "Moderate",
            "cage_aid_score": 3.0,
            "co_occurring": ["none", "anxiety", "unknown"],
            "responsibilities": "work",
            "relapse": "yes",
            "treated_before": 1,
            "step_down": None,
            "safety_risk": "maybe",
        }
    )
    assert view.for_whom == "loved_one" and view.severity == "moderate"
    assert view.cage_aid_score == 3
    assert view.co_occurring == ("anxiety",) and view.has_co_occurring is True
    assert view.responsibilities == ("work",)
    assert view.relapse is True
    assert view.treated_before is None and view.step_down is None and view.safety_risk is None
    assert Answers.from_slots({"cage_aid_score": 2.5}).cage_aid_score is None
    assert Answers.from_slots({"co_occurring": ["none"]}).has_co_occurring is False
    assert Answers.from_slots({}).has_co_occurring is None
