"""The comparison table `python -m bot retrain` prints: per-intent and
per-topic F1 of the serving model and the candidate, the macro averages and
the held-out figures. No message text appears in it."""

from __future__ import annotations

from bot.training.report import ClassScores, ModelReport


def _f1(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _delta(before: float | None, after: float | None) -> str:
    if before is None or after is None:
        return ""
    delta = after - before
    return "0" if abs(delta) < 0.0005 else f"{delta:+.3f}"


def _section(title: str, before: ClassScores | None, after: ClassScores | None) -> list[str]:
    if before is None and after is None:
        return []
    labels = sorted(set(before.f1 if before else {}) | set(after.f1 if after else {}))
    width = max([len(title), 12, *(len(label) for label in labels)])
    rows = [f"{title:<{width}}  {'serving':>8}  {'candidate':>9}  {'change':>7}"]
    for label in labels:
        old = before.f1.get(label) if before else None
        new = after.f1.get(label) if after else None
        rows.append(f"{label:<{width}}  {_f1(old):>8}  {_f1(new):>9}  {_delta(old, new):>7}")
    old_macro = before.macro_f1 if before else None
    new_macro = after.macro_f1 if after else None
    rows.append(f"{'macro F1':<{width}}  {_f1(old_macro):>8}  {_f1(new_macro):>9}  {_delta(old_macro, new_macro):>7}")
    return [*rows, ""]


def render(serving: ModelReport | None, candidate: ModelReport | None) -> str:
    """Intents, then FAQ topics (cross-validated F1), then held-out figures."""
    rows = _section("intent (CV F1)", serving.intents if serving else None, candidate.intents if candidate else None)
    rows += _section("topic (CV F1)", serving.topics if serving else None, candidate.topics if candidate else None)

    def figures(report: ModelReport | None) -> tuple[float | None, float | None, str]:
        if report is None:
            return None, None, "-"
        recall = report.heldout_crisis_recall
        return report.heldout_accuracy, recall, f"{report.heldout_crisis_hits}/{report.heldout_crisis_n}"

    old_acc, old_recall, old_hits = figures(serving)
    new_acc, new_recall, new_hits = figures(candidate)
    rows.append(f"{'held-out':<24}  {'serving':>8}  {'candidate':>9}  {'change':>7}")
    rows.append(f"{'accuracy':<24}  {_f1(old_acc):>8}  {_f1(new_acc):>9}  {_delta(old_acc, new_acc):>7}")
    rows.append(
        f"{'crisis recall':<24}  {_f1(old_recall):>8}  {_f1(new_recall):>9}  {_delta(old_recall, new_recall):>7}"
        f"  ({old_hits} -> {new_hits})"
    )
    return "\n".join(rows)
