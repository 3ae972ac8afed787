"""Crisis detection: the deterministic safety net that overrides NLU.

Any message about suicidal thoughts, self-harm, overdose, a medical emergency
or harm to someone else gets the crisis answer (988, 911, SAMHSA helpline)
immediately, from any point of any conversation. Recall comes first: when in
doubt the detector triggers, because giving crisis numbers is never harmful and
a miss can be.

Decisions (documented so they can be revisited deliberately):

* Any mention of suicide, overdose, self-harm, seizures, delirium tremens,
  "911" or "emergency" triggers, including questions about them as topics
  ("what is an overdose?") and negations ("i'm not suicidal"), because a
  negation or a question is a poor reason to risk a miss.
* Past events trigger too ("i overdosed 5 years ago"): telling resolved history
  from present danger is not reliable with patterns, and "i overdosed last
  year and i'm using again" is high risk. No historical exclusion is made.
* "kys" / "kill yourself" trigger (category suicide): whether aimed at the
  visitor or at the bot, answering with crisis numbers is harmless.
* Idioms that do not trigger: "kill time", "killing it", "this is killing
  me", "dying to know", "dying laughing", "dead tired", "dead end",
  "die hard", "drop dead gorgeous", "my phone died", "overdue", "X is gonna
  kill me" (said of a person who will be angry), "take my life back", "end of
  the week", ending a program or a relationship ("end it with him").
  "this is killing me" was a judgement call: it is a very common way of
  describing cravings or waiting ("the cravings are killing me") and says
  nothing about wanting to die or about danger; the explicit forms ("i want
  to die", "kill me now") are covered.
* Narcan/naloxone triggers only with an emergency cue nearby (gave, used,
  needed, not working, won't wake up...), not for "where can i get narcan".
* "sh" means self-harm only with a cue ("my sh", "relapsed on sh",
  "sh scars", "sh again"), never on its own.
* harm_to_others covers the visitor wanting to hurt someone ("i want to hurt
  someone") and someone threatening or hurting the visitor ("he said he'd
  kill me", "my boyfriend choked me"): both need 911.
* Besides phrases, one co-occurrence rule catches a death word, a wish/plan
  word and a person in the same sentence ("part of me hopes the next time i
  use i just die"); it can fire on worry about someone else dying ("i hope my
  dad doesn't die"), which is accepted.

Measured recall on new wording is far from total: three held-out rounds of
~60-75 messages, each written after freezing the lexicon, scored 51%, 48% and
54% before their misses were added (see tests/test_crisis.py). Explicit
statements are caught reliably; indirect ones ("i made my peace and i'm
ready") often are not. This net must stay paired with the trained `crisis`
intent, and the patterns should keep growing from real (anonymised) misses.

`detect_crisis` returns the first match in the text; `find_crisis_matches`
returns all of them (non-overlapping, in text order). Offsets point into the
text as given, so `text[match.start:match.end] == match.phrase`.
"""
from __future__ import annotations

import logging
import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple

from bot.language.text import MappedText, PatternIndex, normalize_with_offsets

_log = logging.getLogger(__name__)

__all__ = ["CrisisMatch", "CRISIS_CATEGORIES", "detect_crisis", "find_crisis_matches", "is_crisis"]

CRISIS_CATEGORIES: Tuple[str, ...] = (
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


# --- pattern language -----------------------------------------------------------
# Patterns are written against normalised text (lower case, straight
# apostrophes, single spaces). A literal space in a pattern means "a word gap":
# zero to three spaces/hyphens/dots/asterisks/underscores/commas, so
# "kill myself", "kill-myself", "killmyself" and "kill . myself" all match.
# Inside a lookbehind a space stays one literal space (lookbehinds need a fixed
# width). Never write " *" or " +": a repeated gap backtracks catastrophically.
# <NAME> expands to the macro of that name (macros may use macros).
#
# Because a gap may be empty, "\w+ " could end anywhere inside a word, and
# "(?:\w+ ){0,6}" could cut "aaaa…" into words in polynomially many ways (a
# 110-character message took a minute). `_expand` therefore ends every
# "\w+"/"\w*" with "\b", so a word run is always taken whole; for the same
# reason each filler word ends with "\b" and none is listed twice.

_GAP = r"(?:[\s\-_.*~,]{0,3})"

# Words between a verb and what it governs: "want to *just* die".
# ("low key" also matches "lowkey": a gap may be empty.)
_FILLER_WORDS = (
    "just|really|honestly|literally|fucking|fuckin|effing|freaking|frickin|so|kinda|kind of|actually"
    "|seriously|low key|truly|simply|even|all|badly|fr|tbh|rlly|rly|genuinely|sort of|sorta"
    "|maybe|probably|prob|go|like|totally|definitely|finally|already|please|rather|not|ever|sometimes"
    "|often|always|still|again|now|a little|a bit|quietly|peacefully"
)

_MACROS: Dict[str, str] = {
    "DONT": r"(?:do ?n'?t|do not|dnt|didn'?t|did not|doesn'?t|does not|dont|don t)",
    "CANT": r"(?:can'?t|can not|cannot|can t|cnt|couldn'?t|could not|cant)",
    "NEG": r"(?:not|n'?t|never|no longer|isn'?t|isnt|wasn'?t|wasnt|ain'?t|aint|won'?t|wont|will not|didn'?t|didnt"
    r"|did not|doesn'?t|doesnt|does not|can'?t|cant|cannot|couldn'?t|wouldn'?t|would not|is not|was not)",
    "TO": r"(?: (?:to|2|too|ta|t|ot|tp))?",
    "FILL": rf"(?: (?:{_FILLER_WORDS})\b)*",
    "SELF": r"(?:my ?self|myslef|mysefl|mysel|meself|my ?sel|mi ?self|him ?self|her ?self|them ?sel(?:f|ves|fs)"
    r"|your ?self|ur ?self|yo ?self|one ?self|ourselves|yourselves)",
    "REL": r"(?:son|daughter|husband|hubby|wife|wifey|partner|spouse|boyfriend|girlfriend|bf|gf|fiance|fiancee"
    r"|mom|mother|mum|mama|momma|mommy|dad|father|daddy|papa|brother|bro|sister|sis|friend|best friend"
    r"|bff|roommate|room mate|kid|child|baby|uncle|aunt|auntie|cousin|nephew|niece|grandma|grandmother"
    r"|grandpa|grandfather|granddaughter|grandson|stepson|stepdaughter|stepdad|stepmom|step son"
    r"|step daughter|coworker|co worker|neighbor|neighbour|ex|loved one|teen|teenager|twin"
    r"|significant other|homie|buddy|pal|client|patient|sibling|parent|man|guy|girl|boy|lady)s?",
    "SUBJ3": r"(?:he|she|they|someone|somebody|some one|baby|my (?:\w+ )?<REL>|his <REL>|her <REL>"
    r"|their <REL>|our <REL>|(?:he|she|they)'?s|(?:he|she) is|they are|they'?re|he was|she was)",
    "PILLS": r"(?:pills?|meds|medications?|medicine|tablets?|capsules?|bottle|xanax|xans|oxys?|oxycodone"
    r"|percs?|percocets?|sleeping pills|sleep(?:ing)? meds|tylenol|advil|aspirin|benadryl|ambien|seroquel"
    r"|lithium|insulin|antidepressants?|painkillers?|pain pills|pain killers|klonopin|valium|ativan"
    r"|benzos?|opioids?|vicodin|norcos?|dilaudid|morphine|fentanyl|fent|heroin|dope|methadone|suboxone"
    r"|gabapentin|trazodone|zoloft|prozac|lexapro|wellbutrin|adderall|lyrica|tramadol|codeine"
    r"|ibuprofen|acetaminophen|muscle relaxers|prescriptions?|bars)",
    "PEOPLE": r"(?:someone|somebody|some one|people|others|everyone|everybody|him|her|them|you|u|my <REL>"
    r"|anyone|anybody|any one|whoever|the (?:next|first) (?:\w+ )?(?:person|one|guy|girl|man|woman|dude|idiot|customer|cop|bitch|asshole|motherfucker|mf|fool|prick|clown|driver|kid|who)"
    r"|the <REL>|his <REL>|her <REL>|a cop|cops|my boss|the boss|kids|children|a kid|my family|the baby"
    r"|(?:my|the|that|this|his|her|our) (?:\w+ )?(?:dealer|boss|landlord|neighbor|neighbour|coworker|manager|teacher|stepdad|stepmom|ex|cousin|roommate|sponsor|counselor|doctor|therapist|guy|girl|man|woman|bitch|bastard|asshole|dude|family))",
    "NUM": r"(?:\d+|a couple|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen"
    r"|seventeen|eighteen|nineteen|twenty)",
    # "i'd rather die than sing karaoke": an idiom when what follows is trivial
    "TRIVIAL_THAN": r"(?: than (?:sing|singing|karaoke|dance|dancing|go to (?:the|a) (?:gym|party|wedding|mall|dentist|prom|office)"
    r"|eat|eating|wear|wearing|watch|watching|listen|listening|admit|admitting|ask|asking|apologi[sz]e|apologi[sz]ing|lose (?:to|a|the)"
    r"|do (?:math|homework|my taxes|taxes|laundry|the dishes|chores|cardio|karaoke)|cook|cooking|jog|jogging|run a|talk to (?:him|her|my ex)"
    r"|date|cheer for|root for|vote for|be seen|get caught|miss the|work (?:retail|at)|sit through|drive a|use a|text first|call first|pay)\b)",
    # "overdosed on netflix": things nobody overdoses on in the medical sense
    "NOT_A_DRUG": r"(?: on (?:netflix|tv|television|youtube|tiktok|instagram|social media|reality tv|reality shows|true crime|anime|memes"
    r"|video games|gaming|christmas movies|hallmark movies|movies|shows|k ?dramas?|podcasts|music|taylor swift|cuteness|drama|work"
    r"|studying|homework|shopping|nostalgia|sunshine|love|feelings|self care|cardio|the gym|puns|dad jokes)\b)",
    # what may follow a phrase that must end its clause ("i can't go on.")
    "CLAUSE_END": r"(?=\s*(?:$|[.!?,;:)]|(?:and|but|so|because|cause|cuz|i|im|lol|please|pls|help|anymore|any more|any longer|tonight|today|now)\b))",
}

_LOOKBEHIND = re.compile(r"\(\?<[!=][^()]*\)")
_OPEN_WORD_RUN = re.compile(r"\\w[+*](?!\\b)")


def _expand(source: str) -> str:
    for _ in range(4):  # macros nest at most a few levels
        expanded = re.sub(r"<([A-Z0-9_]+)>", lambda m: _MACROS[m.group(1)], source)
        if expanded == source:
            break
        source = expanded
    source = _LOOKBEHIND.sub(lambda m: m.group(0).replace(" ", r"\x20"), source)
    source = _OPEN_WORD_RUN.sub(lambda m: m.group(0) + r"\b", source)
    return source.replace(" ", _GAP)


# --- the lexicon ----------------------------------------------------------------

_SUICIDE = [
    # the word itself, with typos, spacing and euphemisms ("sewerslide", "unalive")
    r"\bs(?:u|uu|ui|iu|ue|ua|oo|ooi)(?:i|y|ci)?[cs]{1,2}i?d(?:e|al|ial|ally|ality|es|ed|ing|le)?\w*",
    r"\bsuicide?\w*",
    r"\bsui cid\w*",
    r"\bsewer ?sli(?:de|ding|ded|d)\w*",
    r"\bsue ?side\b",
    r"\bun ?alive?(?:d|ing|s)?\b",
    r"\bunliv(?:e|ing|ed)\b",
    r"\bself ?delet(?:e|ed|ing|ion)\b",
    r"(?<!\d )(?<!\d)\bkms\b",
    r"\bkys\b",
    r"\bctb\b",
    # kill / off / end / hang ... oneself
    r"\bk[i*]?l{1,3}(?:ing|ed|s|in|ling|led)? ?(?:my|him|her|them|your|ur|one|ma|mah|mi|me|our)? ?sel(?:f|ves|fs|ve|v|d)\b",
    r"\bkill <SELF>",
    r"\b(?:off|offing|offed|end|ending|ended|top|topping|neck|necking|rope|roping) <SELF>\b(?! (?:up|out|off|from)\b)",
    r"\b(?:do|did|doing) <SELF> in\b",
    r"\b(?:hang|hanging|hanged|hung|shoot|shooting|shot|drown|drowning|drowned|poison|poisoning|poisoned"
    r"|gas|gassing|gassed|stab|stabbing|stabbed|suffocate|suffocating|smother|electrocute|strangle"
    r"|strangling|choke|choking|bleed|bleeding) <SELF>\b(?! (?:up|out|with (?:food|water|work|coffee))\b)",
    r"\bkill (?:me|meee*) (?:now|already|please|pls|plz)\b",
    r"\b(?:just|please|pls|plz|somebody|someone|god|lord) (?:please )?kill me\b",
    r"\b(?:want|wanted|wants|wanna|wish|need|needs|hope|hoping|pray|praying) (?:someone|somebody|something|god|it|a car|a bus|you|u|them) (?:would |to |could |will |'d )?(?:kill|end|take) me\b",
    # wanting to die / be dead / not exist
    r"\b(?:want|wants|wanted|wanting|wanna|wana|wan|wnt|wnat|wamt|whant|wsnt|wish|wished|wishes|wishing"
    r"|ready|deserve|deserves|deserved|need|needs|hope|hoping|pray|praying|prayed|begging|beg|tempted"
    r"|would like|'d like|i'?d like|plan|plans|planning|planned|going|gonna|choose|chose|decided|deciding"
    r"|prefer|try|trying|tried|tryna|urge|urges|desire|longing|long|yearn|yearning|rather|better"
    r"|should|shoud|shld|might as well|may as well|let me|lemme|just)<TO><FILL> (?:die|dye|diee+|dieing|d1e|dei|di)\b"
    r"(?! (?:hard|my hair|it|her hair|his hair|your hair|them|for (?:my|him|her|them|you))\b)(?!<TRIVIAL_THAN>)",
    r"\b(?:want|wants|wanted|wanna|wish|wished|wishing|hope|hoping|pray|praying|rather|ready|deserve|better"
    r"|should|just)<TO><FILL> (?:be|b|end up|being) (?:dead|deceased|in the ground|in a grave|with (?:god|jesus) now)\b",
    r"\b(?:wish|wished|wishing) (?:i|he|she|i'd|id) (?:was|were|wasnt|had|would|could|'d|d|wouldn'?t|never|didn'?t|did not)<FILL>"
    r" (?:dead|die|died|not alive|not here|not born|never born|disappear|existed|exist|vanish)\b",
    r"\b(?:wish|wished) i (?:had ?n'?t|hadnt|had not|was never|were never|had never) (?:been )?born\b",
    r"\b(?:wish|wished|wishing) (?:i|he|she) (?:wasn'?t|wasnt|weren'?t|werent|was not|were not)<FILL> (?:alive|here any ?more|around any ?more|born|on this earth)\b",
    r"\b(?:better|rather|happier|easier) (?:off )?(?:be )?dead\b",
    r"\b(?:i|he|she|they) (?:should|shoulda|should'?ve|should have|shouldve)<FILL> (?:be dead|died|die|just die|not be here|not be alive|not exist)\b",
    r"\b(?:i'?d|i would|id|i'?ll|i will|ill) rather (?:die|be dead|not be alive|not exist|not wake up)\b(?!<TRIVIAL_THAN>)",
    r"\b(?:want|wanna|wanted|wish|need)<TO><FILL> (?:stop existing|not exist|cease to exist|not be alive"
    r"|not be here any ?more|disappear(?! (?:for (?:a|the) (?:bit|while|day|weekend|week|night)|from (?:social|this town|here)))"
    r"|vanish|sleep forever|go to sleep forever|go to sleep and (?:never|not) wake up|fall asleep and (?:never|not) wake up"
    r"|not wake up|never wake up|fade away|be with (?:my|his|her) (?:\w+ )?in heaven|go to heaven"
    r"|join (?:my|him|her) (?:\w+ )?in heaven|feel nothing forever|end it all|end everything|end the pain|end this pain"
    r"|end my pain|end my suffering|it to (?:all )?end|it all to (?:end|stop)|everything to (?:end|stop)|the pain to (?:end|stop)"
    r"|be dead|death)\b",
    r"\bi could (?:just )?disappear\b",
    r"\b(?:sleep|rest) forever\b",
    r"\b(?:eternal|permanent|forever) (?:sleep|rest|solution|escape)\b",
    r"\b(?:hope|hoping|pray|praying|wish|wishing) (?:i|that i) (?:do ?n'?t|dont|never|do not|won'?t|wont|wouldn'?t|wouldnt|would never|will never|didn'?t|dont ever) (?:wake|woke|get up)\b",
    r"\b(?:hope|hoping|pray|praying|wish) (?:i|that i) (?:die|just die|pass away|dont make it|don'?t make it|go in my sleep|die in my sleep|get hit by)\b",
    r"\b(?:die|dying|pass away) in my sleep\b",
    r"\bdeath wish\b",
    r"\bwelcome death\b",
    r"\b(?:ready|want|wanna|waiting|wait) (?:for|to meet|to welcome) (?:death|my maker)\b",
    r"\bdie (?:tonight|today|soon|already|now|alone tonight|this week|this weekend)\b",
    r"\b(?:i'?ll|i will|i'?m gonna|im gonna|i'?m going to|im going to) (?:be dead|not be (?:here|around|alive)) (?:by|before|soon|tomorrow|tonight|next)\b",
    r"\b(?:won'?t|wont|will not|might not|may not|probably won'?t|not going to|not gonna) (?:be (?:here|around|alive)|make it|see|wake up)"
    r" (?:much longer|for long|long|tomorrow|tonight|through (?:the night|tonight)|to (?:morning|tomorrow|the morning|christmas|my birthday)"
    r"|next (?:week|month|year)|another (?:day|week|night))\b",
    r"\b(?:my|last) (?:final )?(?:day|night|days|hours) (?:alive|on earth|on this earth|in this world)\b",
    r"\bdead inside\b",
    r"\b(?:lethal|fatal|deadly|killing) (?:dose|amount|overdose|combination|combo|mix)\b",
    r"\bhow (?:many|much) (?:\w+ ){0,5}?(?:to|would|will|does it take to|it takes to|until i|before i) (?:die|kill|od|o\.d|overdose|end it|stop (?:my|your) heart)\b",
    r"\b(?:painless|easy|easiest|quick|quickest|best|fastest|surest|peaceful|simple) (?:way|ways|method|methods) (?:to|of) (?:die|dying|go|end it|end my life|kill (?:my|your|one) ?self|suicide|commit)\b",
    r"\b(?:no|don'?t see (?:a|any)|can'?t see (?:a|any)|cant see (?:a|any)|there'?s no|theres no|there is no|only one) way out\b",
    r"\b(?:feel|feeling|i'?m|im|i am|so|completely|totally|utterly|just|everything is|life is|it'?s all|its all) hopeless\b",
    r"\b(?:pills|meds|medication|xanax|oxys?|bars) (?:saved|stashed|stockpiled|hidden|hoarded|lined up|counted out|set aside) (?:up|away|for|to)?",
    r"\b(?:rather|want|wanna|wish|ready|belong|deserve) (?:to )?(?:be )?(?:in|six feet under in) (?:a|my|the) (?:coffin|casket|grave|box|ground)\b",
    r"\bsix feet under\b",
    r"\bcheck(?:ing)? out (?:permanently|for good|of (?:this )?life|early|forever)\b",
    r"\bwaste of (?:space|oxygen|air|a life|life|skin)\b",
    r"\bnothing matters any ?more\b",
    r"\bhate (?:being alive|existing|my existence|living|waking up every day)\b",
    r"\b(?:i|i just|i really|i fucking) (?:want|wanna|need) out\b<CLAUSE_END>",
    r"\b(?:in|having|going through) (?:a |an )?(?:mental health )?crisis\b",
    r"\bcrisis (?:line|hotline|text line|center|team|number)\b",
    r"\bsuicide (?:line|hotline|prevention)\b",
    r"\b(?:nervous|mental|emotional) breakdown\b|\bhaving a breakdown\b",
    r"(?<![\d\-])\b988\b(?![\d\-])",
    # added after held-out round 1 (see tests/data/crisis_heldout_positive.txt)
    r"\b(?:imagin\w*|pictur\w*|thinking about|think about|dream\w* about|planning|plan) (?:about )?(?:my|his|her) (?:own )?(?:funeral|death|grave|suicide)\b",
    r"\b(?:go|going|gonna|finally|just) (?:go )?through with it\b",
    r"\b(?:gonna|going to|finally|ready to|about to|i'?ll|i will|i'?m gonna|im gonna) (?:finally )?do it (?:tonight|today|now|this time|soon|this weekend)\b",
    r"\b(?:be|been|are|is|would be|'?d be|will be|'?ll be) (?:all )?(?:just )?(?:fine|ok|okay|happier|better|better off|relieved|free|at peace) (?:without me|if i (?:was|were|wasn'?t|wasnt|weren'?t|died|disappeared|left for good|was gone|were gone|was dead|were dead|never existed|didn'?t exist)|with me gone|when i'?m gone|once i'?m gone|after i'?m gone)(?! (?:for|while|during|at|until|till|when i'?m at|on (?:tuesdays|weekends|weekdays))\b)",
    r"\b(?:went|drove|walked|go|going|drive|driving|walk|walking|went back|drove back) (?:out )?to (?:the|a) (?:bridge|cliff|tracks|train tracks|roof|rooftop|overpass|parking garage|ledge|dam)\b(?=[^.!?\n]{0,80}\b(?:sat|stood|looked|thought|jump|edge|down|there|again|tonight|last night|for an hour|hours|almost|to end)\b)",
    r"\b(?:googl\w*|research\w*|search\w*|looking up|looked up|look up|reading about|read about) (?:how to (?:die|kill|end it|overdose|od|hang)|ways to (?:die|end it|kill)|how (?:many|much) (?:\w+ ){0,3}(?:it takes|to take|is (?:fatal|lethal|deadly|too much))|lethal|overdose amounts?|painless|suicide)",
    r"\bhow (?:many|much) (?:of (?:my |the |his |her )?)?(?:\w+ )?(?:<PILLS>|mg|milligrams|grams|units|fent\w*|heroin|dope|alcohol|vodka) (?:\w+ ){0,2}?(?:does it take|it takes|would it take|it would take|is fatal|is lethal|is deadly|will kill|would kill|to take)\b",
    r"\bhow (?:many|much) (?:\w+ ){0,3}?(?:is fatal|is lethal|is deadly|will kill (?:you|me|someone|a person)|would kill (?:you|me|someone|a person))\b",
    r"\b(?:<CANT>|won'?t|wont|will not|don'?t think i(?:'ll| will| can)|dont think i(?:'ll| will| can)|not sure i(?:'ll| will| can)|might not|may not) make it (?:to|through|till|until|past) (?:the )?(?:morning|tomorrow|tonight|the night|the weekend|monday|friday)\b",
    r"\b(?:wrote|written|writing|write|left|leaving|leave) (?:a |my |some |the )?(?:letters?|notes?|goodbyes?|messages?) (?:to|for) (?:everyone|everybody|all of (?:you|them)|my (?:family|kids|wife|husband|parents|mom|dad|children|loved ones|friends|daughter|son)|the people i love|everyone i love)\b",
    r"\b(?:pray|praying|prayed|hope|hoping|wish|wishing|asking|ask|beg|begging) (?:that )?(?:god|the lord|jesus|death|he|the universe) (?:would |will |to |just |finally )*takes? me\b",
    r"\b(?:plan and (?:the )?means|(?:have|got|with) the means (?:to|and)|means to (?:do it|end it|kill (?:my|him|her)self))\b",
    r"\b(?:i have|i'?ve got|i got|i made|i'?ve made) (?:a|my) plan\b(?=\s*(?:$|[.!]|and (?:the|i)\b|to (?:do it|end it|end my|die|kill)\b))",
    r"\b(?:belt|rope|cord|sheet|bedsheet|extension cord|dog leash|leash|scarf|tie|chain) (?:to|around|on|from|over) (?:the|my|a|his|her) (?:closet|closet rod|rod|beam|ceiling|door|doorknob|neck|rafter|rafters|railing|bar|shower rod|ceiling fan|fan|pipe|banister|tree)\b",
    r"\b(?:can'?t|cant|cannot|don'?t|dont|do not) see (?:a|any) future\b|\bno future (?:for me|for myself|left|ahead)\b|\bsee no future\b",
    r"\b(?:ready|want|wanna|need) to be done\b(?! (?:with (?:drinking|using|drugs|alcohol|pills|this program|the program|iop|rehab|treatment|work|school|him|her|them|it all? by))\b)<CLAUSE_END>",
    r"\b(?:death|dying|being dead|not existing|suicide) (?:seems|sounds|feels|would be|is|looks|seem) (?:so |like )?(?:easier|better|nice|peaceful|the only|welcome|appealing|tempting|a relief|like a relief|like the answer|like an option|like my only|preferable)\b",
    r"\b(?:collect\w*|sav\w*|stockpil\w*|hoard\w*|keep\w*|stash\w*) (?:\w+ ){0,4}(?:so (?:that )?i (?:have|got|'?ll have) enough|until i have enough|to have enough)\b",
    r"\bhave enough (?:\w+ )?(?:pills|meds|xanax|oxys?|percs?|bars|tylenol|insulin|dope|fent\w*|heroin) to (?:die|do it|end it|od|overdose|kill|not wake up)\b",
    r"\bin the (?:closed )?garage with the (?:car|engine|motor|truck) (?:running|on)\b",
    r"\b(?:had|have had|i'?ve had) enough of (?:this |my )?(?:life|living|everything|it all|this world|being alive)\b",
    r"\b(?:sleep|go away|leave|disappear|go to sleep) and never (?:come back|wake up|return|be found)\b",
    r"\b(?:life|everything|it all|living) is (?:just )?too much\b(?! (?:fun|better|nicer|easier|work|money|for my budget)\b)",
    r"\b(?:take|taking|took|takes) the easy way out\b|\beasy way out\b",
    r"\b(?:no|don'?t see (?:a|the|any)|dont see (?:a|the|any)|can'?t see (?:a|the|any)|cant see (?:a|the|any)|what'?s the|whats the|lost the|there'?s no|theres no) point (?:in|of|to) (?:living|going on|life|being alive|any of (?:this|it)|anything|existing|waking up|trying any ?more|carrying on)\b",
    r"\b(?:won'?t|wont|will not|not going to|not gonna) be (?:a problem|a burden|an issue|in (?:anyone'?s|your|the) way|around|here|alive) (?:for|to)? ?(?:anyone|anybody|you|everyone|you all|y'?all)? ?(?:much longer|for long|any ?more|soon|after tonight|after today)\b",
    r"\b(?:won'?t|wont|will not|not going to|not gonna|may not|might not) be (?:here|around|alive) (?:for|by|on|at|to see) (?:christmas|thanksgiving|my birthday|his birthday|her birthday|the holidays|new year'?s?|next (?:week|month|year)|the weekend|tomorrow|another)\b",
    r"\b(?:worth more dead|better off with (?:my|the) life insurance|life insurance (?:money|payout|would pay|will pay|pays out|would cover|policy pays))\b",
    r"\bsui\b(?! generis)",
    r"\b(?:top|edge) of (?:a|the) (?:parking garage|parking structure|building|bridge|roof|cliff|tower|overpass|dam|skyscraper)\b",
    r"\b(?:on|standing on|sitting on|at|climbed|climbing) (?:the|a) (?:ledge|railing|edge of the (?:roof|bridge|building|cliff))\b",
    r"\b(?:want|wanna|need|wish|just want) (?:it|this|everything|it all|all of this|life|the pain) (?:all )?to (?:be over|end|stop)\b",
    r"\b(?:if i|when i|once i) (?:disappear(?:ed)?|was gone|am gone|'?m gone|die|died) (?:for good|forever|permanently)\b",
    # added after held-out round 2 (see tests/data/crisis_heldout2_positive.txt)
    r"\b(?:hose|tube|pipe) (?:hooked|connected|attached|running|taped) (?:up|to|from|into)\b|\bexhaust (?:pipe|fumes)\b",
    r"\b(?:go|be|going) (?:to )?where (?:he|she|they|my \w+) (?:is|are|went)\b|\bbe with (?:my|him|her|them) (?:\w+ )?again\b(?=[^.!?\n]{0,80}\b(?:passed|died|dead|gone|heaven|lost)\b)",
    r"\b(?:until|till|til|untill) (?:it|this|the \w+|drinking|the drugs|the pills) (?:kills|kill|finishes) me\b|\b(?:it|this|the \w+) (?:will|is going to|gonna|could|might) (?:finally )?kill me\b(?=[^.!?\n]{0,40}\b(?:good|fine|hope|hopefully|want|let it|tonight)\b)",
    r"\bcrash(?:ing)? (?:my|the|his|her) (?:car|truck|motorcycle|bike) (?:on purpose|into|tonight|on the (?:highway|freeway|interstate))\b",
    r"\blet (?:the drugs|the pills|the alcohol|it|them|death|god|the ocean|the cold) (?:just )?(?:take|have|finish) me\b",
    r"\b(?:made|make|making) (?:my )?peace (?:with (?:it|god|dying|everything|my decision|death|leaving))?\b(?=[^.!?\n]{0,60}\b(?:ready|goodbye|done|go|leave|tonight)\b)",
    r"\b(?:don'?t|dont|do not|doesn'?t|does not) deserve to (?:live|be alive|exist|be here|breathe|wake up)\b",
    r"\b(?:easier|simpler|better|nicer|happier|kinder) (?:for everyone )?(?:if i (?:was|were|'?d|had)? ?(?:just )?(?:gone|dead|not here|never born|disappeared|died|didn'?t exist|didnt exist|did not exist|wasn'?t here|wasnt here|wasn'?t around|wasnt around|wasn'?t alive|weren'?t here)|to (?:just )?(?:not exist|die|be dead|disappear|be gone|end it|not be here|not wake up))\b",
    r"\bone way or (?:another|the other)\b(?=[^.!?\n]{0,40}\b(?:end|over|done|tonight|gone|out)\b)|\b(?:end|over|done|gone) (?:tonight|today|soon) one way or (?:another|the other)\b",
    r"\b(?:the pain|it|this|everything) (?:will|is going to|gonna) (?:all )?(?:end|be over|stop) (?:tonight|today|soon|for good|forever)\b",
    r"\b(?:notice|care|miss me|know) if i (?:vanished|disappeared|died|was gone|were gone|killed myself|wasn'?t here|wasnt here|was dead)\b",
    r"\b(?:want|wanna|going) to give up(?: completely| on everything| on life| for good)?<CLAUSE_END>",
    r"\b(?:and|to|just|then) (?:never|not) wake (?:up|again)\b(?! (?:on time|early|for)\b)",
    r"\b(?:gave|give|giving|given) (?:away )?(?:my|all my) (?:dog|cat|pets?|stuff|things|belongings|guitar|car|savings) (?:to|away)\b(?=[^.!?\n]{0,80}\b(?:won'?t need|wont need|not going to need|won'?t be|wont be|goodbye|anymore)\b)",
    r"\bbecause i (?:won'?t|wont|will not|am not going to|'?m not going to) (?:need|be needing) (?:it|him|her|them|my \w+|these|this|anything)\b",
    r"\b(?:can'?t|cant|cannot|don'?t|dont) see myself (?:being )?(?:alive|here|around|living|still here)\b",
    r"\b(?:it|nothing|none of (?:this|it)) (?:won'?t|wont|will not|isn'?t going to|is not going to) matter (?:any ?more|after tonight|tomorrow|soon|much longer)\b",
    r"\blast (?:time|message|thing) (?:you'?ll|you will|anyone will|you|anyone) (?:ever )?(?:hear|see|get) (?:from|of) me\b|\byou(?:'?ll| will) never hear from me again\b",
    r"\b(?:if|when) i (?:don'?t|dont|never|didn'?t|do not) wake up\b(?=[^.!?\n]{0,40}\b(?:fine|ok|okay|good|better|relief|great|care|whatever|matter)\b)",
    r"\b(?:until|till|til) my (?:liver|heart|body|kidneys) (?:gives|give|stops|fails|quits|shuts) (?:out|down)?\b|\b(?:drink|drinking|using|use|drugs|overdos\w*|od|crash|wreck|drive|driving|liver|pills) [^.!?\n]{0,60}?\bon purpose\b",
    r"\b(?:want|wish|need|hope|pray) (?:for )?(?:my )?heart (?:would |to )?(?:just )?stop\b",
    r"\bdone (?:trying|fighting) to (?:live|stay alive|survive|keep going|go on|be alive)\b",
    # added after held-out round 3 (see tests/data/crisis_heldout3_positive.txt)
    r"\b(?:staring|looking|stared|looked) at (?:the|my|his|her|all the|all my) (?:\w+ )?(?:pills|meds|gun|rope|knife|razor|blades?|noose|bottle of pills)\b|\bcounting (?:out )?(?:all )?(?:my |the |his |her )?(?:\w+ )?(?:pills|meds|oxys|xanax|bars|percs)\b|\b(?:pills|meds)\b[^.!?\n]{0,40}\bcounting them\b",
    r"\b(?:thinking about|think about|thought about|want to|wanna|going to|gonna|about to) (?:just )?(?:stepping|step|jumping|jump|falling|fall|rolling|roll) off\b",
    r"\b(?:stepping|step|stepped|walk|walking|fall|falling|fell|roll|rolling) (?:off|over) (?:the|a|that|this|my) (?:platform|ledge|edge|roof|bridge|building|balcony|cliff|overpass|railing)\b"
    r"(?<!walk over the bridge)(?<!walking over the bridge)(?<!walk over the overpass)(?<!walking over the overpass)",
    r"\b(?:i'?m |im |i am )?(?:so )?sorry for everything\b",
    r"\b(?:won'?t|wont|will not|not going to|not gonna) be (?:alive|around|here) (?:to|for|by|when|next) (?:finish|see|graduate|start|watch|meet|christmas|the end|long)",
    r"\btell (?:my|them|her|him|everyone|everybody|my \w+) (?:\w+ )?(?:that )?i (?:love|loved) (?:them|you|her|him|everyone)\b",
    r"\b(?:doing|do|did) (?:everyone|everybody|the world|them|you all|my family|my kids) a (?:favor|favour) (?:if|by|when) (?:i|me)\b",
    r"\b(?:body bag|toe tag)\b|\bonly way out\b",
    r"\b(?:sleep|rest) (?:for ever|forever and ever|for good)\b",
    r"\band a plan<CLAUSE_END>",
    r"\b(?:sitting|sat|laying|lying|lay|standing) (?:here |alone |in (?:the|my|a) (?:bath|bathtub|tub|bathroom|dark|closet|woods|car|garage) )?with (?:a|my|the|his|her) (?:razor|razors|knife|blade|blades|gun|rope|pills|bottle of pills|belt|cord)\b",
    r"\bnothing (?:left )?(?:for me|to stay for|keeping me here|holding me here|to keep me here)\b",
    r"\b(?:go|fade|goes|going) (?:to )?black (?:forever|for good|permanently)\b",
    r"\b(?:took|take|taken|taking|swallowed|swallow|downed|down) (?:my|the|his|her|their|a) (?:whole|entire|full) (?:prescription|bottle|supply|script|pack|month'?s supply|stash)\b|\b(?:took|swallowed|downed|popped) (?:all|everything|every|the whole|them all|a bunch|\d+|like \d+|a handful)[^.!?\n]{0,30}\bat once\b",
    r"\b(?:be|go|going) (?:to )?(?:with|meet|see) (?:god|jesus|the lord|my maker)\b(?<=(?:want|wanna|ready|going|gonna|wish)[^.!?\n]{0,12}(?:be|go|going) (?:with|meet|see) (?:god|jesus|the lord|my maker))" if False else r"\b(?:want|wanna|ready|going|gonna|wish|time) to (?:go )?(?:be with|meet|see|go home to) (?:god|jesus|the lord|my maker)\b",
    r"\bnever (?:have to )?(?:feel|deal with|go through|wake up to) (?:this|anything|any of this|it|this pain|like this) again\b",
    r"\b(?:walk|walking|walked|swim|swimming|swam|wade|wading) (?:\w+ ){0,2}(?:into|out into|out to) (?:the )?(?:ocean|sea|lake|river|water|waves|surf)\b",
    r"\b(?:fall asleep|lie down|lay down|freeze|sleep) in the (?:snow|cold|woods)\b",
    r"\b(?:so (?:that )?i can|to) (?:save|stockpile|hoard|stash|collect) (?:them|these|it|the pills|those) (?:up)?\b(?<!to save)",
    r"\bleave (?:this|the) (?:world|earth|planet|life)\b",
    # planning the method ("i keep planning out how i would do it")
    r"\b(?:planning|planned|plan|plans|figuring|figured|working|worked|mapping|mapped) (?:out |about )?(?:exactly )?how (?:i(?:'?d| would| will|'?ll| could| can| am going to| m going to| gonna)?|to) (?:do it|end it|end things|go through with it|kill \w+|go)\b"
    r"(?! (?:with|while|and (?:still|keep|work)|around|on|at|after|before|if|to (?:work|school|iop|group|treatment|meetings?))\b)",
    # added in round 4, from the categories (not the sentences) the pipeline held-out set missed
    # preparations: a rope or belt already up, a hose from the exhaust, standing at the tracks or a bridge
    r"\b(?:the |a |my )?(?:rope|noose|belt|cord|extension cord|bed ?sheet|leash) (?:is |'?s |was |has been |'?ve been )?(?:already |all )?(?:up|hung|hanging|tied|ready|set up|in place|waiting)\b"
    r"(?! (?:the|a|my|some|in (?:the|my) (?:closet|shed|garage|truck|car))? ?(?:clothes|laundry|hammock|tent|tarp|swing|lights|decorations|boat|dog|horse|for (?:the|a) (?:tent|swing|boat|camping|climbing))\b)",
    r"\b(?:put|putting|hung|hanging|set|setting|rigged|rigging|strung|stringing|tied|tying|knotted|looped|fixed) (?:up )?(?:a|the|my) (?:rope|noose)\b(?! (?:swing|ladder|course|light|lights|for (?:the|a) (?:swing|tent|boat|hammock|tree ?house))\b)",
    r"\b(?:tied|tying|rigged|rigging|looped|knotted) (?:a|the|my) (?:belt|cord|extension cord|bed ?sheet|sheet|scarf|leash)\b",
    r"\btail ?pipe\b|\b(?:car|truck|engine|van)(?:'?s)? exhaust\b|\bexhaust (?:into|in|inside|through|pumping|pumped|coming in|fumes)\b"
    r"|\b(?:hose|tube|pipe) (?:\w+ )?(?:from|off|out of|into|to|through) (?:the |my |a )?(?:exhaust|tail ?pipe|car window|window of (?:the|my) car)\b",
    r"\b(?:i'?m|im|i am|i'?ve been|ive been|been|standing|stood|sitting|sat|waiting|parked|lying|laying|here|walked out|walking out|went out|climbed) (?:right now |rn |again |alone |out |up )?"
    r"(?:on|at|by|near|next to|under|beside|on top of|in the middle of|between|onto|to) (?:the|a|this|these) "
    r"(?:train tracks|railroad tracks|railway tracks|rail road tracks|subway tracks|tracks|railroad|railway|rails|bridge|overpass|cliff|cliff edge|ledge|rooftop|edge)\b"
    r"(?! (?:club|game|loan|program|course|house|restaurant|bar|crossing to|of (?:my seat|glory|reason|town))\b)",
    r"\blooking down at (?:the )?(?:water|traffic|tracks|river|rocks|cars|drop|highway|freeway)\b",
    # goodbyes, "just in case"
    r"\b(?:letters?|goodbyes?|good ?bye (?:notes?|letters?|videos?|messages?)|notes? (?:to|for) (?:my|everyone|everybody|each|the kids|all))\b[^.!?\n]{0,60}\bjust in case\b",
    r"\b(?:wrote|written|writing|write|left|leaving|leave|recorded|recording|record) (?:each of |all of |every one of |one for )?(?:my|the|our) (?:kids|children|family|wife|husband|daughters?|sons?|parents|mom|dad|mother|father|sisters?|brothers?|girlfriend|boyfriend|partner|friends|loved ones)(?: each)? "
    r"(?:a |an |some |my |one last )?(?:letters?|notes?|goodbyes?|good ?bye (?:letters?|notes?|videos?)|videos?|voice ?(?:notes?|memos?|messages?))\b",
    r"\bin case (?:i (?:don'?t|dont|never|do not) (?:wake up|make it|come back|come home)|i'?m (?:not|no longer) (?:here|around|alive)|i'?m gone|im gone|something happens to me tonight)\b",
    r"\b(?:gave|give|gives|giving|given|handing|handed|hand) (?:away|out) (?:all |most |some |a lot |half |a bunch |everything )?(?:of )?(?:my|his|her|their) "
    r"(?:stuff|things|belongings|possessions|pets?|dog|cat|guitar|games|jewelry|tools|records|collection|car|savings|money|favorite \w+|prized \w+)\b",
    r"\b(?:gave|give|gives|giving|given|handing|handed) (?:all |most )?(?:of )?(?:my|his|her|their) (?:stuff|things|belongings|possessions|pets?|guitar|jewelry|tools|collection|favorite \w+|prized \w+) (?:away|out)\b",
    # last words
    r"\b(?:last|final) (?:time|message|words|thing) (?:you'?ll|you will|anyone will|anyone'?ll|you|anyone|u|youll|ull|y'?all will|you guys will) (?:ever )?(?:hear|see|talk to|get|read) (?:from |of )?(?:me|my voice|my face|a message from me)\b",
    r"\b(?:won'?t|wont|will not|will never|'?ll never|never going to|not going to|never gonna|not gonna) (?:ever )?(?:hear from|hear|see) me (?:again|any ?more|after (?:tonight|today|this))\b",
    r"\b(?:i have|i'?ve got|ive got|i got|i made|i'?ve made|ive made|i have made|i'?ve set|i set|there'?s) (?:a|my|the) plan (?:for|on) "
    r"(?:tonight|tomorrow(?! ?'?s)|tomorrow night|(?:this |next )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?: night)?|this weekend|the weekend|(?:this|next) week|my birthday|christmas|new year'?s|after (?:everyone|they|he|she|the kids) (?:leave|leaves|go|goes|fall))\b"
    r"(?! (?:to (?:call|come|start|go to|get|visit|meet|see|attend|check)|intake|appointment|group|session|meeting)\b)",
    r"\b(?:i'?m|im|i am|i'?ve|ive) (?:so |just |really |completely |officially |finally |truly )?(?:done|finished)\b"
    r"(?! (?:with (?:the|this|that|my (?:form|paperwork|intake|application|lunch|dinner|shift)|filling|it for|work|school|today|them|lunch|dinner)|for (?:today|now|the day|tonight)|talking|here|typing|eating)\b)"
    r"(?=[^\n]{0,80}\b(?:tell (?:my|them|her|him|everyone|everybody|the kids)|i'?m sorry|im sorry|i am sorry|sorry for everything|goodbye|good bye|bye forever|love you all|forgive me|take care of (?:my|the) (?:kids|dog|cat|family))\b)",
    r"\btell (?:my \w+|them|her|him|everyone|everybody|the kids|my family|all of them) (?:that )?(?:i'?m|im|i am|i was) (?:so |really |truly )?sorry\b"
    r"(?! (?:for (?:missing|being late|not (?:calling|coming|showing|answering))|about (?:the|missing|being late|today|tomorrow|group)|i (?:missed|was late|couldn'?t|can'?t|won'?t|forgot))\b)",
    # passive wishes
    r"\b(?:hope|hoping|pray|praying|wish|wishing)(?: that)? (?:i|i'?ll|ill)<FILL> (?:<DONT>|never|won'?t|wont|will not|do not|don t)<FILL> (?:wake|woke|get up|make it (?:through|to|till|until|another))\b"
    r"(?!(?: up)? (?:late|early|in time|on time|hungover|sick|with|to (?:a|my|another)|craving)\b)",
    r"\b(?:wouldn'?t|wouldnt|would not|won'?t|wont|don'?t|dont|do not)(?: even| really)? (?:mind|care|be sad|be upset|complain) if i (?:just )?"
    r"(?:died|die|didn'?t wake|didnt wake|never woke|don'?t wake|dont wake|never wake|never came back|was gone|were gone|wasn'?t here|wasnt here|got hit|crashed|stopped breathing|od'?d|overdosed|disappeared|didn'?t make it|dont make it|don'?t make it)\b",
    r"\b(?:nice|peaceful|fine|ok|okay|a relief|relief|good|easier|great|better) (?:to|if i|if i just|to just) (?:not|never|didn'?t|didnt|don'?t|dont) (?:wake|woke)(?: up)?\b",
    r"\bhope (?:this|tonight|today|it|that|this one) (?:is|'?s|will be|'?ll be) (?:my|the) (?:last|final) (?:night|day|breath)\b(?! (?:of (?:drinking|using)|in (?:this|detox|rehab|the hospital|jail|treatment)|here|at|before)\b)",
    r"\b(?:hope|hoping|wish|pray|praying) (?:that )?(?:i|something|someone|a car|a truck|a bus|a train) (?:get |gets |would |will |just )?(?:hit|run over|killed|kills me|runs me over)\b"
    r"|\b(?:hope|hoping|wish|pray|praying) (?:that )?i (?:get|got) (?:in|into) (?:a )?(?:crash|wreck|accident)\b",
    # Spanish
    r"\b(?:quiero|quisiera|queria|deseo|voy a|me voy a|pienso|pensando en|pienso en|ganas de|tengo ganas de|planeo|necesito|prefiero) (?:me )?"
    r"(?:morir(?:me)?|matarme|suicidarme|quitarme la vida|desaparecer para siempre|dejar de vivir|acabar con (?:mi vida|todo))\b",
    r"\bme (?:quiero|voy a|queria|quisiera|pienso) (?:morir|matar|suicidar|quitar la vida)\b",
    r"\bno quiero (?:seguir )?(?:vivir|viviendo|estar (?:aqui|viva|vivo)|despertar|existir)\b",
    r"\bya no (?:quiero|aguanto|puedo) (?:vivir|mas|seguir)\b",
    r"\bquitar(?:me|se|le|te) la vida\b|\bmejor (?:estaria |estar )?muert[oa]s?\b|\bmatarme\b|\bmorirme\b|\bsin ganas de vivir\b",

    # not wanting to live
    r"\b<DONT><FILL> (?:want|wanna|wana|wish|feel like|care|plan|intend|see (?:a|the) (?:point|reason))<TO><FILL> (?:"
    r"live(?! (?:with|in|at|near|here|there|alone|together|on|like (?:that|them|him|her)|by|close|far|that way|under)\b)"
    r"|living(?! (?:with|in|at|near|here|there|alone|together|on|by|close|far|under)\b)"
    r"|be alive|being alive|exist|existing|stay alive|staying alive|keep living|survive|be on (?:this|the) (?:earth|planet)"
    r"|(?:be|b) in this world|(?:be|b) around any ?more|(?:be|b) here any ?more|(?:be|b) here any longer|(?:be|b) here no ?more|(?:be|b) here on (?:this )?earth"
    r"|wake up(?! (?:early|so early|at|for|before|that early|in time|on time|tomorrow for|when)\b)"
    r"|be here<CLAUSE_END>|go on(?=\s*(?:$|[.!?,;]|(?:any ?more|any longer|like this|living|with (?:life|living|my life))\b))"
    r"|keep going(?=\s*(?:$|[.!?,;]|(?:any ?more|any longer|like this|on)\b))|continue (?:living|on|my life)"
    r"|make it(?=\s*(?:$|[.!?,;]|(?:any ?more|through (?:the night|tonight)|to (?:tomorrow|morning))\b)))",
    r"\b<DONT> (?:care|give a (?:fuck|shit|damn)) (?:if|whether|wether) (?:i|he|she) (?:live|lives|die|dies|wake|wakes|make it|makes it|od|overdose|overdoses)\b",
    r"\bno (?:reason|point|purpose|will|desire|motivation|meaning|use|sense) (?:to|in|for|of) (?:live|living|life|go on|going on|keep going|be alive"
    r"|being alive|stay alive|staying alive|wake up|waking up|exist|existing|anything|it all)\b",
    r"\bnothing (?:left )?(?:to|2) live for\b",
    r"\bnot?hing left (?:to live for|for me|in me)\b",
    r"\b(?:lost|losing|lose) (?:the|my|all) (?:will|want|desire|reason) (?:to|for) (?:live|living|life)\b",
    r"\b(?:life|living|my life|everything) (?:is|feels|seems|feel)<FILL> (?:pointless|meaningless|hopeless|over|not worth (?:it|living))\b",
    r"\b(?:life|living|my life) (?:isn'?t|isnt|is not|aint|ain'?t|is no longer) worth (?:it|living)\b",
    r"\bnot worth (?:living|it any ?more|being alive|going on)\b",
    r"\b(?:whats|what'?s|what is|wats|wuts|what) (?:the|even the) point (?:of|in|to) (?:living|life|being alive|anything|any of this|it all|going on|even trying|me|existing|waking up)\b",
    r"\b(?:tired|sick|exhausted|done|finished|fed up|weary) (?:of|with) (?:living|being alive|life|existing|waking up|it all|everything|the world|this world|trying to live"
    r"|fighting(?! (?:with|about|over)\b))\b",
    r"\bdone with (?:life|living|everything|it all|this life|being alive|this world|the world)\b",
    r"\bgiv(?:e|ing|en) up on (?:life|living|everything|myself|it all|the world|my life|him ?self|her ?self)\b",
    r"\b(?:i|i'?ve|ive|i have) (?:just |finally |completely |totally )?(?:gave|give|given|giving) up<CLAUSE_END>",
    r"\b<CANT> (?:go on|keep going|keep living|carry on|go any further|keep doing this|do this|do it|do life|live|take|handle|bear|stand|face|survive|cope|deal|deal with)"
    r"(?: (?:this|it|life|living|the pain|this pain|the world|another day|one more day|like this|with myself|this life|any of it|everything|the guilt|the shame|anything))?"
    r" (?:any ?more|any longer|no more|much more|much longer|like this|for much longer|one more day|another day)\b",
    r"\b<CANT> (?:go on|keep going|keep living|carry on|do this|take it|take this|take the pain|handle it|handle this|handle life|bear it|stand it|stand this|live like this|live with myself|live this way|live with the guilt|live with the shame)"
    r"(?=\s*(?:$|[.!?,;]|(?:and|but|i|im|lol|please|pls|help)\b))",
    r"\b(?:no|not|never) (?:gonna|going to|gon) (?:make it|last|survive) (?:through the night|through tonight|much longer|another (?:day|night|week)|the night|till morning|until morning)\b",
    r"\bwhy (?:am i|am i still|should i|do i|bother|even) (?:still )?(?:alive|living|exist|existing|keep going|keep living|wake up|go on|try any ?more)\b",
    r"\b(?:why|how) (?:was|am) i (?:ever )?born\b",
    r"\b(?:everyone|everybody|they|the world|my (?:family|kids|wife|husband|parents|mom|dad|children)|people|it|things) (?:would|will|'?d|d|'?ll|ll|are|is|were) (?:all )?(?:be )?(?:so much |much |way |a lot |just )?better (?:off )?"
    r"(?:without me|if i (?:was|were|wasnt|wasn'?t|weren'?t|died|was dead|were dead|was gone|were gone|never|disappeared|didn'?t exist|killed|left for good)|with me (?:dead|gone))",
    r"\bbetter off (?:without me|if i (?:was|were|wasn'?t|wasnt|weren'?t|died|never)|with me gone|once i'?m gone|when i'?m gone)\b",
    r"\bworld (?:would|will|'d) be (?:a )?better (?:place )?without me\b",
    r"\b(?:said|says|thinks|feels|told me|tells me|keeps saying|believes|wrote|texted) (?:that )?(?:everyone|everybody|we|the world|the family|his family|her family|they|people|his kids|her kids) (?:would|will|'?d|are|is) (?:all )?(?:be )?better off without (?:him|her|them)\b",
    r"\b(?:no ?one|noone|no1|nobody|no body) (?:would|will|'?d|is going to|gonna|even|really|ever|would even|will even|would really)? ?(?:even )?"
    r"(?:miss me|care|cares|mourn|cry|come to my funeral|notice if i(?:'?m| was| were| am)? (?:gone|dead|died|disappeared?))\b",
    r"\b(?:i'?m|im|i am|i feel like|feel like|i'?ve become|being) (?:such |nothing but |just |only |a huge |a big |a |the )*(?:a )?burden\b",
    r"(?<!be a )\bburden (?:to|on|for) (?:everyone|everybody|my (?:family|kids|wife|husband|parents|mom|dad|children|loved ones|friends)|them|the people i love)\b",
    r"\b(?:this is|it'?s|its|consider this|think of this as) (?:my )?(?:final |last )?good ?bye\b",
    r"\bgood ?bye (?:forever|everyone|everybody|world|cruel world|for good|for ever)\b",
    r"\b(?:final|last|saying my|say my|said my|saying|writing|wrote|write) good ?byes?\b(?! (?:to (?:alcohol|drinking|drugs|booze|weed|pills|the bottle|my addiction|old habits|that life|using))\b)",
    r"\b(?:good ?bye|suicide) (?:note|letter|message|text|video)\b",
    r"\b(?:final|last) (?:good ?bye )?(?:note|letter)\b",
    r"\b(?:wrote|written|writing|write|left|leaving) (?:a|my) (?:good ?bye )?(?:note|letter) (?:to|for) (?:my (?:family|kids|wife|husband|parents|mom|dad|children|loved ones)|everyone|everybody)\b",
    r"\bgiv(?:e|ing|en) (?:away|out) (?:all )?(?:my|his|her|their) (?:stuff|things|belongings|possessions|pets|dog|cat)\b",
    r"\b(?:put|putting|get|getting|got) (?:all )?(?:my|his|her) affairs in order\b",
    r"\b(?:plan|plans|planning|planned) (?:out )?(?:my|his|her) (?:own )?(?:death|funeral|suicide|exit)\b",
    r"\b(?:picked|chose|chosen|set|have|got|made|making|came up with|decided on) (?:a|the) (?:date|day|time|method|way|plan) (?:to|for|of) (?:die|dying|end it|ending it|kill|killing|overdose|od|my death|suicide|hang|jump|shoot)\b",
    r"\bexit bag\b",
    r"\b(?:thinking|thought|think|thinks|thoughts|obsess\w*|fantasi\w*|daydream\w*|ideation) (?:a lot |alot |constantly |all the time )?(?:about|of|on) (?:dying|death|my death|being dead|not being (?:here|alive|around)"
    r"|not existing|ending (?:it|things|everything|my life)|killing (?:my|him|her|them)|taking (?:my|his|her) (?:own )?life|hurting (?:my|him|her)"
    r"|jumping(?! (?:in|into|on|back|at|ship)\b)|hanging(?! (?:out|up|with|around|on)\b)|shooting (?:my|him|her)|not waking up|disappearing forever|how to die|ways to die)\b",
    r"\b(?:dark|suicid\w*|morbid|death|bad|scary) thoughts? (?:of|about) (?:death|dying|ending|killing|not being|hurting|suicide)\b",
    r"\bdark thoughts\b",
    r"\b(?:talk|talks|talking|talked|texting|texted|posting|posted|joking|jokes|joked|threaten|threatens|threatening|threatened|mentioned|mentions|mentioning)"
    r" (?:a lot |again |constantly |all the time )?(?:about|of)? ?(?:dying|wanting to die|death|being dead|killing (?:him|her|them|my)|ending (?:it|things|everything|his life|her life|their life|my life)"
    r"|not being (?:here|around|alive)|not wanting to (?:live|be here|be alive|wake up)|suicide|taking (?:his|her|their|my) (?:own )?life|hurting (?:him|her|them|my)"
    r"|hanging (?:him|her|my)|shooting (?:him|her|my))\b",
    # ending it / ending life
    r"(?<!the )(?<!an )(?<!dead )(?<!week )(?<!weekend )(?<!month )(?<!year )(?<!day )(?<!deep )(?<!back )(?<!front )(?<!tail )\bend(?:ing|ed|in)? (?:it|it all|things|everything|my life|my own life|his life|his own life|her life|her own life|their life|their lives"
    r"|their own life|your life|ur life|our lives|this life|my existence|my suffering|my pain|my own suffering|my own pain|my misery|it for good|all of it)\b"
    r"(?! (?:with|between|early|sooner|before|on a|on good|at|by|up|there|off|after|because of|for (?:me|now|good reason)|soon|ok|well|right|here|asap|together|gracefully|properly|amicably|politely|on (?:my|his|her|a) terms|and start|was|is|will|would|'?s)\b)(?!')",
    r"\b(?:want|wanted|wanna|going|gonna|ready|plan|planning|thinking about|think about|thought about|about|decided|tempted|trying|tryna|tried)<TO><FILL> end (?:it|me|things|everything)\b(?! (?:with|early|before|after|between|on)\b)",
    r"\bend(?:ed|ing)? it (?:all|for good|tonight|today|now|once and for all|permanently|soon|forever)\b",
    r"\bput (?:an )?end to (?:it|it all|my life|everything|myself|things|my suffering|my misery|his life|her life)\b(?! (?:with|early)\b)",
    r"\b(?:make|let) (?:it|everything|the pain|this|the suffering) (?:all )?(?:end|stop) (?:forever|for good|permanently)\b",
    r"\bt(?:ake|akes|aking|aken|ook) (?:my|his|her|their|your|ur|me|one'?s) (?:own )?li(?:fe|ves)\b"
    r"(?! (?:back|seriously|more seriously|in (?:a|another|my|a new)|to the next|day by day|one day|into (?:my|his|her) own hands|for granted|over|and (?:turn|make)|off (?:hold|pause))\b)",
    # methods
    r"\b(?:jump|jumping|jumped|leap|leaping|throw (?:my|him|her)self|throwing (?:my|him|her)self) (?:off|from|of) (?:a|the|this|my|that|our|his|her|an) (?:\w+ )?(?:bridge|building|roof|rooftop|cliff|balcony|overpass|ledge|parking garage|garage|window|tower|top floor|highway|dam|freeway|mountain|skyscraper)\b",
    r"\b(?:going|gonna|want|wanna|about|ready|i'?ll|ill|i will|thinking about|planning|plan|tempted)<TO><FILL> jump\b"
    r"(?! (?:in|into|on|onto|through|the gun|start|ahead|back|right|at|to conclusions|ship|around|rope|higher|over|up|for|on board|the line|the queue|in line|out of|down)\b)",
    r"\b(?:jump|jumping|step|stepping|walk|walking|run|running|throw (?:my|him|her)self|lie|lay|lying|laying) (?:in front of|into|onto|on) (?:a |the |an |some )?(?:train|bus|car|truck|traffic|oncoming traffic|the tracks|train tracks|tracks|semi|highway|freeway|subway)\b(?! (?:court|ticket|school|station|stop)\b)",
    r"\b(?:drive|driving|drove|crash|crashing|crashed|swerve|swerving|steer) (?:my (?:car|truck) |the car |it |the truck )?(?:off|into|in to) (?:a|the|an|oncoming|some)<FILL> (?:cliff|bridge|wall|tree|river|lake|ocean|pole|semi|truck|traffic|oncoming traffic|overpass|embankment)\b",
    r"\bcrash(?:ing)? (?:my|the) (?:car|truck) on purpose\b",
    r"\b(?:hang|hanging|hanged|hung) (?:my|him|her|them)? ?(?:self|selves)\b",
    r"\bnoose\w*",
    r"\brope (?:around|round|on) (?:my|his|her|their) neck\b",
    r"\b(?:tie|tied|tying|bought|buy|buying|got|get|have|found|hid|hidden|hiding) (?:a|the|some)<FILL> rope\b(?! (?:course|swing|ladder|bridge|toy)\b)",
    r"\b(?:gun|pistol|revolver|barrel|glock|rifle|shotgun|knife|blade|razor) (?:to|in|against|at|into) (?:my|his|her|their|your) (?:own )?(?:head|mouth|temple|chest|throat|neck|wrist|wrists)\b",
    r"\bloaded (?:gun|pistol|revolver|rifle|shotgun|glock|weapon|firearm)\b",
    r"\b(?:sitting|sat|alone|holding|here) (?:here |alone |in (?:my|the) (?:car|room|garage) )?with (?:a|my|the|his|her|their|dad'?s|my dad'?s|his dad'?s|a loaded) (?:gun|guns|pistol|revolver|rifle|shotgun|firearm|glock|handgun|knife|rope|pills|bottle of pills)\b",
    r"\b(?:buy|bought|buying|get|got|getting|have|has|had|grab|grabbed|holding|hold|held|load|loaded|loading|cleaning|pick up|picked up|took|take|taking|found|keep|keeps|staring at|looking at|sitting with)"
    r" (?:a|my|the|his|her|their|dad'?s|my dad'?s|a loaded|one|his dad'?s)<FILL> (?:gun|guns|pistol|revolver|rifle|shotgun|firearm|glock|handgun)\b(?! (?:safety|license|permit|course|class|safe|show|range)\b)",
    r"\b(?:blow|blowing|blew|shoot|shooting|shot) (?:my|his|her|their) (?:own )?(?:brains?|head) (?:out|off)\b",
    r"\b(?:bullet|bullets) (?:in|into|through) (?:my|his|her|their) (?:head|brain|skull|mouth|heart)\b",
    r"\b(?:eat|eating|ate) (?:a|my|the) (?:bullet|gun)\b",
    r"\bput (?:a|the) (?:bullet|gun) (?:in|to|through|into) (?:my|his|her|their)\b",
    r"\b(?:slit|slitting|slash|slashing|open|opening) (?:my|his|her|their|both|your|ur) ?(?:own )?(?:wrists?|throat|veins?|arteries|artery|neck)\b",
    r"\b(?:cut|cutting|slice|slicing) (?:my|his|her|their|both|your|ur) ?(?:own )?(?:wrists?|throat|veins?|arteries|artery)\b",
    r"\b(?:bleed|bleeding|bled) (?:my ?self |him ?self |her ?self )?out\b(?! (?:of|from)\b)",
    r"\b(?:take|took|taking|taken|swallow|swallowed|swallowing|pop|popped|popping|down|downed|downing|chug|chugged|eat|ate|eating|use|used|snort|snorted|shoot|shot|inject|injected|do|did)"
    r" (?:all|every one|everyone|every single one|each one|the (?:whole|entire|rest)|a whole|an entire|a full|the full|whole|entire|a (?:big )?bunch|bunch|a handful|handful|a ton|a fistful|so many|too many|way too many|like \d\d+|\d\d+|like (?:twenty|thirty|forty|fifty|sixty|a hundred|100)|twenty|thirty|forty|fifty|a hundred|a bottle|the bottle|two bottles|\d+ bottles|three bottles|a box|a month'?s|a months)"
    r"(?: of)?(?: (?:my|the|his|her|their|them|these|those|our|your|mom'?s|dad'?s|my mom'?s|my dad'?s|grandma'?s))?(?: \w+)? <PILLS>\b"
    r"(?! (?:as prescribed|every day|each day|on time|on schedule|daily|in the morning|at night|every (?:morning|night)|like i'?m supposed to|like (?:the|my) doctor)\b)",
    r"\b(?:take|took|taking|swallow|swallowed|pop|popped|down|downed) (?:every|all) (?:pill|pills|med|meds) (?:i have|i got|in the house|in the cabinet|at once|together|i can find)\b",
    r"\b(?:take|took|taking|swallow|swallowed|pop|popped|down|downed) (?:them|it|these|those|all of them|all of it|the rest) (?:all )?(?:at once|together)\b",
    r"\b(?:stockpil\w*|stock ?piling|hoard(?:ing|ed)?|sav(?:e|ing|ed) up|saving) (?:all )?(?:my |the |his |her |some |up )?(?:\w+ )?<PILLS>\b(?! (?:for (?:later|the week|a trip|vacation|emergencies)|in case)\b)",
    r"\b(?:drink|drinking|drank|drinkin|use|using|used|drug|drugging|shoot|shooting|smoke|smoking|party|partying)<FILL> (?:my|him|her|them) ?(?:self|selves|selfs) (?:to death|into (?:the|an early) grave|into a coffin)\b",
    r"\b(?:drink|drinking|drank|use|using|used|shoot|shooting|keep drinking|keep using|party|partying) (?:\w+ )?(?:until|til|till|untill|'?til) (?:i|he|she|they) (?:die|dies|am dead|'?m dead|is dead|'?s dead|pass out for good|don'?t wake up|dont wake up|never wake up|stop breathing|drop dead)\b",
    r"\b(?:drink|drank|drinking|swallow|swallowed|swallowing|chug|chugged|ingest|ingested) (?:some |a bottle of |the |a cup of )?(?:bleach|antifreeze|anti freeze|poison|rat poison|drano|lye|pesticide|windshield fluid|cleaning fluid|cleaning products)\b",
    r"\bcarbon monoxide\b",
    r"\b(?:car|engine) running in the (?:closed )?garage\b",
    r"\b(?:psych|psychiatric|mental|involuntary) (?:ward|hold|hospitali[sz]ation|unit|commitment)\b",
    r"\b(?:51 ?50|5150(?:'?d|ed)?|baker ?act(?:ed)?|section(?:ed)? (?:12|twelve)|involuntarily committed)\b",
    r"\b(?:my|his|her|their|last|previous|recent|prior|first|second|third|failed|latest) (?:suicide )?attempts?\b"
    r"(?! (?:at|to (?:quit|stop|get)|of (?:quitting|stopping|getting)|in (?:rehab|sobriety|recovery|treatment|detox|quitting|iop|aa))\b)",
    r"\b(?:i|he|she|they) (?:attempted|attempts|attempt) (?:again|last (?:night|week|month|year)|yesterday|before|twice|3 times|three times)\b",
]

_SELF_HARM = [
    r"\bself ?(?:harm\w*|injur\w*|mutilat\w*|hurt\w*|harming)\b",
    r"\bsh (?:again|relapse|relapsed|relapses|scars?|urges?|wounds?|cuts?|marks?|habit|clean|free|tools?|blades?|history|problems?|issues?|stuff|thoughts|recovery|triggers?)\b",
    r"\b(?:my|of|on|do|did|doing|from|for|with|about|to|relapsed on|relapse on|urges? to|urge to|urges for|clean from|stopped|quit|started|start|into|back to|her|his|their|want to|wanna|going to|gonna|been)"
    r" sh\b(?![\w'*!$@#])(?! (?:it|t|the|up)\b)",
    r"\bsh(?:'|-)?ing\b",
    r"\b(?:cut|cuts|cutting|cuttin|cutted|slice|slicing|sliced|carve|carving|carved|scratch|scratching|scratched|burn|burning|burned|burnt|hurt|hurting|hurts|harm|harming|harmed|hit|hitting|punch|punching|bruise|bruising|mutilate|mutilating|injure|injuring|injured|punish|punishing|starve|starving|starved)"
    r" (?:on )?<SELF>\b(?! (?:out|up|off|at (?:work|the gym|the job|my job)|playing|lifting|in (?:a|an|the) (?:car |work )?(?:accident|crash|fall|game)|on the job|while|during|skiing|falling|working|years ago|a few years|badly at)\b)",
    r"\b(?:i|i'?ve|ive|i have|he|she|they|he'?s|she'?s|hes|shes|has|have|been|was|is|am|keep|kept|keeps|started|start|starting|stop|stopped|quit|quitting|urge to|urges to|want to|wanna|need to|thinking about|thoughts of|back to|relapsed on|relapse on|relapsing on|from|caught (?:him|her|them)|scars from|marks from|clean from)"
    r" (?:cutting|cuttin)(?=\s*(?:$|[.!?,;:]|(?:again|and|but|so|because|cause|since|for|when|after|lately|recently|every|at night|last|herself|himself|myself|themselves|on (?:her|him|my|them)self|her (?:arms?|wrists?|legs?|thighs?)|his (?:arms?|wrists?|legs?|thighs?)|my (?:arms?|wrists?|legs?|thighs?))\b))",
    r"\b(?:started|start|stop|stopped|quit|urge to|urges to|want to|wanna|need to|back to|relapsed on|thoughts of|thinking about) (?:cutting|cut)(?=\s*(?:$|[.!?,;:]|(?:again|and|but|so|because)\b))",
    r"\b(?:urge|urges|the urge|the urges|thoughts of|thinking about|tempted|temptation) (?:to )?(?:cutting|cut)\b"
    r"(?! (?:back|down|out|off|ties|the|it|my (?:hours|drinking|use|intake)|class|classes|corners|school|work|people|them|him|her|that|this|those|all|everyone|contact|costs|spending|sugar|alcohol|drinking|weed|pills|caffeine|in line|loose|my losses"
    r"|(?:my |his |her |the )?(?:\w+ )?(?:hair|bangs|nails|lawn|grass|carbs|meat|dairy|gluten|coupons|cable|budget|wood|fabric|cake|onions|bread))\b)",
    r"\b(?:cutting|cut) again\b",
    r"\bi (?:cut|cutted|sliced) (?:last night|yesterday|today|tonight|this morning|this afternoon|again|deep|too deep|deeper)\b",
    r"\b(?:cuts|cut marks|scars|burns|wounds|slashes|gashes) (?:on|all over|across|up and down) (?:my|his|her|their) (?:\w+ )?(?:arms?|wrists?|legs?|thighs?|body|stomach|hips?|forearms?)\b",
    r"\b(?:cut|cutting|slice|slicing|carve|carving|slit|slash|slashing) (?:up )?(?:my|his|her|their) (?:own )?(?:arms?|wrists?|legs?|thighs?|skin|stomach|body|hips?|forearms?)\b",
    r"\b(?:razor|razors|razor blade|razor blades|blade|blades|box cutter|knife) (?:to|on|against|across) (?:my|his|her|their) (?:arms?|wrists?|legs?|thighs?|skin)\b",
    r"\bmake (?:my ?self|him ?self|her ?self) bleed\b",
    # added after held-out round 1
    r"\b(?:cut|cutting|burn|burning|burned|burnt|scratch|scratching|scratched|carve|carving|slice|slicing|dig|digging) (?:at |into )?(?:my|his|her|their) (?:own )?(?:arms?|wrists?|legs?|thighs?|skin|stomach|hips?|forearms?|hands?) (?:with|until|till|til|to make)\b",
    r"\b(?:scratch|scratching|scratched|pick|picking|dig|digging|pinch|pinching|cut|cutting|burn|burning) (?:at )?(?:my|him|her) ?self (?:until|till|til|so) (?:i|he|she|it)? ?(?:bleed|bleeds|bled|bleeding|hurts)\b",
    r"\b(?:found|find|finding|hiding|hides|hid|hidden|keeps|keeping) (?:\w+ )?(?:razor ?blades?|blades|razors|box cutters?|pencil sharpener blades?)\b",
    r"\bbloody (?:tissues|towels|bandages|band ?aids|sleeves|sheets|paper towels)\b",
    # added after held-out round 2
    r"\b(?:until|till|til|untill) (?:it|i|they|my \w+|the skin) (?:bleeds?|bled|bleeding|breaks?|broke|cracks?)\b",
    r"\bcarv\w* (?:\w+ ){0,2}(?:into|in|on) (?:my|his|her|their) (?:arms?|legs?|skin|wrists?|thighs?|stomach|body)\b",
    r"\b(?:hit|hitting|bang|banging|smash|smashing|slam|slamming) my head (?:against|on|into) (?:the )?(?:wall|floor|door|mirror|desk)\b(?=[^.!?\n]{0,40}\b(?:until|till|bleed|blood|hurt|again|every)\b)",
    r"\b(?:want|wanna|need|urge|urges|going|gonna|trying|tempted|about)<TO><FILL> (?:hurt|harm|cut|burn|punish|injure) <SELF>\b",
    # added in round 4, from the categories (not the sentences) the pipeline held-out set missed
    r"(?<!n't )(?<!not )(?<!dont )(?<!never )(?<!afraid to )(?<!scared to )\b(?:need|needed|needs|want|wanted|wanna|crave|craving|just want|only want|have to|got to|gotta)<TO> (?:feel|be in) (?:physical |real |the |some |actual |any )?pain\b"
    r"(?! (?:free|relief|meds|management|medication|clinic|doctor|specialist)\b)",
    r"(?<!n't )(?<!not )(?<!dont )(?<!never )\b(?:deserve|deserved)<TO><FILL> (?:hurt|suffer|bleed|feel pain|be hurt|be punished|be in pain|pain|be cut|burn)\b",
    r"\bhow deep (?:\w+ ){0,6}?(?:cut|cuts|cutting|slice|go|to go|vein|veins|artery|arteries|wrists?|bleed|bleeds)\b",
    r"\b(?:cut|cutting|slice|slicing|slit|slitting|nick|nicking|sever|severing) (?:\w+ ){0,3}?(?:an artery|the artery|a main artery|an? (?:big |main )?vein|my veins?|a tendon)\b",
    r"\b(?:hide|hides|hiding|hid|hidden|cover|covers|covering|covered|conceal\w*) (?:up )?(?:all )?(?:of )?(?:(?:my|the|his|her|their|these|those) )?(?:fresh |new |old |sh |self ?harm )?"
    r"(?:cuts|scars|burns|wounds|self ?harm|sh|bandages|marks on (?:my|his|her) (?:arms?|legs?|wrists?|thighs?))\b",
    r"\blong sleeves\b[^.!?\n]{0,50}\b(?:hide|hiding|cover|covering|so (?:no ?one|nobody|my \w+|they|he|she|people) (?:can'?t|won'?t|doesn'?t|don'?t|wont|cant|dont|didn'?t) (?:see|notice|ask))\b",
    r"\b(?:cutting|cuttin|cuting|cutin|cuttn|cut) (?:agn|agian|agen|agin|agai|againn+|aagain|agina|agan|agaim|agaon|again)\b",
    r"\b(?:put|putting|puts|stub|stubbed|stubbing|press|pressed|pressing|hold|holding|held|touch|touched|touching|heat|heated|heating) (?:out )?(?:a |my |the |lit |hot |burning |red hot )*"
    r"(?:cigarettes?|cigs?|lighters?|smokes?|matches|match|pan|iron|curling iron|straightener|spoon|knife|metal|stove|burner|lighter|blunt|joint)\b(?: out)?[^.!?\n]{0,30}?"
    r"\b(?:on|to|against|into|onto|under) (?:my|his|her|their) (?:own )?(?:\w+ )?(?:skin|arms?|hands?|wrists?|legs?|thighs?|stomach|palms?|fingers?|body|chest|ankles?|feet)\b",
    r"\b(?:press|pressed|pressing|hold|holding|held|put|putting|lay|laid|laying|placed|placing|stick|stuck|sticking) (?:my|his|her|their) (?:\w+ )?(?:hands?|arms?|palms?|fingers?|wrists?|skin|legs?|thighs?)"
    r" (?:on|against|onto|over|to|in|into|under) (?:the |a |my )?(?:hot |burning |red hot |boiling )?(?:pan|stove|burner|iron|flame|fire|lighter|candle|radiator|oven|grill|kettle|boiling water|hot water|curling iron|stove top)\b",
    r"\b(?:burn|burned|burnt|burning|burns|cut|cuts|cutting|cuttin|scratch\w*|carv\w*|slic\w*|pinch\w*|bite|biting|punch\w*|bang\w*|slam\w*|starv\w*|hurt|hurting)\b"
    r"(?! (?:back|down|out|off|ties|corners|class|classes|the gym|a meeting|up|dinner|the (?:toast|food|dinner|rice|cookies)|calories|carbs|sugar|costs)\b)[^.!?\n]{0,40}?"
    r"\b(?:on purpose|to cope|to feel (?:something|pain|anything|real|alive|in control)|so i (?:can|could) feel|to punish (?:my|him|her) ?self|to (?:get|make) the (?:pain|feelings?|thoughts|voices|urges?) (?:stop|go away|out)|to distract (?:my|him|her) ?self)\b",
    r"\b(?:bought|buy|buying|got|get|getting|grabbed|grab|took|take|taking|found|keep|kept|stole|need|needed) (?:a |some |new |the |my |a new |a pack of |a box of )?(?:razor|razors|razor ?blades?|blades|box cutter|exacto|x ?acto|sharpener)\b"
    r"(?=[^.!?\n]{0,60}\b(?:feel (?:pain|something|it|real|anything)|pain|bleed|blood|cut|cutting|on purpose|hurt|urge|urges|relief|again|deep|punish)\b)",
]

_OVERDOSE = [
    r"\bo(?:ver|vr|ve|vee|vre|bver) ?d(?:o|oo|oe(?=s[aeiy]))[sz]\w*\b(?!<NOT_A_DRUG>)",
    r"\bover ?dose\w*\b(?!<NOT_A_DRUG>)",
    r"\bo\.? ?d(?:'?d|'?ed|'?ing|'?in|'?s)?\b",
    r"\b(?:he|she|they|i|almost|nearly|just about) odd(?:ed)?\b",
    r"\b(?:took|taken|did|done|used|shot|snorted|injected|swallowed|popped) (?:way |waaay |waay |wayyy |far |much )?too (?:much|many|mush|mutch)\b"
    r"(?! (?:to drink|drinks?|alcohol|beer|wine|booze|liquor|vodka|time|money|credit|on|off work|days off|fun|risks?|sugar|food|caffeine|coffee|weed|pot|overtime|shifts?)\b)",
    r"\b(?:had|drank) (?:way )?too (?:much|many) (?:of )?(?:fent\w*|heroin|dope|oxy\w*|perc\w*|xanax|pills|opi\w*|benz\w*|methadone|morphine|dilaudid|meth|molly|ketamine|klonopin|valium|tylenol|sleeping pills|insulin|lean|codeine|gabapentin|pain pills|his meds|her meds|my meds)\b",
    r"\btoo (?:much|many) (?:fent\w*|fet\w*|heroin|dope|oxy\w*|perc\w*|xanax|xans|pills|meds|opi\w*|benz\w*|methadone|suboxone|morphine|dilaudid|cocaine|meth|crystal|molly|mdma|ecstasy|ketamine|klonopin|valium|ativan|tylenol|sleeping pills|insulin|kratom|gabapentin|lean|codeine|ghb|pain pills|sleep meds)\b",
    r"\btoo (?:much|many) of (?:his|her|my|their) (?:meds|pills|medication|medicine|prescription|\w+ pills)\b",
    r"\b(?:alcohol|drug|opioid|opiate|fentanyl|heroin|tylenol|acetaminophen|insulin|lithium) (?:poisoning|toxicity|overdose|od)\b",
    r"\b(?:gave|give|giving|given|used|use|using|needed|need|needs|needing|spray|sprayed|spraying|administer\w*|hit (?:him|her|them|me) with|had to|dose of|doses of|shot of|revived|brought (?:him|her|them) back|2 doses|two doses|second dose|another dose"
    r"|(?:do|should|can|could) i (?:give|use|spray|try|administer|put|hit)|how (?:do i|to|do you) (?:give|use|spray|administer)|how much"
    r"|where is|wheres|where'?s|get me|get the|grab|grabbed|anyone have|does anyone have|who has)"
    r"[^.!?\n]{0,40}?\b(?:narcan|narcon|narcam|naloxone|nalaxone|naloxon|kloxxado|zimhi)\b",
    r"\b(?:narcan|narcon|narcam|naloxone|nalaxone|naloxon)(?:'?d|'?ed|ned)?\b[^.!?\n]{0,50}?\b(?:not working|isn'?t working|didn'?t work|didnt work|doesn'?t work|doesnt work|wake|woke|waking|breath\w*|blue|respond\w*|overdos\w*|od|dying|die|help|now|hurry|quick|asap|emergency|911|again|twice|revive\w*|brought|saved|save|alive|how long|how much|how many)\b",
    r"\bnarcan'?(?:d|ed|ned)\b",
    # added after held-out round 1
    r"\b(?:a |the |his |her |my )?(?:bottle|handful|fistful) of (?:pills|sleeping pills|tylenol|xanax|oxys?|meds|klonopin|valium|percs?|ambien|benadryl)\b(?=[^.!?\n]{0,60}\b(?:and|tonight|done|end|take|took|swallow|drink|vodka|goodbye)\b)",
    r"\b(?:mixed|mixing|combined|combining|took|taking|did|doing|used|using|shot|snorted|drank|drinking) (?:\w+ )?(?:fent\w*|heroin|opioids?|opiates?|oxy\w*|methadone|percs?|dope|xanax|benzos?|klonopin|valium|bars|alcohol|vodka|booze|liquor|pills|sleeping pills|lean) (?:and|with|&|plus|on top of) (?:\w+ )?(?:xanax|benzos?|klonopin|valium|ativan|bars|alcohol|vodka|booze|liquor|fent\w*|heroin|oxy\w*|percs?|methadone|sleeping pills|ambien|gabapentin)\b(?=[^.!?\n]{0,80}\b(?:feel|feeling|fading|can'?t|cant|breath|blue|sleepy|nodding|wake|passed|dizzy|now|tonight|help|scared|weird)\b)",
    r"\b(?:laced|cut) with (?:fent\w*|carfentanil|xylazine|tranq)\b(?=[^.!?\n]{0,60}\b(?:wake|breath|blue|respond|passed out|dying|died|dead|overdos|od|help|hospital|er)\b)",
    r"\b(?:took|taken|take|taking|swallowed|popped) (?:like )?(?:\d\d+|twenty|thirty|forty|fifty|sixty|a hundred|hundred|dozens of|a dozen) (?:\w+ )?(?:pills?|xanax|xans|bars|percs?|oxys?|tablets?|capsules?|tylenol|advil|sleeping pills|ambien|klonopin|valium|mg of (?:xanax|oxy|fent\w*|methadone|klonopin))\b",
    # using the old amount after a break: tolerance is gone, the commonest way to overdose
    r"\b(?:shot up|shoot up|shooting up|used|use|using|did|do|doing|took|take|taking|snorted|snort|smoked|smoke|hit|injected|went back to) (?:\w+ )?(?:my|the|his|her|their) (?:old|usual|normal|same|regular|full|previous|whole) (?:amount|dose|dosage|hit|shot|line|bag|amounts)\b"
    r"(?=[^.!?\n]{0,60}\b(?:clean|sober|detox|rehab|jail|prison|treatment|inpatient|off (?:it|dope|fent\w*|heroin)|a break|months|weeks|days|getting out|got out)\b)",
    r"\b(?:used|using|shot up|relapsed|picked up)\b[^.!?\n]{0,40}\b(?:right after|straight after|the day (?:after|i got out of)|first (?:day|night) (?:out of|after)) (?:detox|rehab|jail|prison|treatment|inpatient|getting out)\b"
    r"(?=[^.!?\n]{0,80}\b(?:sleepy|nodding|nod|can'?t (?:stay awake|keep my eyes open|breathe)|barely (?:type|breathe|awake|keep)|passing out|blue|slow breathing|same (?:as before|amount))\b)",
    # added in round 4, from the categories (not the sentences) the pipeline held-out set missed
    # double doses, doses taken twice, sleeping pills on top
    r"\b(?:took|take|taken|taking|swallowed|had|did|used|gave (?:him|her|them|my \w+)) (?:my|his|her|their|the|a|an|all my|all (?:his|her)) (?:\w+ )?"
    r"(?:meds|medication|medicine|pills?|dose|doses|methadone|suboxone|insulin|prescription|script|shot|strip|strips)(?: \w+)? (?:twice|two times|2 times|three times|3 times|again by (?:accident|mistake))\b"
    r"(?! (?:a|per|every|each|daily|in a) ?(?:day|week|night|morning|evening|row)?\b)",
    r"\b(?:double|doubled|doubling|triple|tripled|tripling|quadrupl\w*) (?:up )?(?:on )?(?:my|his|her|their|the|a) (?:\w+ )?(?:dose|doses|dosage|meds|pills|methadone|suboxone|medication|insulin|prescription|script)\b",
    r"\bdouble ?dos(?:ed|ing)\b|\b(?:took|take|taking|taken|gave (?:him|her|them|myself)) (?:a |him a |her a )?double (?:dose|shot|hit)\b",
    r"\b(?:accidentally|accidently|by accident|by mistake|mistakenly) (?:took|taken|take|swallowed|ate|drank|gave|given|injected|doubled|mixed|overdosed|double dosed)\b"
    r"|\b(?:took|swallowed|ate|drank|gave (?:him|her|them|my \w+)) (?:\w+ ){0,5}?(?:by (?:accident|mistake)|accidentally)\b",
    r"\b(?:took|taken|swallowed|popped|had|did|used)\b[^.!?\n]{0,60}?\b(?:plus|on top of|along with|with|and|then|and then|and also|also) "
    r"(?:a |an |some |two |2 |three |3 |a few |like \d+ |\d+ |my |his |her |the |a bunch of |a handful of |extra )?"
    r"(?:sleeping pills?|sleep(?:ing)? meds|sleep aids?|ambien|benadryl|nyquil|zzzquil|unisom|trazodone|seroquel|xanax|xans|bars|klonopin|valium|ativan|benzos?)\b",
    # children and teenagers who got into medicine
    r"\b(?:got into|got in to|gotten into|get into|gets into|getting into|found and (?:ate|took|swallowed|drank)) (?:some of |one of |a few of |all of )?"
    r"(?:my|his|her|the|our|their|grandma'?s|grandpa'?s|\w+'s) (?:\w+ )?(?:pills|meds|medicine|medication|methadone|suboxone|strips|stash|xanax|oxys?|percs?|edibles|gummies|fent\w*"
    r"|prescriptions?|pill bottle|pill box|drugs|dope|medicine cabinet)\b",
    r"\b(?:toddler|baby|infant|kid|child|little one|grandkid|grandchild|grandbaby|grandson|granddaughter|son|daughter|teen|teenager|stepson|stepdaughter|nephew|niece|dog|puppy|\d+ ?(?:year|yr|month|mo)s? ?old)\b"
    r"[^.!?\n]{0,50}?\b(?:ate|eaten|swallowed|drank|drunk|chewed|licked|sucked on|bit into) (?:some |a |an |one |two |\d+ |a few |half (?:a |of )?|part of |a bunch of )?(?:of )?"
    r"(?:my |his |her |the |our |their |a |an |\w+'s )?(?:\w+ )?(?:pills?|meds|methadone|suboxone|strips?|films?|edibles?|gummies|gummy|fent\w*|oxys?|xanax|percs?"
    r"|tablets?|capsules?|patch|patches|bleach|detergent pods?|laundry pods?|tide pods?|vape juice|nicotine|weed|brownies?)\b",
    r"\b(?:toddler|baby|infant|little one|grandbaby|\d+ ?(?:month|mo)s? ?old|[1-5] ?(?:year|yr)s? ?old)\b[^.!?\n]{0,50}?\b(?:took|had|got|found|put) (?:some |a |an |one |two |\d+ |a few |half (?:a |of )?)?(?:of )?"
    r"(?:my |his |her |the |our |their |a |an |\w+'s )?(?:\w+ )?(?:pills?|meds|methadone|suboxone|strips?|films?|edibles?|gummies|fent\w*|oxys?|xanax|percs?|tablets?|capsules?|patch)\b"
    r"(?: (?:in|into) (?:his|her|their) mouth)?",
    # a number of pills and "is that bad"
    r"\b(?:took|taken|take|swallowed|popped|ate|did|snorted|had|downed|chewed|crushed|shot|used) (?:like |about |around |maybe |almost |over |at least |probably |all )?<NUM>(?: or <NUM>)? (?:\w+ )?<PILLS>\b"
    r"(?=[^.\n]{0,60}\b(?:bad|too much|too many|dangerous|safe|ok|okay|normal|kill|die|od|overdose|hospital|worried|scared|fine|lethal|fatal|enough|gonna be|going to be|feel|feeling|help)\b)",
    r"\b(?:is|are|would|will|could|can|does|do) (?:like |about |taking )?<NUM> (?:\w+ )?<PILLS>(?: \w+){0,4}? (?:bad|too much|too many|dangerous|fatal|lethal|deadly|enough to|gonna (?:kill|hurt)|going to (?:kill|hurt)|kill|an overdose|od)\b",
]

_MEDICAL = [
    r"\b(?:not|n'?t|isnt|wasnt|stopped|stop|stops|stopping|barely|hardly|<CANT>|trouble|struggling to|struggle to|hard to|difficulty|having trouble|problems|problem|no longer) (?:really )?(?:breath|breathing|breathe|breating|breahting|breathin|breething|breth|brething|brathing)\b",
    r"\b(?:breathing|breaths?|breath) (?:is |are |got |getting |seems |sounds |has )?(?:really |very |so )?(?:slow|slowly|shallow|weird|funny|strange|irregular|labou?red|raspy|gurgling|rattling|stopped|stopping|faint|weak)\b",
    r"\b(?:slow|shallow|labou?red|irregular|agonal) breathing\b",
    r"\bgasp(?:ing|ed|s)?(?: for (?:air|breath))?\b",
    r"\bgurgl\w+",
    r"\bdeath rattle\b",
    r"\bsnor(?:ing|es|ed) (?:and|but) (?:wont|won'?t|can'?t|cant|not|isn'?t)\b",
    r"\bchok(?:ing|ed|es|e) (?:on (?:his|her|their|my) (?:own )?(?:vomit|puke|throw up|spit|tongue)|to death)\b",
    r"\b<SUBJ3> (?:is |'?s |are |was )?chok(?:ing|ed)\b(?! up\b)",
    r"\baspirat(?:ed|ing)\b(?! to\b)",
    r"\b(?:turning|turned|turn|going|gone|went|goes|looks|look|looking) (?:all |really |kinda |kind of |a little |slightly )?(?:blue|purple|bluish|blueish)\b",
    r"\b(?:turning|turned) (?:all |really |kinda |kind of |a little |slightly )?(?:gray|grey|ashen|pale)\b",
    r"\b(?:cold|pale|clammy|gray|grey|limp) and (?:blue|gray|grey|purple|not breathing|unresponsive|limp|cold)\b",
    r"\b(?:isn'?t|is not|stopped|not|won'?t|wont|isnt) (?:moving|breathing)\b(?! (?:out|in|forward|on|away|back|house|home|fast|along|anywhere|to)\b)",
    r"\bhearing things\b",
    # added after held-out round 1
    r"\b(?:blue|gray|grey|purple|pale) and (?:cold|not breathing|limp|unresponsive|clammy|won'?t wake)\b",
    r"\bchest (?:is |feels |feeling |getting |got )?(?:really |so |super |very |kinda |kind of |a little |too )?(?:tight|heavy|painful|hurting|on fire|burning|crushing)\b",
    r"\bseeing (?:spiders|snakes|bugs|insects|rats|things|people|shadows|faces) (?:on|in|crawling|everywhere|that)\b|\bseeing (?:spiders|snakes|bugs|insects)\b",
    r"\beyes (?:rolled|rolling|roll) (?:back|up)\b",
    r"\b(?:he'?s|she'?s|hes|shes|is|was|started|and|they'?re|mouth is) foaming\b",
    r"\bheart (?:won'?t|wont|will not|doesn'?t|can'?t) (?:stop|slow) (?:pounding|racing|beating (?:so )?fast|down)\b",
    r"\b(?:feel|feeling|feels) like (?:i'?m|im|he'?s|she'?s|i am) (?:fading|slipping away|going to pass out|gonna pass out|about to pass out|going under|shutting down)\b|\bfading (?:away|out|fast)\b",
    r"\b(?:twitching|jerking|shaking) and (?:foaming|drooling|unresponsive|won'?t stop|not responding|can'?t talk)\b",
    # added after held-out round 2
    r"\b(?:can'?t|cant|cannot|couldn'?t) (?:get (?:him|her|them|my \w+) to |seem to )?(?:stay|keep (?:him|her|them) ) ?awake\b|\b(?:can'?t|cant|cannot) keep (?:my|his|her) eyes open\b|\bwon'?t stay awake\b",
    r"\b(?:drank|drink|drinking|chugged|downed|finished) (?:a |an |the )?(?:whole|entire|full) (?:bottle|fifth|handle) (?:of \w+ )?(?:and|&)\b",
    r"\b(?:took|take|taken|taking|did|used) (?:double|triple|twice|two times|three times|extra|an extra) (?:my|the|his|her|a|their) ?(?:\w+ )?(?:dose|doses|methadone|meds|suboxone|pills|amount|prescription)\b",
    r"\b(?:having|had|has|have|keeps having) (?:fits|a fit) (?:since|after|and|again|when (?:he|she|i|they) (?:stopped|quit|came off|tried to (?:stop|quit)|ran out))\b",
    r"\bpressure (?:in|on) (?:my|his|her|their) chest\b|\b(?:left )?arm (?:is |feels |went |going |gone )?(?:numb|tingling|dead)\b|\bnumb(?:ness)? (?:in|down) (?:my|his|her) (?:left )?(?:arm|face|side)\b",
    r"\bheart (?:feels like it'?s|is|feels like it is) (?:going|gonna|about) to stop\b",
    r"\b(?:got|been|was|is|'?s|just got) (?:stabbed|shot|run over|hit by a car|beaten up)\b",
    r"\b(?:is|'?s|he'?s|she'?s|they'?re|keeps|won'?t stop|started) bleeding\b(?! (?:money|cash)\b)",
    r"\b(?:lips|face|skin|fingers|fingernails|nails|fingertips|mouth|toes|lip) (?:are |is |look |looks |turning |turned |going |gone |got |have gone |has gone |went |kinda |kind of |all |so )*(?:blue|purple|gray|grey|bluish|blueish|ashen)\b",
    r"\bblue (?:lips|face|fingers|fingernails|nails|fingertips|lip)\b",
    r"\bun ?responsive\b",
    r"\bnon ?responsive\b",
    r"\bnot responsive\b",
    r"\b(?:not|n'?t|isnt|isn'?t|wasn'?t|wasnt|won'?t|wont|will not|cant|can'?t|doesn'?t|doesnt|didn'?t|didnt|stopped|stop|no longer|barely|hardly) (?:really )?respond(?:ing|ed|s)?\b"
    r"(?! (?:to (?:my |his |her |our |the )?(?:texts?|calls?|messages?|emails?|voicemails?|dms?|medications?|treatment|meds|therapy|antidepressants?|the (?:medication|treatment|meds))|well)\b)",
    r"\b<SUBJ3> (?:just )?(?:<NEG>) (?:even )?(?:wake|waking|woke|woken|wakeing)(?: up)?\b(?!(?: up)? (?:on time|early|in time|for|until|till|til|at|before|after|when|til noon)\b)",
    r"\b(?:<CANT>|unable to|trying to|tried to|try to|tryna|won'?t|cant seem to|can'?t seem to|couldnt|can not) (?:get )?(?:wake|waken|rouse|arouse) (?:him|her|them|my \w+|<SUBJ3>)(?: up)?\b(?!(?: up)? (?:on time|early|in time|for|at|before)\b)",
    r"\bunconscious\b",
    r"\b(?:lost|losing|lose|loses|in and out of) consciousness\b",
    r"\b(?:out cold|knocked out cold)\b",
    r"\b(?:is|are|'?s|just|has|keeps|kept|been|still|currently) passed out\b",
    r"\bpassed out (?:and (?:won'?t|wont|can'?t|cant|isn'?t|isnt|not|hit|is|has|still|hasn'?t|he'?s|she'?s)|on the (?:floor|ground|bathroom floor|kitchen floor|street|sidewalk)|in the (?:bathroom|shower|tub|street)|with (?:a needle|the needle|foam|vomit))\b",
    r"\b(?:faint|fainted|fainting|faints|collapsed|collapsing|collapses)\b",
    r"\b(?:fell|fall|falling|fallen) (?:down )?(?:and|&) (?:hit|hurt|can'?t|cant|won'?t|wont|isn'?t|isnt|is not|not)\b",
    r"\bhit (?:his|her|my|their) head\b",
    r"\bhead (?:injury|trauma|wound)\b",
    r"\bseiz(?:ure|ures|ing|er|ers)\b",
    r"\bseizure\w*",
    r"\bconvuls\w*",
    r"\bchest (?:pain|pains|hurts?|hurting|is hurting|tight|tightness|pressure|feels tight|is tight|is on fire|is burning|burning|is killing me|feels heavy|heaviness|feels like it'?s (?:caving|being crushed|gonna explode|going to explode))\b",
    r"\bpains? in (?:my|his|her|their) (?:chest|heart|left arm)\b",
    r"\bheart (?:attack|failure|is failing|stopped|stopping|is stopping|keeps stopping)\b",
    r"\bcardiac (?:arrest|event)\b",
    r"\bheart (?:is |keeps )?(?:racing|pounding|beating (?:so |really |super |too |way too )?(?:fast|hard|weird|irregular)|skipping|feels like it'?s going to explode|gonna explode|going to explode|won'?t slow down|beating out of my chest)\b",
    r"\b(?:having|has|is having|think (?:i'?m|im|he'?s|she'?s|i am|he is|she is) having|think (?:i|he|she) (?:had|has)|signs of|symptoms of|heat) (?:a )?stroke\b",
    r"\b<CANT> (?:feel|move) (?:my|his|her) (?:left |right )?(?:arm|arms|legs?|face|side|hand|body)\b",
    r"\b(?:face|mouth) (?:is )?droop\w*",
    r"\b(?:throwing|threw|throws|throw) (?:up )?blood\b",
    r"\b(?:vomit|vomits|vomited|vomiting|puking|puked|puke|coughing|coughed|coughs|spitting|spit) (?:up )?(?:blood|bile and blood)\b",
    r"\bblood in (?:my |his |her |the )?(?:vomit|puke|throw up|stool|poop|urine)\b",
    r"\b(?:bleeding|bleed|bleeds) (?:a lot|badly|bad|heavily|heavy|everywhere|profusely|so much|alot|like crazy|won'?t stop|wont stop|will not stop|nonstop|non stop|from (?:his|her|my|their) (?:head|mouth|nose and|ears))\b",
    r"\b(?:won'?t|wont|will not|can'?t|cant) stop (?:the )?bleeding\b",
    r"\b(?:lost|losing) (?:a lot of|so much|too much|lots of) blood\b",
    r"\b(?:so much|a lot of|lots of|pool of|covered in) blood\b",
    r"\b<CANT> stop (?:throwing up|vomiting|puking|shaking|seizing|convulsing|twitching)\b",
    # added after held-out round 3
    r"\b(?:hasn'?t|has not|hasnt|didn'?t|did not|haven'?t|not) moved (?:in|for) (?:an|a|\d+|over an|over a|almost an|like an|like \d+) (?:hour|while|minutes|hours|mins)\b",
    r"\b(?:vomit\w*|throw\w* up|threw up|puk\w*|cough\w*|poop\w*|stool|pee\w*|urine|spit\w*)\b[^.!?\n]{0,100}\b(?:there'?s|theres|there is|with|full of|is|was|has) (?:some |a lot of |so much )?blood\b",
    r"\b(?:talking to|seeing|hearing|yelling at) (?:people|someone|somebody|things|voices|kids|animals) (?:who|that|which) (?:aren'?t|isn'?t|are not|is not|weren'?t|wasn'?t|arent|isnt) (?:really )?there\b",
    r"\b(?:is|'?s|went|gone|going|goes|body is|body went) (?:all )?limp\b",
    r"\b(?:throat|tongue|airway) (?:is )?(?:closing|swelling|swollen|closed)\b",
    r"\bhallucinat\w+",
    r"\bseeing (?:things|bugs|people|shadows) (?:that (?:aren'?t|arent|are not|isn'?t) there|crawling|everywhere|on (?:me|the walls))\b",
    r"\bhearing voices\b",
    r"\bvoices (?:telling|tell|told) (?:me|him|her) to\b",
    r"\bpsychos[ie]s\b",
    r"\bpsychotic\b",
    r"\bd\.? ?t\.? ?'?s\b",
    r"\bdelirium(?: tremens)?\b",
    r"\btremens\b",
    r"(?<!battery )(?<!batteries )(?<!phone )(?<!laptop )(?<!plants )(?<!plant )(?<!flowers )(?<!garden )(?<!lawn )(?<!grass )(?<!car )(?<!tree )(?<!trees )(?<!fish )(?<!conversation )(?<!business )"
    r"\b(?:is|are|am|i'?m|im|i am|he'?s|she'?s|hes|shes|they'?re|he is|she is|we'?re|someone'?s|someone is|somebody is|somebody'?s|<SUBJ3>|think (?:he|she|i|they|my \w+)(?:'s| is| am|'m| are)?) (?:literally |actually |really |probably )?dying\b"
    r"(?! (?:to|for|of (?:laughter|laughing|boredom|embarrassment)|laughing|lol|lmao|inside|over here)\b)",
    r"\b(?:someone|somebody|some one|a person|a guy|a girl|a man|a woman|my friend|this guy|this girl) (?:is |'?s )?(?:dying|not breathing|overdosing|unconscious|dead)\b",
    r"\b(?:going|gonna|gon|about|bout|gunna|goin|fixing|fixin)(?: to| 2| ta)? die\b(?! (?:hard|of (?:laughter|embarrassment|boredom|shame)|laughing|for)\b)",
    r"\b(?:might|could|may|will|would|'?ll|can|is going to|are going to) (?:actually |really |literally |probably |possibly |seriously )?die\b(?! (?:hard|of (?:laughter|embarrassment|boredom|shame)|laughing|for)\b)",
    r"\bdie (?:if|without|from|of|before|unless)\b(?! (?:laughter|embarrassment|boredom|shame|hunger)\b)",
    r"\b(?:he|she|they|<SUBJ3>|i think (?:he|she|they)|think (?:he|she|they)|pretty sure (?:he|she|they)) ?(?:is|'?s|are|'?re|was|might be|may be|could be|looks|seems|appears) ?(?:already |literally |actually )?(?:dead|deceased)\b"
    r"(?! (?:tired|serious|set|end|wrong|broke|on|last|weight|center|giveaway|beat|sexy|ass|asleep|drunk|to me|to the world|ringer|against)\b)",
    r"\b(?:found|find|finding) (?:him|her|them|my \w+|his \w+|her \w+|someone|somebody|a (?:guy|girl|man|woman|person)) (?:\w+ )?(?:dead|unresponsive|not breathing|on the (?:floor|ground|bathroom floor)|passed out|blue|unconscious|seizing|with a needle|cold|foaming)\b",
    r"\bpronounced (?:him |her |them )?dead\b",
    r"\b(?:no|weak|faint|barely a|can'?t find a|cant find a|can'?t find (?:his|her)|cant find (?:his|her)|couldn'?t find a|couldn'?t find (?:his|her)|not getting a|can'?t feel a|lost|losing (?:his|her)|losing a|low) pulse\b",
    r"\bpulse (?:is )?(?:weak|faint|racing|gone|stopped|really low|so low)\b",
    r"\bcpr\b",
    r"\bc\.p\.r\b",
    r"\bchest compressions\b",
    r"\bdefibrillat\w*",
    r"\b(?:call|calling|called|dial|dialed|dialing|dialling|phone|phoned|ring) (?:9 ?-?1 ?-?1|nine one one|an ambulance|the ambulance|the paramedics|paramedics|ems|emergency|for help|for an ambulance|poison control|the cops|the police|police|cops)\b",
    r"(?<![\d\-])\b(?:9-1-1|9 1 1|nine one one|911)(?![\d\-])",
    r"\bambulance\w*",
    r"(?<!i'm a )(?<!im a )(?<!i am a )(?<!as a )(?<!work as )\bparamedics?\b(?! (?:school|training|class|course|job|program|degree)\b)",
    r"(?<!non )(?<!non-)(?<!non)\bemergenc(?:y|ies)\b(?! (?:contacts?|contact info|contact information|contact person|fund|savings|exit|alert system|preparedness|kit)\b)",
    r"\b(?:emergancy|emergancey|emergecy|emergeny|emergncy|emerjency|emergensy)\b",
    r"(?<!not )(?<!isn't )(?<!isnt )(?<!nothing )(?<!non )\burgent(?:ly)?(?: care)?\b(?=\s*(?:$|[.!]|(?:help|please|need|room)\b))",
    r"(?<!work )(?<!works )(?<!worked )(?<!working )(?<!shift )(?<!shifts )(?<!job )\b(?:to|in|at|into|from) the (?:er|ed|e\.r\.?)(?![\w.])(?! (?:as a|as an|for work)\b)",
    r"\bhospital asap\b",
    r"\b(?:having|is having|'?s having|in the middle of|think (?:i'?m|im|he'?s|she'?s) having) (?:a |an )?(?:panic attack|allergic reaction|bad reaction|reaction to|anaphyla\w*|medical emergency|heart attack|bad trip)\b",
    r"\banaphyla\w+",
    r"\b(?:alcohol|carbon monoxide|drug|blood) poisoning\b",
    r"\bpoisoned\b",
    r"\bpoison control\b",
    r"\b<SUBJ3> (?:is |'?s |are |'?re )?(?:<NEG> |barely |isn'?t |isnt |not )(?:moving|conscious|awake and|breathing|alert)\b(?! (?:out|in|forward|on|away|back|house|home)\b)",
    r"\bpin ?point pupils\b",
    r"\bfoam(?:ing)? (?:at|from) (?:the|his|her|their) mouth\b",
    r"\b(?:help|hlep|halp|plz help|please help|somebody help|someone help)(?: me)?(?: please)? (?:he|she|they|my \w+|someone|somebody)(?:'?s| is| are)? (?:not|isn'?t|isnt|dying|dead|blue|unconscious|overdosing|seizing|bleeding|choking|collapsed|passed)\b",
    r"\b(?:i|he|she|they|my \w+) (?:just )?(?:stopped breathing|collapsed|passed out and|turned blue|went blue)\b",
    r"\b(?:won'?t|wont|will not|might not|may not|not going to|not gonna|isn'?t going to) (?:make it|survive) (?:through )?(?:the night|tonight|till morning|until morning|to the hospital|much longer)\b",
    # added in round 4, from the categories (not the sentences) the pipeline held-out set missed
    # cold exposure
    r"\b(?:passed out|unconscious|lying|laying|asleep|sleeping|collapsed|fell asleep|knocked out|out cold|face down|frozen|freezing|stuck|stranded|wandering) (?:\w+ ){0,2}?(?:in|on|into) the (?:snow|ice|frozen ground|cold ground|snowbank|snow bank|freezing cold)\b",
    r"\b(?:all night|for hours|overnight|since last night) (?:\w+ ){0,2}?(?:in|out in) the (?:snow|cold|freezing cold)\b|\bout in the (?:snow|cold|freezing cold) (?:all night|for hours|overnight|since last night|passed out|drunk)\b",
    r"\bhypotherm\w*|\bfrost ?bit\w*",
    r"\b<SUBJ3> (?:is |'?s |are |'?re )?(?:not|isn'?t|isnt|aren'?t|arent|stopped) making (?:any )?sense\b",
    # hallucinations
    r"\b(?:that|who|which) (?:aren'?t|isn'?t|are not|is not|weren'?t|wasn'?t|arent|isnt|werent|wasnt|ain'?t|aint) (?:really |even |actually )?(?:there|real|in the room|here)\b(?! (?:for|to help|any ?more|yet)\b)",
    r"\b(?:bugs|spiders|ants|insects|worms|snakes|critters|lice|mites) (?:are )?(?:crawling|crawl|moving|walking|running|under|all over|on|in) (?:on |under |all over |in |inside )?(?:my|his|her|their) (?:skin|body|arms?|legs?|face|bed|hair|veins)\b",
    r"\binvisible (?:bugs|spiders|people|things|insects|critters|ants|person|kids|man|woman)\b",
    r"\b(?:seeing|sees|saw) things\b(?! (?:differently|clearly|more clearly|in a new|from|through|that i (?:never|didn'?t) notice)\b)<CLAUSE_END>",
    # falling with jerking, not answering
    r"\b(?:fell|fall|falls|falling|collapsed|dropped|went down|hit the floor|on the floor|on the ground)\b(?: \w+){0,3}? (?:jerking|twitching|shaking|convulsing|spasming|stiff|rigid|thrashing|flailing)\b",
    r"\b(?:jerking|twitching|convulsing|spasming|thrashing|stiff|rigid|limp|on the floor|on the ground|fell (?:over|down)|collapsed|eyes (?:are )?(?:rolled|rolling|open|closed))\b[^.!?\n]{0,60}?"
    r"\b(?:won'?t|wont|isn'?t|isnt|not|can'?t|cant|doesn'?t|doesnt|didn'?t|will not|is not|stopped) (?:answer|answering|respond|responding|react|reacting|wake|waking|talking|speaking|opening)\b",
    # vomiting for days, can't keep anything down, nearly fainting
    r"\b(?:vomit\w*|throw\w* up|threw up|puk\w*|been sick|dry heav\w*|can'?t stop (?:throwing up|puking|vomiting))\b(?: \w+){0,5}? (?:for|in|the last|the past|over|since) "
    r"(?:\d+|two|three|four|five|six|seven|several|a few|a couple(?: of)?|couple|many|like \d+|almost \d+|over \d+) (?:straight |whole |full )?(?:days|day)\b"
    r"|\b(?:\d+|two|three|four|five|several|a few|a couple(?: of)?) (?:straight )?days of (?:vomit\w*|throwing up|puking|dry heaving)\b",
    r"\b(?:can'?t|cant|cannot|couldn'?t|unable to) (?:keep|hold) (?:anything|any ?thing|water|liquids|fluids|food|anything at all|even water|nothing) down\b",
    r"\b(?:nearly|almost|about to|close to|gonna|going to|kept|keep|keeps) (?:black|blacked|blacking|pass|passed|passing|faint|fainted|fainting|collapse|collapsed|collapsing|go down|went down|grey|gray|greying|graying)(?: out)?\b"
    r"(?<!keep black)(?<!keeps black)(?<!kept black)(?<!keep blacking)(?<!keeps blacking)(?<!kept blacking)(?<!keep blacked)(?<!keeps blacked)(?! (?:on|from) (?:the couch|my bed|the bed)\b)",
    r"\b(?:black|blacking|pass|passing|grey|gray|graying|greying|white) out (?:when|every time|whenever|if|as soon as) (?:i|he|she|they) (?:stand|get up|sit up)\b",
    # bleeding inside: black or bloody stools, vomit like coffee grounds
    r"\b(?:black|tarry|tar ?like|tar ?colou?red|bloody|maroon|coffee ground) (?:and tarry |tarry |sticky |runny )?(?:stools?|poops?|poo|shits?|bowel movements?|bms?|diarrh\w*)\b",
    r"\b(?:stools?|poops?|poo|shits?|bowel movements?|diarrh\w*) (?:is |are |was |were |has been |have been |been |looks? |looking |turned |turning |coming out )?(?:all |really |pitch |jet |completely )?(?:black|tarry|like tar|bloody|maroon)\b",
    r"\bcoffee grounds?\b(?=[^.!?\n]{0,40}\b(?:vomit|throw|threw|puk|spit|cough)\w*)|\b(?:vomit\w*|throw\w* up|threw up|puk\w*|spit\w* up|cough\w* up)\b[^.!?\n]{0,40}\bcoffee grounds?\b",
    # Spanish
    r"\bno (?:esta )?(?:respira|respirando)\b|\b(?:no|ya no) (?:se )?(?:despierta|reacciona|se mueve)\b|\bno responde\b(?! (?:a )?(?:mis|los|el|al|sus|la|las|mi)\b)",
    r"\b(?:esta )?inconsciente\b|\bconvulsion\w*|\bataque (?:epileptico|de epilepsia|al corazon|cardiaco)\b|\bse (?:desmayo|esta muriendo|muere|esta ahogando)\b|\besta muriendo\b",
    r"\b(?:labios|cara|piel|unas) (?:estan |esta |se (?:le )?pusieron |se (?:le )?puso )?(?:azul(?:es)?|morad[oa]s?)\b|\bse (?:puso|esta poniendo|pone) (?:azul|morad[oa])\b",
    r"\bdolor (?:en el|de) pecho\b|\bemergencia\b(?! (?:de contacto|contacto)\b)|\bambulancia\b|\bsangr(?:a|ando) mucho\b",
]

_HARM_TO_OTHERS = [
    r"(?<!don't )(?<!dont )(?<!not )(?<!never )(?<!do not )(?<!didn't )(?<!didnt )(?<!afraid i'll )(?<!scared i'll )(?<!worried i'll )"
    r"\b(?:want|wanted|wanna|wants|going|gonna|gunna|about|ready|plan|planning|planned|thinking about|thought about|think about|feel like|urge|urges|tempted|tryna|trying|will|i'?ll|i'?m gonna|im gonna|i'?m going|im going|swear i'?ll|swear i will)<TO><FILL> "
    r"(?:hurt|hurting|kill|killing|murder|murdering|stab|stabbing|shoot|shooting|strangle|strangling|choke|choking|harm|harming|attack|attacking|beat up|beat the shit out of|poison|run over|slit (?:his|her|their) throat)"
    r" <PEOPLE>\b(?! (?:feelings|chances|vibe|buzz|with kindness|(?:an?|the) (?:email|e-mail|text|message|dm|note|line|call|msg|link|invite)|a quick)\b)",
    r"\b(?:kill|killing|murder|murdering|shoot|shooting|stab|stabbing) (?:some ?one|some ?body|some one|people|everyone|everybody|every ?body|a bunch of people|them all|all of them|others)\b",
    r"\bhomicid\w*",
    r"\bmass (?:shooting|murder|killing)\b",
    r"\bshoot (?:up )?(?:the|a|my|his|her) (?:school|church|office|workplace|store|mall|class|classroom|party|meeting|building)\b",
    r"\b(?:threaten|threatens|threatened|threatening|threat) (?:to )?(?:kill|hurt|shoot|stab|beat|harm|strangle|choke) (?:me|us|my|him|her|them|the kids|our kids|the baby|everyone|someone)\b",
    r"\b(?:said|says|told me|swore|swears|screamed|yelled|texted) (?:that )?(?:he|she|they)(?:'?d| would| will|'?ll| is going to| was going to| is gonna| was gonna| gonna| going to)? (?:kill|hurt|shoot|stab|strangle|choke|beat) (?:me|us|my|the kids|our|the baby)\b",
    r"\b(?:afraid|scared|terrified|worried|fear|fearing|frightened) (?:that )?(?:he|she|they|my \w+)(?:'?ll| will| is going to|'?s going to| might| would|'?d| is gonna|'?s gonna| gonna| going to)? (?:really |actually )?(?:kill|hurt|shoot|stab|strangle|choke|beat|attack) (?:me|us|my|the kids|our|the baby)\b",
    r"\b(?:he|she|they|my (?:\w+ )?<REL>) (?:hits|hit|beats|beat|chokes|choked|choking|strangled|strangles|is hitting|is beating|punched|punches|kicked|kicks|slapped|slaps|pushed|shoved|attacked|attacks|threw|is choking|pulled a (?:gun|knife) on|pointed a (?:gun|knife) at) (?:me|us|my (?:\w+ )?<REL>|the kids|the baby|our (?:kids|baby))\b",
    r"\b(?:pulled|pulling|pointed|pointing|held|holding) a (?:gun|knife|weapon) (?:on|at|to) (?:me|us|my|him|her|them)\b",
    r"\b(?:domestic (?:violence|abuse)|being abused|abusing me|abuses me|beating me|choking me|beats me)\b",
    r"\b(?:not|don'?t|dont|do not) feel safe (?:at home|with (?:him|her|them|my)|in my (?:home|house))\b",
    # added after held-out round 1
    r"\b(?:afraid|scared|worried|terrified|fear) (?:that )?i (?:might|will|'?ll|could|am going to|'?m going to|would) (?:hurt|harm|do something to|kill|shake|snap and hurt) (?:my|the|him|her|them|someone|somebody)\b",
    r"\b(?:do|doing) something (?:bad |terrible |awful )?to (?:my|the) (?:baby|kids|children|son|daughter|wife|husband|newborn|kid)\b",
    r"\b(?:hands?|arms?|fingers) (?:around|on) my (?:neck|throat)\b",
    r"\b(?:choked|strangled|chokes|strangles|choking|strangling) me\b",
    # added after held-out round 2
    r"\b(?:bring|bringing|brought|take|taking|grab|grabbing|get|getting) (?:my|a|the|his|her) (?:gun|knife|bat|pistol|rifle|shotgun|machete|weapon) (?:to|over to|and go to|and going to)\b",
    r"\bmake (?:him|her|them|that \w+) pay\b",
    r"\b(?:smash|bash|crack|cave|beat|kick|punch) (?:his|her|their|someone'?s|somebody'?s|that \w+'?s) (?:skull|head|face|teeth) in\b",
    r"\b(?:threaten|threatens|threatened|threatening) (?:to )?(?:kill|hurt|shoot|stab|beat|harm|burn|blow up|strangle|choke|run over|torch)\b",
    # added after held-out round 3
    r"\bshoot (?:up )?(?:the|a|my|his|her|that|this) (?:place|job|company|bar|club|house|station|precinct|courthouse|clinic)\b",
    r"\b(?:kill|strangle|choke|stab|shoot|murder|hurt|beat) (?:\w+ ){1,3}?(?:right now |tonight )?(?:and )?(?:i mean it|for real|not joking|i'?m not joking|i'?m serious|im serious|no joke)\b",
    r"\b(?:said|says|told me|swore|texted) (?:that )?(?:he|she|they)(?:'?s| is| was)? (?:gonna|going to) (?:kill|hurt|shoot|stab|strangle|choke|beat) (?:me|us|my|the kids|our|the baby)\b",
    r"\bthreaten\w* (?:me|us|my \w+|the kids) with (?:a|his|her|their|the) (?:knife|gun|bat|weapon|pistol|hammer|machete)\b",
    # added in round 4, from the categories (not the sentences) the pipeline held-out set missed
    r"\b(?:put|putting|gonna put|going to put|will put|i'?ll put|i'?d put|about to put|want to put|wanna put|ready to put|swear i'?ll put) "
    r"(?:him|her|them|that \w+|his \w+ (?:ass )?|her \w+ (?:ass )?|you|u|this \w+|my \w+|someone|somebody) (?:\w+ )?(?:in|into|six feet|under) (?:the |a |an )?(?:ground|grave|dirt|morgue|coffin|casket|body bag|icu)\b",
    r"\b(?:he'?s|she'?s|you'?re|ur|hes|shes|youre|they'?re|theyre|he is|she is|you are|they are|that \w+ is) (?:a )?dead (?:man|woman|meat|men)\b",
    r"\b(?:gonna|going to|gunna|finna|bout to|about to|will|i'?ll|ill|i'?m gonna|im gonna|want to|wanna|ready to|swear i'?ll|i swear i'?ll)<TO> "
    r"(?:murk|merc|off|waste|body|cap|shank|gut|end|jump|stomp|curb stomp|deck|lay out|beat down|run down|knife|pistol whip|clap) "
    r"(?:him|her|them|that \w+|this \w+|my \w+|his \w+|someone|somebody|u|you|ya|whoever|the next \w+|anyone|anybody)\b"
    r"(?! (?:off|up|out|in|at|with|a (?:text|line|message|call|note)|to)\b)",
    r"\b(?:kill|killing|murder|murdering|shoot|shooting|stab|stabbing|hurt|hurting|beat|beating) (?:the next (?:\w+ )?(?:person|one|guy|girl|man|woman|dude|idiot|customer|cop|who|fool)|anyone who|anybody who|whoever)\b",
    # Spanish
    r"\b(?:lo|la|los|las|te) (?:voy a|vamos a|quiero) matar\b|\bvoy a matar(?:lo|la|los|las|te)\b|\bme (?:quiere|va a|amenazo con|amenaza con|quiso) matar\b"
    r"|\bme (?:pego|golpeo|golpea|pega|ahorco|ahorca|esta pegando|esta golpeando|esta ahorcando)\b",
]

_RULES: Sequence[Tuple[str, Sequence[str]]] = (
    ("suicide", _SUICIDE),
    ("self_harm", _SELF_HARM),
    ("overdose", _OVERDOSE),
    ("medical_emergency", _MEDICAL),
    ("harm_to_others", _HARM_TO_OTHERS),
)


# --- matching ------------------------------------------------------------------------

_INDEX: PatternIndex[str] = PatternIndex(
    [(category, _expand(source)) for category, patterns in _RULES for source in patterns]
)
_CATEGORY_RANK = {category: rank for rank, category in enumerate(CRISIS_CATEGORIES)}

# Co-occurrence net: a death word, a wish/plan word and a person in the same
# sentence ("part of me hopes the next time i use i just die"). Anchored on
# the (rare) death words so it costs one scan of the text.
_NET_DEATH = re.compile(
    r"\b(?:die|dying|died|dead|death|suicid\w*|unalive|noose|lethal|not exist\w*|stop existing|never wake|gone forever|my funeral)\b"
)
_NET_INTENT = re.compile(
    r"\b(?:want|wants|wanted|wanna|wish|wishing|rather|ready|going to|gonna|plan|planning|planned|tonight|deserve|should"
    r"|easier|simpler|relief|tempted|made up my mind|decided|hope|hopes|hoping|pray|praying)\b"
)
_NET_PERSON = re.compile(r"\b(?:i|i'?m|im|i'?d|i'?ll|me|my|he|she|they)\b")
_NET_VETO = re.compile(
    r"\b(?:dying to|die for|to die for|dying (?:of laughter|laughing)|dead (?:tired|end|serious|set|giveaway|weight|broke|wrong|on)"
    r"|die hard|drop dead|(?:phone|battery|car|laptop) (?:died|is dead|was dead)|deadline|(?:be|is|was|will be|'ll be) the death of (?:me|us|him|her|them))\b"
    + "|" + _expand(r"(?:die|dead)<TRIVIAL_THAN>")
)
_NET_SENTENCE_END = re.compile(r"[.!?;\n]")
_NET_REACH = 160


def _spans(pattern: "re.Pattern[str]", text: str) -> Tuple[List[int], List[Tuple[int, int]]]:
    spans = [m.span() for m in pattern.finditer(text)]
    return [start for start, _ in spans], spans


def _first_within(found: Tuple[List[int], List[Tuple[int, int]]], left: int, right: int) -> Optional[Tuple[int, int]]:
    """The first span inside text[left:right] (spans are sorted and disjoint)."""
    starts, spans = found
    at = bisect_left(starts, left)
    if at < len(spans) and spans[at][1] <= right:
        return spans[at]
    return None


def _cooccurrence_matches(mapped: MappedText) -> List[CrisisMatch]:
    # Each pattern scans the whole text once and every death word looks its
    # sentence up by bisection: walking and searching each death word's
    # sentence anew cost seconds on a long message of "i die i die ...".
    text = mapped.text
    deaths = list(_NET_DEATH.finditer(text))
    if not deaths:
        return []
    ends = [m.start() for m in _NET_SENTENCE_END.finditer(text)]
    vetoes, people, intents = (_spans(p, text) for p in (_NET_VETO, _NET_PERSON, _NET_INTENT))
    found: List[CrisisMatch] = []
    done_until = -1
    for death in deaths:
        if death.start() < done_until:
            continue
        at = bisect_left(ends, death.start())
        left = max(ends[at - 1] + 1 if at > 0 else 0, death.start() - _NET_REACH)
        at = bisect_left(ends, death.end())
        right = min(ends[at] if at < len(ends) else len(text), death.end() + _NET_REACH)
        if _first_within(vetoes, left, right):
            continue
        person = _first_within(people, left, right)
        intent = _first_within(intents, left, right)
        if person is None or intent is None:
            continue
        match = _to_crisis_match(mapped, "suicide", min(person[0], intent[0], death.start()), max(death.end(), intent[1]))
        if match is not None:
            found.append(match)
        done_until = right
    return found


# Variants of the normalised text, tried only when they differ from it:
# letters spelled out with separators ("s u i c i d e", "k.m.s") joined up, and
# stretched letters ("dieeee", "killlll myself") shortened.
_SPELLED_OUT = re.compile(r"(?<![a-z'])[a-z](?:[ .\-_*]{1,2}[a-z](?![a-z'])){2,}")
_REPEATED_LETTER = re.compile(r"([a-z])\1{2,}")
_REPEATED_TEST = re.compile(r"([a-z])\1\1")


def _join_spelled_out(match: "re.Match[str]") -> str:
    return re.sub(r"[ .\-_*]", "", match.group(0))


def _variants(mapped: MappedText) -> List[MappedText]:
    """The text itself plus its rewritten variants (only those that differ)."""
    variants = [mapped]
    joined = mapped.sub(_SPELLED_OUT, _join_spelled_out)
    if joined is not mapped:
        variants.append(joined)
    if _REPEATED_TEST.search(mapped.text):
        for keep in (1, 2):
            for base in list(variants[: 2]):
                shortened = base.sub(_REPEATED_LETTER, lambda m, k=keep: m.group(1) * k)
                if shortened is not base:
                    variants.append(shortened)
    return variants


# How much text around a rewritten spot is matched again in the variants: more
# than the longest phrase a rewrite can be part of.
_VARIANT_CONTEXT = 100


def _variant_windows(mapped: MappedText) -> List[MappedText]:
    """Variants of the stretches of text around spelled-out or stretched words.

    Matching the variants only there (not on the whole message) keeps long
    messages fast; the windows extend to word boundaries.
    """
    text = mapped.text
    spots = [m.span() for m in _SPELLED_OUT.finditer(text)]
    if _REPEATED_TEST.search(text):
        spots += [m.span() for m in _REPEATED_LETTER.finditer(text)]
    if not spots:
        return []
    spots.sort()
    windows: List[List[int]] = []
    for start, end in spots:
        start = max(0, start - _VARIANT_CONTEXT)
        end = min(len(text), end + _VARIANT_CONTEXT)
        if windows and start <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], end)
        else:
            windows.append([start, end])
    out: List[MappedText] = []
    for start, end in windows:
        while start > 0 and text[start - 1] != " ":
            start -= 1
        while end < len(text) and text[end] != " ":
            end += 1
        out.extend(_variants(mapped.slice(start, end))[1:])
    return out


def _to_crisis_match(mapped: MappedText, category: str, start: int, end: int) -> Optional[CrisisMatch]:
    if end <= start:
        return None
    source_start, source_end = mapped.source_span(start, end)
    phrase = mapped.source[source_start:source_end].strip()
    if not phrase:
        return None
    source_start = mapped.source.index(phrase, source_start)
    return CrisisMatch(category, phrase, source_start, source_start + len(phrase))


def _matches_in(mapped: MappedText) -> List[CrisisMatch]:
    found: List[CrisisMatch] = []
    for category, match in _INDEX.matches(mapped.text):
        crisis = _to_crisis_match(mapped, category, match.start(), match.end())
        if crisis is not None:
            found.append(crisis)
    return found


def find_crisis_matches(text: object) -> List[CrisisMatch]:
    """Every crisis phrase in `text`, non-overlapping, in text order.

    Never raises; returns [] for empty or non-text input.
    """
    try:
        mapped = normalize_with_offsets(text)
        if not mapped.text:
            return []
        candidates = _matches_in(mapped) + _cooccurrence_matches(mapped)
        for variant in _variant_windows(mapped):
            candidates.extend(_matches_in(variant))
    except Exception as exc:  # pragma: no cover - a safety net must not take the server down
        _log.error("crisis detection failed: %s", type(exc).__name__)
        return []
    candidates.sort(key=lambda m: (m.start, -(m.end - m.start), _CATEGORY_RANK[m.category]))
    kept: List[CrisisMatch] = []
    for match in candidates:
        if kept and match.start < kept[-1].end:
            continue
        kept.append(match)
    return kept


def detect_crisis(text: object) -> Optional[CrisisMatch]:
    """The first crisis phrase in `text`, or None. Never raises."""
    matches = find_crisis_matches(text)
    return matches[0] if matches else None


def is_crisis(text: object) -> bool:
    """Whether `text` contains any crisis phrase."""
    return bool(find_crisis_matches(text))
