"""bot/dialogue/replies.py: which answers a faq or describe_situation message gets."""

from __future__ import annotations

from bot.dialogue.replies import ACKNOWLEDGEMENT, DETOX_FIRST, reply_topics, states_withdrawal


def test_one_faq_question_gets_its_topic():
    assert reply_topics("faq", "faq/duration", [], withdrawal=False) == ["faq/duration"]


def test_two_questions_get_both_topics_in_the_order_asked():
    asked = ["faq/duration", "faq/cost_insurance"]
    assert reply_topics("faq", "faq/cost_insurance", asked, withdrawal=False) == asked
    assert reply_topics("describe_situation", "faq/schedule", asked, withdrawal=False) == asked


def test_one_question_clause_is_named_by_the_whole_message():
    assert reply_topics("faq", "faq/cost_insurance", ["faq/schedule"], withdrawal=False) == ["faq/cost_insurance"]
    assert reply_topics("describe_situation", "faq/privacy", ["faq/schedule"], withdrawal=False) == ["faq/privacy"]
    assert reply_topics("describe_situation", None, ["faq/schedule"], withdrawal=False) == ["faq/schedule"]


def test_a_situation_without_a_question_gets_the_acknowledgement():
    assert reply_topics("describe_situation", "faq/what_is_iop", [], withdrawal=False) == [ACKNOWLEDGEMENT]


def test_withdrawal_signs_come_first_whatever_is_asked():
    for intent in ("faq", "describe_situation"):
        assert reply_topics(intent, "faq/program_rules", ["faq/duration", "faq/schedule"], withdrawal=True) == [
            DETOX_FIRST
        ]


def test_other_intents_are_left_to_their_own_rules():
    assert reply_topics("greet", "faq/duration", ["faq/duration", "faq/schedule"], withdrawal=True) == []
    assert reply_topics(None, None, [], withdrawal=False) == []


def test_withdrawal_is_read_from_the_withdrawal_risk_entity_only_when_true():
    assert states_withdrawal([{"entity": "withdrawal_risk", "value": "true"}])
    assert states_withdrawal([{"entity": "withdrawal_risk", "value": True}])
    assert not states_withdrawal([{"entity": "withdrawal_risk", "value": "false"}])
    assert not states_withdrawal([{"entity": "substance", "value": "alcohol"}])
    assert not states_withdrawal([])
