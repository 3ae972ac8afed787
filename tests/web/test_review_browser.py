"""The trainers' review page in a real browser, against the real web app.

Starts the web app (bot.stack, its own SQLite database, REVIEW_NLU_DIR a
temporary copy of data/nlu), creates a trainer with `python -m bot advisors`,
fills the queue, then widget/test/review-page.browser.mjs logs in as the
trainer and labels one item at 1280 px with the mouse and one at 375 px with
the keyboard only (a new FAQ topic), with no serious or critical axe-core
violation, no console error and no request to another origin. Screenshots
are saved under tests/artifacts/review/.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

from bot.db import Database
from bot.review.collect import Candidate
from bot.review.store import add_candidates, get_item
from bot.review.training_data import load_blocks
from tests.live import LiveStack
from tests.web.review_browser import label_in_browser, screenshots_saved

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "a trainer's long password"


def candidate(event_id: int, text: str, reasons: tuple[str, ...], intent: str, confidence: float) -> Candidate:
    return Candidate(
        event_id=event_id,
        sent_at=datetime.now(timezone.utc).timestamp(),
        text=text,
        reasons=reasons,
        intent=intent,
        intent_confidence=confidence,
        topic="faq/cost_insurance" if intent == "faq" else None,
        topic_confidence=0.31 if intent == "faq" else None,
        reply="I'm not sure I understood. You can ask about IOP, or talk to a person.",
    )


def test_a_trainer_labels_on_the_page_at_desktop_and_phone_widths(tmp_path: Path) -> None:
    nlu = tmp_path / "nlu"
    shutil.copytree(ROOT / "data" / "nlu", nlu)
    live = LiveStack.start(tmp_path / "stack", {"REVIEW_NLU_DIR": str(nlu)}, services=("web",))
    try:
        created = subprocess.run(
            [sys.executable, "-m", "bot", "advisors", "create", "tess", "--role", "trainer", "--password-stdin"],
            cwd=ROOT,
            env=live.env,
            input=PASSWORD + "\n",
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert created.returncode == 0, created.stderr
        db = Database(live.settings.database_url)
        try:
            add_candidates(
                db,
                "browser-1",
                [
                    candidate(1, "how much is iop a week with no insurance", ("fallback",), "faq", 0.42),
                    candidate(2, "how much is iop a week without insurance", ("rephrased",), "faq", 0.40),
                    candidate(3, "can i pay in parts [name] said so", ("low_confidence",), "affirm", 0.22),
                ],
            )
            label_in_browser(
                live.web_url,
                "tess",
                PASSWORD,
                [
                    {"id": 1, "label": "faq/cost_insurance"},
                    {"id": 3, "new_topic": "payment_plans", "text": "can i pay for iop in parts"},
                ],
                logs=live.logs,
            )
            first, third, second = get_item(db, 1), get_item(db, 3), get_item(db, 2)
        finally:
            db.dispose()
        exited = live.stack.first_exited()
        assert exited is None, f"{exited.spec.name} stopped during the test\n{live.logs()}"
    finally:
        live.stop()

    assert (first.status, first.label, first.labelled_by) == ("labelled", "faq/cost_insurance", "tess")
    assert (third.status, third.label, third.labelled_by) == ("labelled", "faq/payment_plans", "tess")
    assert second.status == "open"
    examples = {b.intent: [e.text for e in b.examples] for b in load_blocks(nlu)}
    assert examples["faq/cost_insurance"][-1] == "how much is iop a week with no insurance"
    assert examples["faq/payment_plans"] == ["can i pay for iop in parts"]
    assert (nlu / "faq" / "payment_plans.yml").is_file()
    assert not (ROOT / "data" / "nlu" / "faq" / "payment_plans.yml").exists()
    screenshots_saved()
