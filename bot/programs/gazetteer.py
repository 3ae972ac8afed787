"""The offline gazetteer: every US ZIP code with its city, state and centroid
(the `zipcodes` package), indexed once, on first use.

Rules:

- a ZIP code is 5 digits (ZIP+4 accepted); one whose leading zeros a
  spreadsheet dropped ("2134") is padded; military post offices and
  placeholder rows (no coordinates) are left out;
- a city's centre is the median of its ZIP centroids, its size the number of
  ZIP codes that use its name (a primary name wins over the same name used as
  an alias); a state's centre is the median of its ZIP centroids;
- cities of one name are ranked by size, then state.

The importer geocodes facilities with the same index (`lookup_zip`,
`find_city`) as the search understands visitors.
"""

from __future__ import annotations

import gc
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from bot.programs.geo import Coordinates
from bot.programs.place_names import city_key
from bot.programs.states import US_STATES


@dataclass(frozen=True)
class Location:
    """A place to search around. `kind` is "zip", "city" or "state"."""

    label: str
    latitude: float
    longitude: float
    state: str
    kind: str
    city: str | None = None
    zip: str | None = None

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
class City:
    name: str
    state: str
    latitude: float
    longitude: float
    zip_count: int  # how many ZIP codes use this name: our proxy for size


@dataclass(frozen=True)
class Index:
    zips: dict[str, tuple[str, str, float, float]]  # ZIP -> city, state, lat, lon
    cities: dict[str, dict[str, City]]  # city key -> state -> city
    keys_by_state: dict[str, tuple[str, ...]]
    keys_by_initial: dict[str, tuple[str, ...]]
    states: dict[str, Location]


def _centre(points: Sequence[tuple[float, float]]) -> tuple[float, float]:
    """The median latitude and longitude of ZIP centroids (robust to odd ZIPs)."""
    if len(points) == 1:
        return points[0]
    return (
        round(statistics.median(p[0] for p in points), 5),
        round(statistics.median(p[1] for p in points), 5),
    )


@lru_cache(maxsize=1)
def load_index() -> Index:
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


def _build_index() -> Index:
    import zipcodes  # offline: the package ships its data

    zips: dict[str, tuple[str, str, float, float]] = {}
    primary: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    alias: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    names: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    by_state: dict[str, list[tuple[float, float]]] = defaultdict(list)
    keys: dict[str, str] = {}

    def key_of(name: str) -> str:
        if name not in keys:
            keys[name] = city_key(name)
        return keys[name]

    # zipcodes' public list_all() has no annotations (its compiled core has)
    for row in zipcodes.list_all():  # type: ignore[no-untyped-call]
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

    cities: dict[str, dict[str, City]] = defaultdict(dict)
    for (key, state), points in list(primary.items()) + list(alias.items()):
        if not key or state in cities[key]:
            continue  # a primary name wins over the same name used as an alias
        lat, lon = _centre(points)
        name = names[(key, state)].most_common(1)[0][0]
        cities[key][state] = City(name, state, lat, lon, len(points))

    keys_by_state: dict[str, list[str]] = defaultdict(list)
    keys_by_initial: dict[str, list[str]] = defaultdict(list)
    for key, city_states in cities.items():
        keys_by_initial[key[0]].append(key)
        for state in city_states:
            keys_by_state[state].append(key)

    states: dict[str, Location] = {}
    for abbr, points in by_state.items():
        lat, lon = _centre(points)
        states[abbr] = Location(label=US_STATES[abbr], latitude=lat, longitude=lon, state=abbr, kind="state")
    return Index(
        zips=zips,
        cities=dict(cities),
        keys_by_state={s: tuple(k) for s, k in keys_by_state.items()},
        keys_by_initial={i: tuple(k) for i, k in keys_by_initial.items()},
        states=states,
    )


def normalize_zip(raw: str) -> str | None:
    """A 5-digit ZIP from "60614", "60614-1234" or a ZIP whose leading zeros a
    spreadsheet dropped ("2134" -> "02134"); None when it cannot be a ZIP code."""
    value = (raw or "").strip()
    match = re.fullmatch(r"(\d{3,5})(?:-\d{4})?", value) or re.fullmatch(r"(\d{5})\d{4}", value)
    return match.group(1).zfill(5) if match else None


def lookup_zip(zip_code: str) -> Location | None:
    """The centroid of a ZIP code (5 digits, or ZIP+4), or None if it does not exist."""
    zip5 = normalize_zip(zip_code)
    return zip_location(zip5) if zip5 else None


def find_city(city: str, state: str) -> Location | None:
    """The centre of `city` in `state` (mean of its ZIP centroids), or None."""
    found = load_index().cities.get(city_key(city), {}).get(state.strip().upper())
    return city_location(found) if found else None


def state_location(abbreviation: str) -> Location:
    """A whole state (its centre is the mean of its ZIP centroids)."""
    return load_index().states[abbreviation.strip().upper()]


def city_options(city: str) -> tuple[CityOption, ...]:
    """Every state that has a city called `city`, most ZIP codes (≈ largest) first."""
    cities = load_index().cities.get(city_key(city), {})
    return tuple(CityOption(c.name, c.state) for c in ranked_cities(cities))


def warm_up() -> None:
    """Build the ZIP code indexes now (about a second) rather than on first use."""
    load_index()


def zip_location(zip5: str) -> Location | None:
    found = load_index().zips.get(zip5)
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


def city_location(city: City) -> Location:
    return Location(
        label=f"{city.name}, {city.state}",
        latitude=city.latitude,
        longitude=city.longitude,
        state=city.state,
        kind="city",
        city=city.name,
    )


def ranked_cities(by_state: dict[str, City]) -> list[City]:
    return sorted(by_state.values(), key=lambda c: (-c.zip_count, c.state))
