"""Treatment programs: the directory (its tables, the SAMHSA import, the sample
data), where a visitor is, the search and its wording.

Modules, one concern each (the rules are in their docstrings):

- tables and values: models (tables), records (a program's fields, declared
  once as `Listing`, and the one row -> dataclass copy), codes (SAMHSA's key);
- the import: importer (command line), directory_csv (CSV checks), upsert,
  report, progress; sample (the fictional sample programs);
- places: locations (resolving a visitor's answer), place_mentions (a place named inside a longer message), gazetteer (ZIP index),
  states, place_names, geo (distances and bounding boxes);
- the search: search (entry point), query, candidates (SQL), hits, results;
  render and dialogue (what the assistant says).

May import bot.base, bot.db, bot.dialogue, bot.language and bot.settings, never
bot.handoff, bot.assessment or anything above (see .importlinter).
"""
