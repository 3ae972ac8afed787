"""Validation of what a visitor gives to be contacted by an advisor.

Each parser takes the visitor's raw message and returns a normalised value, or
None when the input is not valid so the assistant can re-ask politely. Phone
numbers are checked with `phonenumbers` (Google's libphonenumber data: it knows
which US area codes and exchanges exist); email addresses with
`email-validator`, syntax only (no DNS or network look-up).
"""

from __future__ import annotations

import contextlib
import re

import phonenumbers
from email_validator import EmailNotValidError, validate_email

MAX_INPUT_CHARS = 300
MAX_FIRST_NAME_CHARS = 40
MAX_CONTACT_TIME_CHARS = 120

# The United States and its territories that share the +1 numbering plan.
US_REGIONS = frozenset({"US", "PR", "VI", "GU", "AS", "MP"})


def parse_us_phone(text: str | None) -> str | None:
    """A valid US phone number, formatted "(312) 555-0142", or None.

    Accepts the usual ways of writing one ("312.555.0142", "+1 312 555 0142",
    "call me at 312-555-0142"). Rejects a wrong digit count, area codes and
    exchanges that cannot exist (starting with 0 or 1, N11 codes) and non-US numbers.
    """
    if not text or len(text) > MAX_INPUT_CHARS:
        return None
    candidates = []
    with contextlib.suppress(phonenumbers.NumberParseException):
        candidates.append(phonenumbers.parse(text, "US"))
    candidates.extend(match.number for match in phonenumbers.PhoneNumberMatcher(text, "US"))
    for number in candidates:
        if (
            number.country_code == 1
            and phonenumbers.is_valid_number(number)
            and phonenumbers.region_code_for_number(number) in US_REGIONS
        ):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return None


_EMAIL_CANDIDATE = re.compile(r"[^\s<>()\[\],;:\"']+@[^\s<>()\[\],;:\"']+")


def parse_email(text: str | None) -> str | None:
    """A syntactically valid email address (domain lower-cased), or None.

    The address may be inside a sentence ("it's jo@example.org").
    """
    if not text or len(text) > MAX_INPUT_CHARS:
        return None
    match = _EMAIL_CANDIDATE.search(text)
    if not match:
        return None
    candidate = match.group(0).rstrip(".!?")
    try:
        # strict: also enforce the length limits (64 characters before the @).
        return validate_email(candidate, check_deliverability=False, strict=True).normalized
    except EmailNotValidError:
        return None


_NAME_INTRO = re.compile(
    r"^(?:(?:hi|hello|hey)[\s,!.]+)?"
    r"(?:my\s+(?:first\s+)?name\s+is|my\s+(?:first\s+)?name's|name\s*[:=]|"
    r"i\s*['’]?\s*m|i\s+am|this\s+is|it\s*['’]?\s*s|it\s+is|call\s+me|you\s+can\s+call\s+me)"
    r"(?:\s+|$)",
    re.IGNORECASE,
)
# A name word: letters (any script), with inner apostrophes, hyphens or a dot.
_NAME_WORD = re.compile(r"^[^\W\d_]+(?:['’.\-][^\W\d_]+)*\.?$")
_NOT_NAMES = frozenset(
    {
        "hi",
        "hello",
        "hey",
        "yes",
        "yeah",
        "no",
        "nope",
        "ok",
        "okay",
        "none",
        "nothing",
        "skip",
        "idk",
        "why",
        "what",
        "sure",
        "thanks",
        "na",
        "n/a",
        "unknown",
        "anonymous",
    }
)


def parse_first_name(text: str | None) -> str | None:
    """The visitor's first name from "maria", "I'm Maria", "my name is Jo", or None.

    Rejects digits, links, email addresses and empty answers; keeps the first
    word; capitalises a name typed all in lower or upper case.
    """
    if not text or len(text) > MAX_INPUT_CHARS:
        return None
    cleaned = " ".join(text.strip().split())
    if re.search(r"\d|@|/|www\.|https?:", cleaned, re.IGNORECASE):
        return None
    cleaned = _NAME_INTRO.sub("", cleaned, count=1)
    words = cleaned.strip(" ,.!?;:").split()
    if not words:
        return None
    word = words[0].rstrip(",.!?;:").replace("’", "'")
    if not _NAME_WORD.match(word) or word.lower() in _NOT_NAMES:
        return None
    if word.islower() or word.isupper():
        word = "-".join(part.capitalize() for part in word.split("-"))
    return word[:MAX_FIRST_NAME_CHARS]


_TIME_PHRASES = (
    (re.compile(r"^(?:any\s*time|whenever|any|no\s+preference|doesn'?t\s+matter)$"), "any time"),
    (
        re.compile(r"^(?:asap|as\s+soon\s+as\s+possible|now|right\s+away|right\s+now)$"),
        "as soon as possible",
    ),
    (re.compile(r"^(?:in\s+the\s+)?mornings?$"), "mornings"),
    (re.compile(r"^(?:in\s+the\s+)?afternoons?$"), "afternoons"),
    (re.compile(r"^(?:in\s+the\s+)?(?:evenings?|nights?|tonight)$"), "evenings"),
    (re.compile(r"^(?:on\s+)?weekends?$"), "weekends"),
    (re.compile(r"^(?:on\s+)?weekdays?$"), "weekdays"),
)
_AM_PM = re.compile(r"\b(\d{1,2}(?::\d{2})?)\s*([ap])\.?\s*m\.?(?=\W|$)", re.IGNORECASE)


def parse_contact_time(text: str | None) -> str | None:
    """When the visitor prefers to be contacted, lightly normalised, or None.

    "Mornings", "anytime", "ASAP" become "mornings", "any time", "as soon as
    possible"; "after 5PM" becomes "after 5 pm"; anything else is kept as typed
    (whitespace tidied, at most 120 characters).
    """
    if not text:
        return None
    cleaned = " ".join(text.strip().split()).strip(" .!")
    if not re.search(r"[^\W_]", cleaned):
        return None
    lowered = cleaned.lower()
    for pattern, phrase in _TIME_PHRASES:
        if pattern.match(lowered):
            return phrase
    cleaned = _AM_PM.sub(lambda m: f"{m.group(1)} {m.group(2).lower()}m", cleaned)
    return cleaned[:MAX_CONTACT_TIME_CHARS]
