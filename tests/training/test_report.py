"""Model reports (bot.training.report): built from Rasa's and the held-out
script's JSON, saved next to the model, and refused when corrupt."""

from __future__ import annotations

import json

import pytest

from bot.training.report import ReportError, from_results, load, report_path, save

SHA = "b" * 64


def _rasa_report(f1: dict[str, float]) -> dict:
    report = {label: {"precision": v, "recall": v, "f1-score": v, "support": 10} for label, v in f1.items()}
    report["accuracy"] = 0.9
    report["macro avg"] = {"f1-score": sum(f1.values()) / len(f1)}
    report["weighted avg"] = {"f1-score": 0.9}
    return report


def _results(tmp_path, topics: bool = True, split: str | None = '{"folds": 5, "seed": 0}'):
    cv = tmp_path / "nlu-cv"
    cv.mkdir()
    if split is not None:
        (cv / "cv-split.json").write_text(split)
    (cv / "intent_report.json").write_text(json.dumps(_rasa_report({"greet": 1.0, "crisis": 0.8})))
    if topics:
        (cv / "response_selection_report.json").write_text(json.dumps(_rasa_report({"faq/a": 0.5, "faq/b": 0.7})))
    heldout = tmp_path / "heldout.json"
    heldout.write_text(json.dumps({"overall": {"accuracy": 0.75}, "crisis_recall": {"hits": 3, "n": 4}}))
    return cv, heldout


def test_built_from_cross_validation_and_heldout(tmp_path):
    report = from_results(SHA, *_results(tmp_path))
    assert report.intents.macro_f1 == pytest.approx(0.9)
    assert report.intents.f1 == {"greet": 1.0, "crisis": 0.8}
    assert report.cv_crisis_recall == 0.8
    assert report.topics is not None and report.topics.f1 == {"faq/a": 0.5, "faq/b": 0.7}
    assert report.heldout_crisis_recall == 0.75 and report.heldout_accuracy == 0.75


def test_topics_are_optional(tmp_path):
    assert from_results(SHA, *_results(tmp_path, topics=False)).topics is None


def test_saved_and_loaded_unchanged(tmp_path):
    report = from_results(SHA, *_results(tmp_path))
    path = report_path(tmp_path / "iop.tar.gz")
    assert path.name == "iop.report.json"
    save(report, path)
    assert load(path) == report


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "unreadable"),
        ("[]", "not a model report"),
        ('{"format": 1, "model_sha256": "x"}', "no model SHA-256"),
    ],
)
def test_a_corrupt_report_is_refused_with_its_reason(tmp_path, text, message):
    path = tmp_path / "iop.report.json"
    path.write_text(text)
    with pytest.raises(ReportError, match=message):
        load(path)


def test_a_report_without_a_figure_is_refused(tmp_path):
    report = from_results(SHA, *_results(tmp_path))
    path = tmp_path / "iop.report.json"
    save(report, path)
    data = json.loads(path.read_text())
    del data["heldout_crisis_hits"]
    path.write_text(json.dumps(data))
    with pytest.raises(ReportError, match="held-out crisis hits"):
        load(path)


def test_missing_cross_validation_report_is_refused(tmp_path):
    cv, heldout = _results(tmp_path)
    (cv / "intent_report.json").unlink()
    with pytest.raises(ReportError, match=r"intent_report\.json: missing"):
        from_results(SHA, cv, heldout)


def test_the_cross_validation_split_is_kept_and_survives_saving(tmp_path):
    report = from_results(SHA, *_results(tmp_path, split='{"folds": 2, "seed": 3}'))
    assert report.cv_split == {"folds": 2, "seed": 3}
    path = report_path(tmp_path / "iop.tar.gz")
    save(report, path)
    assert load(path).cv_split == {"folds": 2, "seed": 3}


def test_a_cross_validation_without_a_split_file_has_an_unknown_split(tmp_path):
    assert from_results(SHA, *_results(tmp_path, split=None)).cv_split is None


@pytest.mark.parametrize("split", ['{"folds": 5}', '{"folds": "five", "seed": 0}', "[5, 0]"])
def test_a_malformed_split_is_refused(tmp_path, split):
    with pytest.raises(ReportError, match=r"cv-split\.json"):
        from_results(SHA, *_results(tmp_path, split=split))
