"""Why a visitor is being handed to an advisor (the record's `reason`)."""

from __future__ import annotations

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


def reason_for_request(last_turn_offered: bool, offered_reason: str | None) -> str:
    """The reason to record when the visitor asks for a person.

    If the assistant's last turn offered a person for a reason (crisis answer,
    repeated misunderstanding, an assessment outcome beyond IOP, no program
    found, travel help), the request answers that offer; otherwise the visitor
    simply asked. Which turns make such an offer is the adapter's knowledge
    (actions/handoff.py names them).
    """
    if last_turn_offered and offered_reason in REASONS:
        return offered_reason
    return "visitor_request"
