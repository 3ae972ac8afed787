"""The action server: rasa_sdk's app for this package's actions, started by
bot/stack.py as `python -m actions.server` in place of `rasa run actions`.

rasa_sdk registers no `GET /` and a catch-all exception handler, so `GET /` (or
any path or method it has no route for) was answered 500 and logged with a
traceback. This adds `GET /`, `GET /metrics` (Prometheus, `actions.metrics`) and
plain 404/405 answers; everything else is rasa_sdk's own
(`rasa_sdk.endpoint.create_app` and the steps of its `run`).
"""

from __future__ import annotations

import json
import logging
import os
import sys
import zlib
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST
from rasa_sdk import endpoint, utils
from rasa_sdk.constants import APPLICATION_ROOT_LOGGER_NAME
from rasa_sdk.plugin import plugin_manager
from sanic import Sanic, response
from sanic.exceptions import MethodNotSupported, NotFound

from actions import metrics
from bot import logs
from bot.db import Database
from bot.migrations.check import SchemaNotCurrent, require_current_schema
from bot.settings import Settings

ACTIONS_PACKAGE = "actions"
log = logging.getLogger("actions.server")


def create_app(cors_origins: list[str] | None = None, auto_reload: bool = False) -> Sanic:
    app = endpoint.create_app(ACTIONS_PACKAGE, cors_origins=cors_origins, auto_reload=auto_reload)

    @app.get("/")
    async def root(_request):
        return response.json({"status": "ok"})

    # more specific than rasa_sdk's handler for Exception, which logs a traceback
    @app.exception(NotFound, MethodNotSupported)
    async def no_route(_request, exception):
        return response.json({"error": "no such route"}, status=exception.status_code)

    @app.on_request
    async def start_request_id(request):
        # every request sets it, so keep-alive requests never share an id
        logs.request_id.set(logs.choose_request_id(request.headers.get("X-Request-ID")))

    @app.get("/metrics")
    async def prometheus_metrics(_request):
        return response.raw(metrics.render(), content_type=CONTENT_TYPE_LATEST)

    @app.on_response
    async def count_action_call(request, answer):
        if request.path == "/webhook" and request.method == "POST":
            try:
                call = _action_call(request)
                wanted = isinstance(call, dict) and call.get("next_action") in metrics.RESULT_READ_FOR
                metrics.record_action_call(call, _result(answer, wanted))
            except Exception as exc:  # noqa: BLE001 - counting must never break an action
                log.warning("metrics: could not count an action call (%s)", type(exc).__name__)

    return app


def _action_call(request) -> Any:
    # rasa may send the call deflate-compressed (as rasa_sdk's webhook reads it)
    if request.headers.get("Content-Encoding") == "deflate":
        return json.loads(zlib.decompress(request.body))
    return request.json


def _result(answer, wanted: bool) -> dict | None:
    """The call's JSON answer (None if it failed); parsed only when it is counted."""
    if answer is None or answer.status != 200:
        return None
    return json.loads(answer.body) if wanted and answer.body else {}


def main(argv: list[str] | None = None) -> None:
    args = endpoint.create_argument_parser().parse_args(argv)
    # as every process on DATABASE_URL: the schema is migrate's to make
    db = Database()
    try:
        require_current_schema(db.engine)
    except SchemaNotCurrent as refused:
        print(f"error: {refused}", file=sys.stderr)
        sys.exit(2)
    finally:
        db.dispose()
    # what rasa_sdk.__main__ and rasa_sdk.endpoint.run do, with our app
    utils.configure_colored_logging(args.loglevel)
    utils.configure_file_logging(
        logging.getLogger(APPLICATION_ROOT_LOGGER_NAME),
        args.log_file,
        args.loglevel,
        args.logging_config_file,
    )
    utils.update_sanic_log_level()
    app = create_app(args.cors, args.auto_reload)
    # after rasa_sdk's and Sanic's own setup: LOG_FORMAT=json replaces their handlers
    logs.configure_logging(Settings.from_env(), "actions", keep_plain_handlers=True)
    plugin_manager().hook.attach_sanic_app_extensions(app=app)
    ssl_context = endpoint.create_ssl_context(args.ssl_certificate, args.ssl_keyfile, args.ssl_password)
    host = os.environ.get("SANIC_HOST", "0.0.0.0")  # bot.stack sets it to ACTION_HOST
    protocol = "https" if ssl_context else "http"
    log.info("Action endpoint is up and running on %s://%s:%s", protocol, host, args.port)
    app.run(host, args.port, ssl=ssl_context, workers=utils.number_of_sanic_workers())


if __name__ == "__main__":
    main()
