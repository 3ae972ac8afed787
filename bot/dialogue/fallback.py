"""When the assistant did not understand: rephrase first, offer a person after two misses."""

from __future__ import annotations

from collections.abc import Sequence

from bot.dialogue.offers import ADVISOR
from bot.dialogue.prompts import ASSESS_FIT, FIND_PROGRAMS, TALK_TO_PERSON, Prompt

# Intents that mean "the assistant could not help with that message".
MISS_INTENTS = frozenset({"nlu_fallback", "out_of_scope"})
MISSES_BEFORE_OFFERING_A_PERSON = 2


def consecutive_misses(user_intents: Sequence[str]) -> int:
    """How many of the most recent visitor messages in a row were misses."""
    count = 0
    for intent in reversed(user_intents):
        if intent not in MISS_INTENTS:
            break
        count += 1
    return count


def fallback_prompt(misses: int, out_of_scope: bool = False) -> Prompt:
    """The reply to the `misses`-th miss in a row."""
    if misses >= MISSES_BEFORE_OFFERING_A_PERSON:
        return Prompt(
            "I'm sorry, I'm still not understanding, and I don't want to leave you "
            "stuck. Would you like to talk to a person? An advisor can help with "
            "anything I can't.",
            (TALK_TO_PERSON, ASSESS_FIT, FIND_PROGRAMS),
            ADVISOR,
        )
    opener = "That's outside what I can help with, sorry." if out_of_scope else "Sorry, I didn't quite follow that."
    return Prompt(
        f"{opener} I can answer questions about intensive outpatient treatment (IOP), "
        "check whether it might fit, find programs near you, or connect you with a "
        "person. Could you say it another way?",
        (ASSESS_FIT, FIND_PROGRAMS, TALK_TO_PERSON),
    )
