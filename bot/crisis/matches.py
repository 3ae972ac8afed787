"""What the detector returns: the crisis categories and one match in the visitor's text."""

from __future__ import annotations

from dataclasses import dataclass

from bot.language.mapped_text import MappedText

__all__ = ["CRISIS_CATEGORIES", "CrisisMatch", "to_crisis_match"]

# Also the order of preference when two matches start and end at the same place,
# and the file names of the lexicon (bot/crisis/lexicon/<category>.yml).
CRISIS_CATEGORIES: tuple[str, ...] = (
    "suicide",
    "self_harm",
    "overdose",
    "medical_emergency",
    "harm_to_others",
)


@dataclass(frozen=True)
class CrisisMatch:
    """One crisis phrase: its category and where it is in the visitor's text."""

    category: str
    phrase: str
    start: int
    end: int


def to_crisis_match(mapped: MappedText, category: str, start: int, end: int) -> CrisisMatch | None:
    """The match for `mapped.text[start:end]`, with offsets into the text as given.

    None when the span is empty or only whitespace in the original text.
    """
    if end <= start:
        return None
    source_start, source_end = mapped.source_span(start, end)
    phrase = mapped.source[source_start:source_end].strip()
    if not phrase:
        return None
    source_start = mapped.source.index(phrase, source_start)
    return CrisisMatch(category, phrase, source_start, source_start + len(phrase))
