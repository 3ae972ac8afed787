"""The registry of every table: imports each model module of the project, so
`Base.metadata` knows them all, and creates the whole schema.

It sits above the domain packages whose model modules it imports (bot/programs,
bot/handoff, bot/review) and below the processes; the migrations and the web app use it.
A model module declares its tables on `bot.base.Base`, never imports this.
"""

from __future__ import annotations

from sqlalchemy import MetaData
from sqlalchemy.engine import Engine

from bot.base import Base
from bot.handoff import models as _handoff  # noqa: F401  (registers its tables)
from bot.programs import models as _programs  # noqa: F401  (registers its tables)
from bot.review import models as _review  # noqa: F401  (registers its tables)

# Every table of the project (what the migrations compare against).
metadata: MetaData = Base.metadata


def create_schema(engine: Engine) -> None:
    """Create every table of the project that does not exist yet (idempotent).

    It never alters an existing table: the schema of a real database is owned by
    the migrations (`python -m bot migrate`, bot/migrations), which adopt a
    database this made.
    """
    metadata.create_all(engine)
