"""What the assistant says: a text plus buttons, independent of any channel, and
the offer the text ends with, if any (what a bare "yes" or "no" then answers;
bot/dialogue/offers.py)."""

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
class Offer:
    """What a message offers to do next: one option, or a choice between several.

    Sent with the message (`as_dict`), so a later "yes" or "no" can be read
    against the very offer the visitor saw.
    """

    name: str
    options: tuple[Button, ...]

    @property
    def is_choice(self) -> bool:
        return len(self.options) > 1

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "options": [option.as_dict() for option in self.options]}

    @classmethod
    def from_dict(cls, data: Any) -> Offer | None:
        """The offer sent with a message, or None when it is missing or malformed."""
        if not isinstance(data, Mapping) or not isinstance(data.get("name"), str):
            return None
        raw = data.get("options")
        if not isinstance(raw, list) or not raw:
            return None
        options = []
        for item in raw:
            if not isinstance(item, Mapping):
                return None
            title, payload = item.get("title"), item.get("payload")
            if not isinstance(title, str) or not isinstance(payload, str):
                return None
            options.append(Button(title, payload))
        return cls(data["name"], tuple(options))


@dataclass(frozen=True)
class Prompt:
    text: str
    buttons: tuple[Button, ...] = field(default_factory=tuple)
    offer: Offer | None = None  # set when the text ends with an offer

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


def with_next_steps(text: str, first: Button | None = None, offer: Offer | None = None) -> Prompt:
    """`text` followed by the standard next steps, optionally putting one first."""
    if first is None:
        return Prompt(text, NEXT_STEPS, offer)
    rest = tuple(button for button in NEXT_STEPS if button != first)
    return Prompt(text, (first, *rest), offer)
