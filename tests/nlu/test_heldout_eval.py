"""The scoring of scripts/heldout_eval.py (`make heldout`), on a fake parse
function shaped like Rasa's parse output: no model is loaded here. The real
measurement is not a test (it is run by `make heldout` and its figures are in
docs/nlu.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from scripts import heldout_eval as he
from tests.conftest import ROOT


def _intent(
    name, topic=None, crisis_source=None, location=None, questions=None, withdrawal=False, faq_questions=None
) -> dict:
    """A parse result in the shape Agent.parse_message returns."""
    result: dict = {"intent": {"name": name, "confidence": 0.9}, "entities": []}
    if questions is not None:
        result["questions"] = {"topics": questions, "situation": False}
        if faq_questions is not None:
            result["questions"]["faq_topics"] = faq_questions
    if withdrawal:
        result["entities"].append({"entity": "withdrawal_risk", "value": "true"})
    if topic is not None:
        result["response_selector"] = {
            "all_retrieval_intents": ["faq"],
            "faq": {"response": {"intent_response_key": topic, "utter_action": f"utter_{topic}"}},
        }
    if crisis_source is not None:
        result["crisis_detection"] = {"source": crisis_source, "category": None}
    if location is not None:
        result["entities"].append({"entity": "location", "value": location})
    return result


def _item(file: str, text: str, labels: list[str], location=None) -> he.Item:
    return he.Item(file=file, text=text, labels=tuple(labels), location=location)


# --- mapping a parse to the held-out labels -----------------------------------


def test_a_faq_parse_is_labelled_with_its_retrieval_topic():
    assert he.predicted_labels(_intent("faq", topic="faq/duration")) == ["faq/duration"]


def test_a_faq_parse_without_selector_output_falls_back_to_the_full_retrieval_name():
    result = {"intent": {"name": "faq", "full_retrieval_intent_name": "faq/schedule"}}
    assert he.predicted_labels(result) == ["faq/schedule"]


def test_the_topic_of_a_non_faq_intent_is_ignored():
    # the response selector runs on every message; the server only uses it for faq
    assert he.predicted_labels(_intent("greet", topic="faq/what_is_iop")) == ["greet"]


def test_the_crisis_override_flag_counts_as_crisis_whatever_the_intent_says():
    assert he.predicted_labels(_intent("faq", topic="faq/cost_insurance", crisis_source="lexicon")) == ["crisis"]
    assert he.predicted_labels(_intent("crisis")) == ["crisis"]


def test_two_question_clauses_are_labelled_with_both_topics_in_the_order_asked():
    result = _intent("faq", topic="faq/cost_insurance", questions=["faq/duration", "faq/cost_insurance"])
    assert he.predicted_labels(result) == ["faq/duration", "faq/cost_insurance"]


def test_a_request_with_an_faq_question_is_labelled_with_the_faq_answer_then_the_request():
    result = _intent(
        "assess_fit", "faq/duration", questions=["faq/duration", "faq/privacy"], faq_questions=["faq/duration"]
    )
    assert he.predicted_labels(result) == ["faq/duration", "assess_fit"]
    alone = _intent("assess_fit", "faq/privacy", questions=["faq/privacy"], faq_questions=[])
    assert he.predicted_labels(alone) == ["assess_fit"]


def test_a_request_asked_before_its_faq_question_is_right_with_the_faq_answered_first():
    items = [_item("two_questions", "r1", ["request_human", "faq/privacy"])]
    parse = _intent("request_human", "faq/privacy", questions=["faq/privacy"], faq_questions=["faq/privacy"])
    report = he.evaluate(items, _fake_parse({"r1": parse}))
    assert report["two_questions"]["both"] == 1 and report["overall"]["correct"] == 1


def test_withdrawal_signs_are_labelled_with_the_detox_first_answer_whatever_the_topic():
    assert he.predicted_labels(_intent("faq", topic="faq/program_rules", withdrawal=True)) == ["detox_first"]
    assert he.predicted_labels(_intent("describe_situation", withdrawal=True)) == ["detox_first"]
    # the emergency answer still wins
    assert he.predicted_labels(_intent("faq", withdrawal=True, crisis_source="lexicon")) == ["crisis"]


def test_a_situation_is_labelled_with_its_question_or_else_the_acknowledgement():
    situation = _intent("describe_situation", topic="faq/schedule", questions=["faq/schedule"])
    assert he.predicted_labels(situation) == ["faq/schedule"]
    assert he.predicted_labels(_intent("describe_situation", topic="faq/schedule")) == ["describe_situation"]


def test_a_past_crisis_is_labelled_as_such():
    assert he.predicted_labels(_intent("past_crisis")) == ["past_crisis"]


def test_no_intent_and_fallback_are_labels_of_their_own():
    assert he.predicted_labels({"intent": {"name": None}}) == ["none"]
    assert he.predicted_labels(_intent("nlu_fallback")) == ["nlu_fallback"]


# --- scoring --------------------------------------------------------------------

ITEMS = [
    _item("crisis", "c1", ["crisis"]),
    _item("crisis", "c2", ["crisis"]),
    _item("lookalikes", "l1", ["thank"]),
    _item("lookalikes", "l2", ["faq/duration"]),
    _item("lookalikes_past", "p1", ["describe_situation"]),
    _item("two_questions", "t1", ["faq/duration", "faq/cost_insurance"]),
    _item("two_questions", "t2", ["faq/schedule", "request_human"]),
    _item("location", "where1", ["find_program"], location="denver"),
]

ONE_LABEL_PARSES = {
    "c1": _intent("crisis", crisis_source="lexicon"),
    "c2": _intent("describe_situation"),  # a missed crisis
    "l1": _intent("thank"),
    "l2": _intent("crisis", crisis_source="classifier"),  # a false alarm
    "p1": _intent("crisis", crisis_source="lexicon"),  # a false alarm in the past-event group
    "t1": _intent("faq", topic="faq/cost_insurance"),  # the second half only
    "t2": _intent("faq", topic="faq/schedule", questions=["faq/schedule", "faq/privacy"]),  # one wrong half
    "where1": _intent("find_program", location="Denver"),
}


def _fake_parse(parses: dict[str, dict]):
    def parse(texts: list[str]) -> list[dict]:
        return [parses[text] for text in texts]

    return parse


@pytest.fixture
def report():
    return he.evaluate(ITEMS, _fake_parse(ONE_LABEL_PARSES))


def test_each_file_is_scored_on_its_own(report):
    files = report["files"]
    assert (files["crisis"]["n"], files["crisis"]["correct"]) == (2, 1)
    assert (files["lookalikes"]["n"], files["lookalikes"]["correct"]) == (2, 1)
    assert (files["lookalikes_past"]["n"], files["lookalikes_past"]["correct"]) == (1, 0)
    assert files["location"]["accuracy"] == 1.0


def test_overall_counts_every_message_once(report):
    # right: c1, l1, where1
    assert report["overall"] == {"n": 8, "correct": 3, "accuracy": 3 / 8}


def test_crisis_recall_is_measured_on_the_crisis_file(report):
    assert report["crisis_recall"] == {"n": 2, "hits": 1, "rate": 0.5}


def test_false_crisis_rate_is_measured_on_each_lookalike_file_and_together(report):
    alarms = report["false_crisis"]
    assert alarms["lookalikes"] == {"n": 2, "alarms": 1, "rate": 0.5}
    assert alarms["lookalikes_past"] == {"n": 1, "alarms": 1, "rate": 1.0}
    assert alarms["lookalikes_all"] == {"n": 3, "alarms": 2, "rate": pytest.approx(2 / 3)}
    # every message outside crisis.yml: l2 and p1 of six
    assert alarms["all_non_crisis"] == {"n": 6, "alarms": 2, "rate": pytest.approx(2 / 6)}


def test_a_two_question_message_is_right_only_when_both_halves_are_answered_in_order(report):
    two = report["two_questions"]
    assert (two["n"], two["both"], two["first_half"], two["either_half"]) == (2, 0, 1, 2)
    assert report["files"]["two_questions"]["correct"] == 0


def test_both_halves_in_order_and_nothing_else_count_as_right():
    items = [
        _item("two_questions", "both", ["faq/duration", "faq/cost_insurance"]),
        _item("two_questions", "swapped", ["faq/duration", "faq/cost_insurance"]),
        _item("faq_single", "extra", ["faq/duration"]),
    ]
    parses = {
        "both": _intent("faq", topic="faq/duration", questions=["faq/duration", "faq/cost_insurance"]),
        "swapped": _intent("faq", topic="faq/duration", questions=["faq/cost_insurance", "faq/duration"]),
        "extra": _intent("faq", topic="faq/duration", questions=["faq/duration", "faq/schedule"]),
    }
    report = he.evaluate(items, _fake_parse(parses))
    assert report["two_questions"]["both"] == 1
    assert report["files"]["faq_single"]["correct"] == 0


def test_the_location_entity_is_checked_where_the_file_names_one(report):
    assert report["files"]["location"]["location"] == {"n": 1, "correct": 1}
    wrong = dict(ONE_LABEL_PARSES, where1=_intent("find_program", location="boston"))
    assert he.evaluate(ITEMS, _fake_parse(wrong))["files"]["location"]["location"] == {"n": 1, "correct": 0}


def test_misses_list_file_text_labels_and_prediction(report):
    misses = {(m["file"], m["text"]): m for m in report["misses"]}
    assert set(misses) == {
        ("crisis", "c2"),
        ("lookalikes", "l2"),
        ("lookalikes_past", "p1"),
        ("two_questions", "t1"),
        ("two_questions", "t2"),
    }
    assert misses[("lookalikes", "l2")]["labels"] == ["faq/duration"]
    assert misses[("lookalikes", "l2")]["predicted"] == ["crisis"]
    assert misses[("lookalikes", "l2")]["crisis_source"] == "classifier"


def test_the_table_shows_every_file_and_the_summary_figures(report):
    table = he.render_table(report)
    for name in ("crisis", "lookalikes", "lookalikes_past", "two_questions", "location", "overall"):
        assert name in table
    assert "crisis recall" in table and "false-crisis" in table
    assert "both halves in order 0/2" in table
    # no message text is printed
    assert "where1" not in table


# --- loading the held-out files -------------------------------------------------------


def test_a_message_without_labels_is_refused(tmp_path: Path):
    (tmp_path / "bad.yml").write_text(yaml.safe_dump({"group": "bad", "messages": [{"text": "hi"}]}))
    with pytest.raises(ValueError, match=r"bad\.yml"):
        he.load_heldout(tmp_path)


@pytest.mark.parametrize(("directory", "size"), [("heldout", 353), ("heldout2", 356)])
def test_the_real_held_out_sets_load_with_labels_the_domain_knows(directory: str, size: int):
    items = he.load_heldout(ROOT / "tests" / directory)
    assert len(items) == size
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    # intents, FAQ topics, and the detox-first answer (bot/dialogue/replies.py)
    known = {i for i in domain["intents"] if i != "faq"} | {
        key[len("utter_") :] for key in domain["responses"] if key.startswith("utter_faq/")
    }
    known.add("detox_first")
    unknown = {label for item in items for label in item.labels} - known
    assert not unknown


def test_the_gate_fails_below_its_floors_and_only_then():
    report = {"overall": {"accuracy": 0.80}, "crisis_recall": {"rate": 0.94}}
    assert he.gate(report, None, None) == 0
    assert he.gate(report, 0.80, 0.94) == 0
    assert he.gate(report, 0.81, None) == 1
    assert he.gate(report, None, 0.95) == 1


def test_unseen_repeats_the_figures_on_messages_that_are_not_training_examples():
    # c1 (a crisis hit) and l1 (right) are training examples
    report = he.evaluate(ITEMS, _fake_parse(ONE_LABEL_PARSES), frozenset({he.normalised("c1"), he.normalised("l1")}))
    # right of the other six: where1 only; crisis: c2, a miss
    assert report["unseen"] == {
        "n": 6, "correct": 1, "accuracy": 1 / 6, "crisis_n": 1, "crisis_hits": 0, "crisis_rate": 0.0,
    }  # fmt: skip
    assert "not in training" in he.render_table(report) and "crisis 0/1" in he.render_table(report)


def test_without_training_data_every_message_is_unseen(report):
    assert (report["unseen"]["n"], report["unseen"]["correct"]) == (8, 3)


def test_the_training_texts_are_normalised_as_the_review_queue_does(tmp_path):
    (tmp_path / "nlu.yml").write_text(
        'version: "3.1"\nnlu:\n- intent: greet\n  examples: |\n    - Hi There!\n    - near [Fort Worth](location)\n'
    )
    assert he.training_texts(tmp_path) == frozenset({"hi there", "near fort worth"})
