"""Issue 12, finding 9: where faq/family_involvement ends and faq/helping_loved_one
begins (docs/training-data.md, "Boundaries between intents").

faq/family_involvement is how families take part IN a program (family therapy,
sessions, groups for relatives); faq/helping_loved_one is what a loved one can do
themselves: help someone into treatment, answer a refusal or denial, bring it up,
support someone during treatment or in recovery. A loved one's refusal or denial is
helping_loved_one even as a bare statement ("my husband wont admit he has a
problem"), not describe_situation: the visitor wants to know what to do about it."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

NLU = Path(__file__).resolve().parents[2] / "data" / "nlu"

# the visitor asks what they can do for someone ("how can i support my husband during iop")
WHAT_I_CAN_DO = re.compile(
    r"\b(?:how (?:do|can|should) (?:i|we)(?: best)? (?:help|support|back up)|what can (?:i|we) do|"
    r"ways to (?:help|support)|back up (?:my|his|her)\b)"
)
# a loved one refusing or denying treatment or the problem
REFUSES_OR_DENIES = re.compile(
    r"\b(?:wont|won't|will not) (?:admit|go|get help|listen)|\brefus\w*|\bin denial\b|\bdenies\b|\bsays no\b"
)


def _examples(intent: str) -> list[str]:
    found: list[str] = []
    for path in sorted(NLU.rglob("*.yml")):
        for block in yaml.safe_load(path.read_text())["nlu"]:
            if block.get("intent") == intent:
                for line in block["examples"].splitlines():
                    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line.strip()[2:])
                    found.append(text)
    return found


def test_family_involvement_does_not_ask_what_the_loved_one_can_do() -> None:
    assert [t for t in _examples("faq/family_involvement") if WHAT_I_CAN_DO.search(t)] == []


def test_helping_loved_one_covers_support_in_recovery_and_refusal() -> None:
    examples = _examples("faq/helping_loved_one")
    assert sum(1 for t in examples if "recovery" in t or "sober" in t) >= 10
    assert sum(1 for t in examples if REFUSES_OR_DENIES.search(t)) >= 15


def test_a_loved_ones_refusal_is_not_describe_situation() -> None:
    relation = r"\b(?:my|our) (?:\w+ )?(?:husband|wife|son|daughter|mom|mother|dad|father|brother|sister|partner|boyfriend|girlfriend|friend|fiance)\b"
    refusals = [t for t in _examples("describe_situation") if re.search(relation, t) and REFUSES_OR_DENIES.search(t)]
    assert refusals == []
