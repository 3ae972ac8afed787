"""Past or present: whether a crisis message tells of danger now or of history.

The net (`detector`) answers every crisis mention, past ones included. This
module only chooses between the two answers: the emergency script for danger
now, and a caring reply that names 988 in passing for a crisis that is over
("had an od two summers ago, doing well now"). Rules:

* Past only when every clause (split at . ! ? ; , and "and"/"but") that a
  crisis phrase touches, or that holds one on its own, has a past-time marker: "... years ago",
  "back in 2016", "when i was 19", "used to", "last summer", "there was a time", "at one point". A clause with a
  crisis phrase and no marker ("i overdosed years ago and want to die") is
  present.
* Any present-danger cue anywhere makes it present, whatever the markers say:
  tonight, right now, again, still, lately, "just took", means at hand ("in
  front of me"), relapse, not breathing, "help me". When in doubt, present:
  an emergency script to someone safe is far cheaper than a missed crisis.
* Weeks and days ago count as present: that is too recent to call over.
* A message the net does not see but the classifier calls crisis is past when
  it has a past-time marker and no present-danger cue.

Every pattern is one scan of the text with no nested repetition (linear time).
"""

from __future__ import annotations

import re

from bot.crisis.detector import find_crisis_matches
from bot.language.text import normalize_with_offsets

__all__ = ["is_past_crisis"]

_COUNT = (
    r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|a few|few|a couple|a couple of|couple of"
    r"|several|many|some)"
)
_SPAN = r"(?:years?|yrs?|months|summers?|winters?|springs?|autumns?|falls?|christmases|decades?)"
_PAST_MARKER = re.compile(
    rf"\b(?:(?:{_COUNT} {_SPAN}|years|months|ages|a long time|a while|long time) (?:ago|back|before)"
    r"|back in (?:(?:19|20)\d\d|'?\d\d|the day|high school|college|my (?:teens|twenties|early twenties))"
    r"|in (?:19|20)\d\d"
    r"|when i was (?:\d+|younger|a teen|a teenager|a kid|in (?:high school|college|my (?:teens|twenties)))"
    r"|used to|last (?:year|summer|winter|spring|fall|autumn)|there was a time|at one point"
    r"|in (?:high school|college|my (?:teens|twenties|early twenties)))\b"
)
_PRESENT_DANGER = re.compile(
    r"\b(?:tonight|today|right now|rn|atm|at the moment|currently|this (?:morning|afternoon|evening|week|weekend)"
    r"|last night|yesterday|just (?:took|taken|did|used|swallowed|drank|shot|popped|cut|tried)"
    r"|again|still|any ?more|lately|these days|recently|days ago|weeks? ago|last (?:week|month)"
    r"|in front of (?:me|him|her|them)|in (?:my|his|her|their) hands?|next to (?:me|him|her)"
    r"|won'?t wake|wont wake|not breathing|isn'?t breathing|relaps\w*|thinking about it|help me|hopeless"
    r"|scared|afraid|urges?|tempted|plan|planning|going to|gonna)\b"
)
# where one clause ends and the next begins
_CLAUSE_BREAK = re.compile(r"[.!?;,\n]|\b(?:and|but)\b")


def _clauses(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for found in _CLAUSE_BREAK.finditer(text):
        spans.append((start, found.start()))
        start = found.end()
    spans.append((start, len(text)))
    return spans


def is_past_crisis(text: object) -> bool:
    """Whether the crisis in `text` is told as over, with no danger now (see the module rules).

    False for text with no past-time marker, and for anything that is not text.
    """
    mapped = normalize_with_offsets(text)
    normalised = mapped.text
    if not normalised or _PRESENT_DANGER.search(normalised) or not _PAST_MARKER.search(normalised):
        return False
    if not isinstance(text, str):
        return False
    # Matches point into the text as given, so the clauses are cut there too,
    # lower-cased to find the markers.
    source = text.lower()
    if len(source) != len(text):  # a rare letter whose lower case is longer: offsets would drift
        return False
    dated = [(start, end, bool(_PAST_MARKER.search(source[start:end]))) for start, end in _clauses(source)]
    for match in find_crisis_matches(text):
        touched = [has_marker for start, end, has_marker in dated if start < match.end and match.start < end]
        if not touched or not all(touched):
            return False
    # a clause with no marker must hold no crisis phrase of its own either
    # (the net may have matched it inside a longer phrase across clauses)
    return not any(find_crisis_matches(text[start:end]) for start, end, has_marker in dated if not has_marker)
