"""The linear text classifier (rasa_plugins/text_classifier.py) and its Rasa
components (rasa_plugins/linear_nlu.py): training, prediction, Rasa's output
format, and storage that loads nothing it did not write."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from rasa_plugins.linear_nlu import LinearIntentClassifier, LinearResponseSelector
from rasa_plugins.text_classifier import ClassifierSettings, build_classifier, prepare_text, ranked_predictions

EXAMPLES: list[tuple[str, str]] = [
    ("hi", "greet"),
    ("hello there", "greet"),
    ("hey", "greet"),
    ("good morning", "greet"),
    ("helo", "greet"),
    ("bye", "goodbye"),
    ("see ya", "goodbye"),
    ("gotta go bye", "goodbye"),
    ("goodbye", "goodbye"),
    ("cya later", "goodbye"),
    ("how long is iop", "faq/duration"),
    ("how many months does it last", "faq/duration"),
    ("how long does the program take", "faq/duration"),
    ("when does iop end", "faq/duration"),
    ("how much does iop cost", "faq/cost_insurance"),
    ("do they take medicaid", "faq/cost_insurance"),
    ("is it covered by insurance", "faq/cost_insurance"),
    ("what does it cost", "faq/cost_insurance"),
]


def _training_data() -> TrainingData:
    return TrainingData([Message.build(text=text, intent=intent) for text, intent in EXAMPLES])


@pytest.fixture
def storage(tmp_path: Path) -> LocalModelStorage:
    return LocalModelStorage(tmp_path)


def _context() -> ExecutionContext:
    return ExecutionContext(GraphSchema({}), model_id="test")


def test_prepare_text_masks_values_that_say_nothing_about_the_intent():
    text = prepare_text("Call me at (312) 555-0142 or SAM@example.com, zip 60614, I had 3 drinks")
    assert "phonenumber" in text and "555" not in text
    assert "emailaddress" in text and "@" not in text
    assert "zipcode" in text and "60614" not in text
    assert "number" in text and " 3 " not in text
    assert text == text.lower()


def test_prepare_text_never_raises_on_odd_input():
    for odd in (None, "", "   ", "\x00\x01", "😀" * 50, "<script>alert(1)</script>", 12345):
        assert isinstance(prepare_text(odd), str)


def test_the_classifier_learns_and_ranks_by_probability():
    texts, labels = zip(*[(t, i.split("/")[0]) for t, i in EXAMPLES], strict=True)
    classifier = build_classifier(ClassifierSettings()).fit(list(texts), list(labels))
    (ranking,) = ranked_predictions(classifier, ["hello"])
    assert ranking[0][0] == "greet"
    scores = [score for _, score in ranking]
    assert scores == sorted(scores, reverse=True)
    assert abs(sum(scores) - 1.0) < 1e-6
    assert ranked_predictions(classifier, []) == []


def test_intent_classifier_trains_persists_loads_and_predicts(storage):
    resource = Resource("intents")
    trained = LinearIntentClassifier.create({}, storage, resource, _context())
    trained.train(_training_data())
    loaded = LinearIntentClassifier.load({}, storage, resource, _context())

    hello, faq, empty = (
        Message.build(text="hey there"),
        Message.build(text="how long does iop last"),
        Message.build(text="  "),
    )
    loaded.process([hello, faq, empty])

    assert hello.get("intent")["name"] == "greet"
    assert faq.get("intent")["name"] == "faq"  # the FAQ topics are one intent
    ranking = hello.get("intent_ranking")
    assert next(item["name"] for item in ranking) == "greet"
    assert {"greet", "goodbye", "faq"} == {item["name"] for item in ranking}
    # no text: no intent, which FallbackClassifier turns into nlu_fallback
    assert empty.get("intent") == {"name": None, "confidence": 0.0}
    assert empty.get("intent_ranking") == []


def test_response_selector_writes_rasas_response_selector_output(storage):
    resource = Resource("faq_selector")
    data = _training_data()
    selector = LinearResponseSelector.create({"retrieval_intent": "faq"}, storage, resource, _context())
    selector.train(data)
    loaded = LinearResponseSelector.load({"retrieval_intent": "faq"}, storage, resource, _context())

    message = Message.build(text="does insurance cover it")
    loaded.process([message])
    output = message.get("response_selector")
    assert output["all_retrieval_intents"] == ["faq"]
    response = output["faq"]["response"]
    assert response["intent_response_key"] == "faq/cost_insurance"
    assert response["utter_action"] == "utter_faq/cost_insurance"
    assert 0.5 < response["confidence"] <= 1.0
    keys = [item["intent_response_key"] for item in output["faq"]["ranking"]]
    assert keys[0] == "faq/cost_insurance" and set(keys) == {"faq/cost_insurance", "faq/duration"}


def test_a_model_file_holding_unexpected_types_is_refused(storage):
    import skops.io as sio

    resource = Resource("tampered")
    with storage.write_to(resource) as directory:
        sio.dump({"payload": Path("/etc/passwd")}, directory / "classifier.skops")
        (directory / "meta.json").write_text("{}")
    with pytest.raises(ValueError, match="refusing to load"):
        LinearIntentClassifier.load({}, storage, resource, _context())


def test_too_little_data_leaves_the_classifier_untrained_instead_of_failing(storage):
    resource = Resource("tiny")
    component = LinearIntentClassifier.create({}, storage, resource, _context())
    component.train(TrainingData([Message.build(text="hi", intent="greet")]))
    loaded = LinearIntentClassifier.load({}, storage, resource, _context())
    message = Message.build(text="hi")
    loaded.process([message])
    assert message.get("intent") == {"name": None, "confidence": 0.0}
