"""Issue 12: withdrawal signs described in the visitor's own words (no word
"withdrawal") set withdrawal_risk, which leads to the detox-first answer
(bot/dialogue/replies.py). This helper's own phrasings, not held-out wording."""

from __future__ import annotations

import pytest

from bot.language.intake_facts import extract_facts

DESCRIBED = [
    "my hands shake every morning until i have a drink",
    "he trembles till he gets a beer in him",
    "when i quit drinking for two days i started seeing things",
    "stopped the pills last week and was hearing voices",
    "stopping makes me so sick i just start using again",
    "coming off the percs makes me throw up",
    "i cant stop drinking because my body freaks out, sweating and shaking",
    "i start shaking by lunchtime if i havent had a beer",
    "she gets really sweaty if she hasnt had her pills",
    "i get super sweaty and sick when i dont drink for a day, is iop gonna be enough",
]

NOT_WITHDRAWAL = [
    "i quit my job and i hear things are better in iop",
    "i get nervous until i have a plan",
    "i cant stop drinking because im lonely",
    "stopping makes me proud",
    "i'm sick of waiting, how long is the wait list",
]


@pytest.mark.parametrize("text", DESCRIBED)
def test_described_withdrawal_is_read(text: str) -> None:
    assert extract_facts(text).withdrawal_risk is True


@pytest.mark.parametrize("text", NOT_WITHDRAWAL)
def test_other_wording_is_not_withdrawal(text: str) -> None:
    assert extract_facts(text).withdrawal_risk is not True
