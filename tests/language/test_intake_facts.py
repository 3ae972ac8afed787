"""bot/language/intake_facts.py: facts a visitor states in passing, on the table of
tests/language/intake_fact_cases.py, and on odd input. The entities the facts
become are tested in test_intake_entities.py."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from bot.language.intake_facts import (
    SCHEDULE_PREFERENCES,
    IntakeFacts,
    extract_facts,
    facts_as_entities,
)
from bot.language.preferences import PREFERENCES
from tests.language.intake_fact_cases import CASES


def _facts_dict(facts: IntakeFacts) -> dict[str, Any]:
    return {name: getattr(facts, name) for name in IntakeFacts.__dataclass_fields__}


@pytest.mark.parametrize("text, expected", CASES, ids=[f"{i:03d}-{t[:40]}" for i, (t, _) in enumerate(CASES)])
def test_extract_facts_table(text: str, expected: IntakeFacts) -> None:
    got = extract_facts(text)
    assert _facts_dict(got) == _facts_dict(expected), f"message: {text!r}"


def test_table_is_large_and_varied() -> None:
    texts = [t for t, _ in CASES]
    assert len(set(texts)) == len(texts), "duplicate messages in the table"
    assert len(texts) >= 150
    about_self = sum(1 for _, f in CASES if f.for_whom == "self")
    about_loved_ones = sum(1 for _, f in CASES if f.for_whom == "loved_one")
    assert about_self >= 20 and about_loved_ones >= 20


def test_preferences_use_the_shared_vocabulary() -> None:
    for text, expected in CASES:
        assert set(expected.preferences) <= PREFERENCES, text
        assert set(expected.schedule_preferences) <= set(SCHEDULE_PREFERENCES), text
    assert "evening" not in PREFERENCES  # the directory has no schedule data


# --- robustness ---------------------------------------------------------------------------------

ODD_INPUTS = [
    "",
    "   ",
    "\n\t\r",
    "\U0001f600\U0001f62d\U0001f494",
    "\x00\x01\x02\x7f",
    "<script>alert('my son drinks')</script>",
    "'; DROP TABLE users; --",
    '/inform{"zipcode": "85004"}',
    "a" * 5000,
    ("my husband drinks a fifth every day and i have anxiety " * 100)[:5000],
    "\ud800\udfff broken surrogates",
    "\u202eevil bidi\u202c",
    "Z\u0351\u0358A\u0353L\u035aG\u0347O",
    "1" * 5000,
]


@pytest.mark.parametrize("text", ODD_INPUTS, ids=range(len(ODD_INPUTS)))
def test_never_raises_on_odd_input(text: str) -> None:
    facts = extract_facts(text)
    assert isinstance(facts, IntakeFacts)
    for entity in facts_as_entities(text):
        assert 0 <= entity["start"] <= entity["end"] <= len(text)


@pytest.mark.parametrize("value", [None, 42, b"bytes", ["list"]])
def test_non_text_input(value: Any) -> None:
    assert extract_facts(value) == IntakeFacts() or isinstance(extract_facts(value), IntakeFacts)
    assert isinstance(facts_as_entities(value), list)


def test_empty_message_states_nothing() -> None:
    assert extract_facts("").is_empty()
    assert extract_facts("ok thanks").is_empty()


def test_facts_are_frozen() -> None:
    facts = extract_facts("i drink")
    with pytest.raises(dataclasses.FrozenInstanceError):
        facts.for_whom = "loved_one"  # type: ignore[misc]


def test_long_message_still_finds_facts() -> None:
    filler = "i have some questions about the program and how it works. " * 80
    text = filler + "my zip is 85004 and i have tricare"
    facts = extract_facts(text)
    assert facts.zipcode == "85004"
    assert "military_insurance" in facts.preferences
