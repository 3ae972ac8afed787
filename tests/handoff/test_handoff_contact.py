"""Contact validation: US phone numbers, email syntax, first names, contact times."""

from __future__ import annotations

import pytest

from bot.handoff.contact import (
    parse_contact_time,
    parse_email,
    parse_first_name,
    parse_us_phone,
)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("(312) 555-0142", "(312) 555-0142"),
        ("312-555-0142", "(312) 555-0142"),
        ("312.555.0142", "(312) 555-0142"),
        ("3125550142", "(312) 555-0142"),
        ("+1 312 555 0142", "(312) 555-0142"),
        ("1-312-555-0142", "(312) 555-0142"),
        ("call me at 312 555 0142 please", "(312) 555-0142"),
        ("(212) 736-5000", "(212) 736-5000"),
        ("787-555-0142", "(787) 555-0142"),  # Puerto Rico shares the US numbering plan
    ],
)
def test_valid_us_phone_numbers_are_normalised(text, expected):
    assert parse_us_phone(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "555-0142",  # no area code
        "312-555-014",  # 9 digits
        "312-555-01424",  # 11 digits without a leading 1
        "123-555-0142",  # area code starting with 1
        "012-555-0142",  # area code starting with 0
        "312-055-0142",  # exchange starting with 0
        "312-155-0142",  # exchange starting with 1
        "911-555-0142",  # N11 is not an area code
        "+44 20 7946 0958",  # not a US number
        "my number is secret",
        "1" * 400,
    ],
)
def test_impossible_or_foreign_phone_numbers_are_rejected(text):
    assert parse_us_phone(text) is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("maria@example.com", "maria@example.com"),
        ("  Maria.Lopez+iop@Example.COM ", "Maria.Lopez+iop@example.com"),
        ("it's jo@example.org.", "jo@example.org"),
        ("<jo@example.org>", "jo@example.org"),
    ],
)
def test_valid_emails_are_normalised(text, expected):
    assert parse_email(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "maria",
        "maria@",
        "@example.com",
        "maria@example",
        "maria@@example.com",
        "maria@exa mple.com",
        "maria@exam_ple.com",
        "a" * 70 + "@example.com",
    ],
)
def test_invalid_emails_are_rejected(text):
    assert parse_email(text) is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("maria", "Maria"),
        ("Maria", "Maria"),
        ("i'm maria", "Maria"),
        ("I’m Maria", "Maria"),
        ("im maria", "Maria"),
        ("my name is Jo", "Jo"),
        ("Hi, I am JOSÉ", "José"),
        ("this is Ana.", "Ana"),
        ("call me Sam!", "Sam"),
        ("mary-jane", "Mary-Jane"),
        ("O'Neil", "O'Neil"),
        ("McKenzie", "McKenzie"),
        ("maria lopez", "Maria"),
        ("A" * 60, "A" + "a" * 39),
    ],
)
def test_first_names(text, expected):
    assert parse_first_name(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "12345",
        "maria2",
        "jo@example.com",
        "http://example.com",
        "www.example.com",
        "hi",
        "no",
        "my name is",
        "!!!",
    ],
)
def test_invalid_first_names_are_rejected(text):
    assert parse_first_name(text) is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Mornings", "mornings"),
        ("in the morning", "mornings"),
        ("anytime", "any time"),
        ("Any time", "any time"),
        ("ASAP", "as soon as possible"),
        ("evenings", "evenings"),
        ("weekends", "weekends"),
        ("after 5PM", "after 5 pm"),
        ("Tuesdays after 3:30 p.m.", "Tuesdays after 3:30 pm"),
        ("  weekdays   between 9am and noon ", "weekdays between 9 am and noon"),
    ],
)
def test_contact_times_are_lightly_normalised(text, expected):
    assert parse_contact_time(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "...", "?!"])
def test_empty_contact_times_are_rejected(text):
    assert parse_contact_time(text) is None


def test_contact_time_is_capped():
    assert len(parse_contact_time("after lunch " * 30)) == 120
