"""The long conversation on two checkouts at once: before/after figures under the same load.

    PYTHONPATH=$PWD .venv/bin/python -m bench.long_conversation_ab --before DIR [--rounds 12]

On a shared machine two runs of `bench.long_conversation` one after the other
differ more than a change does (the same code gave 1.11x and 2.00x). Here the
Rasa and action servers of both checkouts run at the same time (`--before`: a
checkout of the earlier commit, e.g. `git worktree add`, with `.venv` and
`models/iop.tar.gz`; `--after`: this one), and each message of each 60-message
conversation goes to both, in alternating order, so both see the same load.
Per block (messages 1-5, 56-60): the median server CPU time over all rounds,
and their ratio. Each checkout's servers are started by running this file
with that checkout first on the path (`serve`), so the checkout needs no copy
of it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import uuid
from pathlib import Path

import requests

HERE = Path(__file__).resolve()


def serve() -> None:
    """This checkout's servers on fresh SQLite files; prints `READY url pid`, runs until stdin closes."""
    # Runs under the other checkout's interpreter and imports its bench/ and bot/: only
    # names that have long been there (free_port, run_load, Stack...), so the set-up
    # below is spelled out rather than shared with bench/long_conversation.py.
    from bench.conversation import BENCH_DIR, OUR_CONVERSATION, free_port, run_load
    from bot.settings import PROJECT_ROOT, Settings
    from bot.stack import Stack, service_specs, stack_environment

    tmp = BENCH_DIR / f"ab-{uuid.uuid4().hex[:8]}"
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
    model = PROJECT_ROOT / "models" / "iop.tar.gz"
    with Stack(service_specs(settings, model, ("rasa", "actions")), env, tmp / "logs") as stack:
        stack.wait_healthy(timeout=900)
        run_load(url, OUR_CONVERSATION, 1, 1)  # warm-up
        print("READY", url, stack.service("rasa").process.pid, flush=True)
        sys.stdin.read()


def _start(checkout: Path) -> tuple[subprocess.Popen, str, int]:
    process = subprocess.Popen(
        [str(checkout / ".venv" / "bin" / "python"), str(HERE), "serve"],
        cwd=checkout,
        env={**os.environ, "PYTHONPATH": str(checkout)},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("READY"):
            _, url, pid = line.split()
            return process, url, int(pid)
    raise RuntimeError(f"the servers of {checkout} did not start")


def measure(checkouts: dict[str, Path], rounds: int) -> dict[str, list[list[float]]]:
    """Every message's server CPU ms, per checkout: [message][round]."""
    from bench.conversation import OUR_CONVERSATION
    from bench.long_conversation import long_conversation, server_cpu_seconds

    conversation = long_conversation(OUR_CONVERSATION)
    started = {name: _start(path) for name, path in checkouts.items()}
    cpu: dict[str, list[list[float]]] = {name: [[] for _ in conversation] for name in checkouts}
    session = requests.Session()
    try:
        for number in range(rounds):
            senders = {name: f"ab-{uuid.uuid4().hex[:12]}" for name in checkouts}
            for index, text in enumerate(conversation):
                order = list(checkouts) if (index + number) % 2 == 0 else list(reversed(checkouts))
                for name in order:
                    _, url, pid = started[name]
                    before = server_cpu_seconds(pid)
                    reply = session.post(url, json={"sender": senders[name], "message": text}, timeout=120)
                    cpu[name][index].append((server_cpu_seconds(pid) - before) * 1000)
                    if reply.status_code != 200:
                        raise RuntimeError(f"{name}: HTTP {reply.status_code} for message {index + 1} {text!r}")
    finally:
        for process, _, _ in started.values():
            assert process.stdin is not None
            process.stdin.close()
            process.wait(timeout=300)
    return cpu


def main(argv: list[str] | None = None) -> int:
    from bench.long_conversation import FIRST, LAST

    if (argv if argv is not None else sys.argv[1:])[:1] == ["serve"]:
        serve()
        return 0
    parser = argparse.ArgumentParser(
        prog="python -m bench.long_conversation_ab",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--before", type=Path, required=True, help="the earlier checkout")
    parser.add_argument("--after", type=Path, default=HERE.parents[1], help="the later checkout (this one)")
    parser.add_argument("--rounds", type=int, default=12, help="60-message conversations on each (12)")
    args = parser.parse_args(argv)
    checkouts = {"before": args.before.resolve(), "after": args.after.resolve()}
    for path in checkouts.values():
        if not (path / "models" / "iop.tar.gz").is_file():
            parser.error(f"no trained model at {path / 'models' / 'iop.tar.gz'}")
    cpu = measure(checkouts, args.rounds)
    for name, messages in cpu.items():
        first = statistics.median([ms for index in FIRST for ms in messages[index]])
        last = statistics.median([ms for index in LAST for ms in messages[index]])
        print(
            f"{name} ({checkouts[name]}): server CPU messages 1-5 {first:.1f} ms, 56-60 {last:.1f} ms,"
            f" ratio {last / first:.2f}x (medians of {args.rounds} conversations)"
        )
    return 0


if __name__ == "__main__":
    if sys.path and sys.path[0] == str(HERE.parent):  # run by path (`serve`): bench/ is not a top-level package
        sys.path.pop(0)
    sys.exit(main())
