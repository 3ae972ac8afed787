"""bot/review/decisions.py: the one labelling function of the CLI and the web
page. A refused label changes nothing; labels given at the same time, to the
same file, all land (the data directory's lock); the CLI's data directory
comes from REVIEW_NLU_DIR."""

from __future__ import annotations

import shutil
import threading
from datetime import datetime, timezone
from pathlib import Path

import pytest

from bot.review.cli import cli
from bot.review.collect import Candidate
from bot.review.decisions import label_item
from bot.review.label import LabelError
from bot.review.store import ReviewError, add_candidates, get_item
from bot.review.training_data import NLU_DIR, load_blocks

NOW = datetime.now(timezone.utc)


def candidate(event_id: int, text: str) -> Candidate:
    return Candidate(
        event_id=event_id,
        sent_at=NOW.timestamp(),
        text=text,
        reasons=("fallback",),
        intent="faq",
        intent_confidence=0.3,
        topic=None,
        topic_confidence=None,
        reply="",
    )


@pytest.fixture
def nlu(tmp_path) -> Path:
    copy = tmp_path / "nlu"
    shutil.copytree(NLU_DIR, copy)
    return copy


def examples_of(nlu: Path, intent: str) -> list[str]:
    return [e.text for b in load_blocks(nlu) if b.intent == intent for e in b.examples]


def test_a_refused_label_leaves_the_item_open_and_the_files_alone(db, nlu):
    add_candidates(db, "c1", [candidate(1, "ring me on [phone]")])
    before = {path: path.read_bytes() for path in nlu.rglob("*.yml")}
    with pytest.raises(LabelError, match="placeholder"):
        label_item(db, 1, "request_human", "tess", nlu_dir=nlu)
    with pytest.raises(ReviewError, match="does not exist"):
        label_item(db, 1, "request_human", "tess", text="ring me please", nlu_dir=nlu / "missing")
    assert get_item(db, 1).status == "open"
    assert {path: path.read_bytes() for path in nlu.rglob("*.yml")} == before
    item, added = label_item(db, 1, "request_human", "tess", text="ring me please", nlu_dir=nlu)
    assert (item.status, item.labelled_by, added.path.name) == ("labelled", "tess", "handoff.yml")
    with pytest.raises(ReviewError, match="already labelled"):
        label_item(db, 1, "greet", "tess", text="hello you there", nlu_dir=nlu)


def test_labels_given_at_the_same_time_all_land_in_the_file(db, nlu):
    texts = [f"how much is iop in week {n} of the program" for n in range(8)]
    add_candidates(db, "c1", [candidate(n + 1, text) for n, text in enumerate(texts)])
    errors: list[BaseException] = []

    def label(item_id: int) -> None:
        try:
            label_item(db, item_id, "faq/cost_insurance", f"t{item_id}", nlu_dir=nlu)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=label, args=(n + 1,)) for n in range(len(texts))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(examples_of(nlu, "faq/cost_insurance")[-len(texts) :]) == sorted(texts)


def test_the_cli_writes_where_review_nlu_dir_says(db, nlu, monkeypatch, capsys):
    add_candidates(db, "c1", [candidate(1, "do you take payment plans at all")])
    monkeypatch.setenv("REVIEW_NLU_DIR", str(nlu))
    url = db.engine.url.render_as_string(hide_password=False)
    assert cli(["--database-url", url, "label", "1", "faq/cost_insurance", "--by", "kim"]) == 0
    assert str(nlu / "faq" / "cost_insurance.yml") in capsys.readouterr().out
    assert examples_of(nlu, "faq/cost_insurance")[-1] == "do you take payment plans at all"
    assert "do you take payment plans at all" not in (NLU_DIR / "faq" / "cost_insurance.yml").read_text()
