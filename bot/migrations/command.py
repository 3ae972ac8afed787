"""`python -m bot migrate`: upgrade the database to the newest schema; with
--autogenerate MESSAGE, write a new revision from the difference between the
models and a database that is at the newest revision."""

from __future__ import annotations

import argparse
import sys

from alembic import command
from alembic.script import ScriptDirectory

from bot.db import Database
from bot.migrations.legacy import LegacySchemaMismatch
from bot.migrations.runner import INITIAL_REVISION, alembic_config, migrate


def _next_revision_id() -> str:
    revisions = list(ScriptDirectory.from_config(alembic_config()).walk_revisions())
    return f"{len(revisions) + 1:04d}"


def run_migrate(db: Database) -> int:
    try:
        result = migrate(db.engine)
    except LegacySchemaMismatch as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if result.adopted:
        print(f"adopted a database made by create_all: stamped at {INITIAL_REVISION}")
    start = INITIAL_REVISION if result.adopted else result.before
    if start == result.after:
        print(f"database already at {result.after}")
    else:
        print(f"migrated {start or 'empty database'} -> {result.after}")
    return 0


def cli(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot migrate", description=__doc__)
    parser.add_argument("--database-url", help="overrides DATABASE_URL")
    parser.add_argument(
        "--autogenerate",
        metavar="MESSAGE",
        help="write bot/migrations/versions/NNNN_<message>.py from the models (read it before committing)",
    )
    args = parser.parse_args(argv)

    db = Database(args.database_url)
    try:
        if args.autogenerate:
            with db.engine.connect() as conn:
                command.revision(
                    alembic_config(conn),
                    message=args.autogenerate,
                    autogenerate=True,
                    rev_id=_next_revision_id(),
                )
            return 0
        return run_migrate(db)
    finally:
        db.dispose()
