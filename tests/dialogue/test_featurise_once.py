"""rasa_plugins/featurise_once.py gives exactly Rasa 3.6's dialogue states,
from one replay per tracker that goes on as the tracker grows: on every prefix
of every training and test story (forms, rules, slots, loops, restarts), with
and without the rule-only turns, both from a fresh tracker and from one that
grew event by event as in a conversation."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.core.training import load_data
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, Restarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.importers.importer import TrainingDataImporter

from rasa_plugins import featurise_once

ROOT = Path(__file__).resolve().parents[2]
ORIGINAL = featurise_once._original_states_for_tracker_history
RULE_ONLY_DATA = [None, {"rule_only_slots": ["requested_slot", "offer_reply"], "rule_only_loops": ["handoff_form"]}]


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(ROOT / "domain.yml"))


@pytest.fixture(scope="module")
def story_trackers(domain) -> list:
    paths = [str(ROOT / "data" / "stories.yml"), str(ROOT / "data" / "rules.yml"), str(ROOT / "tests" / "stories")]
    importer = TrainingDataImporter.load_from_dict(domain_path=str(ROOT / "domain.yml"), training_data_paths=paths)
    trackers = load_data(importer, domain, augmentation_factor=0)
    assert len(trackers) > 50
    return trackers


def hidden_rule_turns(events: list) -> list:
    """The same events with every other bot action marked as a rule-only turn,
    as Rasa marks the actions RulePolicy predicts from rule-only data."""
    marked, count = [], 0
    for event in events:
        if isinstance(event, ActionExecuted) and event.action_name != "action_listen":
            count += 1
            event = ActionExecuted(
                event.action_name,
                event.policy,
                event.confidence,
                event.timestamp,
                event.metadata,
                action_text=event.action_text,
                hide_rule_turn=count % 2 == 1,
            )
        marked.append(event)
    return marked


def prefixes(tracker, domain):
    """Every prefix that ends before an action, as the policies see it, plain
    and with rule-only turns."""
    for events in (list(tracker.events), hidden_rule_turns(list(tracker.events))):
        for end in range(1, len(events) + 1):
            if end == len(events) or isinstance(events[end], ActionExecuted):
                yield DialogueStateTracker.from_events(tracker.sender_id, events[:end], domain.slots)


def test_the_states_are_rasas_on_every_story_prefix(domain, story_trackers):
    compared = 0
    for story in story_trackers:
        for tracker in prefixes(story, domain):
            for rule_only_data in RULE_ONLY_DATA:
                for ignore in (False, True):
                    for omit in (False, True):
                        expected = ORIGINAL(domain, tracker, omit, ignore, rule_only_data)
                        got = featurise_once.states_for_tracker_history(domain, tracker, omit, ignore, rule_only_data)
                        assert got == expected, (story.sender_id, len(tracker.events), omit, ignore)
                        compared += 1
    assert compared > 1000


def test_a_growing_tracker_gives_rasas_states_at_every_step(domain, story_trackers):
    """One tracker object fed a story's events one by one, asked at every action
    as the policies ask: the replay goes on, or starts again after a rewind."""
    resumed = []
    original_extend = featurise_once.Replay.extend

    def extend(self, tracker):
        done = original_extend(self, tracker)
        resumed.append(done)
        return done

    featurise_once.Replay.extend = extend  # type: ignore[method-assign]
    try:
        for story in story_trackers:
            for events in (list(story.events), hidden_rule_turns(list(story.events))):
                tracker = DialogueStateTracker(story.sender_id, domain.slots)
                for event in events:
                    if isinstance(event, ActionExecuted):
                        for ignore in (True, False, False):  # as MemoizationPolicy then RulePolicy ask
                            got = featurise_once.states_for_tracker_history(
                                domain, tracker, False, ignore, RULE_ONLY_DATA[1]
                            )
                            assert got == ORIGINAL(domain, tracker, False, ignore, RULE_ONLY_DATA[1]), story.sender_id
                    tracker.update(event)
    finally:
        featurise_once.Replay.extend = original_extend  # type: ignore[method-assign]
    assert resumed.count(True) > 100 and resumed.count(False) > 10  # both paths were taken


def test_a_tracker_is_replayed_once_and_callers_cannot_spoil_it(domain, monkeypatch):
    replays = []
    original_init = featurise_once.Replay.__init__

    def counted(self, *args):
        replays.append(1)
        original_init(self, *args)

    monkeypatch.setattr(featurise_once.Replay, "__init__", counted)
    tracker = DialogueStateTracker.from_events(
        "visitor",
        [ActionExecuted("action_listen"), UserUttered("hi", {"name": "greet", "confidence": 1.0})],
        domain.slots,
    )
    first = featurise_once.states_for_tracker_history(domain, tracker, False, True, RULE_ONLY_DATA[1])
    first[-1]["user"].pop("intent")  # featurisers edit the states they get
    again = featurise_once.states_for_tracker_history(domain, tracker, False, False, RULE_ONLY_DATA[1])
    unspoilt = featurise_once.states_for_tracker_history(domain, tracker, False, True, RULE_ONLY_DATA[1])
    assert unspoilt == ORIGINAL(domain, tracker, False, True, RULE_ONLY_DATA[1])
    assert unspoilt[-1]["user"]["intent"] == "greet"
    assert again == ORIGINAL(domain, tracker, False, False, RULE_ONLY_DATA[1])
    assert len(replays) == 1  # both variants, three calls: one replay

    tracker.update(SlotSet("for_whom", "self"))  # the tracker grows: the replay goes on
    tracker.update(ActionExecuted("utter_greet"))
    after = featurise_once.states_for_tracker_history(domain, tracker, False, False, RULE_ONLY_DATA[1])
    assert after == ORIGINAL(domain, tracker, False, False, RULE_ONLY_DATA[1])
    assert len(replays) == 1

    tracker.update(Restarted())  # a rewind: replayed from the start
    restarted = featurise_once.states_for_tracker_history(domain, tracker, False, False, RULE_ONLY_DATA[1])
    assert restarted == ORIGINAL(domain, tracker, False, False, RULE_ONLY_DATA[1])
    assert len(replays) == 2


def test_a_forked_tracker_goes_on_from_its_originals_replay(domain, story_trackers, monkeypatch):
    """As the tracker store hands out a copy of a conversation's cached tracker
    for each message: the copy's states are Rasa's, its replay starts from the
    cached tracker's instead of from the first event, and what a message adds
    to its copy never reaches the cached tracker's replay (asked twice per step)."""
    replays = []
    original_init = featurise_once.Replay.__init__

    def counted(self, domain, tracker, *args):
        replays.append(tracker)
        original_init(self, domain, tracker, *args)

    monkeypatch.setattr(featurise_once.Replay, "__init__", counted)
    forks = from_scratch = 0
    for story in story_trackers:
        for events in (list(story.events), hidden_rule_turns(list(story.events))):
            cached = DialogueStateTracker(story.sender_id, domain.slots)
            for index, event in enumerate(events):
                if index and isinstance(event, ActionExecuted):
                    for _ in range(2):  # a message, then the same message again (e.g. not saved, retried)
                        fork = featurise_once.fork_tracker(cached)
                        forks += 1
                        replays.clear()
                        for ignore in (True, False, False):
                            got = featurise_once.states_for_tracker_history(
                                domain, fork, False, ignore, RULE_ONLY_DATA[1]
                            )
                            assert got == ORIGINAL(domain, fork, False, ignore, RULE_ONLY_DATA[1]), story.sender_id
                        from_scratch += any(tracker is fork for tracker in replays)
                        fork.update(event)  # what the message adds
                        fork.update(SlotSet("for_whom", "someone else"))
                        got = featurise_once.states_for_tracker_history(domain, fork, False, True, RULE_ONLY_DATA[1])
                        assert got == ORIGINAL(domain, fork, False, True, RULE_ONLY_DATA[1]), story.sender_id
                cached.update(event)
    assert forks > 500 and from_scratch < forks / 10  # nearly every fork went on from the cached replay
