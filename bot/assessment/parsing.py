"""Understanding an answer to one assessment question: a button's value, or free
text the way visitors really write it ("yeah", "nah", "kinda", "idk", "for my
son", "i think moderate", "he works full time and has 2 kids").

`parse_answer` returns None whenever the answer is unclear, so the caller asks
the question again with its buttons. Free text is read per question, so "no"
means "none of these" for a list question and a score of 0 for CAGE-AID.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Set

from bot.assessment.answers import AnswersLike, as_answers
from bot.assessment.matching import Clause, Hit, Lexicon, clauses, tokens
from bot.language.clauses import plain_word_form
from bot.language.vocabulary import FIRST_PERSON, THIRD_PERSON, THIRD_PERSON_PLURAL, relation_of, relation_words
from bot.assessment.slots import (
    CAGE_AID_ITEMS,
    CAGE_AID_SCORE,
    CAGE_AID_SCORES,
    CO_OCCURRING,
    CO_OCCURRING_CONCERNS,
    CO_OCCURRING_SERIOUS,
    DEPENDENTS,
    FOR_WHOM,
    FOR_WHOM_VALUES,
    LOVED_ONE,
    LOVED_ONE_RELATION,
    MILD,
    MODERATE,
    NO,
    NONE,
    RELAPSE,
    RESPONSIBILITIES,
    RESPONSIBILITY_VALUES,
    SAFETY_RISK,
    SCHOOL,
    SELF,
    SEVERE,
    SEVERITY,
    SEVERITY_VALUES,
    STEP_DOWN,
    TREATED_BEFORE,
    UNSURE,
    WITHDRAWAL_RISK,
    WORK,
    YES,
)


@dataclass(frozen=True)
class ParseResult:
    """An understood answer: the question's slot and its value, plus any other
    slot the same answer fills (the relation in "it's for my son")."""

    slot: str
    value: Any
    extra: Mapping[str, Any] = field(default_factory=dict)

    def slot_values(self) -> Dict[str, Any]:
        """Everything to store, by slot name."""
        return {self.slot: self.value, **self.extra}


# --- yes / no -------------------------------------------------------------------------


class Reply(Enum):
    """How a free-text reply to a yes/no question reads, before its content."""

    YES = "yes"
    NO = "no"
    LEANS_YES = "leans_yes"  # "kinda", "sometimes", "i guess"
    UNCLEAR = "unclear"  # "idk", "not sure", "maybe"


_REPLY_WORDS = Lexicon(
    {
        "yes": [
            "yes", "yeah", "yea", "yeh", "ya", "yah", "yep", "yup", "ye", "yas", "yess",
            "yesss", "sure", "definitely", "def", "absolutely", "correct", "right", "true",
            "affirmative", "indeed", "certainly", "of course", "for sure", "uh huh", "mhm",
            "mmhmm", "yessir", "totally", "exactly",
        ],
        # short affirmations ("he did"), only counted when nothing says no
        "weak_yes": [
            "i have", "i do", "i did", "he has", "she has", "they have", "he does",
            "she does", "they do", "he did", "she did", "they did", "we did",
        ],
        "no": [
            "no", "nah", "nope", "naw", "na", "nay", "never", "negative", "nada", "not",
            "not really", "not at all", "no way", "not yet", "dont think so",
            "i dont think so", "probably not", "i guess not", "i dont", "i havent",
            "i didnt", "im not", "he doesnt", "she doesnt", "they dont", "he isnt",
            "she isnt", "he hasnt", "she hasnt", "they havent", "hasnt", "havent",
            "didnt", "doesnt", "dont", "isnt", "wasnt", "none", "nothing", "not much",
            "not anymore", "not that i know", "not that i know of", "nope nope",
        ],
        "unclear": [
            "idk", "idek", "i dont know", "dont know", "dunno", "not sure", "unsure",
            "no idea", "maybe", "possibly", "perhaps", "hard to say", "no clue",
            "not certain", "could be", "might be", "hmm", "hmmm", "uncertain",
            "who knows", "cant say", "cant tell", "what do you mean", "what", "huh",
            "depends", "not too sure", "im not sure", "not really sure",
        ],
        "leans_yes": [
            "kinda", "kind of", "kinda yes", "sort of", "sorta", "a bit", "a little",
            "somewhat", "sometimes", "i guess", "probably", "i think so", "think so",
            "pretty much", "mostly", "occasionally", "now and then", "every now and then",
            "once or twice", "a few times", "here and there", "on and off",
            "i believe so", "likely", "i suppose",
        ],
    }
)


def reply_kind(text_clauses: Sequence[Clause]) -> Optional[Reply]:
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
    judge: Optional[Callable[[Sequence[Clause], List[Hit]], Optional[bool]]] = None

    def read(self, text_clauses: Sequence[Clause]) -> Optional[bool]:
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


_SAFETY = YesNoQuestion(
    cues=Lexicon(
        {
            "yes": [
                "suicidal", "suicide", "kill myself", "killing myself", "kill himself",
                "kill herself", "kill themselves", "end it", "end it all", "end my life",
                "end his life", "end her life", "want to die", "wanna die", "wants to die",
                "wish i was dead", "wish i were dead", "better off dead", "hurt myself",
                "hurting myself", "hurt himself", "hurt herself", "hurt themselves",
                "harm myself", "harm himself", "harm herself", "self harm", "selfharm",
                "self harming", "cut myself", "cutting myself", "cutting himself",
                "cutting herself", "cuts himself", "cuts herself", "overdose", "overdosed",
                "overdosing", "overdoses", "od", "took too many", "took too much", "narcan",
                "naloxone", "dont want to live", "doesnt want to live",
                "dont want to be here", "no reason to live", "no point living",
                "no point in living", "dark thoughts", "thoughts of dying", "ending it",
                "ending my life", "ending his life", "ending her life", "thinking of dying",
                "thinking about dying", "take my life", "take my own life",
            ],
            "no": [
                "safe", "im safe", "i am safe", "fine", "im fine", "ok", "okay", "im ok",
                "im okay", "im good", "doing ok", "doing okay", "all good",
            ],
        }
    ),
    conflict=Conflict.YES_WINS,
    unclear_means_yes=True,
)

_WITHDRAWAL_SUBSTANCES = Lexicon(
    {
        "risky": [
            "alcohol", "drinking", "drink", "drinks", "beer", "beers", "vodka", "liquor",
            "wine", "booze", "whiskey", "fifth", "benzo", "benzos", "xanax", "xans",
            "bars", "klonopin", "valium", "ativan", "benzodiazepines", "opioid", "opioids",
            "opiates", "heroin", "fentanyl", "fent", "oxy", "oxys", "oxycodone",
            "oxycontin", "percs", "percocet", "percocets", "vicodin", "hydrocodone",
            "pain pills", "pills", "morphine", "dope", "methadone",
        ],
        "other": [
            "weed", "cannabis", "marijuana", "pot", "thc", "edibles", "dab", "dabs",
            "coke", "cocaine", "crack", "meth", "adderall", "molly", "mdma", "acid",
            "shrooms", "vape", "vaping", "nicotine", "cigarettes", "kratom",
        ],
    }
)
_DAILY_USE = Lexicon(
    {
        "daily": [
            "every day", "everyday", "daily", "all day", "every morning", "every night",
            "nightly", "all the time", "constantly", "24 7", "heavily", "heavy",
            "a fifth", "bottle a day", "morning drink", "first thing in the morning",
        ]
    }
)


def _judge_withdrawal(text_clauses: Sequence[Clause], symptom_hits: List[Hit]) -> Optional[bool]:
    """Daily use counts only for alcohol, benzos or opioids (or no substance named)."""
    if any(not h.negated for h in symptom_hits):
        return True
    daily = [h for h in _DAILY_USE.find(text_clauses) if not h.negated]
    if not daily:
        return None
    named = {h.label for h in _WITHDRAWAL_SUBSTANCES.find(text_clauses) if not h.negated}
    if named == {"other"}:
        return False  # "i smoke weed every day": no medical detox needed
    return True


_WITHDRAWAL = YesNoQuestion(
    cues=Lexicon(
        {
            "yes": [
                "shakes", "the shakes", "shaky", "shaking", "tremors", "tremor",
                "trembling", "sweats", "sweating", "night sweats", "dope sick", "dopesick",
                "get sick", "gets sick", "feel sick", "feels sick", "very sick", "sick when",
                "withdrawal", "withdrawals", "withdrawl", "withdrawls", "withdrawing",
                "seizure", "seizures", "dts", "delirium", "hallucinations", "hallucinating",
                "nausea", "vomiting", "throwing up", "puking", "heart racing",
                "cant stop shaking", "jittery", "the jitters",
            ],
            "no": [
                "weekends", "only on weekends", "just weekends", "on weekends",
                "socially", "social drinker", "once a week", "once in a while",
                "occasionally", "a few drinks", "couple drinks", "a couple drinks",
                "binge", "binges", "not daily", "not every day", "no symptoms",
                "just weed", "only weed",
            ]
        }
    ),
    conflict=Conflict.YES_WINS,
    judge=_judge_withdrawal,
)

_STEP_DOWN = YesNoQuestion(
    cues=Lexicon(
        {
            "yes": [
                "rehab", "rehabilitation", "inpatient", "in patient", "residential",
                "detox", "detoxed", "treatment center", "treatment centre", "facility",
                "30 day program", "28 day program", "30 days", "28 days", "sober living",
                "halfway house", "step down", "stepdown", "got discharged", "discharged",
                "psych ward", "hospital",
            ],
            "no": [
                "years ago", "year ago", "long time ago", "long ago", "a while ago",
                "while back", "a long time", "ages ago", "in the past", "not recently",
                "not yet", "never been", "never went", "never gone", "been years",
                "years back", "been a while", "last year",
            ]
        }
    ),
    conflict=Conflict.NO_WINS,
)

_TREATED_BEFORE = YesNoQuestion(
    cues=Lexicon(
        {
            "yes": [
                "rehab", "rehabs", "inpatient", "in patient", "residential", "detox",
                "detoxed", "treatment", "outpatient", "iop", "php", "program", "programs",
                "drug counseling", "alcohol counseling", "substance abuse counseling",
                "addiction counseling",
                "methadone", "suboxone", "subs", "sober living", "twice", "once",
                "a few times", "several times", "multiple times", "many times",
                "couple times", "couple of times", "few times",
            ],
            "no": [
                "first time", "never", "never tried", "never been", "never had",
                "never gone", "never went", "no treatment", "nothing",
            ]
        }
    ),
    conflict=Conflict.YES_WINS,
)

_RELAPSE = YesNoQuestion(
    cues=Lexicon(
        {
            "yes": [
                "relapsed", "relapse", "relapsing", "relapses", "slipped", "slip",
                "fell off the wagon", "started again", "started drinking again",
                "started using again", "drinking again", "using again", "back to drinking",
                "back to using", "picked up again", "went back to drinking",
                "went back to using", "was sober",
                "been sober", "sober for", "was clean", "been clean", "clean for",
                "years sober", "months sober", "year sober", "had sobriety", "sobriety",
                "years clean", "months clean",
            ],
            "no": [
                "never stopped", "never quit", "never tried to stop", "still drinking",
                "still using", "always", "hasnt stopped", "havent stopped",
                "never been sober", "never sober", "no sobriety", "first time",
            ]
        }
    ),
    conflict=Conflict.YES_WINS,
)

_SERIOUS = YesNoQuestion(
    cues=Lexicon(
        {
            "yes": [
                "serious", "seriously", "severe", "really bad", "very bad", "pretty bad",
                "so bad", "bad", "terrible", "awful", "horrible", "struggling",
                "hard to function", "cant function", "cant cope", "cant get out of bed",
                "hard to get through", "hard to get out of bed", "out of control",
                "getting worse", "worse", "overwhelming", "overwhelmed", "debilitating",
                "crippling", "all the time", "constant", "a lot", "intense", "very",
                "really", "its serious",
            ],
            "no": [
                "manageable", "managable", "under control", "mild", "not too bad",
                "not that bad", "not bad", "ok", "okay", "fine", "stable", "handling it",
                "managing", "managing it", "doing ok", "doing okay", "doing well",
                "getting better", "better", "on meds", "medicated", "controlled",
                "a little", "a bit", "minor", "its manageable",
            ]
        }
    ),
    conflict=Conflict.UNCLEAR,
)

_YES_NO_QUESTIONS: Mapping[str, YesNoQuestion] = {
    SAFETY_RISK: _SAFETY,
    WITHDRAWAL_RISK: _WITHDRAWAL,
    STEP_DOWN: _STEP_DOWN,
    TREATED_BEFORE: _TREATED_BEFORE,
    RELAPSE: _RELAPSE,
    CO_OCCURRING_SERIOUS: _SERIOUS,
}

# --- who it is for --------------------------------------------------------------------

# the shared vocabulary (bot/language/vocabulary.yml), as tokens: no apostrophes
_RELATION_WORD_LIST = sorted(set(relation_words()))
_SELF_WEAK = sorted({w.replace("'", "") for w in FIRST_PERSON} | {"i am"})
_OTHER_WEAK = sorted({w.replace("'", "") for w in THIRD_PERSON + THIRD_PERSON_PLURAL})
_FOR_WHOM_WORDS = Lexicon(
    {
        "self_explicit": [
            "me", "myself", "for me", "about me", "its me", "just me", "its for me",
            "for myself", "my own", "mine", "self", "personally", "its about me",
            "my drinking", "my drug use", "my use", "my addiction", "my problem",
        ],
        "self_weak": _SELF_WEAK,
        "other_explicit": [
            "someone else", "somebody else", "someone", "somebody", "loved one",
            "a loved one", "family member", "for him", "for her", "for them",
            "about him", "about her", "about them", "not me", "not for me",
            "other person", "someone i love", "someone i care about",
        ],
        "other_weak": _OTHER_WEAK,
        "relation": _RELATION_WORD_LIST,
    }
)


def _parse_for_whom(text_clauses: Sequence[Clause]) -> Optional[ParseResult]:
    hits = _FOR_WHOM_WORDS.find(text_clauses)
    relation_hits = [h for h in hits if h.label == "relation" and not h.negated]
    # the first hit that names a relation: a spelling-tolerant hit may be
    # another word ("home" for "homie")
    named = (relation_of(" ".join(text_clauses[h.clause][h.start:h.end])) for h in relation_hits)
    relation = next((r for r in named if r is not None), None)
    negated_self = any(h.negated and h.label.startswith("self") for h in hits)
    self_explicit = any(h.label == "self_explicit" and not h.negated for h in hits)
    other_explicit = (
        any(h.label == "other_explicit" and not h.negated for h in hits)
        or relation is not None
        or negated_self
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

_SEVERITY_WORDS = Lexicon(
    {
        MILD: [
            "mild", "mildly", "not that bad", "not too bad", "not bad", "a little",
            "a bit", "little", "minor", "light", "manageable", "under control",
            "not serious", "not that serious", "only sometimes", "low", "worries me",
            "mostly works", "not much", "slight", "slightly",
        ],
        MODERATE: [
            "moderate", "moderately", "medium", "middle", "in between", "in the middle",
            "mid", "pretty bad", "fairly bad", "kinda bad", "kind of bad", "quite bad",
            "bad", "real problems", "causing problems", "problems", "problem",
            "getting worse", "worse", "somewhat", "average", "so so",
        ],
        SEVERE: [
            "severe", "severely", "serious", "very serious", "really serious", "very bad",
            "really bad", "so bad", "super bad", "extremely", "extreme", "terrible",
            "awful", "horrible", "out of control", "taken over", "takes over",
            "took over", "taking over", "rock bottom", "worst", "cant stop",
            "cant function", "ruining", "ruined", "destroying", "lost everything",
            "whole life",
        ],
        UNSURE: [
            "idk", "idek", "dont know", "not sure", "unsure", "no idea", "hard to say",
            "dunno", "no clue", "not certain", "cant tell", "cant say", "maybe",
            "who knows",
        ],
    }
)
_SEVERITY_RANK = {MILD: 1, MODERATE: 2, SEVERE: 3}


def _parse_severity(text_clauses: Sequence[Clause]) -> Optional[ParseResult]:
    found = [h.label for h in _SEVERITY_WORDS.find(text_clauses) if not h.negated]
    rated = [label for label in found if label in _SEVERITY_RANK]
    if rated:
        # "mild to moderate" -> moderate: when a visitor hesitates, take the higher one
        return ParseResult(SEVERITY, max(rated, key=_SEVERITY_RANK.__getitem__))
    if UNSURE in found:
        return ParseResult(SEVERITY, UNSURE)
    return None


# --- CAGE-AID score -------------------------------------------------------------------

_NUMBER_WORDS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4}
_ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
    "fourth": 4, "4th": 4, "last": 4, "forth": 4,
}
_CAGE_ITEM_WORDS = Lexicon(
    {
        "1": [
            "cut down", "cut back", "cutting down", "cutting back", "cut", "should stop",
            "ought to stop", "drink less", "use less", "quit",
        ],
        "2": [
            "annoyed", "annoy", "annoying", "criticize", "criticized", "criticizing",
            "criticism", "critisized", "nag", "nagged", "nagging", "complain",
            "complained", "irritated", "people bugging", "annoyance",
        ],
        "3": ["guilty", "guilt", "bad about", "ashamed", "shame", "felt bad", "feel bad"],
        "4": [
            "morning", "mornings", "eye opener", "eyeopener", "first thing", "wake up",
            "hangover", "hangovers", "steady", "nerves",
        ],
    }
)
_ALL_WORDS = frozenset({"all", "every", "everything", "each", "everyone"})
_ZERO_WORDS = frozenset({"none", "zero", "no", "nope", "nah", "neither", "nothing", "nada"})
_AFFIRM_WORDS = frozenset({"yes", "yeah", "yep", "yup", "ya"})
_EXCEPT_WORDS = frozenset({"except", "but", "besides", "apart", "minus", "save"})
# "one" after these is a pronoun ("the guilty one", "the last one"), not a count
_ONE_AS_PRONOUN_AFTER = frozenset({"the", "that", "this", "each", "every", "no", "any"})
_OUT_OF_FOUR = re.compile(r"\b(?:out\s+of|outta|of)\s+(?:4|four)\b|(?<=\d)\s*/\s*4\b")


def _cage_score(text: str) -> Optional[int]:
    """How many of the four CAGE-AID items the visitor says are true.

    Reads counts ("two of them", "2/4", "all but one", "none") and items named by
    position or content ("yes to the first and last", "1 and 3", "just the guilty
    one", "cut down and the morning one").
    """
    words = tokens(_OUT_OF_FOUR.sub(" ", plain_word_form(text)))
    if not words:
        return None
    item_hits = _CAGE_ITEM_WORDS.find([words])
    in_item_phrase = {k for h in item_hits for k in range(h.start, h.end)}
    items: Set[int] = {int(h.label) for h in item_hits if not h.negated}
    left_out: Set[int] = {int(h.label) for h in item_hits if h.negated}
    counts: List[int] = []
    consumed: Set[int] = set()
    numbers_joined_by_or = False
    for i, word in enumerate(words):
        if i in consumed or i in in_item_phrase:
            continue
        previous = words[i - 1] if i else ""
        following = words[i + 1] if i + 1 < len(words) else ""
        if word in _ORDINALS:
            span = _NUMBER_WORDS.get(following, int(following) if following.isdigit() else 0)
            if word in ("first", "1st") and 1 < span <= CAGE_AID_ITEMS:
                items.update(range(1, span + 1))  # "the first two"
                consumed.add(i + 1)
            elif word == "last" and 1 < span <= CAGE_AID_ITEMS:
                items.update(range(CAGE_AID_ITEMS - span + 1, CAGE_AID_ITEMS + 1))
                consumed.add(i + 1)
            elif previous in ("not", "no", "except", "but", "besides"):
                left_out.add(_ORDINALS[word])
            else:
                items.add(_ORDINALS[word])
            continue
        if previous in ("number", "question", "item") and word.isdigit():
            items.add(int(word))
            continue
        value = int(word) if word.isdigit() else _NUMBER_WORDS.get(word)
        if value is None:
            continue
        if word == "one" and (
            previous in _ONE_AS_PRONOUN_AFTER or previous in _ORDINALS or (i - 1) in in_item_phrase
        ):
            continue
        if previous == "or" and counts:
            numbers_joined_by_or = True
        counts.append(value)

    says_all = any(w in _ALL_WORDS for w in words)
    if numbers_joined_by_or:
        return None  # "1 or 2": ask again
    if says_all and any(w in _EXCEPT_WORDS for w in words):
        named = items | left_out
        if named:
            missing = len(named)
        elif len(counts) > 1:
            missing = len(set(counts))
        else:
            missing = counts[0] if counts else 1
        score = CAGE_AID_ITEMS - missing
        return score if score in CAGE_AID_SCORES else None
    if says_all:
        if any(w in _ZERO_WORDS for w in words) and not any(w in _AFFIRM_WORDS for w in words):
            return 0  # "no to all"
        return CAGE_AID_ITEMS
    chosen = items - left_out
    if chosen:
        if len(counts) == 1 and counts[0] == len(chosen):
            return len(chosen)  # "2: cut down and guilty"
        chosen |= {n for n in counts if 1 <= n <= CAGE_AID_ITEMS}
        return len(chosen)
    if len(counts) > 1:
        if len(set(counts)) == len(counts) and set(counts) <= set(range(1, CAGE_AID_ITEMS + 1)):
            return len(counts)  # "1 and 3": items, so two of them
        return None
    if len(counts) == 1:
        return counts[0] if counts[0] in CAGE_AID_SCORES else None
    if "couple" in words:
        return 2
    if any(w in _ZERO_WORDS for w in words) and not left_out:
        return 0
    return None


# --- several-choice questions ---------------------------------------------------------

_CONCERN_WORDS = Lexicon(
    {
        "anxiety": [
            "anxiety", "anxious", "anxieties", "panic", "panic attacks", "panic attack",
            "panic disorder", "nervous", "social anxiety", "gad", "anxiety attacks",
            "on edge", "axiety", "anxity",
        ],
        "depression": [
            "depression", "depressed", "depressive", "feeling down", "low mood",
            "hopeless", "sad", "sadness", "no motivation", "mdd", "depresion",
        ],
        "trauma": [
            "trauma", "traumatic", "traumatized", "traumatised", "ptsd", "cptsd",
            "c ptsd", "abuse", "abused", "assault", "assaulted", "flashbacks",
            "nightmares",
        ],
        "other": [
            "bipolar", "adhd", "ocd", "schizophrenia", "schizoaffective", "psychosis",
            "psychotic", "eating disorder", "anorexia", "bulimia", "personality disorder",
            "bpd", "borderline", "gambling", "gaming", "sex addiction", "porn", "insomnia",
            "grief", "mental health", "mental illness", "something else", "other",
            "others", "anger", "mood swings",
        ],
        "all": [
            "all of them", "all of those", "all of these", "all three", "all 3",
            "all of the above", "everything", "all",
        ],
        NONE: [
            "none", "no", "nope", "nah", "nothing", "neither", "none of these",
            "none of those", "not really", "all good", "im good", "im fine", "no issues",
            "no problems", "nothing like that", "not that i know", "not that i know of",
        ],
    }
)

_DUTY_WORDS = Lexicon(
    {
        WORK: [
            "work", "works", "working", "worker", "job", "jobs", "employed", "employment",
            "career", "shift", "shifts", "full time", "fulltime", "part time", "parttime",
            "business", "office", "boss", "self employed", "9 to 5", "nine to five",
            "night shift", "overtime", "gig", "gigs", "has a job", "my company",
        ],
        SCHOOL: [
            "school", "college", "uni", "university", "class", "classes", "student",
            "studying", "study", "studies", "degree", "semester", "grad school",
            "high school", "highschool", "course", "courses", "exams", "homework",
            "community college", "studnet",
        ],
        DEPENDENTS: [
            "kids", "kid", "children", "child", "baby", "babies", "toddler", "toddlers",
            "son", "sons", "daughter", "daughters", "twins", "stepkids", "grandkids",
            "take care of", "taking care of", "takes care of", "care for", "caring for",
            "cares for", "caregiver", "caretaker", "look after", "looking after",
            "looks after", "dependents", "dependent", "dependants", "single mom",
            "single dad", "single parent", "stay at home mom", "stay at home dad",
            "stay at home parent", "full time mom", "full time dad", "sahm", "family",
            "parent", "newborn", "infant", "elderly", "caring for others",
        ],
        "all": ["all of them", "all of those", "all of these", "all three", "all 3", "all"],
        NONE: [
            "none", "no", "nope", "nah", "nothing", "not really", "none of these",
            "none of those", "unemployed", "jobless", "retired", "between jobs",
            "laid off", "lost my job", "lost his job", "lost her job", "out of work",
            "on disability", "disability", "no responsibilities", "nothing like that",
            "not working", "dont work", "doesnt work",
        ],
    }
)
_POSSESSIVES = frozenset({"my", "our", "his", "her", "their"})
_SUBJECT_VERBS = frozenset(
    {
        "is", "isnt", "was", "wasnt", "works", "goes", "has", "hasnt", "does", "doesnt",
        "studies", "attends", "lives", "just", "still", "also", "in", "at", "will", "can",
        "cant", "never", "only", "dont", "drinks", "uses", "s",
    }
)
_CHILD_NOUNS = frozenset(
    {"son", "sons", "daughter", "daughters", "kid", "kids", "child", "children"}
)


def _is_sentence_subject(text_clauses: Sequence[Clause], hit: Hit) -> bool:
    """"my son works full time": the son is who it's about, not a dependent."""
    clause = text_clauses[hit.clause]
    if hit.end - hit.start != 1 or clause[hit.start] not in _CHILD_NOUNS:
        return False
    before = clause[hit.start - 1] if hit.start >= 1 else ""
    after = clause[hit.end] if hit.end < len(clause) else ""
    return hit.start <= 1 and (hit.start == 0 or before in _POSSESSIVES) and after in _SUBJECT_VERBS


def _parse_options(
    slot: str, lexicon: Lexicon, options: Sequence[str], all_means: Sequence[str],
    text_clauses: Sequence[Clause], ignore: Callable[[Hit], bool] = lambda hit: False,
) -> Optional[ParseResult]:
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


def _from_choice(slot: str, choice: Any) -> Optional[ParseResult]:
    """The value of a clicked button, or None if it doesn't belong to this question."""
    value = str(choice).strip().lower()
    if slot in _YES_NO_QUESTIONS:
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
        return ParseResult(slot, [value]) if value in CO_OCCURRING_CONCERNS + (NONE,) else None
    if slot == RESPONSIBILITIES:
        return ParseResult(slot, [value]) if value in RESPONSIBILITY_VALUES + (NONE,) else None
    raise ValueError(f"not an assessment question: {slot!r}")


def parse_answer(
    slot: str,
    text: Optional[str],
    choice: Optional[Any] = None,
    answers: Optional[AnswersLike] = None,
) -> Optional[ParseResult]:
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
    if slot not in _YES_NO_QUESTIONS and slot not in (
        FOR_WHOM, SEVERITY, CAGE_AID_SCORE, CO_OCCURRING, RESPONSIBILITIES,
    ):
        raise ValueError(f"not an assessment question: {slot!r}")
    if not text or text.lstrip().startswith("/"):
        return None  # empty, or a raw intent payload without a choice
    text_clauses = clauses(text)
    if not text_clauses:
        return None
    if slot in _YES_NO_QUESTIONS:
        value = _YES_NO_QUESTIONS[slot].read(text_clauses)
        return None if value is None else ParseResult(slot, value)
    if slot == FOR_WHOM:
        return _parse_for_whom(text_clauses)
    if slot == SEVERITY:
        return _parse_severity(text_clauses)
    if slot == CAGE_AID_SCORE:
        score = _cage_score(text)
        return None if score is None else ParseResult(slot, score)
    if slot == CO_OCCURRING:
        return _parse_options(
            slot, _CONCERN_WORDS, CO_OCCURRING_CONCERNS,
            ("anxiety", "depression", "trauma"), text_clauses,
        )
    about_loved_one = answers is None or as_answers(answers).about_loved_one
    return _parse_options(
        slot, _DUTY_WORDS, RESPONSIBILITY_VALUES, RESPONSIBILITY_VALUES, text_clauses,
        ignore=lambda hit: about_loved_one and _is_sentence_subject(text_clauses, hit),
    )
