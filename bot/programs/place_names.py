"""Place names as words and lookup keys: "St. Louis" and "Saint Louis" -> "saintlouis".

Rules: lower case, apostrophes dropped, any other punctuation a space; "St",
"Ste", "Ft", "Mt" are expanded when a name follows them ("Mt Vernon"), not when
they stand alone or before a filler word ("Billings, MT" stays Montana). The
filler words are those that carry no place name in answers like "I live near
Austin, TX please". Imports nothing of bot/.
"""

from __future__ import annotations

import re

# Words that carry no place name in answers like "I live near Austin, TX please".
FILLER_WORDS = frozenset(
    [
        "i",
        "im",
        "am",
        "me",
        "my",
        "mine",
        "we",
        "us",
        "our",
        "were",
        "are",
        "is",
        "was",
        "be",
        "been",
        "its",
        "it",
        "this",
        "that",
        "these",
        "those",
        "live",
        "living",
        "lives",
        "reside",
        "residing",
        "stay",
        "staying",
        "located",
        "based",
        "currently",
        "now",
        "right",
        "at",
        "in",
        "on",
        "near",
        "nearby",
        "around",
        "close",
        "closer",
        "closest",
        "to",
        "by",
        "from",
        "of",
        "the",
        "a",
        "an",
        "there",
        "here",
        "area",
        "region",
        "city",
        "town",
        "county",
        "state",
        "country",
        "zip",
        "zipcode",
        "postal",
        "code",
        "number",
        "please",
        "pls",
        "thanks",
        "thank",
        "you",
        "thx",
        "ok",
        "okay",
        "yes",
        "yeah",
        "yep",
        "yup",
        "sure",
        "hi",
        "hello",
        "hey",
        "um",
        "uh",
        "so",
        "and",
        "or",
        "but",
        "just",
        "about",
        "within",
        "miles",
        "mile",
        "somewhere",
        "anywhere",
        "any",
        "rural",
        "upstate",
        "downstate",
        "greater",
        "metro",
        "suburbs",
        "suburb",
        "outskirts",
        "outside",
        "downtown",
        "local",
        "locally",
        "find",
        "looking",
        "look",
        "for",
        "search",
        "program",
        "programs",
        "iop",
        "treatment",
        "rehab",
        "center",
        "centers",
        "facility",
        "facilities",
        "want",
        "need",
        "help",
        "something",
        "like",
        "usa",
        "america",
        "call",
        "text",
        "email",
        "phone",
        "contact",
    ]
)

# Word abbreviations inside city names, expanded on both sides of a lookup.
WORD_EXPANSIONS: dict[str, str] = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount"}

_NON_WORD_RE = re.compile(r"[^0-9a-z]+")


def place_words(text: str) -> list[str]:
    """Lower-case words of `text`, punctuation dropped, and "St"/"Ft"/"Mt" expanded
    when a name follows ("Mt Vernon", but "Billings, MT" stays Montana)."""
    words = _NON_WORD_RE.sub(" ", text.lower().replace("'", "")).split()
    if not any(word in WORD_EXPANSIONS for word in words):
        return words
    return [
        WORD_EXPANSIONS[word]
        if word in WORD_EXPANSIONS and i + 1 < len(words) and words[i + 1] not in FILLER_WORDS
        else word
        for i, word in enumerate(words)
    ]


def city_key(name: str) -> str:
    """The lookup key of a city name: "St. Louis" and "Saint Louis" -> "saintlouis"."""
    return "".join(place_words(name))
