"""The fit assessment's slots and the values each one may hold.

These names and values are shared with `domain.yml`, the actions, program search
and the advisor handoff summary, so they are spelled out once here.
"""

from __future__ import annotations

# --- slot names -------------------------------------------------------------------
FOR_WHOM = "for_whom"
LOVED_ONE_RELATION = "loved_one_relation"
SAFETY_RISK = "safety_risk"
WITHDRAWAL_RISK = "withdrawal_risk"
STEP_DOWN = "step_down"
SEVERITY = "severity"
CAGE_AID_SCORE = "cage_aid_score"
CO_OCCURRING = "co_occurring"
CO_OCCURRING_SERIOUS = "co_occurring_serious"
TREATED_BEFORE = "treated_before"
RELAPSE = "relapse"
RESPONSIBILITIES = "responsibilities"

# The questions, in the order they are asked (each is one message with buttons).
QUESTION_ORDER: tuple[str, ...] = (
    FOR_WHOM,
    SAFETY_RISK,
    WITHDRAWAL_RISK,
    STEP_DOWN,
    SEVERITY,
    CAGE_AID_SCORE,
    CO_OCCURRING,
    CO_OCCURRING_SERIOUS,
    TREATED_BEFORE,
    RELAPSE,
    RESPONSIBILITIES,
)

# Every slot the assessment fills: the questions plus the relation picked up from
# the answer to "who is this for?" (clear these on "start over").
ASSESSMENT_SLOTS: tuple[str, ...] = (*QUESTION_ORDER, LOVED_ONE_RELATION)

# Yes/no questions: their slots hold True or False.
BOOLEAN_SLOTS: tuple[str, ...] = (
    SAFETY_RISK,
    WITHDRAWAL_RISK,
    STEP_DOWN,
    CO_OCCURRING_SERIOUS,
    TREATED_BEFORE,
    RELAPSE,
)

# Questions where free text may give several values (a button gives one).
MULTI_CHOICE_SLOTS: tuple[str, ...] = (CO_OCCURRING, RESPONSIBILITIES)

# Most questions the assessment asks on any path (proven by tests/assessment/test_assessment_planning.py).
MAX_QUESTIONS = 10

# --- values -------------------------------------------------------------------------
SELF = "self"
LOVED_ONE = "loved_one"
FOR_WHOM_VALUES: tuple[str, ...] = (SELF, LOVED_ONE)

MILD = "mild"
MODERATE = "moderate"
SEVERE = "severe"
UNSURE = "unsure"
SEVERITY_VALUES: tuple[str, ...] = (MILD, MODERATE, SEVERE, UNSURE)

CAGE_AID_ITEMS = 4
CAGE_AID_SCORES: tuple[int, ...] = tuple(range(CAGE_AID_ITEMS + 1))
# The standard cut-off: 2 or more "yes" answers is a positive screen, worth a
# professional assessment (never a diagnosis).
CAGE_AID_POSITIVE_AT = 2

# Written in a list slot on its own when the visitor has none of the options.
NONE = "none"

ANXIETY = "anxiety"
DEPRESSION = "depression"
TRAUMA = "trauma"
OTHER = "other"
CO_OCCURRING_CONCERNS: tuple[str, ...] = (ANXIETY, DEPRESSION, TRAUMA, OTHER)

WORK = "work"
SCHOOL = "school"
DEPENDENTS = "dependents"
RESPONSIBILITY_VALUES: tuple[str, ...] = (WORK, SCHOOL, DEPENDENTS)

# Button values of yes/no questions.
YES = "yes"
NO = "no"
