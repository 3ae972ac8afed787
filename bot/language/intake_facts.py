"""Facts a visitor states in passing, so the fit assessment can skip questions
already answered and program search can use stated preferences.

`extract_facts(text)` returns an `IntakeFacts`; `facts_as_entities(text)` the
same facts as Rasa-style entity dicts pointing at the words that stated them.

How a statement is read:

* Matching runs on `bot.language.text.normalize_with_offsets` (lower case, straight
  apostrophes, single spaces), so spans map back to what the visitor typed.
* The text is cut into clauses (at . ! ? ; new lines, ", " and words such as
  "but"). Negation is looked for in the few words before a cue, within its
  clause: "i don't have anxiety", "no withdrawals", "never been to rehab".
* Topic cues (withdrawal, mental health, relapse, treatment history) inside a
  question count only when the question is about someone ("can iop help *my*
  anxiety?"), not when it merely names a topic ("does iop help with
  anxiety?", "what is withdrawal?"); hypotheticals ("will i get withdrawals",
  "what if i relapse") never count.
* Preferences and substances do count in questions: "do you take medicaid?"
  is how visitors state a preference.
* When both an explicit negative and a positive are stated, the positive
  wins for safety-relevant booleans ("no withdrawals from weed but i get the
  shakes from alcohol" -> withdrawal_risk True).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Callable, Dict, Iterable, List, Match, NamedTuple, Optional, Sequence, Tuple, Union

from bot.language.preferences import PREFERENCES
from bot.language.text import MappedText, PatternIndex, normalize_with_offsets

__all__ = [
    "IntakeFacts",
    "ENTITY_NAMES",
    "SCHEDULE_PREFERENCES",
    "SCHEDULE_ENTITY",
    "extract_facts",
    "facts_as_entities",
]

ENTITY_NAMES: Tuple[str, ...] = (
    "for_whom",
    "loved_one_relation",
    "withdrawal_risk",
    "step_down",
    "treated_before",
    "relapse",
    "responsibilities",
    "co_occurring",
    "substance",
    "preference",
    "zipcode",
)
# Only emitted when asked for (facts_as_entities(..., include_schedule=True)).
SCHEDULE_ENTITY = "schedule_preference"

# Times of day a visitor asks for. The directory has no schedule data, so these
# are kept apart from bot/language/preferences.py: the assistant can say honestly that
# it cannot filter on them.
SCHEDULE_PREFERENCES: Tuple[str, ...] = ("morning", "daytime", "evening", "weekend")


@dataclass(frozen=True)
class IntakeFacts:
    """What a message says about the person who needs help (None/() = not stated)."""

    for_whom: Optional[str] = None  # "self" | "loved_one"
    loved_one_relation: Optional[str] = None  # "son", "wife", "friend"... when for_whom == "loved_one"
    withdrawal_risk: Optional[bool] = None
    step_down: Optional[bool] = None  # coming from detox/inpatient/residential recently
    treated_before: Optional[bool] = None
    relapse: Optional[bool] = None  # relapse after a period of sobriety
    responsibilities: Tuple[str, ...] = ()  # "work", "school", "dependents" or ("none",)
    co_occurring: Tuple[str, ...] = ()  # "anxiety", "depression", "trauma", "other" or ("none",)
    substances: Tuple[str, ...] = ()  # alcohol, opioids, stimulants, benzodiazepines, cannabis, other
    preferences: Tuple[str, ...] = ()  # names from bot.language.preferences.PREFERENCES
    schedule_preferences: Tuple[str, ...] = ()  # names from SCHEDULE_PREFERENCES
    zipcode: Optional[str] = None

    def is_empty(self) -> bool:
        return self == IntakeFacts()


# --- vocabulary -------------------------------------------------------------------

# relation word (as normalised) -> canonical relation
_RELATIONS: Dict[str, str] = {}


def _relations(canonical: str, *words: str) -> None:
    for word in words:
        _RELATIONS[word] = canonical


_relations("son", "son", "sons", "stepson", "step son", "step-son", "boy", "oldest son", "youngest son")
_relations("daughter", "daughter", "daughters", "stepdaughter", "step daughter", "step-daughter", "dtr")
_relations("husband", "husband", "hubby", "husbnd", "husban", "hubs", "ex husband", "ex-husband")
_relations("wife", "wife", "wifey", "ex wife", "ex-wife")
_relations("partner", "partner", "spouse", "significant other")
_relations("boyfriend", "boyfriend", "bf", "boyfreind", "boy friend")
_relations("girlfriend", "girlfriend", "gf", "girlfreind", "girl friend")
_relations("fiance", "fiance", "fiancee")
_relations("mom", "mom", "mother", "mum", "mama", "momma", "mommy", "stepmom", "step mom", "stepmother")
_relations("dad", "dad", "father", "daddy", "papa", "pops", "stepdad", "step dad", "stepfather")
_relations("brother", "brother", "brothers", "bro", "stepbrother", "step brother", "half brother", "little brother", "big brother", "older brother", "younger brother")
_relations("sister", "sister", "sisters", "sis", "stepsister", "step sister", "half sister", "little sister", "big sister", "older sister", "younger sister")
_relations("friend", "friend", "friends", "best friend", "bestie", "bff", "buddy", "homie")
_relations("child", "child", "kid", "kids", "children", "teen", "teenager", "teenage son", "teenage daughter", "stepchild", "stepkid", "youngest", "oldest")
_relations("grandson", "grandson", "grandsons", "grand son")
_relations("granddaughter", "granddaughter", "granddaughters", "grand daughter")
_relations("grandmother", "grandma", "grandmother", "granny", "nana")
_relations("grandfather", "grandpa", "grandfather", "granddad", "grandad")
_relations("uncle", "uncle")
_relations("aunt", "aunt", "auntie", "aunty")
_relations("cousin", "cousin", "cousins")
_relations("nephew", "nephew", "nephews")
_relations("niece", "niece", "nieces")
_relations("parent", "parent", "parents")
_relations("sibling", "sibling", "siblings")
_relations("roommate", "roommate", "room mate")
_relations("coworker", "coworker", "co-worker", "co worker", "colleague")
_relations("client", "client", "patient")
_relations("loved one", "loved one", "family member")

_REL = "(?:" + "|".join(sorted((re.escape(w) for w in _RELATIONS), key=len, reverse=True)) + ")"
_POSSESSIVE = r"(?:my|our|a|mi)"
# "my", optional adjective/age, relation: "my 19 year old son", "my oldest daughter"
_DRUG_WORDS = (
    r"meth|heroin|fent\w*|pills|xanax|oxy\w*|percs?|weed|pot|crack|coke|cocaine|drugs|dope|alcohol|beer|wine|vodka"
    r"|liquor|benzos?|opiates?|opioids?|kratom|adderall|molly|ketamine|dabs|edibles|bars|shots|booze|whiskey"
)
_MY_REL = rf"{_POSSESSIVE} (?:(?:\d+|ex|step|little|older|younger|big|oldest|youngest|adult|teenage|grown|only|\w+) )?(?:\d+ (?:year|yr)s? old |\d+ ?yo )?(?P<rel>{_REL})(?:'?s)?\b"

_USE_WORDS = (
    r"drink\w*|drank|drunk|alcohol\w*|booze|beer|wine|vodka|liquor|us(?:e|es|ing|ed)\b|high|addict\w*|smok\w*"
    r"|pills|heroin|fent\w*|meth|coke|cocaine|crack|weed|pot\b|marijuana|xanax|opi\w*|benzo\w*|oxy\w*|percs?"
    r"|relaps\w*|overdos\w*|od'?d|rehab|detox|treatment|iop|program|help|sober|clean|dope|problem|habit"
    r"|struggl\w*|dts|withdraw\w*|substance|drugs?|dependen\w*|hooked|binge\w*|bender|dui|arrested|vap\w*"
)
_USE_AHEAD = re.compile(rf"\b(?:{_USE_WORDS})")
_FIRST_PERSON_AHEAD = re.compile(r"\b(?:me|i|i'?m|im|i'?ve|ive|my|myself|mine)\b")

_DAILY = (
    r"(?:every ?day|everyday|daily|each day|every single day|all day|every night|every morning|every evening|nightly"
    r"|a day|per day|a night|per night|each night|around the clock|24/7|24 7|from morning|all the time|constantly|non ?stop"
    r"|day and night|morning (?:till|til|to|until) night|since i wake up|when i wake up|first thing)"
)
_HEAVY_ALCOHOL = (
    r"(?:(?:a|one|1|half a|two|2) (?:fifth|fifths|5th|handle|handles|liter|litre|pint|pints)\b"
    r"|(?:1[0-9]|[2-9][0-9]|twelve|fifteen|twenty|thirty|eighteen|sixteen|ten|a dozen|dozen) (?:\w+ )?(?:beers|drinks|shots|cans|tall ?boys|seltzers|glasses|white claws)"
    r"|(?:a|one|two|2) (?:case|cases|30 ?pack|24 ?pack|18 ?pack|12 ?pack)\b"
    r"|(?:[6-9]|six|seven|eight|nine) (?:or more |or so |plus )?(?:beers|drinks|shots|glasses of wine|tall ?boys)"
    r"|bottles? of (?:vodka|whiskey|whisky|wine|liquor|rum|tequila|gin|jack|bourbon)"
    r"|(?:two|2|three|3) bottles of wine)"
)
_BENZO_OR_OPIOID = (
    r"(?:xanax|xans|xannies|\d+ bars|xanax bars|benzos?|benzodiazepines?|klonopin|clonazepam|valium|diazepam|ativan|lorazepam|alprazolam"
    r"|heroin|fent\w*|fetty|opioids?|opiates?|oxy\w*|percs?|percocets?|roxys?|roxies|dilaudid|morphine|methadone|pain pills"
    r"|painkillers?|pain killers|hydros?|hydrocodone|norcos?|vicodin|dope|suboxone|tramadol|codeine)"
)

# --- cues -------------------------------------------------------------------------------
# (field, value, pattern, flags). value may be a callable taking the match.
# Flags: "topic" = ignore in questions that only name a topic and in
# hypotheticals; "noneg" = negation does not apply; "tier1" (for_whom) = explicit.

Value = Union[str, bool, Callable[[Match[str]], Optional[str]]]


@dataclass(frozen=True)
class _Cue:
    field: str
    value: Value
    flags: frozenset


_CUES: List[Tuple[_Cue, str]] = []


def _cue(field: str, value: Value, pattern: str, *flags: str) -> None:
    _CUES.append((_Cue(field, value, frozenset(flags)), pattern))


def _relation_of(match: Match[str]) -> Optional[str]:
    word = match.groupdict().get("rel")
    return _RELATIONS.get(word) if word else None


# for whom -------------------------------------------------------------------------------
_cue("for_whom", "self", r"\b(?:for|it'?s for|its for|this is for|asking for|looking for|asking about|calling for|calling about|help|inquiring for|here for) (?:me|myself|my self)\b(?! and)", "tier1")
_cue("for_whom", "self", r"\b(?:i|i'?m|im|i am|i'?ve|ive|i have|i been|i was|i keep|i still|i started|i just|i think i|i probably)(?: (?!(?:he|she|they|his|her|him|them|my|our|their|he'?s|she'?s|hes|shes|you|u|we|it|don'?t|dont|do|not|never|didn'?t|didnt|doesn'?t|haven'?t|havent|hasn'?t|no|if|when|what|where|why|how|about|of|with)\b)[\w']+){0,3} (?:drink|drinking|drank|drunk|addicted|hooked|alcoholic|addict|relapsed|relapsing|high(?! (?:blood|school|hopes|expectations|standards|deductible|copay|anxiety|functioning))|using|abusing|misusing|dependent|dope ?sick|detoxing|withdrawing|withdrawals?|sober|clean|struggling with|struggle with|battling|in recovery|on (?:heroin|fent\w*|meth|pills|xanax|oxy\w*|percs?|suboxone|methadone|subs|dope|drugs))\b(?! (?:water|coffee|tea|soda|juice|milk|diet|coke|pop|energy|red bull|monster|gatorade|lemonade|protein|my (?:phone|computer|car|insurance)|the (?:phone|computer|internet|bathroom|program)|a computer|it for|them for|this|that|to (?:be|have|work|live|go)))", "")
_cue("for_whom", "self", rf"\bi (?:(?!(?:he|she|they|his|her|him|them|my|our|their|you|u|we|it|don'?t|dont|not|never|didn'?t|didnt|doesn'?t)\b)[\w']+ ){{0,3}}(?:use|using|smoke|smoking|pop|popping|shoot|shooting|snort|snorting|take|taking|drink|do|doing|buy|sniff) (?:\w+ )?(?:{_DRUG_WORDS})\b(?<!diet coke)", "")
_cue("for_whom", "self", r"\bmy (?:drinking|addiction|alcoholism|drug use|alcohol use|substance use|using|use|habit|sobriety|recovery|relapse|drinking problem|drug problem|pill problem|meth use|heroin use|opioid use|cravings|withdrawals?)\b", "")
_cue("for_whom", "self", r"\bi (?:need|want|would like|need to|want to|have to|wanna|gotta|got to|am trying to|'?m trying to|'?m ready to|am ready to|'?m looking to|'?ve got to)(?: to)? (?:help|treatment|to (?:quit|stop|get sober|get clean|cut back|get help|go to rehab|go to detox|do iop|get into|find (?:a|an) (?:program|rehab|iop))|quit|stop drinking|stop using|get sober|get clean|sober up|(?:a |an )?(?:program|rehab|iop|detox|counselor|therapist|sponsor))\b", "")
_cue("for_whom", "self", r"(?<!\w )(?<!\w)\b(?:been|still|currently|started|keep|always|just) (?:using|drinking|smoking|shooting|snorting|popping|taking (?:pills|xanax|percs|oxy\w*|bars)|on (?:heroin|fent\w*|meth|pills|xanax|dope|drugs|suboxone|methadone))\b", "")
_cue("for_whom", "loved_one", rf"\b(?:help|treatment|a program|programs|rehab|iop|options|resources|a place|info|information|somewhere|someone|something|looking|asking|calling|inquiring|searching|here|this is|it'?s|its|it is|reaching out|advice|care|placement|support) for {_MY_REL}", "tier1")
_cue("for_whom", "loved_one", rf"\b(?:right|good|best|suitable|appropriate|enough|okay|ok|an? (?:good |right )?(?:fit|option|choice)|work|help|fit|suit) (?:for )?{_MY_REL}", "tier1")
_cue("for_whom", "loved_one", rf"\bon behalf of {_MY_REL}", "tier1")
_cue("for_whom", "loved_one", rf"\b(?:worried|concerned|scared|afraid|terrified|stressed|anxious|upset|desperate|heartbroken) (?:sick )?(?:about|for) {_MY_REL}", "")
_cue("for_whom", "loved_one", rf"\b(?:get|getting|help|helping|convince|convincing|make|making|force|forcing|take|taking|send|sending|put|putting) {_MY_REL} (?:into|in|to|get|go|into a|some|help|treatment|rehab|iop|sober|clean|quit|stop)\b", "")
# "my son drinks", "my husband's drinking": checked in code for what follows
_cue("for_whom", "loved_one?", rf"(?<!with )(?<!from )(?<!around )(?<!to )(?<!of )(?<!than )(?<!like )(?<!near )(?<!at )\b(?:my|our) {_MY_REL[len(_POSSESSIVE) + 1:]}(?:'s)?", "")
_cue("for_whom", "loved_one", r"\b(?:he|she)(?:'s| is| has| keeps| has been|s)? (?:been )?(?:drinking|using|drinks|uses|addicted|an addict|an alcoholic|(?:smoking|shooting|snorting|popping|taking|doing|selling) (?:weed|meth|crack|pot|fent\w*|heroin|dope|pills|coke|cocaine|xanax|bars|percs?|oxy\w*|drugs)|on (?:heroin|fent\w*|meth|pills|xanax|oxy\w*|percs?|drugs))\b", "tier3")

# withdrawal --------------------------------------------------------------------------
_SYMPTOM = (
    r"(?:the )?(?:shakes|shaking|shake|shaky|tremors?|tremble|trembling|jitters|jittery|sweats|sweating|sweaty|night sweats|vomit\w*"
    r"|throw(?:ing)? up|puk\w*|nause\w*|sick|ill|cramps|cramping|chills|diarrhea|restless legs|body aches|aches|achy"
    r"|can'?t sleep|insomnia|hallucinat\w*|seiz\w*|heart racing|dts|d\.t\.s|withdrawals?|withdrawl\w*)"
)
_STOPPING = (
    r"(?:stop|stopping|quit|quitting|don'?t (?:drink|use|have|take|get|smoke)|do not (?:drink|use|have)|run out|cut (?:back|down)"
    r"|try to (?:stop|quit)|come down|coming down|come off|coming off|go without|sober up|detox|run low|wear(?:s|ing)? off|skip a day|miss a dose)"
)
_cue("withdrawal_risk", True, rf"\b{_SYMPTOM} (?:\w+ ){{0,3}}(?:when(?:ever)?|if|after|once|until|unless|till|til) (?:i|he|she|they|we)?(?: \w+){{0,2}} ?{_STOPPING}\b", "topic")
_cue("withdrawal_risk", True, rf"\b{_SYMPTOM} (?:\w+ ){{0,2}}(?:without|w/o|w/out) (?:it|them|pills|my pills|his pills|her pills|a drink|drinking|using|dope|a fix|my fix|alcohol|booze|my meds|a hit)\b", "topic")
_cue("withdrawal_risk", True, rf"\b(?:when(?:ever)?|if|every ?time|each time|after|once|anytime|any time) (?:i|he|she|they|we) (?:\w+ ){{0,2}}?{_STOPPING}\b(?:[ ,]+[\w']+){{0,8}}?[ ,]+(?:{_SYMPTOM}|feel like (?:i'?m |im |he'?s |she'?s )?dying|feel like death|miserable)\b", "topic")
_cue("withdrawal_risk", True, rf"\b(?:no|without|haven'?t had|havent had|have not had|been off|off|quit|stopped) (?:a |any |my )?(?:drink|drinks|alcohol|booze|pills|dope|drugs|xanax|benzos|heroin|fent\w*|opiates|percs|drinking|using)\b[^.!?;]{{0,40}}\b(?:shaking|shaky|sweating|sick|vomiting|throwing up|tremors|the shakes|hallucinating|seizures?)\b", "topic")
_cue("withdrawal_risk", True, r"\b(?:get|gets|got|getting|have|has|had|having|with|start|starts|started) (?:the |bad |really bad |terrible |horrible |awful |severe |such bad |crazy )?(?:shakes|tremors|the sweats|dts|d\.t\.s|withdrawals?|withdrawal symptoms|withdrawl\w*)\b", "topic")
_cue("withdrawal_risk", True, r"\b(?:morning|am) (?:shakes|sweats|drink|drinks|shot|beer)\b", "topic")
_cue("withdrawal_risk", True, r"\b(?:drink|drinking|a drink|a beer|a shot) (?:first thing )?(?:in the morning|when i wake up|as soon as i wake up|to start (?:the|my) day)\b", "topic")
_cue("withdrawal_risk", True, r"\beye ?opener\b", "topic")
_cue("withdrawal_risk", True, r"\bdope ?sick\b", "topic")
_cue("withdrawal_risk", True, r"\b(?:sick|ill) (?:all the time )?(?:without|w/o) (?:it|them|pills|dope|a fix|my fix|a drink)\b", "topic")
_cue("withdrawal_risk", True, r"\b(?:delirium tremens|the dts|the dt'?s|d\.t\.s|dts)\b", "topic")
_cue("withdrawal_risk", True, r"\b(?:withdrawing|detoxing|kicking|going through withdrawals?|go through withdrawals?|went through withdrawals?|withdrawal symptoms|withdrawals|withdrawal|withdrawl|withdrawls)\b", "topic", "attributed")
_cue("withdrawal_risk", True, r"\b(?:need|needs|have to|gotta|got to) (?:a drink|to drink|a pill|to use|a fix|my pills|my fix|a hit|a beer|a shot|some|it) (?:just )?(?:to|in order to) (?:function|feel normal|stop (?:shaking|the shakes|sweating)|get (?:going|through the day|out of bed|started|right|well)|not (?:be|get|feel) sick|stop being sick|feel ok|work|not shake)\b", "topic")
_cue("withdrawal_risk", True, r"\b(?:can'?t|cannot|can not|couldn'?t|unable to) (?:stop|quit|go a day|go \w+ hours|go a few hours|go (?:a|one) night|cut back) without (?:getting sick|being sick|feeling sick|withdrawals?|shaking|the shakes|throwing up|sweating|seizures|having seizures|getting the shakes|getting dope ?sick)\b", "topic")
_cue("withdrawal_risk", True, r"\bseiz\w* (?:when|after|if|while|during) (?:i|he|she|they)? ?(?:stop|stopped|quit|quitting|detox\w*|withdraw\w*|tried to (?:stop|quit)|don'?t drink|came off)\b", "topic")
_cue("withdrawal_risk", True, rf"\b{_HEAVY_ALCOHOL}\b(?=[^.!?;]{{0,60}}\b{_DAILY})", "topic")
_cue("withdrawal_risk", True, rf"\b{_DAILY}\b[^.!?;]{{0,40}}\b{_HEAVY_ALCOHOL}", "topic")
_cue("withdrawal_risk", True, rf"\b{_BENZO_OR_OPIOID}\b(?=[^.!?;]{{0,50}}\b(?:{_DAILY}|for (?:years|months|a long time|\d+ (?:years|months|yrs))|\d+ (?:a|per) day))", "topic")
_cue("withdrawal_risk", True, rf"\b(?:{_DAILY}|for (?:years|\d+ years)) (?:\w+ ){{0,4}}?{_BENZO_OR_OPIOID}\b", "topic")
_cue("withdrawal_risk", True, rf"\b(?:been )?on {_BENZO_OR_OPIOID} (?:for (?:years|months|a long time|\d+ (?:years|months|yrs))|daily|every day)\b", "topic")

# step down / treated before / relapse ------------------------------------------------
_FACILITY = (
    r"(?:rehab|detox|inpatient|residential|treatment center|treatment facility|treatment|recovery center|sober living"
    r"|halfway house|php|partial hospitali[sz]ation|partial program|hospital|psych ward|psych hospital|behavioral health hospital"
    r"|program|facility|stay|rehab facility|detox center|detox facility)"
)
_FACILITY_MODIFIER = r"(?:(?:a|an|my|the|his|her|their|our|this|that)\s)?(?:(?:\d+|thirty|sixty|ninety|twenty[ -]eight|28|30|60|90)[ -]?(?:day|week|month)s?\s|inpatient\s|residential\s|medical\s|medically supervised\s|\w+\s)?"
_STEP_DOWN_VERB = (
    r"(?:finished|finishing|finish|completed|completing|complete|done with|leaving|left|leave|leaves|got out of|getting out of|get out of"
    r"|gets out of|got home from|getting home from|came home from|coming home from|came back from|discharged from|discharging from"
    r"|getting discharged from|being discharged from|discharged|graduated from|graduating from|graduate from|graduated|released from"
    r"|getting released from|came out of|coming out of|step(?:ping)? down from|transitioning from|transitioning out of|out of)"
)
_cue("step_down", True, rf"\b(?P<verb>{_STEP_DOWN_VERB}) {_FACILITY_MODIFIER}{_FACILITY}\b", "topic", "recent")
_cue("step_down", True, r"\b(?:currently|right now|still|i'?m|im|i am|he'?s|she'?s|hes|shes|he is|she is|they'?re) (?:currently |still |now )?(?:in|at) (?:a |an )?(?:detox|rehab|residential|inpatient|treatment center|php|a (?:\d+[ -]day )?program)\b(?! (?:before|years ago|last year|in 20\d\d)\b)", "topic")
_cue("step_down", True, r"\b(?:step(?:ping)?[ -]?down|next level of care|lower level of care|aftercare (?:after|from|following) (?:rehab|detox|inpatient|residential))\b", "topic")
_cue("step_down", True, r"\bdischarge (?:date|is|plan|planning|coming up)\b", "topic")
_cue("step_down", True, r"\b(?:counselor|therapist|case manager|doctor|team|staff|they) (?:at|in|from) (?:rehab|detox|inpatient|residential|the hospital|treatment) (?:said|says|recommended|recommends|suggested|told|wants|referred)\b", "topic")
_cue("step_down", False, r"\bnot (?:coming (?:out of|from)|stepping down from) (?:rehab|detox|inpatient|residential|treatment|a program)\b", "topic", "noneg")

_TREATMENT = (
    r"(?:rehab|rehabs|detox|detoxes|treatment|treatments|inpatient|residential|iop|an iop|outpatient|php|a program|programs|treatment programs?"
    r"|a (?:\d+[ -]day|\w+ day) program|methadone clinic|suboxone clinic|sober living|counseling for (?:my |his |her )?(?:drinking|using|addiction)"
    r"|therapy for (?:my |his |her )?(?:drinking|using|addiction)|a treatment center|treatment centers|a rehab|the rehab)"
)
_cue("treated_before", True, rf"\b(?:been|gone|went|was|were|did|done|tried|completed|finished|attended|graduated|stayed|had|got kicked out of|kicked out of|left|sent|went thru|been thru) (?:\w+ )?(?:to |in |into |through |thru |at |a |an |my |the |some |any |outpatient |inpatient |several |multiple |two |three |\d+ |in and out of )*{_TREATMENT}\b", "topic")
_cue("treated_before", True, r"\b(?:spent|spend|paid|wasted) (?:\S+ ){0,4}(?:on|for) (?:\w+ )?(?:rehab|rehabs|treatment|detox|programs?|inpatient|residential)\b", "topic")
_cue("treated_before", True, r"\b(?:\d+|thirty|sixty|ninety|a few|several|two|three|six) (?:days|weeks|months) (?:in|at) (?:rehab|detox|treatment|residential|inpatient|a program|a treatment center)\b", "topic")
_cue("treated_before", True, r"\b(?:my|his|her|their) (?:last|previous|prior|first|second|third|fourth|fifth|old|\d+(?:st|nd|rd|th)) (?:time in |stint in |stay in |round of )?(?:rehab|detox|treatment|stint|stay|program|iop|inpatient)\b", "topic")
_cue("treated_before", True, r"\b(?:previous|prior|past|earlier) (?:treatment|treatments|rehab|rehabs|detox|stints?|attempts at (?:rehab|treatment)|programs?)\b", "topic")
_cue("treated_before", True, r"\b(?:relapsed|relapse|slipped|using again|drinking again|sober|clean) (?:\w+ )?(?:after|since) (?:rehab|detox|treatment|inpatient|residential|iop|my (?:last )?(?:program|rehab|detox|stay))\b", "topic")
_cue("treated_before", True, r"\b(?:\d+|two|three|four|five|several|many|multiple|a few|a couple of|couple) (?:times )?(?:rehabs|detoxes|treatment centers|programs|times in (?:rehab|treatment|detox))\b", "topic")
_cue("treated_before", False, r"\b(?:first time|1st time|never before) (?:ever )?(?:looking|seeking|reaching out|asking|getting|trying|searching|trying to get|going|reaching|in treatment|getting help|asking for help|looking into|considering|doing this)\b", "topic", "noneg")
_cue("treated_before", False, r"\b(?:this (?:is|will be|would be) )?my first (?:time (?:in |at |trying |getting |seeking |doing )?(?:treatment|rehab|a program|iop|help|this)|attempt at (?:treatment|getting help|rehab)|rehab|treatment|program)\b", "topic", "noneg")
_cue("treated_before", False, r"\bno (?:prior|previous|past|other) (?:treatment|rehab|help|programs?|history of treatment)\b", "topic", "noneg")
_cue("treated_before", False, r"\bnever (?:\w+ )?(?:gotten|sought|asked for|got|had|received|looked for|tried to get) (?:any |real |professional |formal )?(?:help|treatment)\b", "topic", "noneg")

_cue("relapse", True, r"\b(?:relapsed|relaspsed|relasped|relaped|re-lapsed|relapsd)\b", "topic")
_cue("relapse", True, r"\b(?:relapsing|relapsin)\b", "topic", "fear")
_cue("relapse", True, r"\b(?:had|have had|having|in|another|a|my|his|her|recent|bad) (?:bad |big |recent |little |small |major |full |full blown )?relapses?\b(?! (?:prevention|plan|triggers?|risk)\b)", "topic", "fear")
_cue("relapse", True, r"\b(?:i|he|she|they) (?:keep |always |just )?relapse\b(?! (?:prevention|plan)\b)", "topic", "fear")
_cue("relapse", True, r"\b(?:started|starting|start|began|went back to|back to|been|am|i'?m|im|he'?s|she'?s) (?:drinking|using|smoking|shooting|snorting|taking (?:pills|\w+)|doing (?:drugs|coke|meth|heroin|pills)|popping pills) (?:again|once more)\b", "topic")
_cue("relapse", True, r"(?<!cut )(?<!cutting )(?<!cuts )(?<!cutting way )(?<!cut way )\b(?:back (?:to|on) (?:drinking|using|the bottle|pills|heroin|dope|meth|the sauce|drugs|fent\w*|coke|the pipe|the needle|xanax|opiates|alcohol)|back at it again|picked up (?:again|a drink|drinking|using|after)|fell off the wagon|went back out|lost my (?:sobriety|clean time|sober time)|broke my (?:sobriety|streak|clean time)|(?:had|having) a slip|slipped (?:up|again|after|last)|slip up)\b", "topic")
_cue("relapse", True, r"\b(?:was|been|were|stayed|got) (?:sober|clean|dry) (?:for )?(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|a few|a couple of|over a|almost|nearly|like) ?(?:\w+ )?(?:years?|yrs?|months?|weeks?|days?|decade)\b(?=[^.!?]{0,60}\b(?:and|but|until|til|till|then|now|before)\b[^.!?]{0,50}\b(?:start\w*|relaps\w*|drank|drink\w*|using|used|picked up|slipped|went back|back to|again)\b)", "topic")
_cue("relapse", True, r"\bafter (?:\d+|a|an|one|two|three|four|five|six|several|a few|a couple of|over a) ?(?:\w+ )?(?:years?|yrs?|months?|weeks?|days?) (?:of )?(?:being )?(?:sober|clean|sobriety|dry)\b(?=[^.!?]{0,50}\b(?:again|relaps\w*|start\w*|drink\w*|using|slipped|picked up)\b)", "topic")
_cue("relapse", False, r"\b(?:never|haven'?t|havent|have not|hasn'?t|hasnt|didn'?t|did not) (?:\w+ )?(?:relapsed|relapse|had a relapse)\b", "topic", "noneg")

# responsibilities --------------------------------------------------------------------
_OCCUPATIONS = (
    r"nurse|rn|lpn|cna|teacher|lawyer|attorney|doctor|physician|surgeon|dentist|pharmacist|engineer|contractor|electrician"
    r"|plumber|carpenter|welder|mechanic|trucker|truck driver|driver|pilot|firefighter|police officer|cop|paramedic|emt|server"
    r"|waitress|waiter|bartender|chef|cook|manager|accountant|realtor|real estate agent|cashier|programmer|developer|software engineer"
    r"|social worker|therapist|counselor|construction worker|laborer|roofer|painter|hairdresser|hair stylist|barber|salesman"
    r"|sales rep|business owner|small business owner|executive|ceo|veterinarian|vet tech|professor|principal|pastor|soldier"
    r"|mailman|mail carrier|security guard|dispatcher|receptionist|secretary|caregiver|home health aide|janitor|landscaper"
    r"|farmer|fisherman|lineman|machinist|banker|consultant|analyst|designer|architect|photographer|musician|artist|writer"
    r"|journalist|clerk|technician|tech|stocker|warehouse worker|delivery driver|uber driver|lyft driver|nanny|babysitter"
)
_cue("responsibilities", "work", r"\b(?:i|he|she)(?: (?:also|still|currently|both))? (?:work|works|'?m working|am working|is working|have been working|'?ve been working|been working)\b(?! (?:on (?:my|it|myself|this|that|him|her|things|recovery|sobriety)|out\b|through\b|hard on|things out|with (?:a|my) (?:therapist|counselor|sponsor)))", "")
_cue("responsibilities", "work", r"\b(?:work|working|works) (?:full|part)[ -]?time\b|\b(?:full|part)[ -]?time (?:job|work|hours|employee|employment|position)\b", "")
_cue("responsibilities", "work", r"\b(?:my|his|her|a|full time|day|night|steady|demanding|stressful|new|good|corporate|office|union) (?:job|jobs|career|boss|bosses|shift|shifts|employer|coworkers|co-workers|work schedule|work hours|supervisor|manager at work|workplace|office|business|company|practice)\b(?<!a business)(?<!a company)(?<!a job)(?<!lost my job)(?<!quit my job)(?<!lost his job)(?<!lost her job)", "")
_cue("responsibilities", "work", r"\b(?:at work|after work|before work|(?:go|goes|going|get|drive|driving|drove|went|late) to work|miss work|missing work|off work|time off(?: work)?|leave of absence|fmla|get fired|getting fired|lose my job|losing my job|drug test(?:s|ing)? at work|self[ -]?employed|own (?:a|my own|my) (?:\w+ )?business|run (?:a|my own|my) (?:\w+ )?business|work (?:nights|days|doubles|overtime|weekends|from home|remotely|construction|in (?:a|an|the) \w+))\b", "")
_cue("responsibilities", "work", rf"\b(?:i'?m|im|i am|i work as|work as|he'?s|she'?s|hes|shes|he is|she is|as) (?:a|an) (?:\w+ )?(?:{_OCCUPATIONS})\b", "")
_cue("responsibilities", "school", r"(?<!drinking )(?<!using )(?<!started )(?<!back )(?<!since )(?<!smoking )\b(?:college student|grad student|graduate student|university student|law student|med student|nursing student|high school student|full[ -]time student|part[ -]time student|in college|in school|in high school|in middle school|in grad school|in nursing school|in law school|in med school|at college|at university|in university|at school|a student|my classes|my semester|finals week|my finals|my professors?|class schedule|community college|junior college|(?:junior|senior|freshman|sophomore) (?:in|at) (?:high school|college|university)|(?:i|he|she) (?:go|goes|attend|attends) (?:to )?(?:college|school|university|class|classes))\b", "")
_cue("responsibilities", "dependents", r"\b(?:have|has|got|with|raising) (?:\d+|a|an|one|two|three|four|five|six|seven|little|young|small|twin|three little|two little|several|many) (?:little |young |small |twin |teenage |toddler |infant |newborn |special needs |baby )?(?:kids|children|child|kid|sons|daughters|baby|babies|toddler|toddlers|infant|newborn|twins|son|daughter|grandkids)\b", "")
_cue("responsibilities", "dependents", r"\b(?:single|working|stay[ -]at[ -]home|new|busy|full[ -]time|solo) (?:mom|mother|dad|father|parent|mum|momma)\b|\b(?:mom|mother|dad|father|parent|mum) (?:of|to) (?:\d+|one|two|three|four|five|a|an|twins|young|little)\b", "")
_cue("responsibilities", "dependents", r"\bmy (?:kids|children|baby|babies|toddler|toddlers|newborn|infant|little ones|little one|grandkids|grandchildren)\b", "")
_cue("responsibilities", "dependents", r"\b(?:take care of|taking care of|takes care of|care for|caring for|caregiver (?:for|to|of)|look after|looking after|raising|raise|support|supporting|provide for|providing for) (?:my|our|his|her|their|\d+|two|three) (?:\w+ )?(?:kids|children|baby|son|daughter|mom|mother|dad|father|parents|grandma|grandmother|grandpa|grandfather|grandkids|grandchildren|grandson|granddaughter|wife|husband|family|nephew|niece|brother|sister|siblings|disabled \w+|elderly \w+|sick \w+)\b", "")
_cue("responsibilities", "dependents", r"\b(?:caregiver|childcare|child care|babysitter|daycare|day care|custody|school pickup|pick up my kids|drop off my kids)\b", "")
_cue("responsibilities", "none", r"\b(?:(?:i'?m|im|i am|he'?s|she'?s|currently|been|i'?ve been|not) not (?:working|employed)|not working (?:right now|currently|at the moment|rn|anymore)|(?:i|he|she) (?:don'?t|do not|doesn'?t|does not) (?:work|have a job)\b(?! (?:for|with|out|on|well)\b)|no job|unemployed|jobless|out of work|between jobs|lost my job|lost his job|lost her job|laid off|got fired|on disability|retired|not employed|don'?t have a job|do not have a job)\b", "noneg")

# co-occurring ------------------------------------------------------------------------
_cue("co_occurring", "anxiety", r"\b(?:anxiety|anxieties|anxious(?! (?:about|to)\b)|panic attacks?|panic disorder|gad|social anxiety|generalized anxiety|anxiousness|agoraphobia|phobias?)\b", "topic")
_cue("co_occurring", "depression", r"\b(?:depression|depressed|depressive|mdd|major depressive|dysthymia|seasonal affective|sad disorder|postpartum depression)\b", "topic")
_cue("co_occurring", "trauma", r"\b(?:ptsd|p\.t\.s\.d|c-?ptsd|complex ptsd|trauma|traumas|traumatic|traumatized|traumatised|post[ -]traumatic|abuse survivor|sexual abuse|sexually abused|sexually assaulted|was assaulted|was raped|molested|childhood abuse|abusive childhood)\b(?! (?:informed|center|surgeon|unit|team)\b)", "topic")
_cue("co_occurring", "other", r"\b(?:bipolar|bi-polar|bi polar|manic depression|manic|mania|adhd|a\.d\.h\.d|ocd|o\.c\.d|schizophreni\w*|schizoaffective|schizo|psychosis|psychotic|borderline|bpd|eating disorder|anorexi\w*|bulimi\w*|binge eating|autism|autistic|aspergers|personality disorder|dissociative|did diagnosis|mental illness|mentally ill|mental health (?:issues?|problems?|stuff|conditions?|struggles?|diagnos\w*|disorders?)|psychiatric (?:issues?|problems?|conditions?|diagnos\w*)|(?:have|diagnosed with|with|and) add\b)", "topic")
_cue("co_occurring", "none", r"\b(?:no|don'?t have any|dont have any|do not have any|without any|not dealing with any|never had any) (?:other )?(?:mental health|psychiatric|psych|other) (?:issues?|problems?|diagnos\w*|conditions?|stuff|history|concerns)\b|\bmental health is (?:fine|good|ok|okay|great|not an issue)\b|\bmentally (?:i'?m |im )?(?:fine|ok|okay|good)\b|\bno (?:anxiety|depression|ptsd|trauma)(?: or (?:anxiety|depression|ptsd|trauma))*\b", "noneg")

# substances ----------------------------------------------------------------------------
_SUBSTANCE_WORDS: Dict[str, str] = {
    "alcohol": r"alcohol|alcoholic|alcoholism|alchohol|alchol|alcohal|booze|boozing|drinking(?! (?:water|coffee|tea|soda|juice|milk|enough water|diet|coke|pop|energy drinks?|red bull|monster|gatorade|lemonade|protein))|drink(?!s? (?:water|coffee|tea|soda|juice|milk|diet|coke|pop|energy|red bull|monster|gatorade|lemonade|protein))|drinks(?! (?:water|coffee|tea|soda|diet|coke|pop|energy))|drank|drunk|beer|beers|wine|vodka|whiskey|whisky|liquor|tequila|bourbon|rum|gin|brandy|scotch|moonshine|hard seltzers?|white claws?|seltzers|fifth of|a fifth|handle of|a handle|pint of|hangovers?|hungover|etoh|blackout drunk|binge drinking|the bottle|tallboys?|tall boys",
    "opioids": r"opioids?|opiates?|dope ?sick|heroin|heroine|fentanyl|fentanol|fentenyl|fentynal|phentanyl|fent|fetty|fetti|dope(?! (?:ass|af)\b)|smack|black tar|oxy|oxys|oxycodone|oxycontin|oxycotin|roxys?|roxies|roxicodone|percs|perc|percocets?|perks|perc 30s|m30s?|m 30s|pressed pills|vicodin|vikes|hydrocodone|hydros|norcos?|lortab|dilaudid|hydromorphone|morphine|codeine|(?:sipping|drinking|on|sip) lean|purple drank|sizzurp|tramadol|opana|pain pills|pain killers|painkillers?|pain meds|pain medication|(?:street|abusing|misusing|buying|addicted to|hooked on|snorting|shooting|selling|extra) (?:methadone|suboxone|subs|bupe|buprenorphine)|(?:methadone|suboxone) (?:addiction|abuse|misuse)",
    "stimulants": r"meth|methamphetamines?|crystal meth|(?:on|using|smoking|smoke|shooting|doing|hooked on|addicted to) (?:crystal|ice|speed|tina)|coke(?! (?:zero|a cola)\b)(?<!diet coke)(?<!a coke)(?<!drink coke)(?<!drinking coke)|cocaine|cocain|crack cocaine|crack(?= (?:pipe|addict|head|cocaine|again|every|daily|on)\b)|(?:smoke|smoking|smoked|on|doing|hooked on|addicted to|using) crack|doing lines|did lines|a line of|adderall|addys?|addies|vyvanse|ritalin|concerta|amphetamines?|uppers|stimulants?",
    "benzodiazepines": r"benzos?|benzodiazepines?|xanax|xanex|zanax|xannies|xans|zannies|zanny|xanax bars|(?:on|taking|take|popping|pop|eating|eat|\d+|few|couple|couple of|some|half) bars|klonopin|klonopins|klonnies|clonazepam|k-?pins|valium|diazepam|ativan|lorazepam|alprazolam|restoril|temazepam|librium",
    "cannabis": r"weed|marijuana|marihuana|cannabis|thc|dabs|dab pen|dabbing|wax pen|edibles|thc gummies|weed gummies|blunts?|bong|kush|delta[ -]?8|thc carts|thc vape|weed pen|pot(?= (?:every|daily|all day|head|smoker|brownies)\b)|(?:smoke|smoking|smoked|smokes) pot|pothead|pot head|stoner|mary jane|reefer|marijuana use",
    "other": r"kratom|ketamine|ket|special k|shrooms|magic mushrooms|psilocybin|lsd|(?:on|dropping|dropped|tabs of|hits of) acid|mdma|molly|ecstasy|ghb|gabapentin|gabbies|neurontin|lyrica|phenibut|inhalants|huffing|whippets|whip its|nitrous|k2|(?:smoke|smoking|on) spice|bath salts|flakka|pcp|angel dust|dxm|robotripping|ambien|sleeping pills|sleep meds|tianeptine|xylazine|tranq|soma|muscle relaxers",
}
for _name, _words in _SUBSTANCE_WORDS.items():
    _cue("substance", _name, rf"\b(?:{_words})\b", "substance")

# preferences ---------------------------------------------------------------------------
_cue("preference", "lgbtq", r"\b(?:lgbt\w*|lgbtq\+?|glbt|gay|lesbian|bisexual|trans|transgender|transgendered|trans woman|trans man|queer|nonbinary|non-binary|non binary|enby|two[ -]spirit|genderqueer|gender ?fluid|same[ -]sex|gay[ -]friendly|queer[ -]friendly|lgbtq[ -]friendly|lgbt[ -]friendly)\b(?! (?:fat|fats|fatty|siberian)\b)", "")
_cue("preference", "veterans", r"\b(?:veteran|veterans|vets? (?:program|programs|group|groups|center|only)|(?:i'?m|im|i am|he'?s|she'?s|he is|she is|as|for|a|combat|army|navy|marine|air force|military|disabled|fellow|us) vets?|served in the (?:army|navy|marines|marine corps|air force|military|coast guard|national guard)|(?:i was|i'?ve been|i'?m|im|i am|i got) (?:in|out of) the (?:army|navy|marines|marine corps|air force|military|coast guard|national guard)|from the (?:army|navy|marines|marine corps|air force|military|war)|(?:ex|former) (?:military|army|marine|soldier|navy)|i served|retired military|military retiree|(?:the|my|through the|through|via the|via|with the|use|have|take|takes|accept|accepts|does the|do you take) va\b|va (?:benefits|health ?care|health|hospital|insurance|coverage|clinic|care|program|programs|cover|covers|medical|disability|referral|community care))\b", "")
_cue("preference", "military_families", r"\b(?:military (?:spouse|wife|husband|family|families|kid|kids|child|children|dependent|dependents|brat)|(?:my|our) (?:husband|wife|spouse|partner|son|daughter|dad|father|mom|mother) (?:is|was) (?:in the (?:army|navy|military|marines|air force|coast guard|national guard)|deployed|active duty|a soldier|a marine|a sailor)|active duty (?:spouse|family|wife|husband))\b", "")
_cue("preference", "telehealth", r"\b(?:online|on[ -]line|virtual|virtually|telehealth|tele-health|tele health|telemedicine|tele-medicine|teletherapy|tele therapy|zoom|video (?:sessions?|calls?|groups?|chat|visits?|therapy|appointments?)|remote|remotely|(?:from|at) home (?:program|programs|option|options|treatment|iop|sessions?|groups?)|from (?:my )?home(?! (?:early|late|work))|over the phone|by phone|phone sessions?|facetime|on my (?:phone|laptop|computer))\b"
     r"(?<!found you online)(?<!found this online)(?<!found it online)(?<!saw online)(?<!read online)(?<!reading online)(?<!looked online)(?<!looking online)(?<!searching online)(?<!searched online)(?<!googled online)(?<!research online)(?<!saw it online)(?<!saw this online)(?<!seen online)(?<!found online)(?<!remote control)(?<!work remotely)(?<!work from home)(?<!working remotely)(?<!working from home)(?<!works from home)(?<!works remotely)(?! (?:reviews?|search|ads?|form|application|portal|forum|job|control|work)\b)", "")
_cue("preference", "medicaid", r"\b(?:medicaid|medi-?cal|medi cal|ahcccs|masshealth|mass health|apple health|tenncare|soonercare|badgercare|kancare|husky health|medicaid expansion|state insurance|state health insurance|state health plan|state medical|molina|caresource|amerigroup|peach ?state|healthy michigan|healthy louisiana|hoosier healthwise|hip 2\.0|oregon health plan|ohp|denali kidcare|dc healthy families)\b", "")
_cue("preference", "medicare", r"\b(?:medicare|medi-care|medicare advantage)\b", "")
_cue("preference", "private_insurance", r"\b(?:blue ?cross|blue ?shield|bcbs|anthem|aetna|cigna|united ?health ?care|united health|uhc|humana|kaiser|optum|oscar health|ambetter|highmark|premera|regence|carefirst|florida blue|independence blue|horizon blue|emblem ?health|oxford health|tufts|harvard pilgrim|geisinger|wellmark|priority health|health net|private insurance|commercial insurance|employer insurance|work insurance|insurance (?:through|from|thru) (?:my |his |her )?(?:work|job|employer|wife|husband|parents|dad|mom)|ppo|hmo|epo|marketplace (?:plan|insurance)|obamacare|aca plan|cobra)\b", "")
_cue("preference", "private_insurance?", r"\b(?:insurance|insured|health plan|coverage)\b", "")
_cue("preference", "self_pay", r"\b(?:cash(?! app)|self[ -]?pay|selfpay|pay(?:ing)? out of (?:my own )?pocket|out[ -]of[ -]pocket|private pay|pay (?:for it )?(?:myself|ourselves)|paying (?:for it )?(?:myself|ourselves)|credit card|uninsured|no insurance|without insurance)\b", "")
_cue("preference", "sliding_scale", r"\b(?:sliding[ -]scale|sliding fee|income[ -]based|based on income|can'?t afford|cannot afford|can not afford|could not afford|couldn'?t afford|not afford|affordable|low[ -]income|low[ -]cost|cheap|cheaper|cheapest|free (?:programs?|treatment|iop|services|options?|care|of charge|clinic|help)|for free|no cost|at no charge|financial (?:assistance|help|aid|hardship)|payment plans?|(?:i'?m|im|i am|we'?re|we are|totally|so|flat|pretty) broke|how (?:can|do|will|would|could) (?:i|we) (?:ever )?afford|on a budget|tight budget|money is tight|fixed income|ssi|ssdi|low on money|can'?t pay|cannot pay)\b", "")
_cue("preference", "military_insurance", r"\b(?:tricare|tri-care|tri care|champva|champ va)\b", "")
_cue("preference", "spanish", r"\b(?:spanish|espanol|en espanol|habla|hablan|hablo|hablar|spanish[ -]speaking|bilingual)\b", "")
_cue("preference", "sign_language", r"\b(?:sign language|asl|deaf|hard of hearing|hearing impaired)\b", "")
_cue("preference", "women", r"\b(?:for women|women only|women'?s only|womens only|women'?s (?:program|programs|group|groups|iop|treatment|track)|womens (?:program|programs|group|groups|iop|treatment|track)|female only|females only|all female|all women|just women|only women|women-only|gender[ -]specific for women|female (?:counselor|therapist|staff|group))\b", "")
_cue("preference", "men", r"\b(?:for men|men only|men'?s only|mens only|men'?s (?:program|programs|group|groups|iop|treatment|track)|mens (?:program|programs|group|groups|iop|treatment|track)|male only|males only|all male|all men|just men|only men|men-only|male (?:counselor|therapist|group))\b", "")
_cue("preference", "young_adults", r"\b(?:young adults?|young adult program|college[ -]age|college[ -]aged|18[ -]25|18 to 25|early (?:twenties|20s)|in (?:my|his|her|their) (?:early )?(?:twenties|20s))\b", "")
_cue("preference", "adolescents", r"(?<!was a )(?<!as a )(?<!since i was a )(?<!in my )(?<!drinking )(?<!using )(?<!started )(?<!back )(?<!since )(?<!smoking )\b(?:teen|teens|teenager|teenagers|teenage|adolescent|adolescents|youth|a minor|minors|under 18|high schooler|middle schooler|in high school|in middle school|juvenile)\b(?! (?:years|yrs)\b)", "")
_cue("preference", "seniors", r"\b(?:seniors?(?! (?:in|at) (?:high school|college))|senior citizens?|elderly|older adults?|over (?:60|65|70)|in (?:my|his|her) (?:sixties|seventies|eighties|60s|70s|80s)|retirees?)\b", "")
_cue("preference", "pregnant_women", r"\b(?:pregnant|pregnancy|expecting a baby|postpartum|post-partum|post partum|just had a baby|breastfeeding|nursing mother|weeks along|months along|having a baby)\b", "")
_cue("preference", "dual_diagnosis", r"\b(?:dual[ -]diagnosis|dual dx|co-?occurring|co occurring|mental health (?:too|as well|also|and (?:substance|addiction|drinking|drug|alcohol))|both mental health|(?:mental health|psychiatric) (?:care|treatment|services|support) (?:too|as well|also)|treat (?:my |his |her )?(?:anxiety|depression|ptsd|bipolar|mental health|trauma) (?:too|as well|also|at the same time)|psychiatrist|psychiatric care|psych meds|medication management)\b", "")
_cue("preference", "medication_for_oud", r"\b(?:suboxone|subs(?= (?:program|clinic|doctor|prescription|script))|(?:on|taking|take|prescribed) subs|buprenorphine|bupe|sublocade|subutex|zubsolv|brixadi|methadone|vivitrol|naltrexone|mat|m\.a\.t|medication[ -]assisted(?: treatment)?|moud|medications? for (?:opioid|addiction|oud|cravings)|maintenance (?:program|medication|therapy))\b", "")
_cue("preference", "twelve_step", r"\b(?P<twelve>12[ -]?steps?|twelve[ -]steps?|aa|a\.a|alcoholics anonymous|na (?:meetings?|program)|n\.a\. meetings?|narcotics anonymous|big book|12 step based|step work|my sponsor|a sponsor)\b", "")
_cue("preference", "family_therapy", r"\b(?:family (?:therapy|counseling|counselling|sessions?|program|programming|involvement|component|support group|groups?|week|day|education|systems)|involve (?:my|the) (?:family|wife|husband|parents|kids|partner)|couples (?:therapy|counseling|counselling)|marriage counseling|(?:can|could) (?:my|our) (?:wife|husband|family|parents|partner|mom|dad|spouse|kids) (?:come|join|attend|participate|be involved))\b", "")
# ages: "i'm 19", "my 16 year old", "he is 70"
_cue("preference", "age", r"\b(?:(?P<age1>\d{1,2}) ?(?:year old|years old|yr old|yrs old|yo|y/o|y\.o)|(?:i'?m|im|i am|he'?s|she'?s|he is|she is|they'?re|turned|just turned|age|aged) (?P<age2>\d{1,2})(?= *(?:$|[.,!?;]|and|but|years|yrs|y/o|yo|now|soon)))\b", "")

# schedule --------------------------------------------------------------------------------
_cue("schedule", "evening", r"\b(?:evening|evenings|night|nights|nighttime|late|after[ -]work) (?:groups?|sessions?|classes|class|programs?|iop|options?|schedule|hours|times?|slots?|meetings?|availability|appointments?|track|shift)\b(?<!night shift)(?<!nights shift)", "")
_cue("schedule", "evening", r"\b(?:groups?|sessions?|classes|programs?|iop|options?|something|meetings?|anything|available|availability|offer|attend|go|do it|one) (?:\w+ ){0,3}(?:in the evenings?|at night|evenings|after work|after (?:5|6|7|five|six|seven)(?: ?pm| o'?clock)?)\b", "")
_cue("schedule", "evening", r"\b(?:after work|evenings only|only evenings|evenings work|evenings are better|evening would be|evenings would be|prefer evenings?|need evenings?|only at night|after 5 ?pm|after 6 ?pm|after five)\b", "")
_cue("schedule", "morning", r"\b(?:morning|am) (?:groups?|sessions?|classes|program|iop|schedule|times?|slots?|option|track)\b|\b(?:prefer|need|only|just) mornings?\b|\bmornings (?:only|work|are better)\b|\bbefore work\b", "")
_cue("schedule", "daytime", r"(?<!\d )(?<!\d)(?<!-)(?<!\d-)(?<!thirty )(?<!sixty )(?<!ninety )(?<!eight )\b(?:daytime|during the day|day (?:groups?|program|sessions?|track|iop)|while (?:my )?kids are (?:at|in) school)\b", "")
_cue("schedule", "weekend", r"\b(?:weekends? (?:only|groups?|sessions?|programs?|iop|classes|options?|availability|schedule|track)|(?:only|just|prefer|need|needs) (?:on )?(?:the )?weekends?|(?:groups?|sessions?|programs?|iop|classes|options?|something|anything|available|availability|meet|meetings?) (?:on |during )?(?:the )?weekends?|saturdays|sundays|(?:saturday|sunday) (?:groups?|sessions?|classes|mornings|afternoons|only|program|iop))\b", "")

# one-word (or nearly) answers to the assistant's questions
_ANSWER_END = r"\s*(?:please|pls|plz|only|preferably|ideally|if possible|probably|i guess|right now|currently)?\s*[.!]*\s*$"
_cue("responsibilities", "none", rf"(?<!.)\b(?:not working|unemployed|no job|not employed|no work){_ANSWER_END}", "noneg")
_cue("preference", "veterans", rf"(?<!.)\b(?:the )?va{_ANSWER_END}", "")
_cue("schedule", "evening", rf"(?<!.)\b(?:evenings?|nights?|at night|in the evenings?|after work|after 5|after five){_ANSWER_END}", "")
_cue("schedule", "morning", rf"(?<!.)\b(?:mornings?|in the mornings?|before work|early){_ANSWER_END}", "")
_cue("schedule", "daytime", rf"(?<!.)\b(?:daytime|days|during the day|afternoons?){_ANSWER_END}", "")
_cue("schedule", "weekend", rf"(?<!.)\b(?:weekends?|saturdays?|sundays?|on weekends){_ANSWER_END}", "")

_INDEX: PatternIndex[_Cue] = PatternIndex(_CUES, prefix_length=4)


# --- clauses, negation, questions -------------------------------------------------------

_CLAUSE_BREAK = re.compile(r"[.!?;\n]+|,\s|\s(?:but|however|although|though|except|whereas|yet|plus|and also)\s|\s-+\s|:\s")
_QUESTION_START = re.compile(
    r"^(?:what|what'?s|whats|how|hows|how'?s|why|which|who|where|does|do|did|is|isn'?t|are|aren'?t|can|could|will|would"
    r"|should|shall|may|might|am|any|anyone|has|have (?:you|u|they|there)|wondering|curious|question)\b"
)
_PERSONAL = re.compile(r"\b(?:i|i'?m|im|i'?ve|ive|i'?d|me|my|mine|myself|he|she|his|her|him|he'?s|she'?s|hes|shes|himself|herself)\b")
_HYPOTHETICAL = re.compile(
    r"\b(?:will|would|could|might|may|should|can|do|does|what if|if|gonna|going to|am i going to)\s+(?:i|you|u|he|she|they|we|someone|people|a person)\s+(?:\w+\s+){0,2}$"
)
_NEGATORS = frozenset(
    "no not never nor none don't dont doesn't doesnt didn't didnt haven't havent hasn't hasnt hadn't isn't isnt aren't arent "
    "wasn't wasnt weren't won't wont wouldn't cannot can't cant without zero denies deny neither ain't aint nothing "
    "instead hate hates dislike against non than alternative alternatives".split()
)
# after a negator these make the statement uncertain rather than negative:
# "i don't know if i have anxiety", "not sure if my insurance covers it"
_UNCERTAIN = frozenset("know sure think remember wonder certain if whether".split())
_POSSESSIVES = frozenset("my our his her their".split())
_FEAR_BEFORE = re.compile(
    r"\b(?:afraid|scared|worried|worry|terrified|nervous|fear|prevent|preventing|prevention|avoid|avoiding|risk|might|could|"
    r"before|if|don'?t want|do not want|not want|stop|stopping|to)\b(?:\s+\w+){0,3}\s*$"
)
_FUTURE_STEP_DOWN = re.compile(r"\b(?:when|after|once|if|until|before|till|til)\s+(?:i|he|she|they|you|we)?\s*$")
_BASE_STEP_VERB = re.compile(r"^(?:finish|complete|leave|get out of|graduate from|discharge from|come out of|come home from|get home from)$")
_NEGATIVE_SENTIMENT_AFTER = re.compile(
    r"^\W*(?:\w+\s+){0,3}?(?:didn'?t|doesn'?t|did not|does not|never|won'?t) (?:work|help|do anything)|^\W*(?:is|was)n'?t for me|^\W*(?:is|was) not for me|^\W*(?:sucks|sucked)"
)
_WHOLE_MESSAGE_SELF = re.compile(
    r"^\s*(?:(?:it'?s|its|it is|this is|just|for|it'?s for|its for|this is for)\s+)*(?:me|myself|my ?self|i am|i'?m|im)\s*(?:[.!]+)?\s*$"
)
_WHOLE_MESSAGE_LOVED_ONE = re.compile(
    rf"^\s*(?:(?:it'?s|its|it is|this is|for|it'?s for|its for|this is for|asking for)\s+)*{_MY_REL}\s*(?:[.!]+)?\s*$"
)
_NEGATION_WINDOW_WORDS = 4
# how far back (characters) the checks before a cue look, so a long
# unpunctuated message costs linear time
_WINDOW_CHARS = 80
# "no withdrawals from weed": the "no" is about withdrawals, not weed
_SUBSTANCE_NEGATION_WINDOW = 2
# "i don't want to keep going to aa"
_PREFERENCE_NEGATION_WINDOW = 6
# "no alcohol for 3 days" is abstinence, not "doesn't use alcohol"
_DURATION_AFTER = re.compile(r"\s*(?:for|in|since) (?:\d+|a|an|one|two|three|four|five|six|seven|a few|a couple(?: of)?|several|over a) ?(?:\w+ )?(?:hours?|days?|weeks?|months?|years?|nights?)\b")
_LONG_AGO = re.compile(r"\b(?:(?:\d+|a few|several|many|couple|a couple of|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty) (?:years?|yrs?)(?: ago)?|years ago|in (?:19|20)\d\d|long time ago|a while (?:ago|back)|back in (?:19|20)\d\d|as a (?:teen|teenager|kid))\b")
_ANSWER_FILLER = re.compile(r"(?:(?:yes|yeah|yep|yup|some|bad|really|lots of|a lot of|definitely|and|the|sometimes|always|ya)\s*)*")
_ATTRIBUTED_BEFORE = re.compile(r"\b(?:bad|terrible|horrible|awful|severe|the|these|those|rough|scary|having|getting|with|in)\s*$")
_CONDITIONAL_NEGATION = re.compile(
    r"\b(?:if|when|whenever|unless|once|until|till|every time|each time)\s+(?:i|he|she|they|we|you)?\s*(?:don'?t|dont|doesn'?t|doesnt|do not|does not|didn'?t|didnt|can'?t|cant|haven'?t|havent)\s+(?:\w+\s+)?$"
)
_CAN_NOT_BEFORE = re.compile(r"\b(?:can'?t|cannot|can not|couldn'?t|unable to)\b")
_SPANISH_WORDS = re.compile(r"\b(?:necesito|ayuda|hijo|hija|esposo|esposa|tratamiento|drogas|usted|tengo|quiero|donde|gracias|hola|por favor|mi|para|alcohol|programa|seguro|cerca|tiene|puedo|bebe|mucho)\b")
_ZIPCODE = re.compile(
    r"(?<![\d\-.$/#:])(?<!\$ )\b(?P<zip>\d{5})(?:-\d{4})?\b(?![\-.]?\d)(?!\s*(?:dollars|bucks|usd|mg|mcg|miles|mi\b|steps|people|times|days|hours|calories|k\b|a (?:month|year|day)|per|/))"
)
_ZIP_CONTEXT = re.compile(r"\b(?:zip|zipcode|zip code|postal|area|near|around|in|live|located|at)\s*(?:code)?\s*(?:is|:)?\s*$")


class _Clause:
    """A clause of the normalised text; question/personal worked out on demand."""

    __slots__ = ("text", "start", "end", "_ends_with_question", "_is_question", "_personal")

    def __init__(self, text: str, start: int, end: int, ends_with_question: bool) -> None:
        self.text = text
        self.start = start
        self.end = end
        self._ends_with_question = ends_with_question
        self._is_question: Optional[bool] = None
        self._personal: Optional[bool] = None

    @property
    def is_question(self) -> bool:
        if self._is_question is None:
            body = self.text[self.start:self.end].strip()
            self._is_question = self._ends_with_question or _QUESTION_START.match(body) is not None
        return self._is_question

    @property
    def personal(self) -> bool:
        if self._personal is None:
            self._personal = _PERSONAL.search(self.text, self.start, self.end) is not None
        return self._personal


def _clauses(text: str) -> List[_Clause]:
    clauses: List[_Clause] = []
    position = 0
    for brk in _CLAUSE_BREAK.finditer(text):
        if brk.start() > position:
            clauses.append(_Clause(text, position, brk.start(), "?" in brk.group(0)))
        position = brk.end()
    if position < len(text):
        clauses.append(_Clause(text, position, len(text), False))
    return clauses


def _clause_at(clauses: Sequence[_Clause], starts: Sequence[int], position: int) -> Optional[_Clause]:
    index = bisect_right(starts, position) - 1
    if index < 0:
        return None
    return clauses[index]


def _negation(text: str, clause_start: int, cue_start: int, window_words: int = _NEGATION_WINDOW_WORDS) -> str:
    """"negated", "uncertain" or "" for the few words before a cue in its clause."""
    window = text[max(clause_start, cue_start - _WINDOW_CHARS):cue_start]
    words = [w.strip(".,!?;:\"()-") for w in window.split()[-window_words:]]
    words = [w for w in words if w]
    if not words:
        return ""
    if words[-1] in _POSSESSIVES:
        return ""  # "i don't know if my insurance covers it": it is still my insurance
    if _CONDITIONAL_NEGATION.search(window):
        return ""  # "he gets the shakes if he doesn't drink": conditional, not denial
    for index, word in enumerate(words):
        if word in _NEGATORS or word.endswith("n't"):
            if word == "without" and _CAN_NOT_BEFORE.search(window):
                continue  # "can't stop without getting sick": not a negation
            if word in ("can't", "cant", "cannot") and index + 1 < len(words) and words[index + 1] in ("stop", "quit"):
                continue  # "can't stop drinking"
            if any(w in _UNCERTAIN for w in words[index + 1:]):
                return "uncertain"
            return "negated"
    return ""


# --- extraction --------------------------------------------------------------------------


class _Hit(NamedTuple):
    field: str
    value: object
    start: int  # in normalised text
    end: int
    negated: bool
    tier: int = 2


def _age_preference(match: Match[str]) -> Optional[str]:
    raw = match.group("age1") or match.group("age2")
    if not raw:
        return None
    age = int(raw)
    if 12 <= age <= 17:
        return "adolescents"
    if 18 <= age <= 25:
        return "young_adults"
    if 65 <= age <= 99:
        return "seniors"
    return None


def _loved_one_from_context(text: str, match: Match[str], clause_end: int) -> bool:
    """After "my son", does the clause go on about use (and not about me)?"""
    ahead = text[match.end():min(clause_end, match.end() + 90)]
    use = _USE_AHEAD.search(ahead)
    if use is None:
        return False
    first_person = _FIRST_PERSON_AHEAD.search(ahead)
    return first_person is None or first_person.start() > use.start()


def _hits(mapped: MappedText) -> List[_Hit]:
    text = mapped.text
    clauses = _clauses(text)
    clause_starts = [c.start for c in clauses]
    hits: List[_Hit] = []
    # one-phrase answers to "who is this for?"
    whole = _WHOLE_MESSAGE_SELF.match(text)
    if whole:
        hits.append(_Hit("for_whom", ("self", None), 0, len(text.rstrip(" .!")), False, 1))
    whole = _WHOLE_MESSAGE_LOVED_ONE.match(text)
    if whole:
        hits.append(_Hit("for_whom", ("loved_one", _RELATIONS.get(whole.group("rel"))), whole.start("rel"), whole.end("rel"), False, 1))
    for cue, match in _INDEX.matches(text):
        clause = _clause_at(clauses, clause_starts, match.start())
        clause_start = clause.start if clause else 0
        clause_end = clause.end if clause else len(text)
        before = text[max(clause_start, match.start() - _WINDOW_CHARS):match.start()]
        flags = cue.flags
        if "topic" in flags:
            if clause is not None and clause.is_question and not clause.personal:
                continue  # "does iop help with anxiety?"
            if _HYPOTHETICAL.search(before):
                continue  # "will i get withdrawals"
        window_words = (
            _SUBSTANCE_NEGATION_WINDOW
            if "substance" in flags
            else _PREFERENCE_NEGATION_WINDOW if cue.field == "preference" else _NEGATION_WINDOW_WORDS
        )
        negation = "" if "noneg" in flags else _negation(text, clause_start, match.start(), window_words)
        if negation == "uncertain":
            continue
        negated = negation == "negated"
        if "attributed" in flags and not negated and clause is not None and not clause.personal:
            rest = (text[clause.start:match.start()] + " " + text[match.end():clause.end]).strip(" .!")
            if not _ATTRIBUTED_BEFORE.search(before) and not _ANSWER_FILLER.fullmatch(rest):
                continue  # "withdrawal is scary": a topic, not a symptom ("withdrawals" alone is an answer)
        if "fear" in flags and _FEAR_BEFORE.search(before):
            continue  # "afraid of a relapse", "to prevent relapse"
        if cue.field == "step_down" and match.groupdict().get("verb"):
            if _BASE_STEP_VERB.match(match.group("verb")) and _FUTURE_STEP_DOWN.search(before):
                continue  # "what happens after i finish the program"
        if cue.field == "preference" and match.groupdict().get("twelve"):
            if _NEGATIVE_SENTIMENT_AFTER.search(text[match.end():match.end() + 40]):
                continue  # "aa didn't work for me"
        value: object = cue.value
        tier = 2
        if "tier1" in flags:
            tier = 1
        elif "tier3" in flags:
            tier = 3
        if cue.field == "for_whom":
            relation = _relation_of(match)
            if value == "loved_one?":
                if not _loved_one_from_context(text, match, clause_end):
                    continue
                value = "loved_one"
            hits.append(_Hit("for_whom", (value, relation), match.start(), match.end(), negated, tier))
            continue
        if cue.field == "preference" and value == "age":
            value = _age_preference(match)
            if value is None:
                continue
        if cue.field == "substance" and negated and _DURATION_AFTER.match(text, match.end()):
            negated = False  # "no alcohol for 3 days"
        if "recent" in flags and _LONG_AGO.search(text[max(clause_start, match.start() - 150):min(clause_end, match.end() + 150)]):
            hits.append(_Hit("treated_before", True, match.start(), match.end(), negated))
            continue  # finished rehab years ago: treated before, not a step down
        hits.append(_Hit(cue.field, value, match.start(), match.end(), negated, tier))
    return hits


def _first_by_position(hits: Iterable[_Hit]) -> Optional[_Hit]:
    return min(hits, key=lambda h: (h.start, -(h.end - h.start)), default=None)


def _boolean(hits: Sequence[_Hit], field: str) -> Optional[_Hit]:
    """The deciding hit: a positive beats a negative; None if nothing was said."""
    positives = [h for h in hits if h.field == field and h.value is True and not h.negated]
    if positives:
        return _first_by_position(positives)
    negatives = [
        _Hit(h.field, False, h.start, h.end, True)
        for h in hits
        if h.field == field and ((h.value is True and h.negated) or (h.value is False and not h.negated))
    ]
    return _first_by_position(negatives)


def _ordered_values(hits: Sequence[_Hit], field: str) -> List[_Hit]:
    """One hit per value (the first), in order of appearance; negated hits dropped."""
    seen: Dict[object, _Hit] = {}
    for hit in sorted((h for h in hits if h.field == field and not h.negated), key=lambda h: h.start):
        seen.setdefault(hit.value, hit)
    return list(seen.values())


def _zipcode(mapped: MappedText) -> Optional[_Hit]:
    text = mapped.text
    candidates = []
    for match in _ZIPCODE.finditer(text):
        value = match.group("zip")
        if value == "00000":
            continue
        before = text[max(0, match.start() - 3):match.start()]
        if re.search(r"\d[\s\-.)(]*$", before):
            continue  # part of a longer number (phone)
        candidates.append((0 if _ZIP_CONTEXT.search(text[max(0, match.start() - 25):match.start()]) else 1, match.start(), match))
    if not candidates:
        return None
    _rank, _start, best = min(candidates)
    return _Hit("zipcode", best.group("zip"), best.start("zip"), best.end("zip"), False)


@dataclass(frozen=True)
class _Decided:
    """The facts and, per entity value, the hit that stated it."""

    facts: IntakeFacts
    entities: List[Tuple[str, str, int, int]]  # (entity, value, start, end) in normalised text


def _decide(mapped: MappedText) -> _Decided:
    hits = _hits(mapped)
    entities: List[Tuple[str, str, int, int]] = []

    # for whom: the most explicit statement wins, then the earliest
    whom = [h for h in hits if h.field == "for_whom" and not h.negated]
    for_whom: Optional[str] = None
    relation: Optional[str] = None
    if whom:
        best = min(whom, key=lambda h: (h.tier, h.start))
        for_whom, relation = best.value  # type: ignore[misc]
        entities.append(("for_whom", for_whom, best.start, best.end))
        if for_whom == "loved_one" and relation:
            if relation == "loved one":
                relation = None
            else:
                entities.append(("loved_one_relation", relation, best.start, best.end))
        else:
            relation = None

    booleans: Dict[str, Optional[bool]] = {}
    for field in ("withdrawal_risk", "step_down", "treated_before", "relapse"):
        decided = _boolean(hits, field)
        booleans[field] = None if decided is None else bool(decided.value)
        if decided is not None:
            entities.append((field, "true" if decided.value else "false", decided.start, decided.end))
    # what one statement implies about another
    if booleans["step_down"] and booleans["treated_before"] is not True:
        step = _boolean(hits, "step_down")
        booleans["treated_before"] = True
        entities = [e for e in entities if e[0] != "treated_before"]
        if step is not None:
            entities.append(("treated_before", "true", step.start, step.end))
    if booleans["treated_before"] is False and booleans["step_down"] is None:
        booleans["step_down"] = False
        treated = _boolean(hits, "treated_before")
        if treated is not None:
            entities.append(("step_down", "false", treated.start, treated.end))

    # responsibilities
    responsibility_hits = _ordered_values(hits, "responsibilities")
    positives = [h for h in responsibility_hits if h.value != "none"]
    chosen = positives or [h for h in responsibility_hits if h.value == "none"][:1]
    responsibilities = tuple(str(h.value) for h in chosen)
    entities.extend(("responsibilities", str(h.value), h.start, h.end) for h in chosen)

    # co-occurring conditions
    condition_hits = _ordered_values(hits, "co_occurring")
    positives = [h for h in condition_hits if h.value != "none"]
    if positives:
        chosen = positives
    else:
        explicit_none = [h for h in condition_hits if h.value == "none"]
        negated = [h for h in hits if h.field == "co_occurring" and h.negated and h.value != "none"]
        chosen = [explicit_none[0]] if explicit_none else ([_Hit("co_occurring", "none", negated[0].start, negated[0].end, False)] if negated else [])
    co_occurring = tuple(str(h.value) for h in chosen)
    entities.extend(("co_occurring", str(h.value), h.start, h.end) for h in chosen)

    # substances
    substance_hits = _ordered_values(hits, "substance")
    substances = tuple(str(h.value) for h in substance_hits)
    entities.extend(("substance", str(h.value), h.start, h.end) for h in substance_hits)

    # preferences
    misuse_spans = [(h.start, h.end) for h in hits if h.field == "substance" and h.value == "opioids"]
    preference_hits = [
        h
        for h in _ordered_values(hits, "preference")
        if not (h.value == "medication_for_oud" and any(s <= h.start and h.end <= e for s, e in misuse_spans))
    ]
    named = {h.value for h in preference_hits}
    insurance_negated = [h for h in hits if h.value == "private_insurance?" and h.negated]
    kept: List[_Hit] = []
    for hit in preference_hits:
        if hit.value == "private_insurance?":
            if {"medicaid", "medicare", "military_insurance", "private_insurance", "self_pay", "veterans"} & named:
                continue  # "my medicaid insurance": the plan is already named
            hit = _Hit("preference", "private_insurance", hit.start, hit.end, False)
        kept.append(hit)
    if insurance_negated and "self_pay" not in named and not ({"medicaid", "medicare", "military_insurance"} & named):
        kept.append(_Hit("preference", "self_pay", insurance_negated[0].start, insurance_negated[0].end, False))
    if "spanish" not in named and len(set(m.group(0) for m in _SPANISH_WORDS.finditer(mapped.text))) >= 3:
        kept.append(_Hit("preference", "spanish", 0, len(mapped.text), False))
    unique: Dict[object, _Hit] = {}
    for hit in sorted(kept, key=lambda h: h.start):
        if hit.value in PREFERENCES:
            unique.setdefault(hit.value, hit)
    preferences = tuple(str(v) for v in unique)
    entities.extend(("preference", str(h.value), h.start, h.end) for h in unique.values())

    schedule_hits = _ordered_values(hits, "schedule")
    schedule = tuple(str(h.value) for h in schedule_hits)
    entities.extend((SCHEDULE_ENTITY, str(h.value), h.start, h.end) for h in schedule_hits)

    zip_hit = _zipcode(mapped)
    zipcode = str(zip_hit.value) if zip_hit else None
    if zip_hit is not None:
        entities.append(("zipcode", str(zip_hit.value), zip_hit.start, zip_hit.end))

    facts = IntakeFacts(
        for_whom=for_whom,
        loved_one_relation=relation,
        withdrawal_risk=booleans["withdrawal_risk"],
        step_down=booleans["step_down"],
        treated_before=booleans["treated_before"],
        relapse=booleans["relapse"],
        responsibilities=responsibilities,
        co_occurring=co_occurring,
        substances=substances,
        preferences=preferences,
        schedule_preferences=schedule,
        zipcode=zipcode,
    )
    return _Decided(facts, entities)


def _decide_safely(text: object) -> Tuple[MappedText, _Decided]:
    mapped = normalize_with_offsets(text)
    if not mapped.text:
        return mapped, _Decided(IntakeFacts(), [])
    try:
        return mapped, _decide(mapped)
    except Exception:  # pragma: no cover - must never take the NLU pipeline down
        return mapped, _Decided(IntakeFacts(), [])


def extract_facts(text: object) -> IntakeFacts:
    """The intake facts stated in `text` (see module doc). Never raises."""
    return _decide_safely(text)[1].facts


def facts_as_entities(text: object, include_schedule: bool = False) -> List[Dict[str, object]]:
    """The same facts as Rasa-style entities, in text order.

    Each is `{"entity", "value", "start", "end"}` with start/end pointing at
    the words of `text` that stated the fact; booleans are "true"/"false" and
    tuple fields give one entity per value (substances as "substance",
    preferences as "preference"). Schedule preferences ("evening"...) are
    left out unless `include_schedule` (entity name `SCHEDULE_ENTITY`).
    """
    mapped, decided = _decide_safely(text)
    entities: List[Dict[str, object]] = []
    for name, value, start, end in decided.entities:
        if name == SCHEDULE_ENTITY and not include_schedule:
            continue
        source_start, source_end = mapped.source_span(start, end)
        entities.append({"entity": name, "value": value, "start": source_start, "end": source_end})
    entities.sort(key=lambda e: (e["start"], e["entity"]))  # type: ignore[arg-type,return-value]
    return entities
