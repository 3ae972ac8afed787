"""The fit assessment: its questions, how answers are read, which to ask next,
the outcome and how it is told.

Owns the check end to end, as plain data and text: nothing here knows Rasa or
stores anything. Modules, each one concern:
- slots: slot names and the values they hold
- answers: a validated view of the slots (`Answers`)
- audience: "you" or "your son" in wording
- matching: forgiving phrase matching with negation, for free text
- answer_words: the answer words, read once from answer_words.yml
- yes_no: yes, no and "not sure" in visitors' words
- cage_score: the CAGE-AID answer read as a count of items
- cage_items: the CAGE-AID items one at a time when no count can be read
- parsing: `parse_answer` for one question
- questions: the catalogue and `question_for`
- severity: self-rating cross-checked with the CAGE-AID score
- planning: `remaining_questions`
- triage: the rules from answers to an outcome (`triage`)
- outcome: the outcomes, their reasons in words and `outcome_message`
- situation: the reply when a visitor describes their situation
From bot/ it imports only `bot.dialogue` (prompts and buttons) and
`bot.language` (normalised text); never its sibling domain packages
(`bot.programs`, `bot.handoff`) or anything above them (.importlinter).
actions/assessment.py adapts it to Rasa.
"""

from bot.assessment.answers import Answers
from bot.assessment.audience import Audience
from bot.assessment.parsing import ParseResult, parse_answer
from bot.assessment.planning import next_question, remaining_questions
from bot.assessment.questions import QUESTIONS, assessment_intro, question_for
from bot.assessment.slots import ASSESSMENT_SLOTS, MAX_QUESTIONS, QUESTION_ORDER

__all__ = [
    "ASSESSMENT_SLOTS",
    "MAX_QUESTIONS",
    "QUESTIONS",
    "QUESTION_ORDER",
    "Answers",
    "Audience",
    "ParseResult",
    "assessment_intro",
    "next_question",
    "parse_answer",
    "question_for",
    "remaining_questions",
]
