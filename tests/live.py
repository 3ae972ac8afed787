"""A real running assistant for end-to-end tests: Rasa, actions, web app, worker.

`LiveStack.start(tmp_dir, extra_env)` picks free ports, creates fresh SQLite
databases (programs + handoffs, and the tracker store), loads the sample
programs (and, if asked, the real SAMHSA directory), starts the processes with
bot.stack, and offers small REST and socket.io clients. `extra_env` may name
only variables bot/settings.py reads (a misspelt one is refused, not ignored).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import requests

from bot.settings import PROJECT_ROOT, SETTINGS_VARIABLES, Settings, process_environment
from bot.stack import DEFAULT_MODEL, Stack, service_specs, stack_environment


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def live_settings(tmp_dir: Path) -> dict[str, str]:
    """The settings of a test stack: fresh databases in `tmp_dir`, free ports,
    and a worker that looks for handoffs twice a second."""
    web_port = free_port()
    return {
        "DATABASE_URL": f"sqlite:///{tmp_dir / 'iop.db'}",
        "TRACKER_STORE_URL": f"sqlite:///{tmp_dir / 'tracker.db'}",
        "RASA_PORT": str(free_port()),
        "ACTION_PORT": str(free_port()),
        "WEB_PORT": str(web_port),
        "PUBLIC_WEB_URL": f"http://127.0.0.1:{web_port}",
        "ALLOWED_ORIGINS": f"http://127.0.0.1:{web_port},http://localhost:{web_port}",
        "HANDOFF_POLL_INTERVAL": "0.5",
    }


def unknown_variables(env: Mapping[str, str]) -> list[str]:
    """Names in `env` that neither Settings nor the process environment reads."""
    known = set(SETTINGS_VARIABLES) | set(process_environment(Settings()))
    return sorted(set(env) - known)


@dataclass
class LiveStack:
    stack: Stack
    env: dict[str, str]
    settings: Settings
    log_dir: Path
    session: requests.Session = field(default_factory=requests.Session)

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.settings.rasa_port}"

    @property
    def web_url(self) -> str:
        return f"http://127.0.0.1:{self.settings.web_port}"

    @property
    def rest_url(self) -> str:
        return f"{self.rasa_url}/webhooks/rest/webhook"

    @classmethod
    def start(
        cls,
        tmp_dir: Path,
        extra_env: Mapping[str, str] | None = None,
        services: Sequence[str] = ("rasa", "actions", "web", "worker"),
        import_directory: Path | None = None,
        model: Path = DEFAULT_MODEL,
        rasa_args: Sequence[str] = (),
    ) -> LiveStack:
        chosen = {**live_settings(tmp_dir), **(extra_env or {})}
        unknown = unknown_variables(chosen)
        if unknown:  # a misspelt setting would silently leave its default
            raise ValueError(f"not settings of bot/settings.py: {', '.join(unknown)}")
        assert model.exists(), f"no trained model at {model}: run `make model` first"
        tmp_dir.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, **chosen}
        # derived again from the ports chosen here, not the caller's
        env.pop("ACTION_ENDPOINT_URL", None)
        env.pop("SANIC_HOST", None)
        settings = Settings.from_env(env)
        env = stack_environment(env, settings)
        python = str(Path(sys.executable))
        subprocess.run(
            [python, "-m", "bot", "init-db", "--sample-if-empty"],
            cwd=PROJECT_ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        if import_directory is not None:
            subprocess.run(
                [python, "-m", "bot", "import-directory", str(import_directory / "facilities.csv.gz")],
                cwd=PROJECT_ROOT,
                env=env,
                check=True,
                capture_output=True,
            )
        log_dir = tmp_dir / "logs"
        stack = Stack(service_specs(settings, model, services, rasa_args), env, log_dir).start()
        try:
            stack.wait_healthy(timeout=240)
        except Exception:
            stack.stop()
            raise
        return cls(stack=stack, env=env, settings=settings, log_dir=log_dir)

    def stop(self) -> None:
        self.stack.stop()

    # --- REST -------------------------------------------------------------
    def rest(self, sender: str, text: str, timeout: float = 30) -> list[dict]:
        reply = self.session.post(self.rest_url, json={"sender": sender, "message": text}, timeout=timeout)
        assert reply.status_code == 200, (reply.status_code, reply.text)
        return reply.json()

    def say(self, sender: str, text: str) -> str:
        """Send a message; return all reply texts joined (for fact checks)."""
        return "\n".join(m.get("text", "") for m in self.rest(sender, text))

    def click(self, sender: str, replies: list[dict], title: str) -> list[dict]:
        """Click the button titled `title` in `replies` (sends its payload)."""
        for message in reversed(replies):
            for button in message.get("buttons") or []:
                if button["title"] == title:
                    return self.rest(sender, button["payload"])
        titles = [b["title"] for m in replies for b in (m.get("buttons") or [])]
        raise AssertionError(f"no button {title!r} in {titles}")

    def logs(self) -> str:
        return "\n".join(
            f"--- {path.name}\n{path.read_text(errors='replace')[-4000:]}"
            for path in sorted(self.log_dir.glob("*.log"))
        )


def new_sender() -> str:
    return f"test-{uuid.uuid4().hex[:12]}"


def texts(replies: list[dict]) -> str:
    return "\n".join(m.get("text", "") for m in replies)


def button_titles(replies: list[dict]) -> list[str]:
    return [b["title"] for m in replies for b in (m.get("buttons") or [])]
