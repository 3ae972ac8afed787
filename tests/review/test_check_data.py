"""`python -m bot check-data`: duplicates across intents and FAQ topics,
near-duplicates, intents or topics with few examples and FAQ topics without a
response, each named by file and line. Findings are planted in temporary
copies of data/nlu and domain.yml; the real data must have none."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.review.checks import NEAR_DUPLICATE, check_data, cli, near_duplicates
from bot.review.label import add_example
from bot.review.training_data import NLU_DIR, load_blocks
from bot.settings import PROJECT_ROOT


@pytest.fixture
def copy(tmp_path) -> Path:
    shutil.copytree(NLU_DIR, tmp_path / "nlu")
    shutil.copy(PROJECT_ROOT / "domain.yml", tmp_path / "domain.yml")
    return tmp_path


def line_of(nlu: Path, intent: str, text: str) -> tuple:
    [example] = [e for b in load_blocks(nlu) if b.intent == intent for e in b.examples if e.text == text]
    return example.path, example.line


def append_raw(path: Path, intent: str, text: str) -> None:
    """Append an example without add_example's duplicate check."""
    lines = path.read_text().splitlines()
    [block] = [
        b
        for b in load_blocks(path.parent.parent if path.parent.name == "faq" else path.parent)
        if b.intent == intent and b.path == path
    ]
    lines.insert(block.examples[-1].line, f"    - {text}")
    path.write_text("\n".join(lines) + "\n")


def test_the_real_training_data_has_no_finding(capsys):
    assert cli([]) == 0
    assert capsys.readouterr().out == "0 finding(s)\n"


def test_no_pair_in_the_real_data_sits_just_under_the_near_duplicate_threshold():
    """TF-IDF weights depend on the whole corpus, so one added example moves every
    pair's similarity a little: a pair at 0.7999 became a finding when the tests
    below planted theirs. A margin keeps the real data clear of that edge."""
    examples = [e for b in load_blocks(NLU_DIR) for e in b.examples]
    close = near_duplicates(examples, NEAR_DUPLICATE - 0.03)
    assert [f.message for f in close] == []


def test_an_example_under_two_faq_topics_is_reported_at_its_line(copy):
    nlu = copy / "nlu"
    append_raw(nlu / "faq" / "schedule.yml", "faq/schedule", "Is This Chat  Private")

    [finding] = check_data(nlu, copy / "domain.yml")

    path, line = line_of(nlu, "faq/schedule", "Is This Chat  Private")
    assert (finding.path, finding.line, finding.kind) == (path, line, "duplicate")
    assert finding.render(copy) == (
        f"nlu/faq/schedule.yml:{line}: duplicate: 'Is This Chat  Private' (faq/schedule) is also an "
        f"example of faq/privacy (privacy.yml:{line_of(nlu, 'faq/privacy', 'is this chat private')[1]})"
    )


def test_near_duplicates_across_intents_are_reported(copy):
    nlu = copy / "nlu"
    add_example("greet", "is this chat private pls", nlu)

    [finding] = check_data(nlu, copy / "domain.yml")

    # reported at the later of the two in file order (faq/ files come last)
    assert finding.kind == "near-duplicate"
    assert (finding.path, finding.line) == line_of(nlu, "faq/privacy", "is this chat private")
    greet_line = line_of(nlu, "greet", "is this chat private pls")[1]
    assert finding.message == (
        "'is this chat private' (faq/privacy) is 0.84 similar to 'is this chat private pls' "
        f"(greet, chitchat.yml:{greet_line})"
    )


def test_a_small_new_topic_without_a_response_or_facts_is_reported_three_times(copy, capsys):
    nlu = copy / "nlu"
    added = add_example("faq/transport", "is there a ride to the clinic", nlu)

    code = cli(["--data-dir", str(nlu), "--domain", str(copy / "domain.yml")])

    out = capsys.readouterr().out.splitlines()
    assert code == 1
    assert out[-1] == "3 finding(s)"
    assert (
        f"{added.path}:7: no facts: faq/transport: its `metadata: facts:` list is missing or empty; "
        "list what its answer utter_faq/transport must say (docs/training-data.md)"
    ) in out
    assert f"{added.path}:7: few examples: faq/transport has 1 example(s), fewer than 20" in out
    assert (f"{added.path}:7: no response: faq/transport has no response utter_faq/transport in domain.yml") in out


def _facts_lines(path: Path) -> list[int]:
    lines = path.read_text().splitlines()
    start = lines.index("    facts:")
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith("    - "))
    return list(range(start, end))  # 0-based: "facts:" and its entries


def test_a_topic_without_facts_is_reported_at_its_block(copy):
    path = copy / "nlu" / "faq" / "duration.yml"
    lines = path.read_text().splitlines()
    drop = set(_facts_lines(path))
    path.write_text("\n".join(line for i, line in enumerate(lines) if i not in drop) + "\n")

    [finding] = check_data(copy / "nlu", copy / "domain.yml")

    assert (finding.path, finding.line, finding.kind) == (path, 7, "no facts")  # "- intent: faq/duration"


def test_an_empty_or_broken_fact_is_reported_at_its_line(copy):
    path = copy / "nlu" / "faq" / "staff.yml"
    lines = path.read_text().splitlines()
    first = _facts_lines(path)[1]
    lines[first] = "    - licensed (therapists"
    lines[first + 1] = "    - ''"
    path.write_text("\n".join(lines) + "\n")

    findings = check_data(copy / "nlu", copy / "domain.yml")

    assert [(f.path, f.line, f.kind) for f in findings] == [
        (path, first + 1, "bad fact"),
        (path, first + 2, "bad fact"),
    ]
    assert findings[0].message.startswith("faq/staff: 'licensed (therapists' is not a valid regular expression")
    assert findings[1].message == "faq/staff: an empty fact matches every answer"


def test_an_answer_that_loses_a_fact_is_reported_at_its_response(copy):
    domain = copy / "domain.yml"
    text = domain.read_text()
    domain.write_text(text.replace("on your clinical needs", "on what you need"))
    line = text.splitlines().index("  utter_faq/duration:") + 2  # its first variation

    [finding] = check_data(copy / "nlu", domain)

    fact_line = (copy / "nlu" / "faq" / "duration.yml").read_text().splitlines().index("    - clinical needs") + 1
    assert finding.render(copy) == (
        f"domain.yml:{line}: missing fact: utter_faq/duration does not say 'clinical needs', "
        f"a fact of faq/duration (duration.yml:{fact_line})"
    )


@pytest.mark.parametrize(
    "args, message",
    [
        (["--similarity", "1.5"], "error: argument --similarity: must be in (0, 1], got 1.5\n"),
        (["--min-examples", "x"], "error: argument --min-examples: must be a whole number, got 'x'\n"),
        (["--data-dir", "/nonexistent"], "error: no such directory: /nonexistent\n"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args, message, capsys):
    assert cli(args) == 2
    assert capsys.readouterr().err == message


def test_an_answer_whose_topic_has_no_examples_is_reported_at_the_response(copy):
    (copy / "nlu" / "faq" / "staff.yml").unlink()
    line = (copy / "domain.yml").read_text().splitlines().index("  utter_faq/staff:") + 1

    [finding] = check_data(copy / "nlu", copy / "domain.yml")

    assert finding.render(copy) == (
        f"domain.yml:{line}: no examples: utter_faq/staff answers faq/staff, which has no examples "
        "(data/nlu/faq/staff.yml)"
    )
