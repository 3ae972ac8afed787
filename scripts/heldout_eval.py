"""Held-out measurement of the trained NLU (`make heldout`, issue 12).

Parses every message in tests/heldout/*.yml (written blind; never train on
them) with the trained model through rasa's Agent, the same NLU the server runs
(classifier, response selector, fallback, crisis override), maps each parse to
the labels the files use, and prints per-file and overall accuracy, crisis
recall on crisis.yml and the false-crisis rate on the look-alike files. The
JSON report, with the misses for developers to study, goes to
var/heldout-report.json (git-ignored): the texts stay out of data/ and out of
the console.

A measurement, not a gate: it always exits 0 once it has run.

    python scripts/heldout_eval.py [--model models/iop.tar.gz] [--out var/heldout-report.json]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import hashlib
import json
import logging
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # bot/ when run as a script

from bot.dialogue.replies import FAQ, answer_order, best_other_intent, reply_topics, states_withdrawal  # noqa: E402
from bot.review.group import normalised  # noqa: E402
from bot.review.training_data import NLU_DIR, load_blocks, plain  # noqa: E402

HELDOUT_DIR = ROOT / "tests" / "heldout"
MODEL = ROOT / "models" / "iop.tar.gz"
REPORT = ROOT / "var" / "heldout-report.json"

CRISIS = "crisis"
CRISIS_FILE = "crisis"
LOOKALIKE_FILES = ("lookalikes", "lookalikes_past")

Parse = Callable[[list[str]], list[Mapping]]


@dataclass(frozen=True)
class Item:
    file: str  # the file's stem, e.g. "two_questions"
    text: str
    labels: tuple[str, ...]  # in the order asked
    location: str | None = None  # the place expected as `location` entity


def load_heldout(directory: Path = HELDOUT_DIR) -> list[Item]:
    """Every message of every *.yml in `directory`, in file order; a malformed
    entry is refused, so a typo cannot silently change a figure."""
    items: list[Item] = []
    for path in sorted(Path(directory).glob("*.yml")):
        data = yaml.safe_load(path.read_text()) or {}
        for number, entry in enumerate(data.get("messages") or [], start=1):
            labels = entry.get("labels") if isinstance(entry, dict) else None
            text = entry.get("text") if isinstance(entry, dict) else None
            if not isinstance(text, str) or not labels or not all(isinstance(label, str) for label in labels):
                raise ValueError(f"{path.name}: message {number} needs a text and a list of labels")
            location = entry.get("location")
            items.append(Item(path.stem, text, tuple(labels), None if location is None else str(location)))
    return items


def predicted_labels(result: Mapping) -> list[str]:
    """What the assistant answers to one parse, in the held-out files'
    vocabulary and in order: `crisis` when the emergency answer is given;
    `past_crisis` for a crisis told as over; for `faq` and
    `describe_situation`, the answers bot.dialogue.replies chooses (the same
    decision the actions take: each topic asked, `detox_first` for withdrawal
    signs, `describe_situation` for the acknowledgement); for a request, the
    FAQ topics asked with it, then its name; else the intent name, whose own
    rule answers it."""
    intent = result.get("intent") or {}
    name = intent.get("name")
    if name == CRISIS or result.get("crisis_detection"):
        return [CRISIS]
    if name is None:
        return ["none"]
    selector = (result.get("response_selector") or {}).get(FAQ) or {}
    topic = (selector.get("response") or {}).get("intent_response_key") or intent.get("full_retrieval_intent_name")
    asked = result.get("questions") or {}
    questions = [t for t in asked.get("topics") or [] if isinstance(t, str)]
    faq_questions = [t for t in asked.get("faq_topics") or [] if isinstance(t, str)]
    withdrawal = states_withdrawal(result.get("entities") or [])
    return reply_topics(name, topic, questions, withdrawal, faq_questions, best_other_intent(result)) or [name]


def _locations(result: Mapping) -> list[str]:
    return [str(e.get("value")).lower() for e in result.get("entities") or [] if e.get("entity") == "location"]


def _rate(hits: int, n: int) -> float | None:
    return hits / n if n else None


def training_texts(nlu: Path = NLU_DIR) -> frozenset[str]:
    """Every training example in the review queue's normalised form (lower
    case, words only, annotations removed)."""
    return frozenset(normalised(plain(e.text)) for block in load_blocks(nlu) for e in block.examples)


def evaluate(items: Sequence[Item], parse: Parse, trained: frozenset[str] = frozenset()) -> dict:
    """Scores `items` with `parse` (texts -> Rasa parse results). A message is
    right when the assistant gives exactly its labels' answers, in order: for a
    two-question message both halves, and nothing else. The order is the one
    asked, except that an FAQ answer comes before a request's flow whichever
    was asked first (bot.dialogue.replies.answer_order; docs/nlu.md).

    `unseen` repeats the overall and crisis figures on the messages that are
    not training examples (`trained`, normalised): a blind writer picks the
    most common wordings too ("hi", "yes"), and the model has seen those, so
    this is the figure for wording it has not seen."""
    results = parse([item.text for item in items])
    files: dict[str, dict] = {}
    misses: list[dict] = []
    two = {"n": 0, "first_half": 0, "either_half": 0, "both": 0}
    alarms = {name: [0, 0] for name in (*LOOKALIKE_FILES, "all_non_crisis")}
    crisis = [0, 0]
    unseen = {"n": 0, "correct": 0, "crisis_n": 0, "crisis_hits": 0}

    for item, result in zip(items, results, strict=True):
        predicted = predicted_labels(result)
        expected = answer_order(item.labels)
        right = predicted == expected
        said_crisis = CRISIS in predicted
        if normalised(item.text) not in trained:
            unseen["n"] += 1
            unseen["correct"] += right
            if item.file == CRISIS_FILE:
                unseen["crisis_n"] += 1
                unseen["crisis_hits"] += said_crisis
        entry = files.setdefault(item.file, {"n": 0, "correct": 0})
        entry["n"] += 1
        entry["correct"] += right

        if len(item.labels) > 1:
            two["n"] += 1
            two["first_half"] += predicted[0] == expected[0]
            two["either_half"] += any(label in item.labels for label in predicted)
            two["both"] += right
        if item.location is not None:
            place = entry.setdefault("location", {"n": 0, "correct": 0})
            place["n"] += 1
            place["correct"] += any(item.location.lower() in value for value in _locations(result))
        if item.file == CRISIS_FILE:
            crisis[0] += said_crisis
            crisis[1] += 1
        else:
            for group in (item.file, "all_non_crisis"):
                if group in alarms:
                    alarms[group][0] += said_crisis
                    alarms[group][1] += 1
        if not right:
            miss = {"file": item.file, "text": item.text, "labels": list(item.labels), "predicted": predicted}
            source = (result.get("crisis_detection") or {}).get("source")
            if source:
                miss["crisis_source"] = source
            misses.append(miss)

    for entry in files.values():
        entry["accuracy"] = _rate(entry["correct"], entry["n"])
    n, correct = len(items), sum(entry["correct"] for entry in files.values())
    lookalikes_all = [sum(alarms[name][i] for name in LOOKALIKE_FILES) for i in (0, 1)]
    false_crisis = {
        name: {"n": n_, "alarms": a, "rate": _rate(a, n_)}
        for name, (a, n_) in {**alarms, "lookalikes_all": lookalikes_all}.items()
    }
    return {
        "files": files,
        "overall": {"n": n, "correct": correct, "accuracy": _rate(correct, n)},
        "crisis_recall": {"n": crisis[1], "hits": crisis[0], "rate": _rate(*crisis)},
        "unseen": {
            **unseen,
            "accuracy": _rate(unseen["correct"], unseen["n"]),
            "crisis_rate": _rate(unseen["crisis_hits"], unseen["crisis_n"]),
        },
        "false_crisis": false_crisis,
        "two_questions": two,
        "misses": misses,
    }


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def render_table(report: Mapping) -> str:
    """Per-file and overall figures, without any message text."""
    rows = [f"{'file':<18}{'n':>5}{'right':>7}{'accuracy':>10}  note", "-" * 60]
    two = report["two_questions"]
    for name, entry in sorted(report["files"].items()):
        note = ""
        if "location" in entry:
            place = entry["location"]
            note = f"location entity {place['correct']}/{place['n']}"
        if name == "two_questions":
            note = f"both halves, in order {two['both']}/{two['n']}" if two["n"] else "both halves, in order"
        rows.append(f"{name:<18}{entry['n']:>5}{entry['correct']:>7}{_pct(entry['accuracy']):>10}  {note}")
    overall = report["overall"]
    rows += ["-" * 60, f"{'overall':<18}{overall['n']:>5}{overall['correct']:>7}{_pct(overall['accuracy']):>10}", ""]
    unseen = report["unseen"]
    rows.append(
        f"{'not in training':<18}{unseen['n']:>5}{unseen['correct']:>7}{_pct(unseen['accuracy']):>10}  "
        f"crisis {unseen['crisis_hits']}/{unseen['crisis_n']}: the messages that are not training examples"
    )
    rows.append("")
    recall = report["crisis_recall"]
    rows.append(f"crisis recall (crisis.yml): {recall['hits']}/{recall['n']} = {_pct(recall['rate'])}")
    for name in (*LOOKALIKE_FILES, "lookalikes_all", "all_non_crisis"):
        alarm = report["false_crisis"][name]
        rows.append(f"false-crisis rate, {name}: {alarm['alarms']}/{alarm['n']} = {_pct(alarm['rate'])}")
    if two["n"]:
        rows.append(
            f"two-question messages (every file): both halves in order {two['both']}/{two['n']}, "
            f"first half {two['first_half']}/{two['n']}, either half {two['either_half']}/{two['n']}"
        )
    return "\n".join(rows)


def agent_parse(model: Path) -> Parse:
    """A parse function backed by the trained model (the server's NLU)."""
    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    # rasa logs each parse with its text at debug level; texts are never logged
    configure_structlog(logging.WARNING)
    logging.getLogger().setLevel(logging.WARNING)
    agent = Agent.load(str(model))

    def parse(texts: list[str]) -> list[Mapping]:
        async def run() -> list[Mapping]:
            return [await agent.parse_message(text) for text in texts]

        return asyncio.run(run())

    return parse


def _commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True)
        return out.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, default=MODEL)
    parser.add_argument("--heldout", type=Path, default=HELDOUT_DIR)
    parser.add_argument("--out", type=Path, default=REPORT)
    parser.add_argument("--nlu", type=Path, default=NLU_DIR, help="the training data, for the `unseen` figure")
    # A regression gate for `make test`: floors at the figures last measured,
    # so a change that loses held-out answers fails (the targets are higher).
    parser.add_argument("--min-accuracy", type=float, default=None)
    parser.add_argument("--min-crisis-recall", type=float, default=None)
    args = parser.parse_args(argv)
    if not args.model.exists():
        print(f"{args.model} not found: run `make model` first", file=sys.stderr)
        return 2

    items = load_heldout(args.heldout)
    report = evaluate(items, agent_parse(args.model), training_texts(args.nlu))
    report = {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "commit": _commit(),
        "model": {
            "path": str(args.model),
            "sha256": hashlib.sha256(args.model.read_bytes()).hexdigest(),
            "modified": datetime.datetime.fromtimestamp(args.model.stat().st_mtime, datetime.timezone.utc).isoformat(
                timespec="seconds"
            ),
        },
        **report,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(render_table(report))
    print(f"\n{len(report['misses'])} misses listed in {args.out}")
    return gate(report, args.min_accuracy, args.min_crisis_recall)


def gate(report: Mapping, min_accuracy: float | None, min_crisis_recall: float | None) -> int:
    """0 when the report clears the floors given (None: no floor), else 1."""
    failures = []
    accuracy = report["overall"]["accuracy"]
    recall = report["crisis_recall"]["rate"]
    if min_accuracy is not None and accuracy < min_accuracy:
        failures.append(f"held-out accuracy {accuracy:.3f} < {min_accuracy}")
    if min_crisis_recall is not None and recall < min_crisis_recall:
        failures.append(f"held-out crisis recall {recall:.3f} < {min_crisis_recall}")
    for failure in failures:
        print(f"held-out gate failed: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
