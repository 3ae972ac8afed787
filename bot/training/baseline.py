"""The serving model's report, found or measured.

In order:
1. `<model>.report.json` next to the serving model, when its SHA-256 is the
   model's (a retrain wrote it when it installed the model);
2. the figures of the last `make test` in results/, when results/heldout.json
   names the serving model's SHA-256 (scripts/test.sh measured that very
   model) and results/nlu-cv/ holds the cross-validation it ran with it;
3. otherwise measured now: the held-out set on the serving model itself, and
   the cross-validation on the training data committed at git HEAD (the data
   the serving model was trained on, as far as anyone can know: a
   cross-validation measures data and configuration, not a model file; without
   git, today's data, said so). The measured report is then kept next to the
   model, so this happens once per model.
"""

from __future__ import annotations

import datetime
import io
import json
import subprocess
import tarfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bot.training import steps
from bot.training.report import ModelReport, ReportError, from_results, load, report_path, save, sha256_of


@dataclass
class Baseline:
    report: ModelReport | None
    serving_exists: bool
    notes: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")


def _from_results(project: steps.Project, sha: str) -> ModelReport | None:
    results = project.root / "results"
    heldout, cv = results / "heldout.json", results / "nlu-cv"
    try:
        recorded = json.loads(heldout.read_text())["model"]["sha256"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if recorded != sha or not (cv / "intent_report.json").exists():
        return None
    try:
        return from_results(sha, cv, heldout, source="results", created=now())
    except ReportError:
        return None


def _committed_inputs(project: steps.Project, into: Path) -> tuple[Path, Path] | None:
    """config and NLU data as committed at git HEAD, extracted under `into`."""
    try:
        top = Path(
            subprocess.run(
                ["git", "rev-parse", "--show-toplevel"], cwd=project.root, capture_output=True, text=True, check=True
            ).stdout.strip()
        )
        config = project.config.resolve().relative_to(top)
        nlu = project.nlu.resolve().relative_to(top)
        archive = subprocess.run(
            ["git", "archive", "--format=tar", "HEAD", str(config), str(nlu)], cwd=top, capture_output=True, check=True
        ).stdout
    except (OSError, ValueError, subprocess.CalledProcessError):
        return None
    into.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into / config, into / nlu


def find(
    project: steps.Project, runner: steps.StepRunner, say: Callable[[str], None] = print, measure: bool = True
) -> Baseline:
    model = project.model
    if not model.exists():
        return Baseline(None, serving_exists=False, notes=[f"no serving model at {model} yet"])
    sha = sha256_of(model)
    path = report_path(model)
    baseline = Baseline(None, serving_exists=True)
    if path.exists():
        try:
            report = load(path)
        except ReportError as exc:
            baseline.notes.append(f"the serving model's report is unusable: {exc}")
        else:
            if report.model_sha256 == sha:
                baseline.report = report
                return baseline
            baseline.notes.append(
                f"{path.name} describes another model (the serving model was replaced outside retrain, e.g. by "
                "`make model`)"
            )
    else:
        baseline.notes.append(f"no report for the serving model yet ({path.name})")
    from_make_test = _from_results(project, sha)
    if from_make_test is not None:
        baseline.notes.append("using the figures `make test` measured for this very model (results/)")
        baseline.report = from_make_test
        save(from_make_test, path)
        return baseline
    if not measure:
        return baseline
    say("measuring the serving model (once; the report is kept next to it):")
    work = runner.work / "serving"
    inputs = _committed_inputs(project, work / "committed")
    if inputs is None:
        config, nlu = project.config, project.nlu
        baseline.notes.append("no git history: the serving model's cross-validation uses today's data")
    else:
        config, nlu = inputs
        baseline.notes.append("the serving model's cross-validation uses the data committed at git HEAD")
    held = runner.run("serving-heldout", steps.heldout(project, model, work / "heldout.json"))
    cv = runner.run("serving-cross-validation", steps.cross_validate(project, nlu, config, work / "nlu-cv"))
    if not (held.ok and cv.ok):
        baseline.failures += [f"measuring the serving model: {r.name} ({r.detail})" for r in (held, cv) if not r.ok]
        return baseline
    try:
        report = from_results(sha, work / "nlu-cv", work / "heldout.json", source="measured", created=now())
    except ReportError as exc:
        baseline.failures.append(f"measuring the serving model: {exc}")
        return baseline
    save(report, path)
    baseline.report = report
    return baseline
