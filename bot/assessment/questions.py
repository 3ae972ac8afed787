"""The assessment's questions: one short message each, with a button for every answer.

Each question has a wording for the visitor ("you") and one for someone they care
about ("your son", or "your loved one" when the relation isn't known).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from bot.assessment.answers import Answers, AnswersLike, as_answers
from bot.assessment.audience import Audience, sentence_case
from bot.assessment.cage_items import asked_again, item_number
from bot.assessment.slots import (
    ANXIETY,
    CAGE_AID_SCORE,
    CO_OCCURRING,
    CO_OCCURRING_SERIOUS,
    DEPENDENTS,
    DEPRESSION,
    FOR_WHOM,
    LOVED_ONE,
    MILD,
    MODERATE,
    NO,
    NONE,
    OTHER,
    RELAPSE,
    RESPONSIBILITIES,
    SAFETY_RISK,
    SCHOOL,
    SELF,
    SEVERE,
    SEVERITY,
    STEP_DOWN,
    TRAUMA,
    TREATED_BEFORE,
    UNSURE,
    WITHDRAWAL_RISK,
    WORK,
    YES,
)
from bot.dialogue.prompts import Button, Prompt, choice_payload


@dataclass(frozen=True)
class Option:
    """One answer button: what it says and the value it sends."""

    title: str
    value: str

    def button(self) -> Button:
        return Button(self.title, choice_payload(self.value))


@dataclass(frozen=True)
class Question:
    slot: str
    wording: Callable[[Audience, Answers], str]
    options: tuple[Option, ...]


_YES_NO = (Option("Yes", YES), Option("No", NO))

# How a co-occurring concern is named inside a sentence.
CONCERN_NAMES: Mapping[str, str] = {
    ANXIETY: "anxiety",
    DEPRESSION: "depression",
    TRAUMA: "past trauma",
    OTHER: "other mental health concerns",
}


def join_words(items: tuple[str, ...]) -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def concerns_phrase(answers: Answers) -> str:
    """ "anxiety and depression"; "other mental health concerns" when none are named."""
    names = tuple(CONCERN_NAMES[c] for c in answers.concerns)
    return join_words(names) if names else CONCERN_NAMES[OTHER]


def _for_whom(aud: Audience, answers: Answers) -> str:
    return "Is this check for you, or for someone you care about?"


def _safety(aud: Audience, answers: Answers) -> str:
    return aud.say(
        "Before anything else: are you having thoughts of hurting yourself, or have you "
        "overdosed recently? If so, I'll point you to help right away.",
        "Before anything else: is {who} having thoughts of hurting themselves, or have "
        "they overdosed recently? If so, I'll point you to help right away.",
    )


def _withdrawal(aud: Audience, answers: Answers) -> str:
    return aud.say(
        "When you cut back or stop, do you get withdrawal signs like shaking, sweating "
        "or feeling very sick? Or do you drink heavily, or take benzos or opioids, "
        "every day?",
        "When {who} cuts back or stops, do they get withdrawal signs like shaking, "
        "sweating or feeling very sick? Or do they drink heavily, or take benzos or "
        "opioids, every day?",
    )


def _step_down(aud: Audience, answers: Answers) -> str:
    return aud.say(
        "Have you recently finished detox, or a stay in inpatient or residential treatment?",
        "Has {who} recently finished detox, or a stay in inpatient or residential treatment?",
    )


def _severity(aud: Audience, answers: Answers) -> str:
    return aud.say(
        "How much is drinking or drug use affecting your life right now? Pick the one closest to how it feels.",
        "How much is drinking or drug use affecting {whose} life right now? Pick the "
        "one closest to how it looks to you.",
    )


# The four CAGE-AID items, worded for the visitor and for someone they care about.
CAGE_AID_ITEM_WORDINGS: tuple[tuple[str, str], ...] = (
    (
        "Have you ever felt you ought to cut down on drinking or drug use?",
        "Have they ever felt they ought to cut down on drinking or drug use?",
    ),
    (
        "Have people annoyed you by criticizing your drinking or drug use?",
        "Have people annoyed them by criticizing their drinking or drug use?",
    ),
    (
        "Have you felt bad or guilty about your drinking or drug use?",
        "Have they felt bad or guilty about their drinking or drug use?",
    ),
    (
        "Have you needed a drink or drug first thing in the morning, to steady your nerves or ease a hangover?",
        "Have they needed a drink or drug first thing in the morning, to steady their nerves or ease a hangover?",
    ),
)


def _cage_aid(aud: Audience, answers: Answers) -> str:
    intro = aud.say(
        "Here are four quick questions from a standard screen (CAGE-AID). How many are true for you?",
        "Here are four quick questions from a standard screen (CAGE-AID). How many are "
        "true for {who}? Your best guess is fine.",
    )
    items = "\n".join(f"{n}. {aud.say(*wording)}" for n, wording in enumerate(CAGE_AID_ITEM_WORDINGS, start=1))
    return f"{intro}\n{items}"


def _co_occurring(aud: Audience, answers: Answers) -> str:
    return aud.say(
        "Are you also dealing with a mental health concern, like anxiety, depression "
        "or past trauma? If there's more than one, you can type them.",
        "Is {who} also dealing with a mental health concern, like anxiety, depression "
        "or past trauma? If there's more than one, you can type them.",
    )


def _co_occurring_serious(aud: Audience, answers: Answers) -> str:
    if answers.concerns:
        concerns = concerns_phrase(answers)
        mentioned = aud.say(f"You mentioned {concerns}.", f"You mentioned {{whose}} {concerns}.")
    else:
        mentioned = aud.say(
            "You mentioned a mental health concern.",
            "You mentioned a mental health concern for {who}.",
        )
    return mentioned + aud.say(
        " Is that serious right now, making it hard to get through the day?",
        " Is that serious right now, making it hard for them to get through the day?",
    )


def _treated_before(aud: Audience, answers: Answers) -> str:
    return aud.say(
        "Have you ever had treatment for drinking or drug use before, like detox, rehab or an outpatient program?",
        "Has {who} ever had treatment for drinking or drug use before, like detox, rehab or an outpatient program?",
    )


def _relapse(aud: Audience, answers: Answers) -> str:
    return aud.say(
        "Were you sober for a long stretch in the past, and then recently started drinking or using again?",
        "Was {who} sober for a long stretch in the past, and then recently started drinking or using again?",
    )


def _responsibilities(aud: Audience, answers: Answers) -> str:
    return aud.say(
        "Do you have responsibilities you can't step away from for weeks, like a job, "
        "school, or caring for children or family? If there's more than one, you can "
        "type them.",
        "Does {who} have responsibilities they can't step away from for weeks, like a "
        "job, school, or caring for children or family? If there's more than one, you "
        "can type them.",
    )


QUESTIONS: Mapping[str, Question] = {
    q.slot: q
    for q in (
        Question(
            FOR_WHOM,
            _for_whom,
            (Option("For me", SELF), Option("For someone I care about", LOVED_ONE)),
        ),
        Question(SAFETY_RISK, _safety, _YES_NO),
        Question(WITHDRAWAL_RISK, _withdrawal, _YES_NO),
        Question(STEP_DOWN, _step_down, _YES_NO),
        Question(
            SEVERITY,
            _severity,
            (
                Option("Mild: it worries me, but daily life mostly works", MILD),
                Option(
                    "Moderate: it's causing real problems at home, work or with health",
                    MODERATE,
                ),
                Option("Severe: it has taken over most of daily life", SEVERE),
                Option("Not sure", UNSURE),
            ),
        ),
        Question(
            CAGE_AID_SCORE,
            _cage_aid,
            (
                Option("None", "0"),
                Option("1", "1"),
                Option("2", "2"),
                Option("3", "3"),
                Option("All 4", "4"),
            ),
        ),
        Question(
            CO_OCCURRING,
            _co_occurring,
            (
                Option("Anxiety", ANXIETY),
                Option("Depression", DEPRESSION),
                Option("Trauma", TRAUMA),
                Option("Something else", OTHER),
                Option("None of these", NONE),
            ),
        ),
        Question(
            CO_OCCURRING_SERIOUS,
            _co_occurring_serious,
            (Option("Yes, it's serious", YES), Option("No, it's manageable", NO)),
        ),
        Question(TREATED_BEFORE, _treated_before, _YES_NO),
        Question(RELAPSE, _relapse, _YES_NO),
        Question(
            RESPONSIBILITIES,
            _responsibilities,
            (
                Option("Work", WORK),
                Option("School", SCHOOL),
                Option("Caring for others", DEPENDENTS),
                Option("None of these", NONE),
            ),
        ),
    )
}

ASK_AGAIN = "Sorry, I didn't quite catch that. You can tap an answer or say it another way."


def question_for(slot: str, answers: AnswersLike, again: bool = False) -> Prompt:
    """The question for `slot`, worded for who it is about, with its answer buttons.

    With `again=True` (the last answer wasn't understood) it starts with a short
    apology. Raises KeyError for a slot that is not a question.
    """
    question = QUESTIONS[slot]
    known = as_answers(answers)
    text = sentence_case(question.wording(Audience.from_answers(known), known))
    if again:
        text = f"{ASK_AGAIN}\n{text}"
    return Prompt(text, tuple(option.button() for option in question.options))


def cage_item_question(marks: Sequence[str], answers: AnswersLike) -> Prompt:
    """One CAGE-AID item as a yes/no question (bot.assessment.cage_items says when)."""
    known = as_answers(answers)
    number = item_number(marks)
    question = Audience.from_answers(known).say(*CAGE_AID_ITEM_WORDINGS[number - 1])
    if asked_again(marks):
        lead = ASK_AGAIN
    elif number == 1:
        lead = "Let's take them one at a time."
    else:
        lead = ""
    text = sentence_case(f"{lead}\n{number} of {len(CAGE_AID_ITEM_WORDINGS)}: {question}".lstrip("\n"))
    return Prompt(text, tuple(option.button() for option in _YES_NO))


def assessment_intro(question_count: int) -> str:
    """The line that opens the assessment, given how many questions may follow."""
    return (
        f"I'll ask up to {question_count} short questions to see whether IOP could fit. "
        'This is guidance, not a diagnosis, and you can say "stop" at any time.'
    )
