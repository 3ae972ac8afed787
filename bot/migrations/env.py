"""Alembic's environment: runs the revisions on the connection `bot.migrations`
hands over in `config.attributes["connection"]` (there is no alembic.ini: the
URL comes from DATABASE_URL or --database-url)."""

from __future__ import annotations

from typing import Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy.types import TypeDecorator

from bot.handoff.search_index import is_search_object
from bot.models import metadata  # every table of the project


def include_object(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object | None) -> bool:
    # The database may be shared with Rasa's tracker store: a table the models
    # do not know is not ours to drop. The search index's FTS5 table and trigram
    # indexes are ours, but no model declares them (bot.handoff.search_index).
    if is_search_object(type_, name):
        return False
    return not (type_ == "table" and reflected and compare_to is None)


def render_item(type_: str, obj: object, autogen_context: AutogenContext) -> str | Literal[False]:
    # A revision stores what the database holds: the project's TypeDecorators
    # (UTCDateTime) as their plain SQL type, so no revision imports model code.
    if type_ == "type" and isinstance(obj, TypeDecorator):
        return autogen_context.migration_context.impl.render_type(obj.impl, autogen_context)
    return False


def run_migrations() -> None:
    connection = context.config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=metadata,
        include_object=include_object,
        render_item=render_item,
        # SQLite alters a table by copying it; autogenerate writes batch ops.
        render_as_batch=True,
        # One transaction per revision: a failed one leaves the database at the last good one.
        transaction_per_migration=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():  # pragma: no cover - not offered
    raise SystemExit("offline (--sql) migrations are not supported; run `python -m bot migrate`")
run_migrations()
