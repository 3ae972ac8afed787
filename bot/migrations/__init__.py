"""Schema migrations (Alembic): owns every change to the project's tables.

`python -m bot migrate` and `python -m bot init-db` call `migrate()`, which
upgrades the database at DATABASE_URL to the newest revision in `versions/`. A
database made before migrations existed (by SQLAlchemy's `create_all`: the
tables, no `alembic_version`) is adopted first: stamped at the initial revision
when its tables match that schema (`legacy.py`), refused otherwise.
"""

from bot.migrations.legacy import LegacySchemaMismatch
from bot.migrations.runner import (
    INITIAL_REVISION,
    MigrationResult,
    alembic_config,
    current_revision,
    downgrade,
    head_revision,
    migrate,
)

__all__ = [
    "INITIAL_REVISION",
    "LegacySchemaMismatch",
    "MigrationResult",
    "alembic_config",
    "current_revision",
    "downgrade",
    "head_revision",
    "migrate",
]
