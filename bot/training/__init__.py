"""The safe retrain (`python -m bot retrain`, issue 13).

Owns the model report kept next to the serving model (`report`), the gate that
accepts or refuses a candidate against it (`gate`, a pure function), the
comparison table (`table`), the training and evaluation steps, run as
subprocesses of the project's own tools (`steps`: rasa train, check-data, rasa
data validate, test stories, scripts/rasa_seeded_cv.py, scripts/heldout_eval.py),
finding or measuring the serving model's report (`baseline`), the atomic
replacement of the serving model (`install`), the hot reload of running Rasa
servers through their HTTP API, `PUT /model` (`reload`, plain HTTP) and the
command (`cli`).

Imports only bot.settings; never Rasa (Rasa runs in the subprocesses and in the
server that is asked to reload).
"""
