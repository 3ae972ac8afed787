"""The fixed answers in domain.yml: the facts each FAQ topic must carry (listed
in the topic's data file), their length (2–4 sentences), a way forward
(buttons), and no copied sentences.

DOMAIN_TEST_ROOT (default: this project) points the module at a copy of the
project's domain.yml and data/: tests/review/test_adding_a_topic.py runs it
against a copy that a new topic was added to by following the README."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import yaml

from bot.review.facts import missing_facts, patterns, topic_facts
from bot.review.training_data import load_blocks
from tests.conftest import REFERENCE_ARTICLE, ROOT

BASE = Path(os.environ.get("DOMAIN_TEST_ROOT") or ROOT)
DOMAIN = yaml.safe_load((BASE / "domain.yml").read_text())
RESPONSES: dict[str, list[dict]] = DOMAIN["responses"]

# topic -> the regular expressions (case-insensitive) its answer must match, read
# from the topic's data file, `metadata: facts:` in data/nlu/faq/<topic>.yml
# (bot/review/facts.py says why there): adding a topic touches data files only.
FACTS = topic_facts(load_blocks(BASE / "data" / "nlu"))


SENTENCE_END = re.compile(r"[.!?](?=\s|$)")


def _text(name: str) -> str:
    return " ".join(RESPONSES[name][0]["text"].split())


def _sentences(text: str) -> int:
    return len(SENTENCE_END.findall(text))


def test_every_faq_topic_has_a_response_and_a_fact_list():
    topics = {name.split("/", 1)[1] for name in RESPONSES if name.startswith("utter_faq/")}
    assert topics == {topic for topic, facts in FACTS.items() if facts.items}
    assert len(topics) >= 20


@pytest.mark.parametrize("topic", sorted(FACTS))
def test_faq_answer_carries_the_facts(topic):
    facts = FACTS[topic]
    for variation in RESPONSES[f"utter_faq/{topic}"]:
        missing = missing_facts(variation["text"], patterns(facts))
        assert not missing, f"utter_faq/{topic} lacks {missing} ({facts.path.name}:{facts.line}): {variation['text']}"


@pytest.mark.parametrize("topic", sorted(FACTS))
def test_the_fact_check_fails_when_an_answer_loses_a_fact(topic):
    """Each fact counts: the answer with that fact's wording cut out fails on exactly that fact."""
    text = _text(f"utter_faq/{topic}")
    for pattern in patterns(FACTS[topic]):
        cut = re.sub(pattern, "", text, flags=re.IGNORECASE)
        assert pattern in missing_facts(cut, patterns(FACTS[topic])), (topic, pattern)


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
