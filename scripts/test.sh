#!/usr/bin/env bash
# `make test` (after the Makefile has set up the venv, the widget and the model):
# lint and type checking, data validation, test stories, NLU cross-validation with
# an F1 gate, the held-out gate, pytest.
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

step "1/6 lint: ruff check, ruff format --check, mypy (make lint)"
make --no-print-directory lint

step "2/6 rasa data validate --fail-on-warnings"
$RASA data validate --fail-on-warnings --quiet

step "3/6 test stories (tests/stories/, --fail-on-prediction-errors)"
rm -rf results/stories
$RASA test core --model models/iop.tar.gz --stories tests/stories \
  --fail-on-prediction-errors --out results/stories --quiet

step "4/6 NLU cross-validation (5 folds), per-intent and per-topic F1 report, gate: macro F1 >= 0.90"
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
$PY -m tests.nlu_gate results/nlu-cv --min-macro-f1 0.90

step "5/6 held-out visitor messages (tests/heldout/, never trained on), gate: no regression"
# Floors at the figures last measured (84.4 %, crisis 74/75, 2026-12-03); the issue's
# targets are higher. Report: results/heldout.json.
$PY scripts/heldout_eval.py --out results/heldout.json --min-accuracy 0.84 --min-crisis-recall 0.98

step "6/6 pytest (unit, actions, PostgreSQL, end-to-end, browser)"
scripts/ensure-chromium.sh
scripts/ensure-nginx.sh
$PY -m pytest -q "$@"
