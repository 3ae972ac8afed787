"""The intake summary of a handoff, built from the conversation's slot values.

`build_summary(slots)` returns a JSON-ready dict (stored with the handoff and
sent as `summary` in the webhook payload). Unknown or missing values stay
`None` / `[]` in the dict; `summary_lines()` and `summary_text()` (the webhook's
text) render them as "not asked" so no "None" ever reaches an advisor.
`readable_summary()` is the inbox's version: the reason for the handoff first,
then only what was asked or stated, in plain words, with the rest listed apart.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.language.preferences import PREFERENCE_LABELS

NOT_ASKED = "not asked"

FOR_WHOM = ("self", "loved_one")
SEVERITIES = ("mild", "moderate", "severe", "unsure")

_TRUE = {"true", "yes", "y", "1"}
_FALSE = {"false", "no", "n", "0"}


def _bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
    return None


def _text(value: Any, limit: int = 500) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text[:limit] or None


def _choice(value: Any, allowed: tuple[str, ...]) -> str | None:
    text = _text(value)
    if text is None:
        return None
    text = text.lower()
    return text if text in allowed else None


def _texts(value: Any) -> list[str]:
    """A list slot as a list of non-empty strings (a single string becomes a list)."""
    if value is None:
        return []
    items = [value] if isinstance(value, (str, int, float)) else list(value)
    result: list[str] = []
    for item in items:
        text = _text(item)
        if text and text not in result:
            result.append(text)
    return result


def _score(value: Any) -> int | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if not number.is_integer() or not 0 <= number <= 4:
        return None
    return int(number)


def _program(value: Any) -> dict[str, str | None] | None:
    if not isinstance(value, Mapping) or not _text(value.get("name")):
        return None
    return {key: _text(value.get(key)) for key in ("name", "city", "state", "phone")}


def humanize(code: str) -> str:
    """ "higher_level_of_care" -> "higher level of care"."""
    return code.replace("_", " ").strip()


def build_summary(slots: Mapping[str, Any]) -> dict[str, Any]:
    """The intake summary from the conversation's slots (any of which may be None)."""
    preferences = [
        {"name": name, "label": PREFERENCE_LABELS.get(name, humanize(name))}
        for name in _texts(slots.get("preferences"))
    ]
    programs = [p for p in (_program(v) for v in slots.get("programs_shown") or ()) if p]
    return {
        "for_whom": _choice(slots.get("for_whom"), FOR_WHOM),
        "loved_one_relation": _text(slots.get("loved_one_relation"), 80),
        "assessment": {
            "safety_risk": _bool(slots.get("safety_risk")),
            "withdrawal_risk": _bool(slots.get("withdrawal_risk")),
            "step_down": _bool(slots.get("step_down")),
            "severity": _choice(slots.get("severity"), SEVERITIES),
            "cage_aid_score": _score(slots.get("cage_aid_score")),
            "co_occurring": _texts(slots.get("co_occurring")),
            "co_occurring_serious": _bool(slots.get("co_occurring_serious")),
            "treated_before": _bool(slots.get("treated_before")),
            "relapse": _bool(slots.get("relapse")),
            "responsibilities": _texts(slots.get("responsibilities")),
        },
        "outcome": _text(slots.get("assessment_outcome"), 80),
        "outcome_reasons": _texts(slots.get("assessment_reasons")),
        "location": {
            "text": _text(slots.get("location"), 200),
            "label": _text(slots.get("location_label"), 200),
        },
        "substances": _texts(slots.get("substance")),
        "preferences": preferences,
        "programs_shown": programs,
    }


# --- rendering ---------------------------------------------------------------


def _yes_no(value: bool | None) -> str:
    if value is None:
        return NOT_ASKED
    return "yes" if value else "no"


def _joined(values: list[str], empty: str = NOT_ASKED) -> str:
    return ", ".join(humanize(v) for v in values) if values else empty


def _for_whom(summary: Mapping[str, Any]) -> str:
    who = summary.get("for_whom")
    if who == "self":
        return "the visitor themself"
    if who == "loved_one":
        relation = summary.get("loved_one_relation")
        return f"a loved one ({relation})" if relation else "a loved one"
    return NOT_ASKED


def _co_occurring(values: list[str]) -> str:
    if not values:
        return NOT_ASKED
    if [v.lower() for v in values] == ["none"]:
        return "none reported"
    return _joined(values)


def _location(location: Mapping[str, Any]) -> str:
    label, text = location.get("label"), location.get("text")
    if label and text and label.lower() != text.lower():
        return f"{label} (visitor wrote: {text})"
    return label or text or NOT_ASKED


def _program_line(program: Mapping[str, Any]) -> str:
    place = ", ".join(part for part in (program.get("city"), program.get("state")) if part)
    parts = [program["name"]] + ([place] if place else []) + ([program["phone"]] if program.get("phone") else [])
    return " — ".join(parts)


def summary_lines(summary: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(label, value) pairs for people, in a fixed order; missing values read "not asked"."""
    assessment: Mapping[str, Any] = summary.get("assessment") or {}
    score = assessment.get("cage_aid_score")
    severity = assessment.get("severity")
    lines: list[tuple[str, str]] = [
        ("For", _for_whom(summary)),
        ("Location", _location(summary.get("location") or {})),
        ("Substances", _joined(summary.get("substances") or [])),
        ("Severity (self-rated)", severity if severity else NOT_ASKED),
        ("CAGE-AID score", f"{score} of 4" if score is not None else NOT_ASKED),
        ("Safety risk", _yes_no(assessment.get("safety_risk"))),
        ("Withdrawal risk", _yes_no(assessment.get("withdrawal_risk"))),
        ("Stepping down from higher care", _yes_no(assessment.get("step_down"))),
        ("Co-occurring conditions", _co_occurring(assessment.get("co_occurring") or [])),
        ("Co-occurring condition serious", _yes_no(assessment.get("co_occurring_serious"))),
        ("Treated before", _yes_no(assessment.get("treated_before"))),
        ("Relapse", _yes_no(assessment.get("relapse"))),
        ("Responsibilities", _joined(assessment.get("responsibilities") or [])),
        ("Assessment outcome", humanize(summary.get("outcome") or "") or NOT_ASKED),
    ]
    reasons = summary.get("outcome_reasons") or []
    lines.append(("Outcome reasons", " ".join(reasons) if reasons else NOT_ASKED))
    preferences = summary.get("preferences") or []
    lines.append(("Preferences", ", ".join(p["label"] for p in preferences) if preferences else "none given"))
    programs = summary.get("programs_shown") or []
    lines.append(("Programs shown", "; ".join(_program_line(p) for p in programs) if programs else "none"))
    return lines


def summary_text(summary: Mapping[str, Any]) -> str:
    """The summary as aligned "Label: value" lines of plain text."""
    lines = summary_lines(summary)
    width = max(len(label) for label, _ in lines) + 1
    return "\n".join(f"{(label + ':').ljust(width)} {value}" for label, value in lines)


# --- the inbox's readable summary ----------------------------------------------------


@dataclass(frozen=True)
class ReadableSummary:
    """What an advisor reads first (`facts`, in order) and what was never asked."""

    facts: tuple[tuple[str, str], ...]
    not_asked: tuple[str, ...]


def _answer(value: bool | None) -> str | None:
    return None if value is None else ("yes" if value else "no")


def _who(summary: Mapping[str, Any]) -> str | None:
    who = summary.get("for_whom")
    if who == "self":
        return "the visitor themself"
    if who == "loved_one":
        relation = summary.get("loved_one_relation")
        return f"their {relation}" if relation else "someone they love"
    return None


def readable_summary(summary: Mapping[str, Any], reason_label: str) -> ReadableSummary:
    """The summary in plain words: only what the visitor answered or said.

    The labels follow the assistant's questions (bot/assessment/questions.py),
    so "Thoughts of self-harm or a recent overdose: no" means the visitor was
    asked and said no; an unasked question goes to `not_asked` instead.
    """
    assessment: Mapping[str, Any] = summary.get("assessment") or {}
    score = assessment.get("cage_aid_score")
    severity = assessment.get("severity")
    co_occurring = assessment.get("co_occurring") or []
    preferences = summary.get("preferences") or []
    programs = summary.get("programs_shown") or []
    location = _location(summary.get("location") or {})
    candidates: list[tuple[str, str | None]] = [
        ("What the fit check found", humanize(summary.get("outcome") or "") or None),
        ("Why", " ".join(summary.get("outcome_reasons") or []) or None),
        ("Who it is for", _who(summary)),
        ("Where", None if location == NOT_ASKED else location),
        ("Substances", _joined(summary.get("substances") or [], "") or None),
        (
            "How much it affects their life (own rating)",
            ("not sure" if severity == "unsure" else severity) if severity else None,
        ),
        ("CAGE-AID screen", f"{score} of 4 questions true" if score is not None else None),
        ("Thoughts of self-harm or a recent overdose", _answer(assessment.get("safety_risk"))),
        ("Withdrawal signs or heavy daily use", _answer(assessment.get("withdrawal_risk"))),
        ("Recently finished detox or residential care", _answer(assessment.get("step_down"))),
        ("Mental health concerns", None if not co_occurring else _co_occurring(co_occurring)),
        ("Mental health concern serious right now", _answer(assessment.get("co_occurring_serious"))),
        ("Had treatment before", _answer(assessment.get("treated_before"))),
        ("Started again after a long sober stretch", _answer(assessment.get("relapse"))),
        ("Responsibilities they can't step away from", _joined(assessment.get("responsibilities") or [], "") or None),
        ("Wants a program that", ", ".join(p["label"] for p in preferences) or None),
        ("Programs shown", "; ".join(_program_line(p) for p in programs) or None),
    ]
    facts = [("Reason for the handoff", reason_label)]
    facts += [(label, value) for label, value in candidates if value]
    not_asked = tuple(label for label, value in candidates if not value)
    return ReadableSummary(facts=tuple(facts), not_asked=not_asked)
