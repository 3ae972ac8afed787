"""Who the assessment is about, and how to name them: "you" or "your son".

A relation is only used in wording when it is one of the known family or social
relations below, so free text typed by a visitor never ends up in the
assistant's own sentences.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.assessment.answers import Answers

# canonical relation -> the words visitors use for it (normalised: lower case,
# no apostrophes or accents)
RELATION_WORDS: Mapping[str, tuple[str, ...]] = {
    "son": ("son", "sons", "stepson"),
    "daughter": ("daughter", "daughters", "stepdaughter"),
    "child": ("child", "kid", "teen", "teenager", "children", "kids"),
    "wife": ("wife", "wifey"),
    "husband": ("husband", "hubby", "hubs"),
    "partner": ("partner",),
    "spouse": ("spouse",),
    "fiance": ("fiance", "fiancee"),
    "boyfriend": ("boyfriend", "bf"),
    "girlfriend": ("girlfriend", "gf"),
    "brother": ("brother", "bro", "stepbrother"),
    "sister": ("sister", "sis", "stepsister"),
    "mom": ("mom", "mum", "mother", "mama", "mommy", "stepmom", "stepmother", "ma"),
    "dad": ("dad", "father", "daddy", "stepdad", "stepfather", "pops"),
    "grandson": ("grandson",),
    "granddaughter": ("granddaughter",),
    "grandmother": ("grandmother", "grandma", "nana", "granny"),
    "grandfather": ("grandfather", "grandpa", "granddad", "grandad"),
    "uncle": ("uncle",),
    "aunt": ("aunt", "auntie", "aunty"),
    "nephew": ("nephew",),
    "niece": ("niece",),
    "cousin": ("cousin",),
    "friend": ("friend", "buddy", "bestie", "bff", "pal"),
    "roommate": ("roommate", "roomate", "flatmate"),
    "coworker": ("coworker", "colleague", "coworkers"),
    "relative": ("relative", "relatives"),
    "client": ("client",),
    "patient": ("patient",),
}

_WORD_TO_RELATION: dict[str, str] = {word: relation for relation, words in RELATION_WORDS.items() for word in words}

DEFAULT_LOVED_ONE = "loved one"


def canonical_relation(word: str | None) -> str | None:
    """ "hubby" -> "husband", "my son" -> "son"; None for anything unknown."""
    if not word:
        return None
    text = word.strip().lower().replace("\u00e9", "e")
    if text.startswith("my "):
        text = text[3:].strip()
    if text.startswith("best "):  # "best friend"
        text = text[5:].strip()
    return _WORD_TO_RELATION.get(text)


def sentence_case(text: str) -> str:
    """Upper-case the first letter only ("your son is..." -> "Your son is...")."""
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class Audience:
    """The person the answers are about, as the assistant addresses them."""

    for_self: bool = True
    relation: str | None = None

    @classmethod
    def from_answers(cls, answers: Answers) -> Audience:
        if not answers.about_loved_one:
            return cls()
        return cls(for_self=False, relation=canonical_relation(answers.loved_one_relation))

    @property
    def who(self) -> str:
        """ "you", "your son" or "your loved one"."""
        if self.for_self:
            return "you"
        return f"your {self.relation or DEFAULT_LOVED_ONE}"

    @property
    def whose(self) -> str:
        """ "your", "your son's" or "your loved one's"."""
        return "your" if self.for_self else f"{self.who}'s"

    def say(self, for_self: str, for_other: str) -> str:
        """Pick the wording; `for_other` may use {who} and {whose}."""
        if self.for_self:
            return for_self
        return for_other.format(who=self.who, whose=self.whose)
