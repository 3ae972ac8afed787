"""Issue 12: a crisis told as over gets its own answer, danger now always gets
the emergency script, look-alikes stay quiet (bot/crisis/timing.py,
rasa_plugins/nlu.py CrisisOverride, the lexicon's <TO_LEARN>, <MEANS> and
<GIVING_UP>). The means-at-hand messages are in tests/data/crisis_positive.txt
and the look-alikes in tests/data/crisis_negative.txt; here each kind is
asserted one by one.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.crisis import detect_crisis, is_past_crisis
from rasa_plugins.nlu import CrisisOverride

DATA = Path(__file__).resolve().parents[1] / "data"
PAST = [
    line.strip()
    for line in (DATA / "crisis_past.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
]
# history in the message, but danger now: always the emergency script
PRESENT_WITH_HISTORY = [
    "i overdosed years ago and want to die",
    "od'd two summers ago and im using again",
    "had an od a few years back and i just took a bunch of pills",
    "tried to kill myself in 2015 and im thinking about it tonight",
    "i was suicidal years ago. now i want to kill myself",
    "i overdosed 3 weeks ago",
    "got the whole bottle of my moms pills in front of me, i tried before years ago",
    "i used to cut and the urges are back",
]
MEANS_AT_HAND = [
    "got the whole bottle of my moms pills in front of me",
    "the rope is in the garage and im done",
    "holding my husbands pistol, nobody would even notice",
    "the gun is loaded and on my lap",
    "my sister has a knife in her hand and says shes done",
    "razor blade in my hand again and no one would notice",
]
LOOKALIKES = [
    "does the program teach overdose prevention",
    "will i learn how to use naloxone in iop",
    "is there an overdose awareness class for families",
    "is opioid overdose prevention education part of the groups?",
    "do you guys do narcan training for parents",
    "this commute is killing me lol, are there evening groups",
    "i could murder a pizza rn but anyway what does iop cost",
    "dying to know if my insurance covers this",
    "cravings hit hard every afternoon, is that normal early on",
    "thank you so much, that really helped",
    "im done with drinking, where do i find a program",
    "its time for my pills lol",
    "will they teach me how to use narcan",
]


@pytest.mark.parametrize("message", PAST)
def test_a_past_crisis_is_seen_by_the_net_and_told_as_over(message: str) -> None:
    assert detect_crisis(message) is not None  # the net is not weakened
    assert is_past_crisis(message)


@pytest.mark.parametrize("message", PRESENT_WITH_HISTORY)
def test_danger_now_is_never_past(message: str) -> None:
    assert detect_crisis(message) is not None
    assert not is_past_crisis(message)


@pytest.mark.parametrize("message", MEANS_AT_HAND)
def test_means_at_hand_trigger_without_a_crisis_word(message: str) -> None:
    assert detect_crisis(message) is not None
    assert not is_past_crisis(message)


@pytest.mark.parametrize("message", LOOKALIKES)
def test_lookalikes_stay_quiet(message: str) -> None:
    assert detect_crisis(message) is None


def test_a_question_about_overdose_itself_still_triggers() -> None:
    # only learning about it is quiet; the policy for questions is unchanged
    assert detect_crisis("what is an overdose") is not None
    assert detect_crisis("how do i use narcan, he wont wake up") is not None


@pytest.mark.parametrize("value", [None, "", "   ", 12, b"i overdosed years ago", "i feel sad", "i overdosed"])
def test_no_text_or_no_past_marker_is_not_past(value: object) -> None:
    assert not is_past_crisis(value)


# --- CrisisOverride -------------------------------------------------------------------------

OVERRIDE = CrisisOverride({"min_crisis_confidence": 0.4})


def _parsed(text: str, ranking: list[tuple[str, float]]) -> Message:
    ranked = [{"name": name, "confidence": score} for name, score in ranking]
    message = Message.build(text=text)
    message.set("intent", dict(ranked[0]))
    message.set("intent_ranking", ranked)
    OVERRIDE.process([message])
    return message


def _intent(message: Message) -> str | None:
    return message.get("intent")["name"]


def test_a_past_crisis_gets_past_crisis_not_the_emergency_script() -> None:
    message = _parsed("had an od two summers ago, doing well now", [("describe_situation", 0.6), ("crisis", 0.3)])
    assert _intent(message) == "past_crisis"
    assert message.get("crisis_detection") is None
    assert message.get("past_crisis_detection") == {"source": "lexicon", "category": "overdose"}


def test_the_classifiers_past_crisis_never_lowers_an_alarm() -> None:
    message = _parsed("i overdosed years ago and i just took a bunch again", [("past_crisis", 0.8), ("crisis", 0.1)])
    assert _intent(message) == "crisis"
    assert message.get("crisis_detection")["source"] == "lexicon"


def test_crisis_and_past_crisis_scores_count_together() -> None:
    text = "i feel so strange and scared"
    assert detect_crisis(text) is None
    message = _parsed(text, [("describe_situation", 0.45), ("crisis", 0.25), ("past_crisis", 0.2)])
    assert _intent(message) == "crisis"
    assert message.get("crisis_detection") == {"source": "classifier", "category": None}


def test_a_classifier_past_crisis_on_past_text_stays_past() -> None:
    text = "a long time ago i went through a really dark time, im ok now"
    assert detect_crisis(text) is None
    message = _parsed(text, [("past_crisis", 0.7), ("describe_situation", 0.2)])
    assert _intent(message) == "past_crisis"
    assert message.get("crisis_detection") is None


def test_a_classifier_past_crisis_on_present_text_is_crisis() -> None:
    text = "it feels like a really dark time"
    assert detect_crisis(text) is None
    message = _parsed(text, [("past_crisis", 0.5), ("describe_situation", 0.3)])
    assert _intent(message) == "crisis"
