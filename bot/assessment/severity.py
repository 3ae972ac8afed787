"""Reading the self-rated severity together with the CAGE-AID score.

CAGE-AID is only a cross-check: a "mild" self-rating with a positive screen (2 or
more of 4) counts as at least moderate, and "unsure" is settled by the score
(0-1 like mild, 2-4 like moderate). The score alone never makes it severe.
"""

from __future__ import annotations

from bot.assessment.slots import CAGE_AID_POSITIVE_AT, MILD, MODERATE, SEVERE, UNSURE


def cage_aid_positive(score: int | None) -> bool | None:
    """True for 2 or more of 4 (the standard cut-off); None when not asked."""
    if score is None:
        return None
    return score >= CAGE_AID_POSITIVE_AT


def effective_severity(severity: str | None, cage_aid_score: int | None) -> str | None:
    """mild, moderate or severe, or None while it cannot be told yet."""
    if severity in (SEVERE, MODERATE):
        return severity
    if severity in (MILD, UNSURE):
        positive = cage_aid_positive(cage_aid_score)
        if positive is None:
            return None
        return MODERATE if positive else MILD
    return None


def possible_severities(severity: str | None, cage_aid_score: int | None) -> frozenset[str]:
    """Every effective severity the answers still allow."""
    known = effective_severity(severity, cage_aid_score)
    if known is not None:
        return frozenset({known})
    if severity in (MILD, UNSURE):
        return frozenset({MILD, MODERATE})
    return frozenset({MILD, MODERATE, SEVERE})


def raised_by_screen(severity: str | None, cage_aid_score: int | None) -> bool:
    """A "mild" self-rating that the screen lifts to moderate."""
    return severity == MILD and bool(cage_aid_positive(cage_aid_score))
