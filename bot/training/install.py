"""Replacing the serving model: atomically, keeping the one before.

The candidate is copied next to the serving model and renamed over it
(os.replace: a process that opens the path sees the old or the new file,
never half of one). The model it replaces stays as `<name>.previous.tar.gz`
with its report, for a rollback by hand.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from bot.training.report import ModelReport, report_path, save


def _copy_atomically(source: Path, target: Path) -> None:
    tmp = target.with_name(f".{target.name}.tmp")
    shutil.copyfile(source, tmp)
    os.replace(tmp, target)


def previous_path(model: Path) -> Path:
    return model.with_name(model.name.removesuffix(".tar.gz") + ".previous.tar.gz")


def install(candidate: Path, report: ModelReport, serving: Path) -> None:
    serving.parent.mkdir(parents=True, exist_ok=True)
    if serving.exists():
        previous = previous_path(serving)
        _copy_atomically(serving, previous)
        if report_path(serving).exists():
            _copy_atomically(report_path(serving), report_path(previous))
    _copy_atomically(candidate, serving)
    save(report, report_path(serving))
