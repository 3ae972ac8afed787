"""Handing a visitor to an advisor: consent, contact details, the saved record.

A visitor who already has a request (handoff_reference set) is first asked
whether to update it (handoff_update, a question only then added to the form);
every new request starts from empty answers, so nothing is re-sent without a
fresh consent.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from datetime import datetime, timezone

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

import bot.handoff.dialogue as dialogue
from actions.common import (
    database,
    is_asking_again,
    latest_choice,
    latest_intent,
    previous_action,
    say,
    slots,
)
from actions.forms import answered_question, kept_slots
from bot.dialogue.prompts import Prompt
from bot.handoff.contact import parse_contact_time, parse_email, parse_first_name, parse_us_phone
from bot.handoff.reasons import reason_for_request
from bot.handoff.service import save_handoff
from bot.handoff.summary import build_summary
from bot.handoff.transcript import TranscriptEntry, transcript_from_events

logger = logging.getLogger(__name__)

HANDOFF_SLOTS = ("handoff_update", "handoff_consent", "consent_at", "contact_name", "contact_detail", "contact_time")
# Not answers: the form steps aside and the rules take over (opt-out, FAQ, crisis...).
INTERRUPTING_INTENTS = frozenset({"faq", "crisis", "stop", "start_over", "deny"})


def _now() -> datetime:
    return datetime.now(timezone.utc)


def split_contact(detail: str | None) -> dict[str, str | None]:
    """contact_detail holds a normalised phone number or an email address."""
    if detail and "@" in detail:
        return {"phone": None, "email": detail}
    return {"phone": detail or None, "email": None}


# Actions whose reply offers a person for a specific reason (they set the
# `handoff_reason` slot when they make the offer).
OFFERING_ACTIONS = frozenset(
    {
        "action_crisis_followup",
        "action_handle_fallback",
        "action_assessment_outcome",
        "action_search_programs",
        "action_show_more",
    }
)


class ActionPrepareHandoff(Action):
    """Records why the visitor is being handed over, before the consent question."""

    def name(self) -> str:
        return "action_prepare_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        offered = previous_action(tracker) in OFFERING_ACTIONS
        reason = reason_for_request(offered, tracker.get_slot("handoff_reason"))
        # Earlier answers would complete the form at once and re-send them without
        # consent; the reference stays so the form can offer to update that request.
        return [SlotSet("handoff_reason", reason)] + [SlotSet(slot, None) for slot in HANDOFF_SLOTS]


class ValidateHandoffForm(FormValidationAction):
    def name(self) -> str:
        return "validate_handoff_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        if tracker.get_slot("handoff_reference"):
            return ["handoff_update"] + [s for s in domain_slots if s != "handoff_update"]
        return domain_slots

    async def get_extraction_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        requested = answered_question(tracker, HANDOFF_SLOTS, INTERRUPTING_INTENTS)
        if requested is None:
            return []
        intent = latest_intent(tracker)
        text = tracker.latest_message.get("text") or ""
        if requested == "handoff_update":
            # "No" (deny) is not an answer: the opt-out rule keeps the request as it is.
            return [SlotSet("handoff_update", True if intent in ("affirm", "request_human") else None)]
        if requested == "handoff_consent":
            if intent in ("affirm", "request_human"):
                return [SlotSet("handoff_consent", True), SlotSet("consent_at", _now().isoformat())]
            return [SlotSet("handoff_consent", None)]
        if requested == "contact_name":
            return [SlotSet("contact_name", parse_first_name(text))]
        if requested == "contact_detail":
            return [SlotSet("contact_detail", parse_us_phone(text) or parse_email(text))]
        choice = latest_choice(tracker)
        return [SlotSet("contact_time", parse_contact_time(choice or text))]

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        return kept_slots(tracker, HANDOFF_SLOTS)


class _AskHandoff(Action, ABC):
    slot = ""

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    @abstractmethod
    def prompt(self, again: bool) -> Prompt:
        """The question, worded for a first ask or a re-ask."""

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        say(dispatcher, self.prompt(is_asking_again(tracker, self.slot)))
        return []


class ActionAskHandoffUpdate(Action):
    """The form's first question when this conversation already has a request."""

    def name(self) -> str:
        return "action_ask_handoff_update"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        again = is_asking_again(tracker, "handoff_update")
        say(dispatcher, dialogue.update_question(tracker.get_slot("handoff_reference") or "", again))
        return []


class ActionAskHandoffConsent(_AskHandoff):
    slot = "handoff_consent"

    def prompt(self, again: bool) -> Prompt:
        return dialogue.consent_again() if again else dialogue.consent_question()


class ActionAskContactName(_AskHandoff):
    slot = "contact_name"

    def prompt(self, again: bool) -> Prompt:
        return dialogue.name_question(again)


class ActionAskContactDetail(_AskHandoff):
    slot = "contact_detail"

    def prompt(self, again: bool) -> Prompt:
        return dialogue.contact_question(again)


class ActionAskContactTime(_AskHandoff):
    slot = "contact_time"

    def prompt(self, again: bool) -> Prompt:
        return dialogue.time_question(again)


class ActionSubmitHandoff(Action):
    """Stores the handoff (before any delivery) and confirms with a reference code."""

    def name(self) -> str:
        return "action_submit_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        values = slots(tracker)
        contact = {
            "first_name": values.get("contact_name"),
            "contact_time": values.get("contact_time"),
            **split_contact(values.get("contact_detail")),
        }
        consent_at = datetime.fromisoformat(values.get("consent_at") or _now().isoformat())
        prompts: dict[str, Prompt] = {}

        def confirmation(reference: str, created: bool) -> TranscriptEntry:
            prompt = dialogue.confirmation(
                contact["first_name"] or "",
                reference,
                contact["phone"],
                contact["email"],
                contact["contact_time"],
                updated=not created,
            )
            prompts["confirmation"] = prompt
            return TranscriptEntry(at=_now(), sender="assistant", text=prompt.text)

        try:
            saved = save_handoff(
                database(),
                conversation_id=tracker.sender_id,
                reason=values.get("handoff_reason") or "visitor_request",
                summary=build_summary(values),
                contact=contact,
                consent_at=consent_at,
                transcript=transcript_from_events(tracker.events),
                confirmation=confirmation,
            )
        except Exception:
            logger.exception("handoff: saving failed for a conversation")
            say(dispatcher, dialogue.save_failed())
            return []
        say(dispatcher, prompts["confirmation"])
        return [SlotSet("handoff_reference", saved.reference)]


class ActionHandoffOptOut(Action):
    """ "No thanks" at any step: share nothing, forget what was typed, keep the door open."""

    def name(self) -> str:
        return "action_handoff_opt_out"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        # An earlier request stays as it was (it is in the database, not in these slots).
        say(dispatcher, dialogue.opt_out(tracker.get_slot("handoff_reference")))
        return [SlotSet(slot, None) for slot in HANDOFF_SLOTS]
