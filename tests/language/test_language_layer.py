"""The one language layer (bot/language: clauses, vocabulary): the intake-fact
reader (bot/language/intake_facts.py) and the assessment's answer parser
(bot/assessment/parsing.py) read the same sentence the same way: who it is
about, which relation, and whether a statement is negated."""

from __future__ import annotations

import pytest

from bot.assessment.audience import canonical_relation
from bot.assessment.parsing import parse_answer
from bot.language.clauses import Negation, clause_spans, negation_before
from bot.language.intake_facts import extract_facts
from bot.language.vocabulary import NEGATORS, RELATIONS, UNNAMED_RELATIONS, relation_of, without_apostrophes

ALL_RELATION_WORDS = [(word, name) for name, words in RELATIONS.items() for word in words]


def _both_whom(text: str) -> tuple[tuple[str | None, str | None], tuple[str | None, str | None]]:
    facts = extract_facts(text)
    answer = parse_answer("for_whom", text)
    parsed = (answer.value, answer.extra.get("loved_one_relation")) if answer else (None, None)
    return (facts.for_whom, facts.loved_one_relation), parsed


@pytest.mark.parametrize(
    "text, expected",
    [
        ("it's for me", ("self", None)),
        ("this is for myself", ("self", None)),
        ("it's for my spouse", ("loved_one", "spouse")),
        ("asking for my partner", ("loved_one", "partner")),
        ("it's for my patient", ("loved_one", "patient")),
        ("i'm asking for my client", ("loved_one", "client")),
        ("this is for my mother", ("loved_one", "mom")),
        ("it's for my parents", ("loved_one", "parent")),
        ("looking for help for my kid", ("loved_one", "child")),
        ("it's for my teenage son", ("loved_one", "son")),
        ("it's for my boy friend", ("loved_one", "boyfriend")),
        ("this is for my hubby", ("loved_one", "husband")),
        ("it's for my loved one", ("loved_one", None)),
    ],
)
def test_both_readers_agree_on_who_and_which_relation(text: str, expected: tuple[str, str | None]) -> None:
    from_intake, from_answer = _both_whom(text)
    assert from_intake == expected
    assert from_answer == expected


@pytest.mark.parametrize("word, relation", ALL_RELATION_WORDS, ids=[w for w, _ in ALL_RELATION_WORDS])
def test_every_relation_word_names_the_same_relation_in_both_readers(word: str, relation: str) -> None:
    from_intake, from_answer = _both_whom(f"it's for my {word}")
    assert from_intake == from_answer == ("loved_one", relation)
    assert relation_of(word) == canonical_relation(word) == relation


# (sentence, question slot, the fact both read, value)
STATEMENTS = [
    ("i don't have anxiety", "co_occurring", ("none",)),
    ("no anxiety or depression", "co_occurring", ("none",)),
    ("my spouse has ptsd", "co_occurring", ("trauma",)),
    ("my husband has anxiety", "co_occurring", ("anxiety",)),
    ("my patient is not depressed", "co_occurring", ("none",)),
    ("no withdrawals", "withdrawal_risk", False),
    ("he gets the shakes", "withdrawal_risk", True),
    ("my partner doesn't get withdrawals", "withdrawal_risk", False),
    ("she has never been to rehab", "treated_before", False),
    ("my dad never went to treatment", "treated_before", False),
    ("my wife went to rehab before", "treated_before", True),
    ("i have never relapsed", "relapse", False),
    ("i relapsed last month", "relapse", True),
    ("my mom works full time", "responsibilities", ("work",)),
    ("my daughter is in school", "responsibilities", ("school",)),
]


@pytest.mark.parametrize("text, slot, value", STATEMENTS, ids=[t for t, _, _ in STATEMENTS])
def test_both_readers_agree_on_negation(text: str, slot: str, value: object) -> None:
    fact = getattr(extract_facts(text), slot)
    answer = parse_answer(slot, text)
    assert answer is not None
    answered = tuple(answer.value) if isinstance(answer.value, list) else answer.value
    assert fact == value
    assert answered == value


def test_unnamed_relations_name_nobody() -> None:
    assert [relation_of(word) for word in UNNAMED_RELATIONS] == [None] * len(UNNAMED_RELATIONS)
    assert relation_of("my car") is None


def test_clauses_break_at_punctuation_and_contrast_words_but_not_inside_numbers() -> None:
    text = "no anxiety, but i drink 1,000 beers: really? yes"
    assert [text[s.start : s.end].strip() for s in clause_spans(text)] == [
        "no anxiety",
        "i drink 1,000 beers",
        "really",
        "yes",
    ]
    assert [s.asked for s in clause_spans(text)] == [False, False, True, False]


def test_negation_scope() -> None:
    negators = without_apostrophes(NEGATORS)
    assert negation_before(["i", "don't", "have"], negators) is Negation.NEGATED
    assert negation_before(["not", "working", "and", "has"], negators, breakers=frozenset({"and"})) is Negation.NONE
    assert negation_before(["not", "sure", "if"], negators, uncertain=frozenset({"sure"})) is Negation.UNCERTAIN
    assert negation_before(["i", "have"], negators) is Negation.NONE
