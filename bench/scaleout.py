"""Scale-out: the Rasa server with 1 and with 2 Sanic workers (`SANIC_WORKERS`).

    python -m bench.scaleout [--concurrency 8] [--rounds 3]   # also part of `make bench`

The production stores in both runs: Rasa's tracker store and the project
database in a fresh PostgreSQL schema of their own (dropped afterwards), and the
Redis lock store on database index 14 (no test uses it; flushed before and
after). Rasa 3.6 runs more than one worker only with a lock store that is not
in-memory. For each worker count: the Rasa server and one action server start,
`--concurrency` threads each run `--rounds` fresh conversations of
`bench.conversation.OUR_CONVERSATION` over REST, and the run reports messages
per second and reply latency p50/p95.

The goal is 2 workers >= 1.5x the throughput of 1. On a 2-core machine the
Rasa workers share those cores with the action server, PostgreSQL, Redis, the
load generator (this process) and whatever else runs, so the table also gives
the CPU seconds each of them used during the run (psutil), and the machine's
idle time: when there is no idle CPU left, a second worker has nothing to add.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import psutil  # type: ignore[import-untyped]  # no types-psutil in the venv; only this benchmark uses psutil
import redis
from sqlalchemy.engine import make_url

from bench.conversation import (
    BENCH_DIR,
    OUR_CONVERSATION,
    LoadResult,
    free_port,
    run_load,
)
from bench.search import POSTGRES_BASE_URL, create_schema, drop_schema, schema_url
from bot.settings import PROJECT_ROOT, Settings
from bot.stack import Stack, service_specs, stack_environment

REDIS_URL = "redis://127.0.0.1:6379/14"
GOAL = 1.5


@dataclass
class CpuSplit:
    """CPU seconds (user + system) used during one load run, by whom."""

    rasa: float
    actions: float
    load_generator: float
    postgresql: float
    redis: float
    rest_of_machine: float
    idle: float
    wall_s: float


@dataclass
class ScaleRun:
    workers: int
    serving_processes: int  # Rasa processes that handle requests (the workers)
    load: LoadResult
    cpu: CpuSplit


def _tree(pid: int) -> list[psutil.Process]:
    root = psutil.Process(pid)
    return [root, *root.children(recursive=True)]


def _named(names: Iterable[str]) -> list[psutil.Process]:
    wanted = set(names)
    found = []
    for process in psutil.process_iter(["name"]):
        if (process.info["name"] or "") in wanted:
            found.append(process)
    return found


def _cpu_seconds(processes: Sequence[psutil.Process]) -> dict[int, float]:
    seconds = {}
    for process in processes:
        try:
            times = process.cpu_times()
        except psutil.Error:  # gone (e.g. a PostgreSQL backend that closed)
            continue
        seconds[process.pid] = times.user + times.system
    return seconds


def _delta(before: dict[int, float], after: dict[int, float]) -> float:
    # a process that appeared during the run counts from 0
    return sum(after[pid] - before.get(pid, 0.0) for pid in after)


def _machine_busy_idle() -> tuple[float, float]:
    times = psutil.cpu_times()
    idle = times.idle + getattr(times, "iowait", 0.0)
    return sum(times) - idle, idle


def measure(rasa_pid: int, actions_pid: int, run: Callable[[], LoadResult]) -> tuple[LoadResult, CpuSplit]:
    """Run `run()` and split the CPU time used meanwhile by process group."""
    groups = {
        "rasa": _tree(rasa_pid),
        "actions": _tree(actions_pid),
        "load_generator": [psutil.Process(os.getpid())],
        "postgresql": _named(["postgres", "postmaster"]),
        "redis": _named(["redis-server"]),
    }
    before = {name: _cpu_seconds(ps) for name, ps in groups.items()}
    busy0, idle0 = _machine_busy_idle()
    started = time.monotonic()
    result = run()
    wall = time.monotonic() - started
    busy1, idle1 = _machine_busy_idle()
    # PostgreSQL starts a backend per new connection: look again
    groups["postgresql"] = _named(["postgres", "postmaster"])
    used = {name: _delta(before[name], _cpu_seconds(ps)) for name, ps in groups.items()}
    rest = max(0.0, (busy1 - busy0) - sum(used.values()))
    return result, CpuSplit(**used, rest_of_machine=rest, idle=idle1 - idle0, wall_s=wall)


def _prepare_env(database_url: str, workers: int) -> dict[str, str]:
    env = {
        **os.environ,
        "RASA_TELEMETRY_ENABLED": "false",
        "PYTHONPATH": str(PROJECT_ROOT),
        "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "DATABASE_URL": database_url,
        "TRACKER_STORE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "SANIC_WORKERS": str(workers),
        "RASA_PORT": str(free_port()),
        "ACTION_PORT": str(free_port()),
        "WEB_PORT": str(free_port()),
    }
    env.pop("ACTION_ENDPOINT_URL", None)
    env.pop("SANIC_HOST", None)
    return env


def _serving_processes(rasa_pid: int, workers: int) -> int:
    # Sanic runs one worker in the main process, or forks `workers` children
    children = psutil.Process(rasa_pid).children(recursive=True)
    return len(children) if workers > 1 else 1


def run_one(workers: int, database_url: str, concurrency: int, rounds: int, log_dir: Path) -> ScaleRun:
    env = _prepare_env(database_url, workers)
    settings = Settings.from_env(env)
    env = stack_environment(env, settings)
    subprocess.run(
        [sys.executable, "-m", "bot", "init-db", "--sample-if-empty"],
        cwd=PROJECT_ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    url = f"http://127.0.0.1:{settings.rasa_port}/webhooks/rest/webhook"
    with Stack(service_specs(settings, services=("rasa", "actions")), env, log_dir) as stack:
        stack.wait_healthy(timeout=600)
        # warm-up: every worker loads lazily initialised parts on its first messages
        run_load(url, OUR_CONVERSATION, 2 * workers, 1)
        rasa_pid = stack.service("rasa").process.pid
        load, cpu = measure(
            rasa_pid, stack.service("actions").process.pid, lambda: run_load(url, OUR_CONVERSATION, concurrency, rounds)
        )
        serving = _serving_processes(rasa_pid, workers)
    return ScaleRun(workers, serving, load, cpu)


def run(concurrency: int = 8, rounds: int = 3, base_url: str = POSTGRES_BASE_URL) -> str:
    schema = f"bench_scaleout_{uuid.uuid4().hex[:8]}"
    create_schema(base_url, schema)
    lock_db = redis.Redis.from_url(REDIS_URL)
    lock_db.flushdb()
    log_root = BENCH_DIR / f"scaleout-{time.strftime('%Y%m%d-%H%M%S')}"
    runs = []
    try:
        for workers in (1, 2):
            print(f"scale-out: {workers} Sanic worker(s), {concurrency} conversations x {rounds}...", flush=True)
            runs.append(
                run_one(workers, schema_url(base_url, schema), concurrency, rounds, log_root / f"workers-{workers}")
            )
    finally:
        lock_db.flushdb()
        lock_db.close()
        drop_schema(base_url, schema)
    return table(runs)


def table(runs: Sequence[ScaleRun]) -> str:
    one = runs[0]
    cores = psutil.cpu_count() or 1
    lines = [
        f"{'Sanic workers':<14}{'serving':>8}{'messages':>10}{'seconds':>9}{'msg/s':>8}"
        f"{'p50 ms':>9}{'p95 ms':>9}{'vs 1':>7}",
    ]
    for r in runs:
        ratio = r.load.throughput / one.load.throughput if one.load.throughput else float("nan")
        lines.append(
            f"{r.workers:<14}{r.serving_processes:>8}{r.load.messages:>10}{r.load.seconds:>9.1f}"
            f"{r.load.throughput:>8.2f}{r.load.p50:>9.0f}{r.load.p95:>9.0f}{ratio:>6.2f}x"
        )
    last = runs[-1]
    ratio = last.load.throughput / one.load.throughput if one.load.throughput else float("nan")
    verdict = "ok" if ratio >= GOAL else "MISSED"
    lines.append(f"{last.workers} workers vs 1: {ratio:.2f}x throughput (goal >= {GOAL}x: {verdict})")
    lines += [
        "",
        f"CPU seconds during each run ({cores} cores: {cores} CPU-s per wall second)",
        f"{'':<34}" + "".join(f"{f'{r.workers} worker(s)':>14}" for r in runs),
    ]
    rows = [
        ("Rasa server (all its processes)", "rasa"),
        ("action server", "actions"),
        ("load generator (this process)", "load_generator"),
        ("PostgreSQL (all backends)", "postgresql"),
        ("Redis", "redis"),
        ("rest of the machine", "rest_of_machine"),
        ("idle", "idle"),
        ("wall seconds", "wall_s"),
    ]
    for label, attr in rows:
        lines.append(f"{label:<34}" + "".join(f"{getattr(r.cpu, attr):>14.1f}" for r in runs))
    lines.append(f"{'Rasa CPU-s per message':<34}" + "".join(f"{r.cpu.rasa / r.load.messages:>14.3f}" for r in runs))
    # how much of the machine the Rasa server got: with no idle time left, its
    # throughput follows this share, not the number of workers
    lines.append(f"{'cores the Rasa server used':<34}" + "".join(f"{r.cpu.rasa / r.cpu.wall_s:>14.2f}" for r in runs))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.scaleout", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--concurrency", type=int, default=8, help="conversations at once (8)")
    parser.add_argument("--rounds", type=int, default=3, help="conversations per thread (3)")
    parser.add_argument("--postgres-url", default=POSTGRES_BASE_URL, help="database to create the temporary schema in")
    args = parser.parse_args(argv)
    if make_url(args.postgres_url).get_backend_name() != "postgresql":
        parser.error("--postgres-url must be a PostgreSQL URL")
    print(run(args.concurrency, args.rounds, args.postgres_url), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
