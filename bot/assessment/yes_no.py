"""Free-text answers to the yes/no questions of the fit check: "yeah", "nah",
"kinda", "idk", and answers by content ("the shakes", "finished rehab last
week", "never been to rehab"). Split from bot/assessment/parsing.py, which
calls `YES_NO_QUESTIONS[slot].read(clauses)`. The words are data: the
sections `reply`, `withdrawal_substances`, `daily_use` and one per question
(named by its slot) of answer_words.yml; the rules for reading them are here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum

from bot.assessment.answer_words import lexicon
from bot.assessment.matching import Clause, Hit, Lexicon
from bot.assessment.slots import (
    CO_OCCURRING_SERIOUS,
    RELAPSE,
    SAFETY_RISK,
    STEP_DOWN,
    TREATED_BEFORE,
    WITHDRAWAL_RISK,
)

__all__ = ["YES_NO_QUESTIONS", "Conflict", "Reply", "YesNoQuestion", "reply_kind"]


class Reply(Enum):
    """How a free-text reply to a yes/no question reads, before its content."""

    YES = "yes"
    NO = "no"
    LEANS_YES = "leans_yes"  # "kinda", "sometimes", "i guess"
    UNCLEAR = "unclear"  # "idk", "not sure", "maybe"


_REPLY_WORDS = lexicon("reply", ("yes", "weak_yes", "no", "unclear", "leans_yes"))


def reply_kind(text_clauses: Sequence[Clause]) -> Reply | None:
    """Yes, no, a hedge, or unclear; None when the text says none of these."""
    found = {hit.label for hit in _REPLY_WORDS.find(text_clauses)}
    if "unclear" in found:
        return Reply.UNCLEAR
    if "yes" in found and "no" in found:
        return Reply.UNCLEAR
    if "no" in found:
        return Reply.NO
    if "leans_yes" in found:
        return Reply.LEANS_YES
    if found & {"yes", "weak_yes"}:
        return Reply.YES
    return None


class Conflict(Enum):
    """What a reply means when it names both a yes-cue and a no-cue."""

    YES_WINS = "yes_wins"
    NO_WINS = "no_wins"
    UNCLEAR = "unclear"


@dataclass(frozen=True)
class YesNoQuestion:
    """How to read free text for one yes/no question.

    `cues` holds phrases labelled "yes" or "no" that answer the question by their
    content ("the shakes", "finished rehab" / "years ago", "manageable"); the
    longer phrase wins where two overlap ("first time" over "time"). A negated cue
    counts the other way ("never been to rehab" is a no, "not manageable" a yes).
    Without a cue, the plain reply decides ("yeah", "nah", "kinda", "idk").
    """

    cues: Lexicon
    conflict: Conflict = Conflict.YES_WINS
    unclear_means_yes: bool = False  # safety: when in doubt, treat it as a risk
    judge: Callable[[Sequence[Clause], list[Hit]], bool | None] | None = None

    def read(self, text_clauses: Sequence[Clause]) -> bool | None:
        hits = self.cues.find(text_clauses)
        if self.judge is not None:
            judged = self.judge(text_clauses, [h for h in hits if h.label == "yes"])
            if judged is not None:
                return judged
        says_yes = any((h.label == "yes") != h.negated for h in hits)
        says_no = any((h.label == "no") != h.negated for h in hits)
        if says_yes and says_no:
            if self.conflict is Conflict.YES_WINS:
                return True
            if self.conflict is Conflict.NO_WINS:
                return False
            return None
        if says_yes or says_no:
            return says_yes
        kind = reply_kind(text_clauses)
        if kind is Reply.UNCLEAR:
            return True if self.unclear_means_yes else None
        if kind in (Reply.YES, Reply.LEANS_YES):
            return True
        if kind is Reply.NO:
            return False
        return None


def _cues(slot: str) -> Lexicon:
    """The question's content cues: its slot's section of answer_words.yml."""
    return lexicon(slot, ("yes", "no"))


_SAFETY = YesNoQuestion(_cues(SAFETY_RISK), conflict=Conflict.YES_WINS, unclear_means_yes=True)

_WITHDRAWAL_SUBSTANCES = lexicon("withdrawal_substances", ("risky", "other"))
_DAILY_USE = lexicon("daily_use", ("daily",))


def _judge_withdrawal(text_clauses: Sequence[Clause], symptom_hits: list[Hit]) -> bool | None:
    """Daily use counts only for alcohol, benzos or opioids (or no substance named)."""
    if any(not h.negated for h in symptom_hits):
        return True
    daily = [h for h in _DAILY_USE.find(text_clauses) if not h.negated]
    if not daily:
        return None
    named = {h.label for h in _WITHDRAWAL_SUBSTANCES.find(text_clauses) if not h.negated}
    return named != {"other"}  # "i smoke weed every day": no medical detox needed


_WITHDRAWAL = YesNoQuestion(_cues(WITHDRAWAL_RISK), conflict=Conflict.YES_WINS, judge=_judge_withdrawal)

_STEP_DOWN = YesNoQuestion(_cues(STEP_DOWN), conflict=Conflict.NO_WINS)

_TREATED_BEFORE = YesNoQuestion(_cues(TREATED_BEFORE), conflict=Conflict.YES_WINS)

_RELAPSE = YesNoQuestion(_cues(RELAPSE), conflict=Conflict.YES_WINS)

_SERIOUS = YesNoQuestion(_cues(CO_OCCURRING_SERIOUS), conflict=Conflict.UNCLEAR)

YES_NO_QUESTIONS: Mapping[str, YesNoQuestion] = {
    SAFETY_RISK: _SAFETY,
    WITHDRAWAL_RISK: _WITHDRAWAL,
    STEP_DOWN: _STEP_DOWN,
    TREATED_BEFORE: _TREATED_BEFORE,
    RELAPSE: _RELAPSE,
    CO_OCCURRING_SERIOUS: _SERIOUS,
}
