"""`python -m bot COMMAND ...`: the project's command line.

Each command lives in the module that owns its concern and is imported only
when used, so `python -m bot --help` stays fast. A command is a function
`cli(argv: list[str]) -> int` with its own argparse parser.
"""

from __future__ import annotations

import importlib
import sys

# name -> (module path, function, one-line help)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "run": ("bot.stack", "cli", "start Rasa, the action server, the web app and the delivery worker"),
    "init-db": ("bot.setup_db", "cli", "migrate the schema; load sample programs into an empty database"),
    "migrate": ("bot.migrations.command", "cli", "upgrade the database to the newest schema (Alembic)"),
    "import-directory": ("bot.programs.importer", "cli", "import SAMHSA's national directory (facilities.csv.gz)"),
    "add-advisor": ("bot.handoff.advisors", "cli", "create or update an advisor account for the inbox"),
    "advisors": ("bot.handoff.advisors", "accounts_cli", "list, create, disable, enable or reset inbox accounts"),
    "purge": ("bot.handoff.retention", "cli", "delete handoffs older than N days (data retention)"),
    "check-data": (
        "bot.review.checks",
        "cli",
        "check the training data (duplicates, few examples, responses, facts, CV misclassifications)",
    ),
    "review": ("bot.review.cli", "cli", "the trainers' review queue: collect, list, show, label, skip, export, import"),
    "retrain": (
        "bot.training.cli",
        "cli",
        "train, evaluate and gate a new model; replace and hot-reload the serving one if it is no worse",
    ),
    "deliver-handoffs": ("bot.handoff.delivery", "cli", "deliver pending handoffs to the webhook (retry loop)"),
    "web": ("bot.web.app", "cli", "serve the advisor inbox, the chat widget and the demo page"),
    "env": ("bot.settings", "cli", "print the environment every service needs, as export lines"),
}


def _usage() -> str:
    width = max(len(name) for name in COMMANDS)
    lines = ["usage: python -m bot COMMAND [ARGS...]", "", "commands:"]
    for name, (_module, _func, help_text) in COMMANDS.items():
        lines.append(f"  {name.ljust(width)}  {help_text}")
    lines.append("")
    lines.append("Run `python -m bot COMMAND --help` for a command's options.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(_usage())
        return 0
    name, rest = argv[0], argv[1:]
    if name not in COMMANDS:
        print(f"error: unknown command {name!r}\n", file=sys.stderr)
        print(_usage(), file=sys.stderr)
        return 2
    module_path, func_name, _help = COMMANDS[name]
    func = getattr(importlib.import_module(module_path), func_name)
    return int(func(rest) or 0)
