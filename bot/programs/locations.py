"""Understanding where a visitor is: ZIP codes, "city, ST", cities, states.

`resolve_location(text)` turns a visitor's answer into one of:

- `Resolved(location)`: a ZIP code, a city in one state, or a whole state;
- `Ambiguous(city, options)`: a city name that exists in several states, with the
  (city, state) options most likely first (the action offers them as buttons);
- `NeedsLocation(message)`: "near me", "nearby"... (the action asks where);
- `NotFound(message)`: an unknown place or an impossible ZIP, with a clear
  visitor-facing message (the action shows it and asks again).

A place named inside a longer message is bot/programs/place_mentions.py's.

Everything is offline. The ZIP code index is bot/programs/gazetteer.py (the
`zipcodes` package, loaded once, on first use; the importer geocodes
facilities with it), state names are bot/programs/states.py and place words
bot/programs/place_names.py. This module holds the rules of resolution and
re-exports their helpers (`lookup_zip`, `find_city`, `US_STATES`...), so
callers import places from one module.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypeAlias

from bot.programs.gazetteer import (
    City,
    CityOption,
    Index,
    Location,
    city_location,
    city_options,
    find_city,
    load_index,
    lookup_zip,
    normalize_zip,
    ranked_cities,
    state_location,
    warm_up,
    zip_location,
)
from bot.programs.place_names import FILLER_WORDS, city_key, place_words
from bot.programs.states import (
    MAX_STATE_NAME_WORDS,
    STATE_BY_NAME,
    US_STATES,
    state_abbreviation,
    state_name,
)

# The place helpers callers and tests import from here, with the resolution.
__all__ = [
    "US_STATES",
    "Ambiguous",
    "CityOption",
    "Location",
    "LocationResult",
    "NeedsLocation",
    "NotFound",
    "Resolved",
    "city_key",
    "city_options",
    "find_city",
    "lookup_zip",
    "normalize_zip",
    "resolve_location",
    "state_abbreviation",
    "state_location",
    "state_name",
    "warm_up",
]

MAX_INPUT_CHARS = 200
MAX_AMBIGUOUS_OPTIONS = 5
FUZZY_CUTOFF = 0.8

# Two-letter abbreviations that are also common words ("I live in...", "call me",
# "ok", "hi"): a state only when they are the whole answer or follow a city.
WORD_LIKE_ABBREVIATIONS = frozenset(
    {"al", "as", "co", "de", "hi", "id", "in", "la", "ma", "md", "me", "mo", "oh", "ok", "or", "pa"}
)

# "near me" and friends: the visitor wants results near them but said no place.
_NEAR_ME_PHRASES: tuple[str, ...] = (
    "near me",
    "close to me",
    "closest to me",
    "around me",
    "by me",
    "nearby",
    "near by",
    "near here",
    "around here",
    "close by",
    "closest",
    "my area",
    "my location",
    "where i am",
    "where i live",
    "local",
    "locally",
    "here",
)

# Nicknames that no ZIP code database lists as a city name.
_CITY_NICKNAMES: dict[str, tuple[str, str]] = {
    "nyc": ("New York", "NY"),
    "newyorkcity": ("New York", "NY"),
    "philly": ("Philadelphia", "PA"),
    "vegas": ("Las Vegas", "NV"),
    "nola": ("New Orleans", "LA"),
    "sanfran": ("San Francisco", "CA"),
}


ZIP_RE = re.compile(r"(?<!\d)(\d{5})(?:-\d{4})?(?!\d)|(?<!\d)(\d{5})\d{4}(?!\d)")
_DIGITS_RE = re.compile(r"\d+")

MESSAGE_EMPTY = 'Where should I look? Please tell me a ZIP code or a city and state, like "Austin, TX".'
MESSAGE_NEAR_ME = "I can't see where you are. Could you tell me your ZIP code or your city and state?"
MESSAGE_NOT_FOUND = (
    'I couldn\'t find that place in the US. Could you give me a ZIP code, or a city and state like "Austin, TX"?'
)
MESSAGE_BAD_ZIP_FORMAT = (
    "That doesn't look like a ZIP code: US ZIP codes have 5 digits. Could you check it, or tell me your city and state?"
)


# --- results ------------------------------------------------------------------


@dataclass(frozen=True)
class Resolved:
    location: Location


@dataclass(frozen=True)
class Ambiguous:
    """A city name found in several states; `options` are most likely first."""

    city: str
    options: tuple[CityOption, ...]

    @property
    def question(self) -> str:
        return f"There's more than one {self.city}. Which one do you mean?"


@dataclass(frozen=True)
class NeedsLocation:
    message: str = MESSAGE_NEAR_ME


@dataclass(frozen=True)
class NotFound:
    message: str = MESSAGE_NOT_FOUND


LocationResult: TypeAlias = Resolved | Ambiguous | NeedsLocation | NotFound


# --- resolution ---------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    key: str


@dataclass(frozen=True)
class StateMention:
    start: int
    end: int
    state: str
    by_name: bool  # "texas" rather than "tx"


def city_spans(words: Sequence[str], cities: dict[str, dict[str, City]]) -> list[Span]:
    """Runs of words that name a city, longest first, then the latest first."""
    spans = []
    for start in range(len(words)):
        for end in range(start + 1, min(len(words), start + 5) + 1):
            chunk = words[start:end]
            if all(word in FILLER_WORDS for word in chunk):
                continue
            key = "".join(chunk)
            # "newyork" may name New York, but "i go" must not name Igo, CA:
            # never join more words than the city's own name has
            if key in cities and len(chunk) <= max(len(city.name.split()) for city in cities[key].values()):
                spans.append(Span(start, end, key))
    return sorted(spans, key=lambda s: (-(s.end - s.start), -s.start))


def state_mentions(words: Sequence[str]) -> list[StateMention]:
    """State names and abbreviations in `words`, in order; a name inside a longer
    one ("virginia" in "west virginia") is not a mention of its own."""
    mentions = []
    for start in range(len(words)):
        for size in range(MAX_STATE_NAME_WORDS, 0, -1):
            chunk = " ".join(words[start : start + size])
            if start + size <= len(words) and chunk in STATE_BY_NAME:
                mentions.append(StateMention(start, start + size, STATE_BY_NAME[chunk], True))
        if len(words[start]) == 2 and words[start].upper() in US_STATES:
            mentions.append(StateMention(start, start + 1, words[start].upper(), False))
    return [
        m
        for m in mentions
        if not any(o.start <= m.start and m.end <= o.end and (o.end - o.start) > (m.end - m.start) for o in mentions)
    ]


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def _fuzzy_keys(key: str, candidates: Iterable[str]) -> list[str]:
    return difflib.get_close_matches(key, list(candidates), n=3, cutoff=FUZZY_CUTOFF)


def _fuzzy_in_state(words: Sequence[str], state: str, index: Index) -> Location | None:
    key = "".join(w for w in words if w not in FILLER_WORDS)
    if len(key) < 3:
        return None
    same_initial = (k for k in index.keys_by_state.get(state, ()) if k[0] == key[0])
    matches = _fuzzy_keys(key, same_initial)
    return city_location(index.cities[matches[0]][state]) if matches else None


def _near_me(words: Sequence[str]) -> bool:
    padded = f" {' '.join(words)} "
    return any(f" {phrase} " in padded for phrase in _NEAR_ME_PHRASES)


def _from_city(by_state: dict[str, City]) -> LocationResult:
    ranked = ranked_cities(by_state)
    if len(ranked) == 1:
        return Resolved(city_location(ranked[0]))
    options = tuple(CityOption(c.name, c.state) for c in ranked[:MAX_AMBIGUOUS_OPTIONS])
    return Ambiguous(city=ranked[0].name, options=options)


def _not_in_state(state: str) -> NotFound:
    return NotFound(
        f"I couldn't find that city in {US_STATES[state]}. Could you check the spelling, or give me a ZIP code?"
    )


def resolve_location(text: str) -> LocationResult:
    """Understand a visitor's answer to "where are you?" (see the module docstring)."""
    raw = (text or "")[:MAX_INPUT_CHARS]
    index = load_index()

    # 1. A ZIP code anywhere ("around 60614", "60614-1234") decides.
    zip_match = ZIP_RE.search(raw)
    if zip_match:
        zip5 = zip_match.group(1) or zip_match.group(2)
        found = zip_location(zip5)
        if found:
            return Resolved(found)
        return NotFound(f"I couldn't find the ZIP code {zip5}. Could you check it, or tell me your city and state?")

    words = place_words(raw)
    if not words:
        return NotFound(MESSAGE_EMPTY)

    # 2. The whole answer is a state: "TX", "in", "New Mexico".
    whole = " ".join(words)
    if len(words) == 1 and words[0].upper() in US_STATES:
        return Resolved(index.states[words[0].upper()])
    if whole in STATE_BY_NAME:
        return Resolved(index.states[STATE_BY_NAME[whole]])
    if whole.replace(" ", "") in _CITY_NICKNAMES:
        name, state = _CITY_NICKNAMES[whole.replace(" ", "")]
        return Resolved(city_location(index.cities[city_key(name)][state]))

    spans = city_spans(words, index.cities)
    mentions = state_mentions(words)

    # 3. A city followed by its state ("Portland OR", "austin, texas"), or a city
    #    and its state's full name anywhere ("in Texas, near Austin").
    for span in spans:
        for mention in mentions:
            if mention.state not in index.cities[span.key]:
                continue
            if mention.start == span.end or (
                mention.by_name and not _overlaps(span.start, span.end, mention.start, mention.end)
            ):
                return Resolved(city_location(index.cities[span.key][mention.state]))

    # A misspelt city before an abbreviation that is also a word ("Pittsburg pa");
    # when nothing in that state is close, the word is just a word ("chicago in").
    for span in spans:
        for mention in mentions:
            if mention.start == span.end and not mention.by_name:
                fuzzy = _fuzzy_in_state(words[span.start : span.end], mention.state, index)
                if fuzzy:
                    return Resolved(fuzzy)

    # State mentions that stand on their own: full names, abbreviations that are
    # not also English words ("in TX" but not "call me"), and whatever follows the
    # last comma ("Blahville, OK"). Not a state inside a city name ("Kansas City").
    after_comma = len(place_words(raw.rsplit(",", 1)[1])) if "," in raw else 0
    standalone = [
        m
        for m in mentions
        if (
            m.by_name
            or words[m.start] not in WORD_LIKE_ABBREVIATIONS
            or (m.end == len(words) and m.end - m.start == after_comma)
        )
        and not any(_overlaps(s.start, s.end, m.start, m.end) for s in spans if s.end - s.start > m.end - m.start)
    ]
    content = [
        i
        for i, word in enumerate(words)
        if word not in FILLER_WORDS and not any(m.start <= i < m.end for m in standalone)
    ]

    # 4. "Something, ST" / "something Texas": a city we do not know in that state.
    if standalone:
        mention = standalone[-1]
        state = mention.state
        # Only the words right before the state can be a city we don't know
        # ("blahville, ok"); elsewhere they are just words ("a program for meth in tx").
        run: list[int] = []
        for i in range(mention.start - 1, -1, -1):
            if i not in content:
                break
            run.insert(0, i)
        if not run:
            return Resolved(index.states[state])
        fuzzy = _fuzzy_in_state([words[i] for i in run], state, index)
        if fuzzy:
            return Resolved(fuzzy)
        return _not_in_state(state)

    # 5. Nothing but filler words: "near me", "nearby", "around here".
    if not content:
        return NeedsLocation() if _near_me(words) else NotFound(MESSAGE_EMPTY)

    # 6. A city on its own ("Springfield", "in chicago please").
    if spans:
        return _from_city(index.cities[spans[0].key])
    key = "".join(words[i] for i in content)
    if key in _CITY_NICKNAMES:
        name, state = _CITY_NICKNAMES[key]
        return Resolved(city_location(index.cities[city_key(name)][state]))

    # 7. A misspelt city ("Chicgo", "Pittsburg"): the closest known name.
    if len(key) >= 4 and not key.isdigit():
        matches = _fuzzy_keys(key, index.keys_by_initial.get(key[0], ()))
        if matches:
            return _from_city(index.cities[matches[0]])

    if _near_me(words):
        return NeedsLocation()
    if _DIGITS_RE.search(raw):
        return NotFound(MESSAGE_BAD_ZIP_FORMAT)
    return NotFound(MESSAGE_NOT_FOUND)
