"""The serving model's report (bot.training.baseline) without measuring, and
the installation of an accepted model (bot.training.install)."""

from __future__ import annotations

import json

from bot.training import baseline, steps
from bot.training.install import install, previous_path
from bot.training.report import ClassScores, ModelReport, load, report_path, save, sha256_of


def _report(sha: str, macro: float = 0.9) -> ModelReport:
    return ModelReport(sha, ClassScores(macro, {"greet": macro}, {"crisis": 1.0}), None, 0.8, 3, 4)


def _find(tmp_path):
    project = steps.Project(root=tmp_path, model=tmp_path / "models" / "iop.tar.gz")
    runner = steps.StepRunner(project, tmp_path / "work", {}, say=lambda _line: None)
    return baseline.find(project, runner, say=lambda _line: None, measure=False)


def _serving(tmp_path, content: bytes = b"model A"):
    model = tmp_path / "models" / "iop.tar.gz"
    model.parent.mkdir(exist_ok=True)
    model.write_bytes(content)
    return model


def test_no_serving_model(tmp_path):
    found = _find(tmp_path)
    assert found.report is None and not found.serving_exists


def test_the_report_of_this_very_model_is_used(tmp_path):
    model = _serving(tmp_path)
    save(_report(sha256_of(model)), report_path(model))
    assert _find(tmp_path).report == _report(sha256_of(model))


def test_a_report_of_another_model_is_not_used_and_said_so(tmp_path):
    model = _serving(tmp_path)
    save(_report("c" * 64), report_path(model))
    found = _find(tmp_path)
    assert found.report is None and found.serving_exists
    assert "describes another model" in found.notes[0]


def test_a_corrupt_report_is_said_so(tmp_path):
    model = _serving(tmp_path)
    report_path(model).write_text("{")
    found = _find(tmp_path)
    assert found.report is None and "unusable" in found.notes[0]


def _make_test_results(tmp_path, sha: str) -> None:
    cv = tmp_path / "results" / "nlu-cv"
    cv.mkdir(parents=True)
    intents = {"greet": {"f1-score": 0.9, "recall": 0.9}, "macro avg": {"f1-score": 0.9}}
    (cv / "intent_report.json").write_text(json.dumps(intents))
    heldout = {"model": {"sha256": sha}, "overall": {"accuracy": 0.7}, "crisis_recall": {"hits": 5, "n": 6}}
    (tmp_path / "results" / "heldout.json").write_text(json.dumps(heldout))


def test_make_tests_results_for_this_very_model_are_used_and_kept(tmp_path):
    model = _serving(tmp_path)
    _make_test_results(tmp_path, sha256_of(model))
    found = _find(tmp_path)
    assert found.report is not None and found.report.source == "results"
    assert found.report.heldout_crisis_hits == 5
    assert load(report_path(model)) == found.report


def test_make_tests_results_for_another_model_are_not_used(tmp_path):
    _serving(tmp_path)
    _make_test_results(tmp_path, "d" * 64)
    assert _find(tmp_path).report is None


def test_install_replaces_the_model_keeps_the_previous_and_writes_the_report(tmp_path):
    model = _serving(tmp_path, b"model A")
    save(_report(sha256_of(model)), report_path(model))
    candidate = tmp_path / "candidate.tar.gz"
    candidate.write_bytes(b"model B")
    install(candidate, _report(sha256_of(candidate), 0.95), model)
    assert model.read_bytes() == b"model B"
    assert previous_path(model).read_bytes() == b"model A"
    assert load(report_path(model)).model_sha256 == sha256_of(model)
    assert load(report_path(previous_path(model))).intents.macro_f1 == 0.9
    assert sorted(p.name for p in model.parent.iterdir()) == [
        "iop.previous.report.json",
        "iop.previous.tar.gz",
        "iop.report.json",
        "iop.tar.gz",
    ]  # no temporary file left behind
