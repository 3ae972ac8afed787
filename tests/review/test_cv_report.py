"""`python -m bot check-data --cv-report DIR`: the examples the NLU
cross-validation misclassified, by file and line. The reports are written
here with Rasa's own error serialisers (rasa.nlu.test), from examples of the
real data, so the format and the texts are what `rasa test nlu
--cross-validation` writes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rasa.nlu.test import (
    IntentEvaluationResult,
    ResponseSelectionEvaluationResult,
    _get_intent_errors,
    _response_errors,
)

from bot.review.checks import cli
from bot.review.cv_report import misclassified
from bot.review.training_data import NLU_DIR, load_blocks, plain
from bot.settings import PROJECT_ROOT

BLOCKS = load_blocks(NLU_DIR)
EXAMPLES = [e for b in BLOCKS for e in b.examples]


def example(intent: str, index: int = 0):
    return [e for e in EXAMPLES if e.intent == intent][index]


def write_report(folder: Path, intent_misses=(), topic_misses=()) -> Path:
    """A cross-validation report folder: (example, predicted) pairs, as Rasa serialises them."""
    folder.mkdir()
    (folder / "intent_report.json").write_text("{}")
    intents = [
        IntentEvaluationResult(e.intent.split("/")[0], predicted, plain(e.text), 0.41) for e, predicted in intent_misses
    ]
    topics = [
        ResponseSelectionEvaluationResult(e.intent, predicted, plain(e.text), 0.33) for e, predicted in topic_misses
    ]
    if intents:
        (folder / "intent_errors.json").write_text(json.dumps(_get_intent_errors(intents)))
    if topics:
        (folder / "response_selection_errors.json").write_text(json.dumps(_response_errors(topics)))
    return folder


def test_each_misclassified_example_is_named_by_file_and_line(tmp_path, capsys):
    greet, duration, schedule = example("greet", 3), example("faq/duration", 2), example("faq/schedule", 5)
    report = write_report(
        tmp_path / "cv",
        intent_misses=[(greet, "goodbye"), (duration, "assess_fit")],
        topic_misses=[(schedule, "faq/duration")],
    )

    assert cli(["--cv-only", "--cv-report", str(report)]) == 0  # reported, not a gate

    out = capsys.readouterr().out.splitlines()
    root = PROJECT_ROOT
    assert out == [
        f"data/nlu/chitchat.yml:{greet.line}: misclassified: {greet.text!r} (greet) was predicted as "
        "goodbye (0.41) in 1 of 1 cross-validation run(s)",
        f"data/nlu/faq/duration.yml:{duration.line}: misclassified: {duration.text!r} (faq/duration) was "
        "predicted as assess_fit (0.41) in 1 of 1 cross-validation run(s)",
        f"data/nlu/faq/schedule.yml:{schedule.line}: misclassified: {schedule.text!r} (faq/schedule) was "
        "predicted as faq/duration (0.33) in 1 of 1 cross-validation run(s)",
        "3 example(s) misclassified in every one of 1 cross-validation run(s) "
        "(a report for the trainer, not a gate: docs/training-data.md)",
    ]
    assert greet.path == root / "data" / "nlu" / "chitchat.yml"


def test_an_example_with_entities_is_found_by_its_plain_text(tmp_path):
    [annotated] = [e for e in EXAMPLES if e.intent == "find_program" and "](location)" in e.text][:1]
    report = write_report(tmp_path / "cv", intent_misses=[(annotated, "inform")])

    [finding] = misclassified(EXAMPLES, [report]).findings

    assert (finding.path, finding.line) == (annotated.path, annotated.line)


def test_with_several_runs_only_the_examples_wrong_in_every_run_are_kept(tmp_path):
    always, once = example("goodbye", 1), example("faq/privacy", 4)
    first = write_report(tmp_path / "seed0", intent_misses=[(always, "greet"), (once, "request_human")])
    second = write_report(tmp_path / "seed1", intent_misses=[(always, "thank")])

    result = misclassified(EXAMPLES, [first, second])

    [finding] = result.findings
    assert (finding.path, finding.line) == (always.path, always.line)
    assert finding.message.endswith("was predicted as greet (0.41); thank (0.41) in 2 of 2 cross-validation run(s)")


def test_errors_for_examples_no_longer_in_the_data_are_counted_apart(tmp_path, capsys):
    report = write_report(tmp_path / "cv")
    (report / "intent_errors.json").write_text(
        json.dumps(
            [
                {
                    "text": "a message nobody wrote",
                    "intent": "greet",
                    "intent_prediction": {"name": "x", "confidence": 0.5},
                }
            ]
        )
    )

    assert cli(["--cv-only", "--cv-report", str(report)]) == 0

    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("0 example(s) misclassified")
    assert out[1] == "note: 1 error(s) of the report name examples no longer in the data: is it older?"


def test_a_report_without_errors_lists_nothing(tmp_path):
    assert misclassified(EXAMPLES, [write_report(tmp_path / "cv")]).findings == []


@pytest.mark.parametrize(
    "setup, args, message",
    [
        (None, ["--cv-only"], "error: --cv-only needs --cv-report DIR\n"),
        (None, ["--cv-only", "--cv-report", "/nonexistent"], "error: no such directory: /nonexistent\n"),
        (
            "empty",
            ["--cv-only", "--cv-report", "{dir}"],
            "error: {dir} has no intent_report.json: not a `rasa test nlu --cross-validation` report\n",
        ),
        (
            "garbled",
            ["--cv-only", "--cv-report", "{dir}"],
            "error: cannot read {dir}/intent_errors.json: Expecting value: line 1 column 1 (char 0)\n",
        ),
    ],
)
def test_a_bad_report_is_one_line_and_exit_2(tmp_path, setup, args, message, capsys):
    folder = tmp_path / "cv"
    if setup:
        folder.mkdir()
    if setup == "garbled":
        (folder / "intent_report.json").write_text("{}")
        (folder / "intent_errors.json").write_text("not json")

    assert cli([a.format(dir=folder) for a in args]) == 2
    assert capsys.readouterr().err == message.format(dir=folder)
