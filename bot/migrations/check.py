"""Is the database at the schema this release's code needs? Every process that
uses DATABASE_URL (the web app, the delivery worker, add-advisor, purge) asks
this at start instead of creating tables itself: only `python -m bot migrate`
(and `init-db`, which runs it) changes the schema, so several processes starting
at once never race to create or alter it.

* at the newest revision: go on;
* empty, made before migrations (tables but no `alembic_version`), or at an
  older revision: refuse with one line ending "run python -m bot migrate";
* at a revision this code does not know: go on, with a warning. That is a newer
  release's migration during a rolling upgrade (migrate first, then roll the
  processes), and the old processes still running must keep working.
"""

from __future__ import annotations

import logging

from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

from bot.migrations.legacy import has_project_tables
from bot.migrations.runner import alembic_config, current_revision

log = logging.getLogger(__name__)

FIX = "run python -m bot migrate"


class SchemaNotCurrent(RuntimeError):
    """The database is not at the newest revision; the message says what to run."""


def schema_problem(engine: Engine) -> str | None:
    """One line saying why the database cannot be used, or None when it can."""
    scripts = ScriptDirectory.from_config(alembic_config())
    head = scripts.get_current_head()
    current = current_revision(engine)
    if current == head:
        return None
    if current is None:
        with engine.connect() as conn:
            made_before_migrations = has_project_tables(conn)
        if made_before_migrations:
            return f"the database was made before migrations (no alembic_version); {FIX}"
        return f"the database has no schema yet; {FIX}"
    known = {script.revision for script in scripts.walk_revisions()}
    if current not in known:
        log.warning(
            "the database is at revision %s, newer than this release's %s (a newer release has migrated it); going on",
            current,
            head,
        )
        return None
    return f"the database is at revision {current}, this release needs {head}; {FIX}"


def require_current_schema(engine: Engine) -> None:
    """Raise SchemaNotCurrent unless the database can be used (see schema_problem)."""
    problem = schema_problem(engine)
    if problem is not None:
        raise SchemaNotCurrent(problem)
