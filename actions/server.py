"""The action server: rasa_sdk's app for this package's actions, started by
bot/stack.py as `python -m actions.server` in place of `rasa run actions`.

rasa_sdk registers no `GET /` and a catch-all exception handler, so `GET /` (or
any path or method it has no route for) was answered 500 and logged with a
traceback. This adds `GET /` and plain 404/405 answers; everything else is
rasa_sdk's own (`rasa_sdk.endpoint.create_app` and the steps of its `run`).
"""
from __future__ import annotations

import logging
import os
from typing import List, Optional

from rasa_sdk import endpoint, utils
from rasa_sdk.constants import APPLICATION_ROOT_LOGGER_NAME
from rasa_sdk.plugin import plugin_manager
from sanic import Sanic, response
from sanic.exceptions import MethodNotSupported, NotFound

ACTIONS_PACKAGE = "actions"
log = logging.getLogger("actions.server")


def create_app(
    cors_origins: Optional[List[str]] = None, auto_reload: bool = False
) -> Sanic:
    app = endpoint.create_app(ACTIONS_PACKAGE, cors_origins=cors_origins, auto_reload=auto_reload)

    @app.get("/")
    async def root(_request):
        return response.json({"status": "ok"})

    # more specific than rasa_sdk's handler for Exception, which logs a traceback
    @app.exception(NotFound, MethodNotSupported)
    async def no_route(_request, exception):
        return response.json({"error": "no such route"}, status=exception.status_code)

    return app


def main(argv: Optional[List[str]] = None) -> None:
    args = endpoint.create_argument_parser().parse_args(argv)
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
    plugin_manager().hook.attach_sanic_app_extensions(app=app)
    ssl_context = endpoint.create_ssl_context(
        args.ssl_certificate, args.ssl_keyfile, args.ssl_password
    )
    host = os.environ.get("SANIC_HOST", "0.0.0.0")  # bot.stack sets it to ACTION_HOST
    protocol = "https" if ssl_context else "http"
    log.info("Action endpoint is up and running on %s://%s:%s", protocol, host, args.port)
    app.run(host, args.port, ssl=ssl_context, workers=utils.number_of_sanic_workers())


if __name__ == "__main__":
    main()
