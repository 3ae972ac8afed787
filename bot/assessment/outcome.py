"""What the assistant says for each outcome of the fit check, and why.

Owns the outcomes themselves (`Outcome`, the article's four `Situation`s, the
`TriageResult` record), the reasons worded for who the check is about, the
buttons offered after each outcome, and `outcome_message`. Which outcome the
answers lead to is decided in bot/assessment/triage.py, which builds its reasons
from the phrases here.

The message says the outcome, why, the CAGE-AID score with its cut-off, that it
is guidance and not a diagnosis, and the next step. The screen's effect on the
self-rating is told once, with the score. A higher level of care says what it
adds over IOP; whenever a mental health concern was reported (whatever the
outcome, except a crisis) the message points to dual-diagnosis (co-occurring)
care and says why it matters: both are treated together, so recovery covers both.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum

from bot.assessment.answers import Answers, AnswersLike, as_answers
from bot.assessment.audience import Audience, sentence_case
from bot.assessment.questions import concerns_phrase, join_words
from bot.assessment.severity import raised_by_screen
from bot.assessment.slots import (
    CAGE_AID_ITEMS,
    CAGE_AID_POSITIVE_AT,
    DEPENDENTS,
    SCHOOL,
    UNSURE,
    WORK,
)
from bot.dialogue.offers import ADVISOR, ADVISOR_OR_FIT_CHECK, PROGRAMS_OR_ADVISOR
from bot.dialogue.prompts import (
    FIND_PROGRAMS,
    TALK_TO_PERSON,
    Button,
    Offer,
    Prompt,
    intent_payload,
)


class Outcome(str, Enum):
    """Stored in the `assessment_outcome` slot (by value)."""

    CRISIS = "crisis"
    DETOX_FIRST = "detox_first"
    HIGHER_LEVEL_OF_CARE = "higher_level_of_care"
    DUAL_DIAGNOSIS = "dual_diagnosis"
    IOP_FIT = "iop_fit"
    UNCERTAIN = "uncertain"


class Situation(str, Enum):
    """The article's four situations in which IOP is a good fit, in its order."""

    STEP_DOWN = "step_down"  # recently finished detox or inpatient care
    MILD_OR_MODERATE = "mild_or_moderate"  # mild/moderate use, no co-occurring issues
    RELAPSE = "relapse"  # relapse after a long period of sobriety
    RESPONSIBILITIES = "responsibilities"  # work, school or dependents


# Redoing the check clears the earlier answers (actions/assessment.py).
CHECK_AGAIN = Button("Check again", intent_payload("assess_fit", {"choice": "redo"}))

# Buttons after each outcome, the recommended step first.
NEXT_STEPS: Mapping[Outcome, tuple[Button, ...]] = {
    Outcome.CRISIS: (TALK_TO_PERSON,),
    Outcome.DETOX_FIRST: (TALK_TO_PERSON, FIND_PROGRAMS, CHECK_AGAIN),
    Outcome.HIGHER_LEVEL_OF_CARE: (TALK_TO_PERSON, FIND_PROGRAMS, CHECK_AGAIN),
    Outcome.DUAL_DIAGNOSIS: (FIND_PROGRAMS, TALK_TO_PERSON, CHECK_AGAIN),
    Outcome.IOP_FIT: (FIND_PROGRAMS, TALK_TO_PERSON, CHECK_AGAIN),
    Outcome.UNCERTAIN: (TALK_TO_PERSON, CHECK_AGAIN, FIND_PROGRAMS),
}

# What the last sentence of each outcome offers (bot/dialogue/offers.py).
OFFERS: Mapping[Outcome, Offer] = {
    Outcome.DETOX_FIRST: ADVISOR,
    Outcome.HIGHER_LEVEL_OF_CARE: ADVISOR,
    Outcome.DUAL_DIAGNOSIS: PROGRAMS_OR_ADVISOR,
    Outcome.IOP_FIT: PROGRAMS_OR_ADVISOR,
    Outcome.UNCERTAIN: ADVISOR_OR_FIT_CHECK,
}

GUIDANCE_NOTE = "This is guidance, not a diagnosis."


@dataclass(frozen=True)
class TriageResult:
    outcome: Outcome
    reasons: tuple[str, ...]  # short phrases, e.g. "you recently finished detox or inpatient care"
    cage_aid_score: int | None  # 0-4, None when not asked
    cage_aid_positive: bool | None  # 2 or more of 4
    handoff_reason: str | None  # detox / higher_level_of_care / dual_diagnosis / crisis
    search_preferences: tuple[str, ...]  # program search presets, e.g. ("dual_diagnosis",)
    next_steps: tuple[Button, ...]  # recommended first
    situations: tuple[Situation, ...] = ()  # for iop_fit: the matching situations
    effective_severity: str | None = None  # mild/moderate/severe after the cross-check


# --- reasons, worded for who it is about ---------------------------------------------


def crisis_reason(aud: Audience) -> str:
    return aud.say(
        "you said you're having thoughts of hurting yourself or had a recent overdose",
        "you said {who} may be thinking of hurting themselves or had a recent overdose",
    )


def withdrawal_reason(aud: Audience) -> str:
    return aud.say(
        "you may get withdrawal when you cut back or stop",
        "{who} may get withdrawal when they cut back or stop",
    )


def severe_reason(aud: Audience) -> str:
    return aud.say(
        "you described your drinking or drug use as severe",
        "you described {whose} drinking or drug use as severe",
    )


def serious_concern_reason(aud: Audience, answers: Answers) -> str:
    concerns = concerns_phrase(answers)
    return aud.say(
        f"you're also dealing with {concerns}, and it's serious right now",
        f"{{who}} is also dealing with {concerns}, and it's serious right now",
    )


def untreated_reason(aud: Audience) -> str:
    return aud.say(
        "you haven't had treatment before",
        "{who} hasn't had treatment before",
    )


def moderate_untreated_reason(aud: Audience) -> str:
    return aud.say(
        "your use is at a moderate level and you haven't had treatment before",
        "{whose} use is at a moderate level and they haven't had treatment before",
    )


def screen_note(aud: Audience, answers: Answers) -> str | None:
    """Why the screen changed how the self-rating was read, if it did."""
    score = answers.cage_aid_score
    if raised_by_screen(answers.severity, score):
        return aud.say(
            f"you rated it mild, but {score} of the {CAGE_AID_ITEMS} screening answers "
            "were yes, so I've treated it as at least moderate",
            f"you rated {{whose}} use as mild, but {score} of the {CAGE_AID_ITEMS} "
            "screening answers were yes, so I've treated it as at least moderate",
        )
    if answers.severity == UNSURE and score is not None:
        return aud.say(
            f"you weren't sure how serious it is, so I went by the screening answers ({score} of {CAGE_AID_ITEMS})",
            f"you weren't sure how serious {{whose}} use is, so I went by the screening "
            f"answers ({score} of {CAGE_AID_ITEMS})",
        )
    return None


_DUTY_NAMES = {WORK: "a job", SCHOOL: "school", DEPENDENTS: "caring for others"}


def situation_reason(situation: Situation, aud: Audience, answers: Answers, severity: str) -> str:
    if situation is Situation.STEP_DOWN:
        return aud.say(
            "you recently finished detox or inpatient care",
            "{who} recently finished detox or inpatient care",
        )
    if situation is Situation.MILD_OR_MODERATE:
        return aud.say(
            f"your use sounds {severity} with no other mental health concerns",
            f"{{whose}} use sounds {severity} with no other mental health concerns",
        )
    if situation is Situation.RELAPSE:
        return aud.say(
            "you were sober for a long stretch and recently started again",
            "{who} was sober for a long stretch and recently started again",
        )
    duties = join_words(tuple(_DUTY_NAMES[d] for d in answers.duties))
    return aud.say(
        f"you need to keep up with {duties}",
        f"{{who}} needs to keep up with {duties}",
    )


def dual_reasons(aud: Audience, answers: Answers, severity: str) -> tuple[str, ...]:
    concerns = concerns_phrase(answers)
    reasons = [
        aud.say(f"you're also dealing with {concerns}", f"{{who}} is also dealing with {concerns}"),
        aud.say(f"your use sounds {severity}", f"{{whose}} use sounds {severity}"),
    ]
    if answers.step_down:
        reasons.append(situation_reason(Situation.STEP_DOWN, aud, answers, severity))
    return tuple(reasons)


UNCERTAIN_REASON = "we didn't get through all the questions"


# --- the message ----------------------------------------------------------------------

# Why dual-diagnosis care matters, in the article's terms: a full recovery
# needs the mental health side cared for too.
DUAL_CARE_WHY = "which treats mental health and substance use together, so that recovery covers both"


def _headline(outcome: Outcome, aud: Audience) -> str:
    you = aud.say("you", "{who}")
    return {
        Outcome.DETOX_FIRST: (
            f"A medically supervised detox looks like the safest first step for {you}, "
            "with IOP as a possible step down afterwards."
        ),
        Outcome.HIGHER_LEVEL_OF_CARE: (
            "A higher level of care, such as residential treatment or partial "
            "hospitalization, gives more support and structure every day, and it may "
            f"suit {you} better than IOP right now."
        ),
        Outcome.DUAL_DIAGNOSIS: (
            f"IOP could work well for {you}, ideally in a program with dual-diagnosis "
            f"(co-occurring) care, {DUAL_CARE_WHY}."
        ),
        Outcome.IOP_FIT: f"IOP looks like a good fit for {you}.",
        Outcome.UNCERTAIN: (
            f"I can't tell yet whether IOP fits {you}, because we didn't get through all the questions."
        ),
    }[outcome]


def _dual_care_step(outcome: Outcome, aud: Audience) -> str:
    """The next step when a concern was reported and the outcome is not dual_diagnosis."""
    if outcome is Outcome.DETOX_FIRST:
        return aud.say(
            "An advisor can help you find a safe detox and, after it, a program with "
            f"dual-diagnosis (co-occurring) care, {DUAL_CARE_WHY}.",
            "An advisor can help you find a safe detox for {who} and, after it, a program "
            f"with dual-diagnosis (co-occurring) care, {DUAL_CARE_WHY}.",
        )
    return aud.say(
        "An advisor can help you find the right place, ideally one with dual-diagnosis "
        f"(co-occurring) care, {DUAL_CARE_WHY}.",
        "An advisor can help you find the right place for {who}, ideally one with "
        f"dual-diagnosis (co-occurring) care, {DUAL_CARE_WHY}.",
    )


def _next_step(outcome: Outcome, aud: Audience, answers: Answers) -> str:
    concern_reported = bool(answers.has_co_occurring) or answers.co_occurring_serious is True
    if concern_reported and outcome in (Outcome.DETOX_FIRST, Outcome.HIGHER_LEVEL_OF_CARE):
        return _dual_care_step(outcome, aud)
    return {
        Outcome.DETOX_FIRST: aud.say(
            "An advisor can help you find a safe detox and plan what comes after.",
            "An advisor can help you find a safe detox for {who} and plan what comes after.",
        ),
        Outcome.HIGHER_LEVEL_OF_CARE: aud.say(
            "An advisor can talk the options through with you and help find the right place.",
            "An advisor can talk the options through with you and help find the right place for {who}.",
        ),
        Outcome.DUAL_DIAGNOSIS: (
            "I can look for programs with dual-diagnosis care, or you can talk it through with an advisor."
        ),
        Outcome.IOP_FIT: aud.say(
            "I can look for IOP programs near you, or you can talk it through with an advisor.",
            "I can look for IOP programs for {who}, or you can talk it through with an advisor.",
        ),
        Outcome.UNCERTAIN: ("An advisor can help you work it out, or you can pick up the questions again."),
    }[outcome]


def _join_reasons(reasons: tuple[str, ...]) -> str:
    """Reasons often contain "and" themselves, so three or more get a serial comma."""
    if len(reasons) <= 2:
        return join_words(reasons)
    return f"{', '.join(reasons[:-1])}, and {reasons[-1]}"


def _screen_sentence(answers: Answers, aud: Audience) -> str:
    """The CAGE-AID score with its cut-off, and how it changed the self-rating."""
    score = answers.cage_aid_score
    assert score is not None
    positive = score >= CAGE_AID_POSITIVE_AT
    yes = f"{score} of {CAGE_AID_ITEMS} answers {'was' if score == 1 else 'were'} yes"
    cut_off = (
        f"{CAGE_AID_POSITIVE_AT} or more usually means a full assessment by a professional is worth getting"
        if positive
        else f"below the usual cut-off of {CAGE_AID_POSITIVE_AT}"
    )
    if raised_by_screen(answers.severity, score):
        return aud.say(
            f"You rated it mild, but on the CAGE-AID screen {yes}, so I've treated it as at least moderate; {cut_off}.",
            f"You rated {{whose}} use as mild, but on the CAGE-AID screen {yes}, so I've "
            f"treated it as at least moderate; {cut_off}.",
        )
    if answers.severity == UNSURE:
        return aud.say(
            f"You weren't sure how serious it is, so I went by the CAGE-AID screen: {yes}, "
            f"{'and ' if positive else ''}{cut_off}.",
            f"You weren't sure how serious {{whose}} use is, so I went by the CAGE-AID "
            f"screen: {yes}, {'and ' if positive else ''}{cut_off}.",
        )
    separator = "; " if positive else ", "
    return aud.say(
        f"On the CAGE-AID screen, {yes}{separator}{cut_off}.",
        f"On the CAGE-AID screen, {yes} for {{who}}{separator}{cut_off}.",
    )


def _crisis_message(aud: Audience) -> str:
    return aud.say(
        "Your safety comes first. If you might act on thoughts of hurting yourself, call "
        "or text 988 now; if someone has overdosed, call 911. You don't have to handle "
        "this alone.",
        "Their safety comes first. If {who} might act on thoughts of self-harm, call or "
        "text 988 now; if someone has overdosed, call 911. You don't have to handle "
        "this alone.",
    )


def outcome_message(result: TriageResult, answers: AnswersLike) -> Prompt:
    """The outcome, why, the screen score, that it is guidance, and the next step.

    For `Outcome.CRISIS` the actions should send the crisis answer (utter_crisis);
    this returns a short safety message only as a fallback.
    """
    known = as_answers(answers)
    aud = Audience.from_answers(known)
    if result.outcome is Outcome.CRISIS:
        return Prompt(_crisis_message(aud), result.next_steps)
    sentences = [_headline(result.outcome, aud)]
    # the screen's effect on the self-rating is told with the score, not twice
    note = screen_note(aud, known)
    shown = tuple(r for r in result.reasons if r != note)
    if result.outcome is not Outcome.UNCERTAIN and shown:
        because = _join_reasons(shown)
        if result.outcome is Outcome.DETOX_FIRST:
            because += ", and withdrawal is safest with medical care"
        sentences.append(f"That's because {because}.")
    if known.cage_aid_score is not None:
        sentences.append(_screen_sentence(known, aud))
    sentences.append(GUIDANCE_NOTE)
    sentences.append(_next_step(result.outcome, aud, known))
    return Prompt(
        " ".join(sentence_case(s) for s in sentences),
        result.next_steps,
        OFFERS.get(result.outcome),
    )
