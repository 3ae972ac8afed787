"""Conversation benchmark: this assistant next to an untouched `rasa init` assistant.

For each assistant, in the same environment and run: a full training (wall
time), then its Rasa server under REST load with 1 and with 16 concurrent
conversations (reply latency p50/p95, messages per second), and the server's
peak resident memory (VmHWM). For this assistant also the big-message
figures of `bench.big_message`. For both: the Rasa server's CPU time per
message in each load run, and the cost of messages 56-60 of a 60-message
conversation against messages 1-5 (`bench.long_conversation`).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import requests

from bench import big_message, long_conversation
from bot.settings import PROJECT_ROOT, Settings
from bot.stack import ServiceSpec, Stack, service_specs, stack_environment

RASA = str(Path(sys.executable).parent / "rasa")
BENCH_DIR = PROJECT_ROOT / "var" / "bench"

# A visitor's conversation through this assistant: FAQ answers, the fit
# assessment (custom actions and a form), a program search (database) and goodbye.
OUR_CONVERSATION = [
    "hi",
    "what is iop",
    "how long does it last",
    "is iop right for me",
    "no",
    "no",
    "no",
    "moderate",
    "1",
    "none",
    "yes",
    "no",
    "i work full time",
    "find programs near 60614",
    "show more",
    "does insurance cover it",
    "thanks",
    "bye",
]

# The rasa init assistant's own kind of conversation, the same length.
BASELINE_CONVERSATION = [
    "hi",
    "i am sad",
    "yes",
    "great",
    "are you a bot?",
    "bye",
] * 3


@dataclass
class LoadResult:
    concurrency: int
    messages: int
    seconds: float
    latencies_ms: list[float]
    server_cpu_s: float = float("nan")  # the Rasa server's user + system CPU seconds during the run

    @property
    def cpu_per_message_ms(self) -> float:
        return self.server_cpu_s * 1000 / self.messages if self.messages else float("nan")

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies_ms)

    @property
    def p95(self) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]

    @property
    def throughput(self) -> float:
        return self.messages / self.seconds if self.seconds else 0.0


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def peak_rss_mb(pid: int) -> float:
    """Peak resident set size (VmHWM) of a process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmHWM for pid {pid}")


def train(project: Path, out: Path, env: dict[str, str]) -> float:
    """A full (forced) training; returns wall seconds."""
    if out.exists():
        shutil.rmtree(out)
    start = time.monotonic()
    subprocess.run(
        [RASA, "train", "--force", "--out", str(out), "--fixed-model-name", "bench", "--quiet"],
        cwd=project,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.monotonic() - start


def ensure_rasa_init_project(path: Path, env: dict[str, str]) -> Path:
    """An untouched `rasa init` assistant, created once."""
    if not (path / "domain.yml").exists():
        path.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [RASA, "init", "--no-prompt", "--init-dir", str(path)],
            cwd=path,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            input=b"n\n",
        )
        # rasa init also trains; only its project files are kept
        shutil.rmtree(path / "models", ignore_errors=True)
    return path


def run_load(url: str, conversation: Sequence[str], concurrency: int, rounds: int) -> LoadResult:
    """`concurrency` threads each run `rounds` fresh conversations."""
    latencies: list[float] = []
    lock = threading.Lock()
    errors: list[str] = []

    def worker() -> None:
        session = requests.Session()
        for _ in range(rounds):
            sender = f"bench-{uuid.uuid4().hex[:12]}"
            for text in conversation:
                start = time.perf_counter()
                reply = session.post(url, json={"sender": sender, "message": text}, timeout=120)
                elapsed = (time.perf_counter() - start) * 1000
                if reply.status_code != 200 or not reply.json():
                    with lock:
                        errors.append(f"{reply.status_code} for {text!r}")
                with lock:
                    latencies.append(elapsed)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.monotonic() - start
    if errors:
        raise RuntimeError(f"{len(errors)} bad replies, e.g. {errors[:3]}")
    return LoadResult(concurrency, len(latencies), seconds, latencies)


@dataclass
class AssistantFigures:
    name: str
    training_s: float
    loads: dict[int, LoadResult]
    peak_rss_mb: float
    long: long_conversation.LongConversationFigures
    big: big_message.BigMessageFigures | None = None


def measure_server(
    stack: Stack, rest_url: str, conversation: Sequence[str], rounds: dict[int, int]
) -> tuple[dict[int, LoadResult], long_conversation.LongConversationFigures]:
    stack.wait_healthy(timeout=600)
    pid = stack.service("rasa").process.pid
    # warm-up: the first messages load lazily initialised parts
    run_load(rest_url, conversation, 1, 1)
    loads = {}
    for c in sorted(rounds):
        before = long_conversation.server_cpu_seconds(pid)
        loads[c] = run_load(rest_url, conversation, c, rounds[c])
        loads[c].server_cpu_s = long_conversation.server_cpu_seconds(pid) - before
    return loads, long_conversation.measure(rest_url, pid, conversation)


def bench_ours(env: dict[str, str], tmp: Path, rounds: dict[int, int]) -> AssistantFigures:
    print("training this assistant (full, forced)...", flush=True)
    training_s = train(PROJECT_ROOT, tmp / "ours-model", env)
    web_port = free_port()
    run_env = {
        **env,
        "DATABASE_URL": f"sqlite:///{tmp / 'ours' / 'iop.db'}",
        "TRACKER_STORE_URL": f"sqlite:///{tmp / 'ours' / 'tracker.db'}",
        "RASA_PORT": str(free_port()),
        "ACTION_PORT": str(free_port()),
        "WEB_PORT": str(web_port),
    }
    run_env.pop("ACTION_ENDPOINT_URL", None)
    settings = Settings.from_env(run_env)
    run_env = stack_environment(run_env, settings)
    python = str(Path(sys.executable))
    subprocess.run(
        [python, "-m", "bot", "init-db", "--sample-if-empty"],
        cwd=PROJECT_ROOT,
        env=run_env,
        check=True,
        capture_output=True,
    )
    specs = service_specs(settings, tmp / "ours-model" / "bench.tar.gz", ("rasa", "actions"))
    print("load test: this assistant...", flush=True)
    with Stack(specs, run_env, tmp / "ours" / "logs") as stack:
        loads, long = measure_server(
            stack,
            f"http://127.0.0.1:{settings.rasa_port}/webhooks/rest/webhook",
            OUR_CONVERSATION,
            rounds,
        )
        rss = peak_rss_mb(stack.service("rasa").process.pid)
        print("big messages: this assistant...", flush=True)
        big = big_message.measure(
            f"http://127.0.0.1:{settings.rasa_port}/webhooks/rest/webhook",
            stack.service("rasa").process.pid,
            settings.max_request_bytes,
        )
    return AssistantFigures("this assistant", training_s, loads, rss, long, big)


# This assistant's tuning of TensorFlow's thread pools (bot/settings.py): the
# peer runs as `rasa init` ships, with TensorFlow's defaults, as in the runs
# before that setting existed, so the figures stay comparable across runs.
OUR_TUNING = ("TF_INTRA_OP_PARALLELISM_THREADS", "TF_INTER_OP_PARALLELISM_THREADS")


def bench_baseline(env: dict[str, str], tmp: Path, rounds: dict[int, int]) -> AssistantFigures:
    env = {name: value for name, value in env.items() if name not in OUR_TUNING}
    project = ensure_rasa_init_project(BENCH_DIR / "rasa-init", env)
    print("training the rasa init assistant (full, forced)...", flush=True)
    training_s = train(project, tmp / "init-model", env)
    port = free_port()
    spec = ServiceSpec(
        "rasa",
        [
            RASA,
            "run",
            "--model",
            str(tmp / "init-model" / "bench.tar.gz"),
            "--port",
            str(port),
            "--interface",
            "127.0.0.1",
            "--credentials",
            str(project / "credentials.yml"),
            "--endpoints",
            str(project / "endpoints.yml"),
        ],
        f"http://127.0.0.1:{port}/",
    )
    print("load test: rasa init assistant...", flush=True)
    with Stack([spec], env, tmp / "init" / "logs") as stack:
        loads, long = measure_server(
            stack,
            f"http://127.0.0.1:{port}/webhooks/rest/webhook",
            BASELINE_CONVERSATION,
            rounds,
        )
        rss = peak_rss_mb(stack.service("rasa").process.pid)
    return AssistantFigures("rasa init", training_s, loads, rss, long)


def table(ours: AssistantFigures, base: AssistantFigures) -> str:
    rows: list[tuple[str, float, float, float | None]] = [("training time (s)", ours.training_s, base.training_s, None)]
    for c in sorted(ours.loads):
        o, b = ours.loads[c], base.loads[c]
        rows += [
            (f"p50 latency, {c} conv. (ms)", o.p50, b.p50, None),
            (f"p95 latency, {c} conv. (ms)", o.p95, b.p95, 1.3),
            (f"throughput, {c} conv. (msg/s)", o.throughput, b.throughput, None),
            (f"Rasa server CPU per message, {c} conv. (ms)", o.cpu_per_message_ms, b.cpu_per_message_ms, None),
        ]
    rows.append(("peak RSS of the Rasa server (MB)", ours.peak_rss_mb, base.peak_rss_mb, 1.3))
    for kind, what in (("cpu", "server CPU"), ("wall", "reply time")):
        for block, label in (("first", "1-5"), ("last", "56-60")):
            rows.append(
                (
                    f"long conv., msgs {label}, {what} (ms)",
                    ours.long.median(kind, block),
                    base.long.median(kind, block),
                    None,
                )
            )
    width = max(len(r[0]) for r in rows)
    lines = [
        f"{'':{width}}  {'this':>10}  {'rasa init':>10}  {'ratio':>7}  target",
        f"{'-' * width}  {'-' * 10}  {'-' * 10}  {'-' * 7}  ------",
    ]
    for label, mine, theirs, limit in rows:
        ratio = mine / theirs if theirs else float("nan")
        target = ""
        if limit is not None:
            target = f"<= {limit}x " + ("ok" if ratio <= limit else "MISSED")
        lines.append(f"{label:{width}}  {mine:10.1f}  {theirs:10.1f}  {ratio:6.2f}x  {target}")
    for kind, what in (("cpu", "server CPU"), ("wall", "reply time")):
        ratio = ours.long.ratio(kind)
        verdict = "ok" if ratio <= 1.2 else "MISSED"
        lines.append(
            f"long conversation, messages 56-60 / 1-5, {what}: this assistant {ratio:.2f}x (target <= 1.2x: {verdict}),"
            f" rasa init {base.long.ratio(kind):.2f}x"
        )
    five_min = "ok" if ours.training_s < 300 else "MISSED"
    lines.append(f"full training of this assistant: {ours.training_s:.0f} s (target < 300 s: {five_min})")
    if ours.big is not None:
        lines += ["", "big messages (this assistant):"] + [f"  {line}" for line in ours.big.lines()]
    return "\n".join(lines)


def run(rounds: dict[int, int] | None = None) -> str:
    rounds = rounds or {1: 5, 16: 2}
    # both assistants train and run with the environment bot/settings.py declares
    # (the peer without OUR_TUNING)
    env = stack_environment(os.environ, Settings.from_env())
    tmp = BENCH_DIR / f"run-{time.strftime('%Y%m%d-%H%M%S')}"
    tmp.mkdir(parents=True, exist_ok=True)
    try:
        base = bench_baseline(env, tmp, rounds)
        ours = bench_ours(env, tmp, rounds)
    finally:
        for model_dir in ("ours-model", "init-model"):
            shutil.rmtree(tmp / model_dir, ignore_errors=True)
    return table(ours, base)
