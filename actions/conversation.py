"""Crisis follow-up, the fallback (rephrase, then offer a person), and a bare
"yes" or "no" read against the assistant's last offer (bot/dialogue/offers.py)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import last_bot_metadata, latest_intent, say, user_intents
from actions.faq import send_answers, unsure_questions
from bot.dialogue.fallback import consecutive_misses, fallback_prompt
from bot.dialogue.offers import ADVISOR, offer_of_message, reply_to
from bot.dialogue.prompts import ASSESS_FIT, FIND_PROGRAMS, TALK_TO_PERSON, Prompt
from bot.dialogue.replies import FALLBACK

CRISIS_FOLLOWUP = Prompt(
    "When you feel ready, I can connect you with one of our advisors, who can help "
    "you find the right care. We can also keep talking here.",
    (TALK_TO_PERSON, ASSESS_FIT, FIND_PROGRAMS),
    ADVISOR,
)


class ActionCrisisFollowup(Action):
    """After the crisis resources (utter_crisis), offer a person."""

    def name(self) -> str:
        return "action_crisis_followup"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        say(dispatcher, CRISIS_FOLLOWUP)
        return [SlotSet("handoff_reason", "crisis")]


class ActionHandleFallback(Action):
    """Low confidence or out of scope: say what I can do; after two misses offer a person."""

    def name(self) -> str:
        return "action_handle_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        intents = user_intents(tracker)
        # unsure as a whole, but two clear FAQ questions: answer them (issue 12)
        answers = unsure_questions(tracker.latest_message or {}) if intents and intents[-1] == FALLBACK else []
        if answers:
            send_answers(dispatcher, tracker, domain.get("responses") or {}, answers)
            return []
        misses = consecutive_misses(intents)
        out_of_scope = bool(intents) and intents[-1] == "out_of_scope"
        say(dispatcher, fallback_prompt(max(misses, 1), out_of_scope=out_of_scope))
        return [SlotSet("handoff_reason", "fallback")]


class ActionReplyToOffer(Action):
    """A "yes" or "no" outside a form: start, ask which, or decline the last offer.

    Sets `offer_reply`, from which data/rules.yml starts the offered flow.
    """

    def name(self) -> str:
        return "action_reply_to_offer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        offer = offer_of_message(last_bot_metadata(tracker))
        reply = reply_to(offer, yes=latest_intent(tracker) == "affirm")
        if reply.response:
            dispatcher.utter_message(response=reply.response)
        if reply.prompt:
            say(dispatcher, reply.prompt)
        return [SlotSet("offer_reply", reply.step)]
