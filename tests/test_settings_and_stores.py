"""Settings from the environment, and the env-configured Rasa stores."""
import pytest

from bot.settings import DEFAULT_DATABASE_URL, Settings
from rasa_plugins.stores import redis_lock_store_kwargs, sql_tracker_store_kwargs


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
