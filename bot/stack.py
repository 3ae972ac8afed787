"""Start, watch and stop the assistant's processes.

`python -m bot run` (what `make run` calls) starts the Rasa server, the action
server, the web app and the handoff delivery worker, prints where to chat,
restarts a process that dies (bot.supervisor: backoff from 1 s to 30 s), and
stops every process it started on Ctrl-C or SIGTERM, or when one keeps dying
(5 times within 60 s: exit code 1). The
end-to-end tests, the browser test and the benchmark start the same stack
through `Stack`, on ports of their choosing.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import IO

from bot.logs import configure_logging
from bot.settings import PROJECT_ROOT, Settings, with_process_environment
from bot.supervisor import Supervisor

VENV_BIN = Path(sys.executable).parent
DEFAULT_MODEL = PROJECT_ROOT / "models" / "iop.tar.gz"
SERVICES = ("rasa", "actions", "web", "worker")


@dataclass
class ServiceSpec:
    name: str
    argv: list[str]
    health_url: str | None


@dataclass
class RunningService:
    spec: ServiceSpec
    process: subprocess.Popen[bytes]
    log: IO[bytes] | None = None


def stack_environment(base: Mapping[str, str], settings: Settings) -> dict[str, str]:
    """The environment every service gets: the caller's, plus the defaults of
    bot.settings.process_environment (ACTION_ENDPOINT_URL and SANIC_HOST follow
    `settings`' action server)."""
    return with_process_environment(base, settings)


def rasa_api_args(settings: Settings) -> list[str]:
    """Rasa's HTTP API (model reload for `python -m bot retrain`), only ever
    behind RASA_API_TOKEN: without the token, no API."""
    return ["--enable-api", "--auth-token", settings.rasa_api_token] if settings.rasa_api_token else []


def service_specs(
    settings: Settings,
    model: Path = DEFAULT_MODEL,
    services: Sequence[str] = SERVICES,
    rasa_args: Sequence[str] = (),
) -> list[ServiceSpec]:
    python = str(VENV_BIN / "python")
    rasa = str(VENV_BIN / "rasa")
    specs = {
        "rasa": ServiceSpec(
            "rasa",
            [
                rasa,
                "run",
                "--model",
                str(model),
                "--interface",
                settings.rasa_host,
                "--port",
                str(settings.rasa_port),
                "--credentials",
                str(PROJECT_ROOT / "credentials.yml"),
                "--endpoints",
                str(PROJECT_ROOT / "endpoints.yml"),
                "--cors",
                *settings.allowed_origins,
                *rasa_api_args(settings),
                *rasa_args,
            ],
            f"http://127.0.0.1:{settings.rasa_port}/",
        ),
        "actions": ServiceSpec(
            "actions",
            # rasa_sdk's server plus GET / and plain 404s (actions/server.py)
            [python, "-m", "actions.server", "--port", str(settings.action_port)],
            f"http://127.0.0.1:{settings.action_port}/health",
        ),
        "web": ServiceSpec("web", [python, "-m", "bot", "web"], f"http://127.0.0.1:{settings.web_port}/healthz"),
        "worker": ServiceSpec("worker", [python, "-m", "bot", "deliver-handoffs"], None),
    }
    return [specs[name] for name in services]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as reply:
            status: int = reply.status
            return 200 <= status < 500
    except (urllib.error.URLError, ConnectionError, OSError):
        return False


class Stack:
    """A set of running services; a context manager that always cleans up."""

    def __init__(
        self,
        specs: Sequence[ServiceSpec],
        env: Mapping[str, str],
        log_dir: Path | None = None,
    ) -> None:
        self.specs = list(specs)
        self.env = dict(env)
        self.log_dir = log_dir
        self.running: list[RunningService] = []

    def start(self) -> Stack:
        for spec in self.specs:
            log = None
            if self.log_dir is not None:
                self.log_dir.mkdir(parents=True, exist_ok=True)
                log = open(self.log_dir / f"{spec.name}.log", "ab")  # noqa: SIM115 - open while the service runs; closed on stop
            process = subprocess.Popen(
                spec.argv,
                cwd=str(PROJECT_ROOT),
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT if log else None,
                start_new_session=True,  # its own process group: we stop its children too
            )
            self.running.append(RunningService(spec, process, log))
        return self

    def wait_healthy(self, timeout: float = 180.0) -> None:
        deadline = time.monotonic() + timeout
        pending = [s for s in self.running if s.spec.health_url]
        while pending:
            for service in list(pending):
                if service.process.poll() is not None:
                    raise RuntimeError(
                        f"{service.spec.name} exited with code {service.process.returncode}" + self._log_hint(service)
                    )
                if _healthy(service.spec.health_url or ""):
                    pending.remove(service)
            if pending and time.monotonic() > deadline:
                names = ", ".join(s.spec.name for s in pending)
                raise TimeoutError(f"not healthy after {timeout:.0f}s: {names}")
            if pending:
                time.sleep(0.5)

    def _log_hint(self, service: RunningService) -> str:
        if self.log_dir is None:
            return ""
        path = self.log_dir / f"{service.spec.name}.log"
        try:
            tail = path.read_text(errors="replace").splitlines()[-30:]
        except OSError:
            return ""
        return f"\n--- last lines of {path} ---\n" + "\n".join(tail)

    def first_exited(self) -> RunningService | None:
        return next((s for s in self.running if s.process.poll() is not None), None)

    def service(self, name: str) -> RunningService:
        return next(s for s in self.running if s.spec.name == name)

    def stop_service(self, name: str, sig: int = signal.SIGTERM, timeout: float = 15.0) -> None:
        service = self.service(name)
        _stop(service.process, sig, timeout)

    def restart_service(self, name: str) -> None:
        old = self.service(name)
        _stop(old.process, signal.SIGTERM, 15.0)
        self.running.remove(old)
        if old.log:
            old.log.close()
        spec_index = self.specs.index(old.spec)
        sub = Stack([self.specs[spec_index]], self.env, self.log_dir).start()
        self.running.extend(sub.running)

    def stop(self) -> None:
        for service in reversed(self.running):
            _stop(service.process, signal.SIGTERM, 15.0)
            if service.log:
                service.log.close()
        self.running.clear()

    def __enter__(self) -> Stack:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()


def _stop(process: subprocess.Popen[bytes], sig: int, timeout: float) -> None:
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, sig)
    except ProcessLookupError:
        return
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


def cli(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot run", description=__doc__)
    parser.add_argument("--model", default=str(DEFAULT_MODEL))
    args = parser.parse_args(argv)

    try:
        settings = Settings.from_env()
    except ValueError as exc:  # e.g. LOG_FORMAT=nonsense: one line, not a traceback
        print(f"error: {exc}", file=sys.stderr)
        return 2
    configure_logging(settings, "run")  # the services read LOG_FORMAT themselves
    from bot.production import format_problems, production_problems

    problems = production_problems(settings, os.environ)
    if problems:  # before any service starts
        print(format_problems(problems), file=sys.stderr)
        return 2
    env = stack_environment(os.environ, settings)
    stack = Stack(service_specs(settings, Path(args.model)), env)

    stopping = False

    def _request_stop(_signum: int, _frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, _request_stop)
    signal.signal(signal.SIGTERM, _request_stop)

    stack.start()
    try:
        print("starting the Rasa server, the action server, the web app and the delivery worker...")
        try:
            stack.wait_healthy()
        except (RuntimeError, TimeoutError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        web = settings.public_web_url
        print(
            "\n"
            f"  Chat in the demo page:   {web}/\n"
            f"  Advisor inbox:           {web}/inbox/  (create an account: python -m bot add-advisor NAME)\n"
            f"  REST channel:            {settings.public_rasa_url}/webhooks/rest/webhook\n"
            f"  socket.io channel:       {settings.public_rasa_url}/socket.io\n"
            f"  Action server:           http://127.0.0.1:{settings.action_port}/health\n"
            "\n  A process that dies is restarted. Press Ctrl-C to stop everything.\n",
            flush=True,
        )
        return Supervisor(stack).run(should_stop=lambda: stopping)
    finally:
        print("stopping...", flush=True)
        stack.stop()
