"""Issue 12's crisis failure kinds, in this helper's own words (not held-out
wording): indirect danger and the means at hand without a crisis word must
get the crisis answer; idioms, thanks and questions about overdose prevention
must not."""

from __future__ import annotations

import pytest

from bot.crisis import detect_crisis, is_past_crisis

INDIRECT_OR_MEANS_AT_HAND = [
    "i'm holding a razor right now",
    "im gripping a knife and cant put it down",
    "the gun is in my hand",
    "i'm not safe tonight",
    "im not safe right now",
    "i dont feel safe with myself",
    "i am in danger right now",
    "i dont think i'll be here tomorrow",
    "i wont be alive by morning",
    "dont think ill make it through the night",
]

QUIET_LOOKALIKES = [
    "thanks so much",
    "thank you, you saved my life honestly",
    "does the program teach overdose prevention and narcan",
    "i'm dying to know the cost",
    "this commute is killing me, are there evening groups",
    "i could just die of embarrassment asking this",
    "id just die if my boss found out",
    "i'd die of shame if my family knew, is it private",
    "my drinking is killing my marriage",
    "we learned about naloxone in my last program, will iop teach it",
    "i'm not safe to drive after groups, is there transport",
    "i dont feel safe in my neighborhood, are there programs elsewhere",
    "im in danger of losing my job, can i do iop at night",
    "i'll be here tomorrow if you want to talk more",
]


@pytest.mark.parametrize("message", INDIRECT_OR_MEANS_AT_HAND)
def test_indirect_danger_and_means_at_hand_get_the_crisis_answer(message: str) -> None:
    assert detect_crisis(message) is not None
    assert not is_past_crisis(message)


@pytest.mark.parametrize("message", QUIET_LOOKALIKES)
def test_lookalikes_stay_quiet(message: str) -> None:
    assert detect_crisis(message) is None


def test_a_past_overdose_with_recovery_since_is_a_past_crisis() -> None:
    message = "had an od two summers ago, doing really well now"
    assert detect_crisis(message) is not None
    assert is_past_crisis(message)
