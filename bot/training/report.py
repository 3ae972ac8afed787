"""The report of a model: what the gate compares.

Built from the cross-validation's reports (Rasa's intent_report.json and
response_selection_report.json) and scripts/heldout_eval.py's JSON, and kept
next to the serving model as `<model>.report.json` with the model's SHA-256,
so a report can never be taken for another model's.

A cross-validation's F1 depends on how the data was cut (the number of folds
and the seed), so the report keeps the split scripts/rasa_seeded_cv.py wrote
beside its reports (`cv-split.json`); None when it is not known (reports
written before the split was recorded).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

CRISIS = "crisis"
FORMAT = 1
SPLIT_FILE = "cv-split.json"  # written by scripts/rasa_seeded_cv.py
_SUMMARY_KEYS = {"accuracy", "macro avg", "weighted avg", "micro avg"}


class ReportError(ValueError):
    """A report that is missing, unreadable or lacks a figure."""


@dataclass(frozen=True)
class ClassScores:
    """Cross-validated F1 per class, and their macro average."""

    macro_f1: float
    f1: dict[str, float]
    recall: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class ModelReport:
    model_sha256: str
    intents: ClassScores
    topics: ClassScores | None  # None: the model has no FAQ response selector
    heldout_accuracy: float
    heldout_crisis_hits: int
    heldout_crisis_n: int
    source: str = "retrain"  # retrain | results | measured: how the figures were obtained
    created: str = ""
    cv_split: dict[str, int] | None = None  # {"folds": 5, "seed": 0}; None: not recorded

    @property
    def heldout_crisis_recall(self) -> float:
        return self.heldout_crisis_hits / self.heldout_crisis_n if self.heldout_crisis_n else 1.0

    @property
    def cv_crisis_recall(self) -> float | None:
        return self.intents.recall.get(CRISIS)

    def to_json(self) -> dict[str, Any]:
        return {"format": FORMAT, **asdict(self)}


def report_path(model: Path) -> Path:
    """models/iop.tar.gz -> models/iop.report.json"""
    name = model.name.removesuffix(".tar.gz")
    return model.with_name(f"{name}.report.json")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _number(value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ReportError(f"{what} is not a number: {value!r}")
    return float(value)


def scores_from_rasa(report: Mapping[str, Any], what: str) -> ClassScores:
    """ClassScores of one of Rasa's classification reports (sklearn's dict)."""
    try:
        macro = _number(report["macro avg"]["f1-score"], f"{what}: macro avg F1")
    except (KeyError, TypeError) as exc:
        raise ReportError(f"{what}: no macro avg F1") from exc
    f1: dict[str, float] = {}
    recall: dict[str, float] = {}
    for label, values in report.items():
        if label in _SUMMARY_KEYS or not isinstance(values, Mapping):
            continue
        f1[label] = _number(values.get("f1-score"), f"{what}: F1 of {label}")
        recall[label] = _number(values.get("recall"), f"{what}: recall of {label}")
    if not f1:
        raise ReportError(f"{what}: no class in the report")
    return ClassScores(macro, f1, recall)


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text())
    except FileNotFoundError as exc:
        raise ReportError(f"{path}: missing") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReportError(f"{path}: unreadable ({type(exc).__name__}: {exc})".splitlines()[0]) from exc


def from_results(
    model_sha256: str, cv_dir: Path, heldout_json: Path, source: str = "retrain", created: str = ""
) -> ModelReport:
    """A report from a cross-validation --out folder and a held-out JSON."""
    intents = scores_from_rasa(_read_json(cv_dir / "intent_report.json"), "intent report")
    topics_path = cv_dir / "response_selection_report.json"
    topics = scores_from_rasa(_read_json(topics_path), "topic report") if topics_path.exists() else None
    heldout = _read_json(heldout_json)
    try:
        accuracy = _number(heldout["overall"]["accuracy"], "held-out accuracy")
        hits = int(_number(heldout["crisis_recall"]["hits"], "held-out crisis hits"))
        n = int(_number(heldout["crisis_recall"]["n"], "held-out crisis messages"))
    except (KeyError, TypeError) as exc:
        raise ReportError(f"{heldout_json}: no overall accuracy or crisis recall") from exc
    split_path = cv_dir / SPLIT_FILE
    split = _split(_read_json(split_path), str(split_path)) if split_path.exists() else None
    return ModelReport(model_sha256, intents, topics, accuracy, hits, n, source, created, split)


def _split(data: Any, what: str) -> dict[str, int] | None:
    if data is None:
        return None
    if not isinstance(data, Mapping) or set(data) != {"folds", "seed"}:
        raise ReportError(f"{what}: a cross-validation split is {{folds, seed}}, got {data!r}")
    return {key: int(_number(data[key], f"{what}: {key}")) for key in ("folds", "seed")}


def _scores(data: Any, what: str) -> ClassScores:
    if not isinstance(data, Mapping):
        raise ReportError(f"{what}: missing")
    f1, recall = data.get("f1"), data.get("recall", {})
    if not isinstance(f1, Mapping) or not f1 or not isinstance(recall, Mapping):
        raise ReportError(f"{what}: no per-class F1")
    return ClassScores(
        _number(data.get("macro_f1"), f"{what}: macro F1"),
        {str(k): _number(v, f"{what}: F1 of {k}") for k, v in f1.items()},
        {str(k): _number(v, f"{what}: recall of {k}") for k, v in recall.items()},
    )


def load(path: Path) -> ModelReport:
    """The report in `path`; ReportError names what is wrong with it."""
    data = _read_json(path)
    if not isinstance(data, Mapping) or data.get("format") != FORMAT:
        raise ReportError(f"{path}: not a model report (format {FORMAT})")
    try:
        sha = data["model_sha256"]
        if not isinstance(sha, str) or len(sha) != 64:
            raise ReportError(f"{path}: no model SHA-256")
        topics = data.get("topics")
        return ModelReport(
            model_sha256=sha,
            intents=_scores(data.get("intents"), f"{path}: intents"),
            topics=None if topics is None else _scores(topics, f"{path}: topics"),
            heldout_accuracy=_number(data.get("heldout_accuracy"), f"{path}: held-out accuracy"),
            heldout_crisis_hits=int(_number(data.get("heldout_crisis_hits"), f"{path}: held-out crisis hits")),
            heldout_crisis_n=int(_number(data.get("heldout_crisis_n"), f"{path}: held-out crisis messages")),
            source=str(data.get("source", "retrain")),
            created=str(data.get("created", "")),
            cv_split=_split(data.get("cv_split"), f"{path}: cv_split"),
        )
    except ReportError:
        raise
    except (KeyError, TypeError, ValueError) as exc:
        raise ReportError(f"{path}: malformed ({exc})") from exc


def save(report: ModelReport, path: Path) -> None:
    """Writes atomically (a reader never sees half a report)."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(report.to_json(), indent=2, sort_keys=True) + "\n")
    os.replace(tmp, path)
