"""The questions inside one visitor message, and the reply that answers several.

Rules:
- A message is cut into clauses by bot.language.clauses (sentence punctuation,
  commas, contrast words; an abbreviation spelled with dots, "i.o.p", is one
  word first), and a clause is cut again where "and", "or", "also"
  or "so" is followed by a question opener ("how long is it and does insurance
  pay"): visitors join two questions with a plain "and" more often than with a comma.
- A clause is a question when it ended with "?" or starts with a question
  opener ("whats", "how", "will", "are there"...), after a leading connector
  ("and would my plan pay"). The other clauses describe the situation.
- Several topics are answered in the order they were asked, each one cut to its
  first `BRIEF_SENTENCES` sentences, and the reply ends with one way forward:
  the first offer among the answers (bot/dialogue/offers.py), else every next step.
- Before a request's flow (bot/dialogue/replies.py) the FAQ topics get the
  same brief answers, without a way forward: the flow asks the next question.

Imports bot.language.clauses and bot.dialogue (prompts, offers) only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from bot.dialogue.offers import ANY_NEXT_STEP, RESPONSE_OFFERS
from bot.dialogue.prompts import NEXT_STEPS, Offer, Prompt
from bot.language.clauses import clause_spans
from bot.language.text import normalize_for_matching

__all__ = [
    "BRIEF_SENTENCES",
    "Clause",
    "asked_topics",
    "brief",
    "brief_answers",
    "combined_answer",
    "response_texts",
    "split_clauses",
]

BRIEF_SENTENCES = 2

_OPENERS = frozenset(
    (
        *("what", "whats", "how", "hows", "is", "isnt", "are", "arent", "do", "does", "dont"),
        *("doesnt", "did", "will", "would", "wont", "can", "cant", "could", "should", "who"),
        *("whos", "when", "where", "which", "why", "any", "anything", "am"),
        # the shorthands and misspellings visitors type
        *("hw", "wat", "wats", "wht", "wud", "cud", "shud", "wil"),
    )
)
_CONNECTORS = frozenset({"and", "or", "also", "so", "plus", "then"})
# "and"/"or"/"also"/"so" just before a question opener starts a new question
_JOINED = re.compile(r"\s(?:and|or|also|so)\s+(?=(?:" + "|".join(sorted(_OPENERS)) + r")\b)")
_WORDS = re.compile(r"[a-z0-9]+")
# an abbreviation spelled with dots ("i.o.p", "a.a."), read as one word: its
# dots do not end sentences
_DOTTED = re.compile(r"\b[a-z](?:\.[a-z])+\b\.?")
# The domain's answers are plain prose without abbreviations, so a full stop,
# "!" or "?" before a space ends a sentence.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")

# The closing sentence of each way forward a combined answer can end with.
_CLOSINGS: Mapping[str, str] = {
    "fit_check": "I can run a short check of whether IOP fits.",
    "advisor": "An advisor can talk all of this through with you.",
    "program_search": "I can look for programs near you.",
    "programs_or_advisor": "I can look for programs near you, or connect you with an advisor.",
    "any_next_step": "I can check whether IOP fits, find programs nearby, or connect you with a person.",
}


class Clause(NamedTuple):
    text: str
    is_question: bool


def _is_question(text: str, asked: bool) -> bool:
    words = _WORDS.findall(text.replace("'", ""))
    while words and words[0] in _CONNECTORS:
        words = words[1:]
    return bool(words) and (asked or words[0] in _OPENERS)


def split_clauses(text: str) -> list[Clause]:
    """The clauses of a message in order, each marked question or not."""
    normal = _DOTTED.sub(lambda m: m.group(0).replace(".", ""), normalize_for_matching(text))
    clauses = []
    for span in clause_spans(normal):
        parts = _JOINED.split(normal[span.start : span.end])
        for index, part in enumerate(parts):
            part = part.strip()
            if part:
                # only the last part reached the "?" that ended the clause
                clauses.append(Clause(part, _is_question(part, span.asked and index == len(parts) - 1)))
    return clauses


def asked_topics(predictions: Sequence[tuple[str, float]], min_confidence: float) -> list[str]:
    """The distinct topics of the question clauses, in order, that were predicted
    with at least `min_confidence` (one (topic, confidence) per question clause)."""
    topics: list[str] = []
    for topic, confidence in predictions:
        if confidence >= min_confidence and topic not in topics:
            topics.append(topic)
    return topics


def brief(answer: str, sentences: int = BRIEF_SENTENCES) -> str:
    """The first `sentences` sentences of an answer, without a closing question
    (the combined reply ends with its own way forward)."""
    parts = [part for part in _SENTENCE_END.split(answer.strip()) if part]
    kept = parts[:sentences]
    while len(kept) > 1 and kept[-1].endswith("?"):
        kept.pop()
    return " ".join(kept)


def _offer(topics: Sequence[str]) -> Offer:
    for topic in topics:
        offer = RESPONSE_OFFERS.get(f"utter_{topic}")
        if offer is not None:
            return offer
    return ANY_NEXT_STEP


def combined_answer(topics: Sequence[str], answers: Mapping[str, str], opening: str = "") -> Prompt:
    """One reply to the `topics` asked ("faq/duration"...), from their full
    `answers` by topic: an optional short `opening` clause, each answer briefly in
    order, then one way forward with its buttons."""
    offer = _offer(topics)
    parts = [opening] if opening else []
    parts += [brief(answers[topic]) for topic in topics if answers.get(topic)]
    parts.append(_CLOSINGS.get(offer.name, _CLOSINGS["any_next_step"]))
    buttons = offer.options + tuple(b for b in NEXT_STEPS if b not in offer.options)
    return Prompt(" ".join(parts), buttons, offer)


def brief_answers(topics: Sequence[str], answers: Mapping[str, str]) -> str:
    """The brief answers of `topics` in order, without a way forward: what is
    said before a request's own flow asks its next question ("" when none of
    the topics has an answer)."""
    return " ".join(brief(answers[topic]) for topic in topics if answers.get(topic))


def response_texts(responses: Mapping[str, Any], topics: Sequence[str]) -> dict[str, str]:
    """The first text of each topic's response `utter_<topic>` in a domain's responses."""
    texts = {}
    for topic in topics:
        variants = responses.get(f"utter_{topic}") or []
        text = variants[0].get("text") if variants and isinstance(variants[0], Mapping) else None
        if isinstance(text, str):
            texts[topic] = text
    return texts
