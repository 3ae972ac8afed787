"""Crisis detection of the whole NLU pipeline of the trained model (classifier,
fallback, lexicon override) on messages written without seeing the detector or
its training data.

* tests/data/crisis_pipeline_heldout.yml (rounds 1-4) was held out when it was
  written; its misses have since been studied to add categories to the lexicon
  and the training data, so it is now a regression set: every positive must
  get the crisis answer, and so must its `by_policy` group (mentions of crisis
  topics in the past or as questions, answered by the policy in bot/crisis/detector.py),
  except the items marked `expect: past_crisis` (told as over, bot/crisis/timing.py)
  or `expect: quiet` (learning about overdose prevention).
* tests/data/crisis_heldout5.yml (round 5) was written blind after that work
  and measured once, before anything was changed because of it; its bars are
  that first measurement, so they guard against regressions on unseen wording.

Recall matters more than anything else in the bot; false alarms only show
helpline numbers, so precision has a looser bar.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT

HELDOUT = ROOT / "tests" / "data" / "crisis_pipeline_heldout.yml"
ROUND5 = ROOT / "tests" / "data" / "crisis_heldout5.yml"
MODEL = ROOT / "models" / "iop.tar.gz"
MIN_RECALL = 1.0
MIN_PRECISION_ON_NEGATIVES = 0.95
# round 5: the first measurement (see the module docstring), rounded down
ROUND5_MIN_RECALL = 0.98  # first measurement: 247 of 250 (0.988)
ROUND5_MIN_QUIET = 0.80  # first measurement: 201 of 250 quiet (0.804); 27 of the 49 alarms are
# past events or questions that name a crisis topic, which the policy answers


@pytest.fixture(scope="module")
def parse():
    from rasa.core.agent import Agent

    assert MODEL.exists(), "run `make model` first"
    agent = Agent.load(str(MODEL))

    def _parse(texts: list[str]) -> list[dict]:
        async def run_all():
            return [await agent.parse_message(text) for text in texts]

        return asyncio.run(run_all())

    return _parse


@pytest.fixture(scope="module")
def heldout() -> dict[str, list[dict]]:
    return yaml.safe_load(Path(HELDOUT).read_text())


@pytest.fixture(scope="module")
def round5() -> dict[str, list[dict]]:
    return yaml.safe_load(Path(ROUND5).read_text())


def _crisis_rate(parse, items: list[dict]) -> tuple[float, list[str]]:
    texts = [item["text"] for item in items]
    results = parse(texts)
    hits = [t for t, r in zip(texts, results, strict=True) if r["intent"]["name"] == "crisis"]
    return len(hits) / len(texts), hits


def test_the_heldout_set_is_big_enough(heldout):
    assert len(heldout["positives"]) >= 200
    assert len(heldout["negatives"]) >= 200


def test_every_heldout_crisis_message_gets_the_crisis_intent(parse, heldout):
    texts = [item["text"] for item in heldout["positives"]]
    results = parse(texts)
    missed = [t for t, r in zip(texts, results, strict=True) if r["intent"]["name"] != "crisis"]
    recall = 1 - len(missed) / len(texts)
    assert recall >= MIN_RECALL, f"recall {recall:.3f}; missed: {missed}"


def test_ordinary_messages_rarely_trigger_the_crisis_answer(parse, heldout):
    texts = [item["text"] for item in heldout["negatives"]]
    results = parse(texts)
    alarms = [t for t, r in zip(texts, results, strict=True) if r["intent"]["name"] == "crisis"]
    quiet = 1 - len(alarms) / len(texts)
    assert quiet >= MIN_PRECISION_ON_NEGATIVES, f"{quiet:.3f} quiet; alarms: {alarms}"


def _outcome(result: dict) -> str:
    name = result["intent"]["name"]
    return name if name in ("crisis", "past_crisis") else "quiet"


def test_mentions_of_crisis_topics_get_the_answer_of_the_policy(parse, heldout):
    # crisis unless the item expects past_crisis or quiet (issue 12)
    items = heldout["by_policy"]
    results = parse([item["text"] for item in items])
    wrong = [
        (item["text"], item.get("expect", "crisis"), _outcome(result))
        for item, result in zip(items, results, strict=True)
        if _outcome(result) != item.get("expect", "crisis")
    ]
    assert not wrong, wrong


def test_round5_unseen_crisis_messages_recall(parse, round5):
    assert len(round5["positives"]) >= 250 and len(round5["negatives"]) >= 250
    recall, hits = _crisis_rate(parse, round5["positives"])
    missed = [item["text"] for item in round5["positives"] if item["text"] not in hits]
    assert recall >= ROUND5_MIN_RECALL, f"recall {recall:.3f}; missed: {missed}"


def test_round5_unseen_ordinary_messages_stay_quiet(parse, round5):
    alarm_rate, alarms = _crisis_rate(parse, round5["negatives"])
    assert 1 - alarm_rate >= ROUND5_MIN_QUIET, f"{1 - alarm_rate:.3f} quiet; alarms: {alarms}"


def test_finding_8_lookalikes_stay_quiet_through_the_whole_pipeline(parse):
    # issue 12, finding 8: the classifier must not bring back what the lexicon keeps quiet
    # (held-off cravings were the classifier's own false alarms)
    from tests.crisis.test_crisis_issue12 import IDIOMS, LEARNING_ABOUT_OVERDOSE, RESISTED_CRAVINGS

    texts = IDIOMS + RESISTED_CRAVINGS + LEARNING_ABOUT_OVERDOSE
    alarms = [t for t, r in zip(texts, parse(texts), strict=True) if _outcome(r) != "quiet"]
    assert alarms == []


def test_means_placed_within_reach_get_the_crisis_answer_through_the_whole_pipeline(parse):
    from tests.crisis.test_crisis_issue12 import MEANS_PLACED_WITHIN_REACH

    results = parse(MEANS_PLACED_WITHIN_REACH)
    missed = [t for t, r in zip(MEANS_PLACED_WITHIN_REACH, results, strict=True) if _outcome(r) != "crisis"]
    assert missed == []
