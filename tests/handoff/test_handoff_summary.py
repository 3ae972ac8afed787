"""Intake summary built from slot values."""

from __future__ import annotations

from bot.handoff.summary import NOT_ASKED, build_summary, summary_lines, summary_text

FULL_SLOTS = {
    "for_whom": "loved_one",
    "loved_one_relation": "son",
    "safety_risk": False,
    "withdrawal_risk": True,
    "step_down": None,
    "severity": "severe",
    "cage_aid_score": 3.0,  # Rasa float slot
    "co_occurring": ["anxiety", "depression"],
    "co_occurring_serious": False,
    "treated_before": True,
    "relapse": True,
    "responsibilities": ["work", "dependents"],
    "assessment_outcome": "higher_level_of_care",
    "assessment_reasons": [
        "Stopping alcohol suddenly can cause dangerous withdrawal.",
        "A detox program can keep him safe first.",
    ],
    "location": "chicago",
    "location_label": "Chicago, IL",
    "substance": ["alcohol", "opioids"],
    "preferences": ["medicaid", "spanish"],
    "programs_shown": [
        {"name": "Lakeside Recovery IOP", "city": "Chicago", "state": "IL", "phone": "(312) 555-0100"},
        {"name": "North Shore Outpatient", "city": None, "state": "IL", "phone": None},
    ],
}


def test_full_summary_keeps_every_answer():
    summary = build_summary(FULL_SLOTS)
    assert summary["for_whom"] == "loved_one"
    assert summary["loved_one_relation"] == "son"
    assert summary["assessment"] == {
        "safety_risk": False,
        "withdrawal_risk": True,
        "step_down": None,
        "severity": "severe",
        "cage_aid_score": 3,
        "co_occurring": ["anxiety", "depression"],
        "co_occurring_serious": False,
        "treated_before": True,
        "relapse": True,
        "responsibilities": ["work", "dependents"],
    }
    assert summary["outcome"] == "higher_level_of_care"
    assert len(summary["outcome_reasons"]) == 2
    assert summary["location"] == {"text": "chicago", "label": "Chicago, IL"}
    assert summary["substances"] == ["alcohol", "opioids"]
    assert summary["preferences"] == [
        {"name": "medicaid", "label": "accepts Medicaid"},
        {"name": "spanish", "label": "services in Spanish"},
    ]
    assert summary["programs_shown"][1] == {
        "name": "North Shore Outpatient",
        "city": None,
        "state": "IL",
        "phone": None,
    }


def test_rendered_summary_reads_as_sentences():
    lines = dict(summary_lines(build_summary(FULL_SLOTS)))
    assert lines["For"] == "a loved one (son)"
    assert lines["CAGE-AID score"] == "3 of 4"
    assert lines["Withdrawal risk"] == "yes"
    assert lines["Safety risk"] == "no"
    assert lines["Stepping down from higher care"] == NOT_ASKED
    assert lines["Location"] == "Chicago, IL (visitor wrote: chicago)"
    assert lines["Assessment outcome"] == "higher level of care"
    assert lines["Preferences"] == "accepts Medicaid, services in Spanish"
    assert lines["Programs shown"] == (
        "Lakeside Recovery IOP — Chicago, IL — (312) 555-0100; North Shore Outpatient — IL"
    )


def test_missing_slots_read_not_asked_never_none():
    summary = build_summary({})
    text = summary_text(summary)
    assert "None" not in text
    lines = dict(summary_lines(summary))
    assert lines["For"] == NOT_ASKED
    assert lines["CAGE-AID score"] == NOT_ASKED
    assert lines["Co-occurring conditions"] == NOT_ASKED
    assert lines["Programs shown"] == "none"
    assert summary["assessment"]["co_occurring"] == []


def test_all_none_slots_equal_missing_slots():
    none_slots = dict.fromkeys(FULL_SLOTS)
    assert build_summary(none_slots) == build_summary({})


def test_invalid_values_are_dropped_not_guessed():
    summary = build_summary(
        {"cage_aid_score": 7, "severity": "extreme", "for_whom": "neighbour", "safety_risk": "maybe"}
    )
    assert summary["assessment"]["cage_aid_score"] is None
    assert summary["assessment"]["severity"] is None
    assert summary["for_whom"] is None
    assert summary["assessment"]["safety_risk"] is None


def test_co_occurring_none_reads_none_reported():
    lines = dict(summary_lines(build_summary({"co_occurring": ["none"], "for_whom": "self"})))
    assert lines["Co-occurring conditions"] == "none reported"
    assert lines["For"] == "the visitor themself"


def test_text_is_aligned_label_value_lines():
    summary = build_summary(FULL_SLOTS)
    text_lines = summary_text(summary).splitlines()
    pairs = summary_lines(summary)
    column = len("Stepping down from higher care:") + 1  # the longest label
    assert len(text_lines) == len(pairs)
    for line, (label, value) in zip(text_lines, pairs, strict=True):
        assert line.startswith(label + ":")
        assert line[column:] == value
