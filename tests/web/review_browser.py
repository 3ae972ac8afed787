"""Running widget/test/review-page.browser.mjs (the trainers' review page in
headless Debian Chromium with playwright-core and axe-core from
widget/node_modules) for tests/web/test_review_browser.py and
tests/processes/test_review_loop.py. Nothing is skipped: a missing Chromium
is installed with apt (scripts/ensure-chromium.sh) and missing npm packages
with `npm ci`; if that fails, the test fails."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WIDGET = ROOT / "widget"
ARTIFACTS = ROOT / "tests" / "artifacts" / "review"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCRIPT = "test/review-page.browser.mjs"
TIMEOUT_S = 600


def _run(argv: list[str], cwd: Path, what: str, timeout: int = 900) -> None:
    result = subprocess.run(argv, cwd=str(cwd), capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        pytest.fail(f"{what} failed (exit {result.returncode}):\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}")


def ensure_browser_tools() -> None:
    if not os.path.exists(CHROMIUM):
        _run([str(ROOT / "scripts" / "ensure-chromium.sh")], ROOT, "installing Chromium")
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium is required at {CHROMIUM} (apt-get install chromium)")
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.fail("Node.js and npm are required for the browser test")
    if not all((WIDGET / "node_modules" / name).is_dir() for name in ("playwright-core", "axe-core")):
        _run(["npm", "ci", "--no-audit", "--no-fund"], WIDGET, "npm ci in widget/")


def label_in_browser(base_url: str, username: str, password: str, labels: list[dict], logs: str = "") -> str:
    """Log in as `username` and label `labels` on the page (the first at
    1280 px with the mouse, the second at 375 px with the keyboard); the
    script's output. Fails the test when the script does."""
    ensure_browser_tools()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("review-*.png"):
        old.unlink()
    env = dict(os.environ)
    env.update(
        {
            "REVIEW_BASE_URL": base_url,
            "REVIEW_USERNAME": username,
            "REVIEW_PASSWORD": password,
            "REVIEW_LABELS": json.dumps(labels),
            "ARTIFACTS_DIR": str(ARTIFACTS),
            "CHROMIUM_PATH": CHROMIUM,
        }
    )
    try:
        result = subprocess.run(
            ["node", "--test-reporter=spec", SCRIPT],
            cwd=str(WIDGET),
            env=env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
        )
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"{SCRIPT} did not finish in {TIMEOUT_S}s\n{exc.stdout or ''}\n{logs}")
    output = f"{result.stdout}\n{result.stderr}"
    print(output)
    if result.returncode != 0:
        pytest.fail(f"{SCRIPT} failed (exit {result.returncode}):\n{output}\n{logs}")
    return output


def screenshots_saved(widths: tuple[int, ...] = (1280, 375)) -> None:
    for width in widths:
        for kind in ("queue", "labelled"):
            shot = ARTIFACTS / f"review-{kind}-{width}px.png"
            assert shot.is_file() and shot.stat().st_size > 5_000, f"screenshot {shot.name} was not saved"
