"""What the browser tests share: the tools they need and how a node script is run.

The browser tests (tests/web/test_widget_browser.py, test_inbox_browser.py,
test_review_browser.py and tests/processes/test_review_loop.py) each drive
headless Debian Chromium with playwright-core and axe-core from
widget/node_modules. Nothing is skipped: a missing Chromium is installed with
apt (scripts/ensure-chromium.sh) and missing npm packages with `npm ci`; if
that fails, the test fails.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WIDGET = ROOT / "widget"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run_checked(
    argv: Sequence[str], cwd: Path, what: str, env: Mapping[str, str] | None = None, timeout: int = 900
) -> None:
    """Run a set-up command; fail the test with its output when it fails."""
    result = subprocess.run(list(argv), cwd=str(cwd), env=env, capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        pytest.fail(f"{what} failed (exit {result.returncode}):\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}")


def log_tails(log_dir: Path, lines: int = 40) -> str:
    """The last lines of each service log in `log_dir`, for a failure message."""
    parts = []
    for path in sorted(log_dir.glob("*.log")):
        tail = path.read_text(errors="replace").splitlines()[-lines:]
        parts.append(f"--- {path.name} (last {len(tail)} lines) ---\n" + "\n".join(tail))
    return "\n".join(parts)


def ensure_browser_tools() -> None:
    """Chromium, node and npm, and widget/node_modules with playwright-core and axe-core."""
    if not os.path.exists(CHROMIUM):
        run_checked([str(ROOT / "scripts" / "ensure-chromium.sh")], ROOT, "installing Chromium")
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium is required at {CHROMIUM} (apt-get install chromium)")
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.fail("Node.js and npm are required for the browser test")
    if not all((WIDGET / "node_modules" / name).is_dir() for name in ("playwright-core", "axe-core")):
        run_checked(["npm", "ci", "--no-audit", "--no-fund"], WIDGET, "npm ci in widget/")


def no_logs() -> str:
    return ""


def run_browser_script(
    script: Path | str, cwd: Path, env: Mapping[str, str], timeout: int, logs: Callable[[], str] = no_logs
) -> str:
    """Run a node --test browser script with CHROMIUM_PATH and `env` added to
    this process's environment; its output. Fails the test, with the output and
    the servers' log tails (`logs()`, read at the failure), when the script
    fails or times out."""
    node_env = {**os.environ, "CHROMIUM_PATH": CHROMIUM, **env}
    try:
        result = subprocess.run(
            ["node", "--test-reporter=spec", str(script)],
            cwd=str(cwd),
            env=node_env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"{script} did not finish in {timeout}s\n{exc.stdout or ''}\n{logs()}")
    output = f"{result.stdout}\n{result.stderr}"
    print(output)
    if result.returncode != 0:
        pytest.fail(f"{script} failed (exit {result.returncode}):\n{output}\n{logs()}")
    return output
