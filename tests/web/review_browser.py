"""Running widget/test/review-page.browser.mjs (the trainers' review page in
headless Debian Chromium with playwright-core and axe-core from
widget/node_modules) for tests/web/test_review_browser.py and
tests/processes/test_review_loop.py. Nothing is skipped: a missing Chromium
is installed with apt (scripts/ensure-chromium.sh) and missing npm packages
with `npm ci`; if that fails, the test fails."""

from __future__ import annotations

import json
from collections.abc import Callable

from tests.web.browser_support import ROOT, WIDGET, ensure_browser_tools, no_logs, run_browser_script

ARTIFACTS = ROOT / "tests" / "artifacts" / "review"
SCRIPT = "test/review-page.browser.mjs"
TIMEOUT_S = 600


def label_in_browser(
    base_url: str, username: str, password: str, labels: list[dict], logs: Callable[[], str] = no_logs
) -> str:
    """Log in as `username` and label `labels` on the page (the first at
    1280 px with the mouse, the second at 375 px with the keyboard); the
    script's output. Fails the test when the script does."""
    ensure_browser_tools()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("review-*.png"):
        old.unlink()
    env = {
        "REVIEW_BASE_URL": base_url,
        "REVIEW_USERNAME": username,
        "REVIEW_PASSWORD": password,
        "REVIEW_LABELS": json.dumps(labels),
        "ARTIFACTS_DIR": str(ARTIFACTS),
    }
    return run_browser_script(SCRIPT, WIDGET, env, TIMEOUT_S, logs)


def screenshots_saved(widths: tuple[int, ...] = (1280, 375)) -> None:
    for width in widths:
        for kind in ("queue", "labelled"):
            shot = ARTIFACTS / f"review-{kind}-{width}px.png"
            assert shot.is_file() and shot.stat().st_size > 5_000, f"screenshot {shot.name} was not saved"
