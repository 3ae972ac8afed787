"""Run the revisions on an engine: upgrade (adopting a create_all database),
downgrade, and read the current revision. Alembic is configured in code: the
script directory is this package and the connection is handed to env.py."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, Engine

from bot.migrations.legacy import check_legacy_schema, has_project_tables

HERE = Path(__file__).resolve().parent
# The schema SQLAlchemy's create_all made before migrations existed.
INITIAL_REVISION = "0001"


@dataclass(frozen=True)
class MigrationResult:
    before: str | None  # None: an empty (or adopted) database
    after: str | None
    adopted: bool  # a create_all database was stamped at INITIAL_REVISION first


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(HERE))
    config.set_main_option("file_template", "%%(rev)s_%%(slug)s")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _run(engine: Engine, operation: Callable[..., None], *args: Any, **kwargs: Any) -> None:
    # A fresh connection outside any transaction: env.py gives each revision its own.
    with engine.connect() as conn:
        operation(alembic_config(conn), *args, **kwargs)


def migrate(engine: Engine, revision: str = "head") -> MigrationResult:
    """Upgrade to `revision`; a create_all database is stamped at the initial
    revision first (LegacySchemaMismatch, and nothing written, when its tables
    differ from that schema)."""
    before = current_revision(engine)
    adopted = False
    if before is None:
        with engine.connect() as conn:
            legacy = has_project_tables(conn)
            if legacy:
                check_legacy_schema(conn)
        if legacy:
            _run(engine, command.stamp, INITIAL_REVISION)
            adopted = True
    _run(engine, command.upgrade, revision)
    return MigrationResult(before=before, after=current_revision(engine), adopted=adopted)


def downgrade(engine: Engine, revision: str) -> None:
    _run(engine, command.downgrade, revision)
