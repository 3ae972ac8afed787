"""The fixed answers in domain.yml: the facts each FAQ topic must carry, their
length (2–4 sentences), a way forward (buttons), and no copied sentences."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tests.conftest import REFERENCE_ARTICLE, ROOT

DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text())
RESPONSES: dict[str, list[dict]] = DOMAIN["responses"]

# topic -> regular expressions (case-insensitive) that its answer must match
REQUIRED_FACTS = {
    "what_is_iop": [
        r"return home|go home",
        r"evenings and weekends",
        r"drinking or drug use",
        r"mental health",
        r"residential",
        r"step down",
    ],
    "what_it_includes": [
        r"individual",
        r"group",
        r"family therapy",
        r"relapse prevention",
        r"coping",
        r"education",
        r"vocational",
        r"Alcoholics Anonymous",
        r"Narcotics Anonymous",
    ],
    "duration": [r"depends on the program", r"clinical needs", r"3 to 9 months", r"3 months", r"\b6\b", r"full year"],
    "schedule": [
        r"3 to 5 days a week",
        r"5 days a week for 6 hours",
        r"about 3 months",
        r"3 days a week for 4 hours",
        r"shrinks as\s+you progress",
    ],
    "who_it_suits": [
        r"detox or inpatient",
        r"step down",
        r"mild or moderate",
        r"no other mental health",
        r"long stretch of sobriety",
        r"job",
        r"school",
        r"dependents",
    ],
    "more_care": [
        r"moderate or severe",
        r"underlying issues",
        r"never been treated",
        r"residential",
        r"partial\s+hospitalization",
        r"matters because",
        r"advisor",
    ],
    "iop_vs_inpatient": [r"living at the facility", r"go home", r"same kinds of evidence-based"],
    "keep_obligations": [r"working", r"studying", r"caring for your family"],
    "step_down_relapse": [r"after detox or inpatient", r"sober", r"started drinking or using again"],
    "twelve_step": [r"12 steps", r"Alcoholics Anonymous \(AA\)", r"Narcotics Anonymous \(NA\)"],
    "dual_diagnosis": [
        r"anxiety",
        r"depression",
        r"trauma",
        r"dual diagnosis",
        r"co-occurring",
        r"dual-diagnosis resources",
    ],
    "staff": [r"licensed therapists", r"clinicians", r"case managers", r"behavioral technicians"],
    "choosing_program": [
        r"higher level of care",
        r"licensed and accredited",
        r"licensed\s+staff",
        r"holistic",
        r"12-step",
        r"relapse prevention",
        r"working professionals",
        r"LGBTQ\+",
        r"dual-diagnosis",
    ],
    "specialised_programs": [r"working professionals", r"LGBTQ\+", r"veterans", r"women", r"young adults"],
    "benefits": [
        r"flexibility and freedom",
        r"work, school",
        r"same evidence-based therapies",
        r"coping skills",
        r"peers",
    ],
    "cost_insurance": [r"vary", r"insurance", r"Medicaid", r"sliding-scale", r"advisor"],
    "family_involvement": [r"family therapy"],
    "helping_loved_one": [
        r"isn't ready",
        r"family therapy",
        r"support for themselves",
        r"advisor",
        r"talk your situation through",
    ],
    "privacy": [r"advisory team", r"agree"],
    # not in the article: practical rules differ, so say who can answer
    "program_rules": [r"differ", r"intake team", r"advisor", r"honestly"],
}

SENTENCE_END = re.compile(r"[.!?](?=\s|$)")


def _text(name: str) -> str:
    return " ".join(RESPONSES[name][0]["text"].split())


def _sentences(text: str) -> int:
    return len(SENTENCE_END.findall(text))


def test_every_faq_topic_has_a_response_and_a_fact_list():
    topics = {name.split("/", 1)[1] for name in RESPONSES if name.startswith("utter_faq/")}
    assert topics == set(REQUIRED_FACTS)


@pytest.mark.parametrize("topic", sorted(REQUIRED_FACTS))
def test_faq_answer_carries_the_facts(topic):
    text = _text(f"utter_faq/{topic}")
    missing = [fact for fact in REQUIRED_FACTS[topic] if not re.search(fact, text, re.I)]
    assert not missing, f"utter_faq/{topic} lacks {missing}: {text}"


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_every_answer_is_two_to_four_sentences(name):
    for variation in RESPONSES[name]:
        count = _sentences(" ".join(variation["text"].split()))
        assert 2 <= count <= 4, f"{name} has {count} sentences"


@pytest.mark.parametrize("name", sorted(n for n in RESPONSES if n != "utter_crisis"))
def test_every_answer_ends_with_a_way_forward(name):
    for variation in RESPONSES[name]:
        payloads = {b["payload"] for b in variation.get("buttons", [])}
        assert payloads & {"/assess_fit", "/find_program", "/request_human"}, name


def test_answers_that_point_to_an_advisor_put_the_person_first():
    for name in ("utter_faq/more_care", "utter_faq/cost_insurance"):
        assert RESPONSES[name][0]["buttons"][0]["payload"] == "/request_human"


def test_crisis_answer_gives_all_three_lines():
    text = _text("utter_crisis")
    assert "988" in text and "call or text" in text
    assert "911" in text
    assert "1-800-662-4357" in text


def test_greeting_says_it_is_automated_and_not_a_clinician():
    text = _text("utter_greet")
    assert "automated assistant" in text and "not a clinician" in text
    assert "988" in text


def _ngrams(text: str, n: int) -> set:
    words = re.findall(r"[a-z0-9']+", text.lower())
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def test_no_answer_copies_the_reference_article():
    """Answers are written in our own words: no run of 8 words taken from the article."""
    article = _ngrams(Path(REFERENCE_ARTICLE).read_text(), 8)
    for name, variations in RESPONSES.items():
        for variation in variations:
            shared = _ngrams(variation["text"], 8) & article
            assert not shared, f"{name} copies the article: {' '.join(next(iter(shared)))}"
