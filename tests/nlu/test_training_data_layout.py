"""The NLU training data is split by topic (data/nlu/, docs/training-data.md)."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
NLU = ROOT / "data" / "nlu"


def _blocks():
    for path in sorted(NLU.rglob("*.yml")):
        for block in yaml.safe_load(path.read_text())["nlu"]:
            yield path.relative_to(NLU), block


def test_the_single_file_is_gone_and_rasa_reads_the_directory():
    assert not (ROOT / "data" / "nlu.yml").exists()
    assert len(list(NLU.glob("faq/*.yml"))) >= 19


def test_every_intent_lives_in_one_file_and_faq_topics_in_their_own():
    homes: dict[str, set[Path]] = {}
    for path, block in _blocks():
        if "intent" in block:
            homes.setdefault(block["intent"], set()).add(path)
    assert {i for i, files in homes.items() if len(files) > 1} == set()
    for intent, files in homes.items():
        if intent.startswith("faq/"):
            assert files == {Path("faq") / f"{intent[4:]}.yml"}, intent
        else:
            assert not any(f.parts[0] == "faq" for f in files), intent
