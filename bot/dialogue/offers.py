"""The assistant's offers, and what a bare "yes" or "no" to them means.

Rules:
- Every message that ends with an offer names it: a `Prompt` built in bot/ carries
  its `Offer`, and a fixed answer in domain.yml has its entry in `RESPONSE_OFFERS`
  (tests/dialogue/test_offers.py checks that every response that offers something is there).
- "yes" to a single offer starts it; "yes" to an either-or offer asks which, with a
  button for each option; "yes" after a message with no offer gets the help menu.
- "no" to an offer declines politely and leaves the ways forward open; "no" after
  a message with no offer stops, as before.
The step chosen is stored in the `offer_reply` slot, and data/rules.yml starts the
offered flow from it. Imports only bot/dialogue/prompts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.dialogue.prompts import (
    ASSESS_FIT,
    FIND_PROGRAMS,
    NEXT_STEPS,
    TALK_TO_PERSON,
    Offer,
    Prompt,
)

FIT_CHECK = Offer("fit_check", (ASSESS_FIT,))
PROGRAM_SEARCH = Offer("program_search", (FIND_PROGRAMS,))
ADVISOR = Offer("advisor", (TALK_TO_PERSON,))
FIT_CHECK_OR_PROGRAMS = Offer("fit_check_or_programs", (ASSESS_FIT, FIND_PROGRAMS))
PROGRAMS_OR_ADVISOR = Offer("programs_or_advisor", (FIND_PROGRAMS, TALK_TO_PERSON))
ADVISOR_OR_FIT_CHECK = Offer("advisor_or_fit_check", (TALK_TO_PERSON, ASSESS_FIT))
ANY_NEXT_STEP = Offer("any_next_step", NEXT_STEPS)

# The offer each fixed answer in domain.yml ends with (by response name as Rasa
# records it, FAQ answers as utter_faq/<topic>); answers not listed offer nothing.
RESPONSE_OFFERS: Mapping[str, Offer] = {
    "utter_greet": ANY_NEXT_STEP,
    "utter_help": ANY_NEXT_STEP,
    "utter_thank": ANY_NEXT_STEP,
    "utter_bot_challenge": ANY_NEXT_STEP,
    "utter_start_over": ANY_NEXT_STEP,
    "utter_stopped": ANY_NEXT_STEP,
    "utter_past_crisis": FIT_CHECK_OR_PROGRAMS,
    "utter_faq/who_it_suits": FIT_CHECK,
    "utter_faq/more_care": ADVISOR,
    "utter_faq/dual_diagnosis": PROGRAMS_OR_ADVISOR,
    "utter_faq/specialised_programs": PROGRAM_SEARCH,
    "utter_faq/cost_insurance": ADVISOR,
    "utter_faq/program_rules": ADVISOR,
    "utter_faq/helping_loved_one": ADVISOR,
}

# Values of the `offer_reply` slot besides the intents a single offer starts.
ASK_WHICH = "ask_which"
DECLINED = "declined"
NO_OFFER = "no_offer"
# What a single offer can start: the intent of its button (data/rules.yml).
STARTABLE = ("assess_fit", "find_program", "request_human", "show_more")

DECLINE = Prompt(
    "No problem, we can leave that for now. You can ask me anything about IOP, or "
    "pick one of these whenever you're ready.",
    NEXT_STEPS,
)


@dataclass(frozen=True)
class OfferReply:
    """The `offer_reply` slot value, and what to say (a prompt or a domain response)."""

    step: str
    prompt: Prompt | None = None
    response: str | None = None


def offer_of_message(metadata: Mapping[str, Any]) -> Offer | None:
    """The offer a sent message ended with, from the metadata Rasa keeps with it."""
    sent = Offer.from_dict(metadata.get("offer"))
    if sent is not None:
        return sent
    return RESPONSE_OFFERS.get(str(metadata.get("utter_action") or ""))


def _started_intent(offer: Offer) -> str | None:
    """The intent a single offer's button sends, when the rules can start it."""
    payload = offer.options[0].payload
    intent = payload[1:] if payload.startswith("/") else ""
    return intent if intent in STARTABLE else None


def which_prompt(offer: Offer) -> Prompt:
    return Prompt("Happy to. Which would you like to do?", offer.options, offer)


def reply_to(offer: Offer | None, yes: bool) -> OfferReply:
    """What a bare "yes" (`yes=True`) or "no" to `offer` leads to."""
    if offer is None:
        return OfferReply(NO_OFFER, response="utter_help" if yes else "utter_stopped")
    if not yes:
        return OfferReply(DECLINED, prompt=DECLINE)
    intent = None if offer.is_choice else _started_intent(offer)
    if intent is not None:
        return OfferReply(intent)
    return OfferReply(ASK_WHICH, prompt=which_prompt(offer))
