"""The inbox app the tests/web modules share: a module gives its own `db`
(the accounts it logs in as) and may change settings with `inbox_settings`."""

from __future__ import annotations

import pytest

from bot.settings import Settings
from bot.web.app import create_app


@pytest.fixture
def inbox_settings() -> dict:
    """Settings beyond the defaults; a module overrides this fixture to change them."""
    return {}


@pytest.fixture
def app(db, db_url, inbox_settings):
    settings = Settings(database_url=db_url, secret_key="k" * 64, handoff_webhook_secret="x", **inbox_settings)
    app = create_app(settings, db)
    app.testing = True
    return app
