"""One finding of the data checks: a file, a line, a kind and a message."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.settings import PROJECT_ROOT


@dataclass(frozen=True)
class Finding:
    path: Path
    line: int
    kind: str
    message: str

    def render(self, root: Path = PROJECT_ROOT) -> str:
        try:
            shown = self.path.resolve().relative_to(root)
        except ValueError:
            shown = self.path
        return f"{shown}:{self.line}: {self.kind}: {self.message}"
