"""`python -m bot init-db`: migrate the schema to the newest revision (as
`python -m bot migrate` does, adopting a database made earlier by create_all)
and, on request, load the sample programs."""

from __future__ import annotations

import argparse

from bot.db import Database
from bot.migrations.command import run_migrate


def cli(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot init-db", description=__doc__)
    parser.add_argument(
        "--sample-if-empty",
        action="store_true",
        help="load the bundled SAMPLE programs (fictional) when the programs table is empty",
    )
    parser.add_argument("--database-url", help="overrides DATABASE_URL")
    args = parser.parse_args(argv)

    db = Database(args.database_url)
    try:
        status = run_migrate(db)
        if status:
            return status
        if args.sample_if_empty:
            from bot.programs.sample import load_sample_if_empty

            loaded = load_sample_if_empty(db)
            if loaded:
                print(f"loaded {loaded} SAMPLE programs (fictional) into an empty database")
    finally:
        db.dispose()
    return 0
