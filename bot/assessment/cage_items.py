"""The CAGE-AID screen one item at a time, when the count can't be read.

Rules:
- The CAGE-AID question asks how many of its four items are true. An answer
  that gives a count ("2", "none", "all but one", a button) is the score
  (bot.assessment.cage_score).
- Any other answer ("yes", "some of them", "a few", words the count can't be
  read from) goes through the items one at a time, each a yes/no question
  with buttons: the whole question is never asked a second time.
- An item's answer is read as the other yes/no answers are ("yeah", "nah",
  "kinda": bot.assessment.yes_no). An unclear one asks that item once more;
  a second unclear answer counts the item as not true and moves on, so no
  item is asked a third time.
- The score is the number of items answered yes, once all four are answered.

The progress is a list of marks kept in the `cage_aid_items` slot: "yes" or
"no" per answered item, then "?" after one unclear answer to the next item;
None while the whole question is being asked.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.assessment.matching import clauses
from bot.assessment.slots import CAGE_AID_ITEMS, NO, YES
from bot.assessment.yes_no import Reply, reply_kind

__all__ = ["CAGE_AID_ITEMS_SLOT", "MISSED", "asked_again", "item_number", "read_item", "record", "score"]

CAGE_AID_ITEMS_SLOT = "cage_aid_items"
MISSED = "?"


def _answered(marks: Sequence[str]) -> list[str]:
    return [mark for mark in marks if mark in (YES, NO)]


def item_number(marks: Sequence[str]) -> int:
    """The item asked next, from 1."""
    return len(_answered(marks)) + 1


def asked_again(marks: Sequence[str]) -> bool:
    """True when the last answer to the current item was unclear."""
    return bool(marks) and marks[-1] == MISSED


def read_item(text: str | None, choice: Any | None = None) -> bool | None:
    """True or False for one item's answer (a Yes/No button or free text); None when unclear."""
    if choice is not None and str(choice).strip().lower() in (YES, NO):
        return str(choice).strip().lower() == YES
    if not text or text.lstrip().startswith("/"):
        return None
    kind = reply_kind(clauses(text))
    if kind in (Reply.YES, Reply.LEANS_YES):
        return True
    if kind is Reply.NO:
        return False
    return None


def record(marks: Sequence[str], answer: bool | None) -> list[str]:
    """The marks after an answer to the current item (see the rules)."""
    answered = _answered(marks)
    if answer is None and not asked_again(marks):
        return [*answered, MISSED]
    return [*answered, YES if answer else NO]


def score(marks: Sequence[str]) -> int | None:
    """How many items are true, once all are answered; None before."""
    answered = _answered(marks)
    return answered.count(YES) if len(answered) == CAGE_AID_ITEMS else None
