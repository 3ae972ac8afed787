"""How the forms (assessment, handoff) keep their slots: one rule for both.

A form reads an answer itself, and only from a fresh reply to the question it
asked; a message the rules answer instead (an interruption: an FAQ, a crisis,
"stop"...) is never read as an answer. When Rasa then asks the form to validate
the slots set this turn, the form hands back its own slots unchanged: answers
were checked as they were read, and facts picked up from the visitor's words
(slot mappings) are kept as they are.
"""

from __future__ import annotations

from collections.abc import Collection, Set

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet

from actions.common import is_fresh_answer, latest_intent

REQUESTED_SLOT = "requested_slot"


def answered_question(tracker: Tracker, questions: Collection[str], interrupting: Set[str]) -> str | None:
    """The form's question that the visitor's latest message answers, or None when
    it answers none of them (no question asked, no new message, an interruption)."""
    requested = tracker.get_slot(REQUESTED_SLOT)
    if requested not in questions or not is_fresh_answer(tracker):
        return None
    if latest_intent(tracker) in interrupting:
        return None
    return requested


def kept_slots(tracker: Tracker, slots: Collection[str]) -> list[EventType]:
    """The validation events: the form's own slots among those to validate, unchanged."""
    return [SlotSet(slot, value) for slot, value in tracker.slots_to_validate().items() if slot in slots]
