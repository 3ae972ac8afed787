"""The fit assessment: ask, understand answers, and give the outcome.

The questions, the parsing of answers, the choice of which question comes next,
the triage and the outcome's wording all live in bot/assessment.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import (
    is_asking_again,
    is_fresh_answer,
    just_activated,
    latest_choice,
    latest_intent,
    say,
)
from actions.faq import FAQ, asked, message_topic
from actions.forms import REQUESTED_SLOT, answered_question, kept_slots
from bot.assessment import (
    ASSESSMENT_SLOTS,
    QUESTION_ORDER,
    assessment_intro,
    parse_answer,
    question_for,
    remaining_questions,
)
from bot.assessment.cage_items import CAGE_AID_ITEMS_SLOT, read_item, record, score
from bot.assessment.outcome import outcome_message
from bot.assessment.questions import cage_item_question
from bot.assessment.situation import acknowledgement, with_question
from bot.assessment.slots import CAGE_AID_SCORE
from bot.assessment.triage import triage
from bot.dialogue.questions import response_texts
from bot.dialogue.replies import SITUATION, reply_topics, states_withdrawal

OUTCOME_SLOTS = ("assessment_outcome", "assessment_reasons")
# the form's own slots besides the answers: the CAGE-AID items' progress
FORM_SLOTS = (*ASSESSMENT_SLOTS, CAGE_AID_ITEMS_SLOT, *OUTCOME_SLOTS)

# Messages with these intents are not answers: the form rejects them and the
# rules answer them (FAQ, crisis, stop, start over, a person, programs).
INTERRUPTING_INTENTS = frozenset({"faq", "crisis", "stop", "start_over", "request_human", "find_program"})


def assessment_answers(tracker: Tracker) -> dict[str, Any]:
    return {slot: tracker.get_slot(slot) for slot in ASSESSMENT_SLOTS}


class ValidateAssessmentForm(FormValidationAction):
    """Reads each answer (button or free text) and decides which question is next."""

    def name(self) -> str:
        return "validate_assessment_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        return remaining_questions(assessment_answers(tracker))

    async def next_requested_slot(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> EventType | None:
        remaining = remaining_questions(assessment_answers(tracker))
        return SlotSet(REQUESTED_SLOT, remaining[0] if remaining else None)

    async def get_extraction_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if tracker.get_slot(REQUESTED_SLOT) is None and is_fresh_answer(tracker):
            # the form is starting: "Check again" (choice redo) clears earlier answers
            if latest_intent(tracker) == "assess_fit" and latest_choice(tracker) == "redo":
                return [SlotSet(name, None) for name in FORM_SLOTS]
            return []
        requested = answered_question(tracker, QUESTION_ORDER, INTERRUPTING_INTENTS)
        if requested is None:
            return []  # nothing new to read, or an interruption the rules answer
        marks = tracker.get_slot(CAGE_AID_ITEMS_SLOT)
        if requested == CAGE_AID_SCORE and marks is not None:  # one item at a time (bot/assessment/cage_items.py)
            marks = record(marks, read_item(tracker.latest_message.get("text"), latest_choice(tracker)))
            return [SlotSet(CAGE_AID_ITEMS_SLOT, marks), SlotSet(CAGE_AID_SCORE, score(marks))]
        result = parse_answer(
            requested,
            tracker.latest_message.get("text") or "",
            choice=latest_choice(tracker),
            answers=assessment_answers(tracker),
        )
        if result is None and requested == CAGE_AID_SCORE:
            return [SlotSet(requested, None), SlotSet(CAGE_AID_ITEMS_SLOT, [])]  # no count: the items one by one
        if result is None:
            # unclear: keep the slot empty so the same question is asked again
            return [SlotSet(requested, None)]
        return [SlotSet(slot, value) for slot, value in result.slot_values().items()]

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        return kept_slots(tracker, FORM_SLOTS)


class AskAssessmentQuestion(Action, ABC):
    """Base of the action_ask_<slot> actions: one short question with its buttons."""

    slot: str = ""

    @abstractmethod
    def name(self) -> str:
        """action_ask_<slot>"""

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        answers = assessment_answers(tracker)
        if just_activated(tracker, "assessment_form"):
            dispatcher.utter_message(text=assessment_intro(len(remaining_questions(answers))))
        marks = tracker.get_slot(CAGE_AID_ITEMS_SLOT)
        if self.slot == CAGE_AID_SCORE and marks is not None:
            say(dispatcher, cage_item_question(marks, answers))
            return []
        again = is_asking_again(tracker, self.slot)
        say(dispatcher, question_for(self.slot, answers, again=again))
        return []


# One action per question: action_ask_for_whom, action_ask_safety_risk, ...
def _ask_action_name(self: AskAssessmentQuestion) -> str:
    return f"action_ask_{self.slot}"


for _slot in QUESTION_ORDER:
    _class_name = "AskAssessment_" + _slot
    globals()[_class_name] = type(_class_name, (AskAssessmentQuestion,), {"slot": _slot, "name": _ask_action_name})


class ActionAssessmentOutcome(Action):
    """Triage the answers and explain the outcome, with the next steps."""

    def name(self) -> str:
        return "action_assessment_outcome"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        answers = assessment_answers(tracker)
        result = triage(answers)
        if result.outcome.value == "crisis":
            dispatcher.utter_message(response="utter_crisis")
        if tracker.get_slot("assessment_outcome") == result.outcome.value:
            dispatcher.utter_message(
                text="You already did the check in this chat, so I won't ask again. "
                'Here is what it found; tap "Check again" to redo it.'
            )
        say(dispatcher, outcome_message(result, answers))
        preferences = list(tracker.get_slot("preferences") or [])
        for preference in result.search_preferences:
            if preference not in preferences:
                preferences.append(preference)
        return [
            SlotSet("assessment_outcome", result.outcome.value),
            SlotSet("assessment_reasons", list(result.reasons)),
            SlotSet("cage_aid_score", result.cage_aid_score),
            SlotSet("preferences", preferences),
            SlotSet("handoff_reason", result.handoff_reason),
        ]


class ActionAcknowledgeSituation(Action):
    """A visitor describes their situation: acknowledge it and point the way."""

    def name(self) -> str:
        return "action_acknowledge_situation"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        parse = tracker.latest_message or {}
        questions, _ = asked(parse)
        plan = reply_topics(SITUATION, message_topic(parse), questions, states_withdrawal(parse.get("entities") or []))
        if plan and plan[0].startswith(f"{FAQ}/"):
            answers = response_texts(domain.get("responses") or {}, plan)
            say(dispatcher, with_question(assessment_answers(tracker), plan, answers))
        else:  # the acknowledgement, or the detox-first answer it gives for withdrawal
            say(dispatcher, acknowledgement(assessment_answers(tracker)))
        return []
