"""The cues found in one message, each checked against its clause: the first
half of reading intake facts (bot/language/intake_facts.py decides the facts
from these hits).

For every cue of intake_cues.yml that matches, `cue_hits` works out its clause
(bot/language/clauses.py) and drops or flags it: topic cues in questions that
only name a topic or in hypotheticals, negation in the few words before it
(the shared negators plus "can't", "cannot" and turning away from a
preference; not after "my", not in a conditional, not "can't stop"), doubt
("not sure if"), fears ("afraid of a relapse"), future step-downs, long-ago
treatment, and "my son ..." only when the clause goes on about use.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from re import Match
from typing import NamedTuple

from bot.language.clauses import clause_spans, negation_before
from bot.language.cues import Cue, cues, fragment
from bot.language.mapped_text import MappedText
from bot.language.patterns import PatternIndex
from bot.language.vocabulary import (
    AVERSION_WORDS,
    FIRST_PERSON,
    NEGATORS,
    POSSESSIVES,
    STATEMENT_NEGATORS,
    THIRD_PERSON,
    UNCERTAINTY_WORDS,
    relation_of,
    without_apostrophes,
    words_pattern,
)

__all__ = ["Hit", "cue_hits"]

# --- cues and vocabulary --------------------------------------------------------------
# The cues are data (intake_cues.yml, see bot/language/cues.py); relations,
# negators and pronouns are the vocabulary shared with the assessment's answer
# parser (bot/language/vocabulary.yml).

_MY_REL = fragment("my_rel")
_USE_AHEAD = re.compile(rf"\b(?:{fragment('use_words')})")
# "id" is left out: it is also the word ID ("needs his id")
_FIRST_PERSON_AHEAD = re.compile(r"\b" + words_pattern(w for w in FIRST_PERSON if w != "i'd") + r"\b")
_INDEX: PatternIndex[Cue] = PatternIndex(cues(), prefix_length=4)


def _relation_of(match: Match[str]) -> str | None:
    """The canonical relation a cue named (None for "my loved one")."""
    return relation_of(match.groupdict().get("rel"))


# --- clauses, negation, questions -------------------------------------------------------

_QUESTION_START = re.compile(
    r"^(?:what|what'?s|whats|how|hows|how'?s|why|which|who|where|does|do|did|is|isn'?t|are|aren'?t|can|could|will|would"
    r"|should|shall|may|might|am|any|anyone|has|have (?:you|u|they|there)|wondering|curious|question)\b"
)
# a clause about a specific person ("they" is as often the program)
_PERSONAL = re.compile(r"\b" + words_pattern(FIRST_PERSON + THIRD_PERSON) + r"\b")
_HYPOTHETICAL = re.compile(
    r"\b(?:will|would|could|might|may|should|can|do|does|what if|if|gonna|going to|am i going to)\s+(?:i|you|u|he|she|they|we|someone|people|a person)\s+(?:\w+\s+){0,2}$"
)
# statements read in passing: every negator, "can't"/"cannot" too, and turning
# away from a preference ("instead of aa")
_NEGATORS = without_apostrophes(NEGATORS + STATEMENT_NEGATORS + AVERSION_WORDS)
_FEAR_BEFORE = re.compile(
    r"\b(?:afraid|scared|worried|worry|terrified|nervous|fear|prevent|preventing|prevention|avoid|avoiding|risk|might|could|"
    r"before|if|don'?t want|do not want|not want|stop|stopping|to)\b(?:\s+\w+){0,3}\s*$"
)
_FUTURE_STEP_DOWN = re.compile(r"\b(?:when|after|once|if|until|before|till|til)\s+(?:i|he|she|they|you|we)?\s*$")
_BASE_STEP_VERB = re.compile(
    r"^(?:finish|complete|leave|get out of|graduate from|discharge from|come out of|come home from|get home from)$"
)
_NEGATIVE_SENTIMENT_AFTER = re.compile(
    r"^\W*(?:\w+\s+){0,3}?(?:didn'?t|doesn'?t|did not|does not|never|won'?t) (?:work|help|do anything)|^\W*(?:is|was)n'?t for me|^\W*(?:is|was) not for me|^\W*(?:sucks|sucked)"
)
_WHOLE_MESSAGE_SELF = re.compile(
    r"^\s*(?:(?:it'?s|its|it is|this is|just|for|it'?s for|its for|this is for)\s+)*(?:me|myself|my ?self|i am|i'?m|im)\s*(?:[.!]+)?\s*$"
)
_WHOLE_MESSAGE_LOVED_ONE = re.compile(
    rf"^\s*(?:(?:it'?s|its|it is|this is|for|it'?s for|its for|this is for|asking for)\s+)*{_MY_REL}\s*(?:[.!]+)?\s*$"
)
_NEGATION_WINDOW_WORDS = 4
# how far back (characters) the checks before a cue look, so a long
# unpunctuated message costs linear time
_WINDOW_CHARS = 80
# "no withdrawals from weed": the "no" is about withdrawals, not weed
_SUBSTANCE_NEGATION_WINDOW = 2
# "i don't want to keep going to aa"
_PREFERENCE_NEGATION_WINDOW = 6
# "no alcohol for 3 days" is abstinence, not "doesn't use alcohol"
_DURATION_AFTER = re.compile(
    r"\s*(?:for|in|since) (?:\d+|a|an|one|two|three|four|five|six|seven|a few|a couple(?: of)?|several|over a) ?(?:\w+ )?(?:hours?|days?|weeks?|months?|years?|nights?)\b"
)
_LONG_AGO = re.compile(
    r"\b(?:(?:\d+|a few|several|many|couple|a couple of|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty) (?:years?|yrs?)(?: ago)?|years ago|in (?:19|20)\d\d|long time ago|a while (?:ago|back)|back in (?:19|20)\d\d|as a (?:teen|teenager|kid))\b"
)
_ANSWER_FILLER = re.compile(
    r"(?:(?:yes|yeah|yep|yup|some|bad|really|lots of|a lot of|definitely|and|the|sometimes|always|ya)\s*)*"
)
_ATTRIBUTED_BEFORE = re.compile(
    r"\b(?:bad|terrible|horrible|awful|severe|the|these|those|rough|scary|having|getting|with|in)\s*$"
)
_CONDITIONAL_NEGATION = re.compile(
    r"\b(?:if|when|whenever|unless|once|until|till|every time|each time)\s+(?:i|he|she|they|we|you)?\s*(?:don'?t|dont|doesn'?t|doesnt|do not|does not|didn'?t|didnt|can'?t|cant|haven'?t|havent)\s+(?:\w+\s+)?$"
)
# what follows "can't" when it states a struggle or a sign, not a denial
_CANT_SIGNS = frozenset({"stop", "quit", "sleep", "eat", "function", "focus", "breathe"})
_CAN_NOT_BEFORE = re.compile(r"\b(?:can'?t|cannot|can not|couldn'?t|unable to)\b")


class _Clause:
    """A clause of the normalised text; question/personal worked out on demand."""

    __slots__ = ("_ends_with_question", "_is_question", "_personal", "end", "start", "text")

    def __init__(self, text: str, start: int, end: int, ends_with_question: bool) -> None:
        self.text = text
        self.start = start
        self.end = end
        self._ends_with_question = ends_with_question
        self._is_question: bool | None = None
        self._personal: bool | None = None

    @property
    def is_question(self) -> bool:
        if self._is_question is None:
            body = self.text[self.start : self.end].strip()
            self._is_question = self._ends_with_question or _QUESTION_START.match(body) is not None
        return self._is_question

    @property
    def personal(self) -> bool:
        if self._personal is None:
            self._personal = _PERSONAL.search(self.text, self.start, self.end) is not None
        return self._personal


def _clauses(text: str) -> list[_Clause]:
    return [_Clause(text, span.start, span.end, span.asked) for span in clause_spans(text)]


def _clause_at(clauses: Sequence[_Clause], starts: Sequence[int], position: int) -> _Clause | None:
    index = bisect_right(starts, position) - 1
    if index < 0:
        return None
    return clauses[index]


def _negation(text: str, clause_start: int, cue_start: int, window_words: int = _NEGATION_WINDOW_WORDS) -> str:
    """ "negated", "uncertain" or "" for the few words before a cue in its clause."""
    window = text[max(clause_start, cue_start - _WINDOW_CHARS) : cue_start]
    words = [w.strip('.,!?;:"()-') for w in window.split()[-window_words:]]
    words = [w for w in words if w]
    if not words:
        return ""
    if words[-1] in POSSESSIVES:
        return ""  # "i don't know if my insurance covers it": it is still my insurance
    if _CONDITIONAL_NEGATION.search(window):
        return ""  # "he gets the shakes if he doesn't drink": conditional, not denial

    def exempt(words: Sequence[str], index: int) -> bool:
        word = words[index]
        if word == "without" and _CAN_NOT_BEFORE.search(window):
            return True  # "can't stop without getting sick": not a negation
        # "can't stop drinking"; "can't sleep and get sweaty" (a sign itself, no denial)
        return word in ("can't", "cant", "cannot") and index + 1 < len(words) and words[index + 1] in _CANT_SIGNS

    return negation_before(words, _NEGATORS, uncertain=UNCERTAINTY_WORDS, exempt=exempt).value


# --- extraction --------------------------------------------------------------------------


class Hit(NamedTuple):
    """A cue found in the normalised text (field, value, span, negated, tier 1-3)."""

    field: str
    value: object
    start: int  # in normalised text
    end: int
    negated: bool
    tier: int = 2


def _age_preference(match: Match[str]) -> str | None:
    raw = match.group("age1") or match.group("age2")
    if not raw:
        return None
    age = int(raw)
    if 12 <= age <= 17:
        return "adolescents"
    if 18 <= age <= 25:
        return "young_adults"
    if 65 <= age <= 99:
        return "seniors"
    return None


def _loved_one_from_context(text: str, match: Match[str], clause_end: int) -> bool:
    """After "my son", does the clause go on about use (and not about me)?"""
    ahead = text[match.end() : min(clause_end, match.end() + 90)]
    use = _USE_AHEAD.search(ahead)
    if use is None:
        return False
    first_person = _FIRST_PERSON_AHEAD.search(ahead)
    return first_person is None or first_person.start() > use.start()


def cue_hits(mapped: MappedText) -> list[Hit]:
    """Every cue stated in the text, after the checks of the module doc."""
    text = mapped.text
    clauses = _clauses(text)
    clause_starts = [c.start for c in clauses]
    hits: list[Hit] = []
    # one-phrase answers to "who is this for?"
    whole = _WHOLE_MESSAGE_SELF.match(text)
    if whole:
        hits.append(Hit("for_whom", ("self", None), 0, len(text.rstrip(" .!")), False, 1))
    whole = _WHOLE_MESSAGE_LOVED_ONE.match(text)
    if whole:
        hits.append(Hit("for_whom", ("loved_one", _relation_of(whole)), whole.start("rel"), whole.end("rel"), False, 1))
    for cue, match in _INDEX.matches(text):
        clause = _clause_at(clauses, clause_starts, match.start())
        clause_start = clause.start if clause else 0
        clause_end = clause.end if clause else len(text)
        before = text[max(clause_start, match.start() - _WINDOW_CHARS) : match.start()]
        flags = cue.flags
        if "topic" in flags:
            if clause is not None and clause.is_question and not clause.personal:
                continue  # "does iop help with anxiety?"
            if _HYPOTHETICAL.search(before):
                continue  # "will i get withdrawals"
        window_words = (
            _SUBSTANCE_NEGATION_WINDOW
            if "substance" in flags
            else _PREFERENCE_NEGATION_WINDOW
            if cue.field == "preference"
            else _NEGATION_WINDOW_WORDS
        )
        negation = "" if "noneg" in flags else _negation(text, clause_start, match.start(), window_words)
        if negation == "uncertain":
            continue
        negated = negation == "negated"
        if "attributed" in flags and not negated and clause is not None and not clause.personal:
            rest = (text[clause.start : match.start()] + " " + text[match.end() : clause.end]).strip(" .!")
            if not _ATTRIBUTED_BEFORE.search(before) and not _ANSWER_FILLER.fullmatch(rest):
                continue  # "withdrawal is scary": a topic, not a symptom ("withdrawals" alone is an answer)
        if "fear" in flags and _FEAR_BEFORE.search(before):
            continue  # "afraid of a relapse", "to prevent relapse"
        if (
            cue.field == "step_down"
            and match.groupdict().get("verb")
            and _BASE_STEP_VERB.match(match.group("verb"))
            and _FUTURE_STEP_DOWN.search(before)
        ):
            continue  # "what happens after i finish the program"
        if (
            cue.field == "preference"
            and match.groupdict().get("twelve")
            and _NEGATIVE_SENTIMENT_AFTER.search(text[match.end() : match.end() + 40])
        ):
            continue  # "aa didn't work for me"
        value: object = cue.value
        tier = 2
        if "tier1" in flags:
            tier = 1
        elif "tier3" in flags:
            tier = 3
        if cue.field == "for_whom":
            relation = _relation_of(match)
            if value == "loved_one?":
                if not _loved_one_from_context(text, match, clause_end):
                    continue
                value = "loved_one"
            hits.append(Hit("for_whom", (value, relation), match.start(), match.end(), negated, tier))
            continue
        if cue.field == "preference" and value == "age":
            value = _age_preference(match)
            if value is None:
                continue
        if cue.field == "substance" and negated and _DURATION_AFTER.match(text, match.end()):
            negated = False  # "no alcohol for 3 days"
        if "recent" in flags and _LONG_AGO.search(
            text[max(clause_start, match.start() - 150) : min(clause_end, match.end() + 150)]
        ):
            hits.append(Hit("treated_before", True, match.start(), match.end(), negated))
            continue  # finished rehab years ago: treated before, not a step down
        hits.append(Hit(cue.field, value, match.start(), match.end(), negated, tier))
    return hits
