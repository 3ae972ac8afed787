"""Who the assessment is about, and how to name them: "you" or "your son".

A relation is only used in wording when it is one of the known family or social
relations of bot/language/vocabulary.yml, so free text typed by a visitor never ends up in the
assistant's own sentences.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.assessment.answers import Answers
from bot.language.vocabulary import relation_of

DEFAULT_LOVED_ONE = "loved one"


def canonical_relation(word: str | None) -> str | None:
    """ "hubby" -> "husband", "my son" -> "son"; None for anything unknown.

    The shared vocabulary (bot/language/vocabulary.yml) decides, so the
    wording names the relation the intake-fact reader and the answer parser
    stored.
    """
    return relation_of(word)


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
