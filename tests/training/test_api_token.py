"""Rasa's HTTP API (what the retrain reloads the model through) is opened
only behind RASA_API_TOKEN, and production mode wants a long token."""

from __future__ import annotations

from bot.production import production_problems
from bot.settings import Settings
from bot.stack import service_specs

LONG = "k" * 32


def _rasa_argv(env: dict[str, str]) -> list[str]:
    (spec,) = service_specs(Settings.from_env(env), services=("rasa",))
    return spec.argv


def test_no_token_no_api():
    argv = _rasa_argv({})
    assert "--enable-api" not in argv and "--auth-token" not in argv


def test_a_token_opens_the_api_behind_it():
    argv = _rasa_argv({"RASA_API_TOKEN": LONG})
    assert "--enable-api" in argv
    assert argv[argv.index("--auth-token") + 1] == LONG


def _problems(token: str) -> list[str]:
    env = {
        "APP_ENV": "production",
        "RASA_API_TOKEN": token,
        "DATABASE_URL": "postgresql://x/y",
        "TRACKER_STORE_URL": "postgresql://x/y",
        "SECRET_KEY": "s" * 32,
        "HANDOFF_WEBHOOK_SECRET": "h" * 32,
        "HANDOFF_WEBHOOK_URL": "https://crm.example/hook",
        "ALLOWED_ORIGINS": "https://example.org",
        "REST_TOKEN": "r" * 32,
    }
    return production_problems(Settings.from_env(env), env)


def test_production_refuses_a_short_api_token_and_accepts_a_long_one():
    assert _problems("short") == ["RASA_API_TOKEN is shorter than 32 characters: use a long random value"]
    assert _problems(LONG) == []
    assert _problems("") == []  # no token: no API, nothing to guard
