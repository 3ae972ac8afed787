"""The inbox search's behaviour, checked on SQLite (tests/web/test_inbox_search.py)
and on the real PostgreSQL (tests/stores/test_inbox_search_postgres.py): each
backend has its own trigram index (bot/handoff/search_index.py), so both run
every case."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from sqlalchemy import delete, select, text

from bot.db import Database
from bot.handoff.assignment import assign_handoff
from bot.handoff.models import Handoff, HandoffMessage, HandoffOutbox
from bot.handoff.search import HandoffFilter, search_page
from bot.handoff.service import set_advisor_status
from tests.web.inbox_helpers import save_test_handoff

DAY = datetime(2026, 11, 10, 15, 0, tzinfo=timezone.utc)


def references(db: Database, **filters: object) -> set[str]:
    found = search_page(db, HandoffFilter(**filters), page=1, page_size=50)  # type: ignore[arg-type]
    assert found.total == len(found.items)
    return {item.reference for item in found.items}


def people(db: Database) -> dict[str, str]:
    """Four handoffs; {name: reference}."""
    return {
        "maria": save_test_handoff(
            db, "c-maria", first_name="Maria", phone="(312) 555-0142", email="maria.lopez@example.org", at=DAY
        ),
        "jo": save_test_handoff(
            db,
            "c-jo",
            first_name="Jo",
            phone="(720) 555-0199",
            email="jo_99@mail.example",
            reason="detox",
            at=DAY + timedelta(days=3),
        ),
        "marianne": save_test_handoff(
            db, "c-marianne", first_name="Marianne", phone=None, email="mm@example.com", at=DAY + timedelta(days=6)
        ),
        "ren": save_test_handoff(db, "c-ren", first_name="Ren", phone="(415) 312-7788", email=None, at=DAY),
    }


def check_each_field(db: Database) -> None:
    ref = people(db)
    assert references(db, q=ref["jo"]) == {ref["jo"]}
    assert references(db, q=ref["jo"].lower()) == {ref["jo"]}  # the code, however typed
    assert references(db, q="maria") == {ref["maria"], ref["marianne"]}
    assert references(db, q="MARIANNE") == {ref["marianne"]}
    assert references(db, q="lopez@example") == {ref["maria"]}
    assert references(db, q="mm@example.com") == {ref["marianne"]}
    assert references(db, q="nobody-here") == set()
    # LIKE's wildcards match themselves: "_" is not any character.
    assert references(db, q="jo_99") == {ref["jo"]}
    assert references(db, q="jo%99") == set()
    assert references(db, q="maria_lopez") == set()


def check_phone_formats(db: Database) -> None:
    ref = people(db)
    for typed in ("(312) 555-0142", "3125550142", "312-555-0142", "312.555.0142", "+1 312 555 0142", "13125550142"):
        assert references(db, q=typed) == {ref["maria"]}, typed
    assert references(db, q="555-0142") == {ref["maria"]}
    assert references(db, q="555") == {ref["maria"], ref["jo"]}
    # "312" is Maria's area code and inside Ren's number: both.
    assert references(db, q="312") == {ref["maria"], ref["ren"]}
    assert references(db, q="(999) 555-0142") == set()


def check_filters_combine(db: Database) -> None:
    ref = people(db)
    set_advisor_status(db, ref["marianne"], status="contacted", note="", advisor_username="sam")
    assign_handoff(db, ref["maria"], assignee="sam", by="sam")
    assert references(db, q="maria", status="new") == {ref["maria"]}
    assert references(db, q="maria", status="contacted") == {ref["marianne"]}
    assert references(db, q="maria", assignee="sam") == {ref["maria"]}
    assert references(db, q="maria", assignee="-") == {ref["marianne"]}
    assert references(db, q="555", reason="detox") == {ref["jo"]}
    assert references(db, q="555", reason="detox", status="closed") == set()
    first_days = {"created_from": date(2026, 11, 10), "created_to": date(2026, 11, 12)}
    assert references(db, **first_days) == {ref["maria"], ref["ren"]}
    assert references(db, q="312", **first_days) == {ref["maria"], ref["ren"]}
    assert references(db, q="maria", **first_days) == {ref["maria"]}
    assert references(db, status="new", assignee="-", **first_days) == {ref["ren"]}


def check_pages_and_count(db: Database) -> None:
    made = [
        save_test_handoff(
            db, f"c-{n}", first_name=f"Pat{n:03d}", phone=None, email=f"p{n}@x.org", at=DAY + timedelta(minutes=n)
        )
        for n in range(120)
    ]
    newest_first = list(reversed(made))
    pages = [search_page(db, HandoffFilter(q="pat"), page=page, page_size=50) for page in (1, 2, 3, 4)]
    assert [page.total for page in pages] == [120] * 4
    assert [(page.total_capped, page.has_next) for page in pages] == [(False, True)] * 2 + [(False, False)] * 2
    assert [item.reference for page in pages for item in page.items] == newest_first
    assert pages[3].items == []


def check_bounded_count(db: Database) -> None:
    """Past the count's limit the total reads "limit+" and every page still comes, in order."""
    made = [
        save_test_handoff(
            db, f"c-{n}", first_name=f"Pat{n:03d}", phone=None, email=f"p{n}@x.org", at=DAY + timedelta(minutes=n)
        )
        for n in range(120)
    ]
    other = save_test_handoff(
        db, "c-other", first_name="Lee", phone=None, email="lee@x.org", at=DAY - timedelta(hours=1)
    )
    newest_first = list(reversed(made))
    for q in ("pat", ""):  # a search (the index walk on SQLite) and no search
        pages = [search_page(db, HandoffFilter(q=q), page=page, page_size=50, count_limit=100) for page in (1, 2, 3, 4)]
        assert [(page.total, page.total_capped) for page in pages] == [(100, True)] * 4, q
        assert [page.has_next for page in pages] == [True, True, False, False], q
        shown = [item.reference for page in pages for item in page.items]
        assert shown == (newest_first if q else [*newest_first, other]), q
    exact = search_page(db, HandoffFilter(q="pat"), page=3, page_size=50, count_limit=120)
    assert (exact.total, exact.total_capped, exact.has_next, len(exact.items)) == (120, False, False, 20)
    narrow = search_page(db, HandoffFilter(q="pat007"), page=1, page_size=50, count_limit=100)
    assert (narrow.total, narrow.total_capped, [i.reference for i in narrow.items]) == (1, False, [made[7]])


def check_index_follows_changes(db: Database) -> None:
    """An updated contact is found by its new details only; a deleted handoff is gone."""
    ref = save_test_handoff(db, "c-change", first_name="Alex", phone="(312) 555-0100", at=DAY)
    again = save_test_handoff(db, "c-change", first_name="Alexandra", phone="(773) 555-0177", email="a@b.org", at=DAY)
    assert again == ref
    assert references(db, q="alexandra") == {ref}
    assert references(db, q="3125550100") == set()
    assert references(db, q="773-555-0177") == {ref}
    with db.session() as session:
        handoff_id = session.execute(select(Handoff.id).where(Handoff.reference == ref)).scalar_one()
        for table in (HandoffMessage, HandoffOutbox):
            session.execute(delete(table).where(table.handoff_id == handoff_id))
        session.execute(delete(Handoff).where(Handoff.id == handoff_id))
    assert references(db, q="alexandra") == set()
    assert references(db, q="773") == set()


def uses_trigram_index(db: Database) -> bool:
    """Whether the backend's plan for a name search reads the trigram index."""
    with db.engine.connect() as conn:
        if db.engine.dialect.name == "sqlite":
            plan = conn.execute(
                text("EXPLAIN QUERY PLAN SELECT rowid FROM handoff_search WHERE search_text LIKE '%maria%'")
            ).all()
            return any("VIRTUAL TABLE INDEX 0:L" in str(row) for row in plan)
        conn.execute(text("SET enable_seqscan = off"))  # a tiny table would be scanned anyway
        plan = conn.execute(text("EXPLAIN SELECT id FROM handoffs WHERE search_text LIKE '%maria%'")).all()
        return any("ix_handoffs_search_text_trgm" in str(row) for row in plan)
