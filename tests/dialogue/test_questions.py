"""Two questions in one message, and a situation with a question (issue 12):
clause splitting (bot/dialogue/questions.py), answer assembly, the FAQ action
(actions/faq.py) and the situation reply (bot/assessment/situation.py)."""

import asyncio

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.faq import ActionAnswerFaq
from bot.assessment.situation import acknowledgement, with_question
from bot.dialogue.offers import ADVISOR, ANY_NEXT_STEP
from bot.dialogue.prompts import TALK_TO_PERSON
from bot.dialogue.questions import asked_topics, brief, brief_answers, combined_answer, split_clauses

ANSWERS = {
    "faq/duration": "It depends on the program. Most people stay 3 to 9 months. Some stay a year.",
    "faq/cost_insurance": "Costs vary a lot. Many accept insurance. An advisor can check your coverage.",
    "faq/schedule": "Most meet 3 to 5 days a week. Hours shrink as you progress. Want to look?",
}


@pytest.mark.parametrize(
    "text, questions",
    [
        ("hw long does it usualy last, and wud my plan pay", ["hw long does it usualy last", "wud my plan pay"]),
        ("how long is it and does my insurence cover it", ["how long is it", "does my insurence cover it"]),
        ("is it private? do i need to do the 12 steps", ["is it private", "do i need to do the 12 steps"]),
    ],
)
def test_two_questions_are_two_question_clauses(text, questions):
    clauses = split_clauses(text)
    assert [c.text for c in clauses if c.is_question] == questions


def test_a_situation_clause_is_not_a_question():
    clauses = split_clauses("my husband is on my plan from work, would it pay for his program")
    assert [c.is_question for c in clauses] == [False, True]
    assert split_clauses("i do night shifts so days are rough, are there evening groups")[-1].is_question


def test_one_question_stays_one_clause():
    assert split_clauses("how long does iop last?") == [("how long does iop last", True)]
    assert [c.is_question for c in split_clauses("my son and i are tired of this")] == [False]


def test_asked_topics_keep_order_drop_repeats_and_unsure_ones():
    predictions = [("faq/duration", 0.8), ("faq/privacy", 0.3), ("faq/cost_insurance", 0.6), ("faq/duration", 0.9)]
    assert asked_topics(predictions, 0.5) == ["faq/duration", "faq/cost_insurance"]


def test_brief_keeps_two_sentences_and_drops_a_closing_question():
    assert brief(ANSWERS["faq/duration"]) == "It depends on the program. Most people stay 3 to 9 months."
    assert brief(ANSWERS["faq/schedule"], 3) == "Most meet 3 to 5 days a week. Hours shrink as you progress."


def test_two_topics_answered_in_order_with_one_way_forward():
    prompt = combined_answer(["faq/duration", "faq/cost_insurance"], ANSWERS)
    assert prompt.text.index("3 to 9 months") < prompt.text.index("Costs vary")
    assert prompt.offer == ADVISOR  # the cost answer offers an advisor
    assert prompt.buttons[0] == TALK_TO_PERSON
    assert prompt.text.endswith("An advisor can talk all of this through with you.")
    assert "Some stay a year" not in prompt.text


def test_topics_without_an_offer_end_with_every_next_step():
    prompt = combined_answer(["faq/schedule", "faq/duration"], ANSWERS)
    assert prompt.offer == ANY_NEXT_STEP
    assert "Want to look?" not in prompt.text


def test_a_situation_with_a_question_gets_the_answer_and_one_short_clause():
    slots = {"for_whom": "loved_one", "loved_one_relation": "wife"}
    prompt = with_question(slots, ["faq/cost_insurance"], ANSWERS)
    assert prompt.text.startswith("It's good that you're looking into this for your wife.")
    assert "Many accept insurance" in prompt.text
    assert "takes courage" not in prompt.text


def test_withdrawal_comes_before_the_question():
    prompt = with_question({"withdrawal_risk": True}, ["faq/cost_insurance"], ANSWERS)
    assert "medical detox" in prompt.text


def test_a_situation_without_facts_still_gets_facts_and_a_next_step():
    text = acknowledgement({}).text
    assert "3 to 9 months" in text and "go home afterwards" in text


def _run(parse, slots=None):
    domain = {"responses": {f"utter_{k}": [{"text": v}] for k, v in ANSWERS.items()}}
    tracker = Tracker("t", slots or {}, parse, [], False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionAnswerFaq().run(dispatcher, tracker, domain))
    return dispatcher.messages


def _parse(topic, questions=None, intent="faq"):
    parse = {"intent": {"name": intent}, "response_selector": {"faq": {"response": {"intent_response_key": topic}}}}
    if questions is not None:
        parse["questions"] = questions
    return parse


def test_one_question_gets_exactly_the_domain_response():
    messages = _run(_parse("faq/duration"))
    assert [m["response"] for m in messages] == ["utter_faq/duration"]


def test_two_questions_get_one_combined_reply():
    messages = _run(_parse("faq/duration", {"topics": ["faq/duration", "faq/cost_insurance"], "situation": False}))
    assert len(messages) == 1
    assert "3 to 9 months" in messages[0]["text"] and "Many accept insurance" in messages[0]["text"]
    assert messages[0]["offer"]["name"] == "advisor"


def test_withdrawal_signs_in_a_faq_message_get_the_detox_first_answer():
    # "i get shaky when i stop, do i have to go every day": one clause, no situation flag
    parse = _parse("faq/program_rules")
    parse["entities"] = [{"entity": "withdrawal_risk", "value": "true"}]
    messages = _run(parse, {"withdrawal_risk": True})
    assert len(messages) == 1
    assert "medical detox" in messages[0]["text"]
    assert messages[0]["offer"]["name"] == "advisor"


def test_withdrawal_told_in_an_earlier_message_does_not_replace_a_later_answer():
    messages = _run(_parse("faq/duration"), {"withdrawal_risk": True})
    assert [m["response"] for m in messages] == ["utter_faq/duration"]


def test_a_faq_with_a_situation_opens_with_the_acknowledgement():
    messages = _run(
        _parse("faq/schedule", {"topics": ["faq/specialised_programs"], "situation": True}),
        {"responsibilities": ["work"]},
    )
    assert messages[0]["text"].startswith("Fitting treatment around your commitments")
    assert "3 to 5 days a week" in messages[0]["text"]


def test_the_response_selector_lists_the_topics_of_each_question_clause(tmp_path):
    from rasa.engine.graph import ExecutionContext, GraphSchema
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource
    from rasa.shared.nlu.training_data.message import Message
    from rasa.shared.nlu.training_data.training_data import TrainingData

    from rasa_plugins.linear_nlu import LinearResponseSelector

    examples = [
        *[(t, "faq/duration") for t in ("how long is iop", "how many months does it last", "how long does it take")],
        *[
            (t, "faq/cost_insurance")
            for t in ("how much does it cost", "is it covered by insurance", "will my plan pay")
        ],
    ]
    data = TrainingData([Message.build(text=t, intent="faq", intent_response_key=k) for t, k in examples])
    storage, resource = LocalModelStorage(tmp_path), Resource("faq_selector")
    context = ExecutionContext(GraphSchema({}), model_id="test")
    config = {"retrieval_intent": "faq", "question_confidence": 0.5}
    LinearResponseSelector.create(config, storage, resource, context).train(data)
    selector = LinearResponseSelector.load(config, storage, resource, context)

    both = Message.build(text="hw long does it last, and wud my insurance pay")
    single = Message.build(text="how long does iop last")
    situation = Message.build(text="my wife is on my plan at work, will it pay for her program")
    selector.process([both, single, situation])

    assert both.get("questions") == {"topics": ["faq/duration", "faq/cost_insurance"], "situation": False}
    assert single.get("questions") is None  # one clause: nothing added
    assert single.get("response_selector")["faq"]["response"]["intent_response_key"] == "faq/duration"
    assert situation.get("questions") == {"topics": ["faq/cost_insurance"], "situation": True}


def test_brief_answers_are_the_brief_answers_in_order_without_a_way_forward():
    text = brief_answers(["faq/schedule", "faq/duration"], ANSWERS)
    assert text == f"{brief(ANSWERS['faq/schedule'])} {brief(ANSWERS['faq/duration'])}"
    assert brief_answers(["faq/privacy"], ANSWERS) == ""  # no answer in the domain: nothing to say


@pytest.mark.parametrize("request_intent", ["request_human", "find_program", "assess_fit"])
def test_a_request_with_an_faq_question_gets_the_brief_answer_first_and_no_buttons(request_intent):
    # "how long is it and can you check if it fits me": the request's flow
    # (its form or the handoff) asks the next question right after
    questions = {"topics": ["faq/duration", "faq/cost_insurance"], "faq_topics": ["faq/duration"], "situation": False}
    messages = _run(_parse("faq/cost_insurance", questions, intent=request_intent))
    assert len(messages) == 1
    assert messages[0]["text"] == brief(ANSWERS["faq/duration"])
    assert not messages[0]["buttons"] and "offer" not in messages[0]
    assert "Costs vary" not in messages[0]["text"]  # the request clause's guessed topic is not answered


@pytest.mark.parametrize(
    "questions",
    [
        None,  # one clause
        {"topics": ["faq/cost_insurance"], "faq_topics": [], "situation": True},  # only the request was a question
        {"topics": ["faq/cost_insurance"], "situation": False},  # no per-clause intents in the parse
    ],
)
def test_a_request_without_an_faq_question_gets_nothing_before_its_flow(questions):
    assert _run(_parse("faq/cost_insurance", questions, intent="request_human")) == []


def test_withdrawal_signs_do_not_change_what_a_request_answers_first():
    questions = {"topics": ["faq/duration"], "faq_topics": ["faq/duration"], "situation": True}
    parse = _parse("faq/duration", questions, intent="assess_fit")
    parse["entities"] = [{"entity": "withdrawal_risk", "value": "true"}]
    messages = _run(parse, {"withdrawal_risk": True})
    assert [m["text"] for m in messages] == [brief(ANSWERS["faq/duration"])]


def test_the_faq_questions_of_a_message_are_the_clauses_the_intent_classifier_calls_faq(tmp_path):
    from rasa.engine.graph import ExecutionContext, GraphSchema
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource
    from rasa.shared.nlu.training_data.message import Message
    from rasa.shared.nlu.training_data.training_data import TrainingData

    from rasa_plugins.linear_nlu import LinearIntentClassifier, LinearResponseSelector

    faq = [
        *[(t, "faq/duration") for t in ("how long is iop", "how many months does it last", "how long does it take")],
        *[
            (t, "faq/cost_insurance")
            for t in ("how much does it cost", "is it covered by insurance", "will my plan pay")
        ],
    ]
    human = ("can i talk to a person", "can i speak to someone", "i want a real human", "can someone call me")
    data = TrainingData(
        [
            *[Message.build(text=t, intent="faq", intent_response_key=k) for t, k in faq],
            *[Message.build(text=t, intent="request_human") for t in human],
        ]
    )
    storage, context = LocalModelStorage(tmp_path), ExecutionContext(GraphSchema({}), model_id="test")
    config = {"retrieval_intent": "faq", "question_confidence": 0.5}
    LinearIntentClassifier.create({}, storage, Resource("intents"), context).train(data)
    LinearResponseSelector.create(config, storage, Resource("faq"), context).train(data)
    classifier = LinearIntentClassifier.load({}, storage, Resource("intents"), context)
    selector = LinearResponseSelector.load(config, storage, Resource("faq"), context)

    both = Message.build(text="how much does it cost and can i talk to someone")
    request_only = Message.build(text="i am not sure, can i speak to a person")
    selector.process(classifier.process([both, request_only]))

    assert both.get("questions")["faq_topics"] == ["faq/cost_insurance"]
    assert request_only.get("questions")["faq_topics"] == []
    assert "question_intents" not in both.as_dict(
        only_output_properties=True
    )  # per-clause intents stay inside the pipeline


def test_an_abbreviation_with_dots_is_one_word_not_three_clauses():
    # "is i.o.p right..." was cut at each dot, and the clause "is i" read as an
    # FAQ question (faq/privacy) beside the request
    assert split_clauses("is i.o.p right for someone like me") == [("is iop right for someone like me", True)]
    assert split_clauses("what is i.o.p.? can u find one") == [("what is iop", True), ("can u find one", True)]
    assert split_clauses("i go to a.a. meetings. is that enough") == [
        ("i go to aa meetings", False),
        ("is that enough", True),
    ]
