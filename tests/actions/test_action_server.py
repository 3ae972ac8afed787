"""The action server as `python -m bot run` starts it (bot.stack.service_specs):
paths rasa_sdk has no route for, `GET /` first, answer without a 500 traceback.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
import requests

from bot.settings import Settings
from bot.stack import Stack, service_specs, stack_environment
from tests.conftest import fresh_database
from tests.live import free_port

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def action_server(tmp_path_factory) -> Iterator[tuple[str, Stack]]:
    tmp = tmp_path_factory.mktemp("actions")
    env = {
        **os.environ,
        "ACTION_PORT": str(free_port()),
        "DATABASE_URL": f"sqlite:///{tmp / 'iop.db'}",
    }
    env.pop("ACTION_ENDPOINT_URL", None)
    env.pop("SANIC_HOST", None)
    with fresh_database(env["DATABASE_URL"]):  # migrated, as `make run` leaves it
        pass
    settings = Settings.from_env(env)
    stack = Stack(
        service_specs(settings, services=("actions",)),
        stack_environment(env, settings),
        tmp / "logs",
    ).start()
    try:
        stack.wait_healthy(timeout=120)
        yield f"http://127.0.0.1:{settings.action_port}", stack
    finally:
        stack.stop()


def _log(stack: Stack) -> str:
    assert stack.log_dir is not None
    return (stack.log_dir / "actions.log").read_text(errors="replace")


def test_root_answers_200_without_a_traceback(action_server):
    url, stack = action_server
    reply = requests.get(f"{url}/", timeout=10)
    assert reply.status_code == 200, reply.text
    assert reply.json() == {"status": "ok"}
    assert "Traceback" not in _log(stack)


def test_unknown_path_is_a_plain_404_without_a_traceback(action_server):
    url, stack = action_server
    reply = requests.get(f"{url}/favicon.ico", timeout=10)
    assert reply.status_code == 404, reply.text
    assert "Traceback" not in _log(stack)


def test_a_method_without_a_route_is_a_plain_405_without_a_traceback(action_server):
    url, stack = action_server
    reply = requests.get(f"{url}/webhook", timeout=10)
    assert reply.status_code == 405, reply.text
    assert "Traceback" not in _log(stack)


def test_rasa_sdk_routes_still_work(action_server):
    url, _stack = action_server
    assert requests.get(f"{url}/health", timeout=10).json() == {"status": "ok"}
    names = {a["name"] for a in requests.get(f"{url}/actions", timeout=10).json()}
    assert "action_prepare_handoff" in names
