"""Crisis detection: the deterministic safety net that overrides NLU.

Any message about suicidal thoughts, self-harm, overdose, a medical emergency
or harm to someone else gets the crisis answer (988, 911, SAMHSA helpline)
immediately, from any point of any conversation. Recall comes first: when in
doubt the detector triggers, because giving crisis numbers is never harmful and
a miss can be.

Decisions (documented so they can be revisited deliberately):

* Any mention of suicide, overdose, self-harm, seizures, delirium tremens,
  "911" or "emergency" triggers, including questions about them as topics
  ("what is an overdose?") and negations ("i'm not suicidal"), because a
  negation or a question is a poor reason to risk a miss.
* Past events trigger too ("i overdosed 5 years ago"): the net makes no
  historical exclusion. `timing` then picks the answer: a crisis told as over,
  with no present-danger cue, gets care with 988 in passing instead of the
  emergency script; "i overdosed last year and i'm using again" stays an
  emergency.
* Learning about overdose is not one: "overdose prevention", "naloxone
  training", "learn how to use narcan" stay quiet (<TO_LEARN>), and so does
  an overdose match whose sentence holds a learning word (teach, cover,
  education, risk, explain...) and no danger, wish or person who overdosed
  ("will they teach my family about overdose"; `learning`).
* Means at hand count without a crisis word: pills, a gun or a rope "in front
  of me", "in my hand", or named with giving up ("the rope is in the garage
  and im done"), through <MEANS> and <GIVING_UP>; and something that can harm
  put within reach, said now ("the razor is on the sink", "a blade right next
  to me", "all my pills lined up on the counter"), through <HARM_OBJECT> and
  <REACH_PLACE> (bare "my meds are on the counter" stays quiet).
* A decision announced for a moment named now counts without a crisis word
  ("made up my mind, tonight's the night"), through <THE_MOMENT> and
  <DECIDED>; "tonight is the night i tell my wife" and "i've decided to call
  a program" say what happens then and stay quiet.
* "kys" / "kill yourself" trigger (category suicide): whether aimed at the
  visitor or at the bot, answering with crisis numbers is harmless.
* Idioms that do not trigger: "kill time", "killing it", "this is killing
  me", "dying to know", "dying laughing", "dead tired", "dead end",
  "die hard", "drop dead gorgeous", "my phone died", "overdue", "X is gonna
  kill me" (said of a person who will be angry), "take my life back", "end of
  the week", ending a program or a relationship ("end it with him"), "my
  friend is dying to try iop", "shot down by two programs", "hopeless about
  finding a program" or "hopeless at computers" (<CHORE>; "i feel hopeless"
  and "hopeless about everything" still trigger).
  "this is killing me" was a judgement call: it is a very common way of
  describing cravings or waiting ("the cravings are killing me") and says
  nothing about wanting to die or about danger; the explicit forms ("i want
  to die", "kill me now") are covered.
* Narcan/naloxone triggers only with an emergency cue nearby (gave, used,
  needed, not working, won't wake up...), not for "where can i get narcan".
* "sh" means self-harm only with a cue ("my sh", "relapsed on sh",
  "sh scars", "sh again"), never on its own.
* harm_to_others covers the visitor wanting to hurt someone ("i want to hurt
  someone") and someone threatening or hurting the visitor ("he said he'd
  kill me", "my boyfriend choked me"): both need 911.
* Besides phrases, one co-occurrence rule catches a death word, a wish/plan
  word and a person in the same sentence ("part of me hopes the next time i
  use i just die"); it can fire on worry about someone else dying ("i hope my
  dad doesn't die"), which is accepted.

Measured recall on new wording is far from total: three held-out rounds of
~60-75 messages, each written after freezing the lexicon, scored 51%, 48% and
54% before their misses were added (see tests/crisis/test_crisis.py). Explicit
statements are caught reliably; indirect ones ("i made my peace and i'm
ready") often are not. This net must stay paired with the trained `crisis`
intent, and the patterns should keep growing from real (anonymised) misses.

The lexicon is data: one YAML file per category in bot/crisis/lexicon/ (how
to add a phrase: docs/training-data.md), written in the pattern language of
`bot.crisis.patterns`. Matching is split by concern: this module runs the
lexicon (through `bot.language.patterns.PatternIndex`) and puts the matches
together, `cooccurrence` is the death/wish/person net, `variants` rewrites
spelled-out and stretched words, `learning` drops overdose matches that are a
topic to learn about.

`detect_crisis` returns the first match in the text; `find_crisis_matches`
returns all of them (non-overlapping, in text order). Offsets point into the
text as given, so `text[match.start:match.end] == match.phrase`.
"""

from __future__ import annotations

import logging

from bot.crisis.cooccurrence import cooccurrence_matches
from bot.crisis.learning import is_learning_about_overdose
from bot.crisis.lexicon import load_lexicon
from bot.crisis.matches import CRISIS_CATEGORIES, CrisisMatch, to_crisis_match
from bot.crisis.patterns import FILLER_WORDS, expand
from bot.crisis.variants import variant_windows
from bot.language.mapped_text import MappedText
from bot.language.patterns import PatternIndex
from bot.language.text import normalize_with_offsets

_log = logging.getLogger(__name__)

# the names tests/crisis/test_crisis.py and tests/language/test_text_worst_case.py read here
_FILLER_WORDS = FILLER_WORDS
_expand = expand

__all__ = ["CRISIS_CATEGORIES", "CrisisMatch", "detect_crisis", "find_crisis_matches", "is_crisis"]

# Read and compiled once, when the package is first imported: a broken lexicon
# file stops the server at start, not on the first crisis message.
_RULES = load_lexicon()
_INDEX: PatternIndex[str] = PatternIndex(
    [(category, expand(source)) for category, patterns in _RULES for source in patterns]
)
_CATEGORY_RANK = {category: rank for rank, category in enumerate(CRISIS_CATEGORIES)}


def _matches_in(mapped: MappedText) -> list[CrisisMatch]:
    found: list[CrisisMatch] = []
    for category, match in _INDEX.matches(mapped.text):
        if category == "overdose" and is_learning_about_overdose(mapped.text, match.start(), match.end()):
            continue
        crisis = to_crisis_match(mapped, category, match.start(), match.end())
        if crisis is not None:
            found.append(crisis)
    return found


def find_crisis_matches(text: object) -> list[CrisisMatch]:
    """Every crisis phrase in `text`, non-overlapping, in text order.

    Never raises; returns [] for empty or non-text input.
    """
    try:
        mapped = normalize_with_offsets(text)
        if not mapped.text:
            return []
        candidates = _matches_in(mapped) + cooccurrence_matches(mapped)
        for variant in variant_windows(mapped):
            candidates.extend(_matches_in(variant))
    except Exception as exc:  # noqa: BLE001 # pragma: no cover - a safety net must not take the server down
        _log.error("crisis detection failed: %s", type(exc).__name__)
        return []
    candidates.sort(key=lambda m: (m.start, -(m.end - m.start), _CATEGORY_RANK[m.category]))
    kept: list[CrisisMatch] = []
    for match in candidates:
        if kept and match.start < kept[-1].end:
            continue
        kept.append(match)
    return kept


def detect_crisis(text: object) -> CrisisMatch | None:
    """The first crisis phrase in `text`, or None. Never raises."""
    matches = find_crisis_matches(text)
    return matches[0] if matches else None


def is_crisis(text: object) -> bool:
    """Whether `text` contains any crisis phrase."""
    return bool(find_crisis_matches(text))
