"""Crisis detection: the deterministic net that overrides NLU (see `detector`).

Owns the crisis lexicon (YAML data in `lexicon/`), its pattern language and
its matcher. Imports only `bot.language` (the normalised text and the pattern
index) and PyYAML. Everything else imports this package, never the other way
round.
"""

from bot.crisis.detector import CRISIS_CATEGORIES, CrisisMatch, detect_crisis, find_crisis_matches, is_crisis

__all__ = ["CRISIS_CATEGORIES", "CrisisMatch", "detect_crisis", "find_crisis_matches", "is_crisis"]
