"""The facts each FAQ answer must state, kept as data next to the topic.

An FAQ topic's block in `data/nlu/faq/<topic>.yml` lists, under `metadata:
facts:`, regular expressions (case-insensitive) that every variation of its
answer `utter_faq/<topic>` in domain.yml must match, blanks and line breaks
counting as one space. The list lives with the topic's data so that adding a
topic touches data files only; tests/actions/test_domain_responses.py and
`python -m bot check-data` both read it from there. Why not the response's
own `metadata:` in domain.yml: Rasa copies response metadata into every bot
event in the tracker store and hands it to the output channels, while intent
metadata in the training data never leaves training.

check-data findings (each at the file and line to edit):
* `no facts`: an FAQ topic whose block has no `metadata: facts:` list, or an
  empty one;
* `bad fact`: an entry that is not text, is empty, or is not a valid
  regular expression;
* `missing fact`: a variation of the topic's answer that does not match a
  fact (reported at the response in domain.yml).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bot.review.finding import Finding
from bot.review.training_data import FAQ, Block, Facts, round_trip_yaml


def answer_text(text: str) -> str:
    """The answer as a visitor reads it: every run of blanks one space."""
    return " ".join(text.split())


def missing_facts(text: str, patterns: Sequence[str]) -> list[str]:
    """The patterns that the answer text does not match."""
    flat = answer_text(text)
    return [pattern for pattern in patterns if not re.search(pattern, flat, re.IGNORECASE)]


def topic_facts(blocks: Sequence[Block]) -> dict[str, Facts]:
    """Topic ("duration") -> its facts, from the first block of each FAQ topic that declares them."""
    found: dict[str, Facts] = {}
    for block in blocks:
        if block.intent.startswith(FAQ + "/") and block.facts is not None:
            found.setdefault(block.intent.split("/", 1)[1], block.facts)
    return found


def patterns(facts: Facts) -> list[str]:
    return [fact.pattern for fact in facts.items]


def _problem(pattern: str, is_text: bool) -> str:
    if not is_text:
        return f"{pattern} is not text: write the regular expression as a string"
    if not pattern.strip():
        return "an empty fact matches every answer"
    try:
        re.compile(pattern)
    except re.error as exc:
        return f"{pattern!r} is not a valid regular expression ({exc})"
    return ""


def load_responses(domain_path: Path) -> Any:
    """domain.yml's `responses:` mapping, read with line numbers."""
    document = round_trip_yaml().load(domain_path.read_text()) or {}
    return document.get("responses") or {}


def fact_findings(blocks: Sequence[Block], domain_path: Path) -> list[Finding]:
    responses = load_responses(domain_path)
    found: list[Finding] = []
    seen: set[str] = set()
    facts_of = topic_facts(blocks)
    for block in blocks:
        if not block.intent.startswith(FAQ + "/") or block.intent in seen:
            continue
        seen.add(block.intent)
        topic = block.intent.split("/", 1)[1]
        facts = facts_of.get(topic)
        if facts is None or not facts.items:
            where = "is not a list" if facts is not None and not facts.is_list else "is missing or empty"
            found.append(
                Finding(
                    facts.path if facts is not None else block.path,
                    facts.line if facts is not None else block.line,
                    "no facts",
                    f"{block.intent}: its `metadata: facts:` list {where}; list what its answer "
                    f"utter_{block.intent} must say (docs/training-data.md)",
                )
            )
            continue
        usable = []
        for fact in facts.items:
            problem = _problem(fact.pattern, fact.is_text)
            if problem:
                found.append(Finding(facts.path, fact.line, "bad fact", f"{block.intent}: {problem}"))
            else:
                usable.append(fact)
        name = f"utter_{block.intent}"
        if name not in responses:
            continue  # `no response` (checks.missing_responses) says so
        for index, variation in enumerate(responses[name] or []):
            text = variation.get("text") if hasattr(variation, "get") else None
            line = responses[name].lc.item(index)[0] + 1
            lines = {fact.pattern: fact.line for fact in usable}
            for pattern in missing_facts(str(text or ""), list(lines)):
                found.append(
                    Finding(
                        domain_path,
                        line,
                        "missing fact",
                        f"{name} does not say {pattern!r}, a fact of {block.intent} "
                        f"({facts.path.name}:{lines[pattern]})",
                    )
                )
    return found
