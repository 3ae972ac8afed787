"""bot/language/intake_facts.py: facts a visitor states in passing.

The table below holds realistic messages (lower case, typos, about self and
about loved ones) with every fact they state; any field not listed must come
out empty, so spurious facts fail too.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from bot.language.intake_facts import (
    ENTITY_NAMES,
    SCHEDULE_ENTITY,
    SCHEDULE_PREFERENCES,
    IntakeFacts,
    extract_facts,
    facts_as_entities,
)
from bot.language.preferences import PREFERENCES

FIELD_ALIASES = {
    "whom": "for_whom",
    "rel": "loved_one_relation",
    "wd": "withdrawal_risk",
    "step": "step_down",
    "treated": "treated_before",
    "relapse": "relapse",
    "resp": "responsibilities",
    "cooc": "co_occurring",
    "subs": "substances",
    "prefs": "preferences",
    "sched": "schedule_preferences",
    "zip": "zipcode",
}


def case(text: str, **fields: Any) -> tuple[str, IntakeFacts]:
    expected: dict[str, Any] = {}
    for key, value in fields.items():
        name = FIELD_ALIASES[key]
        expected[name] = tuple(value) if isinstance(value, (list, tuple)) else value
    return text, IntakeFacts(**expected)


CASES: list[tuple[str, IntakeFacts]] = [
    # --- for whom -----------------------------------------------------------------
    case("i drink too much", whom="self", subs=["alcohol"]),
    case("its for me", whom="self"),
    case("for me", whom="self"),
    case("myself", whom="self"),
    case("me", whom="self"),
    case("is iop right for my son", whom="loved_one", rel="son"),
    case("can you check if iop would fit my daughter", whom="loved_one", rel="daughter"),
    case("would iop work for my husband", whom="loved_one", rel="husband"),
    case("is outpatient a good option for my mom", whom="loved_one", rel="mom"),
    case("it's for my son", whom="loved_one", rel="son"),
    case("my son", whom="loved_one", rel="son"),
    case("my husband.", whom="loved_one", rel="husband"),
    case("asking for a friend", whom="loved_one", rel="friend"),
    case("my son drinks every night and i dont know what to do", whom="loved_one", rel="son", subs=["alcohol"]),
    case("worried about my husband", whom="loved_one", rel="husband"),
    case("im worried about my husbands drinking", whom="loved_one", rel="husband", subs=["alcohol"]),
    case("looking for help for my mom, she drinks wine all day", whom="loved_one", rel="mom", subs=["alcohol"]),
    case("my daughter is using heroin", whom="loved_one", rel="daughter", subs=["opioids"]),
    case(
        "my 19 year old son smokes weed all day", whom="loved_one", rel="son", subs=["cannabis"], prefs=["young_adults"]
    ),
    case("my boyfriend is addicted to pills", whom="loved_one", rel="boyfriend"),
    case("my gf has a drinking problem", whom="loved_one", rel="girlfriend", subs=["alcohol"]),
    case("my wife's drinking is getting worse", whom="loved_one", rel="wife", subs=["alcohol"]),
    case("my brother keeps relapsing on meth", whom="loved_one", rel="brother", relapse=True, subs=["stimulants"]),
    case("my sister needs help, she's using again", whom="loved_one", rel="sister", relapse=True),
    case("my dad is an alcoholic", whom="loved_one", rel="dad", subs=["alcohol"]),
    case("concerned about my grandson, he's on fentanyl", whom="loved_one", rel="grandson", subs=["opioids"]),
    case("this is for my partner", whom="loved_one", rel="partner"),
    case("i need help for my kid", whom="loved_one", rel="child"),
    case("how do i get my son into treatment", whom="loved_one", rel="son"),
    case("my wife says i drink too much", whom="self", subs=["alcohol"]),
    case("my husband wants me to get help for my drinking", whom="self", subs=["alcohol"]),
    case("i need to stop drinking for my kids", whom="self", subs=["alcohol"], resp=["dependents"]),
    case("not for me, its for my brother", whom="loved_one", rel="brother"),
    case("i'm an alcoholic", whom="self", subs=["alcohol"]),
    case("ive been using meth for 2 years", whom="self", subs=["stimulants"]),
    case("i need help", whom="self"),
    case("i want to get sober", whom="self"),
    case("my addiction is ruining my life", whom="self"),
    case("i smoke crack on weekends", whom="self", subs=["stimulants"]),
    case("my best friend overdosed last year and now she's using again", whom="loved_one", rel="friend", relapse=True),
    # --- withdrawal -----------------------------------------------------------------
    case("i get the shakes when i stop drinking", whom="self", wd=True, subs=["alcohol"]),
    case("i get sick when i dont have my pills", wd=True),
    case("sweating and vomiting without it", wd=True),
    case("i had dts last time i quit", wd=True),
    case("delirium tremens", wd=True),
    case("i have seizures when i stop drinking", whom="self", wd=True, subs=["alcohol"]),
    case("i'm dope sick every morning", whom="self", wd=True, subs=["opioids"]),
    case("the withdrawals are brutal", wd=True),
    case("i cant stop without getting sick", wd=True),
    case("i drink a fifth every day and want to quit cold turkey", whom="self", wd=True, subs=["alcohol"]),
    case("been on xanax daily for years", whom="self", wd=True, subs=["benzodiazepines"]),
    case("i take 6 bars a day", whom="self", wd=True, subs=["benzodiazepines"]),
    case("i drink like 15 beers a night", whom="self", wd=True, subs=["alcohol"]),
    case("i need a drink in the morning to stop the shakes", whom="self", wd=True, subs=["alcohol"]),
    case("when i run out of percs i feel like im dying, sweating, throwing up", wd=True, subs=["opioids"]),
    case("my husband gets the shakes if he doesnt drink", whom="loved_one", rel="husband", wd=True, subs=["alcohol"]),
    case("he's been shooting heroin every day for a year", whom="loved_one", wd=True, subs=["opioids"]),
    case("no withdrawals", wd=False),
    case("i don't get withdrawals", wd=False),
    case("never had any withdrawal symptoms when i quit before", wd=False),
    case("what is withdrawal?"),
    case("how long does withdrawal last"),
    case("will i get withdrawals if i stop?", whom="self"),
    case("is detox necessary for alcohol withdrawal?", subs=["alcohol"]),
    case("i drink 2 beers on weekends", whom="self", subs=["alcohol"]),
    case("i smoke weed every day", whom="self", subs=["cannabis"]),
    case("no withdrawals from weed but i get the shakes from alcohol", wd=True, subs=["cannabis", "alcohol"]),
    case("i go to bars every night"),
    case("i get withdrawls bad", wd=True),
    # --- step down / treated before -----------------------------------------------------
    case("just finished rehab", step=True, treated=True),
    case("got out of detox last week", step=True, treated=True),
    case("leaving residential friday", step=True, treated=True),
    case("finishing a 30 day program", step=True, treated=True),
    case("im in detox right now and they said i need iop after", whom="self", step=True, treated=True),
    case("my son gets out of rehab next week", whom="loved_one", rel="son", step=True, treated=True),
    case("my counselor at rehab recommended iop as a step down", step=True, treated=True),
    case("i finished rehab 5 years ago and relapsed last month", treated=True, relapse=True),
    case("what happens after i finish the program?"),
    case("been to rehab twice", treated=True),
    case("i've been to treatment 3 times", treated=True),
    case("i did iop before", treated=True),
    case("i went to detox in 2019", treated=True),
    case("never had treatment", treated=False, step=False),
    case("i've never been to rehab", treated=False, step=False),
    case("first time looking for help", treated=False, step=False),
    case("this is my first time reaching out", treated=False, step=False),
    case("haven't done any treatment before", treated=False, step=False),
    case("do people go to iop after rehab?"),
    case("i want to go to rehab", whom="self"),
    case("spent 30 days in rehab last year", treated=True),
    case("my last rehab didnt work", treated=True),
    # --- relapse ---------------------------------------------------------------------------
    case("was sober 3 years and started drinking again", relapse=True, subs=["alcohol"]),
    case("relapsed after 18 months clean", relapse=True),
    case("slipped after a long time sober", relapse=True),
    case("i relapsed last weekend", whom="self", relapse=True),
    case("i had a relapse", relapse=True),
    case("fell off the wagon after 2 years", relapse=True),
    case("i'm drinking again after 6 months sober", whom="self", relapse=True, subs=["alcohol"]),
    case("i'm scared of relapsing"),
    case("what if i relapse during iop"),
    case("i don't want to relapse"),
    case("i havent relapsed", relapse=False),
    case("does iop help with relapse prevention"),
    case("i've been sober 6 months", whom="self"),
    # --- responsibilities ----------------------------------------------------------------
    case("i work full time", resp=["work"]),
    case("i'm a nurse", resp=["work"]),
    case("im a teacher and i drink every night", whom="self", resp=["work"], subs=["alcohol"]),
    case("college student", resp=["school"]),
    case("i'm in college", resp=["school"]),
    case("i have 3 kids", resp=["dependents"]),
    case("take care of my mom", resp=["dependents"]),
    case("single mom of two", resp=["dependents"]),
    case("i work nights and have two little kids", resp=["work", "dependents"]),
    case("not working right now", resp=["none"]),
    case("i'm unemployed", resp=["none"]),
    case("i lost my job because of drinking", resp=["none"], subs=["alcohol"]),
    case("i need groups after work", resp=["work"], sched=["evening"]),
    case("can i keep my job while doing iop", resp=["work"]),
    case("does iop work?"),
    case("i need to work on my recovery", whom="self"),
    case(
        "my son is in high school and vaping weed",
        whom="loved_one",
        rel="son",
        resp=["school"],
        subs=["cannabis"],
        prefs=["adolescents"],
    ),
    case("i started drinking in high school", whom="self", subs=["alcohol"]),
    case("i'm retired and drink too much wine", whom="self", resp=["none"], subs=["alcohol"]),
    case("i own a small business and can't take time off", resp=["work"]),
    # --- co-occurring -----------------------------------------------------------------------
    case("i have anxiety", cooc=["anxiety"]),
    case("depressed", cooc=["depression"]),
    case("i have ptsd from the army", cooc=["trauma"], prefs=["veterans"]),
    case("i'm bipolar", cooc=["other"]),
    case("adhd", cooc=["other"]),
    case("anxiety and depression", cooc=["anxiety", "depression"]),
    case("i don't have anxiety", cooc=["none"]),
    case("no mental health issues", cooc=["none"]),
    case("does iop help with anxiety?"),
    case("can iop help my anxiety?", cooc=["anxiety"]),
    case("do you treat depression"),
    case("i have anxiety but i'm not depressed", cooc=["anxiety"]),
    case(
        "my daughter has an eating disorder and drinks",
        whom="loved_one",
        rel="daughter",
        cooc=["other"],
        subs=["alcohol"],
    ),
    case("i've been diagnosed with depression and i drink to cope", whom="self", cooc=["depression"], subs=["alcohol"]),
    case("im not sure if i have depression"),
    case("childhood trauma", cooc=["trauma"]),
    case("i'm anxious about starting"),
    # --- substances ---------------------------------------------------------------------------
    case("heroin and fentanyl", subs=["opioids"]),
    case("oxy and percs", subs=["opioids"]),
    case("pain pills", subs=["opioids"]),
    case("meth", subs=["stimulants"]),
    case("crystal meth and crack", subs=["stimulants"]),
    case("coke on weekends", subs=["stimulants"]),
    case("adderall", subs=["stimulants"]),
    case("xanax and klonopin", subs=["benzodiazepines"]),
    case("i pop bars", whom="self", subs=["benzodiazepines"]),
    case("weed, dabs and edibles", subs=["cannabis"]),
    case("kratom", subs=["other"]),
    case("ketamine", subs=["other"]),
    case("i drink and smoke pot", whom="self", subs=["alcohol", "cannabis"]),
    case("i don't drink, it's the pills"),
    case("not alcohol, just weed", subs=["cannabis"]),
    case("no alcohol for 3 days and im shaking bad", wd=True, subs=["alcohol"]),
    case("i drink diet coke all day lol"),
    case("i'm addicted to suboxone", whom="self", subs=["opioids"]),
    # --- preferences ----------------------------------------------------------------------------
    case("lgbtq friendly", prefs=["lgbtq"]),
    case("i'm gay and want a program where i feel safe", prefs=["lgbtq"]),
    case("i'm trans", prefs=["lgbtq"]),
    case("i'm a veteran", prefs=["veterans"]),
    case("does the va cover iop", prefs=["veterans"]),
    case("is it online?", prefs=["telehealth"]),
    case("can i do it virtual", prefs=["telehealth"]),
    case("telehealth or zoom please", prefs=["telehealth"]),
    case("i found you online"),
    case("do you take medicaid", prefs=["medicaid"]),
    case("i have medi-cal", prefs=["medicaid"]),
    case("ahcccs", prefs=["medicaid"]),
    case("medicare", prefs=["medicare"]),
    case("i have blue cross", prefs=["private_insurance"]),
    case("aetna ppo", prefs=["private_insurance"]),
    case("do you take insurance", prefs=["private_insurance"]),
    case("i have medicaid insurance", prefs=["medicaid"]),
    case("i don't have insurance", prefs=["self_pay"]),
    case("cash", prefs=["self_pay"]),
    case("self pay", prefs=["self_pay"]),
    case("sliding scale?", prefs=["sliding_scale"]),
    case("i cant afford much", prefs=["sliding_scale"]),
    case("low income", prefs=["sliding_scale"]),
    case("tricare", prefs=["military_insurance"]),
    case("spanish speaking", prefs=["spanish"]),
    case("en espanol por favor", prefs=["spanish"]),
    case("women only program", prefs=["women"]),
    case("for women", prefs=["women"]),
    case("young adults program", prefs=["young_adults"]),
    case("college age", prefs=["young_adults"]),
    case("my teen is vaping", whom="loved_one", rel="child", prefs=["adolescents"]),
    case("dual diagnosis", prefs=["dual_diagnosis"]),
    case("i need help with mental health too", whom="self", prefs=["dual_diagnosis"]),
    case("do you offer suboxone", prefs=["medication_for_oud"]),
    case("i'm on methadone", whom="self", prefs=["medication_for_oud"]),
    case("vivitrol", prefs=["medication_for_oud"]),
    case("mat program", prefs=["medication_for_oud"]),
    case("i don't want suboxone"),
    case("12 step based", prefs=["twelve_step"]),
    case("i like aa", prefs=["twelve_step"]),
    case("aa didn't work for me"),
    case("non 12 step please"),
    case("family therapy", prefs=["family_therapy"]),
    case("can my wife come to sessions", prefs=["family_therapy"]),
    case("i'm pregnant", prefs=["pregnant_women"]),
    case("sign language interpreter", prefs=["sign_language"]),
    case("i'm 70 and drink every day", whom="self", prefs=["seniors"], subs=["alcohol"]),
    case("lgbtq friendly, takes medicaid, evening groups", prefs=["lgbtq", "medicaid"], sched=["evening"]),
    # --- schedule ----------------------------------------------------------------------------------
    case("evening groups", sched=["evening"]),
    case("night classes", sched=["evening"]),
    case("after work", resp=["work"], sched=["evening"]),
    case("only weekends", sched=["weekend"]),
    case("morning groups", sched=["morning"]),
    case("i drink at night", whom="self", subs=["alcohol"]),
    case("i drink every weekend", whom="self", subs=["alcohol"]),
    # --- one-phrase answers to the assistant's questions -----------------------------
    case("withdrawals", wd=True),
    case("yeah bad withdrawals", wd=True),
    case("withdrawal is scary"),
    case("not working", resp=["none"]),
    case("suboxone is not working for me", prefs=["medication_for_oud"]),
    case("va", prefs=["veterans"]),
    case("we live in richmond va"),
    case("evenings please", sched=["evening"]),
    case("weekends", sched=["weekend"]),
    case("none"),
    # --- zip codes -------------------------------------------------------------------------------------
    case("85004", zip="85004"),
    case("my zip is 10001", zip="10001"),
    case("near 94110 please", zip="94110"),
    case("call me at 602-555-1234"),
    case("6025551234"),
    case("i spent $15000 on rehab", treated=True),
    case("zip 30301-1234", zip="30301"),
    case("i live in phoenix"),
    # --- long, mixed ---------------------------------------------------------------------------------------
    case(
        "hi, im looking for an iop for my daughter, she's 17 and smoking weed and taking xanax, we have aetna and live in 60614",
        whom="loved_one",
        rel="daughter",
        subs=["cannabis", "benzodiazepines"],
        prefs=["adolescents", "private_insurance"],
        zip="60614",
    ),
    case(
        "i'm 34, work full time as a nurse, drink a bottle of wine every night, been to rehab once, i have anxiety. need evening groups, blue cross",
        wd=True,
        treated=True,
        resp=["work"],
        cooc=["anxiety"],
        subs=["alcohol"],
        prefs=["private_insurance"],
        sched=["evening"],
    ),
    case(
        "my husband just got out of a 28 day program and relapsed, he's on suboxone now, we're in 33101",
        whom="loved_one",
        rel="husband",
        step=True,
        treated=True,
        relapse=True,
        prefs=["medication_for_oud"],
        zip="33101",
    ),
    case(
        "veteran here, ptsd, drinking heavy, the va is too slow. do you take tricare? i work days",
        wd=None,
        cooc=["trauma"],
        subs=["alcohol"],
        prefs=["veterans", "military_insurance"],
        resp=["work"],
    ),
    case(
        "first time looking for help. i'm a college student, i use coke and drink on weekends, no mental health stuff",
        whom="self",
        treated=False,
        step=False,
        resp=["school"],
        cooc=["none"],
        subs=["stimulants", "alcohol"],
    ),
    case(
        "Im a single dad with 2 kids, been using fent daily for a year, get really sick if i dont use, need something online or at night",
        whom="self",
        wd=True,
        resp=["dependents"],
        subs=["opioids"],
        prefs=["telehealth"],
        sched=["evening"],
    ),
    case(
        "My mom (68) drinks a handle of vodka a day and has fallen twice. She has Medicare. We're in 85251.",
        whom="loved_one",
        rel="mom",
        wd=True,
        subs=["alcohol"],
        prefs=["medicare"],
        zip="85251",
    ),
    case(
        "I\u2019m worried about my son, he\u2019s 22 and using meth. He\u2019s been to rehab twice. Does IOP help with depression?",
        whom="loved_one",
        rel="son",
        treated=True,
        subs=["stimulants"],
        prefs=["young_adults"],
    ),
    case(
        "sober 5 years, relapsed in march, im bipolar and on medicaid, need a dual diagnosis program, i dont want aa",
        relapse=True,
        cooc=["other"],
        prefs=["medicaid", "dual_diagnosis"],
    ),
]


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


# --- entities -------------------------------------------------------------------------------


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
