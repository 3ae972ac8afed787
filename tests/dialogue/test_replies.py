"""bot/dialogue/replies.py: which answers a faq or describe_situation message gets."""

from __future__ import annotations

from bot.dialogue.replies import ACKNOWLEDGEMENT, DETOX_FIRST, answer_order, reply_topics, states_withdrawal


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


def test_a_request_with_an_faq_question_gets_the_faq_answer_first_then_its_own_flow():
    # "how much is it and can i talk to someone": only the clause the intent
    # classifier calls `faq` counts, not the topic guessed for the request clause
    asked = ["faq/cost_insurance", "faq/privacy"]
    for request in ("request_human", "find_program", "assess_fit"):
        plan = reply_topics(request, "faq/privacy", asked, withdrawal=False, faq_topics=["faq/cost_insurance"])
        assert plan == ["faq/cost_insurance", request]


def test_a_request_without_an_faq_question_gets_its_flow_only():
    assert reply_topics("find_program", "faq/specialised_programs", ["faq/specialised_programs"], False) == [
        "find_program"
    ]
    assert reply_topics("request_human", "faq/privacy", [], withdrawal=False, faq_topics=[]) == ["request_human"]


def test_answers_are_ordered_faq_before_the_request_whichever_was_asked_first():
    assert answer_order(["request_human", "faq/privacy"]) == ["faq/privacy", "request_human"]
    assert answer_order(["faq/duration", "find_program"]) == ["faq/duration", "find_program"]
    assert answer_order(["faq/schedule", "faq/duration"]) == ["faq/schedule", "faq/duration"]
    assert answer_order(["crisis"]) == ["crisis"]


def test_an_unsure_message_with_two_faq_questions_gets_both_answers():
    faq = ["faq/choosing_program", "faq/specialised_programs"]
    assert reply_topics("nlu_fallback", None, faq, withdrawal=False, faq_topics=faq) == faq
    # withdrawal signs first, as for any FAQ answer
    assert reply_topics("nlu_fallback", None, faq, withdrawal=True, faq_topics=faq) == [DETOX_FIRST]


def test_an_unsure_message_with_fewer_than_two_faq_questions_gets_the_fallback():
    # one FAQ question, or clauses the intent classifier did not call faq (the
    # FAQ selector gives every clause a topic): the fallback prompt
    assert reply_topics("nlu_fallback", None, ["faq/duration"], withdrawal=False, faq_topics=["faq/duration"]) == []
    assert reply_topics("nlu_fallback", None, ["faq/duration", "faq/privacy"], withdrawal=False) == []
    same = ["faq/duration", "faq/duration"]
    assert reply_topics("nlu_fallback", None, same, withdrawal=False, faq_topics=same) == []


def test_an_unsure_message_read_as_faq_overall_uses_its_question_topics():
    # the clauses' own intents were not faq, but the whole message was faq more
    # than anything else: its two confident topics are answered
    asked = ["faq/choosing_program", "faq/specialised_programs"]
    assert reply_topics("nlu_fallback", None, asked, withdrawal=False, unsure_best="faq") == asked
    # read as a request or anything else overall: the fallback prompt
    assert reply_topics("nlu_fallback", None, asked, withdrawal=False, unsure_best="assess_fit") == []


def test_the_best_other_intent_of_an_unsure_parse():
    from bot.dialogue.replies import best_other_intent

    ranking = [{"name": "nlu_fallback", "confidence": 0.3}, {"name": "faq", "confidence": 0.29}]
    assert best_other_intent({"intent_ranking": ranking}) == "faq"
    assert best_other_intent({"intent_ranking": ranking[:1]}) is None
    assert best_other_intent({}) is None
