"""`rasa test nlu --cross-validation` with the fold split fixed.

Rasa 3.6 splits the folds with scikit-learn's StratifiedKFold(shuffle=True) and
no seed, so each run draws a different split and the macro F1 moves from run to
run (docs/nlu.md gives the measured spread). A gate should pass or fail because
the data or the code changed, not because of the draw: this seeds NumPy's global
generator, which StratifiedKFold falls back to, and then runs the rasa command
line unchanged.

    python scripts/rasa_seeded_cv.py test nlu --cross-validation ...

NLU_CV_SEED (default 0) picks another split, to see the spread.
"""

import os
import sys

import numpy as np


def main() -> None:
    np.random.seed(int(os.environ.get("NLU_CV_SEED", "0")))
    from rasa.__main__ import main as rasa_main

    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()
