"""bot/language/text.py (normalisation for matching) and bot/channel/cleaning.py
(what NLU sees, typed commands)."""

from __future__ import annotations

import re

import pytest

from bot.channel.cleaning import ELLIPSIS_JOINER, clean_visitor_text, strip_command_prefix
from bot.crisis import detect_crisis
from bot.language.patterns import PatternIndex
from bot.language.text import normalize_for_matching, normalize_with_offsets

# --- normalize_for_matching ----------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Hello   World", "hello world"),
        ("  padded \t text \n", "padded text"),
        ("I\u2019m \u201cfine\u201d", 'i\'m "fine"'),  # curly quotes and apostrophes
        ("don\u2018t `quote`", "don't 'quote'"),
        ("su\u200bi\u200dcide", "suicide"),  # zero-width space and joiner
        ("\ufeffbom", "bom"),
        ("soft\u00adhyphen", "softhyphen"),
        ("bell\x07 and\x00 nul", "bell and nul"),
        ("\uff2b\uff29\uff2c\uff2c", "kill"),  # fullwidth (NFKC)
        ("\ufb01ne", "fine"),  # ligature (NFKC)
        ("caf\u00e9 espa\u00f1ol", "cafe espanol"),  # accents folded
        ("cafe\u0301", "cafe"),  # combining accent
        ("no\u00a0break\u2003spaces", "no break spaces"),
        ("self\u2013harm", "self-harm"),  # en dash
        ("what? yes! ok, fine.", "what? yes! ok, fine."),  # basic punctuation kept
        ("", ""),
        ("   ", ""),
    ],
)
def test_normalize_for_matching(raw: str, expected: str) -> None:
    assert normalize_for_matching(raw) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("k1ll", "kill"),
        ("su1cide", "suicide"),
        ("0verdose", "overdose"),
        ("$uicide", "suicide"),
        ("su!c!de", "suicide"),
        ("h@rm", "harm"),
        ("d1e", "die"),
        ("dy1ng", "dying"),
    ],
)
def test_deleet(raw: str, expected: str) -> None:
    assert normalize_for_matching(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "85004",
        "602-555-1234",
        "(602) 555-1234",
        "zip 85004-1234",
        "1st 2nd 3rd 4th",
        "5mg 10mg 30day 24hrs 3x 12step",
        "24/7",
        "m30s covid19",
        "help!",
        "$500",
        "me@example.com",
    ],
)
def test_numbers_and_units_are_not_deleeted(raw: str) -> None:
    normalized = normalize_for_matching(raw)
    assert re.findall(r"\d+", normalized) == re.findall(r"\d+", raw)
    assert normalized == raw.lower()


def test_emoji_and_other_scripts_are_kept() -> None:
    assert normalize_for_matching("ok \U0001f62d") == "ok \U0001f62d"
    assert normalize_for_matching("\u0928\u092e\u0938\u094d\u0924\u0947") == "\u0928\u092e\u0938\u094d\u0924\u0947"
    assert normalize_for_matching("\ud55c\uad6d\uc5b4") == "\ud55c\uad6d\uc5b4"


@pytest.mark.parametrize("value", [None, 42, 3.14, b"bytes"])
def test_non_text_never_raises(value: object) -> None:
    assert isinstance(normalize_for_matching(value), str)
    assert normalize_for_matching(None) == ""


def test_lone_surrogates_and_controls_disappear() -> None:
    assert normalize_for_matching("a\ud800b\x1bc") == "abc"


# --- offsets -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "plain ascii text",
        "  Leading and   trailing   ",
        "I\u2019m  \u200bsu1cide\tK1LL\n\n0verdose",
        "caf\u00e9 \uff2b\uff29\uff2c\uff2c \ufb01ne \U0001f62d",
        "\x00\x01ctrl\x7f chars",
        "a\u0301b\u0302c",
    ],
)
def test_every_character_maps_back_to_its_source(raw: str) -> None:
    mapped = normalize_with_offsets(raw)
    assert mapped.source == raw
    indexes = mapped.source_indexes()
    assert len(indexes) == len(mapped.text)
    assert indexes == sorted(indexes)
    for position, char in enumerate(mapped.text):
        source_char = raw[indexes[position]]
        if char == " ":
            assert source_char.isspace() or source_char in "\u200b"
        else:
            assert normalize_for_matching(source_char) or source_char in "\u0301\u0302"


def test_source_span_of_a_word() -> None:
    raw = "Hi!  My   SON  drinks"
    mapped = normalize_with_offsets(raw)
    start = mapped.text.index("son")
    assert mapped.source_text(start, start + 3) == "SON"
    assert mapped.source_span(start, start + 3) == (raw.index("SON"), raw.index("SON") + 3)


def test_sub_keeps_origins() -> None:
    raw = "k m s now"
    mapped = normalize_with_offsets(raw)
    joined = mapped.sub(re.compile(r"k m s"), lambda m: "kms")
    assert joined.text == "kms now"
    assert joined.source_text(0, 3) == "k m s"
    assert joined.source_text(4, 7) == "now"
    assert mapped.sub(re.compile("zzz"), lambda m: "y") is mapped


def test_slice_keeps_origins() -> None:
    raw = "Hello   \u2019there  MY   friend"
    mapped = normalize_with_offsets(raw)
    start = mapped.text.index("my")
    piece = mapped.slice(start, len(mapped.text))
    assert piece.text == "my friend"
    assert piece.source_text(0, 2) == "MY"
    assert piece.source_text(3, 9) == "friend"
    assert mapped.slice(0, 0).text == ""


# --- clean_visitor_text -----------------------------------------------------------------------------


def test_clean_collapses_and_strips() -> None:
    assert clean_visitor_text("  hello\n\nthere\tfriend  ", 100) == "hello there friend"
    assert clean_visitor_text("a\x00b\x07c\u200bd", 100) == "abcd"
    assert clean_visitor_text("bidi\u202eevil\u202c", 100) == "bidievil"
    assert clean_visitor_text("x\ud800y", 100) == "xy"


def test_clean_keeps_ordinary_unicode() -> None:
    text = "I\u2019m okay \U0001f642 caf\u00e9"
    assert clean_visitor_text(text, 100) == text


def test_clean_caps_length() -> None:
    text = "word " * 100
    cleaned = clean_visitor_text(text, 50)
    assert len(cleaned) <= 50
    assert cleaned == text.strip()[:50].rstrip()


def test_clean_never_returns_none() -> None:
    assert clean_visitor_text(None, 100) == ""
    assert clean_visitor_text("", 100) == ""
    assert clean_visitor_text("   ", 100) == ""
    assert clean_visitor_text("hello", 0) == ""
    assert clean_visitor_text("hello", -5) == ""
    assert clean_visitor_text(12345, 3) == "123"
    assert clean_visitor_text("hello", "not a number") == ""  # type: ignore[arg-type]


def test_crisis_beyond_the_cap_is_kept() -> None:
    filler = "I have a lot of questions about insurance and the schedule. " * 30
    text = filler + "Honestly I want to end my life. " + "More questions about parking. " * 5
    cleaned = clean_visitor_text(text, 1000)
    assert len(cleaned) <= 1000
    assert ELLIPSIS_JOINER in cleaned
    assert cleaned.endswith("Honestly I want to end my life.")
    assert detect_crisis(cleaned) is not None
    assert cleaned.startswith("I have a lot of questions")


def test_crisis_within_the_cap_is_not_duplicated() -> None:
    text = "I want to die. " + "filler words here. " * 100
    cleaned = clean_visitor_text(text, 200)
    assert len(cleaned) <= 200
    assert ELLIPSIS_JOINER not in cleaned
    assert detect_crisis(cleaned) is not None


def test_crisis_phrase_kept_even_with_a_tiny_cap() -> None:
    text = "hello there, how are you, i am thinking about suicide"
    cleaned = clean_visitor_text(text, 10)
    assert detect_crisis(cleaned) is not None
    assert "suicide" in cleaned


def test_crisis_straddling_the_cap_is_kept() -> None:
    text = "x" * 95 + " I want to kill myself"
    cleaned = clean_visitor_text(text, 100)
    assert detect_crisis(cleaned) is not None
    assert len(cleaned) <= 100


def test_no_crisis_means_plain_cap() -> None:
    text = "ordinary question about groups. " * 50
    assert clean_visitor_text(text, 100) == text.strip()[:100].rstrip()


@pytest.mark.parametrize(
    "text",
    ["\U0001f600" * 3000, "<script>alert(1)</script>" * 300, "'; DROP TABLE x; --", "\x00" * 5000, "a" * 5000],
)
def test_clean_handles_odd_input(text: str) -> None:
    cleaned = clean_visitor_text(text, 1000)
    assert isinstance(cleaned, str) and len(cleaned) <= 1000
    cleaned.encode("utf-8")  # always encodable


# --- strip_command_prefix ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("/greet", "greet"),
        ('/inform{"zipcode": "85004"}', 'inform{"zipcode": "85004"}'),
        ("  /restart", "restart"),
        ("//restart", "restart"),
        ("/ /greet", "greet"),
        ("/", ""),
        ("hello /greet", "hello /greet"),
        ("greet", "greet"),
        ("  spaced text ", "  spaced text "),
        ("", ""),
    ],
)
def test_strip_command_prefix(raw: str, expected: str) -> None:
    assert strip_command_prefix(raw) == expected


def test_strip_command_prefix_odd_input() -> None:
    assert strip_command_prefix(None) == ""
    assert not strip_command_prefix("/" * 5000).startswith("/")


# --- PatternIndex ----------------------------------------------------------------------------------------


def test_pattern_index_matches_like_a_plain_search() -> None:
    rules = [
        ("want", r"\b(?:want|wanna) (?:to )?die\b"),
        ("od", r"\bo\.?d\b"),
        ("apostrophe", r"\b'?s dying\b"),
        ("digits", r"\b\d{5}\b"),
        ("class", r"\b[kx]ms\b"),
        ("no-boundary", r"zz+"),
    ]
    index = PatternIndex(rules)
    assert index.unindexed == 1  # "zz+" does not start at a word boundary
    text = "i wanna die, he od, she's dying, 85004, kms and xms, buzzz"
    found = {(label, m.start(), m.end()) for label, m in index.matches(text)}
    # a plain search gives non-overlapping matches; the index gives every start
    expected = {(label, m.start(), m.end()) for label, source in rules for m in re.finditer(source, text)}
    assert expected <= found
    sources = dict(rules)
    for label, start, end in found:
        again = re.compile(sources[label]).match(text, start)
        assert again is not None and again.end() == end
    assert ("apostrophe", text.index("s dying"), text.index("s dying") + 7) in found  # overlapping start
