"""Understanding where a visitor is: ZIP codes, "city, ST", cities, states.

`resolve_location(text)` turns a visitor's answer into one of:

- `Resolved(location)`: a ZIP code, a city in one state, or a whole state;
- `Ambiguous(city, options)`: a city name that exists in several states, with the
  (city, state) options most likely first (the action offers them as buttons);
- `NeedsLocation(message)`: "near me", "nearby"... (the action asks where);
- `NotFound(message)`: an unknown place or an impossible ZIP, with a clear
  visitor-facing message (the action shows it and asks again).

Everything is offline: the `zipcodes` package (US ZIP codes with their city,
state and centroid) is loaded once, on first use, into module-level indexes.
The importer uses the same indexes to geocode facilities (`lookup_zip`,
`find_city`).
"""
from __future__ import annotations

import difflib
import gc
import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, Iterable, List, NamedTuple, Optional, Sequence, Tuple, Union

from bot.programs.geo import Coordinates

MAX_INPUT_CHARS = 200
MAX_AMBIGUOUS_OPTIONS = 5
FUZZY_CUTOFF = 0.8

# The 50 states, DC and the inhabited territories that have ZIP codes.
US_STATES: Dict[str, str] = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas",
    "CA": "California", "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware",
    "DC": "District of Columbia", "FL": "Florida", "GA": "Georgia", "HI": "Hawaii",
    "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas",
    "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland",
    "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi",
    "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
    "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma",
    "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina",
    "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas", "UT": "Utah",
    "VT": "Vermont", "VA": "Virginia", "WA": "Washington", "WV": "West Virginia",
    "WI": "Wisconsin", "WY": "Wyoming",
    "PR": "Puerto Rico", "GU": "Guam", "VI": "U.S. Virgin Islands",
    "MP": "Northern Mariana Islands", "AS": "American Samoa",
}

# Other ways visitors write a state (lower case, words separated by one space).
_STATE_NAME_ALIASES: Dict[str, str] = {
    "washington dc": "DC", "washington d c": "DC", "d c": "DC",
    "virgin islands": "VI", "us virgin islands": "VI", "u s virgin islands": "VI",
    "mariana islands": "MP", "n mariana islands": "MP",
    "calif": "CA", "mass": "MA", "penn": "PA", "penna": "PA", "wash": "WA",
}

# Two-letter abbreviations that are also common words ("I live in...", "call me",
# "ok", "hi"): a state only when they are the whole answer or follow a city.
_WORD_LIKE_ABBREVIATIONS = frozenset(
    {"al", "as", "co", "de", "hi", "id", "in", "la", "ma", "md", "me", "mo", "oh", "ok", "or", "pa"}
)

# Words that carry no place name in answers like "I live near Austin, TX please".
_FILLER_WORDS = frozenset(
    """
    i im am me my mine we us our were are is was be been its it this that these those
    live living lives reside residing stay staying located based currently now right
    at in on near nearby around close closer closest to by from of the a an there here
    area region city town county state country zip zipcode postal code number
    please pls thanks thank you thx ok okay yes yeah yep yup sure hi hello hey um uh so
    and or but just about within miles mile somewhere anywhere any
    rural upstate downstate greater metro suburbs suburb outskirts outside downtown
    local locally find looking look for search program programs iop treatment rehab
    center centers facility facilities want need help something like usa america
    call text email phone contact
    """.split()
)

# "near me" and friends: the visitor wants results near them but said no place.
_NEAR_ME_PHRASES: Tuple[str, ...] = (
    "near me", "close to me", "closest to me", "around me", "by me", "nearby", "near by",
    "near here", "around here", "close by", "closest", "my area", "my location",
    "where i am", "where i live", "local", "locally", "here",
)

# Nicknames that no ZIP code database lists as a city name.
_CITY_NICKNAMES: Dict[str, Tuple[str, str]] = {
    "nyc": ("New York", "NY"),
    "newyorkcity": ("New York", "NY"),
    "philly": ("Philadelphia", "PA"),
    "vegas": ("Las Vegas", "NV"),
    "nola": ("New Orleans", "LA"),
    "sanfran": ("San Francisco", "CA"),
}

# Word abbreviations inside city names, expanded on both sides of a lookup.
_WORD_EXPANSIONS: Dict[str, str] = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount"}

_ZIP_RE = re.compile(r"(?<!\d)(\d{5})(?:-\d{4})?(?!\d)|(?<!\d)(\d{5})\d{4}(?!\d)")
_DIGITS_RE = re.compile(r"\d+")

MESSAGE_EMPTY = (
    "Where should I look? Please tell me a ZIP code or a city and state, like \"Austin, TX\"."
)
MESSAGE_NEAR_ME = (
    "I can't see where you are. Could you tell me your ZIP code or your city and state?"
)
MESSAGE_NOT_FOUND = (
    "I couldn't find that place in the US. Could you give me a ZIP code, or a city and "
    "state like \"Austin, TX\"?"
)
MESSAGE_BAD_ZIP_FORMAT = (
    "That doesn't look like a ZIP code: US ZIP codes have 5 digits. Could you check it, "
    "or tell me your city and state?"
)


# --- results ------------------------------------------------------------------


@dataclass(frozen=True)
class Location:
    """A place to search around. `kind` is "zip", "city" or "state"."""

    label: str
    latitude: float
    longitude: float
    state: str
    kind: str
    city: Optional[str] = None
    zip: Optional[str] = None

    @property
    def coordinates(self) -> Coordinates:
        return Coordinates(self.latitude, self.longitude)

    @property
    def state_name(self) -> str:
        return US_STATES.get(self.state, self.state)


class CityOption(NamedTuple):
    """One answer to "which one do you mean?": a city in a state."""

    city: str
    state: str

    @property
    def label(self) -> str:
        """What a button shows and, when sent back, what resolves to this city."""
        return f"{self.city}, {self.state}"


@dataclass(frozen=True)
class Resolved:
    location: Location


@dataclass(frozen=True)
class Ambiguous:
    """A city name found in several states; `options` are most likely first."""

    city: str
    options: Tuple[CityOption, ...]

    @property
    def question(self) -> str:
        return f"There's more than one {self.city}. Which one do you mean?"


@dataclass(frozen=True)
class NeedsLocation:
    message: str = MESSAGE_NEAR_ME


@dataclass(frozen=True)
class NotFound:
    message: str = MESSAGE_NOT_FOUND


LocationResult = Union[Resolved, Ambiguous, NeedsLocation, NotFound]


# --- the ZIP code index (built once) ------------------------------------------


@dataclass(frozen=True)
class _City:
    name: str
    state: str
    latitude: float
    longitude: float
    zip_count: int  # how many ZIP codes use this name: our proxy for size


@dataclass(frozen=True)
class _Index:
    zips: Dict[str, Tuple[str, str, float, float]]  # ZIP -> city, state, lat, lon
    cities: Dict[str, Dict[str, _City]]  # city key -> state -> city
    keys_by_state: Dict[str, Tuple[str, ...]]
    keys_by_initial: Dict[str, Tuple[str, ...]]
    states: Dict[str, Location]


_NON_WORD_RE = re.compile(r"[^0-9a-z]+")


def _words(text: str) -> List[str]:
    """Lower-case words of `text`, punctuation dropped, and "St"/"Ft"/"Mt" expanded
    when a name follows ("Mt Vernon", but "Billings, MT" stays Montana)."""
    words = _NON_WORD_RE.sub(" ", text.lower().replace("'", "")).split()
    if not any(word in _WORD_EXPANSIONS for word in words):
        return words
    return [
        _WORD_EXPANSIONS[word]
        if word in _WORD_EXPANSIONS and i + 1 < len(words) and words[i + 1] not in _FILLER_WORDS
        else word
        for i, word in enumerate(words)
    ]


def city_key(name: str) -> str:
    """The lookup key of a city name: "St. Louis" and "Saint Louis" -> "saintlouis"."""
    return "".join(_words(name))


def _centre(points: Sequence[Tuple[float, float]]) -> Tuple[float, float]:
    """The median latitude and longitude of ZIP centroids (robust to odd ZIPs)."""
    if len(points) == 1:
        return points[0]
    return (
        round(statistics.median(p[0] for p in points), 5),
        round(statistics.median(p[1] for p in points), 5),
    )


@lru_cache(maxsize=1)
def _index() -> _Index:
    """The ZIP code indexes, built on first use (about half a second)."""
    # Building allocates ~100,000 small objects; the cyclic garbage collector
    # would otherwise run dozens of times and triple the build time.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _build_index()
    finally:
        if collecting:
            gc.enable()


def _build_index() -> _Index:
    import zipcodes  # offline: the package ships its data

    zips: Dict[str, Tuple[str, str, float, float]] = {}
    primary: Dict[Tuple[str, str], List[Tuple[float, float]]] = defaultdict(list)
    alias: Dict[Tuple[str, str], List[Tuple[float, float]]] = defaultdict(list)
    names: Dict[Tuple[str, str], Counter] = defaultdict(Counter)
    by_state: Dict[str, List[Tuple[float, float]]] = defaultdict(list)
    keys: Dict[str, str] = {}

    def key_of(name: str) -> str:
        if name not in keys:
            keys[name] = city_key(name)
        return keys[name]

    for row in zipcodes.list_all():
        state = row.get("state") or ""
        try:
            lat, lon = float(row["lat"]), float(row["long"])
        except (KeyError, TypeError, ValueError):
            continue
        if state not in US_STATES or (lat == 0.0 and lon == 0.0):
            continue  # military post offices and placeholder rows have no place
        city = row["city"]
        zips[row["zip_code"]] = (city, state, lat, lon)
        by_state[state].append((lat, lon))
        key = key_of(city)
        primary[(key, state)].append((lat, lon))
        names[(key, state)][city] += 1
        for other in row.get("acceptable_cities") or ():
            other_key = key_of(other)
            alias[(other_key, state)].append((lat, lon))
            names[(other_key, state)][other.title() if other.isupper() else other] += 1

    cities: Dict[str, Dict[str, _City]] = defaultdict(dict)
    for (key, state), points in list(primary.items()) + list(alias.items()):
        if not key or state in cities[key]:
            continue  # a primary name wins over the same name used as an alias
        lat, lon = _centre(points)
        name = names[(key, state)].most_common(1)[0][0]
        cities[key][state] = _City(name, state, lat, lon, len(points))

    keys_by_state: Dict[str, List[str]] = defaultdict(list)
    keys_by_initial: Dict[str, List[str]] = defaultdict(list)
    for key, states in cities.items():
        keys_by_initial[key[0]].append(key)
        for state in states:
            keys_by_state[state].append(key)

    states = {}
    for abbr, points in by_state.items():
        lat, lon = _centre(points)
        states[abbr] = Location(
            label=US_STATES[abbr], latitude=lat, longitude=lon, state=abbr, kind="state"
        )
    return _Index(
        zips=zips,
        cities=dict(cities),
        keys_by_state={s: tuple(k) for s, k in keys_by_state.items()},
        keys_by_initial={i: tuple(k) for i, k in keys_by_initial.items()},
        states=states,
    )


_STATE_BY_NAME: Dict[str, str] = {
    " ".join(_words(name)): abbr for abbr, name in US_STATES.items()
}
_STATE_BY_NAME.update(_STATE_NAME_ALIASES)
_MAX_STATE_NAME_WORDS = max(len(name.split()) for name in _STATE_BY_NAME)


# --- public helpers -----------------------------------------------------------


def state_name(abbreviation: str) -> str:
    """ "TX" -> "Texas". Raises KeyError for an unknown abbreviation."""
    return US_STATES[abbreviation.strip().upper()]


def state_abbreviation(text: str) -> Optional[str]:
    """ "Texas", "texas", "TX", "tx" -> "TX"; None when `text` is not a state."""
    words = _words(text)
    if len(words) == 1 and words[0].upper() in US_STATES:
        return words[0].upper()
    return _STATE_BY_NAME.get(" ".join(words))


def normalize_zip(raw: str) -> Optional[str]:
    """A 5-digit ZIP from "60614", "60614-1234" or a ZIP whose leading zeros a
    spreadsheet dropped ("2134" -> "02134"); None when it cannot be a ZIP code."""
    value = (raw or "").strip()
    match = re.fullmatch(r"(\d{3,5})(?:-\d{4})?", value) or re.fullmatch(r"(\d{5})\d{4}", value)
    return match.group(1).zfill(5) if match else None


def lookup_zip(zip_code: str) -> Optional[Location]:
    """The centroid of a ZIP code (5 digits, or ZIP+4), or None if it does not exist."""
    zip5 = normalize_zip(zip_code)
    return _zip_location(zip5) if zip5 else None


def find_city(city: str, state: str) -> Optional[Location]:
    """The centre of `city` in `state` (mean of its ZIP centroids), or None."""
    found = _index().cities.get(city_key(city), {}).get(state.strip().upper())
    return _city_location(found) if found else None


def state_location(abbreviation: str) -> Location:
    """A whole state (its centre is the mean of its ZIP centroids)."""
    return _index().states[abbreviation.strip().upper()]


def city_options(city: str) -> Tuple[CityOption, ...]:
    """Every state that has a city called `city`, most ZIP codes (≈ largest) first."""
    return tuple(CityOption(c.name, c.state) for c in _ranked(_index().cities.get(city_key(city), {})))


def warm_up() -> None:
    """Build the ZIP code indexes now (about a second) rather than on first use."""
    _index()


# --- resolution ---------------------------------------------------------------


def _zip_location(zip5: str) -> Optional[Location]:
    found = _index().zips.get(zip5)
    if not found:
        return None
    city, state, lat, lon = found
    return Location(
        label=f"{zip5} ({city}, {state})",
        latitude=lat,
        longitude=lon,
        state=state,
        kind="zip",
        city=city,
        zip=zip5,
    )


def _city_location(city: _City) -> Location:
    return Location(
        label=f"{city.name}, {city.state}",
        latitude=city.latitude,
        longitude=city.longitude,
        state=city.state,
        kind="city",
        city=city.name,
    )


def _ranked(by_state: Dict[str, _City]) -> List[_City]:
    return sorted(by_state.values(), key=lambda c: (-c.zip_count, c.state))


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    key: str


@dataclass(frozen=True)
class _StateMention:
    start: int
    end: int
    state: str
    by_name: bool  # "texas" rather than "tx"


def _city_spans(words: Sequence[str], cities: Dict[str, Dict[str, _City]]) -> List[_Span]:
    """Runs of words that name a city, longest first, then the latest first."""
    spans = []
    for start in range(len(words)):
        for end in range(start + 1, min(len(words), start + 5) + 1):
            chunk = words[start:end]
            if all(word in _FILLER_WORDS for word in chunk):
                continue
            key = "".join(chunk)
            # "newyork" may name New York, but "i go" must not name Igo, CA:
            # never join more words than the city's own name has
            if key in cities and len(chunk) <= max(
                len(city.name.split()) for city in cities[key].values()
            ):
                spans.append(_Span(start, end, key))
    return sorted(spans, key=lambda s: (-(s.end - s.start), -s.start))


def _state_mentions(words: Sequence[str]) -> List[_StateMention]:
    """State names and abbreviations in `words`, in order; a name inside a longer
    one ("virginia" in "west virginia") is not a mention of its own."""
    mentions = []
    for start in range(len(words)):
        for size in range(_MAX_STATE_NAME_WORDS, 0, -1):
            chunk = " ".join(words[start : start + size])
            if start + size <= len(words) and chunk in _STATE_BY_NAME:
                mentions.append(_StateMention(start, start + size, _STATE_BY_NAME[chunk], True))
        if len(words[start]) == 2 and words[start].upper() in US_STATES:
            mentions.append(_StateMention(start, start + 1, words[start].upper(), False))
    return [
        m for m in mentions
        if not any(
            o.start <= m.start and m.end <= o.end and (o.end - o.start) > (m.end - m.start)
            for o in mentions
        )
    ]


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def _fuzzy_keys(key: str, candidates: Iterable[str]) -> List[str]:
    return difflib.get_close_matches(key, list(candidates), n=3, cutoff=FUZZY_CUTOFF)


def _fuzzy_in_state(words: Sequence[str], state: str, index: _Index) -> Optional[Location]:
    key = "".join(w for w in words if w not in _FILLER_WORDS)
    if len(key) < 3:
        return None
    same_initial = (k for k in index.keys_by_state.get(state, ()) if k[0] == key[0])
    matches = _fuzzy_keys(key, same_initial)
    return _city_location(index.cities[matches[0]][state]) if matches else None


def _near_me(words: Sequence[str]) -> bool:
    padded = f" {' '.join(words)} "
    return any(f" {phrase} " in padded for phrase in _NEAR_ME_PHRASES)


def _from_city(by_state: Dict[str, _City]) -> LocationResult:
    ranked = _ranked(by_state)
    if len(ranked) == 1:
        return Resolved(_city_location(ranked[0]))
    options = tuple(CityOption(c.name, c.state) for c in ranked[:MAX_AMBIGUOUS_OPTIONS])
    return Ambiguous(city=ranked[0].name, options=options)


def _not_in_state(state: str) -> NotFound:
    return NotFound(
        f"I couldn't find that city in {US_STATES[state]}. Could you check the spelling, "
        "or give me a ZIP code?"
    )


def resolve_location(text: str) -> LocationResult:
    """Understand a visitor's answer to "where are you?" (see the module docstring)."""
    raw = (text or "")[:MAX_INPUT_CHARS]
    index = _index()

    # 1. A ZIP code anywhere ("around 60614", "60614-1234") decides.
    zip_match = _ZIP_RE.search(raw)
    if zip_match:
        zip5 = zip_match.group(1) or zip_match.group(2)
        found = _zip_location(zip5)
        if found:
            return Resolved(found)
        return NotFound(
            f"I couldn't find the ZIP code {zip5}. Could you check it, or tell me your "
            "city and state?"
        )

    words = _words(raw)
    if not words:
        return NotFound(MESSAGE_EMPTY)

    # 2. The whole answer is a state: "TX", "in", "New Mexico".
    whole = " ".join(words)
    if len(words) == 1 and words[0].upper() in US_STATES:
        return Resolved(index.states[words[0].upper()])
    if whole in _STATE_BY_NAME:
        return Resolved(index.states[_STATE_BY_NAME[whole]])
    if whole.replace(" ", "") in _CITY_NICKNAMES:
        name, state = _CITY_NICKNAMES[whole.replace(" ", "")]
        return Resolved(_city_location(index.cities[city_key(name)][state]))

    spans = _city_spans(words, index.cities)
    mentions = _state_mentions(words)

    # 3. A city followed by its state ("Portland OR", "austin, texas"), or a city
    #    and its state's full name anywhere ("in Texas, near Austin").
    for span in spans:
        for mention in mentions:
            if mention.state not in index.cities[span.key]:
                continue
            if mention.start == span.end or (
                mention.by_name and not _overlaps(span.start, span.end, mention.start, mention.end)
            ):
                return Resolved(_city_location(index.cities[span.key][mention.state]))

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
    after_comma = len(_words(raw.rsplit(",", 1)[1])) if "," in raw else 0
    standalone = [
        m for m in mentions
        if (
            m.by_name
            or words[m.start] not in _WORD_LIKE_ABBREVIATIONS
            or (m.end == len(words) and m.end - m.start == after_comma)
        )
        and not any(
            _overlaps(s.start, s.end, m.start, m.end)
            for s in spans
            if s.end - s.start > m.end - m.start
        )
    ]
    content = [
        i for i, word in enumerate(words)
        if word not in _FILLER_WORDS
        and not any(m.start <= i < m.end for m in standalone)
    ]

    # 4. "Something, ST" / "something Texas": a city we do not know in that state.
    if standalone:
        mention = standalone[-1]
        state = mention.state
        # Only the words right before the state can be a city we don't know
        # ("blahville, ok"); elsewhere they are just words ("a program for meth in tx").
        run: List[int] = []
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
        return Resolved(_city_location(index.cities[city_key(name)][state]))

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
