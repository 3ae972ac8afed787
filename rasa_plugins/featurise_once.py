"""Featurise a tracker once per version, not once per policy and per call.

Rasa 3.6 turns a tracker into its dialogue states (`Domain.states_for_tracker_history`)
by replaying every event of the session, and it does so for each policy and
prediction: five replays per message here (MemoizationPolicy once, RulePolicy
twice with the same arguments, both again after the action). Each replay also
recomputes `applied_events()`. That work grows with the conversation; it was
most of the growth of a message's cost from message 1 to message 60
(docs/performance.md, 'Featurisation').

Here the first call on a tracker replays it once and builds both lists Rasa
asks for, with and without the rule-only turns (the two differ only in what
they keep of the same replayed states), and keeps them on the tracker object,
under the tracker's version: the number of its events and the identity of the
last one. When the tracker has changed, the replay goes on from where it
stopped if the new events only add to what Rasa applies (no restart, session
start, revert, nor a form's action, which can rewind the history: those
replay from the start). Each caller gets its own copy of the states, because
Rasa's featurisers edit them in place.

Across messages: the tracker store keeps each conversation's tracker and hands
out a copy of it for each message (`fork_tracker`). The first featurisation
of such a copy takes a copy of the kept tracker's replay (brought up to date
with it first) and goes on with the events after it, so a message does not
replay the conversation from its first event; a copy's replay is its own, and
nothing a message does reaches the kept tracker or its replay.

The loop below is Rasa 3.6.21's `states_for_tracker_history`, run for both
variants at once; tests/dialogue/test_featurise_once.py compares it with
Rasa's own on every prefix of every test story.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable
from typing import Any

import rasa.shared.core.constants as core_constants
from rasa.shared.core.domain import Domain, State
from rasa.shared.core.events import (
    ActionExecuted,
    ActionReverted,
    ActiveLoop,
    Event,
    Restarted,
    SessionStarted,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

MEMO = "_iop_featurised"  # attribute on the tracker: a _Memo
ORIGIN = "_iop_forked_from"  # attribute on a fork_tracker() copy: the tracker it copies, and its length then
_original_states_for_tracker_history = Domain.states_for_tracker_history
# events after which Rasa's applied_events() is not the earlier list plus the new events
_REWINDING = (Restarted, SessionStarted, ActionReverted, UserUtteranceReverted)


def _copy(states: list[State]) -> list[State]:
    # states are {type: {feature: str | tuple}}: two levels are all a featuriser edits
    return [{kind: dict(sub) for kind, sub in state.items()} for state in states]


def _loop_names(events: Iterable[Event]) -> set[str]:
    return {event.name for event in events if isinstance(event, ActiveLoop) and event.name}


def _copy_tracker(tracker: DialogueStateTracker) -> DialogueStateTracker:
    fork = copy.copy(tracker)
    fork.__dict__.pop(MEMO, None)  # the states belong to one tracker object
    fork.__dict__.pop(ORIGIN, None)
    fork.events = tracker._create_events(list(tracker.events))
    fork.slots = {name: copy.copy(slot) for name, slot in tracker.slots.items()}
    fork.active_loop = copy.copy(tracker.active_loop)
    fork.latest_action = dict(tracker.latest_action) if tracker.latest_action is not None else None
    latest = tracker.latest_message
    if isinstance(latest, UserUttered):
        fork.latest_message = copy.copy(latest)
        fork.latest_message.entities = list(latest.entities)
        for offset, event in enumerate(reversed(fork.events)):  # usually a few events from the end
            if event is latest:
                fork.events[len(fork.events) - 1 - offset] = fork.latest_message
                break
    return fork


def fork_tracker(tracker: DialogueStateTracker) -> DialogueStateTracker:
    """A copy of `tracker` that can be changed in every way Rasa changes a
    tracker without changing `tracker`, and whose featurisation goes on from
    `tracker`'s replay. Rasa replaces attributes and appends events, and
    changes in place only the slots, the active loop, the latest action and
    the latest user message (`EntitiesAdded`,
    `DefinePrevUserUtteredFeaturization`): those are copied. The other events
    are shared, as Rasa's own replays (`init_copy()`) share them: no event
    edits an earlier one but the latest user message."""
    fork = _copy_tracker(tracker)
    fork.__dict__[ORIGIN] = (tracker, len(tracker.events))
    return fork


class Replay:
    """Rasa 3.6.21's `states_for_tracker_history` loop, for both variants at
    once, over a replayed tracker that can be fed more events later."""

    def __init__(
        self, domain: Domain, tracker: DialogueStateTracker, omit_unset_slots: bool, rule_only_data: Any
    ) -> None:
        self.domain = domain
        self.omit_unset_slots = omit_unset_slots
        self.rule_only_data = rule_only_data
        self.prior = tracker.init_copy()
        self.every: list[State] = []
        self.ml_only: list[State] = []
        self.last_ml_action_sub_state: Any = None
        self.turn_was_hidden = False
        self.loop_names = _loop_names(tracker.events)
        self.fed = 0  # how many of the tracker's events the replay has seen
        self.last_fed = 0  # id() of the last of them
        self._feed(tracker.applied_events())
        self._mark(tracker)

    def _mark(self, tracker: DialogueStateTracker) -> None:
        self.fed = len(tracker.events)
        self.last_fed = id(tracker.events[-1]) if tracker.events else 0

    def _feed(self, events: Iterable[Event]) -> None:
        for event in events:
            if isinstance(event, ActionExecuted):
                self._state(event.hide_rule_turn)
            self.prior.update(event)

    def _state(self, hide_rule_turn: bool) -> None:
        domain, prior = self.domain, self.prior
        state = domain.get_active_state(prior, omit_unset_slots=self.omit_unset_slots)
        self.every.append(domain._clean_state({kind: dict(sub) for kind, sub in state.items()}))
        # what Rasa does with ignore_rule_only_turns=True
        if not self.turn_was_hidden:
            self.last_ml_action_sub_state = domain._get_prev_action_sub_state(prior)
        if not prior.followup_action and prior.latest_action_name != prior.active_loop_name:
            self.turn_was_hidden = hide_rule_turn
        if self.turn_was_hidden:
            return
        ml_state: Any = {kind: dict(sub) for kind, sub in state.items()}
        domain._remove_rule_only_features(ml_state, self.rule_only_data)
        if self.ml_only:
            domain._substitute_rule_only_user_input(ml_state, self.ml_only[-1])
        if self.last_ml_action_sub_state:
            ml_state[core_constants.PREVIOUS_ACTION] = self.last_ml_action_sub_state
        self.ml_only.append(domain._clean_state(ml_state))

    def extend(self, tracker: DialogueStateTracker) -> bool:
        """Feed the tracker's events after those seen, if they only add to the
        applied events and the tracker is the one replayed; else False."""
        events = tracker.events
        if len(events) < self.fed or not self.fed or id(events[self.fed - 1]) != self.last_fed:
            return False
        new = [events[i] for i in range(self.fed, len(events))]
        for event in new:
            if isinstance(event, _REWINDING):
                return False
            if isinstance(event, ActionExecuted) and event.action_name in self.loop_names:
                return False  # a form's action may rewind to its previous execution
        if not _loop_names(new) <= self.loop_names:
            return False  # Rasa would read earlier events against the new form name
        self._feed(new)
        self._mark(tracker)
        return True

    def fork(self) -> Replay:
        """A copy that can be fed more events without changing this one."""
        copied = copy.copy(self)
        copied.prior = _copy_tracker(self.prior)
        copied.every, copied.ml_only = list(self.every), list(self.ml_only)  # states are never edited once made
        copied.loop_names = set(self.loop_names)
        return copied

    def results(self) -> tuple[list[State], list[State]]:
        """(every state, the states without rule-only turns), up to now."""
        kept = (len(self.every), len(self.ml_only), self.last_ml_action_sub_state, self.turn_was_hidden)
        self._state(False)  # the tracker as it is now, the last state
        every, ml_only = list(self.every), list(self.ml_only)
        # undo it: the next events come before that last state
        del self.every[kept[0] :], self.ml_only[kept[1] :]
        self.last_ml_action_sub_state, self.turn_was_hidden = kept[2], kept[3]
        return every, ml_only


class _Memo:
    __slots__ = ("replays", "results", "version")

    def __init__(self) -> None:
        self.version: tuple[int, int] = (-1, 0)
        self.results: dict[tuple, list[State]] = {}
        self.replays: dict[tuple, Replay] = {}


def states_for_tracker_history(
    self: Domain,
    tracker: DialogueStateTracker,
    omit_unset_slots: bool = False,
    ignore_rule_only_turns: bool = False,
    rule_only_data: dict[str, Any] | None = None,
) -> list[State]:
    """Rasa's `Domain.states_for_tracker_history`, replayed once per tracker."""
    rules_key = json.dumps(rule_only_data, sort_keys=True, default=str)
    key = (id(self), omit_unset_slots, ignore_rule_only_turns, rules_key if ignore_rule_only_turns else None)
    memo = tracker.__dict__.get(MEMO)
    if memo is None:
        memo = tracker.__dict__[MEMO] = _Memo()
    version = (len(tracker.events), id(tracker.events[-1]) if tracker.events else 0)
    if memo.version != version:
        memo.version, memo.results = version, {}
    states = memo.results.get(key)
    if states is None:
        replay_key = (id(self), omit_unset_slots, rules_key)
        replay = memo.replays.get(replay_key)
        if replay is None:
            replay = _from_origin(self, tracker, replay_key, omit_unset_slots, rule_only_data)
        if replay is None or not replay.extend(tracker):
            replay = memo.replays[replay_key] = Replay(self, tracker, omit_unset_slots, rule_only_data)
        every, ml_only = replay.results()
        memo.results[(id(self), omit_unset_slots, False, None)] = every
        memo.results[(id(self), omit_unset_slots, True, rules_key)] = ml_only
        states = memo.results[key]
    return _copy(states)


def _from_origin(
    domain: Domain, tracker: DialogueStateTracker, replay_key: tuple, omit_unset_slots: bool, rule_only_data: Any
) -> Replay | None:
    """A copy of the replay of the tracker `tracker` was forked from, that
    replay first brought up to date with it (kept on it for the next fork)."""
    origin, length = tracker.__dict__.get(ORIGIN, (None, 0))
    if origin is None or len(origin.events) != length or len(tracker.events) < length:
        return None  # the original has changed since (then the copy replays from the start)
    memo = origin.__dict__.get(MEMO)
    if memo is None:
        memo = origin.__dict__[MEMO] = _Memo()
    base = memo.replays.get(replay_key)
    if base is None or not base.extend(origin):
        base = memo.replays[replay_key] = Replay(domain, origin, omit_unset_slots, rule_only_data)
    replay = base.fork()
    # the copy's first events are the original's, the latest user message a copy of it
    replay.last_fed = id(tracker.events[length - 1]) if length else 0
    return replay


def replay_both(
    domain: Domain, tracker: DialogueStateTracker, omit_unset_slots: bool, rule_only_data: dict[str, Any] | None
) -> tuple[list[State], list[State]]:
    """(every state, the states without rule-only turns), from a fresh replay."""
    return Replay(domain, tracker, omit_unset_slots, rule_only_data).results()


def apply() -> None:
    Domain.states_for_tracker_history = states_for_tracker_history
