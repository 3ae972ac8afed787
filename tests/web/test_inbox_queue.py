"""The inbox as a work queue (issue 14): search and filters on the list, pages
of 50, the CSV export, the readable intake summary and the list at phone width.
Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime, timedelta, timezone
from html import unescape
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from bot.handoff.advisors import set_advisor_password, set_role
from bot.handoff.service import set_advisor_status
from bot.handoff.summary import build_summary
from bot.web.inbox_csv import safe_cell
from tests.conftest import fresh_database
from tests.web.inbox_helpers import NOW, PASSWORD, post_login, save_test_handoff

XSS = "<script>alert(1)</script>"


@pytest.fixture
def db(db_url):
    # conftest's database, with the advisor accounts these tests log in as
    with fresh_database(db_url) as database:
        set_advisor_password(database, "sam", PASSWORD)
        # An admin: only admins may export (tests/test_inbox_export_audit.py
        # checks that an advisor may not); the list works the same for both.
        set_role(database, "sam", "admin")
        yield database


@pytest.fixture
def client(app):
    return app.test_client()


def log_in(client):
    assert post_login(client, "sam", next="/inbox/").status_code == 302


def make(
    db,
    conversation_id,
    *,
    first_name="Maria",
    phone="(312) 555-0142",
    email=None,
    reason="dual_diagnosis",
    at=NOW,
    summary=None,
):
    return save_test_handoff(
        db,
        conversation_id,
        at=at,
        reason=reason,
        first_name=first_name,
        phone=phone,
        email=email,
        summary=summary,
        text="hello",
    )


def page_of(client, query: str = "") -> str:
    response = client.get(f"/inbox/{query}")
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def listed(page: str) -> list:
    """References in the list's rows, in order."""
    return re.findall(r'href="/inbox/handoffs/([A-Z0-9]+)"', page)


def link(page: str, text: str) -> dict:
    """The query of the link whose text contains `text`, as a dict of lists."""
    for href, inner in re.findall(r'<a href="([^"]*)"[^>]*>(.*?)</a>', page, re.S):
        if text in inner:
            return parse_qs(urlsplit(unescape(href)).query)
    raise AssertionError(f"no link {text!r}")


# --- search and filters ------------------------------------------------------------


@pytest.fixture
def people(db):
    return {
        "maria": make(
            db,
            "c1",
            first_name="Maria",
            phone="(720) 555-0143",
            email="maria.lopez@example.org",
            at=NOW - timedelta(days=3),
        ),
        "jo": make(
            db, "c2", first_name="Jo", phone=None, email="jo_b@example.net", reason="detox", at=NOW - timedelta(days=1)
        ),
        "sam": make(db, "c3", first_name="Samuel", phone="(312) 555-0199", reason="visitor_request", at=NOW),
    }


def test_search_finds_by_reference_name_phone_and_email(client, people):
    log_in(client)
    assert listed(page_of(client, f"?q={people['jo'].lower()}")) == [people["jo"]]
    assert listed(page_of(client, "?q=MARIA")) == [people["maria"]]
    assert listed(page_of(client, "?q=720+555")) == [people["maria"]]
    assert listed(page_of(client, "?q=720-555-0143")) == [people["maria"]]
    assert listed(page_of(client, "?q=%28312%29")) == [people["sam"]]
    assert listed(page_of(client, "?q=%2B1+720+555+0143")) == [people["maria"]]
    assert listed(page_of(client, "?q=0")) == []  # one digit is no phone search (nor a reference)
    assert listed(page_of(client, "?q=example.net")) == [people["jo"]]
    assert listed(page_of(client, "?q=++sam++")) == [people["sam"]]
    assert listed(page_of(client, "?q=")) == [people["sam"], people["jo"], people["maria"]]
    empty = page_of(client, "?q=nobody")
    assert listed(empty) == [] and "No handoffs match" in empty


def test_like_wildcards_in_the_search_are_plain_characters(client, people):
    log_in(client)
    assert listed(page_of(client, "?q=%25")) == []
    assert listed(page_of(client, "?q=jo_b")) == [people["jo"]]
    assert listed(page_of(client, "?q=o_b")) == [people["jo"]]
    assert listed(page_of(client, "?q=a_l")) == []  # "_" is not "any character"


def test_filters_by_status_reason_and_dates_combine(client, db, people):
    set_advisor_status(db, people["maria"], status="contacted", note="", advisor_username="sam")
    log_in(client)
    assert listed(page_of(client, "?status=contacted")) == [people["maria"]]
    assert listed(page_of(client, "?reason=detox")) == [people["jo"]]
    day = lambda d: (NOW - timedelta(days=d)).date().isoformat()  # noqa: E731
    assert listed(page_of(client, f"?from={day(1)}")) == [people["sam"], people["jo"]]
    assert listed(page_of(client, f"?to={day(1)}")) == [people["jo"], people["maria"]]
    assert listed(page_of(client, f"?from={day(1)}&to={day(1)}")) == [people["jo"]]
    assert listed(page_of(client, f"?status=new&to={day(1)}")) == [people["jo"]]
    assert listed(page_of(client, "?status=new&q=555")) == [people["sam"]]
    assert listed(page_of(client, "?reason=detox&q=maria")) == []


def test_the_filter_form_shows_what_is_applied(client, people):
    log_in(client)
    page = page_of(client, "?q=maria&status=new&reason=detox&from=2026-11-01&to=2026-11-30")
    assert 'name="q" value="maria"' in page
    assert '<option value="new" selected>' in page
    assert '<option value="detox" selected>' in page
    assert 'name="from" value="2026-11-01"' in page and 'name="to" value="2026-11-30"' in page


def test_bad_filter_values_are_refused(client, people):
    log_in(client)
    for query in ("?status=deleted", "?reason=nope", "?from=yesterday", "?to=2026-13-01", "?q=" + "x" * 201):
        assert client.get(f"/inbox/{query}").status_code == 400, query


def test_pages_of_50_keep_the_filters_in_their_links(client, db):
    for i in range(51):
        make(db, f"p{i}", first_name="Pat", at=NOW - timedelta(minutes=i))
    other = make(db, "other", first_name="Lee", at=NOW + timedelta(minutes=1))
    log_in(client)
    first = page_of(client, "?q=pat&status=new")
    assert len(listed(first)) == 50 and other not in listed(first)
    older = link(first, "Older")
    assert older == {"q": ["pat"], "status": ["new"], "page": ["2"]}
    second = page_of(client, "?q=pat&status=new&page=2")
    assert len(listed(second)) == 1 and "Older" not in second
    assert link(second, "Newer") == {"q": ["pat"], "status": ["new"], "page": ["1"]}
    assert "51 handoffs" in second
    assert set(listed(first)).isdisjoint(listed(second))


def test_a_name_with_markup_is_escaped_in_search_results(client, db):
    make(db, "x1", first_name=XSS)
    log_in(client)
    page = page_of(client, "?q=" + quote(XSS))
    assert "<script>" not in page
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 2  # the row and the search box
    assert len(listed(page)) == 1


def test_the_list_filters_have_indexes(db):
    from sqlalchemy import inspect

    indexes = {tuple(ix["column_names"]) for ix in inspect(db.engine).get_indexes("handoffs")}
    assert {("created_at",), ("status", "created_at"), ("reason", "created_at")} <= indexes


# --- CSV export ------------------------------------------------------------------------


def csv_rows(response) -> list:
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def test_export_needs_a_login(client, people):
    response = client.get("/inbox/export.csv")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/inbox/login?next=")
    assert "Maria" not in response.get_data(as_text=True)


def test_export_is_the_filtered_list_as_csv(client, db, people):
    set_advisor_status(db, people["maria"], status="contacted", note="", advisor_username="sam")
    log_in(client)
    response = client.get("/inbox/export.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Cache-Control"] == "no-store"
    today = datetime.now(timezone.utc).date().isoformat()
    assert response.headers["Content-Disposition"] == (f'attachment; filename="handoffs-{today}.csv"')
    rows = csv_rows(response)
    assert rows[0] == [
        "Reference",
        "Created (UTC)",
        "Reason",
        "Status",
        "First name",
        "Phone",
        "Email",
        "Best time",
        "Delivery",
    ]
    assert [row[0] for row in rows[1:]] == [people["sam"], people["jo"], people["maria"]]
    assert rows[3] == [
        people["maria"],
        "2026-11-17 15:00",
        "Co-occurring mental health condition",
        "contacted",
        "Maria",
        "(720) 555-0143",
        "maria.lopez@example.org",
        "mornings",
        "pending",
    ]
    assert rows[2][5] == ""  # no phone: an empty cell, never "None"
    filtered = csv_rows(client.get("/inbox/export.csv?q=720+555&status=contacted"))
    assert [row[0] for row in filtered[1:]] == [people["maria"]]
    assert csv_rows(client.get("/inbox/export.csv?reason=travel")) == [rows[0]]
    assert client.get("/inbox/export.csv?status=deleted").status_code == 400


def test_the_list_links_to_the_export_with_its_filters(client, people):
    log_in(client)
    page = page_of(client, "?q=maria&reason=detox")
    assert link(page, "Download CSV") == {"q": ["maria"], "reason": ["detox"]}
    assert 'href="/inbox/export.csv' in page


@pytest.mark.parametrize("name", ['=HYPERLINK("http://x")', "+1+2", "-2+3", "@SUM(A1)"])
def test_export_cells_cannot_become_formulas(client, db, name):
    make(db, "f1", first_name=name, email="ok@example.org")
    log_in(client)
    rows = csv_rows(client.get("/inbox/export.csv"))
    assert rows[1][4] == "'" + name
    assert rows[1][6] == "ok@example.org"  # other cells untouched


def test_a_leading_tab_or_carriage_return_is_neutralised_too():
    # Names are stripped when saved, but a cell must be safe whatever it holds.
    assert [safe_cell(v) for v in ("\tx", "\rx", "a=b", "", None)] == ["'\tx", "'\rx", "a=b", "", ""]


def test_markup_and_csv_punctuation_survive_the_export_as_text(client, db):
    name = XSS + ' "Jo", O\'Neil\nsecond line'
    make(db, "x1", first_name=name)
    log_in(client)
    response = client.get("/inbox/export.csv?q=" + quote(XSS))
    assert response.mimetype == "text/csv"  # never rendered as HTML
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    rows = csv_rows(response)
    assert len(rows) == 2 and rows[1][4] == name


# --- the intake summary -------------------------------------------------------------------

FULL_SLOTS = {
    "for_whom": "loved_one",
    "loved_one_relation": "son",
    "safety_risk": False,
    "withdrawal_risk": True,
    "severity": "severe",
    "cage_aid_score": 3.0,
    "co_occurring": ["anxiety"],
    "co_occurring_serious": False,
    "treated_before": True,
    "relapse": True,
    "responsibilities": ["work"],
    "assessment_outcome": "higher_level_of_care",
    "assessment_reasons": ["Stopping alcohol suddenly can cause dangerous withdrawal."],
    "location": "chicago",
    "location_label": "Chicago, IL",
    "substance": ["alcohol"],
    "preferences": ["medicaid"],
}


def summary_section(page: str) -> str:
    start = page.index("<h2>Intake summary</h2>")
    return page[start : page.index("</section>", start)]


def facts(html: str) -> list:
    return [(unescape(dt), unescape(dd)) for dt, dd in re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", html, re.S)]


def test_a_straight_to_a_person_summary_hides_what_was_not_asked(client, db):
    reference = make(db, "s1", reason="visitor_request", summary=build_summary({}))
    log_in(client)
    section = summary_section(page_of(client, f"handoffs/{reference}"))
    details = re.search(r"<details[^>]*>(.*?)</details>", section, re.S)
    assert details, "the unasked questions belong in a <details>"
    shown = section.replace(details.group(0), "")
    assert "not asked" not in shown.lower()
    assert facts(shown) == [("Reason for the handoff", "Asked to talk to a person")]
    assert "<summary>Not asked (" in details.group(1)
    assert "Substances" in details.group(1) and "CAGE-AID" in details.group(1)
    assert " open" not in details.group(0).split(">")[0]  # closed until the advisor opens it


def test_a_full_summary_reads_in_plain_words_with_the_reason_first(client, db):
    reference = make(db, "s2", reason="higher_level_of_care", summary=build_summary(FULL_SLOTS))
    log_in(client)
    section = summary_section(page_of(client, f"handoffs/{reference}"))
    shown = facts(re.sub(r"<details.*?</details>", "", section, flags=re.S))
    assert shown[0] == ("Reason for the handoff", "Needs a higher level of care than IOP")
    assert shown[1] == ("What the fit check found", "higher level of care")
    assert shown[2] == ("Why", "Stopping alcohol suddenly can cause dangerous withdrawal.")
    as_dict = dict(shown)
    assert as_dict["Who it is for"] == "their son"
    assert as_dict["Where"] == "Chicago, IL (visitor wrote: chicago)"
    assert as_dict["CAGE-AID screen"] == "3 of 4 questions true"
    assert as_dict["Withdrawal signs or heavy daily use"] == "yes"
    assert as_dict["Thoughts of self-harm or a recent overdose"] == "no"
    assert as_dict["Wants a program that"] == "accepts Medicaid"
    assert all(value and value != "not asked" for _, value in shown)
    assert "Recently finished detox or residential care" in re.search(r"<details.*?</details>", section, re.S).group(0)


def test_summary_values_are_escaped(client, db):
    reference = make(db, "s3", summary=build_summary({"location": XSS, "substance": [XSS]}))
    log_in(client)
    section = summary_section(page_of(client, f"handoffs/{reference}"))
    assert "<script>" not in section and section.count("&lt;script&gt;") == 2


# --- the list at phone width (375 px) ------------------------------------------------------


def css_media_blocks(css: str) -> dict:
    """{"(max-width: ...)": "rules inside"} for each @media block (braces balanced)."""
    blocks = {}
    for match in re.finditer(r"@media\s*([^{]+)\{", css):
        depth, i = 1, match.end()
        while depth:
            depth += {"{": 1, "}": -1}.get(css[i], 0)
            i += 1
        blocks[match.group(1).strip()] = css[match.end() : i - 1]
    return blocks


def rule(block: str, selector: str) -> str:
    found = re.search(r"(?:^|[}\s,])" + re.escape(selector) + r"\s*(?:,[^{]*)?\{([^}]*)\}", block)
    assert found, f"no rule for {selector}"
    return found.group(1)


def test_the_list_becomes_cards_at_phone_width(client):
    css = client.get("/inbox/static/inbox.css").get_data(as_text=True)
    phone = [
        body
        for query, body in css_media_blocks(css).items()
        if (m := re.search(r"max-width:\s*(\d+)px", query)) and 375 <= int(m.group(1)) < 800
    ]
    assert phone, "no @media rule for phone widths"
    block = phone[0]
    assert "display: block" in rule(block, ".handoffs tr")
    assert "display: block" in rule(block, ".handoffs td") or "display: flex" in rule(block, ".handoffs td")
    assert "attr(data-label)" in rule(block, ".handoffs td::before")
    head = rule(block, ".handoffs thead")
    assert "position: absolute" in head and "clip" in head  # hidden, still read by screen readers
    assert not re.search(r"@import|url\(\s*['\"]?(?:https?:)?//", css)  # nothing third-party


def test_every_list_cell_carries_its_column_label(client, db):
    make(db, "m1")
    log_in(client)
    page = page_of(client)
    headers = re.findall(r"<th[^>]*>(.*?)</th>", page)
    row = re.search(r"<tbody>\s*<tr[^>]*>(.*?)</tr>", page, re.S).group(1)
    labels = re.findall(r'<td[^>]*data-label="([^"]*)"', row)
    assert len(re.findall(r"<td", row)) == len(headers) == len(labels)
    assert labels == headers
    # Only the inbox's own script (it refreshes the list) and stylesheet.
    assert re.findall(r"<script[^>]*>", page) == ['<script src="/inbox/static/inbox.js" defer>']
    assert 'rel="stylesheet" href="/inbox/static/inbox.css"' in page
