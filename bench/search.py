"""Program search and importer figures, on SQLite and PostgreSQL.

    python -m bench.search            # both databases, printed
    run(db_url, n_queries) -> dict    # what `make bench` calls

`run()` imports the full SAMHSA extract into `db_url` when it is not there yet,
then times `search_programs` over realistic queries: the ZIP codes and the
"city, ST" of random IOP facilities, each with a random filter set (none, one
or two preferences), the way the action calls it (a fresh session per search).
It also times `resolve_location` and the importer: `import_runs` full imports
into fresh, empty databases of the same kind (a temporary SQLite file, or a
temporary PostgreSQL schema), reporting the median.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from bot.db import Database
from bot.programs.importer import import_directory
from bot.programs.locations import Resolved, resolve_location, warm_up
from bot.programs.models import Program, ServiceCode, ensure_program_schema, program_service_codes
from bot.programs.records import SOURCE_SAMHSA
from bot.programs.search import SearchFilters, SearchQuery, search_programs

ROOT = Path(__file__).resolve().parent.parent
FACILITIES = (ROOT / ".." / "shared" / "data" / "samhsa-directory" / "facilities.csv.gz").resolve()
SQLITE_URL = f"sqlite:///{ROOT / 'var' / 'bench_programs.db'}"
POSTGRES_BASE_URL = "postgresql+psycopg2://postgres@127.0.0.1:5432/test"
POSTGRES_SCHEMA = "bench_programs"

FILTER_SETS: tuple[tuple[str, ...], ...] = (
    (),
    (),
    ("dual_diagnosis",),
    ("medicaid",),
    ("private_insurance",),
    ("lgbtq",),
    ("veterans",),
    ("telehealth",),
    ("medication_for_oud",),
    ("lgbtq", "medicaid"),
    ("dual_diagnosis", "private_insurance"),
    ("spanish", "sliding_scale"),
    ("veterans", "military_insurance"),
    ("women", "evening_hours"),  # one the directory cannot answer
)


def schema_url(base_url: str, schema: str) -> str:
    sep = "&" if "?" in base_url else "?"
    return f"{base_url}{sep}options=-csearch_path%3D{schema}"


def create_schema(base_url: str, schema: str) -> None:
    engine = create_engine(base_url, future=True)
    try:
        with engine.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
    finally:
        engine.dispose()


def drop_schema(base_url: str, schema: str) -> None:
    engine = create_engine(base_url, future=True)
    try:
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    finally:
        engine.dispose()


def ensure_postgres_schema(db_url: str) -> None:
    """Create the schema a PostgreSQL URL selects with `options=-csearch_path=NAME`."""
    url = make_url(db_url)
    if url.get_backend_name() != "postgresql":
        return
    options = url.query.get("options", "")
    options = options if isinstance(options, str) else " ".join(options)
    for option in options.split():
        if option.startswith("-csearch_path="):
            schema = option.split("=", 1)[1].split(",")[0].strip('"')
            create_schema(str(url.difference_update_query(["options"])), schema)


def _percentiles(samples_ms: Sequence[float]) -> dict[str, float]:
    ordered = sorted(samples_ms)
    cuts = statistics.quantiles(ordered, n=100, method="inclusive")
    return {
        "p50_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(cuts[94], 2),
        "max_ms": round(ordered[-1], 2),
    }


def _samhsa_programs(db: Database) -> int:
    with db.session() as session:
        return session.execute(select(func.count(Program.id)).where(Program.source == SOURCE_SAMHSA)).scalar_one()


def _iop_places(db: Database, rng: random.Random, n: int) -> tuple[list[str], list[str]]:
    """ZIP codes and "city, ST" of random IOP facilities."""
    link = program_service_codes.c
    with db.session() as session:
        rows = session.execute(
            select(Program.zip, Program.city, Program.state)
            .join(program_service_codes, link.program_id == Program.id)
            .join(ServiceCode, ServiceCode.id == link.code_id)
            .where(ServiceCode.code == "OIT", Program.zip.is_not(None), Program.source == SOURCE_SAMHSA)
            .order_by(Program.id)
        ).all()
    picked = [rows[rng.randrange(len(rows))] for _ in range(n)]
    return [r.zip for r in picked], [f"{r.city}, {r.state}" for r in picked]


def time_imports(db_url: str, runs: int, facilities: Path) -> list[float]:
    """Wall time of `runs` full imports, each into a fresh empty database."""
    seconds = []
    backend = make_url(db_url).get_backend_name()
    for _ in range(runs):
        if backend == "sqlite":
            with tempfile.TemporaryDirectory() as folder:
                db = Database(f"sqlite:///{Path(folder) / 'import.db'}")
                started = time.perf_counter()
                import_directory(db, facilities, progress=False)
                seconds.append(time.perf_counter() - started)
                db.dispose()
        else:
            base = str(make_url(db_url).difference_update_query(["options"]))
            schema = f"bench_import_{uuid.uuid4().hex[:8]}"
            create_schema(base, schema)
            db = Database(schema_url(base, schema))
            try:
                started = time.perf_counter()
                import_directory(db, facilities, progress=False)
                seconds.append(time.perf_counter() - started)
            finally:
                db.dispose()
                drop_schema(base, schema)
    return seconds


def run(
    db_url: str,
    n_queries: int = 1000,
    *,
    import_runs: int = 3,
    facilities: Path = FACILITIES,
    seed: int = 7,
) -> dict[str, object]:
    """Search latency (p50/p95/max, ms) over `n_queries` realistic searches on
    `db_url` (importing the directory first if needed), location parsing latency,
    and the importer's median wall time over `import_runs` fresh imports."""
    rng = random.Random(seed)
    warm_up()
    ensure_postgres_schema(db_url)
    db = Database(db_url)
    try:
        ensure_program_schema(db.engine)
        if _samhsa_programs(db) < 10_000:
            import_directory(db, facilities, progress=False)
        programs = _samhsa_programs(db)

        zips, cities = _iop_places(db, rng, n_queries)
        texts = [zips[i] if i % 2 == 0 else cities[i] for i in range(n_queries)]
        parse_ms: list[float] = []
        queries: list[SearchQuery] = []
        for answer in texts:
            started = time.perf_counter()
            result = resolve_location(answer)
            parse_ms.append((time.perf_counter() - started) * 1000)
            if isinstance(result, Resolved):
                filters = SearchFilters.of(FILTER_SETS[rng.randrange(len(FILTER_SETS))])
                queries.append(SearchQuery(result.location, filters=filters))

        for query in queries[:20]:  # warm the connection pool and caches
            with db.session() as session:
                search_programs(session, query)
        search_ms: list[float] = []
        hits = widened = 0
        for query in queries:
            started = time.perf_counter()
            with db.session() as session:
                found = search_programs(session, query)
            search_ms.append((time.perf_counter() - started) * 1000)
            hits += len(found.hits)
            widened += found.widened
    finally:
        db.dispose()

    import_seconds = time_imports(db_url, import_runs, facilities) if import_runs else []
    return {
        "database": make_url(db_url).get_backend_name(),
        "programs": programs,
        "queries": len(queries),
        "search": _percentiles(search_ms),
        "widened_share": round(widened / len(queries), 3),
        "mean_hits": round(hits / len(queries), 2),
        "resolve_location": _percentiles(parse_ms),
        "import_seconds": [round(s, 2) for s in import_seconds],
        "import_median_s": round(statistics.median(import_seconds), 2) if import_seconds else None,
    }


def _print(figures: dict[str, Any]) -> None:
    search = figures["search"]
    parse = figures["resolve_location"]
    print(
        f"{figures['database']:<10} search over {figures['programs']:,} programs, "
        f"{figures['queries']} queries: p50 {search['p50_ms']} ms, p95 {search['p95_ms']} ms, "
        f"max {search['max_ms']} ms (widened {figures['widened_share']:.0%})"
    )
    print(f"{'':<10} resolve_location: p50 {parse['p50_ms']} ms, p95 {parse['p95_ms']} ms, max {parse['max_ms']} ms")
    if figures["import_seconds"]:
        runs = ", ".join(f"{s:.1f}" for s in figures["import_seconds"])
        print(f"{'':<10} import of the full file: median {figures['import_median_s']} s ({runs})")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    n_queries = int(argv[0]) if argv else 1000
    print("Program search (bench/search.py)")
    _print(run(SQLITE_URL, n_queries))
    _print(run(schema_url(POSTGRES_BASE_URL, POSTGRES_SCHEMA), n_queries))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
