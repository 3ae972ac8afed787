"""What a search returns: one page of programs (`ProgramHit`) and how it was
found (`SearchResult`), and the query for the next page.

Rules: a hit is a program's listing plus its distance (None in a state search),
its levels of care, accreditations, licences and the labels of the requested
preferences it offers; the number to call is the intake line when the
directory has one. "Show more" keeps the place, the filters and the radius the
first page used, without widening again.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.programs.query import LEVELS_OF_CARE, SearchQuery
from bot.programs.records import SOURCE_SAMPLE, Listing


@dataclass(frozen=True, kw_only=True)
class ProgramHit(Listing):
    """One program of a result page, with what a visitor needs to choose and call:
    its listing (bot/programs/records.py) plus what the search found."""

    program_id: int
    source: str
    source_id: str
    distance_miles: float | None  # None in a state search
    levels_of_care: tuple[str, ...]  # short labels, e.g. "Intensive outpatient (IOP)"
    accreditations: tuple[str, ...]  # e.g. "Joint Commission", "CARF"
    licences: tuple[str, ...]  # e.g. "State substance use agency"
    matched: tuple[str, ...]  # labels of the requested preferences it offers

    @property
    def contact_phone(self) -> str | None:
        """The number to call: the intake line when the directory has one."""
        return self.intake_phone or self.phone

    @property
    def is_sample(self) -> bool:
        return self.source == SOURCE_SAMPLE


@dataclass(frozen=True)
class SearchResult:
    hits: tuple[ProgramHit, ...]
    total: int  # matching programs within radius_used (or in the state)
    offset: int
    limit: int
    location_label: str
    level_of_care: str | None
    preferences: tuple[str, ...]  # applied filters
    unsupported: tuple[str, ...]  # requested, but the directory does not record them
    radius_requested: float | None  # None for a state search
    radius_used: float | None
    widened: bool
    state: str | None = None  # set for a state search

    @property
    def is_state_search(self) -> bool:
        return self.state is not None

    @property
    def has_more(self) -> bool:
        return self.offset + len(self.hits) < self.total

    @property
    def level_of_care_label(self) -> str:
        return LEVELS_OF_CARE[self.level_of_care][0] if self.level_of_care else "treatment"


def next_page(query: SearchQuery, result: SearchResult) -> SearchQuery:
    """The query for "show more": same place, filters and radius, the next page."""
    return replace(
        query,
        radius_miles=result.radius_used or query.radius_miles,
        widen=False,
        offset=result.offset + len(result.hits),
    )
