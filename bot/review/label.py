"""Labelling a queue item: its example is appended to the right training file.

Rules:
* A label is an existing intent of `data/nlu/*.yml` (not a retrieval intent
  itself, nor `nlu_fallback`), or `faq/<topic>`: an existing topic, or a new
  one (lower-case letters, digits and underscores), which gets its own file
  `data/nlu/faq/<topic>.yml` with the usual header. A new topic still needs
  its answer `utter_faq/<topic>` in domain.yml and its `metadata: facts:`
  (`check-data` reports both).
* The example is one line, blanks tidied; it may not still hold a redaction
  placeholder ("[phone]": write a made-up value instead), nor be an example
  already, under this or another intent (compared without entity
  annotations, case and surrounding blanks).
* The file is rewritten with ruamel.yaml's round-trip mode: comments, order
  and the `examples: |` block style stay as they were; the example goes last.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml.scalarstring import LiteralScalarString

from bot.review.training_data import FAQ, NLU_DIR, load_blocks, plain, round_trip_yaml

PLACEHOLDER = re.compile(r"\[(?:name|phone|email|address)\]")
TOPIC = re.compile(r"[a-z][a-z0-9_]{0,62}")
NOT_LABELS = frozenset({"nlu_fallback", FAQ})
NEW_TOPIC_FILE = """version: "3.1"

# FAQ topic {topic}: its answer is utter_faq/{topic} in domain.yml.
# Conventions for every example: docs/training-data.md.

nlu:
- intent: faq/{topic}
  examples: |
"""


class LabelError(ValueError):
    """A label or example that cannot be written (the message says why)."""


@dataclass(frozen=True)
class Added:
    path: Path
    new_topic: bool


def _key(text: str) -> str:
    return " ".join(plain(text).lower().split())


def check_example(text: str) -> str:
    example = " ".join(text.split())
    if not example:
        raise LabelError("the example is empty")
    found = PLACEHOLDER.search(example)
    if found:
        raise LabelError(
            f"the example still holds the redaction placeholder {found.group(0)}: "
            "write the example with a made-up value instead (--text on the command line)"
        )
    return example


def add_example(label: str, text: str, nlu_dir: Path = NLU_DIR, dry_run: bool = False) -> Added:
    """Append `text` to `label`'s examples (see module doc); returns the file.
    `dry_run`: check everything, write nothing."""
    example = check_example(text)
    blocks = load_blocks(nlu_dir)
    for block in blocks:
        for existing in block.examples:
            if _key(existing.text) == _key(example):
                raise LabelError(
                    f"{example!r} is already an example of {block.intent} ({existing.path.name}:{existing.line})"
                )
    mine = [b for b in blocks if b.intent == label]
    if label in NOT_LABELS:
        raise LabelError(f"{label!r} is not a label: use an intent or faq/<topic>")
    if label.startswith(FAQ + "/"):
        topic = label[len(FAQ) + 1 :]
        if not TOPIC.fullmatch(topic):
            raise LabelError(f"bad topic name {topic!r}: lower-case letters, digits and underscores")
        path = nlu_dir / FAQ / f"{topic}.yml"
        if not mine and not path.exists():
            if dry_run:
                return Added(path, new_topic=True)
            path.write_text(NEW_TOPIC_FILE.format(topic=topic) + f"    - {example}\n")
            return Added(path, new_topic=True)
    elif not mine:
        raise LabelError(f"unknown intent {label!r} (a new label must be faq/<topic>)")
    else:
        path = mine[0].path
    if not mine or mine[0].path != path:
        raise LabelError(f"{path} does not hold the intent {label}")
    if dry_run:
        return Added(path, new_topic=False)
    yaml = round_trip_yaml()
    document = yaml.load(path.read_text())
    item = next(i for i in document["nlu"] if i.get("intent") == label and "examples" in i)
    examples = str(item["examples"])
    if examples and not examples.endswith("\n"):
        examples += "\n"
    item["examples"] = LiteralScalarString(examples + f"- {example}\n")
    with path.open("w") as out:
        yaml.dump(document, out)
    return Added(path, new_topic=False)
