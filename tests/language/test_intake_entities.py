"""bot/language/intake_facts.py's entities: the facts of a message as Rasa entities
pointing at the words that stated them (table: tests/language/intake_fact_cases.py)."""

from __future__ import annotations

from typing import Any

from bot.language.intake_facts import (
    ENTITY_NAMES,
    SCHEDULE_ENTITY,
    extract_facts,
    facts_as_entities,
)
from tests.language.intake_fact_cases import CASES


def test_entities_point_at_the_words_that_stated_them() -> None:
    text = "My son drinks a fifth every day. We have Aetna and live in 85004, he works full time."
    entities = facts_as_entities(text)
    by_name: dict[str, list[dict[str, Any]]] = {}
    for entity in entities:
        assert set(entity) == {"entity", "value", "start", "end"}
        assert entity["entity"] in ENTITY_NAMES
        assert isinstance(entity["value"], str)
        assert 0 <= entity["start"] < entity["end"] <= len(text)
        by_name.setdefault(entity["entity"], []).append(entity)
    assert by_name["for_whom"][0]["value"] == "loved_one"
    assert text[by_name["for_whom"][0]["start"] : by_name["for_whom"][0]["end"]] == "My son"
    assert by_name["loved_one_relation"][0]["value"] == "son"
    assert by_name["withdrawal_risk"][0]["value"] == "true"
    zipcode = by_name["zipcode"][0]
    assert (zipcode["value"], text[zipcode["start"] : zipcode["end"]]) == ("85004", "85004")
    preference = by_name["preference"][0]
    assert (preference["value"], text[preference["start"] : preference["end"]]) == ("private_insurance", "Aetna")
    substance = by_name["substance"][0]
    assert substance["value"] == "alcohol"
    assert by_name["responsibilities"][0]["value"] == "work"
    assert [e["start"] for e in entities] == sorted(e["start"] for e in entities)


def test_entities_one_per_value_for_tuple_fields() -> None:
    text = "heroin, meth and xanax; i have anxiety and ptsd"
    entities = facts_as_entities(text)
    substances = [(e["value"], text[e["start"] : e["end"]]) for e in entities if e["entity"] == "substance"]
    assert substances == [("opioids", "heroin"), ("stimulants", "meth"), ("benzodiazepines", "xanax")]
    conditions = [(e["value"], text[e["start"] : e["end"]]) for e in entities if e["entity"] == "co_occurring"]
    assert conditions == [("anxiety", "anxiety"), ("trauma", "ptsd")]


def test_entities_booleans_are_strings() -> None:
    entities = facts_as_entities("never been to rehab and no withdrawals")
    values = {e["entity"]: e["value"] for e in entities}
    assert values == {"treated_before": "false", "step_down": "false", "withdrawal_risk": "false"}


def test_entity_spans_map_back_through_unicode_and_spacing() -> None:
    text = "\u200bI\u2019m  on   MEDI-CAL   and\u00a0my zip is 90012 \U0001f64f"
    entities = facts_as_entities(text)
    spans = {e["entity"]: text[e["start"] : e["end"]] for e in entities}
    assert spans["preference"] == "MEDI-CAL"
    assert spans["zipcode"] == "90012"


def test_schedule_entities_only_on_request() -> None:
    text = "evening groups please"
    assert [e["entity"] for e in facts_as_entities(text)] == []
    scheduled = facts_as_entities(text, include_schedule=True)
    assert [(e["entity"], e["value"]) for e in scheduled] == [(SCHEDULE_ENTITY, "evening")]


def test_entities_agree_with_extract_facts() -> None:
    for text, _expected in CASES:
        facts = extract_facts(text)
        entities = facts_as_entities(text)
        substances = tuple(e["value"] for e in entities if e["entity"] == "substance")
        preferences = tuple(e["value"] for e in entities if e["entity"] == "preference")
        assert sorted(substances) == sorted(facts.substances), text
        assert sorted(preferences) == sorted(facts.preferences), text
        zips = [e["value"] for e in entities if e["entity"] == "zipcode"]
        assert zips == ([facts.zipcode] if facts.zipcode else []), text
