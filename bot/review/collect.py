"""Which visitor messages go to the review queue, read from the tracker store.

A visitor message (a `user` event; a button's "/intent" payload never counts)
is queued with every reason that applies:
* `fallback`: the NLU predicted `nlu_fallback`, or the assistant ran a
  fallback action (`action_handle_fallback`, the project's; Rasa's
  `action_default_fallback`) for it. Not for a message the NLU confidently
  (at or above the threshold) classed as `out_of_scope`: the fallback action
  is then the designed answer.
* `low_confidence`: the top intent's confidence (for `nlu_fallback`, the best
  real intent's), or for an FAQ question the topic's (the response
  selector's), is under the threshold (REVIEW_CONFIDENCE_THRESHOLD).
* `rephrased`: the visitor's next message, within `WINDOW_EVENTS` events,
  shares most of its words (bot.review.group.shares_most_words); both have at least `MIN_TOKENS` words,
  so that "no", "no" in a questionnaire is not a rephrase.
* `asked_for_person`: the assistant answered and the visitor's next message
  (within the window) was the handoff intent `request_human`, unless this
  message already was.
* `not_what_i_asked`: the assistant answered and the visitor's next message
  says so (`COMPLAINTS`, matched on normalised words without apostrophes).

Never queued: any message written while the handoff form was active (the
visitor's consent, name, contact and time), and messages older than `since`
(so items purged after the retention period are not collected again). Text
and reply are redacted (bot.review.redact) with the handoff form's slot
values from the whole conversation before they leave this module.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from bot.review.group import normalised, shares_most_words, tokens
from bot.review.redact import redact_message
from bot.review.tracker import Event
from bot.settings import PROJECT_ROOT

FALLBACK = "fallback"
LOW_CONFIDENCE = "low_confidence"
REPHRASED = "rephrased"
ASKED_FOR_PERSON = "asked_for_person"
NOT_WHAT_I_ASKED = "not_what_i_asked"
REASONS = (FALLBACK, LOW_CONFIDENCE, REPHRASED, ASKED_FOR_PERSON, NOT_WHAT_I_ASKED)

FALLBACK_INTENT = "nlu_fallback"
FALLBACK_ACTIONS = frozenset({"action_handle_fallback", "action_default_fallback"})
OUT_OF_SCOPE = "out_of_scope"
HANDOFF_INTENT = "request_human"
HANDOFF_FORM = "handoff_form"
FAQ = "faq"
WINDOW_EVENTS = 12
MIN_TOKENS = 3
COMPLAINTS = (
    "not what i asked",
    "not what i meant",
    "not what i said",
    "not my question",
    "thats not it",
    "thats wrong",
    "wrong answer",
    "you didnt answer",
    "didnt answer my",
    "doesnt answer",
    "that didnt help",
    "not helpful",
    "you dont understand",
    "i didnt ask",
    "not what i was asking",
    "thats not what",
)


@dataclass(frozen=True)
class Candidate:
    """A message for the queue, already redacted."""

    event_id: int
    sent_at: float
    text: str
    reasons: tuple[str, ...]
    intent: str | None
    intent_confidence: float | None
    topic: str | None
    topic_confidence: float | None
    reply: str


@dataclass
class _Turn:
    event: Event
    position: int  # index among the conversation's events (ids are global)
    text: str
    in_handoff_form: bool
    bot_texts: list[str] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)

    @property
    def is_payload(self) -> bool:
        return self.text.startswith("/")

    @property
    def parse(self) -> dict[str, Any]:
        return self.event.data.get("parse_data") or {}


def handoff_form_slots(domain_path: Path = PROJECT_ROOT / "domain.yml") -> tuple[str, ...]:
    """The handoff form's slots as domain.yml lists them."""
    domain = YAML(typ="safe").load(domain_path.read_text())
    return tuple(domain["forms"][HANDOFF_FORM]["required_slots"])


def _turns(events: Sequence[Event], form_slots: Iterable[str]) -> tuple[list[_Turn], set[str]]:
    slots = set(form_slots)
    turns: list[_Turn] = []
    known: set[str] = set()
    active_loop: str | None = None
    for position, event in enumerate(events):
        data = event.data
        if event.type_name == "user":
            text = data.get("text") or ""
            turns.append(_Turn(event, position, text, active_loop == HANDOFF_FORM))
        elif event.type_name == "bot" and turns:
            if data.get("text"):
                turns[-1].bot_texts.append(data["text"])
        elif event.type_name == "action" and turns:
            turns[-1].actions.append(data.get("name") or "")
        elif event.type_name == "active_loop":
            active_loop = data.get("name")
        elif event.type_name in ("restart", "session_started"):
            active_loop = None
        elif event.type_name == "slot" and data.get("name") in slots and isinstance(data.get("value"), str):
            known.add(data["value"])
    return turns, known


def _prediction(parse: dict[str, Any]) -> tuple[str | None, float | None]:
    intent = parse.get("intent") or {}
    name, confidence = intent.get("name"), intent.get("confidence")
    if name == FALLBACK_INTENT:
        real = [i for i in parse.get("intent_ranking") or [] if i.get("name") != FALLBACK_INTENT]
        if real:
            return real[0].get("name"), real[0].get("confidence")
    return name, confidence


def _topic(parse: dict[str, Any]) -> tuple[str | None, float | None]:
    response = ((parse.get("response_selector") or {}).get(FAQ) or {}).get("response") or {}
    return response.get("intent_response_key"), response.get("confidence")


def _complains(text: str) -> bool:
    words = f" {normalised(text).replace(chr(39), '')} "
    return any(f" {phrase} " in words for phrase in COMPLAINTS)


def _reasons(turn: _Turn, after: _Turn | None, threshold: float) -> list[str]:
    parse = turn.parse
    said = (parse.get("intent") or {}).get("name")
    intent, confidence = _prediction(parse)
    reasons = []
    confident_out_of_scope = said == OUT_OF_SCOPE and (confidence or 0.0) >= threshold
    if said == FALLBACK_INTENT or (FALLBACK_ACTIONS.intersection(turn.actions) and not confident_out_of_scope):
        reasons.append(FALLBACK)
    _, topic_confidence = _topic(parse) if intent == FAQ else (None, None)
    if (confidence is not None and confidence < threshold) or (
        topic_confidence is not None and topic_confidence < threshold
    ):
        reasons.append(LOW_CONFIDENCE)
    if after is not None and not after.is_payload and not after.in_handoff_form:
        next_intent = (after.parse.get("intent") or {}).get("name")
        answered = bool(turn.bot_texts)
        if answered and next_intent == HANDOFF_INTENT and intent != HANDOFF_INTENT:
            reasons.append(ASKED_FOR_PERSON)
        elif answered and _complains(after.text):
            reasons.append(NOT_WHAT_I_ASKED)
        elif min(len(tokens(turn.text)), len(tokens(after.text))) >= MIN_TOKENS and shares_most_words(
            turn.text, after.text
        ):
            reasons.append(REPHRASED)
    return reasons


def review_candidates(
    events: Sequence[Event],
    threshold: float,
    form_slots: Iterable[str],
    since: float | None = None,
) -> list[Candidate]:
    """The messages of one conversation (its events in order) for the queue."""
    turns, known = _turns(events, form_slots)
    found = []
    for index, turn in enumerate(turns):
        if turn.is_payload or turn.in_handoff_form or not turn.text.strip():
            continue
        if since is not None and turn.event.timestamp < since:
            continue
        after = turns[index + 1] if index + 1 < len(turns) else None
        if after is not None and after.position - turn.position > WINDOW_EVENTS:
            after = None
        reasons = _reasons(turn, after, threshold)
        if not reasons:
            continue
        intent, confidence = _prediction(turn.parse)
        topic, topic_confidence = _topic(turn.parse) if intent == FAQ else (None, None)
        found.append(
            Candidate(
                event_id=turn.event.id,
                sent_at=turn.event.timestamp,
                text=redact_message(turn.text, known),
                reasons=tuple(reasons),
                intent=intent,
                intent_confidence=confidence,
                topic=topic,
                topic_confidence=topic_confidence,
                reply=redact_message("\n".join(turn.bot_texts), known),
            )
        )
    return found
