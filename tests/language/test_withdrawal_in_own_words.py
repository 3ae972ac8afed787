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
    # signs named loosely (flu, feeling awful), skipping or missing a dose, tapering, "can't sleep"
    "when i skip a dose of my oxy i get so sick i cant function, does iop cover that",
    "if i miss my pills even one day i feel like garbage and sweat through my sheets",
    "getting off xanax makes me feel terrible, can outpatient handle that",
    "i get flu like symptoms whenever i stop the pills, is iop enough or detox first",
    "its like a bad flu every time i quit, would an iop be enough",
    "when my husband skips a day of drinking he gets sweaty and cant sleep, is iop enough for him",
    "my son gets flu like when he runs out of pills, does he need detox",
    "coming off the fentanyl feels like the worst flu ever, is outpatient ok",
    "if i go a day without my pain pills i get the chills and cramps",
    "cutting back on wine makes me jittery and i cant sleep for days, is iop safe",
    "i feel awful when i stop taking my benzos",
    "she gets sick as a dog when she goes without her pills",
    "skipping even one dose makes me sick and achy",
    "i feel like death if i dont use in the morning",
    "i cant sleep and get shaky and irritable when i cut down on beer",
    "tapering off my klonopin makes me shaky and panicky, can i do iop",
    "she throws up if she misses her nerve pills",
    "we both get sick as dogs if we skip our dope",
    "if he goes a whole day without beer he sweats like crazy",
    "wen i dont use my body aches all over",
    "my heart pounds when i come off the adderall",
]

NOT_WITHDRAWAL = [
    "i quit my job and i hear things are better in iop",
    "i get nervous until i have a plan",
    "i cant stop drinking because im lonely",
    "stopping makes me proud",
    "i'm sick of waiting, how long is the wait list",
    "i feel sick about my sons drinking",
    "i feel awful about what i did when i was drinking",
    "i cant sleep because im worried about my daughter",
    "i get anxious when i think about going to group",
    "will i get sick if i stop drinking",
    "i skip meals a lot when im drinking",
    "i had the flu last week and missed work",
    "when i get off work i feel awful and want a drink",
]


@pytest.mark.parametrize("text", DESCRIBED)
def test_described_withdrawal_is_read(text: str) -> None:
    assert extract_facts(text).withdrawal_risk is True


@pytest.mark.parametrize("text", NOT_WITHDRAWAL)
def test_other_wording_is_not_withdrawal(text: str) -> None:
    assert extract_facts(text).withdrawal_risk is not True
