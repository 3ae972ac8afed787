"""Understanding an answer to one assessment question: a button's value, or free
text the way visitors really write it ("yeah", "nah", "kinda", "idk", "for my
son", "i think moderate", "he works full time and has 2 kids").

`parse_answer` returns None whenever the answer is unclear, so the caller asks
the question again with its buttons. Free text is read per question, so "no"
means "none of these" for a list question and a score of 0 for CAGE-AID.
Yes/no questions are read by bot/assessment/yes_no.py, the CAGE-AID count by
bot/assessment/cage_score.py; this module reads who it is for, severity and
the several-choice questions, and dispatches. The words are data, in
answer_words.yml (sections `for_whom`, `severity`, `co_occurring`,
`responsibilities`, `subject_verbs`); the rules for reading them are here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.assessment import answer_words
from bot.assessment.answers import AnswersLike, as_answers
from bot.assessment.cage_score import cage_score
from bot.assessment.matching import Clause, Hit, Lexicon, clauses
from bot.assessment.slots import (
    CAGE_AID_SCORE,
    CAGE_AID_SCORES,
    CO_OCCURRING,
    CO_OCCURRING_CONCERNS,
    FOR_WHOM,
    FOR_WHOM_VALUES,
    LOVED_ONE,
    LOVED_ONE_RELATION,
    MILD,
    MODERATE,
    NO,
    NONE,
    RESPONSIBILITIES,
    RESPONSIBILITY_VALUES,
    SELF,
    SEVERE,
    SEVERITY,
    SEVERITY_VALUES,
    UNSURE,
    YES,
)
from bot.assessment.yes_no import YES_NO_QUESTIONS
from bot.language.vocabulary import (
    FIRST_PERSON,
    POSSESSIVES,
    THIRD_PERSON,
    THIRD_PERSON_PLURAL,
    relation_of,
    relation_words,
)


@dataclass(frozen=True)
class ParseResult:
    """An understood answer: the question's slot and its value, plus any other
    slot the same answer fills (the relation in "it's for my son")."""

    slot: str
    value: Any
    extra: Mapping[str, Any] = field(default_factory=dict)

    def slot_values(self) -> dict[str, Any]:
        """Everything to store, by slot name."""
        return {self.slot: self.value, **self.extra}


# --- who it is for --------------------------------------------------------------------

# the shared vocabulary (bot/language/vocabulary.yml), as tokens: no apostrophes
_RELATION_WORD_LIST = sorted(set(relation_words()))
_SELF_WEAK = sorted({w.replace("'", "") for w in FIRST_PERSON} | {"i am"})
_OTHER_WEAK = sorted({w.replace("'", "") for w in THIRD_PERSON + THIRD_PERSON_PLURAL})
_FOR_WHOM_EXPLICIT = answer_words.phrases(FOR_WHOM, ("self_explicit", "other_explicit"))
_FOR_WHOM_WORDS = Lexicon(
    {
        "self_explicit": _FOR_WHOM_EXPLICIT["self_explicit"],
        "self_weak": _SELF_WEAK,
        "other_explicit": _FOR_WHOM_EXPLICIT["other_explicit"],
        "other_weak": _OTHER_WEAK,
        "relation": _RELATION_WORD_LIST,
    }
)


def _parse_for_whom(text_clauses: Sequence[Clause]) -> ParseResult | None:
    hits = _FOR_WHOM_WORDS.find(text_clauses)
    relation_hits = [h for h in hits if h.label == "relation" and not h.negated]
    # the first hit that names a relation: a spelling-tolerant hit may be
    # another word ("home" for "homie")
    named = (relation_of(" ".join(text_clauses[h.clause][h.start : h.end])) for h in relation_hits)
    relation = next((r for r in named if r is not None), None)
    negated_self = any(h.negated and h.label.startswith("self") for h in hits)
    self_explicit = any(h.label == "self_explicit" and not h.negated for h in hits)
    other_explicit = (
        any(h.label == "other_explicit" and not h.negated for h in hits) or relation is not None or negated_self
    )
    self_weak = any(h.label == "self_weak" for h in hits)
    other_weak = any(h.label == "other_weak" for h in hits)

    if other_explicit and not self_explicit:
        value = LOVED_ONE
    elif self_explicit and not other_explicit:
        value = SELF
    elif self_explicit and other_explicit:
        return None  # "me and my husband": ask again
    elif other_weak and not self_weak:
        value = LOVED_ONE
    elif self_weak and not other_weak:
        value = SELF
    else:
        return None
    extra = {LOVED_ONE_RELATION: relation} if value == LOVED_ONE and relation else {}
    return ParseResult(FOR_WHOM, value, extra)


# --- severity -------------------------------------------------------------------------

_SEVERITY_WORDS = answer_words.lexicon(SEVERITY, (MILD, MODERATE, SEVERE, UNSURE))
_SEVERITY_RANK = {MILD: 1, MODERATE: 2, SEVERE: 3}


def _parse_severity(text_clauses: Sequence[Clause]) -> ParseResult | None:
    found = [h.label for h in _SEVERITY_WORDS.find(text_clauses) if not h.negated]
    rated = [label for label in found if label in _SEVERITY_RANK]
    if rated:
        # "mild to moderate" -> moderate: when a visitor hesitates, take the higher one
        return ParseResult(SEVERITY, max(rated, key=_SEVERITY_RANK.__getitem__))
    if UNSURE in found:
        return ParseResult(SEVERITY, UNSURE)
    return None


# --- several-choice questions ---------------------------------------------------------

_CONCERN_WORDS = answer_words.lexicon(CO_OCCURRING, (*CO_OCCURRING_CONCERNS, "all", NONE))
_DUTY_WORDS = answer_words.lexicon(RESPONSIBILITIES, (*RESPONSIBILITY_VALUES, "all", NONE))
# words after "my son" that make him the sentence's subject ("my son works ...")
_SUBJECT_VERBS = answer_words.words("subject_verbs")
_CHILD_NOUNS = frozenset({"son", "sons", "daughter", "daughters", "kid", "kids", "child", "children"})


def _is_sentence_subject(text_clauses: Sequence[Clause], hit: Hit) -> bool:
    """ "my son works full time": the son is who it's about, not a dependent."""
    clause = text_clauses[hit.clause]
    if hit.end - hit.start != 1 or clause[hit.start] not in _CHILD_NOUNS:
        return False
    before = clause[hit.start - 1] if hit.start >= 1 else ""
    after = clause[hit.end] if hit.end < len(clause) else ""
    return hit.start <= 1 and (hit.start == 0 or before in POSSESSIVES) and after in _SUBJECT_VERBS


def _parse_options(
    slot: str,
    lexicon: Lexicon,
    options: Sequence[str],
    all_means: Sequence[str],
    text_clauses: Sequence[Clause],
    ignore: Callable[[Hit], bool] = lambda hit: False,
) -> ParseResult | None:
    hits = [h for h in lexicon.find(text_clauses) if not ignore(h)]
    named = {h.label for h in hits if not h.negated}
    if "all" in named:
        named.update(all_means)
    chosen = [option for option in options if option in named]
    if chosen:
        return ParseResult(slot, chosen)
    negated_options = any(h.negated and h.label in options for h in hits)
    if NONE in named or negated_options:
        return ParseResult(slot, [NONE])
    return None


# --- entry point ----------------------------------------------------------------------

_BOOLEAN_CHOICES = {YES: True, NO: False, "true": True, "false": False}


def _from_choice(slot: str, choice: Any) -> ParseResult | None:
    """The value of a clicked button, or None if it doesn't belong to this question."""
    value = str(choice).strip().lower()
    if slot in YES_NO_QUESTIONS:
        return ParseResult(slot, _BOOLEAN_CHOICES[value]) if value in _BOOLEAN_CHOICES else None
    if slot == FOR_WHOM:
        return ParseResult(slot, value) if value in FOR_WHOM_VALUES else None
    if slot == SEVERITY:
        return ParseResult(slot, value) if value in SEVERITY_VALUES else None
    if slot == CAGE_AID_SCORE:
        if re.fullmatch(r"\d+(\.0)?", value) and int(float(value)) in CAGE_AID_SCORES:
            return ParseResult(slot, int(float(value)))
        return None
    if slot == CO_OCCURRING:
        return ParseResult(slot, [value]) if value in (*CO_OCCURRING_CONCERNS, NONE) else None
    if slot == RESPONSIBILITIES:
        return ParseResult(slot, [value]) if value in (*RESPONSIBILITY_VALUES, NONE) else None
    raise ValueError(f"not an assessment question: {slot!r}")


def parse_answer(
    slot: str,
    text: str | None,
    choice: Any | None = None,
    answers: AnswersLike | None = None,
) -> ParseResult | None:
    """Understand the visitor's answer to the question for `slot`.

    `choice` is the button value when the visitor clicked a button (it wins over
    the text). `answers` (optional, the slots so far) tells whether the answer is
    about a loved one: then in "my son works full time" the son is the person
    asked about, while for the visitor "my son is 3" names a dependent.

    Returns None when the answer is unclear, so the question is asked again with
    its buttons. Raises ValueError for a slot that is not a question.
    """
    if choice is not None and str(choice).strip():
        return _from_choice(slot, choice)
    if slot not in YES_NO_QUESTIONS and slot not in (
        FOR_WHOM,
        SEVERITY,
        CAGE_AID_SCORE,
        CO_OCCURRING,
        RESPONSIBILITIES,
    ):
        raise ValueError(f"not an assessment question: {slot!r}")
    if not text or text.lstrip().startswith("/"):
        return None  # empty, or a raw intent payload without a choice
    text_clauses = clauses(text)
    if not text_clauses:
        return None
    if slot in YES_NO_QUESTIONS:
        value = YES_NO_QUESTIONS[slot].read(text_clauses)
        return None if value is None else ParseResult(slot, value)
    if slot == FOR_WHOM:
        return _parse_for_whom(text_clauses)
    if slot == SEVERITY:
        return _parse_severity(text_clauses)
    if slot == CAGE_AID_SCORE:
        score = cage_score(text)
        return None if score is None else ParseResult(slot, score)
    if slot == CO_OCCURRING:
        return _parse_options(
            slot,
            _CONCERN_WORDS,
            CO_OCCURRING_CONCERNS,
            ("anxiety", "depression", "trauma"),
            text_clauses,
        )
    about_loved_one = answers is None or as_answers(answers).about_loved_one
    return _parse_options(
        slot,
        _DUTY_WORDS,
        RESPONSIBILITY_VALUES,
        RESPONSIBILITY_VALUES,
        text_clauses,
        ignore=lambda hit: about_loved_one and _is_sentence_subject(text_clauses, hit),
    )
