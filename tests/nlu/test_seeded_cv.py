"""scripts/rasa_seeded_cv.py: the cross-validation folds depend on the examples, not on
how data/nlu/ is cut into files (docs/training-data.md, "Cross-validation and file layout")."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest
import yaml
from rasa.shared.importers.importer import TrainingDataImporter

ROOT = Path(__file__).resolve().parents[2]
SPEC = importlib.util.spec_from_file_location("rasa_seeded_cv", ROOT / "scripts" / "rasa_seeded_cv.py")
assert SPEC is not None and SPEC.loader is not None
seeded_cv = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(seeded_cv)

# Eight classes of ten examples, as data/nlu/ has them: intents and FAQ topics.
CLASSES = {
    **{f"intent_{k}": [f"intent {k} example {i}" for i in range(10)] for k in "abcde"},
    **{f"faq/topic_{k}": [f"topic {k} question {i}" for i in range(10)] for k in "xyz"},
}


def _write(path: Path, classes: dict[str, list[str]]) -> None:
    blocks = [{"intent": name, "examples": "".join(f"- {t}\n" for t in texts)} for name, texts in classes.items()]
    path.write_text(yaml.safe_dump({"version": "3.1", "nlu": blocks}, sort_keys=False))


def _load(directory: Path):
    return TrainingDataImporter.load_from_dict(training_data_paths=[str(directory)]).get_nlu_data()


def _folds(generate, data) -> list[tuple[list[str], list[str]]]:
    np.random.seed(0)  # as the script seeds it
    return [
        ([m.get("text") for m in train.intent_examples], [m.get("text") for m in test.intent_examples])
        for train, test in generate(5, data)
    ]


@pytest.fixture
def two_layouts(tmp_path: Path):
    """The same examples, once in one file and once in three files named in another order."""
    one = tmp_path / "one"
    one.mkdir()
    _write(one / "nlu.yml", CLASSES)
    split = tmp_path / "split"
    (split / "faq").mkdir(parents=True)
    names = list(CLASSES)
    _write(split / "b_second.yml", {n: CLASSES[n] for n in names[:3]})
    _write(split / "a_first.yml", {n: list(reversed(CLASSES[n])) for n in names[3:5]})
    _write(split / "faq" / "topics.yml", {n: CLASSES[n] for n in reversed(names[5:])})
    return _load(one), _load(split)


def test_rasa_alone_folds_by_file_order(two_layouts):
    one, split = two_layouts
    assert sorted(m.get("text") for m in one.intent_examples) == sorted(m.get("text") for m in split.intent_examples)
    assert _folds(seeded_cv._rasa_generate_folds, one) != _folds(seeded_cv._rasa_generate_folds, split)


def test_canonical_folds_are_the_same_whatever_the_files(two_layouts):
    one, split = two_layouts
    folds = _folds(seeded_cv.generate_canonical_folds, one)
    assert folds == _folds(seeded_cv.generate_canonical_folds, split)
    tested = [text for _, test in folds for text in test]
    assert sorted(tested) == sorted(t for texts in CLASSES.values() for t in texts)  # each example tested once
    for train, _ in folds:
        assert train == sorted(train, key=lambda t: (next(n for n, ts in CLASSES.items() if t in ts), t))


@pytest.mark.parametrize(
    ("argv", "out", "folds"),
    [
        (["test", "nlu", "--cross-validation", "--folds", "2", "--out", "var/cv"], "var/cv", 2),
        (["test", "nlu", "--cross-validation", "-f", "3"], "results", 3),  # Rasa's default --out
        (["test", "nlu", "--cross-validation"], "results", 5),  # Rasa's default --folds
    ],
)
def test_the_split_is_recorded_where_rasa_writes_its_reports(argv, out, folds):
    assert seeded_cv.split_record(argv, seed=7) == (Path(out), {"folds": folds, "seed": 7})
