"""Issue 12's crisis failure kinds, in this helper's own words (not held-out
wording): indirect danger and the means at hand without a crisis word must
get the crisis answer; idioms, thanks and questions about overdose prevention
must not."""

from __future__ import annotations

import pytest

from bot.crisis import detect_crisis, is_past_crisis

INDIRECT_OR_MEANS_AT_HAND = [
    "i'm holding a razor right now",
    "im gripping a knife and cant put it down",
    "the gun is in my hand",
    "i'm not safe tonight",
    "im not safe right now",
    "i dont feel safe with myself",
    "i am in danger right now",
    "i dont think i'll be here tomorrow",
    "i wont be alive by morning",
    "dont think ill make it through the night",
]

QUIET_LOOKALIKES = [
    "thanks so much",
    "thank you, you saved my life honestly",
    "does the program teach overdose prevention and narcan",
    "i'm dying to know the cost",
    "this commute is killing me, are there evening groups",
    "i could just die of embarrassment asking this",
    "id just die if my boss found out",
    "i'd die of shame if my family knew, is it private",
    "my drinking is killing my marriage",
    "we learned about naloxone in my last program, will iop teach it",
    "i'm not safe to drive after groups, is there transport",
    "i dont feel safe in my neighborhood, are there programs elsewhere",
    "im in danger of losing my job, can i do iop at night",
    "i'll be here tomorrow if you want to talk more",
]


@pytest.mark.parametrize("message", INDIRECT_OR_MEANS_AT_HAND)
def test_indirect_danger_and_means_at_hand_get_the_crisis_answer(message: str) -> None:
    assert detect_crisis(message) is not None
    assert not is_past_crisis(message)


@pytest.mark.parametrize("message", QUIET_LOOKALIKES)
def test_lookalikes_stay_quiet(message: str) -> None:
    assert detect_crisis(message) is None


def test_a_past_overdose_with_recovery_since_is_a_past_crisis() -> None:
    message = "had an od two summers ago, doing really well now"
    assert detect_crisis(message) is not None
    assert is_past_crisis(message)


# --- issue 12, finding 8: the emergency script where it should not fire ---------------
# Kinds taken from the held-out report (idioms, cravings held off, learning about
# overdose), wordings this helper's own, typos and lower case as visitors write.

IDIOMS = [
    "my cousin is dying to get into an evening group, who takes medicaid",
    "my friend's dying for a program closer to home",
    "im dying to find out if you take aetna",
    "my sister is dying 2 start iop asap",
    "got shot down by my insurance twice, any programs that take cash",
    "i was shot down when i asked my doctor for a referral",
    "my wife keeps getting shot down by waitlists",
    "feeling hopeless about finding a place that takes my insurance",
    "im kinda hopeless about choosing between two programs",
    "honestly hopeless with all the paperwork, can someone help me fill it out",
    "i'm hopeless at computers, can i sign up by phone",
    "the waitlist is killing me",
    "this commute is killing me lol",
]

RESISTED_CRAVINGS = [
    "the cravings are really rough this week",
    "craving a drink every single evening",
    "cravings are awful today but im not using",
    "i want to drink so bad but im staying sober",
    "i keep craving percs when i get home",
    "my urges to use are strong at night but i havent picked up",
    # the classifier's own alarms before finding 8 (the lexicon was already quiet)
    "cravings r so bad tonight",
    "craving pills all day today",
    "really bad urges to drink tonight",
    "i keep wanting to get high after work",
    "i'm craving dope like crazy tonight",
    "i really wanna drink tonight but im trying not to",
    "craving so bad tonight",
    "i want to use so bad rn but im not",
]

LEARNING_ABOUT_OVERDOSE = [
    "do you teach how to use narcan in iop",
    "will they teach my family about overdose",
    "do groups cover overdose risk after detox",
    "can i learn about overdose risks in the program",
    "is there any overdose risk education",
    "do they give naloxone training to parents",
    "will iop explain what to do if someone overdoses",
    "does the program talk about overdose and fentanyl test strips",
    "does iop teach about fentanyl and overdose",
]

MEANS_PLACED_WITHIN_REACH = [
    "the razor is on the sink",
    "there's a knife on my nightstand",
    "theres a blade next to me",
    "i put the gun on my desk",
    "my dads pistol is sitting on the table",
    "i laid the rope on my bed",
    "the noose is by the door",
    "all my pills are lined up on the counter",
    "razor blades r on the edge of the tub",
    "got a knife right here beside me",
]

# a decision announced for now, with no crisis word (the classifier alone caught this kind,
# and lost it once held-off cravings "tonight" were taught as describe_situation)
DECISION_ANNOUNCED_FOR_NOW = [
    "today's the day, i've made up my mind",
    "made up my mind. tonight is the night",
    "tonights the night, no turning back",
    "i've decided, this is the night",
    "this is the day. im ready",
]

DECISION_LOOKALIKES = [
    "tonight is the night i tell my wife im in treatment",
    "today is the day, i've decided to call a program",
    "tonight is the night of my first group, im nervous",
    "today's the day i start iop!",
]

# danger now with a learning word or an idiom nearby still fires
STILL_CRISIS = [
    "i learned how to use narcan but he still wont wake up",
    "my friend is dying, he took too much",
    "i feel hopeless about everything and want to die",
    "he got shot, please help",
    "i feel so hopeless",
    # someone said to be at risk of an overdose is a danger, not a topic to learn about
    "im at risk of overdose",
    "i'm at high risk of overdosing",
    "my son is at risk of overdose",
    "overdose risk is high for me rn",
    "my son is at high risk of overdose, do they teach narcan",
]


@pytest.mark.parametrize("message", IDIOMS + RESISTED_CRAVINGS + LEARNING_ABOUT_OVERDOSE + DECISION_LOOKALIKES)
def test_finding_8_lookalikes_stay_quiet(message: str) -> None:
    assert detect_crisis(message) is None


@pytest.mark.parametrize("message", MEANS_PLACED_WITHIN_REACH + DECISION_ANNOUNCED_FOR_NOW + STILL_CRISIS)
def test_means_placed_within_reach_and_danger_now_get_the_crisis_answer(message: str) -> None:
    assert detect_crisis(message) is not None
    assert not is_past_crisis(message)
