"""The cached action-response validation accepts and rejects exactly as Rasa's."""

import pytest
from jsonschema import ValidationError
from jsonschema import validate as jsonschema_validate
from rasa.core.actions.action import RemoteAction

import rasa_plugins  # noqa: F401  (applies the speed-up)

VALID = [
    {"events": [], "responses": []},
    {
        "events": [{"event": "slot", "name": "severity", "value": "mild"}],
        "responses": [{"text": "hi", "buttons": [{"title": "a", "payload": "/b"}]}],
    },
    {"events": [{"event": "active_loop", "name": None}], "responses": []},
    {},
]
INVALID = [
    {"events": "nope"},
    {"events": [{"event": "slot"}]},
    {"responses": ["not an object"]},
    {"events": [{"event": "no_such_event"}]},
]


@pytest.mark.parametrize("result", VALID)
def test_valid_responses_pass(result):
    assert RemoteAction("x", None)._validate_action_result(result) is True


@pytest.mark.parametrize("result", INVALID)
def test_invalid_responses_fail_as_with_plain_jsonschema(result):
    schema = RemoteAction.action_response_format_spec()
    with pytest.raises(ValidationError):
        jsonschema_validate(result, schema)
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        RemoteAction("x", None)._validate_action_result(result)


def test_the_patch_is_in_place():
    from rasa_plugins import speedups

    assert RemoteAction._validate_action_result is speedups._validate_action_result


@pytest.mark.parametrize(
    "type_name",
    [
        "user",
        "bot",
        "action",
        "slot",
        "active_loop",
        "session_started",
        "restart",
        "user_featurization",
        "action_execution_rejected",
        "followup",
    ],
)
def test_event_lookup_finds_the_same_class_as_rasa(type_name):
    from rasa.shared.core.events import Event

    from rasa_plugins import speedups

    assert Event.resolve_by_type(type_name) is speedups._original_resolve_by_type(type_name)


def test_unknown_event_names_behave_as_before():
    from rasa.shared.core.events import Event, UserUttered

    assert Event.resolve_by_type("topic") is None
    assert Event.resolve_by_type("no_such_event", default=UserUttered) is UserUttered
    with pytest.raises(ValueError, match="Unknown event name"):
        Event.resolve_by_type("no_such_event")
