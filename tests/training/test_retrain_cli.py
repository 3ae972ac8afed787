"""`python -m bot retrain` on a tiny fixture project: bad input, a refusal
that stops before training, and (e2e) a real retrain that replaces the model
of a running Rasa server, which answers with it without a restart."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import requests
import yaml

from bot.settings import PROJECT_ROOT
from bot.training.reload import reload_model
from bot.training.report import ClassScores, ModelReport, report_path, save, sha256_of
from tests.live import LiveStack
from tests.training import tiny_project

TOKEN = "retrain-test-token-" + "x" * 20


def retrain(args: list[str], env: dict[str, str] | None = None, timeout: float = 900) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bot", "retrain", *args],
        cwd=PROJECT_ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_a_missing_input_is_bad_input(tmp_path):
    root = tiny_project.write(tmp_path / "p")
    (root / "config.yml").unlink()
    result = retrain(tiny_project.retrain_args(root, root / "models" / "m.tar.gz"))
    assert result.returncode == 2
    assert f"not found: config: {root / 'config.yml'}" in result.stderr


def test_one_fold_is_bad_input(tmp_path):
    root = tiny_project.write(tmp_path / "p")
    result = retrain([*tiny_project.retrain_args(root, root / "m.tar.gz"), "--folds", "1"])
    assert result.returncode == 2 and "--folds must be at least 2" in result.stderr


def test_a_data_check_finding_refuses_before_training_and_keeps_the_serving_model(tmp_path):
    root = tiny_project.write(tmp_path / "p")
    nlu = root / "data" / "nlu" / "nlu.yml"
    data = yaml.safe_load(nlu.read_text())
    data["nlu"][0]["examples"] = "".join(f"- {e}\n" for e in tiny_project.examples("greet")[:5])  # < 20
    nlu.write_text(yaml.safe_dump(data))
    serving = root / "models" / "tiny.tar.gz"
    serving.parent.mkdir()
    serving.write_bytes(b"the serving model")
    scores = ClassScores(1.0, {"greet": 1.0}, {})
    save(ModelReport(sha256_of(serving), scores, None, 1.0, 2, 2), report_path(serving))

    result = retrain(tiny_project.retrain_args(root, serving))

    assert result.returncode == 1, result.stdout + result.stderr
    assert "REFUSED: the serving model stays" in result.stdout
    assert "step failed: check-data (exit status 1" in result.stdout
    assert "train ..." not in result.stdout  # stopped before training
    assert serving.read_bytes() == b"the serving model"
    assert "few examples" in (root / "work" / "check-data.log").read_text()


def _parse(stack: LiveStack, text: str) -> str:
    reply = requests.post(f"{stack.rasa_url}/model/parse", params={"token": TOKEN}, json={"text": text}, timeout=60)
    reply.raise_for_status()
    return str(reply.json()["intent"]["name"])


@pytest.mark.e2e
def test_an_accepted_retrain_is_served_by_the_running_server_without_a_restart(tmp_path):
    root = tiny_project.write(tmp_path / "p")
    serving = root / "models" / "tiny.tar.gz"
    trained = subprocess.run(
        [str(Path(sys.executable).parent / "rasa"), "train", "--quiet", "--config", str(root / "config.yml"),
         "--domain", str(root / "domain.yml"), "--data", str(root / "data"), "--out", str(serving.parent),
         "--fixed-model-name", "tiny"],
        cwd=root, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert trained.returncode == 0, trained.stdout[-2000:]
    # the serving model's report: what this tiny project measures (all 1.0)
    intents = ClassScores(1.0, dict.fromkeys(("greet", "goodbye", "crisis"), 1.0), {"crisis": 1.0})
    split = {"folds": tiny_project.FOLDS, "seed": 0}
    save(ModelReport(sha256_of(serving), intents, None, 1.0, 2, 2, cv_split=split), report_path(serving))

    stack = LiveStack.start(tmp_path / "stack", extra_env={"RASA_API_TOKEN": TOKEN}, services=("rasa",), model=serving)
    try:
        pid = stack.stack.service("rasa").process.pid
        assert _parse(stack, "many thanks mate") != "thanks"
        # the API wants the token
        assert requests.get(f"{stack.rasa_url}/status", timeout=30).status_code == 401
        assert "refused the token" in (reload_model(stack.rasa_url, serving, "wrong") or "")

        tiny_project.write(root, intents=("greet", "goodbye", "crisis", "thanks"))  # a trainer adds an intent
        result = retrain(
            [*tiny_project.retrain_args(root, serving), "--server", stack.rasa_url],
            env={"RASA_API_TOKEN": TOKEN},
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert f"{stack.rasa_url} now serves the new model (no restart)" in result.stdout
        assert "thanks" in result.stdout  # the table names the new intent

        assert _parse(stack, "many thanks mate") == "thanks"
        reply = requests.post(stack.rest_url, json={"sender": "t1", "message": "many thanks mate"}, timeout=60)
        assert [m.get("text") for m in reply.json()] == ["You are welcome."]
        assert stack.stack.service("rasa").process.pid == pid and stack.stack.first_exited() is None
        saved = json.loads(report_path(serving).read_text())
        assert saved["model_sha256"] == sha256_of(serving) and "thanks" in saved["intents"]["f1"]
        assert saved["cv_split"] == split  # as scripts/rasa_seeded_cv.py recorded it
        assert "does not record its cross-validation split" not in result.stdout
        assert (serving.parent / "tiny.previous.tar.gz").exists()
    finally:
        stack.stack.stop()
