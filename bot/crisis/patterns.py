"""The crisis pattern language: word gaps, macros and the expansion to a regex.

Lexicon patterns (bot/crisis/lexicon/*.yml) are written against normalised
text (lower case, straight apostrophes, single spaces) in this small language;
`expand` turns one into the Python regular expression the matcher compiles.

* A literal space means "a word gap": zero to three spaces/hyphens/dots/
  asterisks/underscores/tildes/commas, so "kill myself", "kill-myself",
  "killmyself" and "kill . myself" all match. Inside a lookbehind a space stays
  one literal space (lookbehinds need a fixed width).
* Never write " *", " +" or " {": a repeated gap backtracks catastrophically
  (the lexicon loader refuses them).
* <NAME> expands to the macro of that name (macros may use macros).
* Because a gap may be empty, "\\w+ " could end anywhere inside a word, and
  "(?:\\w+ ){0,6}" could cut "aaaa…" into words in polynomially many ways (a
  110-character message took a minute). `expand` therefore ends every
  "\\w+"/"\\w*" with "\\b", so a word run is always taken whole; for the same
  reason each filler word ends with "\\b" and none is listed twice.
"""

from __future__ import annotations

import re

__all__ = ["FILLER_WORDS", "MACROS", "expand"]

_GAP = r"(?:[\s\-_.*~,]{0,3})"

# Words between a verb and what it governs: "want to *just* die".
# ("low key" also matches "lowkey": a gap may be empty.)
FILLER_WORDS = (
    "just|really|honestly|literally|fucking|fuckin|effing|freaking|frickin|so|kinda|kind of|actually"
    "|seriously|low key|truly|simply|even|all|badly|fr|tbh|rlly|rly|genuinely|sort of|sorta"
    "|maybe|probably|prob|go|like|totally|definitely|finally|already|please|rather|not|ever|sometimes"
    "|often|always|still|again|now|a little|a bit|quietly|peacefully"
)

MACROS: dict[str, str] = {
    "DONT": r"(?:do ?n'?t|do not|dnt|didn'?t|did not|doesn'?t|does not|dont|don t)",
    "CANT": r"(?:can'?t|can not|cannot|can t|cnt|couldn'?t|could not|cant)",
    "NEG": r"(?:not|n'?t|never|no longer|isn'?t|isnt|wasn'?t|wasnt|ain'?t|aint|won'?t|wont|will not|didn'?t|didnt"
    r"|did not|doesn'?t|doesnt|does not|can'?t|cant|cannot|couldn'?t|wouldn'?t|would not|is not|was not)",
    "TO": r"(?: (?:to|2|too|ta|t|ot|tp))?",
    "FILL": rf"(?: (?:{FILLER_WORDS})\b)*",
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
    # the means to die, when they are at hand (issue 12: "the rope is in the garage and im done")
    "MEANS": r"(?:<PILLS>|guns?|pistol|revolver|rifle|shotgun|firearm|glock|handgun|knife|knives|razors?|razor ?blades?"
    r"|blades?|rope|noose)",
    # what can harm when it is put within reach (issue 12, finding 8: "the razor is on the sink"); pills only
    # as a stock ("all my pills", "a bottle of pills"), since "my meds are on the counter" is ordinary
    "HARM_OBJECT": r"(?:guns?|pistol|revolver|rifle|shotgun|firearm|glock|handgun|knife|knives|razors?|razor ?blades?"
    r"|blades?|box ?cutter|rope|noose|(?:all (?:of )?(?:my|the|his|her) |a (?:whole )?bottle of |the (?:whole )?bottle of"
    r" |a handful of |my stash of )<PILLS>)",
    # where a thing lies within reach at home
    "REACH_PLACE": r"(?:sink|counter|countertop|table|nightstand|night stand|bedside table|bed|pillow|desk|dresser|shelf"
    r"|floor|tub|bathtub|edge of (?:the|my) (?:tub|bath|bed|sink)|lap|seat|passenger seat|car seat|bathroom counter"
    r"|toilet|windowsill|window sill|couch|sofa|armrest|kitchen table|coffee table)",
    # giving up, said by the visitor or of someone ("im done", "nobody would notice")
    "GIVING_UP": r"(?:(?:i'?m|im|i am|she'?s|shes|she is|he'?s|hes|he is) (?:so |just |really |fucking )?done\b"
    r"(?! (?:with (?!(?:it all|everything|life|living|all of (?:it|this))\b)|drinking|using|for|at|by|after|in|reading"
    r"|filling|eating|working|talking)\b)|(?:don'?t|dont|do not) care any ?more|tired of (?:it all|everything|all of it"
    r"|living|being alive|this life)|it'?s time\b(?! (?:to|for)\b)|its time\b(?! (?:to|for)\b)"
    r"|(?:no ?one|nobody) (?:would|will|'?d)(?: even)? (?:notice|care|miss)|say(?:ing)? goodbye|not coming back)",
    # "overdose prevention", "naloxone training": the topic as something to learn
    "TO_LEARN": r"(?: (?:prevention|awareness|education|training|response training|reversal training|class|classes"
    r"|course|workshop|information|info)\b)",
    # the practical side of finding care, which one may feel hopeless about without any danger
    # ("hopeless about finding a program", "hopeless with the paperwork"; issue 12, finding 8)
    "CHORE": r"(?:(?:ever |even )?(?:find|finding|choose|choosing|pick|picking|decide|deciding|get into|getting into"
    r"|get in|getting in|afford|affording|pay for|paying for|navigate|navigating|figure out|figuring out|sort out"
    r"|sorting out|fill out|filling out|call|calling|reach|reaching|get a referral|getting a referral|apply|applying"
    r"|compare|comparing)|(?:the |this |my |all (?:the|this) |these )?(?:insurance|paperwork|search|waitlists?"
    r"|wait ?lists?|waiting lists?|options|forms?|intake|process|phone calls|calls|scheduling|schedule|commute"
    r"|directions|website|computers?|technology|tech|referrals?|programs|choices))\b",
    # the moment named, with nothing said of what happens then ("tonight's the night"; issue 12)
    "THE_MOMENT": r"(?:tonight|today|this|now)(?: is|'?s)? the (?:night|day|time|moment)\b"
    r"(?!\s(?:i|we|he|she|my|of|for|to|that|when|where|before|after|we'?re|i'?m|im|you)\b)",
    # a decision announced, not what it is about ("i've made up my mind", "no turning back")
    "DECIDED": r"(?:(?:(?:i'?ve|ive|i have|i) (?:finally |just |already )?)?(?:decided|made up my mind|made my decision)"
    r"(?! (?:to|on|that|what|which|where|if|whether|about|how|when|who)\b)|(?:my )?mind is made up|no turning back"
    r"|(?:i'?m|im|i am) ready(?! (?:to|for)\b)|this is it\b|good ?bye)",
    # what may follow a phrase that must end its clause ("i can't go on.")
    "CLAUSE_END": r"(?=\s*(?:$|[.!?,;:)]|(?:and|but|so|because|cause|cuz|i|im|lol|please|pls|help|anymore|any more|any longer|tonight|today|now)\b))",
}

_LOOKBEHIND = re.compile(r"\(\?<[!=][^()]*\)")
_OPEN_WORD_RUN = re.compile(r"\\w[+*](?!\\b)")


def expand(source: str) -> str:
    """The Python regex of one lexicon pattern.

    Raises ValueError naming a macro that does not exist.
    """
    for _ in range(4):  # macros nest at most a few levels
        expanded = _MACRO_NAME.sub(_macro, source)
        if expanded == source:
            break
        source = expanded
    source = _LOOKBEHIND.sub(lambda m: m.group(0).replace(" ", r"\x20"), source)
    source = _OPEN_WORD_RUN.sub(lambda m: m.group(0) + r"\b", source)
    return source.replace(" ", _GAP)


_MACRO_NAME = re.compile(r"<([A-Z0-9_]+)>")


def _macro(match: re.Match[str]) -> str:
    try:
        return MACROS[match.group(1)]
    except KeyError:
        raise ValueError(f"unknown macro <{match.group(1)}> (the macros are {', '.join(sorted(MACROS))})") from None
