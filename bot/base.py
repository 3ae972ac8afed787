"""The declarative base every table of the project is declared on.

Its own module so the model modules (bot/programs/models.py,
bot/handoff/models.py) and bot/db.py all import it from below, and nothing here
imports them back: the registry of every table is bot/models.py, above the
domain packages. Imports nothing of bot/.
"""

from __future__ import annotations

from sqlalchemy.orm import declarative_base

Base = declarative_base()
