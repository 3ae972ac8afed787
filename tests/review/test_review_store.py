"""The review queue's store: deciding items once, and deleting them after the
retention period through `python -m bot purge` (REVIEW_RETENTION_DAYS)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from bot.review.collect import Candidate
from bot.review.store import (
    ReviewError,
    add_candidates,
    get_item,
    list_items,
    mark_labelled,
    mark_skipped,
    purge_review_items,
)

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime.now(timezone.utc)


def candidate(event_id: int, text: str = "what is iop exactly") -> Candidate:
    return Candidate(
        event_id=event_id,
        sent_at=NOW.timestamp(),
        text=text,
        reasons=("fallback",),
        intent="help",
        intent_confidence=0.2,
        topic=None,
        topic_confidence=None,
        reply="I can explain IOP",
    )


def test_an_item_is_decided_once_with_who_and_when(db):
    add_candidates(db, "c1", [candidate(1), candidate(2, "totally different words here")], now=NOW)
    first, second = list_items(db)

    labelled = mark_labelled(db, first.id, "faq/what_is_iop", "ana", now=NOW)
    assert (labelled.status, labelled.label, labelled.labelled_by) == ("labelled", "faq/what_is_iop", "ana")
    assert labelled.labelled_at == NOW.replace(tzinfo=None)
    mark_skipped(db, second.id, "ben")
    assert get_item(db, second.id).status == "skipped"
    assert list_items(db) == []
    assert len(list_items(db, status=None)) == 2
    with pytest.raises(ReviewError, match="already labelled"):
        mark_skipped(db, first.id, "ben")
    with pytest.raises(ReviewError, match="no review item 999"):
        get_item(db, 999)


def test_purge_deletes_items_collected_before_the_retention_period(db):
    add_candidates(db, "old", [candidate(1)], now=NOW - timedelta(days=40))
    add_candidates(db, "new", [candidate(2)], now=NOW - timedelta(days=2))

    assert purge_review_items(db, 30, dry_run=True) == 1
    assert len(list_items(db, status=None)) == 2
    assert purge_review_items(db, 30) == 1
    assert [i.conversation_id for i in list_items(db, status=None)] == ["new"]
    with pytest.raises(ValueError):
        purge_review_items(db, 0)


def test_the_purge_command_deletes_old_review_items(db, db_url):
    add_candidates(db, "old", [candidate(1)], now=NOW - timedelta(days=10))
    add_candidates(db, "new", [candidate(2)], now=NOW - timedelta(days=2))
    env = dict(
        os.environ,
        PYTHONPATH=str(ROOT),
        DATABASE_URL=db_url,
        SQLALCHEMY_SILENCE_UBER_WARNING="1",
        REVIEW_RETENTION_DAYS="7",
    )

    def purge(**extra):
        return subprocess.run(
            [sys.executable, "-m", "bot", "purge", "--older-than", "365"],
            cwd=ROOT,
            env=dict(env, **extra),
            capture_output=True,
            text=True,
            timeout=60,
        )

    bad = purge(REVIEW_RETENTION_DAYS="0")
    assert bad.returncode == 2 and bad.stderr.strip() == "error: REVIEW_RETENTION_DAYS must be positive"
    done = purge()
    assert done.returncode == 0, done.stderr
    assert "deleted 1 review queue item(s) collected more than 7 day(s) ago" in done.stdout
    assert [i.conversation_id for i in list_items(db, status=None)] == ["new"]
