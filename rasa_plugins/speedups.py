"""Measured speed-ups of Rasa 3.6 internals, applied when rasa_plugins is imported.

Profiling the Rasa server during a fit assessment (py-spy) showed two hot spots
that do the same work again and again; behaviour is unchanged, only the repeats go:

* Rasa validates every custom action's response with `jsonschema.validate()`,
  which re-checks the schema itself against the JSON Schema meta-schema on every
  call: 43% of the server's busy time. The validator is now built once.
* Every event read from the tracker store looks its class up by scanning all
  Event subclasses (`Event.resolve_by_type`): 7%. The lookup is now a dict,
  falling back to Rasa's scan for names it does not know.

And one that grew with the conversation (docs/performance.md, issue 16):

* Each call to the action server carries the whole tracker (every event of
  the session) as JSON, encoded by aiohttp with `json.dumps`: about 3.4 ms a
  call at message 56 of a 60-message conversation. Rasa's `EndpointConfig`
  sessions now encode with ujson (a Rasa dependency), about 2.5 times faster,
  falling back to `json.dumps` for anything ujson refuses; the action server
  decodes the same values.
"""

from __future__ import annotations

import functools
import json
from typing import Any

import aiohttp
import ujson
from jsonschema import ValidationError
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses
from rasa.utils.endpoints import DEFAULT_REQUEST_TIMEOUT, EndpointConfig

_original_resolve_by_type = Event.resolve_by_type


@functools.lru_cache(maxsize=1)
def action_response_validator():
    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    try:
        action_response_validator().validate(result)
        return True
    except ValidationError as e:
        e.message += (
            f". Failed to validate Action server response from API, "
            f"make sure your response from the Action endpoint is valid. "
            f"For more information about the format visit "
            f"{DOCS_BASE_URL}/custom-actions"
        )
        raise e


@functools.lru_cache(maxsize=1)
def _event_classes() -> dict[str, Any]:
    classes: dict[str, Any] = {}
    for cls in all_subclasses(Event):
        classes.setdefault(cls.type_name, cls)  # the first match, as Rasa's scan
    return classes


def _resolve_by_type(type_name: str, default: Any = None) -> Any:
    found = _event_classes().get(type_name)
    if found is not None:
        return found
    return _original_resolve_by_type(type_name, default)


def dumps_json(value: Any) -> str:
    """JSON text that decodes to what `json.dumps(value)` decodes to, from
    ujson (compact, "/" not escaped); what ujson refuses goes to `json.dumps`,
    which encodes it or raises as before. One difference: a dict key json
    refuses (a tuple, say) ujson writes as its str(); Rasa's requests have
    none (their values come from JSON, YAML and NLU)."""
    try:
        return ujson.dumps(value, escape_forward_slashes=False, reject_bytes=True)
    except (TypeError, ValueError, OverflowError):
        return json.dumps(value)


def _endpoint_session(self: EndpointConfig) -> aiohttp.ClientSession:
    """Rasa 3.6.21's `EndpointConfig.session`, encoding JSON bodies with `dumps_json`."""
    auth = aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"]) if self.basic_auth else None
    return aiohttp.ClientSession(
        headers=self.headers,
        auth=auth,
        timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
        json_serialize=dumps_json,
    )


def apply() -> None:
    RemoteAction._validate_action_result = _validate_action_result
    EndpointConfig.session = _endpoint_session
    Event.resolve_by_type = staticmethod(_resolve_by_type)
