"""The Rasa server encodes its requests to the action server with ujson
(rasa_plugins/speedups.py): the action server reads exactly what json.dumps
gave it, and whatever ujson cannot encode goes through json.dumps as before."""

from __future__ import annotations

import asyncio
import json
import math
from pathlib import Path

import pytest
from rasa.core.actions.action import RemoteAction
from rasa.core.training import load_data
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.importers.importer import TrainingDataImporter
from rasa.utils.endpoints import EndpointConfig

from rasa_plugins import speedups

ROOT = Path(__file__).resolve().parents[2]


def session_serialiser():
    async def make():
        session = EndpointConfig("http://127.0.0.1:5055/webhook").session()
        try:
            return session._json_serialize
        finally:
            await session.close()

    return asyncio.run(make())


def test_the_action_endpoint_session_encodes_with_the_fast_encoder():
    assert session_serialiser() is speedups.dumps_json


def test_every_story_tracker_reaches_the_action_server_as_json_dumps_gave_it():
    domain = Domain.load(str(ROOT / "domain.yml"))
    paths = [str(ROOT / "data" / "stories.yml"), str(ROOT / "tests" / "stories")]
    importer = TrainingDataImporter.load_from_dict(domain_path=str(ROOT / "domain.yml"), training_data_paths=paths)
    trackers = load_data(importer, domain, augmentation_factor=0)
    assert len(trackers) > 20
    visitor = DialogueStateTracker.from_events(
        "visitor",
        [
            ActionExecuted("action_listen"),
            UserUttered(
                "j'ai besoin d'aide / ayuda \u2028 \U0001f600 \"quoted\" \\ back",
                {"name": "ask_help", "confidence": 0.1 + 0.2},
                [{"entity": "zip", "value": "60614", "start": 1, "end": 6, "confidence_entity": 1e-7}],
            ),
            SlotSet("severity", 10**30),
            SlotSet("for_whom", {"nested": [1.5, None, True, "x"]}),
        ],
        domain.slots,
    )
    for tracker in [*trackers, visitor]:
        for action, send_domain in (("action_answer_faq", True), ("validate_assessment_form", False)):
            body = RemoteAction(action, EndpointConfig("http://x"))._action_call_format(tracker, domain)
            if not send_domain:
                body.pop("domain", None)
            assert json.loads(speedups.dumps_json(body)) == json.loads(json.dumps(body))


@pytest.mark.parametrize(
    "value", [{"x": math.nan}, {"x": object()}, {"x": b"bytes"}, {True: 1, 1.5: 2, None: 3, 4: "keys json converts"}]
)
def test_what_ujson_refuses_or_encodes_otherwise_goes_through_json_dumps(value):
    try:
        expected = json.dumps(value)
    except TypeError as error:
        with pytest.raises(TypeError, match=str(error)):
            speedups.dumps_json(value)
    else:  # repr: NaN is not equal to itself
        assert repr(json.loads(speedups.dumps_json(value))) == repr(json.loads(expected))


def test_the_one_difference_a_key_json_refuses_is_written_as_its_str():
    # json.dumps raises for a tuple key; ujson writes str(key). No request Rasa
    # builds has one: its values come from JSON, YAML or NLU, all with str keys.
    with pytest.raises(TypeError):
        json.dumps({(1, 2): "x"})
    assert json.loads(speedups.dumps_json({(1, 2): "x"})) == {"(1, 2)": "x"}
