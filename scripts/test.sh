#!/usr/bin/env bash
# `make test` (after the Makefile has set up the venv, the widget and the model):
# lint and type checking, data validation, the data checks (check-data), test
# stories, NLU cross-validation with an F1 gate and the list of the examples it
# misclassified, the held-out gate, pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
RASA=.venv/bin/rasa
# The environment every service needs (PYTHONPATH, ACTION_ENDPOINT_URL, ...), as
# bot/settings.py declares it; a variable already set keeps its value. Assigned
# before the eval so that set -e stops on an error (e.g. ACTION_PORT=x).
env_lines=$($PY -m bot env)
eval "$env_lines"
mkdir -p results

step() { printf '\n==== %s\n' "$*"; }

step "1/8 lint: ruff check, ruff format --check, mypy (make lint)"
make --no-print-directory lint

step "2/8 rasa data validate --fail-on-warnings"
$RASA data validate --fail-on-warnings --quiet

step "3/8 data checks (python -m bot check-data: duplicates, few examples, responses and their facts)"
$PY -m bot check-data

step "4/8 test stories (tests/stories/, --fail-on-prediction-errors)"
rm -rf results/stories
$RASA test core --model models/iop.tar.gz --stories tests/stories \
  --fail-on-prediction-errors --out results/stories --quiet

step "5/8 NLU cross-validation (5 folds), per-intent and per-topic F1 report, gate: macro F1 >= 0.93"
# Re-run only when what the NLU model depends on changed (the report is kept).
# rasa_plugins/*.py as in the Makefile's TRAIN_INPUTS: a new NLU component re-runs it too.
cv_inputs=(scripts/rasa_seeded_cv.py config.yml domain.yml data/nlu/*.yml data/nlu/faq/*.yml rasa_plugins/*.py
           bot/crisis/*.py bot/crisis/lexicon/*.py bot/crisis/lexicon/*.yml bot/language/*.py bot/language/*.yml)
fingerprint=$( (cat "${cv_inputs[@]}"; echo "seed=${NLU_CV_SEED:-0}") | sha256sum | cut -d' ' -f1)
if [ -f results/nlu-cv/fingerprint ] && [ "$(cat results/nlu-cv/fingerprint)" = "$fingerprint" ] \
   && [ -f results/nlu-cv/intent_report.json ]; then
  echo "(NLU data and config unchanged since the last cross-validation: reusing its report)"
else
  rm -rf results/nlu-cv
  # The fold split is seeded (scripts/rasa_seeded_cv.py says why).
  $PY scripts/rasa_seeded_cv.py test nlu --nlu data/nlu --config config.yml --cross-validation --folds 5 \
    --out results/nlu-cv --quiet
  echo "$fingerprint" > results/nlu-cv/fingerprint
fi
$PY -m tests.nlu_gate results/nlu-cv --min-macro-f1 0.93

step "6/8 examples the cross-validation misclassified, by file and line (a report, not a gate)"
# Not a gate: their number grows with the data and moves with the fold split
# (docs/training-data.md); step 5's F1 gate fails a real drop. About 500 lines
# today, so the list goes to a file and the log gets its summary.
$PY -m bot check-data --cv-only --cv-report results/nlu-cv > results/nlu-cv/misclassified.txt
grep -v '^data/' results/nlu-cv/misclassified.txt || true
echo "(each one by file and line, with what was predicted: results/nlu-cv/misclassified.txt)"

step "7/8 held-out visitor messages (tests/heldout/ and tests/heldout2/, never trained on), gate: no regression"
# Floors just under the figures last measured (91.2 %, crisis 75/75: no crisis miss passes; 2026-12-03, after the
# crisis look-alikes, loved ones, withdrawal and FAQ-before-request work); the issue's
# targets are higher. Report: results/heldout.json.
$PY scripts/heldout_eval.py --out results/heldout.json --min-accuracy 0.90 --min-crisis-recall 0.99
# The second blind set (tests/heldout2/, 2026-12-03): its first measurement,
# before any change, was 82.9 % and crisis 64/65; now 86.5 %, crisis 65/65 (its
# crisis groups are regression sets since, tests/heldout2/README.md). The floors
# sit just under that: no crisis miss passes. Report: results/heldout2.json.
$PY scripts/heldout_eval.py --heldout tests/heldout2 --out results/heldout2.json --min-accuracy 0.85 --min-crisis-recall 0.99

step "8/8 pytest (unit, actions, PostgreSQL, end-to-end, browser)"
scripts/ensure-chromium.sh
scripts/ensure-nginx.sh
$PY -m pytest -q "$@"
