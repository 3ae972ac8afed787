"""`rasa test nlu --cross-validation` with the fold split fixed and independent of file layout.

Rasa 3.6 splits the folds with scikit-learn's StratifiedKFold(shuffle=True) and
no seed, so each run draws a different split and the macro F1 moves from run to
run (docs/nlu.md gives the measured spread). A gate should pass or fail because
the data or the code changed, not because of the draw: this seeds NumPy's global
generator, which StratifiedKFold falls back to.

The split and the training order also depend on the order the examples were
read in, that is on how data/nlu/ is cut into files and what the files are
called. Moving an example from one file to another is not a change to the data,
so the examples are put in one canonical order (intent, then text) before
folding: the report then changes only when an example, the config or the code
does (docs/training-data.md, "Cross-validation and file layout").

    python scripts/rasa_seeded_cv.py test nlu --cross-validation ...

NLU_CV_SEED (default 0) picks another split, to see the spread.

The split is written beside the reports, as `cv-split.json` in the --out
folder (`{"folds": 5, "seed": 0}`): two reports compare fairly only when they
were cut the same way, and the retrain gate checks it (bot/training/gate.py).
"""

import argparse
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import rasa.nlu.test
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

_rasa_generate_folds = rasa.nlu.test.generate_folds


def canonical_key(example: Message) -> tuple[str, str, str]:
    """Full intent (`faq/<topic>` for retrieval intents), text, then entities: one order whatever the files."""
    return (example.get_full_intent() or "", example.get(TEXT) or "", repr(example.get(ENTITIES) or []))


def in_canonical_order(data: TrainingData) -> TrainingData:
    """The same training data with its examples sorted by canonical_key."""
    return TrainingData(
        training_examples=sorted(data.training_examples, key=canonical_key),
        entity_synonyms=data.entity_synonyms,
        regex_features=data.regex_features,
        lookup_tables=sorted(data.lookup_tables, key=lambda table: str(table.get("name"))),
        responses=data.responses,
    )


def generate_canonical_folds(n: int, training_data: TrainingData) -> Iterator[tuple[TrainingData, TrainingData]]:
    """Rasa's folds, drawn from the examples in canonical order (training folds keep that order)."""
    return _rasa_generate_folds(n, in_canonical_order(training_data))


SPLIT_FILE = "cv-split.json"


def split_record(argv: list[str], seed: int) -> tuple[Path, dict[str, int]]:
    """Where the split is written (`--out`, Rasa's default `results`) and what it was."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--out", default="results")
    parser.add_argument("-f", "--folds", type=int, default=5)  # Rasa's default
    known, _ = parser.parse_known_args(argv)
    return Path(known.out), {"folds": known.folds, "seed": seed}


def main() -> None:
    seed = int(os.environ.get("NLU_CV_SEED", "0"))
    np.random.seed(seed)
    # cross_validate looks generate_folds up in its module at call time.
    rasa.nlu.test.generate_folds = generate_canonical_folds
    from rasa.__main__ import main as rasa_main

    out, split = split_record(sys.argv[1:], seed)
    sys.argv[0] = "rasa"
    rasa_main()
    out.mkdir(parents=True, exist_ok=True)
    (out / SPLIT_FILE).write_text(json.dumps(split) + "\n")


if __name__ == "__main__":
    main()
