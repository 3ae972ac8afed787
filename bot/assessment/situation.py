"""The reply when a visitor describes their situation ("i just got out of rehab").

The facts were already read from their words into slots; this picks the one that
matters most, answers it in a few warm sentences, and points the way forward.
Safety first: withdrawal symptoms come before everything else.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.assessment import Answers, Audience
from bot.assessment.audience import sentence_case
from bot.dialogue.prompts import ASSESS_FIT, TALK_TO_PERSON, Prompt, with_next_steps


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
        return with_next_steps(sentence_case(text), first=TALK_TO_PERSON)
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
    elif answers.concerns:
        text = aud.say(
            "Many people who struggle with drinking or drugs also live with a mental health "
            "concern, and both can be treated together. Programs with dual-diagnosis care "
            "are built for this, and I can look for them near you.",
            "Many people who struggle with drinking or drugs also live with a mental health "
            "concern, and both can be treated together. Programs with dual-diagnosis care "
            "are built for this, and I can look for them near {who}.",
        )
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
            "Thank you for sharing that; it takes courage. I can run a short check of whether "
            "IOP might fit, find programs nearby, or connect you with a person."
        )
    return with_next_steps(sentence_case(text), first=ASSESS_FIT)
