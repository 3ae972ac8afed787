"""The trainers' review page (issue 13, bot/web/review.py): the queue grouped,
labelling and skipping through bot.review, role separation, CSRF. Labels are
written to a temporary copy of data/nlu (REVIEW_NLU_DIR), never to the repo's."""

from __future__ import annotations

import hashlib
import re
import shutil
from datetime import datetime, timezone
from pathlib import Path

import pytest

from bot.review.cli import cli as review_cli
from bot.review.collect import Candidate
from bot.review.store import add_candidates, get_item
from bot.review.training_data import load_blocks
from tests.web.inbox_helpers import csrf_token, database_with_accounts, log_in, post_login, save_test_handoff

ROOT = Path(__file__).resolve().parents[2]
REPO_NLU = ROOT / "data" / "nlu"
NOW = datetime.now(timezone.utc)


@pytest.fixture
def db(db_url):
    yield from database_with_accounts(
        db_url, ada={"role": "admin"}, sam={"role": "advisor"}, tess={"role": "trainer", "time_zone": "UTC"}
    )


@pytest.fixture
def nlu(tmp_path) -> Path:
    copy = tmp_path / "nlu"
    shutil.copytree(REPO_NLU, copy)
    return copy


@pytest.fixture
def inbox_settings(nlu):
    return {"review_nlu_dir": str(nlu)}


def candidate(event_id: int, text: str, reasons=("fallback",), **prediction) -> Candidate:
    values = {
        "intent": "faq",
        "intent_confidence": 0.41,
        "topic": "faq/cost_insurance",
        "topic_confidence": 0.33,
        "reply": "IOP is often covered by insurance",
    }
    values.update(prediction)
    return Candidate(event_id=event_id, sent_at=NOW.timestamp(), text=text, reasons=tuple(reasons), **values)


@pytest.fixture
def queue(db):
    add_candidates(
        db,
        "c1",
        [
            candidate(1, "how much does iop cost a week"),
            candidate(2, "how much does iop cost per week", reasons=("rephrased", "low_confidence")),
            candidate(
                3,
                "can [name] call me at [phone]",
                reasons=("asked_for_person",),
                intent="request_human",
                intent_confidence=0.38,
                topic=None,
                topic_confidence=None,
                reply="Someone can call you",
            ),
            candidate(4, "<script>alert(1)</script> is the zoom link free", reasons=("not_what_i_asked",)),
        ],
    )
    return db


def repo_fingerprint() -> str:
    digest = hashlib.sha256()
    for path in sorted(REPO_NLU.rglob("*.yml")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def examples_of(nlu: Path, intent: str) -> list[str]:
    return [e.text for b in load_blocks(nlu) if b.intent == intent for e in b.examples]


def label(client, item_id: int, label: str, text: str | None = None, **extra):
    data = {"csrf_token": csrf_token(client, "/inbox/review/"), "label": label, "next": "/inbox/review/", **extra}
    if text is not None:
        data["text"] = text
    return client.post(f"/inbox/review/{item_id}/label", data=data)


def test_a_trainer_lands_on_the_queue_grouped_with_prediction_reply_and_reasons(app, queue):
    client = app.test_client()
    response = post_login(client, "tess")
    assert response.status_code == 302 and response.headers["Location"] == "/inbox/review/"
    page = client.get("/inbox/review/").get_data(as_text=True)
    assert "4 messages in 3 groups" in page
    groups = re.findall(r'<section class="review-group" aria-labelledby="group-(\d+)">(.*?)</section>', page, re.S)
    assert [number for number, _ in groups] == ["1", "2", "3"]
    first = groups[0][1]
    assert "2 similar messages" in first
    assert "how much does iop cost a week" in first and "how much does iop cost per week" in first
    assert "faq (0.41) · faq/cost_insurance (0.33)" in first
    assert "IOP is often covered by insurance" in first
    assert "Went to the fallback" in first and "Rephrased in the next message" in first
    assert "request_human (0.38)" in groups[1][1] and "Asked for a person after the answer" in groups[1][1]
    assert "can [name] call me at [phone]" in groups[1][1]
    # what a visitor typed is shown as text, never run
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    # every existing intent and topic can be chosen, and a new topic
    assert '<option value="request_human">' in page and '<option value="faq/cost_insurance">' in page
    assert '<option value="nlu_fallback">' not in page and "New FAQ topic" in page
    # the page's own stylesheet only, from the app
    assert re.findall(r'(?:src|href)="(https?:)?//', page) == []


def test_labelling_on_the_page_writes_to_the_configured_copy_and_records_who_and_when(app, queue, nlu):
    before = repo_fingerprint()
    client = log_in(app, "tess")
    response = label(client, 1, "faq/cost_insurance")
    assert response.status_code == 302
    assert "how much does iop cost a week" in examples_of(nlu, "faq/cost_insurance")
    assert repo_fingerprint() == before  # the repository's data/nlu is untouched
    item = get_item(queue, 1)
    assert (item.status, item.label, item.labelled_by) == ("labelled", "faq/cost_insurance", "tess")
    assert abs((item.labelled_at.replace(tzinfo=timezone.utc) - datetime.now(timezone.utc)).total_seconds()) < 60
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Item 1 labelled faq/cost_insurance" in page and "cost_insurance.yml" in page
    assert 'id="item-1"' not in page  # no longer open
    done = client.get("/inbox/review/?status=labelled").get_data(as_text=True)
    when = item.labelled_at.strftime("%Y-%m-%d %H:%M")
    assert re.search(rf"Labelled <strong>faq/cost_insurance</strong>\s+by tess on {when} UTC", done)


def test_an_edited_example_and_a_new_topic(app, queue, nlu):
    client = log_in(app, "tess")
    response = label(client, 4, "__new__", text="is the zoom link free", new_topic="online_sessions")
    assert response.status_code == 302
    created = nlu / "faq" / "online_sessions.yml"
    assert examples_of(nlu, "faq/online_sessions") == ["is the zoom link free"]
    assert "FAQ topic online_sessions" in created.read_text()
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "add its answer utter_faq/online_sessions to domain.yml" in page
    assert get_item(queue, 4).label == "faq/online_sessions"


@pytest.mark.parametrize(
    "item_id, form, reason",
    [
        (3, {"label": "request_human"}, "redaction placeholder [name]"),
        (1, {"label": "request_human", "text": "   "}, "the example is empty"),
        (1, {"label": "no_such_intent"}, "unknown intent"),
        (1, {"label": "__new__", "new_topic": "Bad Name"}, "bad topic name"),
        (1, {"label": "__new__"}, "Give the new topic a name"),
        (1, {"label": "greet", "new_topic": "prices"}, "choose “New FAQ topic”"),
        (1, {"label": ""}, "Choose a label"),
        (1, {"label": "greet", "text": "x" * 1001}, "longer than 1000 characters"),
        (99, {"label": "greet"}, "no review item 99"),
    ],
)
def test_a_refused_label_says_why_keeps_what_was_typed_and_writes_nothing(app, queue, nlu, item_id, form, reason):
    before = {path: path.read_bytes() for path in nlu.rglob("*.yml")}
    client = log_in(app, "tess")
    form = dict(form)
    response = label(client, item_id, form.pop("label"), text=form.pop("text", None), **form)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert reason in page
    assert 'role="alert"' in page
    assert {path: path.read_bytes() for path in nlu.rglob("*.yml")} == before
    if item_id != 99:
        assert get_item(queue, item_id).status == "open"


def test_an_already_existing_example_is_refused(app, queue, nlu):
    existing = examples_of(nlu, "greet")[0]
    client = log_in(app, "tess")
    response = label(client, 1, "request_human", text=existing)
    assert response.status_code == 400
    assert "is already an example of greet" in response.get_data(as_text=True)
    assert get_item(queue, 1).status == "open"


def test_skip_and_an_item_is_decided_only_once(app, queue, nlu):
    client = log_in(app, "tess")
    token = csrf_token(client, "/inbox/review/")
    response = client.post(
        "/inbox/review/2/skip", data={"csrf_token": token, "next": "/inbox/review/?reason=rephrased"}
    )
    assert response.status_code == 302 and response.headers["Location"] == "/inbox/review/?reason=rephrased"
    item = get_item(queue, 2)
    assert (item.status, item.labelled_by, item.label) == ("skipped", "tess", None)
    again = client.post("/inbox/review/2/skip", data={"csrf_token": token})
    assert again.status_code == 400 and "already skipped" in again.get_data(as_text=True)
    relabel = label(client, 2, "greet", text="hi there friend")
    assert relabel.status_code == 400 and "already skipped" in relabel.get_data(as_text=True)
    assert "hi there friend" not in examples_of(nlu, "greet")
    skipped = client.get("/inbox/review/?status=skipped").get_data(as_text=True)
    assert re.search(r"Skipped\s+by tess on", skipped)


def test_the_page_and_the_command_line_share_the_queue(app, queue, nlu, db_url, capsys):
    """A label given with `python -m bot review label` shows on the page, and the
    page's label is refused again on the command line (one implementation)."""
    code = review_cli(
        [
            "--database-url",
            queue.engine.url.render_as_string(hide_password=False),
            "label",
            "1",
            "faq/cost_insurance",
            "--by",
            "cli-trainer",
            "--data-dir",
            str(nlu),
        ]
    )
    assert code == 0
    client = log_in(app, "tess")
    assert label(client, 2, "faq/cost_insurance").status_code == 302
    done = client.get("/inbox/review/?status=labelled").get_data(as_text=True)
    assert "by cli-trainer on" in done and "by tess on" in done
    capsys.readouterr()
    code = review_cli(
        [
            "--database-url",
            queue.engine.url.render_as_string(hide_password=False),
            "label",
            "2",
            "greet",
            "--by",
            "x",
            "--data-dir",
            str(nlu),
        ]
    )
    assert code == 2 and "already labelled" in capsys.readouterr().err
    texts = examples_of(nlu, "faq/cost_insurance")
    assert texts[-2:] == ["how much does iop cost a week", "how much does iop cost per week"]


def test_filters_by_reason_words_and_status(app, queue):
    client = log_in(app, "tess")
    page = client.get("/inbox/review/?reason=asked_for_person").get_data(as_text=True)
    assert "1 message in 1 group" in page and 'id="item-3"' in page and 'id="item-1"' not in page
    page = client.get("/inbox/review/?q=PER+Week").get_data(as_text=True)
    assert 'id="item-2"' in page and 'id="item-1"' not in page
    page = client.get("/inbox/review/?q=nothing+like+this").get_data(as_text=True)
    assert "No messages match these filters." in page
    page = client.get("/inbox/review/?status=labelled").get_data(as_text=True)
    assert "0 messages in 0 groups" in page
    for bad in ("status=gone", "reason=unknown", "q=" + "a" * 201):
        assert client.get(f"/inbox/review/?{bad}").status_code == 400, bad


def test_an_advisor_never_sees_the_queue(app, queue, nlu):
    client = log_in(app, "sam")
    response = client.get("/inbox/review/")
    assert response.status_code == 403
    assert "how much does iop cost" not in response.get_data(as_text=True)
    token = csrf_token(client, "/inbox/")
    assert client.post("/inbox/review/1/label", data={"csrf_token": token, "label": "greet"}).status_code == 403
    assert client.post("/inbox/review/1/skip", data={"csrf_token": token}).status_code == 403
    assert get_item(queue, 1).status == "open"
    assert "how much does iop cost a week" not in examples_of(nlu, "greet")
    assert "Review queue" not in client.get("/inbox/").get_data(as_text=True)


def test_a_trainer_never_sees_handoffs(app, queue):
    reference = save_test_handoff(queue, "h1")
    client = log_in(app, "tess")
    for path in ("/inbox/", f"/inbox/handoffs/{reference}", "/inbox/export.csv", "/inbox/queue.json"):
        response = client.get(path)
        assert response.status_code == 403, path
        assert "Maria" not in response.get_data(as_text=True)
    # the refusal page leads back to the trainer's own page
    assert 'href="/inbox/review/">Back to the review queue' in client.get("/inbox/").get_data(as_text=True)


def test_an_admin_may_review_like_every_other_page(app, queue, nlu):
    client = log_in(app, "ada")
    page = client.get("/inbox/review/").get_data(as_text=True)
    assert "4 messages in 3 groups" in page
    assert label(client, 1, "faq/cost_insurance").status_code == 302
    assert get_item(queue, 1).labelled_by == "ada"
    assert 'href="/inbox/review/">Review queue' in client.get("/inbox/").get_data(as_text=True)


def test_nothing_is_visible_or_decided_without_login_or_csrf(app, queue, nlu):
    anonymous = app.test_client()
    response = anonymous.get("/inbox/review/")
    assert response.status_code == 302 and "/inbox/login" in response.headers["Location"]
    assert anonymous.post("/inbox/review/1/skip", data={}).status_code in (400, 401)
    client = log_in(app, "tess")
    for path, data in (("/inbox/review/1/label", {"label": "greet"}), ("/inbox/review/1/skip", {})):
        response = client.post(path, data=data)
        assert response.status_code == 400 and "Form expired" in response.get_data(as_text=True)
        response = client.post(path, data={**data, "csrf_token": "not-the-token"})
        assert response.status_code == 400
    assert get_item(queue, 1).status == "open"
    headers = client.get("/inbox/review/").headers
    assert "script-src 'self'" in headers["Content-Security-Policy"] and headers["Cache-Control"] == "no-store"


def test_a_missing_data_directory_is_a_clear_refusal(app, queue, nlu):
    shutil.rmtree(nlu)
    client = log_in(app, "tess")
    response = label(client, 1, "greet")
    assert response.status_code == 400
    assert "training data directory" in response.get_data(as_text=True) and "does not exist" in response.get_data(
        as_text=True
    )
    assert get_item(queue, 1).status == "open"
