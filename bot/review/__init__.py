"""The trainers' review queue and the checks on the training data.

Owns the visitor messages worth a trainer's look, read from Rasa's SQL tracker
store (`tracker`: the events table, read with SQLAlchemy, no Rasa import), the
rules that pick them (`collect`), their redaction before anything is stored
(`redact`), grouping of similar messages (`group`), the queue table and its
operations (`models`, `store`), labelling into the training data (`label`,
with `training_data` reading `data/nlu/` with file and line), the data checks
of `python -m bot check-data` (`checks`, with `facts`: the facts each FAQ
answer must state, `cv_report`: the examples the cross-validation
misclassified, `finding`) and `python -m bot review` (`cli`), with the
argument types both share (`arguments`).

Sits below the domain packages (bot.handoff's `purge` deletes old queue
items through `store`), above bot.dialogue; imports bot.language, bot.db,
bot.base, bot.settings and bot.logs (its contact redaction), never Rasa.
"""
