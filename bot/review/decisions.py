"""A trainer's decision on one queue item, the same from every place that offers it.

`python -m bot review label` and the web app's review page (bot.web.review)
both call `label_item`; both skip through `bot.review.store.mark_skipped`.

Rules:
* Only an open item can be labelled (ReviewError otherwise).
* The example (the item's redacted text, or the trainer's edited `text`) is
  checked first (`add_example(dry_run=True)`), then the item is marked
  labelled, which only one of two trainers deciding at once can do, and then
  the example is written. So a refused label changes nothing, and an item
  is never labelled twice.
* Writing is serialised by an exclusive lock on the data directory (flock),
  so two labels at once, from the web app's threads or from the command
  line, do not overwrite each other's example.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from bot.db import Database
from bot.review.label import Added, add_example
from bot.review.models import STATUS_OPEN, ReviewItem
from bot.review.store import ReviewError, get_item, mark_labelled


@contextmanager
def _data_lock(nlu_dir: Path) -> Iterator[None]:
    fd = os.open(nlu_dir, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def label_item(
    db: Database,
    item_id: int,
    label: str,
    who: str,
    *,
    text: str | None = None,
    nlu_dir: Path,
    now: datetime | None = None,
) -> tuple[ReviewItem, Added]:
    """Write item `item_id` (or `text`) as an example of `label` into
    `nlu_dir` and mark the item labelled by `who`; LabelError or ReviewError
    when that cannot be done (see module doc)."""
    if not nlu_dir.is_dir():
        raise ReviewError(f"the training data directory {nlu_dir} does not exist")
    item = get_item(db, item_id)
    if item.status != STATUS_OPEN:
        raise ReviewError(f"review item {item.id} is already {item.status}")
    example = text if text is not None else item.text
    with _data_lock(nlu_dir):
        add_example(label, example, nlu_dir, dry_run=True)
        decided = mark_labelled(db, item.id, label, who, now)
        added = add_example(label, example, nlu_dir)
    return decided, added
