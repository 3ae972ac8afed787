"""`python -m bot review SUBCOMMAND`: the trainers' review queue.

Subcommands: collect (from the tracker store), list, show, label, skip,
export (CSV), import (CSV). Every bad input is one line on stderr starting
with "error:" and exit status 2.

CSV: `export` writes one row per item (EXPORT_COLUMNS). `import` reads the
columns `id` and `label`, and `text` when present (the example to write, if
the trainer edited it); a row with an empty label is left alone, the label
`skip` skips the item, a row whose item is no longer open is left alone and
counted. Every row is checked before anything is written. A cell that a
spreadsheet would run as a formula (starting with = + - @) is written with a
leading apostrophe, which `import` removes again.
"""

from __future__ import annotations

import argparse
import csv
import getpass
import sys
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import TextIO

from bot.db import Database
from bot.review.arguments import OneLineErrorParser, fraction, positive_int
from bot.review.decisions import label_item
from bot.review.label import LabelError, add_example
from bot.review.models import STATUS_OPEN, STATUSES, ReviewItem
from bot.review.store import (
    ReviewError,
    collect,
    get_item,
    list_items,
    mark_skipped,
)
from bot.settings import get_settings

EXPORT_COLUMNS = (
    "id",
    "group",
    "status",
    "reasons",
    "text",
    "intent",
    "intent_confidence",
    "topic",
    "topic_confidence",
    "reply",
    "label",
    "labelled_by",
    "labelled_at",
)
SKIP = "skip"
_FORMULA_START = ("=", "+", "-", "@")


class _Refused(Exception):
    """Bad input found by the command itself (printed as one line, exit 2)."""


def _confidence(value: float | Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}"


def _prediction(item: ReviewItem) -> str:
    parts = [f"{item.intent or '-'} {_confidence(item.intent_confidence)}".strip()]
    if item.topic:
        parts.append(f"{item.topic} {_confidence(item.topic_confidence)}".strip())
    return " / ".join(parts)


def _group_numbers(items: Sequence[ReviewItem]) -> dict[str, int]:
    numbers: dict[str, int] = {}
    for item in items:
        numbers.setdefault(item.group_key, len(numbers) + 1)
    return numbers


_positive_id = positive_int("ID")
_threshold = fraction("the threshold")


def _safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _unsafe_cell(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:2] in _FORMULA_START else text


def _parser() -> argparse.ArgumentParser:
    parser = OneLineErrorParser(prog="python -m bot review", description="The trainers' review queue.")
    parser.add_argument("--database-url", help="overrides DATABASE_URL")
    commands = parser.add_subparsers(dest="command", metavar="SUBCOMMAND", required=True)

    c = commands.add_parser("collect", help="add unclear visitor messages from the tracker store")
    c.add_argument("--tracker-store-url", help="overrides TRACKER_STORE_URL")
    c.add_argument("--threshold", type=_threshold, help="overrides REVIEW_CONFIDENCE_THRESHOLD")

    c = commands.add_parser("list", help="list the queue, similar messages together")
    c.add_argument("--status", choices=(*STATUSES, "all"), default=STATUS_OPEN)
    c.add_argument("--limit", type=_positive_id, help="at most this many items")

    c = commands.add_parser("show", help="one item in full")
    c.add_argument("id", type=_positive_id, metavar="ID")

    c = commands.add_parser("label", help="write the item as a training example of LABEL")
    c.add_argument("id", type=_positive_id, metavar="ID")
    c.add_argument("label", metavar="LABEL", help="an intent, or faq/<topic> (new topics allowed)")
    c.add_argument("--text", help="the example to write instead of the item's text")
    c.add_argument("--by", default=None, help="who labels (default: the login name)")
    c.add_argument("--data-dir", type=Path, default=None, help="overrides REVIEW_NLU_DIR (default: data/nlu)")

    c = commands.add_parser("skip", help="mark the item as not worth an example")
    c.add_argument("id", type=_positive_id, metavar="ID")
    c.add_argument("--by", default=None, help="who decides (default: the login name)")

    c = commands.add_parser("export", help="write the queue as CSV")
    c.add_argument("file", metavar="FILE", help="a path, or - for standard output")
    c.add_argument("--status", choices=(*STATUSES, "all"), default=STATUS_OPEN)

    c = commands.add_parser("import", help="label or skip items from a CSV (columns id, label[, text])")
    c.add_argument("file", metavar="FILE", type=Path)
    c.add_argument("--by", default=None, help="who labels (default: the login name)")
    c.add_argument("--data-dir", type=Path, default=None, help="overrides REVIEW_NLU_DIR (default: data/nlu)")
    return parser


def _who(by: str | None) -> str:
    who = (by if by is not None else getpass.getuser()).strip()
    if not who or len(who) > 64:
        raise _Refused("--by must be a name of 1 to 64 characters")
    return who


def _status(value: str) -> str | None:
    return None if value == "all" else value


def _list(db: Database, args: argparse.Namespace) -> None:
    items = list_items(db, _status(args.status), args.limit)
    numbers = _group_numbers(items)
    for item in items:
        text = " ".join(item.text.split())
        print(
            f"{item.id:>5}  group {numbers[item.group_key]:<3} {item.status:<8} "
            f"{item.reasons:<28} {_prediction(item):<36} {text[:80]}"
        )
    print(f"{len(items)} item(s) in {len(numbers)} group(s)")


def _show(db: Database, args: argparse.Namespace) -> None:
    item = get_item(db, args.id)
    print(f"item {item.id} ({item.status})")
    print(f"  message:    {item.text}")
    print(f"  sent:       {item.sent_at:%Y-%m-%d %H:%M} UTC, conversation {item.conversation_id}")
    print(f"  why:        {item.reasons.replace(',', ', ')}")
    print(f"  predicted:  {_prediction(item)}")
    print(f"  reply:      {' | '.join((item.reply or '-').splitlines())}")
    print(f"  group:      {item.group_key}")
    if item.labelled_at is not None:
        print(f"  decided:    {item.label or 'skipped'} by {item.labelled_by} at {item.labelled_at:%Y-%m-%d %H:%M} UTC")


def _data_dir(args: argparse.Namespace) -> Path:
    return Path(args.data_dir) if args.data_dir is not None else get_settings().review_nlu_path


def _label(db: Database, args: argparse.Namespace) -> None:
    _, added = label_item(db, args.id, args.label, _who(args.by), text=args.text, nlu_dir=_data_dir(args))
    print(f"added the example to {added.path}" + (" (a new topic)" if added.new_topic else ""))
    if added.new_topic:
        print(
            f"add its answer utter_{args.label} to domain.yml and the facts it must state under "
            f"`metadata: facts:` in {added.path.name} (README 'Adding an FAQ topic'; check-data reports both)"
        )


def _skip(db: Database, args: argparse.Namespace) -> None:
    mark_skipped(db, args.id, _who(args.by))
    print(f"skipped item {args.id}")


def _export(db: Database, args: argparse.Namespace) -> None:
    items = list_items(db, _status(args.status))
    numbers = _group_numbers(items)
    if args.file == "-":
        _write_csv(sys.stdout, items, numbers)
    else:
        with open(args.file, "w", newline="", encoding="utf-8") as out:
            _write_csv(out, items, numbers)
        print(f"wrote {len(items)} item(s) to {args.file}")


def _write_csv(out: TextIO, items: Sequence[ReviewItem], numbers: dict[str, int]) -> None:
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    for item in items:
        writer.writerow(
            [
                _safe_cell(v)
                for v in (
                    item.id,
                    numbers[item.group_key],
                    item.status,
                    item.reasons,
                    item.text,
                    item.intent,
                    _confidence(item.intent_confidence),
                    item.topic,
                    _confidence(item.topic_confidence),
                    item.reply,
                    item.label,
                    item.labelled_by,
                    item.labelled_at.isoformat() if item.labelled_at else "",
                )
            ]
        )


def _import(db: Database, args: argparse.Namespace) -> None:
    who = _who(args.by)
    data_dir = _data_dir(args)
    try:
        with args.file.open(newline="", encoding="utf-8") as source:
            reader = csv.DictReader(source)
            rows = list(reader)
            columns = set(reader.fieldnames or ())
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise _Refused(f"cannot read {args.file}: {exc}") from None
    if not {"id", "label"} <= columns:
        raise _Refused(f"{args.file} needs the columns id and label")
    planned = []
    decided = 0
    for number, row in enumerate(rows, start=1):
        label = _unsafe_cell((row.get("label") or "").strip())
        if not label:
            continue
        try:
            item = get_item(db, _positive_id((row.get("id") or "").strip()))
        except (argparse.ArgumentTypeError, ReviewError) as exc:
            raise _Refused(f"{args.file} row {number}: {exc}") from None
        if item.status != STATUS_OPEN:
            decided += 1
            continue
        text = _unsafe_cell(row.get("text") or "").strip() or item.text
        if label != SKIP:
            try:
                add_example(label, text, data_dir, dry_run=True)
            except LabelError as exc:
                raise _Refused(f"{args.file} row {number}: {exc}") from None
        planned.append((number, item.id, label, text))
    labelled = skipped = 0
    for number, item_id, label, text in planned:
        if label == SKIP:
            mark_skipped(db, item_id, who)
            skipped += 1
            continue
        try:
            label_item(db, item_id, label, who, text=text, nlu_dir=data_dir)
        except (LabelError, ReviewError) as exc:  # e.g. the same example twice in the file
            raise _Refused(f"{args.file} row {number}: {exc} ({labelled} row(s) before it were written)") from None
        labelled += 1
    print(f"labelled {labelled}, skipped {skipped}, left {decided} already decided item(s) alone")


def _collect(db: Database, args: argparse.Namespace) -> None:
    settings = get_settings()
    if settings.review_retention_days <= 0:
        raise _Refused("REVIEW_RETENTION_DAYS must be positive")
    result = collect(
        db,
        args.tracker_store_url or settings.tracker_store_url,
        args.threshold if args.threshold is not None else settings.review_confidence_threshold,
        settings.review_retention_days,
    )
    print(f"read {result.conversations} conversation(s), added {result.added} item(s) to the queue")


_ACTIONS = {
    "collect": _collect,
    "list": _list,
    "show": _show,
    "label": _label,
    "skip": _skip,
    "export": _export,
    "import": _import,
}


def cli(argv: list[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # --help (0) or a bad argument (2, already printed)
        return int(exc.code or 0)
    try:
        db = Database(args.database_url, hide_parameters=True)
    except ValueError as exc:  # a bad DATABASE_URL or setting
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        db.create_schema()
        _ACTIONS[args.command](db, args)
    except (_Refused, ReviewError, LabelError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        db.dispose()
    return 0
