"""`python -m bot check-data`: checks on the NLU training data, each finding
naming its file and line.

Rules (examples are compared without entity annotations, in the normalised
form of bot.review.group.normalised: lower case, words only):
* `duplicate`: the same example under two intents or FAQ topics (Rasa's
  `data validate` catches it across top-level intents only, not across
  topics); reported at the later copy.
* `near-duplicate`: examples of different intents or topics whose TF-IDF
  vectors (words and word pairs, the features the intent classifier weighs,
  rasa_plugins/linear_nlu.py) have a cosine similarity of at least
  `NEAR_DUPLICATE`; reported at the later one.
* `few examples`: an intent or topic with fewer than `MIN_EXAMPLES` examples.
* `no response`: an FAQ topic without its answer `utter_faq/<topic>` in
  domain.yml; `no examples`: an answer `utter_faq/<topic>` whose topic has no
  examples.
* `no facts`, `bad fact`, `missing fact`: the facts each FAQ answer must state
  (bot/review/facts.py).
* with `--cv-report DIR`, `misclassified`: the examples the NLU
  cross-validation got wrong (bot/review/cv_report.py), listed for the trainer
  and not counted as findings: their number moves with the data and the fold
  split, and the cross-validation's own F1 gate already fails a real drop.
Exit status 1 when there is a finding, 0 when there is none, 2 on bad input.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from sklearn.feature_extraction.text import TfidfVectorizer

from bot.review.arguments import OneLineErrorParser, fraction, positive_int
from bot.review.cv_report import CvReportError, misclassified
from bot.review.facts import fact_findings, load_responses
from bot.review.finding import Finding
from bot.review.group import normalised
from bot.review.training_data import FAQ, NLU_DIR, Block, Example, load_blocks, plain
from bot.settings import PROJECT_ROOT

MIN_EXAMPLES = 20
NEAR_DUPLICATE = 0.8
DOMAIN = PROJECT_ROOT / "domain.yml"
_CHUNK = 512  # rows of the similarity matrix computed at once (memory)


def _where(example: Example) -> str:
    return f"{example.path.name}:{example.line}"


def duplicates(examples: Sequence[Example]) -> list[Finding]:
    first: dict[str, Example] = {}
    found = []
    for example in examples:
        key = normalised(plain(example.text))
        earlier = first.setdefault(key, example)
        if earlier is not example and earlier.intent != example.intent:
            found.append(
                Finding(
                    example.path,
                    example.line,
                    "duplicate",
                    f"{example.text!r} ({example.intent}) is also an example of {earlier.intent} ({_where(earlier)})",
                )
            )
    return found


def near_duplicates(examples: Sequence[Example], threshold: float = NEAR_DUPLICATE) -> list[Finding]:
    if len(examples) < 2:
        return []
    texts = [normalised(plain(e.text)) for e in examples]
    matrix = TfidfVectorizer(ngram_range=(1, 2), token_pattern=r"\S+").fit_transform(texts)
    found = []
    for start in range(0, len(examples), _CHUNK):
        block = (matrix[start : start + _CHUNK] @ matrix.T).toarray()
        for row, similarities in enumerate(block):
            i = start + row
            for j in similarities[:i].nonzero()[0]:  # earlier examples only
                if (
                    similarities[j] >= threshold
                    and examples[i].intent != examples[j].intent
                    and texts[i] != texts[j]  # that is a duplicate
                ):
                    found.append(
                        Finding(
                            examples[i].path,
                            examples[i].line,
                            "near-duplicate",
                            f"{examples[i].text!r} ({examples[i].intent}) is "
                            f"{similarities[j]:.2f} similar to {examples[j].text!r} "
                            f"({examples[j].intent}, {_where(examples[j])})",
                        )
                    )
    return found


def few_examples(blocks: Sequence[Block], minimum: int = MIN_EXAMPLES) -> list[Finding]:
    counts: dict[str, int] = defaultdict(int)
    first: dict[str, Block] = {}
    for block in blocks:
        counts[block.intent] += len(block.examples)
        first.setdefault(block.intent, block)
    return [
        Finding(
            first[intent].path,
            first[intent].line,
            "few examples",
            f"{intent} has {count} example(s), fewer than {minimum}",
        )
        for intent, count in counts.items()
        if count < minimum
    ]


def missing_responses(blocks: Sequence[Block], domain_path: Path = DOMAIN) -> list[Finding]:
    responses = load_responses(domain_path)
    found, seen = [], set()
    for block in blocks:
        if block.intent.startswith(FAQ + "/") and block.intent not in seen:
            seen.add(block.intent)
            if f"utter_{block.intent}" not in responses:
                found.append(
                    Finding(
                        block.path,
                        block.line,
                        "no response",
                        f"{block.intent} has no response utter_{block.intent} in {domain_path.name}",
                    )
                )
    for name in responses:  # the other way round: an answer no example leads to
        if str(name).startswith(f"utter_{FAQ}/") and str(name)[len("utter_") :] not in seen:
            found.append(
                Finding(
                    domain_path,
                    responses.lc.key(name)[0] + 1,
                    "no examples",
                    f"{name} answers {str(name)[len('utter_') :]}, which has no examples "
                    f"(data/nlu/faq/{str(name)[len('utter_faq/') :]}.yml)",
                )
            )
    return found


def check_data(
    nlu_dir: Path = NLU_DIR,
    domain_path: Path = DOMAIN,
    minimum: int = MIN_EXAMPLES,
    threshold: float = NEAR_DUPLICATE,
) -> list[Finding]:
    """Every finding, in file and line order."""
    blocks = load_blocks(nlu_dir)
    examples = [e for b in blocks for e in b.examples]
    findings = (
        duplicates(examples)
        + near_duplicates(examples, threshold)
        + few_examples(blocks, minimum)
        + missing_responses(blocks, domain_path)
        + fact_findings(blocks, domain_path)
    )
    return in_file_order(findings, blocks)


def in_file_order(findings: Sequence[Finding], blocks: Sequence[Block]) -> list[Finding]:
    order = {path: index for index, path in enumerate(dict.fromkeys(b.path for b in blocks))}
    return sorted(findings, key=lambda f: (order.get(f.path, len(order)), f.line, f.kind))


def cli(argv: list[str] | None = None) -> int:
    parser = OneLineErrorParser(
        prog="python -m bot check-data",
        description="Check the NLU training data: examples under two intents or topics, "
        "near-duplicates across intents, intents and topics with few examples, FAQ topics "
        "without a response or facts, answers that lack a fact; optionally the examples a "
        "cross-validation misclassified. Exit status 1 when there is a finding.",
    )
    parser.add_argument("--data-dir", type=Path, default=NLU_DIR, help="default: data/nlu")
    parser.add_argument("--domain", type=Path, default=DOMAIN, help="default: domain.yml")
    parser.add_argument("--min-examples", type=positive_int(), default=MIN_EXAMPLES)
    parser.add_argument(
        "--similarity",
        type=fraction(),
        default=NEAR_DUPLICATE,
        help="near-duplicate cosine similarity (default %(default)s)",
    )
    parser.add_argument(
        "--cv-report",
        type=Path,
        action="append",
        default=[],
        metavar="DIR",
        help="also list the examples misclassified in this cross-validation report (e.g. results/nlu-cv); "
        "given several times, only those misclassified in every one. Reported, not counted as findings",
    )
    parser.add_argument("--cv-only", action="store_true", help="only the --cv-report list, no data checks")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    if args.cv_only and not args.cv_report:
        print("error: --cv-only needs --cv-report DIR", file=sys.stderr)
        return 2
    for path, what in (
        (args.data_dir, "directory"),
        (args.domain, "file"),
        *((d, "directory") for d in args.cv_report),
    ):
        if not (path.is_dir() if what == "directory" else path.is_file()):
            print(f"error: no such {what}: {path}", file=sys.stderr)
            return 2
    try:
        blocks = load_blocks(args.data_dir)
        findings = [] if args.cv_only else check_data(args.data_dir, args.domain, args.min_examples, args.similarity)
        cv = misclassified([e for b in blocks for e in b.examples], args.cv_report) if args.cv_report else None
    except CvReportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 - unreadable YAML: one line, not a traceback
        print(f"error: cannot read the training data: {type(exc).__name__}: {exc}".splitlines()[0], file=sys.stderr)
        return 2
    if not args.cv_only:
        for finding in findings:
            print(finding.render())
        print(f"{len(findings)} finding(s)")
    if cv is not None:
        for finding in in_file_order(cv.findings, blocks):
            print(finding.render())
        print(
            f"{len(cv.findings)} example(s) misclassified in every one of {cv.runs} cross-validation run(s) "
            "(a report for the trainer, not a gate: docs/training-data.md)"
        )
        if cv.stale:
            print(f"note: {cv.stale} error(s) of the report name examples no longer in the data: is it older?")
    return 1 if findings else 0
