"""Reads Rasa's NLU cross-validation reports, prints per-intent and per-topic F1,
and fails when a macro-averaged F1 is below the gate.

    python -m tests.nlu_gate RESULTS_DIR [--min-macro-f1 0.93]

RESULTS_DIR is the --out folder of `rasa test nlu --cross-validation`; it holds
intent_report.json and (for the faq retrieval intent) response_selection_report.json.
The table is also written to RESULTS_DIR/nlu_f1.md.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

SUMMARY_KEYS = {"accuracy", "macro avg", "weighted avg", "micro avg"}


def per_label_f1(report: dict) -> list[tuple[str, float, int]]:
    rows = []
    for label, values in report.items():
        if label in SUMMARY_KEYS or not isinstance(values, dict):
            continue
        rows.append((label, float(values.get("f1-score", 0.0)), int(values.get("support", 0))))
    return sorted(rows, key=lambda row: (row[1], row[0]))


def macro_f1(report: dict) -> float:
    return float(report["macro avg"]["f1-score"])


def _load(path: Path) -> dict | None:
    return json.loads(path.read_text()) if path.exists() else None


def render(title: str, report: dict) -> list[str]:
    lines = [
        f"## {title}: macro-averaged F1 {macro_f1(report):.3f}",
        "",
        "| label | F1 | support |",
        "| --- | ---: | ---: |",
    ]
    lines += [f"| {label} | {f1:.3f} | {support} |" for label, f1, support in per_label_f1(report)]
    return [*lines, ""]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("results_dir", type=Path)
    parser.add_argument("--min-macro-f1", type=float, default=0.93)
    args = parser.parse_args(argv)

    intents = _load(args.results_dir / "intent_report.json")
    if intents is None:
        print(f"error: no intent_report.json in {args.results_dir}", file=sys.stderr)
        return 2
    reports = [("Intents", intents)]
    topics = _load(args.results_dir / "response_selection_report.json")
    if topics is not None:
        reports.append(("FAQ topics (response selection)", topics))

    lines: list[str] = ["# NLU cross-validation", ""]
    failed = []
    for title, report in reports:
        lines += render(title, report)
        if macro_f1(report) < args.min_macro_f1:
            failed.append(f"{title}: {macro_f1(report):.3f} < {args.min_macro_f1:.2f}")
    text = "\n".join(lines)
    (args.results_dir / "nlu_f1.md").write_text(text)
    print(text)
    if failed:
        print("NLU gate FAILED: " + "; ".join(failed), file=sys.stderr)
        return 1
    print(f"NLU gate passed (macro F1 >= {args.min_macro_f1:.2f}).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
