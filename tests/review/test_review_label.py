"""Labelling writes training data: the example goes last under its intent or
FAQ topic, the file keeps its comments and order, a new topic gets its own
file, and bad labels or examples are refused. Runs on a temporary copy of
data/nlu, never the real files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.review.label import LabelError, add_example
from bot.review.training_data import NLU_DIR, load_blocks


@pytest.fixture
def nlu(tmp_path) -> Path:
    copy = tmp_path / "nlu"
    shutil.copytree(NLU_DIR, copy)
    return copy


def test_an_example_is_appended_to_its_intent_and_nothing_else_changes(nlu):
    before = (nlu / "handoff.yml").read_text().splitlines()
    last = next(b for b in load_blocks(nlu) if b.intent == "request_human").examples[-1]

    added = add_example("request_human", "  can i   chat with staff pls ", nlu)

    after = added.path.read_text().splitlines()
    assert added.path == nlu / "handoff.yml" and not added.new_topic
    assert after == [*before[: last.line], "    - can i chat with staff pls", *before[last.line :]]
    [block] = [b for b in load_blocks(nlu) if b.intent == "request_human"]
    assert block.examples[-1].text == "can i chat with staff pls"


def test_an_faq_example_goes_to_the_topic_file_keeping_its_comments(nlu):
    path = nlu / "faq" / "privacy.yml"
    before = path.read_text()

    add_example("faq/privacy", "does my boss get told", nlu)

    after = path.read_text()
    assert after.startswith(before.rstrip("\n"))
    assert after[len(before.rstrip("\n")) :] == "\n    - does my boss get told\n"
    assert "# FAQ topic privacy" in after


def test_a_new_topic_gets_its_own_file(nlu):
    added = add_example("faq/transport", "is there a ride to the clinic", nlu)

    assert added.new_topic and added.path == nlu / "faq" / "transport.yml"
    [block] = [b for b in load_blocks(nlu) if b.intent == "faq/transport"]
    assert [e.text for e in block.examples] == ["is there a ride to the clinic"]
    assert "utter_faq/transport" in added.path.read_text()


@pytest.mark.parametrize(
    "label, text, message",
    [
        ("greeting", "hello you", "unknown intent 'greeting'"),
        ("faq", "hello you", "is not a label"),
        ("faq/Bad-Name", "hello you", "bad topic name 'Bad-Name'"),
        ("greet", "   ", "the example is empty"),
        ("request_human", "call me at [phone]", "redaction placeholder [phone]"),
        ("faq/privacy", "Talk to a  person", "'Talk to a person' is already an example of request_human"),
    ],
)
def test_bad_labels_and_examples_are_refused_and_nothing_is_written(nlu, label, text, message):
    before = {p: p.read_text() for p in nlu.rglob("*.yml")}
    with pytest.raises(LabelError, match=message.replace("[", r"\[").replace("]", r"\]")):
        add_example(label, text, nlu)
    assert {p: p.read_text() for p in nlu.rglob("*.yml")} == before
