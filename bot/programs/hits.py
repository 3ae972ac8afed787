"""One page of a search as `ProgramHit`s: each program's listing with the codes
a visitor reads.

Rules: one query loads the page's programs joined to their links among the
codes a hit shows (accreditations, licences, levels of care and the requested
preferences' codes). Levels of care are listed IOP first, in the order of
`LEVELS_OF_CARE`, without a generic level when a more specific one is there
("Outpatient" next to "Intensive outpatient (IOP)"); the preferences a program
matches are named with their visitor-facing labels, in the order asked. A row
becomes a hit through `records.from_row`, its only copy.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import and_, bindparam, select
from sqlalchemy.engine import Connection, RowMapping

from bot.language.preferences import PREFERENCE_LABELS
from bot.programs.candidates import SHOWN_CATEGORIES, Code
from bot.programs.models import Program, program_service_codes
from bot.programs.query import LEVELS_OF_CARE, PREFERENCE_CODES
from bot.programs.records import from_row, table_columns
from bot.programs.results import ProgramHit

_link = program_service_codes.c


_LEVEL_ORDER: dict[str, int] = {
    code: rank for rank, code in enumerate(code for _, codes in LEVELS_OF_CARE.values() for code in codes)
}
# A generic code adds nothing when a more specific one is there ("Outpatient"
# next to "Intensive outpatient (IOP)").
_GENERIC_LEVELS: dict[str, tuple[str, ...]] = {
    "OP": ("OIT", "ODT", "ORT", "OD", "OMB"),
    "DT": ("OD", "RD", "HID"),
    "RES": ("RL", "RS", "RD"),
    "HI": ("HIT", "HID"),
}


def _levels_of_care(codes: Sequence[Code]) -> tuple[str, ...]:
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


# The listing and provenance of a hit, named as ProgramHit's fields.
_HIT_COLUMNS = (Program.id.label("program_id"), *table_columns(ProgramHit))


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


def load_hits(
    connection: Connection,
    ids: Sequence[int],
    distances: dict[int, float | None],
    preferences: Sequence[str],
    codes: dict[str, Code],
) -> tuple[ProgramHit, ...]:
    """The page's programs with the codes a hit shows, in one query: each program
    joined to its links among `codes` (accreditations, licences, levels of care
    and the requested preferences' codes)."""
    if not ids:
        return ()
    by_id = {c.id: c for c in codes.values()}
    preference_of = {code: name for name in preferences for code in PREFERENCE_CODES[name]}
    shown_ids = [c.id for c in codes.values() if c.category in SHOWN_CATEGORIES or c.code in preference_of]
    rows = connection.execute(_HITS_STATEMENT, {"ids": list(ids), "code_ids": shown_ids}).all()
    programs: dict[int, RowMapping] = {}
    program_codes: dict[int, list[Code]] = {program_id: [] for program_id in ids}
    for row in rows:
        programs.setdefault(row.program_id, row._mapping)
        if row.code_id is not None:
            program_codes[row.program_id].append(by_id[row.code_id])

    hits = []
    for program_id in ids:
        own = sorted(program_codes[program_id], key=lambda c: c.code)
        offered = {preference_of[c.code] for c in own if c.code in preference_of}
        hits.append(
            from_row(
                ProgramHit,
                programs[program_id],
                distance_miles=distances.get(program_id),
                levels_of_care=_levels_of_care(own),
                accreditations=tuple(c.short_label for c in own if c.category == "accreditation"),
                licences=tuple(c.short_label for c in own if c.category == "licence"),
                matched=tuple(PREFERENCE_LABELS.get(name, name) for name in preferences if name in offered),
            )
        )
    return tuple(hits)
