"""Start one of the assistant's four processes in a container: rasa, actions, web or worker.

`python deploy/service.py NAME` replaces itself (exec) with the command that
`python -m bot run` would start for NAME, taken from bot.stack.service_specs and
run in bot.stack.stack_environment, so the image can never drift from the code's
own argv (Rasa's flags, `--cors` from ALLOWED_ORIGINS, the ports from the
settings). `--print` shows the command instead of running it.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the project root

from bot.settings import Settings
from bot.stack import SERVICES, service_specs, stack_environment


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python deploy/service.py", description=__doc__)
    parser.add_argument("service", choices=SERVICES)
    parser.add_argument("--print", action="store_true", help="print the command, do not run it")
    args = parser.parse_args(argv)
    try:
        settings = Settings.from_env()
    except ValueError as exc:  # one line, not a traceback
        print(f"error: {exc}", file=sys.stderr)
        return 2
    argv_ = service_specs(settings, services=[args.service])[0].argv
    if args.print:
        print(shlex.join(argv_))
        return 0
    env = stack_environment(os.environ, settings)
    os.execve(argv_[0], argv_, env)  # PID 1 becomes the service itself: signals reach it
    return 1  # not reached


if __name__ == "__main__":
    sys.exit(main())
