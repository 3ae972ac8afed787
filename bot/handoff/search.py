"""The inbox's search and filters (issue 14): `HandoffFilter`, the list page's
query (`search_page`: the count the page shows and one page of it) and the CSV
export's (`iter_handoffs`).

The search is a case-insensitive substring match over the reference, first name
and email, and over the phone by its digits. It reads two columns written with
the contact (`search_columns`): `search_text` (the three lower-cased, one a
line, so a match never spans two) and `search_phone` (digits), which
bot.handoff.search_index gives trigram indexes: FTS5 on SQLite, pg_trgm on
PostgreSQL. A page is found by id first (the index alone), then only its rows are
read, so a deep page does not read every row before it. The page's count stops
at COUNT_LIMIT ("1,000+"). Figures: docs/performance.md.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import and_, column, func, or_, select, table, true
from sqlalchemy.engine import Row
from sqlalchemy.sql import Select
from sqlalchemy.sql.elements import ColumnElement

from bot.db import Database
from bot.handoff.models import ADVISOR_STATUSES, REASON_LABELS, Handoff, HandoffOutbox
from bot.handoff.search_index import FTS_TABLE

_FTS = table(FTS_TABLE, column("rowid"), column("search_text"), column("search_phone"))


def _folded(value: str | None) -> str:
    return " ".join((value or "").split()).lower()


def search_columns(reference: str, contact: Mapping[str, Any]) -> dict[str, str]:
    """The `handoffs` search columns for this reference and contact (every
    writer stores them with the contact; migration 0005 filled older rows)."""
    fields = (reference, contact.get("first_name"), contact.get("email"))
    return {
        "search_text": "\n".join(_folded(field) for field in fields),
        "search_phone": "".join(ch for ch in contact.get("phone") or "" if ch.isdigit()),
    }


@dataclass(frozen=True)
class HandoffListItem:
    reference: str
    created_at: datetime
    updated_at: datetime
    reason: str
    status: str
    delivery_status: str | None
    first_name: str | None
    phone: str | None = None
    email: str | None = None
    contact_time: str | None = None
    assignee: str | None = None


MAX_QUERY_CHARS = 200
# The assignee filter's value for "assigned to nobody" (no username starts with "-").
UNASSIGNED = "-"
# What a typed phone may hold besides digits ("(312) 555-0142", "+1 312.555.0142").
_PHONE_PUNCTUATION = "()- .+"
_LIKE_ESCAPE = "\\"


@dataclass(frozen=True)
class HandoffFilter:
    """What the inbox list shows. Every field is optional and they combine (AND).

    `q` matches reference, first name and email as a case-insensitive substring,
    and the phone by its digits ("720 555" finds "(720) 555-0143"). Dates are
    days in `time_zone` (the advisor's, an IANA name), both inclusive.
    `assignee` is a username, or `UNASSIGNED`.
    """

    q: str = ""
    status: str | None = None
    reason: str | None = None
    created_from: date | None = None
    created_to: date | None = None
    assignee: str | None = None
    time_zone: str = "UTC"

    def __post_init__(self) -> None:
        try:
            ZoneInfo(self.time_zone)
        except (ValueError, ZoneInfoNotFoundError) as exc:
            raise ValueError(f"unknown time zone {self.time_zone!r}") from exc
        if self.status is not None and self.status not in ADVISOR_STATUSES:
            raise ValueError(f"unknown status {self.status!r}")
        if self.reason is not None and self.reason not in REASON_LABELS:
            raise ValueError(f"unknown reason {self.reason!r}")
        if len(self.q) > MAX_QUERY_CHARS:
            raise ValueError("search text too long")
        if self.assignee is not None and not 0 < len(self.assignee) <= 64:
            raise ValueError("not an assignee")


def _like_pattern(text: str) -> str:
    """ "%text%" with LIKE's own wildcards escaped, so they match themselves."""
    escaped = (
        text.replace(_LIKE_ESCAPE, _LIKE_ESCAPE * 2).replace("%", _LIKE_ESCAPE + "%").replace("_", _LIKE_ESCAPE + "_")
    )
    return f"%{escaped}%"


def _phone_digits(text: str) -> str:
    """The digits of a search that looks like (part of) a phone number, else "".

    Only digits and phone punctuation, at least 3 digits: "K7QH3M" or "jo9" is
    not a phone search (its lone digit would match nearly every number)."""
    digits = "".join(ch for ch in text if ch.isdigit())
    if len(digits) < 3 or any(not ch.isdigit() and ch not in _PHONE_PUNCTUATION for ch in text):
        return ""
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]  # "+1 720 555 0143"; stored numbers have no country code
    return digits


def _text_match(text: str, dialect: str) -> ColumnElement[Any]:
    exact = _like_pattern(text.lower())
    if dialect != "sqlite":
        match: ColumnElement[Any] = Handoff.search_text.like(exact, escape=_LIKE_ESCAPE)
        return match  # pg_trgm serves LIKE with ESCAPE
    # FTS5 uses its index only for a LIKE without ESCAPE: it finds the
    # candidates with "%" and "_" left as wildcards; the escaped LIKE, checked
    # on the FTS table's own narrow copy, keeps the true matches.
    loose = f"%{text.lower()}%"
    fts_text = _FTS.c.search_text
    candidates = select(_FTS.c.rowid).where(fts_text.like(loose), fts_text.like(exact, escape=_LIKE_ESCAPE))
    found: ColumnElement[Any] = Handoff.id.in_(candidates)
    return found


def _phone_match(digits: str, dialect: str) -> ColumnElement[Any]:
    pattern = f"%{digits}%"
    match: ColumnElement[Any] = (
        Handoff.search_phone.like(pattern)
        if dialect != "sqlite"
        else Handoff.id.in_(select(_FTS.c.rowid).where(_FTS.c.search_phone.like(pattern)))
    )
    return match


def _conditions(filters: HandoffFilter, dialect: str, *, with_text: bool = True) -> list[ColumnElement[Any]]:
    conditions: list[ColumnElement[Any]] = []
    if filters.status:
        conditions.append(Handoff.status == filters.status)
    if filters.reason:
        conditions.append(Handoff.reason == filters.reason)
    if filters.assignee == UNASSIGNED:
        conditions.append(Handoff.assignee_username.is_(None))
    elif filters.assignee:
        conditions.append(Handoff.assignee_username == filters.assignee)
    zone = ZoneInfo(filters.time_zone)
    if filters.created_from:
        start = datetime.combine(filters.created_from, time.min, tzinfo=zone)
        conditions.append(Handoff.created_at >= start)
    if filters.created_to:
        end = datetime.combine(filters.created_to + timedelta(days=1), time.min, tzinfo=zone)
        conditions.append(Handoff.created_at < end)
    text = " ".join(filters.q.split())
    if text and with_text:
        matches = [_text_match(text, dialect)]
        digits = _phone_digits(text)
        if digits:
            matches.append(_phone_match(digits, dialect))
        conditions.append(or_(*matches))
    return conditions


def _where_scan(filters: HandoffFilter) -> ColumnElement[Any]:
    """The same filter reading `handoffs`' own search columns, no trigram index
    (for a walk of the newest-first index that stops after a page)."""
    return and_(true(), *_conditions(filters, "scan"))


def _where(db: Database, filters: HandoffFilter) -> ColumnElement[Any]:
    return and_(true(), *_conditions(filters, db.engine.dialect.name))


def _filters(filters: HandoffFilter | None, status: str | None) -> HandoffFilter:
    if filters is None:
        return HandoffFilter(status=status)
    return filters


_NEWEST_FIRST = (Handoff.created_at.desc(), Handoff.id.desc())
# What a list row shows: never `summary`, the row's largest column.
_LIST_COLUMNS = (
    Handoff.reference,
    Handoff.created_at,
    Handoff.updated_at,
    Handoff.reason,
    Handoff.status,
    Handoff.contact,
    Handoff.assignee_username,
    HandoffOutbox.status.label("delivery_status"),
)


def _rows_query() -> Select:
    return select(*_LIST_COLUMNS).outerjoin(HandoffOutbox, HandoffOutbox.handoff_id == Handoff.id)


def _list_item(row: Row) -> HandoffListItem:
    contact = row.contact or {}
    return HandoffListItem(
        reference=row.reference,
        created_at=row.created_at,
        updated_at=row.updated_at,
        reason=row.reason,
        status=row.status,
        delivery_status=row.delivery_status,
        first_name=contact.get("first_name"),
        phone=contact.get("phone"),
        email=contact.get("email"),
        contact_time=contact.get("contact_time"),
        assignee=row.assignee_username,
    )


def count_handoffs(db: Database, filters: HandoffFilter | None = None, *, status: str | None = None) -> int:
    """The exact number of matches (the CSV export's record; reads every match)."""
    query = select(func.count()).select_from(Handoff).where(_where(db, _filters(filters, status)))
    with db.session() as session:
        return int(session.execute(query).scalar_one())


def _count_at_most(db: Database, filters: HandoffFilter, limit: int) -> int:
    """min(matches, limit): stops reading after `limit` matches."""
    text = " ".join(filters.q.split())
    only_text = not _conditions(filters, "sqlite", with_text=False)
    if db.engine.dialect.name == "sqlite" and text and only_text and not _phone_digits(text):
        # A search alone is counted on the FTS5 rows, stopping at `limit`:
        # `id IN (...)` would read every FTS5 match first. (Not with other
        # filters: the planner then probes FTS5 once per handoff.)
        loose, exact = f"%{text.lower()}%", _like_pattern(text.lower())
        fts_text = _FTS.c.search_text
        matches = (
            select(Handoff.id)
            .select_from(_FTS.join(Handoff.__table__, Handoff.id == _FTS.c.rowid))
            .where(fts_text.like(loose), fts_text.like(exact, escape=_LIKE_ESCAPE))
            .limit(limit)
            .subquery()
        )
    else:
        matches = select(Handoff.id).where(_where(db, filters)).limit(limit).subquery()
    with db.session() as session:
        return int(session.execute(select(func.count()).select_from(matches)).scalar_one())


def list_handoffs(
    db: Database,
    filters: HandoffFilter | None = None,
    *,
    status: str | None = None,
    limit: int = 50,
    offset: int = 0,
    common: bool = False,
) -> list[HandoffListItem]:
    """Handoffs newest first, those matching `filters` (or only `status`).

    `common`: the caller knows the search matches many handoffs (a bounded
    count hit its limit); on SQLite the page is then found by walking the
    newest-first index and checking each row's search columns, which stops
    after the page, instead of reading (and sorting) every FTS5 match."""
    chosen = _filters(filters, status)
    dialect = db.engine.dialect.name
    where = _where_scan(chosen) if common and dialect == "sqlite" else _where(db, chosen)
    ids_query = select(Handoff.id).where(where).order_by(*_NEWEST_FIRST)
    with db.session() as session:
        ids = list(session.execute(ids_query.limit(limit).offset(offset)).scalars())
        if not ids:
            return []
        rows = session.execute(_rows_query().where(Handoff.id.in_(ids)).order_by(*_NEWEST_FIRST))
        return [_list_item(row) for row in rows]


def iter_handoffs(db: Database, filters: HandoffFilter, batch: int = 500) -> Iterator[HandoffListItem]:
    """Every matching handoff newest first, read in one transaction in batches
    (for the CSV export: memory stays flat however long the list)."""
    query = _rows_query().where(_where(db, filters)).order_by(*_NEWEST_FIRST).execution_options(yield_per=batch)
    with db.session() as session:
        for row in session.execute(query):
            yield _list_item(row)


# The list page counts at most this many matches and then shows "1,000+": a
# search matching thousands (a domain, a short prefix) need not read them all.
COUNT_LIMIT = 1000


@dataclass(frozen=True)
class SearchPage:
    """`total` is the number of matches up to COUNT_LIMIT; `total_capped` says
    there are more than that. `has_next`: a later page has rows."""

    total: int
    items: list[HandoffListItem]
    total_capped: bool = False
    has_next: bool = False


def search_page(
    db: Database, filters: HandoffFilter, *, page: int, page_size: int = 50, count_limit: int | None = None
) -> SearchPage:
    """What the inbox list shows: how many handoffs match (at most `count_limit`,
    then "more"), and page `page` (from 1) of them."""
    if page < 1:
        raise ValueError("pages count from 1")
    count_limit = COUNT_LIMIT if count_limit is None else count_limit
    counted = _count_at_most(db, filters, count_limit + 1)
    capped = counted > count_limit
    offset = (page - 1) * page_size
    items: list[HandoffListItem] = []
    if capped or offset < counted:
        # One row more than the page: whether an older page exists, past the count's limit too.
        items = list_handoffs(db, filters, limit=page_size + 1, offset=offset, common=capped and bool(filters.q))
    return SearchPage(
        total=min(counted, count_limit),
        items=items[:page_size],
        total_capped=capped,
        has_next=len(items) > page_size,
    )
