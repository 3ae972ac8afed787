"""Which answers the assistant gives to one parsed message that asks or tells
something (the `faq` and `describe_situation` intents, and a request with an
FAQ question in it), in order.

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
- A request (`REQUESTS`: talk to a person, find programs, check fit) whose
  question clauses include FAQ questions ("how much is it and can i talk to
  someone"): those FAQ topics first, briefly, then the request's own flow.
  Only the clauses the intent classifier itself calls `faq` count (the parse's
  `questions.faq_topics`): the FAQ selector gives every question clause a
  topic, the request clause too ("can someone call me" reads as
  faq/privacy). The FAQ answers come first even when the request was asked
  first ("can i talk to someone? is it private"), because every request's flow
  ends with a question the visitor answers next (the handoff consent, the
  location, the first fit question): an answer sent after it would bury that
  question, and the visitor's next message would be read against the wrong one.
  Withdrawal signs do not change this: the fit check asks about them, and the
  handoff passes them on.
- A message the NLU is unsure of as a whole (`nlu_fallback`) that asks two or
  more questions with confident topics, when the intent classifier calls
  those clauses `faq` or, failing that, calls the whole message `faq` more
  than anything else: those topics, in order (withdrawal signs first, as
  above). Two questions in one message are exactly what leaves the whole
  message between two readings; its clauses are each clear. Anything else
  unsure gets the fallback prompt.

Imports the standard library only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

__all__ = [
    "ACKNOWLEDGEMENT",
    "DETOX_FIRST",
    "FALLBACK",
    "FAQ",
    "REQUESTS",
    "SITUATION",
    "answer_order",
    "best_other_intent",
    "reply_topics",
    "states_withdrawal",
]

FAQ = "faq"
SITUATION = "describe_situation"
FALLBACK = "nlu_fallback"  # FallbackClassifier's intent for an unsure parse
# labels of the two replies that are not FAQ topics
DETOX_FIRST = "detox_first"
ACKNOWLEDGEMENT = SITUATION
# the requests that start a flow of their own, which an FAQ answer may precede
REQUESTS = ("request_human", "find_program", "assess_fit")


def reply_topics(
    intent: str | None,
    topic: str | None,
    question_topics: Sequence[str],
    withdrawal: bool,
    faq_topics: Sequence[str] = (),
    unsure_best: str | None = None,
) -> list[str]:
    """The answers, in order, for a message of `intent` whose whole-message FAQ
    topic is `topic` ("faq/duration" or None) and whose question clauses asked
    `question_topics`, of which the clauses classified `faq` asked
    `faq_topics`; `withdrawal` when the message states withdrawal signs.
    A request ends with its own name (its flow); an unsure message
    (`nlu_fallback`, whose best other intent is `unsure_best`) gets its FAQ
    questions only when it asks two or more; any other intent gets an empty
    list (its own rule answers it)."""
    if intent in REQUESTS:
        return [*dict.fromkeys(faq_topics), intent]
    if intent == FALLBACK:
        asked_faq = list(dict.fromkeys(faq_topics))
        if len(asked_faq) < 2 and unsure_best == FAQ:
            asked_faq = list(dict.fromkeys(question_topics))
        if len(asked_faq) < 2:
            return []
        return [DETOX_FIRST] if withdrawal else asked_faq
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


def answer_order(labels: Sequence[str]) -> list[str]:
    """Expected answers (a held-out message's labels, in the order asked) in the
    order the assistant gives them: FAQ answers before a request's flow (the
    rule above), otherwise as asked."""
    return sorted(labels, key=lambda label: label in REQUESTS)


def states_withdrawal(entities: Iterable[Mapping[str, Any]]) -> bool:
    """Whether a message's entities say it describes withdrawal signs (the
    `withdrawal_risk` fact that bot.language.intake_facts reads, value "true")."""
    return any(e.get("entity") == "withdrawal_risk" and str(e.get("value")).lower() == "true" for e in entities)


def best_other_intent(parse: Mapping[str, Any]) -> str | None:
    """The classifier's most probable intent other than `nlu_fallback` (what an
    unsure parse would have been)."""
    for item in parse.get("intent_ranking") or []:
        name = item.get("name") if isinstance(item, Mapping) else None
        if isinstance(name, str) and name != FALLBACK:
            return name
    return None
