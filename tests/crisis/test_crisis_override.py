"""CrisisOverride (rasa_plugins/nlu.py): crisis wins over every other prediction."""

from __future__ import annotations

from rasa.shared.nlu.training_data.message import Message

from bot.crisis import detect_crisis
from rasa_plugins.nlu import CrisisOverride

OVERRIDE = CrisisOverride({"min_crisis_confidence": 0.4})


def _message(text: str, ranking: list[tuple[str, float]], fallback: bool = False) -> Message:
    ranked = [{"name": name, "confidence": score} for name, score in ranking]
    if fallback:  # what FallbackClassifier does with a low confidence
        ranked.insert(0, {"name": "nlu_fallback", "confidence": 0.3})
    message = Message.build(text=text)
    message.set("intent", dict(ranked[0]))
    message.set("intent_ranking", ranked)
    return message


def _intent_after(message: Message) -> str | None:
    OVERRIDE.process([message])
    return message.get("intent")["name"]


def test_a_lexicon_match_wins_over_any_prediction():
    message = _message("i want to kill myself", [("faq", 0.97), ("crisis", 0.01)])
    assert _intent_after(message) == "crisis"
    assert message.get("intent")["confidence"] == 1.0
    assert message.get("crisis_detection") == {"source": "lexicon", "category": "suicide"}


def test_a_crisis_top_intent_survives_the_fallback():
    text = "i feel really weird and scared"
    assert detect_crisis(text) is None  # the classifier alone decides here
    message = _message(text, [("crisis", 0.28), ("describe_situation", 0.25)], fallback=True)
    assert _intent_after(message) == "crisis"
    assert message.get("crisis_detection")["source"] == "classifier"


def test_a_crisis_score_above_the_threshold_wins_even_when_not_top():
    text = "my dad is acting really strange"
    assert detect_crisis(text) is None
    message = _message(text, [("describe_situation", 0.48), ("crisis", 0.41)])
    assert _intent_after(message) == "crisis"


def test_a_low_crisis_score_changes_nothing():
    message = _message("how long does iop last", [("faq", 0.90), ("crisis", 0.05)])
    assert _intent_after(message) == "faq"
    assert message.get("crisis_detection") is None


def test_button_payloads_are_left_alone():
    message = _message('/inform{"choice": "yes"}', [("inform", 1.0)])
    assert _intent_after(message) == "inform"
