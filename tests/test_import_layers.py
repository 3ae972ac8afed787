"""bot/ keeps its import rules (issue 11): the layers declared in .importlinter,
checked with import-linter, so a new cycle or an upward import fails here."""
from __future__ import annotations

from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / ".importlinter"


def test_bot_follows_its_layers(monkeypatch):
    monkeypatch.chdir(ROOT)
    assert lint_imports(config_filename=str(CONFIG), no_cache=True) == 0


def test_an_upward_import_would_be_caught(tmp_path, monkeypatch):
    # the same contract with two layers swapped: crisis imports language, so
    # language above crisis must be reported as broken
    text = CONFIG.read_text().replace("    bot.crisis\n    bot.language\n", "    bot.language\n    bot.crisis\n")
    assert "bot.language\n    bot.crisis" in text
    swapped = tmp_path / ".importlinter"
    swapped.write_text(text)
    monkeypatch.chdir(ROOT)
    assert lint_imports(config_filename=str(swapped), no_cache=True) == 1
