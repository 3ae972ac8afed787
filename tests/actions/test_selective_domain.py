"""Selective domain (endpoints.yml `enable_selective_domain`, domain.yml
`send_domain`): Rasa sends its domain (19 KB of JSON) to a custom action only
when the action reads it. Every action in actions/ that reads `domain` must get
it, whatever the code becomes: the list is found from the source, and the
payload is the one Rasa 3.6's RemoteAction builds from the project's files."""

from __future__ import annotations

import ast
import asyncio
from pathlib import Path

import pytest
from rasa.core.actions.action import RemoteAction
from rasa.core.utils import AvailableEndpoints
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa_sdk.executor import ActionExecutor

ROOT = Path(__file__).resolve().parents[2]


def _reads_domain(method: ast.AST) -> bool:
    """`domain.x`, `domain[...]` or `domain` passed to a call, in a method's body."""
    for node in ast.walk(method):
        if isinstance(node, (ast.Attribute, ast.Subscript)) and getattr(node.value, "id", None) == "domain":
            return True
        if isinstance(node, ast.Call) and any(getattr(arg, "id", None) == "domain" for arg in node.args):
            return True
    return False


def _action_name(cls: ast.ClassDef) -> str | None:
    for item in cls.body:
        if isinstance(item, ast.FunctionDef) and item.name == "name":
            returned = next((n.value for n in ast.walk(item) if isinstance(n, ast.Return)), None)
            if isinstance(returned, ast.Constant) and isinstance(returned.value, str):
                return returned.value
            return "<computed>"
    return None


def actions_reading_the_domain() -> dict[str, str]:
    """Action name -> file, for every action class whose methods read `domain`."""
    found = {}
    for path in sorted((ROOT / "actions").glob("*.py")):
        for cls in ast.walk(ast.parse(path.read_text())):
            if not isinstance(cls, ast.ClassDef):
                continue
            name = _action_name(cls)
            methods = [m for m in cls.body if isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef))]
            if name and any(_reads_domain(m) for m in methods):
                found[name] = path.name
    return found


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(ROOT / "domain.yml"))


@pytest.fixture(scope="module")
def endpoint():
    """The action endpoint as the Rasa server reads it from endpoints.yml."""
    patch = pytest.MonkeyPatch()
    patch.setenv("ACTION_ENDPOINT_URL", "http://127.0.0.1:5055/webhook")
    try:
        yield AvailableEndpoints.read_endpoints(str(ROOT / "endpoints.yml")).action
    finally:
        patch.undo()


def payload(action: str, domain: Domain, endpoint, tracker: DialogueStateTracker | None = None) -> dict:
    tracker = tracker or DialogueStateTracker.from_events("visitor", [ActionExecuted("action_listen")])
    return RemoteAction(action, endpoint)._action_call_format(tracker, domain)


def test_selective_domain_is_on(domain, endpoint):
    assert endpoint.kwargs.get("enable_selective_domain") is True
    assert "domain" not in payload("action_search_programs", domain, endpoint)


def test_every_action_that_reads_the_domain_gets_it(domain, endpoint):
    readers = actions_reading_the_domain()
    assert "action_answer_faq" in readers  # the source scan finds what it must
    assert "<computed>" not in readers, f"an action with a computed name reads the domain: {readers}"
    for name in readers:
        assert name in domain.user_actions, f"{name} ({readers[name]}) is not in domain.yml"
        assert "domain" in payload(name, domain, endpoint), (
            f"{name} ({readers[name]}) reads the domain: mark it `send_domain: true` in domain.yml"
        )


def test_actions_that_do_not_read_it_get_no_domain(domain, endpoint):
    readers = actions_reading_the_domain()
    custom = [a for a in domain.user_actions if a.startswith("action_") and a not in readers]
    assert custom
    sent = [a for a in custom if "domain" in payload(a, domain, endpoint)]
    assert not sent, f"these get the domain without reading it (remove send_domain): {sent}"


def test_the_faq_answer_is_the_domain_response_through_the_selective_payload(domain, endpoint):
    """Rasa's payload, run by rasa_sdk's executor with the project's actions."""
    parse = {
        "intent": {"name": "faq", "confidence": 0.9},
        "response_selector": {"faq": {"response": {"intent_response_key": "faq/duration"}}},
        "questions": {"topics": ["faq/duration", "faq/what_is_iop"], "situation": False},
    }
    tracker = DialogueStateTracker.from_events(
        "visitor",
        [ActionExecuted("action_listen"), UserUttered("how long and what is it", parse["intent"], parse_data=parse)],
    )
    call = payload("action_answer_faq", domain, endpoint, tracker)
    executor = ActionExecutor()
    executor.register_package("actions")
    reply = asyncio.run(executor.run(call))
    assert reply is not None
    text = " ".join(r.get("text") or "" for r in reply["responses"])
    duration = domain.responses["utter_faq/duration"][0]["text"]
    assert duration.split(".")[0] in text  # the combined answer quotes the domain's response


def test_a_request_with_an_faq_question_gets_the_brief_domain_answer_first(domain, endpoint):
    """ "how long is it and can i talk to someone": action_answer_faq, which the
    rules run before a request's flow, says the brief duration answer only."""
    from bot.dialogue.questions import brief

    parse = {
        "intent": {"name": "request_human", "confidence": 0.9},
        "response_selector": {"faq": {"response": {"intent_response_key": "faq/privacy"}}},
        "questions": {"topics": ["faq/duration", "faq/privacy"], "faq_topics": ["faq/duration"], "situation": False},
    }
    tracker = DialogueStateTracker.from_events(
        "visitor",
        [
            ActionExecuted("action_listen"),
            UserUttered("how long and can i talk to someone", parse["intent"], parse_data=parse),
        ],
    )
    executor = ActionExecutor()
    executor.register_package("actions")
    reply = asyncio.run(executor.run(payload("action_answer_faq", domain, endpoint, tracker)))
    assert reply is not None
    assert [r.get("text") for r in reply["responses"]] == [brief(domain.responses["utter_faq/duration"][0]["text"])]
    assert not reply["responses"][0].get("buttons")
