"""What the assistant says: a text plus buttons, independent of any channel."""
from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Button:
    title: str
    payload: str

    def as_dict(self) -> dict[str, str]:
        return {"title": self.title, "payload": self.payload}


@dataclass(frozen=True)
class Prompt:
    text: str
    buttons: tuple[Button, ...] = field(default_factory=tuple)

    def buttons_as_dicts(self) -> list[dict[str, str]]:
        return [button.as_dict() for button in self.buttons]


def intent_payload(intent: str, entities: Mapping[str, Any] | None = None) -> str:
    """A Rasa button payload: `/intent` or `/intent{"entity": "value"}`."""
    if not entities:
        return f"/{intent}"
    return f"/{intent}{json.dumps(dict(entities), separators=(',', ':'))}"


def choice_payload(value: str) -> str:
    """Payload of an answer button: `/inform{"choice":"<value>"}`."""
    return intent_payload("inform", {"choice": value})


ASSESS_FIT = Button("Check if IOP fits", "/assess_fit")
FIND_PROGRAMS = Button("Find programs", "/find_program")
TALK_TO_PERSON = Button("Talk to a person", "/request_human")

# The three ways forward offered after most answers.
NEXT_STEPS: tuple[Button, ...] = (ASSESS_FIT, FIND_PROGRAMS, TALK_TO_PERSON)


def with_next_steps(text: str, first: Button | None = None) -> Prompt:
    """`text` followed by the standard next steps, optionally putting one first."""
    if first is None:
        return Prompt(text, NEXT_STEPS)
    rest = tuple(button for button in NEXT_STEPS if button != first)
    return Prompt(text, (first, *rest))
