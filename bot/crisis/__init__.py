"""Crisis detection: the deterministic net that overrides NLU (see `detector`).

Owns the crisis lexicon (YAML data in `lexicon/`), its pattern language, its
matcher, and the choice between danger now and a crisis told as over
(`timing`). Imports only `bot.language` (the normalised text and the pattern
index) and PyYAML. Everything else imports this package, never the other way
round.
"""

from bot.crisis.detector import CRISIS_CATEGORIES, CrisisMatch, detect_crisis, find_crisis_matches, is_crisis
from bot.crisis.timing import is_past_crisis

__all__ = ["CRISIS_CATEGORIES", "CrisisMatch", "detect_crisis", "find_crisis_matches", "is_crisis", "is_past_crisis"]
