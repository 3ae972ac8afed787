"""bot/assessment/planning.py: which questions are still worth asking, with the
10-question bound proven by exhaustive enumeration, early stops and skipping."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator, Mapping, Sequence
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest

from bot.assessment import (
    MAX_QUESTIONS,
    QUESTION_ORDER,
    next_question,
    parse_answer,
    remaining_questions,
)
from bot.assessment.triage import Outcome, Situation, triage

ROOT = Path(__file__).resolve().parents[2]


def _options(values: Sequence[str]) -> list[list[str]]:
    """["none"] and every non-empty combination of the values."""
    return [["none"]] + [list(combo) for size in range(1, len(values) + 1) for combo in combinations(values, size)]


# Every value each question can take (multi-choice: every combination).
ALL_VALUES: dict[str, list[Any]] = {
    "for_whom": ["self", "loved_one"],
    "safety_risk": [True, False],
    "withdrawal_risk": [True, False],
    "step_down": [True, False],
    "severity": ["mild", "moderate", "severe", "unsure"],
    "cage_aid_score": [0, 1, 2, 3, 4],
    "co_occurring": _options(["anxiety", "depression", "trauma", "other"]),
    "co_occurring_serious": [True, False],
    "treated_before": [True, False],
    "relapse": [True, False],
    "responsibilities": _options(["work", "school", "dependents"]),
}
# Fewer list values, for the (larger) enumerations with answers given in advance.
SOME_VALUES: dict[str, list[Any]] = {
    **ALL_VALUES,
    "co_occurring": [["none"], ["anxiety"], ["depression", "trauma"]],
    "responsibilities": [["none"], ["work"], ["school", "dependents"]],
}

Conversation = tuple[dict[str, Any], tuple[str, ...]]  # final answers, questions asked in order


def walk(start: Mapping[str, Any], values: Mapping[str, list[Any]] = ALL_VALUES) -> Iterator[Conversation]:
    """Every conversation from `start`: always ask the planner's next question and
    branch on every possible answer to it."""
    stack: list[Conversation] = [(dict(start), ())]
    while stack:
        given, asked = stack.pop()
        plan = remaining_questions(given)
        if not plan:
            yield given, asked
            continue
        slot = plan[0]
        for value in values[slot]:
            stack.append(({**given, slot: value}, (*asked, slot)))


ALL_PATHS: list[Conversation] = list(walk({}))


# --- the question bound, proven over every path -----------------------------------------


def test_every_path_asks_at_most_10_questions_and_the_worst_case_is_10() -> None:
    longest = max(len(asked) for _, asked in ALL_PATHS)
    assert longest == MAX_QUESTIONS == 10
    assert len(ALL_PATHS) > 3000  # all combinations were explored
    worst = [asked for _, asked in ALL_PATHS if len(asked) == longest]
    # the worst case: an IOP fit that needs the treatment history (use is moderate)
    assert worst and all("treated_before" in w and "co_occurring_serious" not in w for w in worst)


def test_every_path_ends_with_a_settled_outcome() -> None:
    for given, _ in ALL_PATHS:
        assert triage(given).outcome is not Outcome.UNCERTAIN, given


def test_questions_come_in_catalogue_order_and_never_twice() -> None:
    for _, asked in ALL_PATHS:
        positions = [QUESTION_ORDER.index(slot) for slot in asked]
        assert positions == sorted(set(positions)), asked


def test_the_plan_never_grows_so_it_can_show_progress() -> None:
    """asked so far + still planned never increases, from the first question on."""
    assert len(remaining_questions({})) == MAX_QUESTIONS
    for given, asked in ALL_PATHS[::7]:
        replay: dict[str, Any] = {}
        bound = len(remaining_questions(replay))
        for count, slot in enumerate(asked, start=1):
            replay[slot] = given[slot]
            now = count + len(remaining_questions(replay))
            assert now <= bound, (asked, count)
            bound = now


def test_skipped_questions_could_not_have_changed_the_outcome() -> None:
    """Whatever a question that was never asked would have been answered, the outcome
    stays the same; for an IOP fit the named situations and reasons too."""
    for given, _asked in ALL_PATHS:
        result = triage(given)
        for slot in QUESTION_ORDER:
            if slot in given:
                continue
            for value in SOME_VALUES[slot]:
                other = triage({**given, slot: value})
                assert other.outcome is result.outcome, (given, slot, value)
                if result.outcome is Outcome.IOP_FIT:
                    assert other.reasons == result.reasons, (given, slot, value)


@pytest.mark.parametrize("slot", QUESTION_ORDER)
def test_answers_given_earlier_in_the_chat_are_never_asked_and_keep_the_bound(slot: str) -> None:
    for value in SOME_VALUES[slot]:
        for _given, asked in walk({slot: value}, SOME_VALUES):
            assert slot not in asked
            assert len(asked) <= MAX_QUESTIONS


def test_two_answers_given_earlier_keep_the_bound() -> None:
    pairs = [
        ("step_down", True, "responsibilities", ["work"]),
        ("withdrawal_risk", False, "relapse", True),
        ("co_occurring", ["anxiety"], "treated_before", False),
        ("severity", "unsure", "co_occurring_serious", True),
        ("relapse", True, "responsibilities", ["none"]),
        ("cage_aid_score", 3, "treated_before", True),
    ]
    for slot_a, value_a, slot_b, value_b in pairs:
        for _, asked in walk({slot_a: value_a, slot_b: value_b}, SOME_VALUES):
            assert slot_a not in asked and slot_b not in asked
            assert len(asked) <= MAX_QUESTIONS


def test_every_outcome_and_situation_is_reachable() -> None:
    outcomes = {triage(given).outcome for given, _ in ALL_PATHS}
    assert outcomes == set(Outcome) - {Outcome.UNCERTAIN}
    situation_sets = {triage(given).situations for given, _ in ALL_PATHS}
    for situation in Situation:
        assert any(situation in s for s in situation_sets)
    assert {len(s) for s in situation_sets if s} == {1, 2, 3, 4}


# --- early stops and skipping -------------------------------------------------------------

START = {"for_whom": "self", "safety_risk": False, "withdrawal_risk": False, "step_down": False}


@pytest.mark.parametrize(
    "given, expected",
    [
        ({}, [*QUESTION_ORDER[:7], "treated_before", "relapse", "responsibilities"]),
        ({"for_whom": "self", "safety_risk": True}, []),
        ({"safety_risk": True}, []),
        ({"for_whom": "self", "safety_risk": False, "withdrawal_risk": True}, []),
        ({**START, "severity": "severe"}, []),
        (
            {
                **START,
                "severity": "moderate",
                "cage_aid_score": 2,
                "co_occurring": ["anxiety"],
                "co_occurring_serious": True,
            },
            [],
        ),
        ({**START, "severity": "moderate", "cage_aid_score": 2, "co_occurring": ["none"], "treated_before": False}, []),
        # co-occurring, not serious: dual diagnosis once treatment history is known
        (
            {**START, "severity": "moderate", "cage_aid_score": 2, "co_occurring": ["anxiety"]},
            ["co_occurring_serious", "treated_before"],
        ),
        (
            {
                **START,
                "severity": "moderate",
                "cage_aid_score": 2,
                "co_occurring": ["anxiety"],
                "co_occurring_serious": False,
            },
            ["treated_before"],
        ),
        (
            {
                **START,
                "severity": "moderate",
                "cage_aid_score": 2,
                "co_occurring": ["anxiety"],
                "co_occurring_serious": False,
                "treated_before": True,
            },
            [],
        ),
        # ...and mild use can't be moved by treatment history, so it isn't asked
        (
            {
                **START,
                "severity": "mild",
                "cage_aid_score": 1,
                "co_occurring": ["anxiety"],
                "co_occurring_serious": False,
            },
            [],
        ),
        ({**START, "severity": "mild", "cage_aid_score": 1, "co_occurring": ["none"]}, ["relapse", "responsibilities"]),
        (
            {**START, "severity": "mild", "cage_aid_score": 2, "co_occurring": ["none"]},
            ["treated_before", "relapse", "responsibilities"],
        ),
        (
            {**START, "severity": "unsure"},
            ["cage_aid_score", "co_occurring", "treated_before", "relapse", "responsibilities"],
        ),
        # a step-down means treated: treatment history is never asked
        (
            {**START, "step_down": True, "severity": "moderate"},
            ["cage_aid_score", "co_occurring", "relapse", "responsibilities"],
        ),
    ],
)
def test_remaining_questions(given: dict[str, Any], expected: list[str]) -> None:
    assert remaining_questions(given) == expected
    assert next_question(given) == (expected[0] if expected else None)


def test_just_finished_inpatient_rehab_skips_step_down_and_treatment_history() -> None:
    told = parse_answer("step_down", "I just finished inpatient rehab")
    assert told is not None
    plan = remaining_questions(told.slot_values())
    assert "step_down" not in plan and "treated_before" not in plan
    for _, asked in walk(told.slot_values()):
        assert "step_down" not in asked and "treated_before" not in asked
        assert len(asked) <= 8


def test_shakes_when_stopping_means_detox_after_who_and_safety_only() -> None:
    told = parse_answer("withdrawal_risk", "I get the shakes when I stop drinking")
    assert told is not None and told.value is True
    given = told.slot_values()
    assert remaining_questions(given) == ["for_whom", "safety_risk"]
    given.update({"for_whom": "self", "safety_risk": False})
    assert remaining_questions(given) == []
    assert triage(given).outcome is Outcome.DETOX_FIRST


def test_safety_is_always_asked_before_any_outcome() -> None:
    for slot, value in [("withdrawal_risk", True), ("severity", "severe")]:
        assert "safety_risk" in remaining_questions({"for_whom": "self", slot: value})


# --- importing the package (planning reads triage only when called) -------------------


@pytest.mark.parametrize(
    "first, second", [("bot.assessment.triage", "bot.assessment"), ("bot.assessment", "bot.assessment.triage")]
)
def test_modules_import_in_either_order(first: str, second: str) -> None:
    code = (
        f"import {first}, {second}\n"
        "from bot.assessment import remaining_questions\n"
        "print(len(remaining_questions({})))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT)},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "10"
