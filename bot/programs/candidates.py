"""Which programs match a search: the SQL of the filters, the radius and the
state, and the ranking by distance.

Rules (every step is an indexed query; nothing scans the table in Python):

- the level of care and each supported preference become one
  `EXISTS (program_service_codes ... code_id IN <codes>)` condition, answered
  from the link table's primary key / (code_id, program_id) index; a code set
  the database has none of matches nothing;
- a radius becomes latitude/longitude bounding boxes (two near the
  antimeridian), a range on the (latitude, longitude) index; the candidates'
  exact great-circle distance drops those beyond the radius and orders the
  rest (then by name, then id);
- a state search orders the state's programs by city, name and id (the
  (state, city) index), with no distance.

Statements are built once per shape (number of filters, number of boxes) with
bound parameters, and reused: SQLAlchemy then skips building and hashing them
on every search, which is most of a search's Python time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import and_, bindparam, exists, func, or_, select
from sqlalchemy.engine import Connection
from sqlalchemy.sql.selectable import Exists, Select

from bot.programs.geo import Coordinates, bounding_boxes, distance_miles
from bot.programs.models import Program, ServiceCode, program_service_codes
from bot.programs.query import LEVELS_OF_CARE, PREFERENCE_CODES

# Code categories every hit shows (accreditation, licences, levels of care).
SHOWN_CATEGORIES: tuple[str, ...] = ("accreditation", "licence", "level_of_care")
_link = program_service_codes.c


@dataclass(frozen=True)
class Code:
    """A row of `service_codes` a search needs."""

    id: int
    code: str
    category: str
    short_label: str


_CODES_STATEMENT = select(ServiceCode.id, ServiceCode.code, ServiceCode.category, ServiceCode.short_label).where(
    or_(
        ServiceCode.code.in_(bindparam("codes", expanding=True)),
        ServiceCode.category.in_(SHOWN_CATEGORIES),
    )
)


def load_codes(connection: Connection, wanted: Iterable[str]) -> dict[str, Code]:
    """The codes a search needs, by code: those of its filters and those every hit
    shows. One small query on `service_codes` (a few dozen rows)."""
    rows = connection.execute(_CODES_STATEMENT, {"codes": sorted(set(wanted))})
    return {row.code: Code(row.id, row.code, row.category, row.short_label) for row in rows}


def filter_code_sets(level_of_care: str | None, preferences: Sequence[str]) -> list[tuple[str, ...]]:
    """One tuple of codes per condition: the level of care, then each preference."""
    code_sets = [LEVELS_OF_CARE[level_of_care][1]] if level_of_care else []
    return code_sets + [PREFERENCE_CODES[name] for name in preferences]


def filter_parameters(code_sets: Sequence[tuple[str, ...]], codes: dict[str, Code]) -> dict[str, list[int]]:
    """Bound values of the filter conditions: the ids of each code set (an empty
    list when the database has none of them, which matches nothing)."""
    return {f"codes_{i}": [codes[c].id for c in code_set if c in codes] for i, code_set in enumerate(code_sets)}


def _filter_conditions(count: int) -> list[Exists]:
    """EXISTS per filter: the program has at least one of the filter's codes.
    Answered from the link table's primary key (program_id, code_id)."""
    return [
        # the 1.4 stubs give Exists.where one clause; it takes several, ANDed
        exists().where(  # type: ignore[call-arg]
            _link.program_id == Program.id,
            _link.code_id.in_(bindparam(f"codes_{i}", expanding=True)),
        )
        for i in range(count)
    ]


@lru_cache(maxsize=64)
def _candidates_statement(filters: int, boxes: int) -> Select:
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
def state_statements(filters: int) -> tuple[Select, Select]:
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


def ranked_within(
    connection: Connection,
    center: Coordinates,
    radius: float,
    filter_params: dict[str, list[int]],
) -> list[tuple[float, str, int]]:
    """(distance, name, id) of the matching programs within `radius`, nearest first."""
    boxes = bounding_boxes(center, radius)
    params: dict[str, object] = dict(filter_params)
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
