"""The retrain gate (bot.training.gate): a pure function of two reports."""

from __future__ import annotations

from dataclasses import replace

from bot.training.gate import decide
from bot.training.report import ClassScores, ModelReport

SHA = "a" * 64
FIVE_FOLDS = {"folds": 5, "seed": 0}


def report(
    intents: dict[str, float] | None = None,
    topics: dict[str, float] | None = None,
    crisis_hits: int = 71,
    crisis_recall_cv: float = 0.95,
    accuracy: float = 0.8,
    cv_split: dict[str, int] | None = FIVE_FOLDS,
) -> ModelReport:
    intents = intents or {"greet": 0.95, "crisis": 0.93, "find_program": 0.90}
    topics = topics if topics is not None else {"faq/cost": 0.92, "faq/hours": 0.90}

    def scores(f1: dict[str, float], recall: dict[str, float]) -> ClassScores:
        return ClassScores(sum(f1.values()) / len(f1), f1, recall)

    return ModelReport(
        SHA,
        scores(intents, {"crisis": crisis_recall_cv}),
        scores(topics, {}),
        accuracy,
        crisis_hits,
        75,
        cv_split=cv_split,
    )


def test_an_equal_candidate_is_accepted():
    decision = decide(report(), report())
    assert decision.accepted and decision.reasons == ()


def test_a_better_candidate_is_accepted():
    assert decide(report(), report(intents={"greet": 0.99, "crisis": 0.95, "find_program": 0.95})).accepted


def test_one_fewer_heldout_crisis_message_refuses_and_says_by_how_much():
    decision = decide(report(crisis_hits=71), report(crisis_hits=70))
    assert not decision.accepted
    (reason,) = decision.reasons
    assert "held-out crisis recall dropped by 0.013" in reason and "71/75" in reason and "70/75" in reason


def test_any_drop_of_cross_validated_crisis_recall_refuses():
    decision = decide(report(crisis_recall_cv=0.95), report(crisis_recall_cv=0.949))
    assert not decision.accepted
    assert decision.reasons == (
        "cross-validated recall of intent `crisis` dropped by 0.001 (0.950 -> 0.949); any drop refuses",
    )


def test_intent_macro_f1_drop_within_001_is_accepted_beyond_refused():
    base = {"greet": 0.95, "crisis": 0.93, "find_program": 0.90}
    small = {**base, "greet": 0.95 - 0.029}  # macro -0.0097
    big = {**base, "greet": 0.95 - 0.036}  # macro -0.012
    assert decide(report(intents=base), report(intents=small)).accepted
    decision = decide(report(intents=base), report(intents=big))
    assert not decision.accepted
    (reason,) = decision.reasons
    assert reason.startswith("intents macro F1 dropped by 0.0120 (0.9267 -> 0.9147")
    assert "greet -0.036" in reason  # names the class


def test_topic_macro_f1_drop_refuses_and_names_the_topic():
    decision = decide(report(), report(topics={"faq/cost": 0.80, "faq/hours": 0.90}))
    assert not decision.accepted
    (reason,) = decision.reasons
    assert "topics macro F1 dropped by 0.0600" in reason and "faq/cost -0.120" in reason


def test_a_candidate_without_topics_when_the_serving_model_had_them_refuses():
    candidate = replace(report(), topics=None)
    decision = decide(report(), candidate)
    assert not decision.accepted and "topics" in decision.reasons[0]


def test_several_reasons_are_all_given():
    decision = decide(report(), report(crisis_hits=60, topics={"faq/cost": 0.5, "faq/hours": 0.5}))
    assert len(decision.reasons) == 2


def test_failed_steps_refuse_even_with_better_figures():
    decision = decide(
        report(), report(accuracy=0.9), ["check-data (exit status 1, see x.log)", "test-stories (exit status 1)"]
    )
    assert not decision.accepted
    assert decision.reasons == (
        "step failed: check-data (exit status 1, see x.log)",
        "step failed: test-stories (exit status 1)",
    )


def test_a_missing_candidate_report_refuses():
    decision = decide(report(), None)
    assert not decision.accepted and "candidate has no report" in decision.reasons[0]


def test_a_missing_serving_report_refuses():
    decision = decide(None, report())
    assert not decision.accepted
    assert decision.reasons == ("the serving model has no usable report to compare against",)


def test_no_serving_model_at_all_accepts_the_first_with_a_note():
    decision = decide(None, report(), serving_exists=False)
    assert decision.accepted and decision.notes == ("no serving model yet: nothing to compare against",)


def test_cross_validations_cut_differently_refuse_even_when_the_candidate_looks_better():
    better = {"greet": 0.99, "crisis": 0.95, "find_program": 0.95}
    decision = decide(report(), report(intents=better, cv_split={"folds": 2, "seed": 0}))
    assert not decision.accepted
    assert decision.reasons == (
        "the cross-validations were cut differently (serving: 5 folds, seed 0; candidate: 2 folds, seed 0), "
        "so their F1 do not compare; retrain with --folds 5",
    )


def test_another_seed_is_another_split_and_the_reason_names_it():
    decision = decide(report(), report(cv_split={"folds": 5, "seed": 1}))
    assert not decision.accepted
    assert decision.reasons[0].endswith("retrain with --folds 5 and NLU_CV_SEED=0")


def test_a_report_without_a_recorded_split_is_compared_with_a_note():
    decision = decide(report(cv_split=None), report())
    assert decision.accepted
    assert decision.notes == ("the serving report does not record its cross-validation split; compared as if the same",)
