"""The trainers' review page (blueprint `review`, mounted at /inbox/review).

For trainers and admins (`REVIEW_ROLES`); an advisor gets 403, as a trainer
does on every handoff page. The page lists the review queue filtered by
`status` (open by default, labelled, skipped or all), `reason` and `q` (words
in the message), similar messages together, 50 items a page. Each item shows
its redacted message, why it is queued, the predicted intent or FAQ topic
with confidence, the reply the visitor got, and either the forms to label or
skip it or who decided what and when.

Every decision goes through bot.review, like `python -m bot review`:
labelling through `bot.review.decisions.label_item` (into REVIEW_NLU_DIR,
`Settings.review_nlu_path`), skipping through `bot.review.store.mark_skipped`.
A refused label (a placeholder left in the example, an example that exists
already, a bad topic name, an item someone else decided) shows the page again
with the reason next to the item and what the trainer typed (400). Forms
carry the CSRF token like every other form of the app. Message texts are never
logged: only item ids, labels and usernames.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timezone
from pathlib import Path
from urllib.parse import parse_qsl

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.datastructures import ImmutableMultiDict, MultiDict

from bot.handoff.models import REVIEW_ROLES
from bot.review.collect import REASONS
from bot.review.decisions import label_item
from bot.review.group import normalised
from bot.review.label import NOT_LABELS, LabelError
from bot.review.models import STATUS_OPEN, STATUSES, ReviewItem
from bot.review.store import ReviewError, list_items, mark_skipped
from bot.review.training_data import FAQ, load_blocks
from bot.web.auth import app_database, current_advisor, home_url, role_required, safe_next_url

log = logging.getLogger("bot.web.review")

bp = Blueprint("review", __name__, template_folder="templates")

PAGE_SIZE = 50
ANY = "all"
NEW_TOPIC = "__new__"  # the label <select>'s "New FAQ topic" choice
MAX_TEXT_CHARS = 1000  # an example is one visitor message (MAX_MESSAGE_CHARS)
REASON_TITLES = {
    "fallback": "Went to the fallback",
    "low_confidence": "Low confidence",
    "rephrased": "Rephrased in the next message",
    "not_what_i_asked": "Next message: “not what I asked”",
    "asked_for_person": "Asked for a person after the answer",
}
assert set(REASON_TITLES) == set(REASONS)


@bp.app_context_processor
def _home() -> dict[str, str]:
    """`home`, the top bar's link: the signed-in account's first page."""
    advisor = current_advisor()
    return {"home": home_url(advisor.role) if advisor is not None else url_for("inbox.index")}


@dataclass(frozen=True)
class QueueFilter:
    status: str | None  # None: every status
    reason: str | None
    q: str

    def args(self) -> dict[str, str]:
        """As query-string arguments for links (only those not the default)."""
        args = {"status": self.status or ANY, "reason": self.reason or "", "q": self.q}
        if args["status"] == STATUS_OPEN:
            del args["status"]
        return {key: value for key, value in args.items() if value}


@dataclass(frozen=True)
class Group:
    number: int
    items: list[ReviewItem]


def _nlu_dir() -> Path:
    return Path(current_app.config["SETTINGS"].review_nlu_path)


def _filter(args: MultiDict[str, str]) -> QueueFilter:
    """The filters from the query string; 400 for a value that cannot be one."""
    status = args.get("status") or STATUS_OPEN
    reason = args.get("reason") or None
    q = (args.get("q") or "").strip()
    if status not in (*STATUSES, ANY) or (reason is not None and reason not in REASONS) or len(q) > 200:
        abort(400, "Unknown filter value: choose one from the form.")
    return QueueFilter(status=None if status == ANY else status, reason=reason, q=q)


def _matches(item: ReviewItem, filters: QueueFilter) -> bool:
    if filters.reason and filters.reason not in item.reasons.split(","):
        return False
    # the same normalising as grouping: case, accents and punctuation do not matter
    return not filters.q or normalised(filters.q) in normalised(item.text)


def _groups(items: list[ReviewItem]) -> list[Group]:
    """Items (already in group order, bot.review.store.list_items) as groups,
    numbered in order of their first item."""
    groups: dict[str, Group] = {}
    for item in items:
        if item.group_key not in groups:
            groups[item.group_key] = Group(len(groups) + 1, [])
        groups[item.group_key].items.append(item)
    return list(groups.values())


def _label_choices() -> tuple[list[str], list[str]]:
    """(intents, FAQ topics) a label may name, from the training data."""
    names = {block.intent for block in load_blocks(_nlu_dir())} - NOT_LABELS
    topics = sorted(name for name in names if name.startswith(FAQ + "/"))
    return sorted(names - set(topics)), topics


def _page(
    here: str,
    errors: dict[int, str] | None = None,
    typed: dict[int, dict[str, str]] | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    """The queue as the page at `here` (its path and query string) shows it."""
    args = ImmutableMultiDict(parse_qsl(here.partition("?")[2]))
    filters = _filter(args)
    page = max(1, args.get("page", 1, type=int) or 1)
    items = [item for item in list_items(app_database(), filters.status) if _matches(item, filters)]
    start = (page - 1) * PAGE_SIZE
    shown = items[start : start + PAGE_SIZE]
    # group numbers over the whole filtered list, so a group keeps its number on every page
    numbers = {group.items[0].group_key: group.number for group in _groups(items)}
    groups = [Group(numbers[group.items[0].group_key], group.items) for group in _groups(shown)]
    intents, topics = _label_choices()
    on_page = {item.id for group in groups for item in group.items}
    errors = errors or {}
    return (
        render_template(
            "inbox/review.html",
            groups=groups,
            total=len(items),
            group_total=len(numbers),
            page=page,
            has_next=start + PAGE_SIZE < len(items),
            filters=filters,
            filter_args=filters.args(),
            statuses=STATUSES,
            reasons=REASON_TITLES,
            intents=intents,
            topics=topics,
            new_topic=NEW_TOPIC,
            errors=errors,
            # about an item this page does not show (unknown, decided meanwhile)
            page_errors=[message for item_id, message in errors.items() if item_id not in on_page],
            typed=typed or {},
            here=here,
            max_text=MAX_TEXT_CHARS,
            utc=timezone.utc,  # the queue's times are naive UTC (bot.review.models)
        ),
        status,
    )


@bp.route("/")
@role_required(*REVIEW_ROLES)
def index() -> ResponseReturnValue:
    return _page(request.full_path.rstrip("?"))


def _back() -> str:
    return safe_next_url(request.form.get("next"), url_for("review.index"))


def _refused(item_id: int, message: str, typed: dict[str, str] | None = None) -> ResponseReturnValue:
    """The page the form was on again, the reason next to the item (400)."""
    return _page(_back(), errors={item_id: message}, typed={item_id: typed or {}}, status=400)


@bp.route("/<int:item_id>/label", methods=["POST"])
@role_required(*REVIEW_ROLES)
def label(item_id: int) -> ResponseReturnValue:
    trainer = current_advisor()
    assert trainer is not None  # role_required
    choice = (request.form.get("label") or "").strip()
    topic = (request.form.get("new_topic") or "").strip()
    text = request.form.get("text")
    typed = {"label": choice, "new_topic": topic, "text": text or ""}
    if not choice:
        return _refused(item_id, "Choose a label, or “New FAQ topic” and its name.", typed)
    if choice == NEW_TOPIC:
        if not topic:
            return _refused(item_id, "Give the new topic a name.", typed)
        name = topic.removeprefix(FAQ + "/")
        choice = f"{FAQ}/{name}"
    elif topic:
        return _refused(item_id, "A new topic name was given: choose “New FAQ topic” to create it.", typed)
    if text is not None and len(text) > MAX_TEXT_CHARS:
        return _refused(item_id, f"The example is longer than {MAX_TEXT_CHARS} characters.", typed)
    try:
        _, added = label_item(app_database(), item_id, choice, trainer.username, text=text, nlu_dir=_nlu_dir())
    except (LabelError, ReviewError) as exc:
        return _refused(item_id, f"Not labelled: {exc}.", typed)
    log.info("review item %d labelled %s by %s", item_id, choice, trainer.username)
    message = f"Item {item_id} labelled {choice}: the example was added to {added.path.name}."
    if added.new_topic:
        message += f" A new topic: add its answer utter_{choice} to domain.yml."
    flash(message, "success")
    return redirect(_back())


@bp.route("/<int:item_id>/skip", methods=["POST"])
@role_required(*REVIEW_ROLES)
def skip(item_id: int) -> ResponseReturnValue:
    trainer = current_advisor()
    assert trainer is not None  # role_required
    try:
        mark_skipped(app_database(), item_id, trainer.username)
    except ReviewError as exc:
        return _refused(item_id, f"Not skipped: {exc}.")
    log.info("review item %d skipped by %s", item_id, trainer.username)
    flash(f"Item {item_id} skipped.", "success")
    return redirect(_back())
