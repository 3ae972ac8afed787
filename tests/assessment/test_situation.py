"""The acknowledgement of a situation a visitor describes."""

import re

import pytest

from bot.assessment.situation import acknowledgement
from bot.dialogue.prompts import ASSESS_FIT, TALK_TO_PERSON


def _sentences(text):
    return len(re.findall(r"[.!?](?=\s|$)", text))


@pytest.mark.parametrize(
    "slots, expected, first",
    [
        ({"withdrawal_risk": True, "step_down": True}, "medical detox", TALK_TO_PERSON),
        ({"step_down": True}, "next step", ASSESS_FIT),
        ({"relapse": True}, "doesn't erase", ASSESS_FIT),
        ({"co_occurring": ["anxiety"]}, "dual-diagnosis", ASSESS_FIT),
        ({"responsibilities": ["work"]}, "can't step away", ASSESS_FIT),
        ({"for_whom": "loved_one", "loved_one_relation": "son"}, "your son", ASSESS_FIT),
        ({}, "takes courage", ASSESS_FIT),
    ],
)
def test_the_most_important_fact_is_answered_first(slots, expected, first):
    prompt = acknowledgement(slots)
    assert expected in prompt.text
    assert prompt.buttons[0] == first
    assert 2 <= _sentences(prompt.text) <= 4


def test_loved_one_wording_never_says_you_stop():
    prompt = acknowledgement({"withdrawal_risk": True, "for_whom": "loved_one", "loved_one_relation": "wife"})
    assert "your wife shouldn't stop suddenly" in prompt.text
    assert "don't stop suddenly on your own" not in prompt.text
