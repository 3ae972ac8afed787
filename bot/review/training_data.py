"""The NLU training data in `data/nlu/`, read with file and line numbers.

Rules (docs/training-data.md): one file per group of intents in `data/nlu/`,
one file per FAQ topic `data/nlu/faq/<topic>.yml` holding the intent
`faq/<topic>`; examples are the `- ` lines of a block `examples: |`, so the
n-th example sits n lines below its `examples:` key. ruamel.yaml's round-trip
loader gives that key's line. An FAQ topic's block also holds `metadata:
facts:`, the regular expressions its answer `utter_faq/<topic>` must match
(bot/review/facts.py); Rasa accepts intent metadata and does not train on it. `plain` drops entity annotations
("[ohio](location)" -> "ohio") for comparing examples.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedSeq

from bot.settings import PROJECT_ROOT

NLU_DIR = PROJECT_ROOT / "data" / "nlu"
FAQ = "faq"
_ANNOTATION = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")


@dataclass(frozen=True)
class Example:
    intent: str
    text: str
    path: Path
    line: int  # 1-based


@dataclass(frozen=True)
class Fact:
    pattern: str
    line: int  # 1-based
    is_text: bool = True  # False: the YAML item was not a string (pattern is its repr)


@dataclass(frozen=True)
class Facts:
    """A block's `metadata: facts:` list."""

    path: Path
    line: int  # of "facts:", 1-based
    items: tuple[Fact, ...]
    is_list: bool = True  # False: `facts:` held something other than a list


@dataclass(frozen=True)
class Block:
    intent: str
    path: Path
    line: int  # of "- intent:", 1-based
    examples: tuple[Example, ...]
    facts: Facts | None = None  # None: the block declares no `metadata: facts:`


def round_trip_yaml() -> YAML:
    yaml = YAML()  # round-trip: keeps comments, order and the block style
    yaml.preserve_quotes = True  # type: ignore[assignment]  # ruamel declares it None
    yaml.width = 4096  # type: ignore[assignment]  # (no line wrapping)
    return yaml


def plain(text: str) -> str:
    return _ANNOTATION.sub(r"\1", text)


def nlu_files(nlu_dir: Path = NLU_DIR) -> list[Path]:
    return sorted(nlu_dir.glob("*.yml")) + sorted((nlu_dir / FAQ).glob("*.yml"))


def load_blocks(nlu_dir: Path = NLU_DIR) -> list[Block]:
    """Every intent block of every file, in file order."""
    yaml = round_trip_yaml()
    blocks = []
    for path in nlu_files(nlu_dir):
        document = yaml.load(path.read_text()) or {}
        for item in document.get("nlu") or []:
            if "intent" not in item or "examples" not in item:
                continue
            first = item.lc.value("examples")[0] + 2  # the line after "examples: |"
            examples = []
            for offset, raw in enumerate(str(item["examples"]).splitlines()):
                text = raw.strip()
                if text.startswith("- "):
                    examples.append(Example(item["intent"], text[2:].strip(), path, first + offset))
            blocks.append(Block(item["intent"], path, item.lc.line + 1, tuple(examples), _facts(item, path)))
    return blocks


def _facts(item: Any, path: Path) -> Facts | None:
    metadata = item.get("metadata")
    if not hasattr(metadata, "lc") or not hasattr(metadata, "get") or "facts" not in metadata:
        return None
    line = metadata.lc.key("facts")[0] + 1
    value = metadata["facts"]
    if not isinstance(value, CommentedSeq):
        return Facts(path, line, (), is_list=False)
    # scalars keep their text (`- 6` is the pattern "6"); a list or mapping is an error
    items = tuple(
        Fact(str(entry), value.lc.item(index)[0] + 1, not isinstance(entry, (list, dict)) and entry is not None)
        for index, entry in enumerate(value)
    )
    return Facts(path, line, items)
