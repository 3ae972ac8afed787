"""bot/crisis/lexicon/: the crisis patterns as YAML data, read and checked once.

When the patterns moved out of bot/crisis/detector.py into the YAML files, all
468 patterns were compared once by hand with the Python lists of the commit
before the move (same categories, order, sources and expanded regexes). The
tests below pin a handful of them exactly (the escapes, quotes, lookbehinds
and macros YAML could have changed) and check that a broken file is refused
with the file, entry and line named.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.crisis import CRISIS_CATEGORIES, detector
from bot.crisis.lexicon import LEXICON_DIR, LexiconError, load_lexicon
from bot.crisis.patterns import expand

GAP = r"(?:[\s\-_.*~,]{0,3})"


def _by_category() -> dict[str, tuple]:
    return dict(load_lexicon())


def test_one_file_per_category_in_category_order() -> None:
    assert [category for category, _ in load_lexicon()] == list(CRISIS_CATEGORIES)
    assert sorted(p.name for p in LEXICON_DIR.glob("*.yml")) == sorted(f"{c}.yml" for c in CRISIS_CATEGORIES)
    assert all(patterns for _, patterns in load_lexicon())


def test_lexicon_is_read_once() -> None:
    assert load_lexicon() is load_lexicon()
    assert detector._RULES is load_lexicon()


@pytest.mark.parametrize(
    "category, source",
    [
        # backslashes, brackets and lookarounds survive YAML unchanged
        ("suicide", r"(?<![\d\-])\b988\b(?![\d\-])"),
        ("suicide", r"(?<!\d )(?<!\d)\bkms\b"),
        # an apostrophe inside a pattern (single-quoted in the file)
        ("overdose", r"\bnarcan'?(?:d|ed|ned)\b"),
        ("self_harm", r"\bsh(?:'|-)?ing\b"),
        ("medical_emergency", r"\bcpr\b"),
        ("medical_emergency", r"\bc\.p\.r\b"),
        # a pattern once split over two Python string literals
        (
            "harm_to_others",
            r"\b(?:lo|la|los|las|te) (?:voy a|vamos a|quiero) matar\b|\bvoy a matar(?:lo|la|los|las|te)\b"
            r"|\bme (?:quiere|va a|amenazo con|amenaza con|quiso) matar\b"
            r"|\bme (?:pego|golpeo|golpea|pega|ahorco|ahorca|esta pegando|esta golpeando|esta ahorcando)\b",
        ),
    ],
)
def test_patterns_are_read_exactly_as_written_before(category: str, source: str) -> None:
    assert source in _by_category()[category]


@pytest.mark.parametrize(
    "category, source, compiled",
    [
        ("suicide", r"(?<![\d\-])\b988\b(?![\d\-])", r"(?<![\d\-])\b988\b(?![\d\-])"),
        (
            "self_harm",
            r"\bmake (?:my ?self|him ?self|her ?self) bleed\b",
            rf"\bmake{GAP}(?:my{GAP}?self|him{GAP}?self|her{GAP}?self){GAP}bleed\b",
        ),
        ("medical_emergency", r"\bhypotherm\w*|\bfrost ?bit\w*", rf"\bhypotherm\w*\b|\bfrost{GAP}?bit\w*\b"),
        (
            "harm_to_others",
            r"\bmake (?:him|her|them|that \w+) pay\b",
            rf"\bmake{GAP}(?:him|her|them|that{GAP}\w+\b){GAP}pay\b",
        ),
        ("overdose", r"\bnarcan'?(?:d|ed|ned)\b", r"\bnarcan'?(?:d|ed|ned)\b"),
    ],
)
def test_patterns_compile_to_the_same_regex_as_before(category: str, source: str, compiled: str) -> None:
    assert source in _by_category()[category]
    assert expand(source) == compiled
    indexed = {p.pattern for entries in detector._INDEX._by_prefix.values() for _, p in entries}
    assert compiled in indexed


# --- malformed files ---------------------------------------------------------------------------------------


def _lexicon_dir(tmp_path: Path, overdose: str) -> Path:
    for category in CRISIS_CATEGORIES:
        (tmp_path / f"{category}.yml").write_text("# a header\n- \\bfine\\b\n", encoding="utf-8")
    (tmp_path / "overdose.yml").write_text(overdose, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    "text, expected",
    [
        ("- \\bok\\b\n- \\b(?:unclosed\\b\n", "overdose.yml, entry 2 (line 2): missing ), unterminated subpattern"),
        ("# header\n\n- \\bok\\b\n- \\b<NOPE> pills\\b\n", "overdose.yml, entry 2 (line 4): unknown macro <NOPE>"),
        ("- 988\n", "overdose.yml, entry 1 (line 1): a pattern must be text; put it in single quotes"),
        ("- \\bok\\b\n- pattern: \\bx\\b\n", "overdose.yml, entry 2 (line 2): a pattern must be text"),
        ("- \\bok\\b\n- ''\n", "overdose.yml, entry 2 (line 2): the pattern is empty"),
        ("- \\bkill +me\\b\n", "overdose.yml, entry 1 (line 1): a space followed by *, + or { repeats a word gap"),
        (
            "- \\bok\\b\n- \\bkill (?:him|her) #tonight\n",
            "overdose.yml, entry 2 (line 2): ' #' ends an unquoted pattern",
        ),
        ("- '\\bunclosed quote\n", "overdose.yml: not valid YAML"),
        ("pattern: \\bok\\b\n", "overdose.yml: must be a list of patterns"),
        ("", "overdose.yml: must be a list of patterns"),
    ],
)
def test_a_malformed_file_names_the_file_and_entry(tmp_path: Path, text: str, expected: str) -> None:
    directory = _lexicon_dir(tmp_path, text)
    with pytest.raises(LexiconError) as error:
        load_lexicon(directory)
    assert expected in str(error.value)
    assert str(directory / "overdose.yml") in str(error.value)


def test_a_misspelt_file_name_is_refused(tmp_path: Path) -> None:
    directory = _lexicon_dir(tmp_path, "- \\bok\\b\n")
    (directory / "self-harm.yml").write_text("- \\bcutting\\b\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"self-harm\.yml is not a crisis category's file"):
        load_lexicon(directory)


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    directory = _lexicon_dir(tmp_path, "- \\bok\\b\n")
    (directory / "harm_to_others.yml").unlink()
    with pytest.raises(LexiconError, match=r"harm_to_others\.yml: cannot be read"):
        load_lexicon(directory)


def test_a_valid_directory_loads(tmp_path: Path) -> None:
    directory = _lexicon_dir(tmp_path, "# how to write one\n- \\bok\\b\n- '\\bcan''t wake (?:him|her)\\b'\n")
    lexicon = dict(load_lexicon(directory))
    assert lexicon["overdose"] == (r"\bok\b", r"\bcan't wake (?:him|her)\b")
    assert lexicon["suicide"] == (r"\bfine\b",)
