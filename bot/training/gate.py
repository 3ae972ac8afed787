"""The retrain gate: accept or refuse a candidate model against the serving one.

A pure function of the two reports and the failed steps. The candidate is
refused when
* any step failed (data checks, validation, training, test stories, evaluation);
* crisis recall dropped at all: on the held-out crisis messages, or the
  cross-validated recall of the `crisis` intent;
* the macro F1 of the intents or of the FAQ topics dropped by more than
  MAX_MACRO_F1_DROP.
* the two cross-validations were cut differently (other folds or seed): their
  F1 do not compare, whichever way they moved. A report that does not record
  its split (one written before the split was recorded) is compared with a
  note saying so.
Each reason names the metric or class and by how much. A candidate without a
report, or a serving model whose report is missing, is refused too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.training.report import CRISIS, ClassScores, ModelReport

MAX_MACRO_F1_DROP = 0.01
# float noise only: "drops at all" means any real drop
_EPSILON = 1e-9
_WORST_SHOWN = 3


@dataclass(frozen=True)
class Decision:
    accepted: bool
    reasons: tuple[str, ...]  # why refused; empty when accepted
    notes: tuple[str, ...] = ()  # said either way (e.g. no serving model yet)


def _worst_drops(before: ClassScores, after: ClassScores) -> str:
    drops = sorted(
        (after.f1.get(label, 0.0) - f1, label) for label, f1 in before.f1.items() if after.f1.get(label, 0.0) < f1
    )[:_WORST_SHOWN]
    if not drops:
        return ""
    return "; largest class drops: " + ", ".join(f"{label} {delta:+.3f}" for delta, label in drops)


def _macro(kind: str, before: ClassScores | None, after: ClassScores | None, limit: float) -> list[str]:
    if before is None:
        return []
    if after is None:
        return [f"{kind}: the serving model has a {kind} report, the candidate none"]
    delta = after.macro_f1 - before.macro_f1
    if delta < -limit - _EPSILON:
        return [
            # four places: a drop of 0.0104 must not read as "0.010, at most 0.010 allowed"
            f"{kind} macro F1 dropped by {-delta:.4f} ({before.macro_f1:.4f} -> {after.macro_f1:.4f}; "
            f"at most {limit:.3f} allowed){_worst_drops(before, after)}"
        ]
    return []


def _crisis(before: ModelReport, after: ModelReport) -> list[str]:
    reasons = []
    old, new = before.heldout_crisis_recall, after.heldout_crisis_recall
    if new < old - _EPSILON:
        reasons.append(
            f"held-out crisis recall dropped by {old - new:.3f} ({before.heldout_crisis_hits}/"
            f"{before.heldout_crisis_n} = {old:.3f} -> {after.heldout_crisis_hits}/{after.heldout_crisis_n} "
            f"= {new:.3f}); any drop refuses"
        )
    old_cv, new_cv = before.cv_crisis_recall, after.cv_crisis_recall
    if old_cv is not None:
        if new_cv is None:
            reasons.append(f"the candidate's cross-validation has no `{CRISIS}` intent; the serving model's has")
        elif new_cv < old_cv - _EPSILON:
            reasons.append(
                f"cross-validated recall of intent `{CRISIS}` dropped by {old_cv - new_cv:.3f} "
                f"({old_cv:.3f} -> {new_cv:.3f}); any drop refuses"
            )
    return reasons


def _describe(split: dict[str, int]) -> str:
    return f"{split['folds']} folds, seed {split['seed']}"


def _split(serving: ModelReport, candidate: ModelReport) -> tuple[list[str], list[str]]:
    if serving.cv_split is None or candidate.cv_split is None:
        unknown = " and ".join(
            who for who, report in (("serving", serving), ("candidate", candidate)) if report.cv_split is None
        )
        return [], [f"the {unknown} report does not record its cross-validation split; compared as if the same"]
    if serving.cv_split != candidate.cv_split:
        return [
            f"the cross-validations were cut differently (serving: {_describe(serving.cv_split)}; candidate: "
            f"{_describe(candidate.cv_split)}), so their F1 do not compare; retrain with "
            f"--folds {serving.cv_split['folds']}"
            + (
                f" and NLU_CV_SEED={serving.cv_split['seed']}"
                if serving.cv_split["seed"] != candidate.cv_split["seed"]
                else ""
            )
        ], []
    return [], []


def decide(
    serving: ModelReport | None,
    candidate: ModelReport | None,
    failed_steps: Sequence[str] = (),
    *,
    serving_exists: bool = True,
    max_macro_f1_drop: float = MAX_MACRO_F1_DROP,
) -> Decision:
    """`serving`: the serving model's report (None: missing or unreadable;
    with `serving_exists` False there is no serving model at all, and nothing
    to regress against). `failed_steps`: one line per step that failed."""
    reasons = [f"step failed: {step}" for step in failed_steps]
    notes: list[str] = []
    if candidate is None:
        if not reasons:
            reasons.append("the candidate has no report (its evaluation did not produce one)")
        return Decision(False, tuple(reasons))
    if serving is None:
        if serving_exists:
            reasons.append("the serving model has no usable report to compare against")
        else:
            notes.append("no serving model yet: nothing to compare against")
        return Decision(not reasons, tuple(reasons), tuple(notes))
    split_reasons, split_notes = _split(serving, candidate)
    reasons += split_reasons
    notes += split_notes
    reasons += _crisis(serving, candidate)
    reasons += _macro("intents", serving.intents, candidate.intents, max_macro_f1_drop)
    reasons += _macro("topics", serving.topics, candidate.topics, max_macro_f1_drop)
    return Decision(not reasons, tuple(reasons), tuple(notes))
