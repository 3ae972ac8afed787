"""Program search: programs near a place, ranked by distance, with filters.

    query = SearchQuery(location, filters=SearchFilters.of(["lgbtq", "medicaid"]))
    result = search_programs(session, query)       # nearest 5 IOP programs
    more = search_programs(session, next_page(query, result))   # "show more"

How a search runs (every step is an indexed query; nothing scans the table in
Python):

1. Level of care (IOP by default) and each supported preference become one
   `EXISTS (program_service_codes ... code_id IN <codes>)` condition, answered
   from the link table's primary key / (code_id, program_id) index.
2. The radius becomes a latitude/longitude bounding box (two near the
   antimeridian), a range condition on the (latitude, longitude) index.
3. The exact great-circle distance of the candidates in the box is computed,
   those beyond the radius dropped, the rest sorted by distance (then name).
4. If nothing is within the radius and `widen` is on, the radius grows along
   `RADIUS_STEPS` (25 -> 50 -> 100 -> 200 miles), one query per step, until
   something matches; the result says which radius it used and whether it
   widened.
5. One page (`offset`, `limit`) is loaded with its accreditations, licences,
   levels of care and the visitor-facing labels of the preferences it matches.

A state on its own ("Texas") is a state search: every matching program in the
state, ordered by city then name, with no distance. A state's geographic centre
is rarely where a visitor is, so ranking by distance from it would suggest a
precision we do not have; the action can ask for a city or ZIP to narrow down.

Preferences are the canonical names of bot/language/preferences.py. Those the directory
cannot answer (e.g. evening hours) are returned in `unsupported`, never silently
ignored, so the action can say so honestly.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Dict, Iterable, List, Optional, Sequence, Tuple, Union

from sqlalchemy import and_, bindparam, exists, func, or_, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from bot.programs.locations import US_STATES, Location
from bot.language.preferences import PREFERENCE_LABELS
from bot.programs.geo import Coordinates, bounding_boxes, distance_miles
from bot.programs.models import Program, ServiceCode, program_service_codes

DEFAULT_RADIUS_MILES = 25.0
RADIUS_STEPS: Tuple[float, ...] = (25.0, 50.0, 100.0, 200.0)
DEFAULT_PAGE_SIZE = 5
MAX_PAGE_SIZE = 50

# Level of care -> (visitor-facing label, directory codes; a program needs any one).
LEVELS_OF_CARE: Dict[str, Tuple[str, Tuple[str, ...]]] = {
    "iop": ("intensive outpatient (IOP)", ("OIT",)),
    "partial_hospitalization": ("partial hospitalization / day treatment", ("ODT",)),
    "outpatient": ("regular outpatient", ("ORT",)),
    "residential": ("residential", ("RES", "RL", "RS")),
    "detox": ("detox", ("DT", "OD", "RD", "HID")),
    "hospital_inpatient": ("hospital inpatient", ("HI", "HIT")),
    "medication_outpatient": ("outpatient medication treatment", ("OMB",)),
    "sober_living": ("sober living / halfway house", ("HH",)),
}
DEFAULT_LEVEL_OF_CARE = "iop"

# Canonical preference (bot/language/preferences.py) -> directory codes; a program needs
# any one of them. Checked against SAMHSA's key (service_definitions.csv.gz).
PREFERENCE_CODES: Dict[str, Tuple[str, ...]] = {
    # CO: special programme for co-occurring disorders; SUMH: treatment for
    # co-occurring substance use and serious mental illness.
    "dual_diagnosis": ("CO", "SUMH"),
    "telehealth": ("TELE",),
    # Methadone or buprenorphine prescribed/administered here (maintenance,
    # OTP, the medications themselves). Not MOA ("accepts clients on MAT
    # prescribed elsewhere").
    "medication_for_oud": (
        "OTP", "OMB", "MM", "MU", "METH", "BU", "BUM", "UB", "BWN", "BWON", "BERI", "BSDM",
    ),
    "twelve_step": ("TWFA",),
    "family_therapy": ("FCO",),
    "lgbtq": ("GL",),
    "veterans": ("VET",),
    "military_families": ("MF",),
    "women": ("WN",),  # programme for adult women (FEM only says women are accepted)
    "men": ("MN",),
    "young_adults": ("TAY",),
    "adolescents": ("AD",),
    "seniors": ("SE",),
    "pregnant_women": ("PW",),
    "medicaid": ("MD",),
    "medicare": ("MC",),
    "private_insurance": ("PI",),
    "military_insurance": ("MI",),
    "self_pay": ("SF",),
    "sliding_scale": ("SS",),
    "spanish": ("SP",),
    "sign_language": ("AH",),
}

LocationLike = Union[Coordinates, Location, str]


@dataclass(frozen=True)
class SearchFilters:
    """What a program must offer besides its level of care: canonical preference
    names (bot/language/preferences.py); every supported one must match."""

    preferences: Tuple[str, ...] = ()

    @classmethod
    def of(cls, names: Iterable[str]) -> "SearchFilters":
        """Filters from names in any order, without duplicates."""
        return cls(tuple(dict.fromkeys(n.strip().lower() for n in names if n and n.strip())))

    def split(self) -> Tuple[Tuple[str, ...], Tuple[str, ...]]:
        """(supported, unsupported) preference names."""
        supported = tuple(p for p in self.preferences if p in PREFERENCE_CODES)
        unsupported = tuple(p for p in self.preferences if p not in PREFERENCE_CODES)
        return supported, unsupported


@dataclass(frozen=True)
class SearchQuery:
    """Where, how far, which level of care, which filters, which page.

    `location`: coordinates, a resolved Location (a "state" Location means a
    state search) or a state abbreviation such as "TX".
    `level_of_care`: a key of LEVELS_OF_CARE, or None for any level.
    """

    location: LocationLike
    radius_miles: float = DEFAULT_RADIUS_MILES
    level_of_care: Optional[str] = DEFAULT_LEVEL_OF_CARE
    filters: SearchFilters = field(default_factory=SearchFilters)
    widen: bool = True
    offset: int = 0
    limit: int = DEFAULT_PAGE_SIZE

    def __post_init__(self) -> None:
        if self.level_of_care is not None and self.level_of_care not in LEVELS_OF_CARE:
            raise ValueError(f"unknown level of care {self.level_of_care!r}")
        if self.radius_miles <= 0:
            raise ValueError("radius_miles must be positive")
        if self.offset < 0 or not 1 <= self.limit <= MAX_PAGE_SIZE:
            raise ValueError("offset must be >= 0 and limit between 1 and 50")


@dataclass(frozen=True)
class ProgramHit:
    """One program of a result page, with what a visitor needs to choose and call."""

    program_id: int
    source: str
    source_id: str
    name: str
    name2: Optional[str]
    street1: Optional[str]
    street2: Optional[str]
    city: Optional[str]
    state: str
    zip: Optional[str]
    latitude: Optional[float]
    longitude: Optional[float]
    phone: Optional[str]
    intake_phone: Optional[str]
    website: Optional[str]
    distance_miles: Optional[float]  # None in a state search
    levels_of_care: Tuple[str, ...]  # short labels, e.g. "Intensive outpatient (IOP)"
    accreditations: Tuple[str, ...]  # e.g. "Joint Commission", "CARF"
    licences: Tuple[str, ...]  # e.g. "State substance use agency"
    matched: Tuple[str, ...]  # labels of the requested preferences it offers

    @property
    def contact_phone(self) -> Optional[str]:
        """The number to call: the intake line when the directory has one."""
        return self.intake_phone or self.phone

    @property
    def is_sample(self) -> bool:
        return self.source == "sample"


@dataclass(frozen=True)
class SearchResult:
    hits: Tuple[ProgramHit, ...]
    total: int  # matching programs within radius_used (or in the state)
    offset: int
    limit: int
    location_label: str
    level_of_care: Optional[str]
    preferences: Tuple[str, ...]  # applied filters
    unsupported: Tuple[str, ...]  # requested, but the directory does not record them
    radius_requested: Optional[float]  # None for a state search
    radius_used: Optional[float]
    widened: bool
    state: Optional[str] = None  # set for a state search

    @property
    def is_state_search(self) -> bool:
        return self.state is not None

    @property
    def has_more(self) -> bool:
        return self.offset + len(self.hits) < self.total

    @property
    def level_of_care_label(self) -> str:
        return LEVELS_OF_CARE[self.level_of_care][0] if self.level_of_care else "treatment"


def radius_steps(requested: float) -> Tuple[float, ...]:
    """The radii tried in order: the requested one, then the wider standard steps."""
    return (requested,) + tuple(step for step in RADIUS_STEPS if step > requested)


def next_page(query: SearchQuery, result: SearchResult) -> SearchQuery:
    """The query for "show more": same place, filters and radius, the next page."""
    return replace(
        query,
        radius_miles=result.radius_used or query.radius_miles,
        widen=False,
        offset=result.offset + len(result.hits),
    )


# --- query building -----------------------------------------------------------
#
# Statements are built once per shape (number of filters, number of boxes) with
# bound parameters, and reused: SQLAlchemy then skips building and hashing them
# on every search, which is most of a search's Python time.

# Code categories every hit shows (accreditation, licences, levels of care).
_SHOWN_CATEGORIES: Tuple[str, ...] = ("accreditation", "licence", "level_of_care")
_link = program_service_codes.c


@dataclass(frozen=True)
class _Code:
    id: int
    code: str
    category: str
    short_label: str


_CODES_STATEMENT = select(
    ServiceCode.id, ServiceCode.code, ServiceCode.category, ServiceCode.short_label
).where(
    or_(
        ServiceCode.code.in_(bindparam("codes", expanding=True)),
        ServiceCode.category.in_(_SHOWN_CATEGORIES),
    )
)


def _codes(connection: Connection, wanted: Iterable[str]) -> Dict[str, _Code]:
    """The codes a search needs, by code: those of its filters and those every hit
    shows. One small query on `service_codes` (a few dozen rows)."""
    rows = connection.execute(_CODES_STATEMENT, {"codes": sorted(set(wanted))})
    return {row.code: _Code(row.id, row.code, row.category, row.short_label) for row in rows}


def _filter_code_sets(level_of_care: Optional[str], preferences: Sequence[str]) -> List[Tuple[str, ...]]:
    """One tuple of codes per condition: the level of care, then each preference."""
    code_sets = [LEVELS_OF_CARE[level_of_care][1]] if level_of_care else []
    return code_sets + [PREFERENCE_CODES[name] for name in preferences]


def _filter_params(code_sets: Sequence[Tuple[str, ...]], codes: Dict[str, _Code]) -> Dict[str, List[int]]:
    """Bound values of the filter conditions: the ids of each code set (an empty
    list when the database has none of them, which matches nothing)."""
    return {
        f"codes_{i}": [codes[c].id for c in code_set if c in codes]
        for i, code_set in enumerate(code_sets)
    }


def _filter_conditions(count: int) -> List:
    """EXISTS per filter: the program has at least one of the filter's codes.
    Answered from the link table's primary key (program_id, code_id)."""
    return [
        exists().where(
            _link.program_id == Program.id,
            _link.code_id.in_(bindparam(f"codes_{i}", expanding=True)),
        )
        for i in range(count)
    ]


@lru_cache(maxsize=64)
def _candidates_statement(filters: int, boxes: int):
    """Programs in the boxes (an indexed range on latitude/longitude) that pass
    every filter."""
    in_boxes = or_(
        *(
            and_(
                Program.latitude.between(bindparam(f"min_lat_{i}"), bindparam(f"max_lat_{i}")),
                Program.longitude.between(bindparam(f"min_lon_{i}"), bindparam(f"max_lon_{i}")),
            )
            for i in range(boxes)
        )
    )
    return select(Program.id, Program.name, Program.latitude, Program.longitude).where(
        in_boxes, *_filter_conditions(filters)
    )


@lru_cache(maxsize=16)
def _state_statements(filters: int):
    """(count, page of ids) of the programs of a state that pass every filter,
    ordered by city and name (the (state, city) index)."""
    where = [Program.state == bindparam("state"), *_filter_conditions(filters)]
    count = select(func.count(Program.id)).where(*where)
    page = (
        select(Program.id)
        .where(*where)
        .order_by(Program.city, Program.name, Program.id)
        .offset(bindparam("offset"))
        .limit(bindparam("limit"))
    )
    return count, page


def _ranked_within(
    connection: Connection,
    center: Coordinates,
    radius: float,
    filter_params: Dict[str, List[int]],
) -> List[Tuple[float, str, int]]:
    """(distance, name, id) of the matching programs within `radius`, nearest first."""
    boxes = bounding_boxes(center, radius)
    params: Dict[str, object] = dict(filter_params)
    for i, box in enumerate(boxes):
        params.update(
            {
                f"min_lat_{i}": box.min_latitude,
                f"max_lat_{i}": box.max_latitude,
                f"min_lon_{i}": box.min_longitude,
                f"max_lon_{i}": box.max_longitude,
            }
        )
    rows = connection.execute(_candidates_statement(len(filter_params), len(boxes)), params)
    ranked = []
    for program_id, name, lat, lon in rows:
        distance = distance_miles(center.latitude, center.longitude, lat, lon)
        if distance <= radius:
            ranked.append((distance, name, program_id))
    ranked.sort()
    return ranked


_LEVEL_ORDER: Dict[str, int] = {
    code: rank
    for rank, code in enumerate(code for _, codes in LEVELS_OF_CARE.values() for code in codes)
}
# A generic code adds nothing when a more specific one is there ("Outpatient"
# next to "Intensive outpatient (IOP)").
_GENERIC_LEVELS: Dict[str, Tuple[str, ...]] = {
    "OP": ("OIT", "ODT", "ORT", "OD", "OMB"),
    "DT": ("OD", "RD", "HID"),
    "RES": ("RL", "RS", "RD"),
    "HI": ("HIT", "HID"),
}


def _levels_of_care(codes: Sequence[_Code]) -> Tuple[str, ...]:
    """Short labels of a program's levels of care, IOP first, without redundant
    generic ones."""
    present = {c.code for c in codes if c.category == "level_of_care"}
    kept = [
        c
        for c in codes
        if c.category == "level_of_care"
        and not any(specific in present for specific in _GENERIC_LEVELS.get(c.code, ()))
    ]
    kept.sort(key=lambda c: (_LEVEL_ORDER.get(c.code, len(_LEVEL_ORDER)), c.code))
    return tuple(c.short_label for c in kept)


_HIT_COLUMNS = (
    Program.id, Program.source, Program.source_id, Program.name, Program.name2,
    Program.street1, Program.street2, Program.city, Program.state, Program.zip,
    Program.latitude, Program.longitude, Program.phone, Program.intake_phone, Program.website,
)


_HITS_STATEMENT = (
    select(*_HIT_COLUMNS, _link.code_id)
    .select_from(Program)
    .outerjoin(
        program_service_codes,
        and_(
            _link.program_id == Program.id,
            _link.code_id.in_(bindparam("code_ids", expanding=True)),
        ),
    )
    .where(Program.id.in_(bindparam("ids", expanding=True)))
)


def _hits(
    connection: Connection,
    ids: Sequence[int],
    distances: Dict[int, Optional[float]],
    preferences: Sequence[str],
    codes: Dict[str, _Code],
) -> Tuple[ProgramHit, ...]:
    """The page's programs with the codes a hit shows, in one query: each program
    joined to its links among `codes` (accreditations, licences, levels of care
    and the requested preferences' codes)."""
    if not ids:
        return ()
    by_id = {c.id: c for c in codes.values()}
    preference_of = {code: name for name in preferences for code in PREFERENCE_CODES[name]}
    shown_ids = [
        c.id for c in codes.values() if c.category in _SHOWN_CATEGORIES or c.code in preference_of
    ]
    rows = connection.execute(_HITS_STATEMENT, {"ids": list(ids), "code_ids": shown_ids}).all()
    programs: Dict[int, object] = {}
    program_codes: Dict[int, List[_Code]] = {program_id: [] for program_id in ids}
    for row in rows:
        programs.setdefault(row.id, row)
        if row.code_id is not None:
            program_codes[row.id].append(by_id[row.code_id])

    hits = []
    for program_id in ids:
        p = programs[program_id]
        own = sorted(program_codes[program_id], key=lambda c: c.code)
        offered = {preference_of[c.code] for c in own if c.code in preference_of}
        hits.append(
            ProgramHit(
                program_id=p.id,
                source=p.source,
                source_id=p.source_id,
                name=p.name,
                name2=p.name2,
                street1=p.street1,
                street2=p.street2,
                city=p.city,
                state=p.state,
                zip=p.zip,
                latitude=p.latitude,
                longitude=p.longitude,
                phone=p.phone,
                intake_phone=p.intake_phone,
                website=p.website,
                distance_miles=distances.get(program_id),
                levels_of_care=_levels_of_care(own),
                accreditations=tuple(c.short_label for c in own if c.category == "accreditation"),
                licences=tuple(c.short_label for c in own if c.category == "licence"),
                matched=tuple(
                    PREFERENCE_LABELS.get(name, name) for name in preferences if name in offered
                ),
            )
        )
    return tuple(hits)


# --- the search -----------------------------------------------------------------


def _state_of(location: LocationLike) -> Optional[str]:
    if isinstance(location, str):
        state = location.strip().upper()
        if state not in US_STATES:
            raise ValueError(f"unknown state {location!r}")
        return state
    if isinstance(location, Location) and location.kind == "state":
        return location.state
    return None


def search_programs(session: Session, query: SearchQuery) -> SearchResult:
    """Programs matching `query`, nearest first (see the module docstring)."""
    preferences, unsupported = query.filters.split()
    state = _state_of(query.location)
    # Core queries on the session's connection (its transaction): no ORM
    # bookkeeping is needed for plain rows.
    connection = session.connection()
    code_sets = _filter_code_sets(query.level_of_care, preferences)
    codes = _codes(connection, (code for code_set in code_sets for code in code_set))
    filter_params = _filter_params(code_sets, codes)

    if state is not None:
        count, page = _state_statements(len(code_sets))
        params = {**filter_params, "state": state, "offset": query.offset, "limit": query.limit}
        total = connection.execute(count, params).scalar_one()
        ids = connection.execute(page, params).scalars().all()
        return SearchResult(
            hits=_hits(connection, ids, {}, preferences, codes),
            total=total,
            offset=query.offset,
            limit=query.limit,
            location_label=US_STATES[state],
            level_of_care=query.level_of_care,
            preferences=preferences,
            unsupported=unsupported,
            radius_requested=None,
            radius_used=None,
            widened=False,
            state=state,
        )

    if isinstance(query.location, Location):
        center, label = query.location.coordinates, query.location.label
    else:
        center = query.location
        label = f"{center.latitude:.4f}, {center.longitude:.4f}"

    steps = radius_steps(query.radius_miles) if query.widen else (query.radius_miles,)
    for radius_used in steps:
        # Step by step: a wide box in a dense area would fetch thousands of rows.
        ranked = _ranked_within(connection, center, radius_used, filter_params)
        if ranked:
            break

    page = ranked[query.offset : query.offset + query.limit]
    distances: Dict[int, Optional[float]] = {pid: d for d, _, pid in page}
    return SearchResult(
        hits=_hits(connection, [pid for _, _, pid in page], distances, preferences, codes),
        total=len(ranked),
        offset=query.offset,
        limit=query.limit,
        location_label=label,
        level_of_care=query.level_of_care,
        preferences=preferences,
        unsupported=unsupported,
        radius_requested=query.radius_miles,
        radius_used=radius_used,
        widened=radius_used != query.radius_miles,
        state=None,
    )
