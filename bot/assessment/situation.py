"""The reply when a visitor describes their situation ("i just got out of rehab").

The facts were already read from their words into slots; this picks the one that
matters most, answers it in a few warm sentences, and points the way forward.
Safety first: withdrawal symptoms come before everything else.

Rules:
- A situation with no question gets the acknowledgement, the facts that fit it
  and a next step; with no fact to go on, the general facts of IOP (never only
  "thank you for sharing").
- A situation with a question ("my wife is on my plan, will it pay for her
  program") gets the answer, opened by one short clause that acknowledges the
  situation (`with_question`), unless withdrawal is described: then the
  withdrawal reply comes first, as always.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from bot.assessment import Answers, Audience
from bot.assessment.audience import sentence_case
from bot.dialogue.offers import (
    ADVISOR,
    ANY_NEXT_STEP,
    FIT_CHECK_OR_PROGRAMS,
    PROGRAM_SEARCH,
)
from bot.dialogue.prompts import ASSESS_FIT, TALK_TO_PERSON, Offer, Prompt, with_next_steps
from bot.dialogue.questions import combined_answer


def acknowledgement(slots: Mapping[str, Any]) -> Prompt:
    answers = Answers.from_slots(slots)
    aud = Audience.from_answers(answers)
    if answers.withdrawal_risk:
        text = aud.say(
            "Thank you for telling me. Withdrawal from alcohol, benzodiazepines or opioids "
            "can be dangerous, so please don't stop suddenly on your own: medical detox can "
            "help you stop safely, and IOP often follows it. An advisor can help you find "
            "detox now.",
            "Thank you for telling me. Withdrawal from alcohol, benzodiazepines or opioids "
            "can be dangerous, so {who} shouldn't stop suddenly alone: medical detox can help "
            "{who} stop safely, and IOP often follows it. An advisor can help you find detox now.",
        )
        return with_next_steps(sentence_case(text), first=TALK_TO_PERSON, offer=ADVISOR)
    offer: Offer | None = FIT_CHECK_OR_PROGRAMS  # what the text ends with
    if answers.step_down:
        text = aud.say(
            "Finishing detox or inpatient care takes real effort, well done. IOP is often the "
            "next step: it keeps support in place while you settle back into daily life. "
            "Want to check whether it fits, or look for programs nearby?",
            "Finishing detox or inpatient care takes real effort. IOP is often the next step "
            "for {who}: it keeps support in place while daily life starts again. Want to "
            "check whether it fits, or look for programs nearby?",
        )
    elif answers.relapse:
        text = aud.say(
            "Going back to drinking or using after a long stretch of sobriety happens to many "
            "people, and it doesn't erase what you achieved. IOP is a common way to get back "
            "on track without stepping away from everything.",
            "Going back to drinking or using after a long stretch of sobriety happens to many "
            "people, and it doesn't erase what {who} achieved. IOP is a common way to get back "
            "on track without stepping away from everything.",
        )
        offer = None
    elif answers.concerns:
        text = aud.say(
            "Many people who struggle with drinking or drugs also live with a mental health "
            "concern, and both can be treated together. Programs with dual-diagnosis care "
            "are built for this, and I can look for them near you.",
            "Many people who struggle with drinking or drugs also live with a mental health "
            "concern, and both can be treated together. Programs with dual-diagnosis care "
            "are built for this, and I can look for them near {who}.",
        )
        offer = PROGRAM_SEARCH
    elif answers.duties:
        text = aud.say(
            "IOP is designed for people who can't step away from work, school or family: you "
            "attend sessions and go home afterwards. I can check whether it fits, or find "
            "programs near you.",
            "IOP is designed for people who can't step away from work, school or family: "
            "{who} would attend sessions and go home afterwards. I can check whether it "
            "fits, or find programs nearby.",
        )
    elif answers.about_loved_one:
        text = aud.say(
            "",
            "It's hard to watch someone you care about struggle, and reaching out for "
            "{who} matters. I can explain the options, check whether IOP might fit "
            "{who}, or find programs nearby.",
        )
    else:
        text = (
            "Thank you for sharing that; it takes courage. In IOP you attend treatment a few "
            "days a week, usually for 3 to 9 months, and go home afterwards, so work and "
            "family can go on. I can run a short check of whether IOP might fit, find "
            "programs nearby, or connect you with a person."
        )
        offer = ANY_NEXT_STEP
    return with_next_steps(sentence_case(text), first=ASSESS_FIT, offer=offer)


def opening_clause(slots: Mapping[str, Any]) -> str:
    """One short clause that acknowledges the situation, before an answer."""
    answers = Answers.from_slots(slots)
    aud = Audience.from_answers(answers)
    if answers.about_loved_one:
        return sentence_case(aud.say("", "It's good that you're looking into this for {who}."))
    if answers.step_down:
        return "Well done on finishing detox or inpatient care."
    if answers.relapse:
        return "A return to drinking or using doesn't erase what you achieved."
    if answers.concerns:
        return "Thank you for telling me about your mental health too."
    if answers.duties:
        return "Fitting treatment around your commitments is a fair concern."
    return "Thanks for telling me a little about your situation."


def with_question(slots: Mapping[str, Any], topics: Sequence[str], answers: Mapping[str, str]) -> Prompt:
    """The reply to a situation that comes with questions about `topics`
    ("faq/cost_insurance"...; their full answers in `answers`)."""
    if Answers.from_slots(slots).withdrawal_risk or not topics:
        return acknowledgement(slots)
    return combined_answer(topics, answers, opening=opening_clause(slots))
