"""FAQ answers: one topic as its domain response (`utter_faq/<topic>`, exactly
what Rasa's utter_faq sends), several topics or a situation with a question as
one combined reply (bot/dialogue/questions.py, bot/assessment/situation.py).

The rules also run it first on a request (talk to a person, find programs,
check fit; data/rules.yml): it then answers the FAQ questions asked with the
request, briefly and without buttons, or says nothing, and the request's flow
asks its next question (bot/dialogue/replies.py says why the FAQ goes first).

The topics come from the parse data written by rasa_plugins/linear_nlu.py:
`response_selector` (the whole message) and `questions` (its question clauses:
`topics`, and `faq_topics` for the clauses the intent classifier calls faq).
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import say, slots
from bot.assessment.situation import acknowledgement, with_question
from bot.dialogue.questions import brief_answers, combined_answer, response_texts
from bot.dialogue.replies import (
    DETOX_FIRST,
    FALLBACK,
    REQUESTS,
    best_other_intent,
    reply_topics,
    states_withdrawal,
)

FAQ = "faq"


def message_topic(parse: dict[str, Any]) -> str | None:
    """The FAQ topic ("faq/duration") predicted for the whole message."""
    selected = ((parse.get("response_selector") or {}).get(FAQ) or {}).get("response") or {}
    topic = selected.get("intent_response_key")
    return topic if isinstance(topic, str) and topic else None


def asked(parse: dict[str, Any]) -> tuple[list[str], bool]:
    """The topics of the message's question clauses, in order, and whether
    another clause describes a situation."""
    questions = parse.get("questions") or {}
    topics = [t for t in questions.get("topics") or [] if isinstance(t, str)]
    return topics, bool(questions.get("situation"))


def asked_faq(parse: dict[str, Any]) -> list[str]:
    """The topics of the question clauses that the intent classifier called `faq`."""
    questions = parse.get("questions") or {}
    return [t for t in questions.get("faq_topics") or [] if isinstance(t, str)]


class ActionAnswerFaq(Action):
    """Answer the FAQ question(s) of the visitor's latest message."""

    def name(self) -> str:
        return "action_answer_faq"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        parse = tracker.latest_message or {}
        topic = message_topic(parse)
        topics, situation = asked(parse)
        responses = domain.get("responses") or {}
        intent = (parse.get("intent") or {}).get("name")
        if intent in REQUESTS:
            # the FAQ questions asked with a request, before its flow goes on
            first = reply_topics(intent, topic, topics, False, asked_faq(parse))[:-1]
            text = brief_answers(first, response_texts(responses, first))
            if text:
                dispatcher.utter_message(text=text)
            return []
        plan = reply_topics(FAQ, topic, topics, states_withdrawal(parse.get("entities") or []))
        send_answers(dispatcher, tracker, responses, plan, situation)
        return []


def unsure_questions(parse: dict[str, Any]) -> list[str]:
    """For a message the NLU was unsure of (nlu_fallback): the answers to give
    anyway, when it asks two or more FAQ questions (bot/dialogue/replies.py), else []."""
    topics, _ = asked(parse)
    withdrawal = states_withdrawal(parse.get("entities") or [])
    return reply_topics(FALLBACK, message_topic(parse), topics, withdrawal, asked_faq(parse), best_other_intent(parse))


def send_answers(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    responses: dict[str, Any],
    plan: list[str],
    situation: bool = False,
) -> None:
    """Sends the answers `plan` (reply_topics' list) as one reply."""
    if plan == [DETOX_FIRST]:
        # withdrawal signs in the visitor's words: detox first, whatever was asked
        say(dispatcher, acknowledgement(slots(tracker)))
    elif len(plan) >= 2:
        say(dispatcher, combined_answer(plan, response_texts(responses, plan)))
    elif plan and situation:
        # one question: the whole message, situation included, names it best
        say(dispatcher, with_question(slots(tracker), plan, response_texts(responses, plan)))
    elif plan:
        dispatcher.utter_message(response=f"utter_{plan[0]}")
