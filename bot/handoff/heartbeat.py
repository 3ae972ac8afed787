"""The delivery worker's heartbeat file (WORKER_HEARTBEAT_FILE): its id and the
time. The worker (bot.handoff.delivery) writes it before each claim and the web
app's /readyz reads it, so a stuck or dead worker shows instead of looking like
a quiet day.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path


@dataclass(frozen=True)
class Heartbeat:
    worker: str  # host:pid:suffix
    at: datetime


def write_heartbeat(path: str, worker: str, at: datetime) -> None:
    """Replace the heartbeat file atomically (a reader never sees half of it)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    temporary.write_text(json.dumps({"worker": worker, "at": at.isoformat()}), encoding="utf-8")
    os.replace(temporary, target)


def read_heartbeat(path: str) -> Heartbeat | None:
    """The last heartbeat written to `path`; None if there is none or it is unreadable."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return Heartbeat(worker=str(data["worker"]), at=datetime.fromisoformat(data["at"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
