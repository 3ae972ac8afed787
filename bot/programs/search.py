"""Program search: programs near a place, ranked by distance, with filters.

    query = SearchQuery(location, filters=SearchFilters.of(["lgbtq", "medicaid"]))
    result = search_programs(session, query)       # nearest 5 IOP programs
    more = search_programs(session, next_page(query, result))   # "show more"

How a search runs (every step is an indexed query; nothing scans the table in
Python; the SQL is in bot/programs/candidates.py, the page in hits.py):

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

The query's types are in bot/programs/query.py, the result's in results.py;
this module re-exports them, so callers import the search from one place.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.programs.candidates import (
    filter_code_sets,
    filter_parameters,
    load_codes,
    ranked_within,
    state_statements,
)
from bot.programs.hits import load_hits
from bot.programs.locations import US_STATES, Location
from bot.programs.query import (
    DEFAULT_LEVEL_OF_CARE,
    DEFAULT_PAGE_SIZE,
    DEFAULT_RADIUS_MILES,
    LEVELS_OF_CARE,
    MAX_PAGE_SIZE,
    PREFERENCE_CODES,
    RADIUS_STEPS,
    LocationLike,
    SearchFilters,
    SearchQuery,
    radius_steps,
)
from bot.programs.results import ProgramHit, SearchResult, next_page

__all__ = [
    "DEFAULT_LEVEL_OF_CARE",
    "DEFAULT_PAGE_SIZE",
    "DEFAULT_RADIUS_MILES",
    "LEVELS_OF_CARE",
    "MAX_PAGE_SIZE",
    "PREFERENCE_CODES",
    "RADIUS_STEPS",
    "ProgramHit",
    "SearchFilters",
    "SearchQuery",
    "SearchResult",
    "next_page",
    "radius_steps",
    "search_programs",
]


def _state_of(location: LocationLike) -> str | None:
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
    code_sets = filter_code_sets(query.level_of_care, preferences)
    codes = load_codes(connection, (code for code_set in code_sets for code in code_set))
    filter_params = filter_parameters(code_sets, codes)

    if state is not None:
        count_statement, page_statement = state_statements(len(code_sets))
        params = {**filter_params, "state": state, "offset": query.offset, "limit": query.limit}
        total = connection.execute(count_statement, params).scalar_one()
        ids = connection.execute(page_statement, params).scalars().all()
        return SearchResult(
            hits=load_hits(connection, ids, {}, preferences, codes),
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
        assert not isinstance(query.location, str)  # a state's name was answered above
        center = query.location
        label = f"{center.latitude:.4f}, {center.longitude:.4f}"

    steps = radius_steps(query.radius_miles) if query.widen else (query.radius_miles,)
    for radius_used in steps:
        # Step by step: a wide box in a dense area would fetch thousands of rows.
        ranked = ranked_within(connection, center, radius_used, filter_params)
        if ranked:
            break

    page = ranked[query.offset : query.offset + query.limit]
    distances: dict[int, float | None] = {pid: d for d, _, pid in page}
    return SearchResult(
        hits=load_hits(connection, [pid for _, _, pid in page], distances, preferences, codes),
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
