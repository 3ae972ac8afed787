"""bot/crisis/detector.py: the deterministic crisis safety net (recall first).

Labelled sets in tests/data:
  crisis_positive.txt            written together with the lexicon: recall must be 100%
  crisis_negative.txt            ordinary questions and idioms: >= 95% must stay quiet
  crisis_heldout_positive.txt    round 1, written after the lexicon was first frozen
  crisis_heldout2_positive.txt   round 2, written after the round-1 misses were fixed
  crisis_heldout3_positive.txt   round 3, written after the round-2 misses were fixed
  crisis_heldout_negative.txt    ordinary messages written after the last change

Each held-out round was measured once with the lexicon frozen (round 1: 39/76
= 51.3%, round 2: 30/62 = 48.4%, round 3: 34/63 = 54.0%); the misses were then
fixed, so these files now guard against regressions and must stay >= 95%.
The first-run numbers are the honest estimate of recall on new wording.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from bot.crisis import CRISIS_CATEGORIES, CrisisMatch, detect_crisis, find_crisis_matches, is_crisis
from bot.crisis import detector as crisis
from bot.language.patterns import _WORD_START
from bot.language.text import normalize_for_matching

DATA = Path(__file__).resolve().parents[1] / "data"


def load(name: str) -> list[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


POSITIVES = load("crisis_positive.txt")
NEGATIVES = load("crisis_negative.txt")
HELDOUT_ROUNDS = {
    "round 1": load("crisis_heldout_positive.txt"),
    "round 2": load("crisis_heldout2_positive.txt"),
    "round 3": load("crisis_heldout3_positive.txt"),
}
HELDOUT = [m for messages in HELDOUT_ROUNDS.values() for m in messages]
HELDOUT_NEGATIVES = load("crisis_heldout_negative.txt")


def recall(messages: list[str]) -> float:
    return sum(detect_crisis(m) is not None for m in messages) / len(messages)


# --- the labelled sets --------------------------------------------------------------------


def test_sets_are_large_distinct_and_separate() -> None:
    assert len(set(POSITIVES)) == len(POSITIVES) >= 250
    assert len(set(NEGATIVES)) == len(NEGATIVES) >= 150
    for messages in HELDOUT_ROUNDS.values():
        assert len(set(messages)) == len(messages) >= 60
    assert len(set(HELDOUT)) == len(HELDOUT)
    normalized_training = {normalize_for_matching(m) for m in POSITIVES}
    assert not [m for m in HELDOUT if normalize_for_matching(m) in normalized_training]
    assert not set(POSITIVES) & set(NEGATIVES)
    assert len(set(HELDOUT_NEGATIVES)) == len(HELDOUT_NEGATIVES) >= 60
    assert not set(HELDOUT_NEGATIVES) & (set(NEGATIVES) | set(POSITIVES) | set(HELDOUT))


def test_recall_on_positives_is_total() -> None:
    misses = [m for m in POSITIVES if detect_crisis(m) is None]
    print(f"\ncrisis recall on {len(POSITIVES)} positives: {recall(POSITIVES):.1%}")
    assert misses == []


def test_precision_on_negatives() -> None:
    false_alarms = [(m, detect_crisis(m)) for m in NEGATIVES if detect_crisis(m) is not None]
    precision = 1 - len(false_alarms) / len(NEGATIVES)
    print(f"\ncrisis: {len(false_alarms)} of {len(NEGATIVES)} negatives trigger ({precision:.1%} clean)")
    for message, match in false_alarms:
        print(f"  {match.category}: {match.phrase!r} in {message!r}")
    assert precision >= 0.95, false_alarms


@pytest.mark.parametrize("round_name", list(HELDOUT_ROUNDS))
def test_recall_on_heldout_positives(round_name: str) -> None:
    messages = HELDOUT_ROUNDS[round_name]
    misses = [m for m in messages if detect_crisis(m) is None]
    print(
        f"\ncrisis recall on {len(messages)} held-out positives ({round_name}): {recall(messages):.1%}; misses: {misses}"
    )
    assert recall(messages) >= 0.95, misses


def test_precision_on_heldout_negatives() -> None:
    false_alarms = [(m, detect_crisis(m)) for m in HELDOUT_NEGATIVES if detect_crisis(m) is not None]
    clean = 1 - len(false_alarms) / len(HELDOUT_NEGATIVES)
    print(f"\ncrisis: {len(false_alarms)} of {len(HELDOUT_NEGATIVES)} held-out negatives trigger ({clean:.1%} clean)")
    assert clean >= 0.90, false_alarms


# --- the phrases the product rule names ------------------------------------------------------

NAMED_POSITIVES = [
    "i want to die",
    "wanna die",
    "kms",
    "kys",
    "unalive myself",
    "sewerslide",
    "su1cide",
    "end it all",
    "end my life",
    "dont want to be here anymore",
    "don't want to wake up",
    "better off without me",
    "no reason to live",
    "cant go on",
    "thinking of ending things",
    "planning to take all my pills",
    "took a bunch of pills",
    "cut myself",
    "cutting again",
    "hurting myself",
    "self harm",
    "overdosed",
    "od'd",
    "he o.d. last night",
    "my brother is overdosing",
    "he took too much fentanyl and wont wake up",
    "shes not breathing",
    "turning blue",
    "lips are blue",
    "unresponsive",
    "having a seizure",
    "chest pain",
    "passed out and cant wake her",
    "i gave him narcan",
    "do i use the naloxone now",
    "someone is dying",
    "call 911",
    "emergency",
    "i'm going to jump",
    "gun to my head",
    "loaded gun",
    "hang myself",
    "noose",
    "suicidal",
    "suicide",
    "i relapsed and want to die",
    "my son said he wants to kill himself",
    "my wife is talking about ending it",
    "i want to hurt someone",
]
NAMED_NEGATIVES = [
    "kill time",
    "killing it",
    "dying to know",
    "i'm dead tired",
    "dead end job",
    "die hard fan",
    "overdue",
    "drop dead gorgeous",
    "my phone died",
    "this is killing me",
    "how do i end my iop early",
    "end of the week",
    "what happens after the program ends",
    "where can i get narcan",
    "she's sh- i mean she's shy",
    "sh",
    "shh",
    "i need to cut back",
]


@pytest.mark.parametrize("message", NAMED_POSITIVES)
def test_named_positive(message: str) -> None:
    assert detect_crisis(message) is not None


@pytest.mark.parametrize("message", NAMED_NEGATIVES)
def test_named_negative(message: str) -> None:
    assert detect_crisis(message) is None


@pytest.mark.parametrize(
    "message, category",
    [
        ("i want to kill myself", "suicide"),
        ("my son has been cutting himself", "self_harm"),
        ("i think he overdosed", "overdose"),
        ("she's not breathing", "medical_emergency"),
        ("i want to hurt someone", "harm_to_others"),
        ("my husband threatened to kill me", "harm_to_others"),
    ],
)
def test_categories(message: str, category: str) -> None:
    match = detect_crisis(message)
    assert match is not None and match.category == category
    assert category in CRISIS_CATEGORIES


def test_questions_about_the_topics_trigger() -> None:
    assert detect_crisis("what is an overdose") is not None
    assert detect_crisis("does iop help with suicidal thoughts") is not None
    assert detect_crisis("i'm not suicidal, just asking about iop") is not None  # any mention


# --- spelling games -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "message",
    [
        "s u i c i d e",
        "k.m.s",
        "k1ll mys3lf",
        "$uicide",
        "su!c!de",
        "0verdose",
        "sui\u200bcide",  # zero-width space inside the word
        "I WANT TO DIE",
        "\uff53\uff55\uff49\uff43\uff49\uff44\uff45",  # fullwidth
        "i don\u2019t want to live anymore",  # curly apostrophe
        "i want to diiiiiie",
        "killlllll myself",
        "kill-myself",
        "wanttodie",
        "over-dose",
        "sewer slide",
        "un alive myself",
    ],
)
def test_spelling_variants(message: str) -> None:
    assert detect_crisis(message) is not None


# --- matches ---------------------------------------------------------------------------------------


def test_match_points_into_the_original_text() -> None:
    for message in POSITIVES + HELDOUT:
        for match in find_crisis_matches(message):
            assert isinstance(match, CrisisMatch)
            assert match.phrase and message[match.start : match.end] == match.phrase, message
            assert match.category in CRISIS_CATEGORIES


def test_offsets_survive_unicode_and_spacing() -> None:
    message = "\u200bHi.\u00a0\u00a0I\u2019ve  been\tthinking…  I WANT   TO  DIE 😢"
    match = detect_crisis(message)
    assert match is not None
    assert message[match.start : match.end] == match.phrase
    assert "DIE" in match.phrase


def test_first_match_and_all_matches() -> None:
    message = "how much is iop? my son overdosed last night. also i want to die"
    matches = find_crisis_matches(message)
    assert len(matches) >= 2
    assert detect_crisis(message) == matches[0]
    assert [m.start for m in matches] == sorted(m.start for m in matches)
    assert all(a.end <= b.start for a, b in itertools.pairwise(matches))
    assert is_crisis(message) and not is_crisis("how much is iop?")


def test_crisis_buried_in_a_long_message() -> None:
    filler = "i have a few questions about insurance and scheduling for the program. " * 60
    message = filler + "honestly i just want to end it all. " + filler
    match = detect_crisis(message)
    assert match is not None and message[match.start : match.end] == match.phrase


# --- robustness ------------------------------------------------------------------------------------------

ODD_INPUTS = [
    "",
    " ",
    "\n\n\t",
    "\U0001f600" * 50,
    "\x00\x01\x02\x1b[31m",
    "<img src=x onerror=alert(1)>",
    "'; DROP TABLE handoffs; --",
    '/crisis{"x": 1}',
    "a" * 5000,
    "die " * 1250,
    "-" * 5000,
    ". " * 2500,
    "k m s " * 800,
    "\ud83d broken surrogate",
    "\u202edie ot tnaw i",
    "Z\u0351\u0358A\u0353L\u035aG\u0347O",
    "ó" * 5000,
    "1" * 5000,
]


@pytest.mark.parametrize("message", ODD_INPUTS, ids=range(len(ODD_INPUTS)))
def test_never_raises(message: str) -> None:
    matches = find_crisis_matches(message)
    for match in matches:
        assert message[match.start : match.end] == match.phrase
    assert (detect_crisis(message) is None) == (not matches)


@pytest.mark.parametrize("value", [None, 12, 3.5, b"i want to die", ["i want to die"]])
def test_non_text_input(value: object) -> None:
    detect_crisis(value)  # must not raise
    assert isinstance(find_crisis_matches(value), list)


def test_empty_inputs() -> None:
    assert detect_crisis("") is None
    assert detect_crisis(None) is None
    assert find_crisis_matches("   ") == []


# --- the matching engine ----------------------------------------------------------------------------------


def test_every_pattern_is_indexed() -> None:
    assert crisis._INDEX.unindexed == 0
    assert crisis._INDEX.size == sum(len(patterns) for _, patterns in crisis._RULES)


def test_index_finds_whatever_a_plain_search_finds() -> None:
    """Filing patterns by prefix must never lose a match a full search would find."""
    index = crisis._INDEX
    patterns = [p for entries in index._by_prefix.values() for _, p in entries]
    unique = {id(p): p for p in patterns}.values()
    corpus = [normalize_for_matching(m) for m in POSITIVES + NEGATIVES + HELDOUT + HELDOUT_NEGATIVES]
    word_starts = [{w.start() for w in _WORD_START.finditer(text)} for text in corpus]
    for pattern in unique:
        for text, starts in zip(corpus, word_starts, strict=True):
            for found in pattern.finditer(text):
                if found.end() == found.start():
                    continue
                assert found.start() in starts, (pattern.pattern[:80], text)
                candidates = index.candidates(text, found.start())
                assert any(p is pattern for _, p in candidates), (pattern.pattern[:80], text)
