"""The steps of a retrain, each one of the project's own tools run as a
subprocess (the same commands as `make model` and scripts/test.sh), with its
output kept in a log file of the work folder: the console shows one line per
step, and no message text reaches it."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bot.settings import PROJECT_ROOT

VENV_BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class Project:
    """Where the training inputs are (a test points these at a small fixture)."""

    root: Path = PROJECT_ROOT
    config: Path = PROJECT_ROOT / "config.yml"
    domain: Path = PROJECT_ROOT / "domain.yml"
    data: Path = PROJECT_ROOT / "data"
    nlu: Path = PROJECT_ROOT / "data" / "nlu"
    stories: Path = PROJECT_ROOT / "tests" / "stories"
    heldout: Path = PROJECT_ROOT / "tests" / "heldout"
    model: Path = PROJECT_ROOT / "models" / "iop.tar.gz"  # the serving model
    folds: int = 5

    def missing(self) -> list[str]:
        """The inputs that do not exist (bad input, exit status 2)."""
        wanted = {
            "config": self.config,
            "domain": self.domain,
            "data": self.data,
            "nlu": self.nlu,
            "stories": self.stories,
            "heldout": self.heldout,
        }
        return [f"{name}: {path}" for name, path in wanted.items() if not path.exists()]


@dataclass
class StepResult:
    name: str
    ok: bool
    seconds: float
    log: Path
    detail: str = ""  # the reason when not ok


@dataclass
class StepRunner:
    """Runs commands in `project.root`, logging each to `work/<name>.log`."""

    project: Project
    work: Path
    env: Mapping[str, str]
    say: Callable[[str], None] = print
    results: list[StepResult] = field(default_factory=list)

    def run(self, name: str, argv: Sequence[str], timeout: float = 3600.0) -> StepResult:
        self.work.mkdir(parents=True, exist_ok=True)
        log = self.work / f"{name}.log"
        self.say(f"  {name} ...")
        started = time.monotonic()
        with log.open("wb") as out:
            try:
                code = subprocess.run(
                    list(argv),
                    cwd=self.project.root,
                    env=dict(self.env),
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    timeout=timeout,
                    check=False,
                ).returncode
                detail = "" if code == 0 else f"exit status {code}"
            except subprocess.TimeoutExpired:
                code, detail = -1, f"timed out after {timeout:.0f} s"
            except OSError as exc:
                code, detail = -1, f"could not start: {exc}"
        result = StepResult(name, code == 0, time.monotonic() - started, log, detail)
        if not result.ok:
            result.detail = f"{detail}, see {log}"
        self.say(f"  {name}: {'ok' if result.ok else 'FAILED (' + result.detail + ')'} in {result.seconds:.0f} s")
        self.results.append(result)
        return result

    @property
    def failures(self) -> list[str]:
        return [f"{r.name} ({r.detail})" for r in self.results if not r.ok]


def python() -> str:
    return str(VENV_BIN / "python")


def rasa() -> str:
    return str(VENV_BIN / "rasa")


def check_data(p: Project) -> list[str]:
    return [python(), "-m", "bot", "check-data", "--data-dir", str(p.nlu), "--domain", str(p.domain)]


def validate(p: Project) -> list[str]:
    return [
        rasa(),
        "data",
        "validate",
        "--fail-on-warnings",
        "--quiet",
        "--config",
        str(p.config),
        "--domain",
        str(p.domain),
        "--data",
        str(p.data),
    ]


def train(p: Project, out: Path, name: str) -> list[str]:
    return [
        rasa(),
        "train",
        "--quiet",
        "--config",
        str(p.config),
        "--domain",
        str(p.domain),
        "--data",
        str(p.data),
        "--out",
        str(out),
        "--fixed-model-name",
        name,
    ]


def test_stories(p: Project, model: Path, out: Path) -> list[str]:
    return [
        rasa(),
        "test",
        "core",
        "--quiet",
        "--model",
        str(model),
        "--stories",
        str(p.stories),
        "--fail-on-prediction-errors",
        "--out",
        str(out),
    ]


def cross_validate(p: Project, nlu: Path, config: Path, out: Path) -> list[str]:
    # seeded folds, so a change in F1 comes from the data, not the draw
    return [
        python(),
        str(PROJECT_ROOT / "scripts" / "rasa_seeded_cv.py"),
        "test",
        "nlu",
        "--quiet",
        "--nlu",
        str(nlu),
        "--config",
        str(config),
        "--cross-validation",
        "--folds",
        str(p.folds),
        "--out",
        str(out),
    ]


def heldout(p: Project, model: Path, out: Path) -> list[str]:
    return [
        python(),
        str(PROJECT_ROOT / "scripts" / "heldout_eval.py"),
        "--model",
        str(model),
        "--heldout",
        str(p.heldout),
        "--nlu",
        str(p.nlu),
        "--out",
        str(out),
    ]
