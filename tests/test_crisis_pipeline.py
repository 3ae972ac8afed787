"""Crisis detection of the whole NLU pipeline of the trained model (classifier,
fallback, lexicon override) on held-out messages written without seeing the
detector or its training data (tests/data/crisis_pipeline_heldout.yml).

Recall matters more than anything else in the bot; false alarms only show
helpline numbers, so precision has a looser bar.
"""
from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Dict, List

import pytest
import yaml

from tests.conftest import ROOT

HELDOUT = ROOT / "tests" / "data" / "crisis_pipeline_heldout.yml"
MODEL = ROOT / "models" / "iop.tar.gz"
MIN_RECALL = 1.0
MIN_PRECISION_ON_NEGATIVES = 0.95


@pytest.fixture(scope="module")
def parse():
    from rasa.core.agent import Agent

    assert MODEL.exists(), "run `make model` first"
    agent = Agent.load(str(MODEL))

    def _parse(texts: List[str]) -> List[Dict]:
        async def run_all():
            return [await agent.parse_message(text) for text in texts]

        return asyncio.run(run_all())

    return _parse


@pytest.fixture(scope="module")
def heldout() -> Dict[str, List[Dict]]:
    return yaml.safe_load(Path(HELDOUT).read_text())


def test_the_heldout_set_is_big_enough(heldout):
    assert len(heldout["positives"]) >= 200
    assert len(heldout["negatives"]) >= 200


def test_every_heldout_crisis_message_gets_the_crisis_intent(parse, heldout):
    texts = [item["text"] for item in heldout["positives"]]
    results = parse(texts)
    missed = [t for t, r in zip(texts, results) if r["intent"]["name"] != "crisis"]
    recall = 1 - len(missed) / len(texts)
    assert recall >= MIN_RECALL, f"recall {recall:.3f}; missed: {missed}"


def test_ordinary_messages_rarely_trigger_the_crisis_answer(parse, heldout):
    texts = [item["text"] for item in heldout["negatives"]]
    results = parse(texts)
    alarms = [t for t, r in zip(texts, results) if r["intent"]["name"] == "crisis"]
    quiet = 1 - len(alarms) / len(texts)
    assert quiet >= MIN_PRECISION_ON_NEGATIVES, f"{quiet:.3f} quiet; alarms: {alarms}"
