"""The chat widget in a real browser, against the real servers.

Starts the Rasa server, the action server and the web app on free ports (with
their own SQLite databases), then runs widget/test/browser.test.mjs: headless
Debian Chromium driven by playwright-core goes through a visitor's
conversation (greeting, FAQ, a button, reload, new tab, crisis, reconnecting,
"Talk to a person", "start over"), a keyboard-only fit assessment and program
search, an axe-core check, and a page on an origin that is not allowed.
Screenshots are saved under tests/artifacts/.

Nothing is skipped: a missing Chromium is installed with apt
(scripts/ensure-chromium.sh), missing npm packages with `npm ci`, and a
missing build with `npm run build`; if that fails, the test fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import Settings
from bot.stack import DEFAULT_MODEL, Stack, service_specs, stack_environment
from tests.web.browser_support import (
    ROOT,
    WIDGET,
    ensure_browser_tools,
    free_port,
    log_tails,
    run_browser_script,
    run_checked,
)

ARTIFACTS = ROOT / "tests" / "artifacts"
SCRIPT_TIMEOUT_S = 900


def _ensure_tools() -> None:
    ensure_browser_tools()
    if not (WIDGET / "dist" / "widget.js").is_file():
        run_checked(["npm", "run", "build"], WIDGET, "building the widget")
    if not DEFAULT_MODEL.is_file():
        pytest.fail(f"no trained model at {DEFAULT_MODEL}: run `make model` (make test does)")


def test_widget_unit_tests() -> None:
    """widget/test/unit (node --test): linkify, history store, messages, config, colours."""
    if shutil.which("node") is None:
        pytest.fail("Node.js is required for the widget's tests")
    result = subprocess.run(
        ["node", "--test", "test/unit/"], cwd=str(WIDGET), capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, f"widget unit tests failed:\n{result.stdout}\n{result.stderr}"
    assert "# fail 0" in result.stdout


@pytest.mark.browser
def test_widget_in_a_real_browser(tmp_path: Path) -> None:
    _ensure_tools()

    rasa_port, action_port, web_port = free_port(), free_port(), free_port()
    web_url = f"http://127.0.0.1:{web_port}"
    env = dict(os.environ)
    env.update(
        {
            "RASA_PORT": str(rasa_port),
            "ACTION_PORT": str(action_port),
            "WEB_PORT": str(web_port),
            "WEB_HOST": "127.0.0.1",
            "PUBLIC_RASA_URL": f"http://127.0.0.1:{rasa_port}",
            "PUBLIC_WEB_URL": web_url,
            # only the demo page's own origin: http://localhost:<port> is "another site"
            "ALLOWED_ORIGINS": web_url,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'app.db'}",
            "TRACKER_STORE_URL": f"sqlite:///{tmp_path / 'tracker.db'}",
            "REDIS_URL": "",
            "PYTHONPATH": str(ROOT),
            "RASA_TELEMETRY_ENABLED": "false",
        }
    )
    env.pop("ACTION_ENDPOINT_URL", None)
    settings = Settings.from_env(env)
    run_checked(
        [sys.executable, "-m", "bot", "init-db", "--sample-if-empty"],
        ROOT,
        "python -m bot init-db --sample-if-empty",
        env=env,
    )

    log_dir = tmp_path / "logs"
    stack = Stack(
        service_specs(settings, services=("rasa", "actions", "web")),
        stack_environment(env, settings),
        log_dir=log_dir,
    )
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("widget-*.png"):
        old.unlink()
    with stack:
        try:
            stack.wait_healthy(timeout=300)
        except (RuntimeError, TimeoutError) as exc:
            pytest.fail(f"the servers did not start: {exc}\n{log_tails(log_dir)}")
        browser_env = {
            "DEMO_URL": f"{web_url}/",
            "OTHER_ORIGIN_URL": f"http://localhost:{web_port}/",
            "ARTIFACTS_DIR": str(ARTIFACTS),
        }
        run_browser_script("test/browser.test.mjs", WIDGET, browser_env, SCRIPT_TIMEOUT_S, lambda: log_tails(log_dir))
        exited = stack.first_exited()
        assert exited is None, f"{exited.spec.name} stopped during the test\n{log_tails(log_dir)}"

    for name in ("widget-desktop-1280x800.png", "widget-mobile-360x740.png"):
        shot = ARTIFACTS / name
        assert shot.is_file() and shot.stat().st_size > 10_000, f"screenshot {name} was not saved"
