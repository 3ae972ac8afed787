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
last one. Events are only appended, so a changed tracker has a new version
and is replayed again. Each caller gets its own copy of the states, because
Rasa's featurisers edit them in place.

The loop below is Rasa 3.6.21's `states_for_tracker_history`, run for both
variants at once; tests/rasa_plugins/test_featurise_once.py compares it with
Rasa's own on every prefix of every test story.
"""

from __future__ import annotations

import json
from typing import Any

import rasa.shared.core.constants as core_constants
from rasa.shared.core.domain import Domain, State
from rasa.shared.core.trackers import DialogueStateTracker

_MEMO = "_iop_featurised"  # attribute on the tracker: (version, {key: states})
_original_states_for_tracker_history = Domain.states_for_tracker_history


def _copy(states: list[State]) -> list[State]:
    # states are {type: {feature: str | tuple}}: two levels are all a featuriser edits
    return [{kind: dict(sub) for kind, sub in state.items()} for state in states]


def _version(tracker: DialogueStateTracker) -> tuple[int, int]:
    events = tracker.events
    return len(events), id(events[-1]) if events else 0


def replay_both(
    domain: Domain, tracker: DialogueStateTracker, omit_unset_slots: bool, rule_only_data: dict[str, Any] | None
) -> tuple[list[State], list[State]]:
    """(every state, the states without rule-only turns), from one replay of the tracker."""
    every: list[State] = []
    ml_only: list[State] = []
    last_ml_action_sub_state = None
    turn_was_hidden = False
    for prior, hide_rule_turn in tracker.generate_all_prior_trackers():
        state = domain.get_active_state(prior, omit_unset_slots=omit_unset_slots)
        every.append(domain._clean_state({kind: dict(sub) for kind, sub in state.items()}))

        # what Rasa does with ignore_rule_only_turns=True
        if not turn_was_hidden:
            last_ml_action_sub_state = domain._get_prev_action_sub_state(prior)
        if not prior.followup_action and prior.latest_action_name != prior.active_loop_name:
            turn_was_hidden = hide_rule_turn
        if turn_was_hidden:
            continue
        ml_state: Any = {kind: dict(sub) for kind, sub in state.items()}
        domain._remove_rule_only_features(ml_state, rule_only_data)
        if ml_only:
            domain._substitute_rule_only_user_input(ml_state, ml_only[-1])
        if last_ml_action_sub_state:
            ml_state[core_constants.PREVIOUS_ACTION] = last_ml_action_sub_state
        ml_only.append(domain._clean_state(ml_state))
    return every, ml_only


def states_for_tracker_history(
    self: Domain,
    tracker: DialogueStateTracker,
    omit_unset_slots: bool = False,
    ignore_rule_only_turns: bool = False,
    rule_only_data: dict[str, Any] | None = None,
) -> list[State]:
    """Rasa's `Domain.states_for_tracker_history`, replayed once per tracker version."""
    rules_key = json.dumps(rule_only_data, sort_keys=True, default=str)
    key = (id(self), omit_unset_slots, ignore_rule_only_turns, rules_key if ignore_rule_only_turns else None)
    version = _version(tracker)
    memo = tracker.__dict__.get(_MEMO)
    if memo is None or memo[0] != version:
        memo = (version, {})
        tracker.__dict__[_MEMO] = memo
    states = memo[1].get(key)
    if states is None:
        every, ml_only = replay_both(self, tracker, omit_unset_slots, rule_only_data)
        memo[1][(id(self), omit_unset_slots, False, None)] = every
        memo[1][(id(self), omit_unset_slots, True, rules_key)] = ml_only
        states = memo[1][key]
    return _copy(states)


def apply() -> None:
    Domain.states_for_tracker_history = states_for_tracker_history
