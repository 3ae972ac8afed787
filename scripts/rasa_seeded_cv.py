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
"""

import os
import sys
from collections.abc import Iterator

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


def main() -> None:
    np.random.seed(int(os.environ.get("NLU_CV_SEED", "0")))
    # cross_validate looks generate_folds up in its module at call time.
    rasa.nlu.test.generate_folds = generate_canonical_folds
    from rasa.__main__ import main as rasa_main

    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()
