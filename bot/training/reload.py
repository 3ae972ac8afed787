"""Asking running Rasa servers to load the new model: `PUT /model`.

Rasa's HTTP API (`rasa run --enable-api --auth-token TOKEN`; bot.stack adds
both when RASA_API_TOKEN is set, and never the API without the token) loads
the model file named in the body and swaps it in between two messages:
conversations go on, nothing restarts. Plain HTTP here: bot/ never imports
Rasa. The token goes in the query string, as Rasa's API expects; keep the API
on 127.0.0.1 or a private network.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

# Loading reads the archive and builds the pipeline (the sentence embedding
# model included): tens of seconds on a busy machine.
TIMEOUT_S = 600.0


def reload_model(server: str, model: Path, token: str, timeout: float = TIMEOUT_S) -> str | None:
    """None when `server` answered 204 (model loaded), else why not."""
    url = f"{server.rstrip('/')}/model?{urllib.parse.urlencode({'token': token})}"
    body = json.dumps({"model_file": str(model.resolve())}).encode()
    request = urllib.request.Request(url, data=body, method="PUT", headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as reply:
            status: int = reply.status
    except urllib.error.HTTPError as exc:
        if exc.code in (401, 403):
            return f"{server} refused the token (HTTP {exc.code}): is RASA_API_TOKEN the server's?"
        if exc.code in (404, 405):
            return f"{server} has no model API (HTTP {exc.code}): start it with RASA_API_TOKEN set"
        detail = exc.read()[:300].decode(errors="replace")
        return f"{server} could not load the model (HTTP {exc.code}): {detail}"
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        return f"{server} unreachable: {reason}"
    return None if status == 204 else f"{server} answered HTTP {status}"
