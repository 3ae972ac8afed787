"""The advisors' inbox in a real browser (issue 14), at 1280 px and at 375 px.

For each width: a fresh SQLite database migrated by `python -m bot init-db`,
accounts and handoffs saved by the real code (tests/web/inbox_browser_seed.py),
the web app started as `python -m bot web` on a free port, then
tests/web/inbox.browser.mjs: headless Debian Chromium driven by
playwright-core logs in, searches, filters, assigns, changes a status, waits
for a handoff saved while the list is open, exports CSV, administers accounts,
checks times, the summary, the trainer's refusal, phone layout (cards, no
horizontal overflow, every action on screen) and runs axe-core on every page.
Screenshots go to tests/artifacts/inbox/.

Nothing is skipped: a missing Chromium is installed with apt
(scripts/ensure-chromium.sh) and missing npm packages with `npm ci`; if
that fails, the test fails.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import Settings
from bot.stack import Stack, service_specs, stack_environment
from tests.web.inbox_browser_seed import HIGHLIGHT_AFTER_S, seed
from tests.web.test_widget_browser import CHROMIUM, WIDGET, _free_port, _log_tails, _run

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tests" / "web" / "inbox.browser.mjs"
ARTIFACTS = ROOT / "tests" / "artifacts" / "inbox"
SCRIPT_TIMEOUT_S = 600

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


def _ensure_tools() -> None:
    if not os.path.exists(CHROMIUM):
        _run([str(ROOT / "scripts" / "ensure-chromium.sh")], ROOT, "installing Chromium", timeout=900)
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium is required at {CHROMIUM} (apt-get install chromium)")
    if shutil.which("node") is None:
        pytest.fail("Node.js is required for the browser test")
    if (
        not (WIDGET / "node_modules" / "playwright-core").is_dir()
        or not (WIDGET / "node_modules" / "axe-core").is_dir()
    ):
        _run(["npm", "ci", "--no-audit", "--no-fund"], WIDGET, "npm ci in widget/")


@pytest.mark.parametrize("width", [1280, 375])
def test_inbox_in_a_real_browser(width: int, tmp_path: Path) -> None:
    _ensure_tools()
    web_port = _free_port()
    web_url = f"http://127.0.0.1:{web_port}"
    db_url = f"sqlite:///{tmp_path / 'app.db'}"
    env = dict(os.environ)
    env.update(
        {
            "WEB_PORT": str(web_port),
            "WEB_HOST": "127.0.0.1",
            "PUBLIC_WEB_URL": web_url,
            "ALLOWED_ORIGINS": web_url,
            "DATABASE_URL": db_url,
            "TRACKER_STORE_URL": f"sqlite:///{tmp_path / 'tracker.db'}",
            "REDIS_URL": "",
            # set here so nothing is generated into the project's var/
            "SECRET_KEY": secrets.token_hex(32),
            "HANDOFF_WEBHOOK_SECRET": secrets.token_hex(16),
            "INBOX_HIGHLIGHT_AFTER": str(HIGHLIGHT_AFTER_S),
            "PYTHONPATH": str(ROOT),
        }
    )
    settings = Settings.from_env(env)
    _run([sys.executable, "-m", "bot", "init-db"], ROOT, "python -m bot init-db", env=env)
    manifest = seed(db_url)

    log_dir = tmp_path / "logs"
    stack = Stack(service_specs(settings, services=("web",)), stack_environment(env, settings), log_dir=log_dir)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob(f"*-{width}.png"):
        old.unlink()
    with stack:
        try:
            stack.wait_healthy(timeout=120)
        except (RuntimeError, TimeoutError) as exc:
            pytest.fail(f"the web app did not start: {exc}\n{_log_tails(log_dir)}")
        node_env = dict(os.environ)
        node_env.update(
            {
                "INBOX_URL": f"{web_url}/inbox/",
                "VIEWPORT_WIDTH": str(width),
                "MANIFEST": json.dumps(manifest),
                "ARTIFACTS_DIR": str(ARTIFACTS),
                "CHROMIUM_PATH": CHROMIUM,
                "DOWNLOADS_DIR": str(tmp_path / "downloads"),
                # how the script saves a handoff while a list is open
                "ADD_HANDOFF": json.dumps([sys.executable, "-m", "tests.web.inbox_browser_seed", "add", db_url]),
                "PROJECT_ROOT": str(ROOT),
            }
        )
        try:
            result = subprocess.run(
                ["node", "--test-reporter=spec", str(SCRIPT)],
                cwd=str(ROOT),
                env=node_env,
                capture_output=True,
                text=True,
                timeout=SCRIPT_TIMEOUT_S,
            )
        except subprocess.TimeoutExpired as exc:
            pytest.fail(f"the browser test did not finish in {SCRIPT_TIMEOUT_S}s\n{exc.stdout or ''}")
        output = f"{result.stdout}\n{result.stderr}"
        print(output)
        if result.returncode != 0:
            pytest.fail(
                f"{SCRIPT.name} failed at {width} px (exit {result.returncode}):\n{output}\n{_log_tails(log_dir)}"
            )
        exited = stack.first_exited()
        assert exited is None, f"the web app stopped during the test\n{_log_tails(log_dir)}"

    shots = sorted(ARTIFACTS.glob(f"*-{width}.png"))
    assert len(shots) >= 10, f"screenshots at {width} px: {[s.name for s in shots]}"
    for shot in shots:
        assert shot.stat().st_size > 5_000, f"screenshot {shot.name} is empty"
