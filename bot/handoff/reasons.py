"""Why a visitor is being handed to an advisor (the record's `reason`)."""
from __future__ import annotations

from typing import Optional

REASONS = (
    "higher_level_of_care",
    "detox",
    "dual_diagnosis",
    "visitor_request",
    "fallback",
    "crisis",
    "travel",
    "no_program_found",
)

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


def reason_for_request(previous_action: Optional[str], offered_reason: Optional[str]) -> str:
    """The reason to record when the visitor asks for a person.

    If the assistant's last turn offered a person for a reason (crisis answer,
    repeated misunderstanding, an assessment outcome beyond IOP, no program
    found, travel help), the request answers that offer; otherwise the visitor
    simply asked.
    """
    if previous_action in OFFERING_ACTIONS and offered_reason in REASONS:
        return offered_reason
    return "visitor_request"
