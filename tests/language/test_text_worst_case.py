"""Hostile text must not stall the crisis net or the text cleaning (issue 10).

Regular expressions that can match the same text in many ways backtrack
exponentially or polynomially: "how deep " + "a" * 100 once took 58 s of CPU,
and "@" * 50000 + "." * 50000 12 s, while every other visitor waited.

These are not speed measurements (those live in `make bench`). The structural
tests below are deterministic; the inputs in `test_hostile_inputs_return` are
sized so the old patterns would have run for hours, and they run in a child
process with a limit far above what the fixed code needs, so the test only
asks "does it return at all".
"""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from bot.channel.cleaning import clean_visitor_text
from bot.crisis import detect_crisis
from bot.crisis import detector as crisis

ROOT = Path(__file__).resolve().parents[2]
_OPEN_WORD_RUN = re.compile(r"\\w[+*](?!\\b)")


def _expanded_sources():
    for category, patterns in crisis._RULES:
        for source in patterns:
            yield category, source, crisis._expand(source)


def test_every_word_run_in_the_lexicon_is_taken_whole() -> None:
    """A `\\w+` or `\\w*` followed by a gap that may be empty splits words many ways."""
    open_runs = [source for _, source, expanded in _expanded_sources() if _OPEN_WORD_RUN.search(expanded)]
    assert open_runs == []


def test_filler_words_are_unambiguous() -> None:
    words = crisis._FILLER_WORDS.split("|")
    assert len(words) == len(set(words)), "a filler word listed twice doubles the ways to match"
    joined = {w.replace(" ", "") for w in words}
    assert len(joined) == len(words), "'low key' already matches 'lowkey' (a gap may be empty)"


@pytest.mark.parametrize(
    "text",
    [
        "i want to finally finally die",
        "i lowkey wanna die",
        "i low-key want to kill myself",
        "how deep do i have to cut to hit a vein",
        "how many of my xanax would it take to die",
        "my best friend said he wants to die",
        "been collecting pills so i have enough",
    ],
)
def test_phrases_still_found_after_the_fix(text: str) -> None:
    assert detect_crisis(text) is not None


def test_a_split_word_is_no_longer_a_match() -> None:
    # "(?:\w+ )?" could take "bes" and leave "tfriend"; whole words only now
    assert detect_crisis("how deep is the pool at the gym") is None


_HOSTILE = textwrap.dedent(
    """
    import sys
    from bot.crisis import find_crisis_matches
    from bot.channel.cleaning import clean_visitor_text
    from bot.crisis.detector import _FILLER_WORDS
    texts = [
        "how deep " + "a" * 400,
        "how many " + "a" * 400,
        "how much " + "a" * 400,
        "carve " + "a" * 400,
        "walk " + "a" * 400,
        "collecting " + "a" * 400,
        "cut " + "a" * 400,
        "took " + "a" * 400,
        "tell my " + "a" * 400,
        "the next " + "a" * 400,
        "lowkey " * 60,
        "@" * 200000 + "." * 200000,
        "a1b@c.d " * 40000,
        "i die " * 60000,
    ]
    texts += ["i want to " + (word + " ") * 40 + "x" for word in _FILLER_WORDS.split("|")]
    for text in texts:
        find_crisis_matches(text)
        clean_visitor_text(text, 1000)
    print("done", len(texts))
    """
)


def test_hostile_inputs_return() -> None:
    result = subprocess.run([sys.executable, "-c", _HOSTILE], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.startswith("done")


def test_crisis_after_a_hostile_head_is_still_rescued() -> None:
    text = "@" * 50000 + "." * 50000 + " i want to kill myself"
    cleaned = clean_visitor_text(text, 1000)
    assert len(cleaned) <= 1000
    assert detect_crisis(cleaned) is not None
