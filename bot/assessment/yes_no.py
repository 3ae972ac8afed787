"""Free-text answers to the yes/no questions of the fit check: "yeah", "nah",
"kinda", "idk", and answers by content ("the shakes", "finished rehab last
week", "never been to rehab"). Split from bot/assessment/parsing.py, which
calls `YES_NO_QUESTIONS[slot].read(clauses)`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum

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


_REPLY_WORDS = Lexicon(
    {
        "yes": [
            "yes",
            "yeah",
            "yea",
            "yeh",
            "ya",
            "yah",
            "yep",
            "yup",
            "ye",
            "yas",
            "yess",
            "yesss",
            "sure",
            "definitely",
            "def",
            "absolutely",
            "correct",
            "right",
            "true",
            "affirmative",
            "indeed",
            "certainly",
            "of course",
            "for sure",
            "uh huh",
            "mhm",
            "mmhmm",
            "yessir",
            "totally",
            "exactly",
        ],
        # short affirmations ("he did"), only counted when nothing says no
        "weak_yes": [
            "i have",
            "i do",
            "i did",
            "he has",
            "she has",
            "they have",
            "he does",
            "she does",
            "they do",
            "he did",
            "she did",
            "they did",
            "we did",
        ],
        "no": [
            "no",
            "nah",
            "nope",
            "naw",
            "na",
            "nay",
            "never",
            "negative",
            "nada",
            "not",
            "not really",
            "not at all",
            "no way",
            "not yet",
            "dont think so",
            "i dont think so",
            "probably not",
            "i guess not",
            "i dont",
            "i havent",
            "i didnt",
            "im not",
            "he doesnt",
            "she doesnt",
            "they dont",
            "he isnt",
            "she isnt",
            "he hasnt",
            "she hasnt",
            "they havent",
            "hasnt",
            "havent",
            "didnt",
            "doesnt",
            "dont",
            "isnt",
            "wasnt",
            "none",
            "nothing",
            "not much",
            "not anymore",
            "not that i know",
            "not that i know of",
            "nope nope",
        ],
        "unclear": [
            "idk",
            "idek",
            "i dont know",
            "dont know",
            "dunno",
            "not sure",
            "unsure",
            "no idea",
            "maybe",
            "possibly",
            "perhaps",
            "hard to say",
            "no clue",
            "not certain",
            "could be",
            "might be",
            "hmm",
            "hmmm",
            "uncertain",
            "who knows",
            "cant say",
            "cant tell",
            "what do you mean",
            "what",
            "huh",
            "depends",
            "not too sure",
            "im not sure",
            "not really sure",
        ],
        "leans_yes": [
            "kinda",
            "kind of",
            "kinda yes",
            "sort of",
            "sorta",
            "a bit",
            "a little",
            "somewhat",
            "sometimes",
            "i guess",
            "probably",
            "i think so",
            "think so",
            "pretty much",
            "mostly",
            "occasionally",
            "now and then",
            "every now and then",
            "once or twice",
            "a few times",
            "here and there",
            "on and off",
            "i believe so",
            "likely",
            "i suppose",
        ],
    }
)


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


_SAFETY = YesNoQuestion(
    cues=Lexicon(
        {
            "yes": [
                "suicidal",
                "suicide",
                "kill myself",
                "killing myself",
                "kill himself",
                "kill herself",
                "kill themselves",
                "end it",
                "end it all",
                "end my life",
                "end his life",
                "end her life",
                "want to die",
                "wanna die",
                "wants to die",
                "wish i was dead",
                "wish i were dead",
                "better off dead",
                "hurt myself",
                "hurting myself",
                "hurt himself",
                "hurt herself",
                "hurt themselves",
                "harm myself",
                "harm himself",
                "harm herself",
                "self harm",
                "selfharm",
                "self harming",
                "cut myself",
                "cutting myself",
                "cutting himself",
                "cutting herself",
                "cuts himself",
                "cuts herself",
                "overdose",
                "overdosed",
                "overdosing",
                "overdoses",
                "od",
                "took too many",
                "took too much",
                "narcan",
                "naloxone",
                "dont want to live",
                "doesnt want to live",
                "dont want to be here",
                "no reason to live",
                "no point living",
                "no point in living",
                "dark thoughts",
                "thoughts of dying",
                "ending it",
                "ending my life",
                "ending his life",
                "ending her life",
                "thinking of dying",
                "thinking about dying",
                "take my life",
                "take my own life",
            ],
            "no": [
                "safe",
                "im safe",
                "i am safe",
                "fine",
                "im fine",
                "ok",
                "okay",
                "im ok",
                "im okay",
                "im good",
                "doing ok",
                "doing okay",
                "all good",
            ],
        }
    ),
    conflict=Conflict.YES_WINS,
    unclear_means_yes=True,
)

_WITHDRAWAL_SUBSTANCES = Lexicon(
    {
        "risky": [
            "alcohol",
            "drinking",
            "drink",
            "drinks",
            "beer",
            "beers",
            "vodka",
            "liquor",
            "wine",
            "booze",
            "whiskey",
            "fifth",
            "benzo",
            "benzos",
            "xanax",
            "xans",
            "bars",
            "klonopin",
            "valium",
            "ativan",
            "benzodiazepines",
            "opioid",
            "opioids",
            "opiates",
            "heroin",
            "fentanyl",
            "fent",
            "oxy",
            "oxys",
            "oxycodone",
            "oxycontin",
            "percs",
            "percocet",
            "percocets",
            "vicodin",
            "hydrocodone",
            "pain pills",
            "pills",
            "morphine",
            "dope",
            "methadone",
        ],
        "other": [
            "weed",
            "cannabis",
            "marijuana",
            "pot",
            "thc",
            "edibles",
            "dab",
            "dabs",
            "coke",
            "cocaine",
            "crack",
            "meth",
            "adderall",
            "molly",
            "mdma",
            "acid",
            "shrooms",
            "vape",
            "vaping",
            "nicotine",
            "cigarettes",
            "kratom",
        ],
    }
)
_DAILY_USE = Lexicon(
    {
        "daily": [
            "every day",
            "everyday",
            "daily",
            "all day",
            "every morning",
            "every night",
            "nightly",
            "all the time",
            "constantly",
            "24 7",
            "heavily",
            "heavy",
            "a fifth",
            "bottle a day",
            "morning drink",
            "first thing in the morning",
        ]
    }
)


def _judge_withdrawal(text_clauses: Sequence[Clause], symptom_hits: list[Hit]) -> bool | None:
    """Daily use counts only for alcohol, benzos or opioids (or no substance named)."""
    if any(not h.negated for h in symptom_hits):
        return True
    daily = [h for h in _DAILY_USE.find(text_clauses) if not h.negated]
    if not daily:
        return None
    named = {h.label for h in _WITHDRAWAL_SUBSTANCES.find(text_clauses) if not h.negated}
    return named != {"other"}  # "i smoke weed every day": no medical detox needed


_WITHDRAWAL = YesNoQuestion(
    cues=Lexicon(
        {
            "yes": [
                "shakes",
                "the shakes",
                "shaky",
                "shaking",
                "tremors",
                "tremor",
                "trembling",
                "sweats",
                "sweating",
                "night sweats",
                "dope sick",
                "dopesick",
                "get sick",
                "gets sick",
                "feel sick",
                "feels sick",
                "very sick",
                "sick when",
                "withdrawal",
                "withdrawals",
                "withdrawl",
                "withdrawls",
                "withdrawing",
                "seizure",
                "seizures",
                "dts",
                "delirium",
                "hallucinations",
                "hallucinating",
                "nausea",
                "vomiting",
                "throwing up",
                "puking",
                "heart racing",
                "cant stop shaking",
                "jittery",
                "the jitters",
            ],
            "no": [
                "weekends",
                "only on weekends",
                "just weekends",
                "on weekends",
                "socially",
                "social drinker",
                "once a week",
                "once in a while",
                "occasionally",
                "a few drinks",
                "couple drinks",
                "a couple drinks",
                "binge",
                "binges",
                "not daily",
                "not every day",
                "no symptoms",
                "just weed",
                "only weed",
            ],
        }
    ),
    conflict=Conflict.YES_WINS,
    judge=_judge_withdrawal,
)

_STEP_DOWN = YesNoQuestion(
    cues=Lexicon(
        {
            "yes": [
                "rehab",
                "rehabilitation",
                "inpatient",
                "in patient",
                "residential",
                "detox",
                "detoxed",
                "treatment center",
                "treatment centre",
                "facility",
                "30 day program",
                "28 day program",
                "30 days",
                "28 days",
                "sober living",
                "halfway house",
                "step down",
                "stepdown",
                "got discharged",
                "discharged",
                "psych ward",
                "hospital",
            ],
            "no": [
                "years ago",
                "year ago",
                "long time ago",
                "long ago",
                "a while ago",
                "while back",
                "a long time",
                "ages ago",
                "in the past",
                "not recently",
                "not yet",
                "never been",
                "never went",
                "never gone",
                "been years",
                "years back",
                "been a while",
                "last year",
            ],
        }
    ),
    conflict=Conflict.NO_WINS,
)

_TREATED_BEFORE = YesNoQuestion(
    cues=Lexicon(
        {
            "yes": [
                "rehab",
                "rehabs",
                "inpatient",
                "in patient",
                "residential",
                "detox",
                "detoxed",
                "treatment",
                "outpatient",
                "iop",
                "php",
                "program",
                "programs",
                "drug counseling",
                "alcohol counseling",
                "substance abuse counseling",
                "addiction counseling",
                "methadone",
                "suboxone",
                "subs",
                "sober living",
                "twice",
                "once",
                "a few times",
                "several times",
                "multiple times",
                "many times",
                "couple times",
                "couple of times",
                "few times",
            ],
            "no": [
                "first time",
                "never",
                "never tried",
                "never been",
                "never had",
                "never gone",
                "never went",
                "no treatment",
                "nothing",
            ],
        }
    ),
    conflict=Conflict.YES_WINS,
)

_RELAPSE = YesNoQuestion(
    cues=Lexicon(
        {
            "yes": [
                "relapsed",
                "relapse",
                "relapsing",
                "relapses",
                "slipped",
                "slip",
                "fell off the wagon",
                "started again",
                "started drinking again",
                "started using again",
                "drinking again",
                "using again",
                "back to drinking",
                "back to using",
                "picked up again",
                "went back to drinking",
                "went back to using",
                "was sober",
                "been sober",
                "sober for",
                "was clean",
                "been clean",
                "clean for",
                "years sober",
                "months sober",
                "year sober",
                "had sobriety",
                "sobriety",
                "years clean",
                "months clean",
            ],
            "no": [
                "never stopped",
                "never quit",
                "never tried to stop",
                "still drinking",
                "still using",
                "always",
                "hasnt stopped",
                "havent stopped",
                "never been sober",
                "never sober",
                "no sobriety",
                "first time",
            ],
        }
    ),
    conflict=Conflict.YES_WINS,
)

_SERIOUS = YesNoQuestion(
    cues=Lexicon(
        {
            "yes": [
                "serious",
                "seriously",
                "severe",
                "really bad",
                "very bad",
                "pretty bad",
                "so bad",
                "bad",
                "terrible",
                "awful",
                "horrible",
                "struggling",
                "hard to function",
                "cant function",
                "cant cope",
                "cant get out of bed",
                "hard to get through",
                "hard to get out of bed",
                "out of control",
                "getting worse",
                "worse",
                "overwhelming",
                "overwhelmed",
                "debilitating",
                "crippling",
                "all the time",
                "constant",
                "a lot",
                "intense",
                "very",
                "really",
                "its serious",
            ],
            "no": [
                "manageable",
                "managable",
                "under control",
                "mild",
                "not too bad",
                "not that bad",
                "not bad",
                "ok",
                "okay",
                "fine",
                "stable",
                "handling it",
                "managing",
                "managing it",
                "doing ok",
                "doing okay",
                "doing well",
                "getting better",
                "better",
                "on meds",
                "medicated",
                "controlled",
                "a little",
                "a bit",
                "minor",
                "its manageable",
            ],
        }
    ),
    conflict=Conflict.UNCLEAR,
)

YES_NO_QUESTIONS: Mapping[str, YesNoQuestion] = {
    SAFETY_RISK: _SAFETY,
    WITHDRAWAL_RISK: _WITHDRAWAL,
    STEP_DOWN: _STEP_DOWN,
    TREATED_BEFORE: _TREATED_BEFORE,
    RELAPSE: _RELAPSE,
    CO_OCCURRING_SERIOUS: _SERIOUS,
}
