"""Production mode (APP_ENV=production): each unsafe setting is one clear
problem line (bot.production), and every process refuses to start on one:
`python -m bot run`, the web app, the delivery worker and Rasa's tracker store."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.production import UnsafeProductionConfig, production_problems
from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
POSTGRES = "postgresql+psycopg2://iop:pw@db.internal:5432/iop"

# A complete, safe production environment; each test spoils one thing.
SAFE_ENV = {
    "APP_ENV": "production",
    "DATABASE_URL": POSTGRES,
    "TRACKER_STORE_URL": POSTGRES,
    "REDIS_URL": "redis://redis.internal:6379/0",
    "SANIC_WORKERS": "2",
    "HANDOFF_WEBHOOK_SECRET": "w" * 40,
    "SECRET_KEY": "s" * 64,
    "ALLOWED_ORIGINS": "https://www.example.org",
    "REST_TOKEN": "t" * 32,
    "PUBLIC_WEB_URL": "https://intake.example.org",
}


def problems_with(**changes: str) -> list:
    env = {**SAFE_ENV, **changes}
    env = {name: value for name, value in env.items() if value is not None}
    return production_problems(Settings.from_env(env), env)


def without(name: str) -> list:
    env = {key: value for key, value in SAFE_ENV.items() if key != name}
    return production_problems(Settings.from_env(env), env)


def only_problem(problems: list, *words: str) -> str:
    assert len(problems) == 1, problems
    for word in words:
        assert word in problems[0]
    return problems[0]


def test_a_complete_production_environment_has_no_problems():
    assert problems_with() == []


def test_development_is_the_default_and_is_never_checked():
    assert Settings().app_env == "development"
    assert production_problems(Settings.from_env({}), {}) == []


def test_an_unknown_app_env_is_refused():
    # a typo such as "prod" must not quietly skip every check
    with pytest.raises(ValueError, match="APP_ENV"):
        Settings.from_env({"APP_ENV": "prod"})


def test_the_webhook_secret_must_be_set():
    only_problem(without("HANDOFF_WEBHOOK_SECRET"), "HANDOFF_WEBHOOK_SECRET", "var/")


def test_the_session_key_must_be_set():
    only_problem(without("SECRET_KEY"), "SECRET_KEY", "var/")


def test_sqlite_is_refused_for_the_database():
    only_problem(problems_with(DATABASE_URL="sqlite:////srv/iop.db"), "DATABASE_URL", "SQLite")


def test_sqlite_is_refused_for_the_tracker_store():
    only_problem(problems_with(TRACKER_STORE_URL="sqlite:////srv/t.db"), "TRACKER_STORE_URL", "SQLite")


def test_the_sqlite_defaults_are_refused_too():
    problems = without("DATABASE_URL")
    assert any("DATABASE_URL" in line for line in problems)


def test_several_workers_need_the_redis_lock_store():
    only_problem(without("REDIS_URL"), "SANIC_WORKERS", "REDIS_URL")


def test_one_worker_may_use_in_memory_locks():
    env = {k: v for k, v in SAFE_ENV.items() if k not in ("REDIS_URL", "SANIC_WORKERS")}
    assert production_problems(Settings.from_env(env), env) == []


def test_a_malformed_worker_count_is_a_problem_not_a_crash():
    only_problem(problems_with(SANIC_WORKERS="two"), "SANIC_WORKERS")


@pytest.mark.parametrize(
    "origins",
    [
        "http://localhost:8080,http://127.0.0.1:8080",
        "http://[::1]:8080",
        "",
    ],
)
def test_localhost_only_origins_are_refused(origins):
    only_problem(problems_with(ALLOWED_ORIGINS=origins), "ALLOWED_ORIGINS")


def test_the_default_origins_are_refused():
    only_problem(without("ALLOWED_ORIGINS"), "ALLOWED_ORIGINS")


def test_a_public_origin_beside_localhost_is_accepted():
    assert problems_with(ALLOWED_ORIGINS="http://localhost:8080,https://www.example.org") == []


def test_the_rest_token_must_be_set():
    only_problem(without("REST_TOKEN"), "REST_TOKEN")


def test_without_a_webhook_the_inbox_must_be_served_over_https():
    only_problem(
        problems_with(PUBLIC_WEB_URL="http://intake.example.org"), "HANDOFF_WEBHOOK_URL", "PUBLIC_WEB_URL", "https"
    )


def test_with_a_webhook_the_inbox_address_does_not_matter():
    assert (
        problems_with(PUBLIC_WEB_URL="http://intake.example.org", HANDOFF_WEBHOOK_URL="https://crm.example.org/hook")
        == []
    )


def test_every_problem_is_one_line():
    problems = production_problems(
        Settings.from_env({"APP_ENV": "production"}), {"APP_ENV": "production", "SANIC_WORKERS": "3"}
    )
    assert len(problems) == 8
    assert all("\n" not in line for line in problems)
    assert len(str(UnsafeProductionConfig(problems)).splitlines()) == len(problems)


# --- the processes refuse to start -----------------------------------------------


def test_the_web_app_refuses_before_generating_any_secret(tmp_path, monkeypatch):
    from bot.handoff import local_secrets
    from bot.web.app import create_app

    monkeypatch.setattr(local_secrets, "SESSION_SECRET_FILE", tmp_path / "key")
    monkeypatch.setattr(local_secrets, "WEBHOOK_SECRET_FILE", tmp_path / "hook")
    env = {"APP_ENV": "production", "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"}
    with pytest.raises(UnsafeProductionConfig) as refused:
        create_app(Settings.from_env(env))
    assert "DATABASE_URL" in str(refused.value)
    assert list(tmp_path.iterdir()) == []  # no secret, no database file


def test_the_tracker_store_refuses_at_rasa_start(tmp_path, monkeypatch):
    from rasa_plugins.stores import EnvSQLTrackerStore

    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("TRACKER_STORE_URL", f"sqlite:///{tmp_path / 'tracker.db'}")
    with pytest.raises(UnsafeProductionConfig, match="TRACKER_STORE_URL"):
        EnvSQLTrackerStore()
    assert not (tmp_path / "tracker.db").exists()


def run_command(*args: str, extra_env: dict) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in SAFE_ENV}
    env.update(extra_env)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_python_m_bot_run_refuses_with_sqlite_before_starting_anything(tmp_path):
    env = {
        **SAFE_ENV,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'iop.db'}",
        "TRACKER_STORE_URL": f"sqlite:///{tmp_path / 'tracker.db'}",
    }
    # a model that does not exist: had it got as far as starting Rasa, that fails later
    result = run_command("run", "--model", str(tmp_path / "none.tar.gz"), extra_env=env)
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if "APP_ENV=production" in line]
    assert len(lines) == 2
    assert "DATABASE_URL" in lines[0] and "TRACKER_STORE_URL" in lines[1]
    assert "starting" not in result.stdout
    assert list(tmp_path.iterdir()) == []


def test_the_delivery_worker_refuses(tmp_path):
    env = {**SAFE_ENV, "REST_TOKEN": "", "DATABASE_URL": f"sqlite:///{tmp_path / 'iop.db'}"}
    result = run_command("deliver-handoffs", "--once", extra_env=env)
    assert result.returncode == 2
    assert "REST_TOKEN" in result.stderr and "DATABASE_URL" in result.stderr
    assert not (tmp_path / "iop.db").exists()
