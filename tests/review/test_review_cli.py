"""`python -m bot review`: collect, list, show, label, skip, export and import,
on SQLite and PostgreSQL; every bad input is one line starting with "error:"
and exit status 2. Labels are written to a temporary copy of data/nlu."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

from bot.review.cli import cli
from bot.review.collect import Candidate
from bot.review.store import add_candidates, get_item, list_items
from bot.review.training_data import NLU_DIR, load_blocks
from tests.review.test_review_collect import Conversation

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime.now(timezone.utc)


def candidate(event_id: int, text: str, reasons=("fallback",)) -> Candidate:
    return Candidate(
        event_id=event_id,
        sent_at=NOW.timestamp(),
        text=text,
        reasons=reasons,
        intent="faq",
        intent_confidence=0.41,
        topic="faq/cost_insurance",
        topic_confidence=0.33,
        reply="It depends on your insurance",
    )


@pytest.fixture
def queue(db):
    add_candidates(
        db,
        "c1",
        [
            candidate(1, "how much is iop per week"),
            candidate(2, "how much is iop each week"),
            candidate(3, "=cmd|' /c calc'!A1 does it hurt"),
            candidate(4, "call me at [phone] about costs"),
        ],
    )
    return db


@pytest.fixture
def nlu(tmp_path) -> Path:
    copy = tmp_path / "nlu"
    shutil.copytree(NLU_DIR, copy)
    return copy


def run(db, *args, capsys):
    code = cli(["--database-url", db.engine.url.render_as_string(hide_password=False), *args])
    out, err = capsys.readouterr()
    return code, out, err


def examples_of(nlu: Path, intent: str) -> list:
    return [e.text for b in load_blocks(nlu) if b.intent == intent for e in b.examples]


def test_list_groups_similar_messages_and_show_gives_the_prediction_and_reply(queue, capsys):
    code, out, _ = run(queue, "list", capsys=capsys)
    assert code == 0
    lines = out.splitlines()
    assert [line.split()[0] for line in lines[:-1]] == ["1", "2", "3", "4"]
    assert "group 1" in lines[0] and "group 1" in lines[1] and "group 2" in lines[2]
    assert "faq 0.41 / faq/cost_insurance 0.33" in lines[0]
    assert lines[-1] == "4 item(s) in 3 group(s)"

    code, out, _ = run(queue, "show", "1", capsys=capsys)
    assert code == 0
    assert "message:    how much is iop per week" in out
    assert "reply:      It depends on your insurance" in out


def test_label_writes_the_example_and_marks_the_item_done(queue, nlu, capsys):
    code, out, _ = run(queue, "label", "1", "faq/cost_insurance", "--by", "ana", "--data-dir", str(nlu), capsys=capsys)
    assert code == 0, out
    assert examples_of(nlu, "faq/cost_insurance")[-1] == "how much is iop per week"
    item = get_item(queue, 1)
    assert (item.status, item.label, item.labelled_by) == ("labelled", "faq/cost_insurance", "ana")
    assert item.labelled_at is not None

    code, out, _ = run(queue, "skip", "2", "--by", "ben", capsys=capsys)
    assert code == 0 and get_item(queue, 2).status == "skipped"
    assert [i.id for i in list_items(queue)] == [3, 4]


def test_export_then_import_labels_and_skips(queue, nlu, tmp_path, capsys):
    exported = tmp_path / "queue.csv"
    assert run(queue, "export", str(exported), capsys=capsys)[0] == 0
    rows = list(csv.DictReader(exported.open()))
    assert [r["id"] for r in rows] == ["1", "2", "3", "4"]
    assert rows[2]["text"].startswith("'=cmd")  # never a formula in a spreadsheet
    rows[0]["label"] = "faq/cost_insurance"
    rows[1]["label"] = "skip"
    rows[3]["label"] = "faq/cost_insurance"
    rows[3]["text"] = "can someone call me about costs"
    with exported.open("w", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=rows[0].keys())
        writer.writeheader()
        writer.writerows(rows)

    code, out, err = run(queue, "import", str(exported), "--by", "ana", "--data-dir", str(nlu), capsys=capsys)

    assert code == 0, err
    assert out.strip() == "labelled 2, skipped 1, left 0 already decided item(s) alone"
    assert examples_of(nlu, "faq/cost_insurance")[-2:] == [
        "how much is iop per week",
        "can someone call me about costs",
    ]
    assert [i.status for i in list_items(queue, status=None)] == ["labelled", "skipped", "open", "labelled"]


def test_an_import_with_one_bad_row_changes_nothing(queue, nlu, tmp_path, capsys):
    source = tmp_path / "in.csv"
    source.write_text("id,label\n1,faq/cost_insurance\n4,faq/cost_insurance\n")
    before = {p: p.read_text() for p in nlu.rglob("*.yml")}

    code, out, err = run(queue, "import", str(source), "--data-dir", str(nlu), capsys=capsys)

    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and err.startswith(f"error: {source} row 2: ")
    assert "placeholder [phone]" in err
    assert {p: p.read_text() for p in nlu.rglob("*.yml")} == before
    assert [i.status for i in list_items(queue, status=None)] == ["open"] * 4


@pytest.mark.parametrize(
    "args, message",
    [
        (["show", "99"], "error: no review item 99"),
        (["show", "x"], "error: argument ID: ID must be a whole number, got 'x'"),
        (["label", "1", "nonsense"], "error: unknown intent 'nonsense' (a new label must be faq/<topic>)"),
        (["skip", "1", "--by", " "], "error: --by must be a name of 1 to 64 characters"),
        (["list", "--status", "done"], "error: argument --status: invalid choice: 'done'"),
        (["frobnicate"], "error: argument SUBCOMMAND: invalid choice: 'frobnicate'"),
        (["import", "/nonexistent.csv"], "error: cannot read /nonexistent.csv"),
        (["collect", "--threshold", "2"], "error: argument --threshold: the threshold must be in (0, 1], got 2"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(queue, nlu, args, message, capsys):
    if args[0] == "label":
        args = [*args, "--data-dir", str(nlu)]
    code, out, err = run(queue, *args, capsys=capsys)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and err.startswith(message), err
    assert get_item(queue, 1).status == "open"


def test_labelling_a_decided_item_is_refused(queue, nlu, capsys):
    run(queue, "skip", "1", capsys=capsys)
    code, _, err = run(queue, "label", "1", "greet", "--data-dir", str(nlu), capsys=capsys)
    assert (code, err) == (2, "error: review item 1 is already skipped\n")


def test_python_m_bot_review_collects_from_the_tracker_store(db, db_url):
    from bot.review.tracker import events

    events.metadata.create_all(db.engine)
    (
        Conversation(start=NOW)
        .user("wat abt my dog", "nlu_fallback", 0.2)
        .action("action_handle_fallback")
        .bot("Sorry")
    ).store(db.engine, "conv-1")
    env = dict(
        os.environ,
        PYTHONPATH=str(ROOT),
        DATABASE_URL=db_url,
        TRACKER_STORE_URL=db_url,
        SQLALCHEMY_SILENCE_UBER_WARNING="1",
    )

    def review(*args):
        return subprocess.run(
            [sys.executable, "-m", "bot", "review", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )

    done = review("collect")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "read 1 conversation(s), added 1 item(s) to the queue"
    listed = review("list")
    assert "wat abt my dog" in listed.stdout and "fallback" in listed.stdout
