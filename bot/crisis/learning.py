"""Learning about overdose is not an overdose (issue 12, finding 8).

"will they teach my family about overdose", "do groups cover overdose risk",
"do you teach how to use narcan in iop": the overdose words are the topic of a
question about a program, not an emergency. `is_learning_about_overdose` says
so for an overdose match when its sentence holds a learning word (learn, teach,
education, training, cover, explain, talk about...) and nothing of danger:
no cue of an emergency now (not breathing, won't wake, 911, tonight...), no
wish or plan, no one said to be at risk ("im at high risk of overdose" is a
danger, so "risk" alone is not a learning word), and no one who overdosed (a past overdose keeps its own answer,
bot/crisis/timing.py). The lexicon's own <TO_LEARN> handles the words that
follow ("overdose prevention"); this handles a learning word anywhere in the
sentence, which a regex lookbehind cannot.
"""

from __future__ import annotations

import re

__all__ = ["is_learning_about_overdose"]

_LEARNING = re.compile(
    r"\b(?:learn|learns|learned|learnt|learning|teach|teaches|teaching|taught|educat\w*|class|classes|training|trainings"
    r"|train|trained|workshops?|courses?|lessons?|seminars?|cover|covers|covered|covering|go over|goes over|going over"
    r"|talk about|talks about|talked about|talking about|discuss|discusses|discussed|explain|explains|explained"
    r"|information|info|awareness|prevention|safety plan|harm reduction|test strips?)\b"
)
_DANGER = re.compile(
    r"\b(?:right now|rn|now|tonight|today|hurry|asap|quick|quickly|911|emergency|ambulance|help me|please help|pls help"
    r"|someone help|somebody help|help (?:him|her|them)|won'?t wake|wont wake|not waking|can'?t wake|cant wake"
    r"|not breathing|isn'?t breathing|isnt breathing|stopped breathing|can'?t breathe|cant breathe|barely breathing"
    r"|blue|unresponsive|passed out|dying|died|dead|still|again|not working|didn'?t work|didnt work"
    r"|at (?:\w+ )?risk|high risk|risk is high"
    r"|want|wanna|wants|going to|gonna|plan|planning|ready|wish|tempted|thinking about|kill|die|end it|myself"
    r"|(?:i|i'?ve|ive|i have|i had|i just|he|she|they|he'?s|she'?s|hes|shes|my \w+|his \w+|her \w+)"
    r" (?:\w+ )?(?:overdosed|overdosing|od'?d|od'?ed|oded|od'?ing|took|used|shot|snorted|swallowed))\b"
)
_SENTENCE_END = re.compile(r"[.!?;\n]")


def _sentence(text: str, start: int, end: int) -> str:
    left = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    after = _SENTENCE_END.search(text, end)
    return text[left : after.start() if after else len(text)]


def is_learning_about_overdose(text: str, start: int, end: int) -> bool:
    """Whether the overdose match text[start:end] of normalised `text` is a topic to learn about."""
    sentence = _sentence(text, start, end)
    return bool(_LEARNING.search(sentence)) and not _DANGER.search(sentence)
