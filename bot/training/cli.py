"""`python -m bot retrain` (and `make retrain`): train a candidate model,
evaluate it, compare it with the serving model and replace that only when the
gate (bot.training.gate) accepts; then ask the running Rasa servers to load it.

Steps: the data checks (`check-data`, `rasa data validate`), training into the
work folder (var/retrain/<time>/), the test stories, the seeded
cross-validation and the held-out set. Exit status: 0 accepted (and, without
--dry-run, installed), 1 refused (the serving model is untouched), 2 bad
input (a missing file, a bad setting or option), 3 installed but a server
could not be reloaded (restart it).
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
from pathlib import Path

from bot.settings import PROJECT_ROOT, VAR_DIR, Settings, with_process_environment
from bot.training import baseline as baselines
from bot.training import steps
from bot.training.gate import decide
from bot.training.install import install
from bot.training.reload import reload_model
from bot.training.report import ModelReport, ReportError, from_results, sha256_of
from bot.training.table import render

ACCEPTED, REFUSED, BAD_INPUT, NOT_RELOADED = 0, 1, 2, 3


def _parser() -> argparse.ArgumentParser:
    d = steps.Project()
    parser = argparse.ArgumentParser(prog="python -m bot retrain", description=__doc__.split("\n\n")[0])
    parser.add_argument("--dry-run", action="store_true", help="gate only: never replace the serving model")
    parser.add_argument(
        "--server",
        action="append",
        default=None,
        help="a Rasa server to reload (repeat for several; default http://127.0.0.1:RASA_PORT)",
    )
    parser.add_argument("--model", type=Path, default=d.model, help="the serving model (default: models/iop.tar.gz)")
    parser.add_argument("--config", type=Path, default=d.config)
    parser.add_argument("--domain", type=Path, default=d.domain)
    parser.add_argument("--data", type=Path, default=d.data, help="all training data (default: data)")
    parser.add_argument("--nlu", type=Path, default=d.nlu, help="NLU data, cross-validated (default: data/nlu)")
    parser.add_argument("--stories", type=Path, default=d.stories, help="test stories (default: tests/stories)")
    parser.add_argument("--heldout", type=Path, default=d.heldout, help="held-out set (default: tests/heldout)")
    parser.add_argument("--folds", type=int, default=d.folds, help="cross-validation folds (default: 5)")
    parser.add_argument("--work", type=Path, default=None, help="work folder (default: var/retrain/<time>)")
    return parser


def _say(line: str) -> None:
    print(line, flush=True)  # a step takes minutes: show it when it starts, also through a pipe


def _data_checks(runner: steps.StepRunner, project: steps.Project) -> bool:
    """check-data, then rasa data validate; a finding stops the retrain before
    anything is trained or measured: fix the data first."""
    for name, argv in (("check-data", steps.check_data(project)), ("validate", steps.validate(project))):
        if not runner.run(name, argv).ok:
            return False
    return True


def _candidate(runner: steps.StepRunner, project: steps.Project, work: Path) -> tuple[Path, ModelReport | None]:
    model = work / "candidate.tar.gz"
    if not runner.run("train", steps.train(project, work, "candidate"), timeout=7200).ok:
        return model, None
    if not model.exists():
        runner.results[-1].ok = False
        runner.results[-1].detail = f"no model written to {model}"
        return model, None
    runner.run("test-stories", steps.test_stories(project, model, work / "stories"))
    cv = runner.run("cross-validation", steps.cross_validate(project, project.nlu, project.config, work / "nlu-cv"))
    held = runner.run("heldout", steps.heldout(project, model, work / "heldout.json"))
    if not (cv.ok and held.ok):
        return model, None
    try:
        report = from_results(sha256_of(model), work / "nlu-cv", work / "heldout.json", created=baselines.now())
    except ReportError as exc:
        runner.results[-1].ok = False
        runner.results[-1].detail = str(exc)
        return model, None
    return model, report


def cli(argv: list[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0) and BAD_INPUT
    try:
        settings = Settings.from_env()
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return BAD_INPUT
    project = steps.Project(
        root=PROJECT_ROOT,  # where the scripts run; every input path is absolute
        config=args.config.resolve(),
        domain=args.domain.resolve(),
        data=args.data.resolve(),
        nlu=args.nlu.resolve(),
        stories=args.stories.resolve(),
        heldout=args.heldout.resolve(),
        model=args.model.resolve(),
        folds=args.folds,
    )
    missing = project.missing()
    if missing or args.folds < 2:
        for line in missing:
            print(f"error: not found: {line}", file=sys.stderr)
        if args.folds < 2:
            print(f"error: --folds must be at least 2, got {args.folds}", file=sys.stderr)
        return BAD_INPUT
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    work = (args.work or VAR_DIR / "retrain" / stamp).resolve()
    env = with_process_environment(os.environ, settings)
    runner = steps.StepRunner(project, work, env, say=_say)
    _say(f"retrain: serving model {project.model}; work folder {work}")
    _say("data checks:")
    checked = _data_checks(runner, project)
    serving = baselines.find(project, runner, say=_say, measure=checked)
    for note in serving.notes:
        _say(f"note: {note}")
    candidate_model, candidate = work / "candidate.tar.gz", None
    if checked:
        _say("candidate:")
        candidate_model, candidate = _candidate(runner, project, work)

    print("\n" + render(serving.report, candidate) + "\n")
    decision = decide(
        serving.report,
        candidate,
        [*serving.failures, *runner.failures],
        serving_exists=serving.serving_exists,
    )
    for note in decision.notes:
        print(f"note: {note}")
    if not decision.accepted:
        print("REFUSED: the serving model stays. Why:")
        for reason in decision.reasons:
            print(f"  - {reason}")
        return REFUSED
    assert candidate is not None  # accepted implies a report
    if args.dry_run:
        print(f"ACCEPTED by the gate (--dry-run: nothing replaced; the candidate is {candidate_model})")
        return ACCEPTED
    install(candidate_model, candidate, project.model)
    print(f"ACCEPTED: {project.model} replaced (the one before is kept as *.previous.tar.gz)")
    return _reload(settings, args.server, project.model)


def _reload(settings: Settings, servers: list[str] | None, model: Path) -> int:
    servers = servers or [f"http://127.0.0.1:{settings.rasa_port}"]
    if not settings.rasa_api_token:
        print(
            "RASA_API_TOKEN is not set, so no server has the model API: restart the Rasa server "
            "(it loads the new model at start)."
        )
        return ACCEPTED
    failed = False
    for server in servers:
        problem = reload_model(server, model, settings.rasa_api_token)
        if problem is None:
            print(f"{server} now serves the new model (no restart)")
        else:
            failed = True
            print(
                f"error: {problem} (a server that is not running loads the new model when it starts)", file=sys.stderr
            )
    return NOT_RELOADED if failed else ACCEPTED
