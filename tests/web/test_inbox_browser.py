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
import sys
from pathlib import Path

import pytest

from bot.settings import Settings
from bot.stack import Stack, service_specs, stack_environment
from tests.web.browser_support import ROOT, ensure_browser_tools, free_port, log_tails, run_browser_script, run_checked
from tests.web.inbox_browser_seed import HIGHLIGHT_AFTER_S, seed

SCRIPT = ROOT / "tests" / "web" / "inbox.browser.mjs"
ARTIFACTS = ROOT / "tests" / "artifacts" / "inbox"
SCRIPT_TIMEOUT_S = 600

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


@pytest.mark.parametrize("width", [1280, 375])
def test_inbox_in_a_real_browser(width: int, tmp_path: Path) -> None:
    ensure_browser_tools()
    web_port = free_port()
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
    run_checked([sys.executable, "-m", "bot", "init-db"], ROOT, "python -m bot init-db", env=env)
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
            pytest.fail(f"the web app did not start: {exc}\n{log_tails(log_dir)}")
        browser_env = {
            "INBOX_URL": f"{web_url}/inbox/",
            "VIEWPORT_WIDTH": str(width),
            "MANIFEST": json.dumps(manifest),
            "ARTIFACTS_DIR": str(ARTIFACTS),
            "DOWNLOADS_DIR": str(tmp_path / "downloads"),
            # how the script saves a handoff while a list is open
            "ADD_HANDOFF": json.dumps([sys.executable, "-m", "tests.web.inbox_browser_seed", "add", db_url]),
            "PROJECT_ROOT": str(ROOT),
        }
        run_browser_script(SCRIPT, ROOT, browser_env, SCRIPT_TIMEOUT_S, lambda: log_tails(log_dir))
        exited = stack.first_exited()
        assert exited is None, f"the web app stopped during the test\n{log_tails(log_dir)}"

    shots = sorted(ARTIFACTS.glob(f"*-{width}.png"))
    assert len(shots) >= 10, f"screenshots at {width} px: {[s.name for s in shots]}"
    for shot in shots:
        assert shot.stat().st_size > 5_000, f"screenshot {shot.name} is empty"
