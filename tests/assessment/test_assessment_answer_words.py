"""bot/assessment/answer_words.py and answer_words.yml: the answer words are read
from the file into the lexicons of yes_no.py, parsing.py and cage_score.py, and
a malformed file stops the import with the file, section and label named."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.assessment import answer_words, cage_score, parsing, yes_no
from bot.assessment.matching import Lexicon

# section -> its labels as the code asks for them, and a few phrases per label
# (first, last and some that YAML would misread unquoted)
PINNED: dict[str, tuple[tuple[str, ...], dict[str, tuple[str, ...]]]] = {
    "reply": (
        ("yes", "weak_yes", "no", "unclear", "leans_yes"),
        {
            "yes": ("yes", "true", "uh huh", "exactly"),
            "weak_yes": ("i have", "we did"),
            "no": ("no", "nah", "not that i know of", "nope nope"),
            "unclear": ("idk", "what do you mean", "not really sure"),
            "leans_yes": ("kinda", "once or twice", "i suppose"),
        },
    ),
    "safety_risk": (("yes", "no"), {"yes": ("suicidal", "od", "take my own life"), "no": ("safe", "all good")}),
    "withdrawal_risk": (("yes", "no"), {"yes": ("shakes", "dts", "the jitters"), "no": ("weekends", "only weed")}),
    "withdrawal_substances": (
        ("risky", "other"),
        {"risky": ("alcohol", "fent", "methadone"), "other": ("weed", "kratom")},
    ),
    "daily_use": (("daily",), {"daily": ("every day", "24 7", "first thing in the morning")}),
    "step_down": (("yes", "no"), {"yes": ("rehab", "30 day program", "hospital"), "no": ("years ago", "last year")}),
    "treated_before": (("yes", "no"), {"yes": ("rehab", "iop", "few times"), "no": ("first time", "nothing")}),
    "relapse": (
        ("yes", "no"),
        {"yes": ("relapsed", "fell off the wagon", "months clean"), "no": ("always", "first time")},
    ),
    "co_occurring_serious": (
        ("yes", "no"),
        {"yes": ("serious", "its serious"), "no": ("manageable", "its manageable")},
    ),
    "for_whom": (
        ("self_explicit", "other_explicit"),
        {"self_explicit": ("me", "my problem"), "other_explicit": ("someone else", "someone i care about")},
    ),
    "severity": (
        ("mild", "moderate", "severe", "unsure"),
        {
            "mild": ("mild", "slightly"),
            "moderate": ("moderate", "so so"),
            "severe": ("severe", "whole life"),
            "unsure": ("idk", "who knows"),
        },
    ),
    "co_occurring": (
        ("anxiety", "depression", "trauma", "other", "all", "none"),
        {
            "anxiety": ("anxiety", "anxity"),
            "depression": ("depression", "depresion"),
            "trauma": ("ptsd", "c ptsd"),
            "other": ("bipolar", "mood swings"),
            "all": ("all of the above", "all"),
            "none": ("none", "not that i know of"),
        },
    ),
    "responsibilities": (
        ("work", "school", "dependents", "all", "none"),
        {
            "work": ("work", "9 to 5", "my company"),
            "school": ("school", "studnet"),
            "dependents": ("kids", "caring for others"),
            "all": ("all 3", "all"),
            "none": ("none", "doesnt work"),
        },
    ),
    "cage_items": (
        ("1", "2", "3", "4"),
        {
            "1": ("cut down", "quit"),
            "2": ("annoyed", "annoyance"),
            "3": ("guilty", "feel bad"),
            "4": ("eye opener", "nerves"),
        },
    ),
}


@pytest.mark.parametrize("section", sorted(PINNED))
def test_pinned_phrases_are_read_under_their_labels(section: str) -> None:
    labels, pinned = PINNED[section]
    read = answer_words.phrases(section, labels)
    assert tuple(read) == labels
    for label, expected in pinned.items():
        assert set(expected) <= set(read[label]), (section, label)
    assert read[labels[0]][0] == pinned[labels[0]][0]  # file order is kept


def test_subject_verbs_is_a_word_list() -> None:
    verbs = answer_words.words("subject_verbs")
    assert {"is", "works", "doesnt", "s"} <= verbs
    assert "son" not in verbs


def _same(lexicon: Lexicon, section: str, labels: tuple[str, ...]) -> bool:
    return lexicon._phrases == Lexicon(answer_words.phrases(section, labels))._phrases


def test_the_modules_build_their_lexicons_from_the_file() -> None:
    assert _same(yes_no._REPLY_WORDS, "reply", PINNED["reply"][0])
    for slot, question in yes_no.YES_NO_QUESTIONS.items():
        assert _same(question.cues, slot, ("yes", "no")), slot
    assert _same(yes_no._DAILY_USE, "daily_use", ("daily",))
    assert _same(yes_no._WITHDRAWAL_SUBSTANCES, "withdrawal_substances", ("risky", "other"))
    for section, lexicon in (
        ("severity", parsing._SEVERITY_WORDS),
        ("co_occurring", parsing._CONCERN_WORDS),
        ("responsibilities", parsing._DUTY_WORDS),
        ("cage_items", cage_score._CAGE_ITEM_WORDS),
    ):
        assert _same(lexicon, section, PINNED[section][0]), section
    assert answer_words.words("subject_verbs") == parsing._SUBJECT_VERBS


MALFORMED = [
    ("reply: [yes, no", "not valid YAML"),
    ("- just a list", "expected a mapping of sections"),
    ("other_section: {a: [b]}", "no section 'reply'"),
    ("reply: [yes, no]", "reply: expected labels"),
    # unquoted yes/no are read as booleans
    ("reply: {yes: [yeah], 'no': [nah]}", "unknown labels ['True']"),
    ("reply: {'yes': [yeah]}", "missing labels ['no']"),
    ("reply: {'yes': [yeah], 'no': [nah], maybe: [idk]}", "unknown labels ['maybe']"),
    ("reply: {'yes': [yeah], 'no': []}", "reply.no: expected a non-empty list"),
    ("reply: {'yes': [yeah], 'no': nah}", "reply.no: expected a non-empty list"),
    ("reply: {'yes': [yeah, true], 'no': [nah]}", "reply.yes: True is not a phrase"),
    ("reply: {'yes': [yeah], 'no': [\"don't\"]}", 'reply.no: "don\'t" is not a phrase'),
    ("reply: {'yes': [Yeah], 'no': [nah]}", "reply.yes: 'Yeah' is not a phrase"),
    ("reply: {'yes': [yeah], 'no': ['']}", "reply.no: '' is not a phrase"),
]


@pytest.mark.parametrize(("text", "message"), MALFORMED)
def test_a_malformed_file_names_the_file_and_entry(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "answer_words.yml"
    path.write_text(text + "\n", encoding="utf-8")
    with pytest.raises(ValueError) as error:
        answer_words.phrases("reply", ("yes", "no"), path)
    assert str(error.value).startswith("answer_words.yml")
    assert message in str(error.value)


def test_a_malformed_word_list_names_the_section(tmp_path: Path) -> None:
    path = tmp_path / "answer_words.yml"
    path.write_text("subject_verbs: [is, Works]\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"answer_words.yml subject_verbs: 'Works' is not a phrase"):
        answer_words.words("subject_verbs", path)


def test_a_good_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "answer_words.yml"
    path.write_text("reply: {'no': [nah, no way], 'yes': [yeah]}\n", encoding="utf-8")
    # in the order the code names the labels, whatever the file's order
    assert answer_words.phrases("reply", ("yes", "no"), path) == {"yes": ("yeah",), "no": ("nah", "no way")}
