"""Examples that the NLU cross-validation keeps misclassifying, by file and line.

Reads the report folder that `rasa test nlu --cross-validation` writes
(scripts/rasa_seeded_cv.py, results/nlu-cv/ in `make test`): every training
example is tested once, by the fold that left it out, and the wrong ones are
listed in `intent_errors.json` (the intent; an FAQ example's intent is `faq`)
and `response_selection_errors.json` (the FAQ topic, `faq/<topic>`). Rasa
writes an errors file only when there are errors; `intent_report.json` is
always there and marks the folder as a report.

"Keeps misclassifying": with one report (what `make test` has), every example
that its cross-validation got wrong; with several (runs with other seeds,
NLU_CV_SEED, into other folders), only the examples wrong in every one of
them, since an example that one fold split gets wrong and another gets right
is as much the draw as the data. An error is matched to its example by label
and text (entity annotations dropped, blanks tidied); an error whose example
is no longer in the data means the report is older than the data, and is
counted apart.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.review.finding import Finding
from bot.review.training_data import FAQ, Example, plain

INTENT_ERRORS = "intent_errors.json"
TOPIC_ERRORS = "response_selection_errors.json"
MARKER = "intent_report.json"


class CvReportError(ValueError):
    """A folder that is not a readable cross-validation report (the message says why)."""


@dataclass(frozen=True)
class Miss:
    label: str  # the intent ("faq" for any FAQ example) or the topic ("faq/duration")
    text: str
    predicted: str
    confidence: float


def _tidy(text: str) -> str:
    return " ".join(text.split())


def _entries(path: Path) -> list[Any]:
    if not path.exists():
        return []  # Rasa writes no errors file when there is no error
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        raise CvReportError(f"cannot read {path}: {exc}") from None
    if not isinstance(data, list):
        raise CvReportError(f"{path} is not a list of errors")
    return data


def _miss(entry: Any, label_key: str, prediction_key: str, path: Path) -> Miss:
    try:
        prediction = entry[prediction_key] or {}
        return Miss(
            str(entry[label_key]),
            _tidy(str(entry["text"])),
            str(prediction.get("name")),
            float(prediction.get("confidence") or 0.0),
        )
    except (KeyError, TypeError, AttributeError, ValueError):
        raise CvReportError(
            f"{path}: an entry without {label_key!r}, 'text' or {prediction_key!r}: {entry!r}"
        ) from None


def read_misses(report_dir: Path) -> list[Miss]:
    """The report's intent and FAQ-topic errors."""
    if not (report_dir / MARKER).is_file():
        raise CvReportError(f"{report_dir} has no {MARKER}: not a `rasa test nlu --cross-validation` report")
    intents = report_dir / INTENT_ERRORS
    topics = report_dir / TOPIC_ERRORS
    return [_miss(e, "intent", "intent_prediction", intents) for e in _entries(intents)] + [
        _miss(e, "intent_response_key_target", "intent_response_key_prediction", topics) for e in _entries(topics)
    ]


def _key(example: Example) -> tuple[str, str]:
    return example.intent, _tidy(plain(example.text))


@dataclass(frozen=True)
class CvResult:
    findings: list[Finding]  # one per example wrong in every report, at its file and line
    runs: int
    stale: int  # errors of the reports whose example is not in the data any more


def misclassified(examples: Sequence[Example], report_dirs: Sequence[Path]) -> CvResult:
    by_key: dict[tuple[str, str], list[Example]] = {}
    for example in examples:
        by_key.setdefault(_key(example), []).append(example)
        if example.intent.startswith(FAQ + "/"):  # the intent classifier sees it as `faq`
            by_key.setdefault((FAQ, _key(example)[1]), []).append(example)
    per_run: list[dict[Example, list[Miss]]] = []
    stale = 0
    for report_dir in report_dirs:
        wrong: dict[Example, list[Miss]] = {}
        for miss in read_misses(report_dir):
            if not miss.label:  # a message without a target (Rasa filters these; an old report may not)
                continue
            matches = by_key.get((miss.label, miss.text))
            if not matches:
                stale += 1
            for example in matches or []:
                wrong.setdefault(example, []).append(miss)
        per_run.append(wrong)
    kept = set(per_run[0]).intersection(*per_run[1:]) if per_run else set()
    findings = []
    for example in kept:
        predictions = "; ".join(
            f"{miss.predicted} ({miss.confidence:.2f})" for wrong in per_run for miss in wrong[example]
        )
        findings.append(
            Finding(
                example.path,
                example.line,
                "misclassified",
                f"{example.text!r} ({example.intent}) was predicted as {predictions} "
                f"in {len(per_run)} of {len(per_run)} cross-validation run(s)",
            )
        )
    return CvResult(findings, len(per_run), stale)
