"""bot/ keeps its import rules (issue 11): the layers declared in .importlinter,
checked with import-linter, so a new cycle or an upward import fails here.

lint-imports runs in a child process: in-process it reconfigures logging and
the console, which broke tests that run after it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / ".importlinter"


def _lint(config: Path) -> subprocess.CompletedProcess:
    code = "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports(config_filename=sys.argv[1], no_cache=True))"
    return subprocess.run(
        [sys.executable, "-c", code, str(config)], cwd=ROOT, capture_output=True, text=True, timeout=300
    )


def test_bot_follows_its_layers():
    result = _lint(CONFIG)
    assert result.returncode == 0, result.stdout[-3000:]


def test_an_upward_import_would_be_caught(tmp_path):
    # the same contract with two layers swapped: crisis imports language, so
    # language above crisis must be reported as broken
    text = CONFIG.read_text().replace("    bot.crisis\n    bot.language\n", "    bot.language\n    bot.crisis\n")
    assert "bot.language\n    bot.crisis" in text
    swapped = tmp_path / ".importlinter"
    swapped.write_text(text)
    result = _lint(swapped)
    assert result.returncode == 1
    assert "bot.crisis" in result.stdout and "BROKEN" in result.stdout
