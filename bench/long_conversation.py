"""The cost of a message as the conversation grows, and the Rasa server's CPU per message.

    PYTHONPATH=$PWD .venv/bin/python -m bench.long_conversation [--model models/iop.tar.gz] [--rounds 3]

`make bench` measures both assistants (this one and `rasa init`) with
`measure()`, on the server it has already started. Run alone, this module
starts this assistant's Rasa and action servers on a trained model (no
training) and prints its figures only: the quick before/after check of a change.

One visitor at a time plays a 60-message conversation; messages 56-60 are the
texts of messages 1-5, so the two blocks do the same work except for the
conversation before them. For each message: the reply's wall time, and the
CPU time (from /proc, in nanoseconds: `server_cpu_seconds`, for the Rasa
server and its child processes) the Rasa server used while answering it. CPU time is
far less sensitive than wall time to the other processes on a shared machine.
The figures are the medians of each block over all rounds, and their ratio
(1.0: a message costs the same however long the conversation is).

CPU per message under load (`cpu_per_message_ms`) is the server's CPU time
over a whole load run divided by its messages (bench/conversation.py).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import psutil  # type: ignore[import-untyped]  # no types-psutil in the venv; only the benchmarks use psutil
import requests

MESSAGES = 60
BLOCK = 5
FIRST = range(BLOCK)  # messages 1-5
LAST = range(MESSAGES - BLOCK, MESSAGES)  # messages 56-60


def long_conversation(cycle: Sequence[str]) -> list[str]:
    """`cycle` repeated to 55 messages, then its first 5 again as messages 56-60."""
    body = [cycle[i % len(cycle)] for i in range(MESSAGES - BLOCK)]
    return body + list(cycle[:BLOCK])


def server_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process and its children (Sanic may fork workers).

    /proc/PID/stat counts in clock ticks (10 ms), as coarse as a message's
    cost; /proc/PID/task/TID/schedstat counts each thread's time on a CPU in
    nanoseconds. Where a thread has ended since, its time only shows in the
    ticks, so the larger of the two totals is taken."""
    root = psutil.Process(pid)
    total = 0.0
    for process in [root, *root.children(recursive=True)]:
        try:
            times = process.cpu_times()
        except psutil.Error:  # a child that exited meanwhile
            continue
        total += max(times.user + times.system, _thread_run_seconds(process.pid))
    return total


def _thread_run_seconds(pid: int) -> float:
    seconds = 0.0
    for stat in Path(f"/proc/{pid}/task").glob("*/schedstat"):
        try:
            seconds += int(stat.read_text().split()[0]) / 1e9
        except (OSError, ValueError, IndexError):  # a thread that ended meanwhile
            continue
    return seconds


@dataclass
class LongConversationFigures:
    rounds: int
    wall_ms: dict[str, list[float]]  # "first" / "last" -> every message's reply time in that block
    cpu_ms: dict[str, list[float]]  # the same, the server's CPU time

    def median(self, kind: str, block: str) -> float:
        values = self.wall_ms if kind == "wall" else self.cpu_ms
        return statistics.median(values[block])

    def ratio(self, kind: str) -> float:
        first = self.median(kind, "first")
        return self.median(kind, "last") / first if first else float("nan")

    def lines(self) -> list[str]:
        out = []
        for kind, label in (("cpu", "server CPU"), ("wall", "reply time")):
            out.append(
                f"{label}: messages 1-5 {self.median(kind, 'first'):.1f} ms, 56-60 {self.median(kind, 'last'):.1f} ms,"
                f" ratio {self.ratio(kind):.2f}x (medians of {self.rounds} conversations)"
            )
        return out


def measure(rest_url: str, rasa_pid: int, cycle: Sequence[str], rounds: int = 3) -> LongConversationFigures:
    """`rounds` fresh 60-message conversations, one message at a time."""
    conversation = long_conversation(cycle)
    blocks = {"first": FIRST, "last": LAST}
    wall: dict[str, list[float]] = {name: [] for name in blocks}
    cpu: dict[str, list[float]] = {name: [] for name in blocks}
    session = requests.Session()
    for _ in range(rounds):
        sender = f"long-{uuid.uuid4().hex[:12]}"
        for number, text in enumerate(conversation):
            cpu_before = server_cpu_seconds(rasa_pid)
            start = time.perf_counter()
            reply = session.post(rest_url, json={"sender": sender, "message": text}, timeout=120)
            elapsed_ms = (time.perf_counter() - start) * 1000
            cpu_ms = (server_cpu_seconds(rasa_pid) - cpu_before) * 1000
            if reply.status_code != 200:
                raise RuntimeError(f"HTTP {reply.status_code} for message {number + 1} {text!r}")
            for name, block in blocks.items():
                if number in block:
                    wall[name].append(elapsed_ms)
                    cpu[name].append(cpu_ms)
    return LongConversationFigures(rounds, wall, cpu)


def _ours_alone(model: Path, rounds: int, load_rounds: int) -> str:
    """This assistant on `model`, on fresh SQLite files: long conversations, then 1 and 4 at once."""
    from bench.conversation import BENCH_DIR, OUR_CONVERSATION, free_port, run_load
    from bot.settings import PROJECT_ROOT, Settings
    from bot.stack import Stack, service_specs, stack_environment

    tmp = BENCH_DIR / f"long-{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:4]}"
    tmp.mkdir(parents=True)
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp / 'iop.db'}",
        "TRACKER_STORE_URL": f"sqlite:///{tmp / 'tracker.db'}",
        "RASA_PORT": str(free_port()),
        "ACTION_PORT": str(free_port()),
        "WEB_PORT": str(free_port()),
    }
    env.pop("ACTION_ENDPOINT_URL", None)
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
    with Stack(service_specs(settings, model, ("rasa", "actions")), env, tmp / "logs") as stack:
        stack.wait_healthy(timeout=600)
        pid = stack.service("rasa").process.pid
        run_load(url, OUR_CONVERSATION, 1, 1)  # warm-up
        figures = measure(url, pid, OUR_CONVERSATION, rounds)
        lines = ["long conversation (this assistant):", *[f"  {line}" for line in figures.lines()]]
        for concurrency in (1, 4):
            before = server_cpu_seconds(pid)
            load = run_load(url, OUR_CONVERSATION, concurrency, load_rounds)
            per_message = (server_cpu_seconds(pid) - before) * 1000 / load.messages
            lines.append(
                f"{concurrency} conv. x {load_rounds}: server CPU {per_message:.1f} ms per message,"
                f" p50 {load.p50:.0f} ms, p95 {load.p95:.0f} ms, {load.throughput:.1f} msg/s"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from bot.settings import PROJECT_ROOT

    parser = argparse.ArgumentParser(
        prog="python -m bench.long_conversation",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--model", type=Path, default=PROJECT_ROOT / "models" / "iop.tar.gz")
    parser.add_argument("--rounds", type=int, default=3, help="60-message conversations (3)")
    parser.add_argument("--load-rounds", type=int, default=2, help="conversations per thread under load (2)")
    args = parser.parse_args(argv)
    if not args.model.is_file():
        parser.error(f"no trained model at {args.model} (make model)")
    print(_ours_alone(args.model, args.rounds, args.load_rounds), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
