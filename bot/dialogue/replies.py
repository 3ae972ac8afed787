"""Which answers the assistant gives to one parsed message that asks or tells
something (the `faq` and `describe_situation` intents), in order.

One decision shared by the actions that send the reply (actions/faq.py,
actions/assessment.py) and by the held-out measurement
(scripts/heldout_eval.py), so that what is measured is what visitors get.

Rules:
- Withdrawal signs stated in the message come first, whatever else it asks:
  the reply is the detox-first answer (withdrawal can be dangerous).
- Two or more question clauses with confident topics: each topic, in the order asked.
- `faq` with one topic: that topic (the whole message names it best; a
  situation in it only adds an opening clause).
- `describe_situation`: its question's topic when it asks exactly one (the
  whole message's topic), else the acknowledgement of the situation.

Imports the standard library only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

__all__ = ["ACKNOWLEDGEMENT", "DETOX_FIRST", "FAQ", "SITUATION", "reply_topics", "states_withdrawal"]

FAQ = "faq"
SITUATION = "describe_situation"
# labels of the two replies that are not FAQ topics
DETOX_FIRST = "detox_first"
ACKNOWLEDGEMENT = SITUATION


def reply_topics(
    intent: str | None,
    topic: str | None,
    question_topics: Sequence[str],
    withdrawal: bool,
) -> list[str]:
    """The answers, in order, for a message of `intent` whose whole-message FAQ
    topic is `topic` ("faq/duration" or None) and whose question clauses asked
    `question_topics`; `withdrawal` when the message states withdrawal signs.
    Empty for any other intent (its own rule answers it)."""
    if intent not in (FAQ, SITUATION):
        return []
    if withdrawal:
        return [DETOX_FIRST]
    if len(question_topics) >= 2:
        return list(question_topics)
    if intent == FAQ:
        return [topic] if topic else []
    if len(question_topics) == 1:
        return [topic or question_topics[0]]
    return [ACKNOWLEDGEMENT]


def states_withdrawal(entities: Iterable[Mapping[str, Any]]) -> bool:
    """Whether a message's entities say it describes withdrawal signs (the
    `withdrawal_risk` fact that bot.language.intake_facts reads, value "true")."""
    return any(e.get("entity") == "withdrawal_risk" and str(e.get("value")).lower() == "true" for e in entities)
