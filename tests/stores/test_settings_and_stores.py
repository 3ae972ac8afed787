"""Settings from the environment, the process environment every service
gets, and the env-configured Rasa stores."""

import os
import re
import subprocess
import sys

import pytest

from bot.settings import (
    DEFAULT_DATABASE_URL,
    PROJECT_ROOT,
    SETTINGS_VARIABLES,
    Settings,
    export_lines,
    process_environment,
)
from bot.stack import stack_environment
from rasa_plugins.stores import redis_lock_store_kwargs, sql_tracker_store_kwargs
from tests.live import LiveStack, live_settings, unknown_variables


def test_defaults_work_without_any_environment():
    settings = Settings.from_env({})
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert settings.database_url.startswith("sqlite:///")
    assert settings.handoff_webhook_url == ""
    assert settings.web_port == 8080 and settings.rasa_port == 5005 and settings.action_port == 5055
    assert settings.allowed_origins == ("http://localhost:8080", "http://127.0.0.1:8080")


def test_environment_overrides_and_derived_urls():
    settings = Settings.from_env(
        {
            "DATABASE_URL": "postgresql://u:p@db:5432/iop",
            "WEB_PORT": "9000",
            "ALLOWED_ORIGINS": "https://help.example.org, https://www.example.org ,",
            "HANDOFF_WEBHOOK_URL": "https://crm.example.org/hooks/iop",
            "HANDOFF_WEBHOOK_SECRET": "s3cret",
        }
    )
    assert settings.database_url == "postgresql://u:p@db:5432/iop"
    assert settings.public_web_url == "http://localhost:9000"
    assert settings.allowed_origins == ("https://help.example.org", "https://www.example.org")
    assert settings.handoff_webhook_secret == "s3cret"


def test_a_bad_number_is_a_clear_error():
    with pytest.raises(ValueError, match="WEB_PORT must be an integer"):
        Settings.from_env({"WEB_PORT": "eighty"})
    with pytest.raises(ValueError, match="HANDOFF_WEBHOOK_TIMEOUT must be a number, got 'soon'"):
        Settings.from_env({"HANDOFF_WEBHOOK_TIMEOUT": "soon"})
    with pytest.raises(ValueError, match="APP_ENV must be one of development, production; got 'prod'"):
        Settings.from_env({"APP_ENV": "prod"})


def test_blank_values_count_as_unset_except_where_they_mean_something():
    settings = Settings.from_env(
        {"WEB_PORT": " ", "RASA_HOST": "", "APP_ENV": " Production ", "PUBLIC_WEB_URL": "https://x.org/"}
    )
    assert settings.web_port == 8080 and settings.rasa_host == "127.0.0.1"
    assert settings.app_env == "production" and settings.public_web_url == "https://x.org"
    # set but empty: no origin may use the chat channels; secrets are taken as given
    assert Settings.from_env({"ALLOWED_ORIGINS": ""}).allowed_origins == ()
    assert Settings.from_env({"SECRET_KEY": " k "}).secret_key == " k "
    assert Settings.from_env({"RASA_PORT": "6000"}).public_rasa_url == "http://localhost:6000"


def _settings_table_names() -> set:
    readme = (PROJECT_ROOT / "README.md").read_text()
    section = readme.split("\n## Settings\n", 1)[1].split("\n#", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return {name for row in rows for name in re.findall(r"`([A-Z][A-Z0-9_]*)`", row.split("|")[1])}


def test_readme_settings_table_lists_exactly_what_settings_reads():
    assert len(SETTINGS_VARIABLES) == len(set(SETTINGS_VARIABLES)) > 30
    assert _settings_table_names() == set(SETTINGS_VARIABLES)


def test_every_declared_variable_is_read():
    # each field's variable reaches its field (a wrong name in the table above would not)
    env = dict.fromkeys(SETTINGS_VARIABLES, "7")
    env.update(APP_ENV="production", LOG_FORMAT="json")
    settings = Settings.from_env(env)
    defaults = Settings()
    assert all(getattr(settings, f) != getattr(defaults, f) for f in Settings.__dataclass_fields__)


def test_process_environment_follows_the_action_server_and_keeps_what_is_set():
    settings = Settings.from_env({"ACTION_PORT": "6100", "ACTION_HOST": "10.0.0.5"})
    env = stack_environment({"TF_CPP_MIN_LOG_LEVEL": "0", "PYTHONPATH": ""}, settings)
    assert env["ACTION_ENDPOINT_URL"] == "http://127.0.0.1:6100/webhook"
    assert env["SANIC_HOST"] == "10.0.0.5"
    assert env["TF_CPP_MIN_LOG_LEVEL"] == "0"  # the caller's value wins
    assert env["PYTHONPATH"] == str(PROJECT_ROOT)  # an empty one counts as unset
    assert set(process_environment(settings)) <= set(env)
    assert not set(process_environment(settings)) & set(SETTINGS_VARIABLES)


def test_export_lines_for_the_shell_and_for_make():
    settings = Settings()
    env = {"PYTHONPATH": "/a b$c"}
    assert "export PYTHONPATH='/a b$c'" in export_lines(env, settings)
    with pytest.raises(ValueError, match="PYTHONPATH must not contain blanks"):
        export_lines(env, settings, make=True)
    make = export_lines({"PYTHONPATH": "/a$b#c"}, settings, make=True)
    assert "PYTHONPATH:=/a$$b\\#c" in make
    assert "ACTION_ENDPOINT_URL:=http://127.0.0.1:5055/webhook" in make


def test_python_m_bot_env_is_what_the_shell_scripts_eval():
    env = {k: v for k, v in os.environ.items() if k not in process_environment(Settings())}
    env["ACTION_PORT"] = "6200"
    script = 'eval "$("$0" -m bot env)"; echo "$ACTION_ENDPOINT_URL $PYTHONPATH $RASA_TELEMETRY_ENABLED"'
    done = subprocess.run(
        ["bash", "-c", script, sys.executable], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["http://127.0.0.1:6200/webhook", str(PROJECT_ROOT), "false"]
    env["ACTION_PORT"] = "x"
    bad = subprocess.run(
        [sys.executable, "-m", "bot", "env"], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True
    )
    assert (bad.returncode, bad.stderr.strip()) == (2, "error: ACTION_PORT must be an integer, got 'x'")


def test_makefile_and_test_script_take_the_process_environment_from_bot_env():
    makefile = (PROJECT_ROOT / "Makefile").read_text()
    script = (PROJECT_ROOT / "scripts" / "test.sh").read_text()
    assert "-m bot env --make" in makefile and "-m bot env)" in script
    for name in process_environment(Settings()):
        assert not re.search(rf"^\s*(export\s+)?{name}\s*:?=", makefile, re.M), name
        assert not re.search(rf"\b{name}=", script), name


def test_the_live_stack_sets_only_variables_that_are_read(tmp_path):
    chosen = live_settings(tmp_path)
    assert unknown_variables(chosen) == []
    assert Settings.from_env(chosen).handoff_poll_interval_s == 0.5
    assert unknown_variables({"HANDOFF_DELIVERY_POLL_SECONDS": "0.5", "REDIS_URL": ""}) == [
        "HANDOFF_DELIVERY_POLL_SECONDS"
    ]
    with pytest.raises(ValueError, match=r"not settings of bot/settings\.py: HANDOFF_DELIVERY_POLL_SECONDS"):
        LiveStack.start(tmp_path / "never", extra_env={"HANDOFF_DELIVERY_POLL_SECONDS": "0.5"})
    assert not (tmp_path / "never").exists()  # refused before anything started


def test_sql_tracker_store_kwargs_from_urls():
    assert sql_tracker_store_kwargs("sqlite:////tmp/x/tracker.db") == {
        "dialect": "sqlite",
        "db": "/tmp/x/tracker.db",
    }
    pg = sql_tracker_store_kwargs("postgresql+psycopg2://rasa:pw@db.internal:5433/iop?sslmode=require")
    assert pg["dialect"] == "postgresql+psycopg2"
    assert (pg["host"], pg["port"], pg["db"]) == ("db.internal", 5433, "iop")
    assert (pg["username"], pg["password"]) == ("rasa", "pw")
    assert pg["query"] == {"sslmode": "require"}


def test_redis_lock_store_kwargs_from_urls():
    kwargs = redis_lock_store_kwargs("redis://:pa%40ss@cache:6380/2")
    assert (kwargs["host"], kwargs["port"], kwargs["db"]) == ("cache", 6380, 2)
    assert kwargs["password"] == "pa@ss"
    assert kwargs["use_ssl"] is False
    assert redis_lock_store_kwargs("rediss://cache")["use_ssl"] is True
    assert redis_lock_store_kwargs("redis://127.0.0.1:6379")["db"] == 0


def test_sqlite_tracker_store_uses_wal(tmp_path, monkeypatch):
    from sqlalchemy import text

    from rasa_plugins.stores import EnvSQLTrackerStore

    monkeypatch.setenv("TRACKER_STORE_URL", f"sqlite:///{tmp_path / 'sub' / 'tracker.db'}")
    store = EnvSQLTrackerStore()
    with store.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL
    assert (tmp_path / "sub" / "tracker.db").exists()


def test_lock_store_follows_redis_url(monkeypatch):
    from rasa.core.lock_store import InMemoryLockStore, RedisLockStore

    from rasa_plugins.stores import AtomicRedisLockStore, EnvLockStore

    monkeypatch.delenv("REDIS_URL", raising=False)
    assert isinstance(EnvLockStore(), InMemoryLockStore)
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/3")
    store = EnvLockStore()
    assert isinstance(store, AtomicRedisLockStore) and isinstance(store, RedisLockStore)
    store.red.ping()  # the machine's real Redis
