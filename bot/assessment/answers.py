"""A typed, validated view of the assessment's slots.

Slots arrive from the tracker as loose values (a float score, lists, None). Every
function of the assessment and of triage reads them through `Answers`, so a
missing, None or malformed value always means "not answered".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeAlias

from bot.assessment.slots import (
    CAGE_AID_SCORES,
    CO_OCCURRING_CONCERNS,
    FOR_WHOM_VALUES,
    LOVED_ONE,
    NONE,
    RESPONSIBILITY_VALUES,
    SEVERITY_VALUES,
)

_TRUE_TEXTS = frozenset({"true", "yes"})
_FALSE_TEXTS = frozenset({"false", "no"})


def _as_bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        text = value.strip().lower()
        if text in _TRUE_TEXTS:
            return True
        if text in _FALSE_TEXTS:
            return False
    return None


def _as_choice(value: Any, allowed: tuple[str, ...]) -> str | None:
    if isinstance(value, str) and value.strip().lower() in allowed:
        return value.strip().lower()
    return None


def _as_score(value: Any) -> int | None:
    """0-4 from an int, a whole float (Rasa float slots) or a digit string."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and value in CAGE_AID_SCORES:
        return value
    return None


def _as_options(value: Any, allowed: tuple[str, ...]) -> tuple[str, ...] | None:
    """Known options in catalogue order; ("none",) only when nothing real was given."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, (list, tuple, set, frozenset)):
        return None
    given = {item.strip().lower() for item in items if isinstance(item, str)}
    real = tuple(option for option in allowed if option in given)
    if real:
        return real
    if NONE in given:
        return (NONE,)
    return None


def _as_text(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


@dataclass(frozen=True)
class Answers:
    """The assessment answers so far; None means not answered (yet)."""

    for_whom: str | None = None
    loved_one_relation: str | None = None
    safety_risk: bool | None = None
    withdrawal_risk: bool | None = None
    step_down: bool | None = None
    severity: str | None = None
    cage_aid_score: int | None = None
    co_occurring: tuple[str, ...] | None = None
    co_occurring_serious: bool | None = None
    treated_before: bool | None = None
    relapse: bool | None = None
    responsibilities: tuple[str, ...] | None = None

    @classmethod
    def from_slots(cls, slots: Mapping[str, Any]) -> Answers:
        """Read the answers from slot values, dropping anything malformed."""
        return cls(
            for_whom=_as_choice(slots.get("for_whom"), FOR_WHOM_VALUES),
            loved_one_relation=_as_text(slots.get("loved_one_relation")),
            safety_risk=_as_bool(slots.get("safety_risk")),
            withdrawal_risk=_as_bool(slots.get("withdrawal_risk")),
            step_down=_as_bool(slots.get("step_down")),
            severity=_as_choice(slots.get("severity"), SEVERITY_VALUES),
            cage_aid_score=_as_score(slots.get("cage_aid_score")),
            co_occurring=_as_options(slots.get("co_occurring"), CO_OCCURRING_CONCERNS),
            co_occurring_serious=_as_bool(slots.get("co_occurring_serious")),
            treated_before=_as_bool(slots.get("treated_before")),
            relapse=_as_bool(slots.get("relapse")),
            responsibilities=_as_options(slots.get("responsibilities"), RESPONSIBILITY_VALUES),
        )

    def is_answered(self, slot: str) -> bool:
        return getattr(self, slot) is not None

    @property
    def about_loved_one(self) -> bool:
        return self.for_whom == LOVED_ONE

    @property
    def concerns(self) -> tuple[str, ...]:
        """The co-occurring mental health concerns named (never "none")."""
        return tuple(c for c in self.co_occurring or () if c != NONE)

    @property
    def has_co_occurring(self) -> bool | None:
        """True/False once the co-occurring question is answered, else None."""
        if self.co_occurring is None:
            return None
        return bool(self.concerns)

    @property
    def duties(self) -> tuple[str, ...]:
        """The responsibilities named (never "none")."""
        return tuple(r for r in self.responsibilities or () if r != NONE)


AnswersLike: TypeAlias = Answers | Mapping[str, Any]


def as_answers(answers: AnswersLike) -> Answers:
    """`Answers` from slot values (or the same `Answers`)."""
    return answers if isinstance(answers, Answers) else Answers.from_slots(answers)
