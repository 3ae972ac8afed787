"""Program search: where to look, the search itself, more results, another state.

Locations are understood by bot/programs/locations.py; the search and its rendering live in
bot/programs/; the wording in bot/programs/dialogue.py.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

import bot.programs.dialogue as dialogue
from actions.common import database, is_fresh_answer, latest_choice, latest_intent, say
from bot.assessment import Answers
from bot.dialogue.prompts import TALK_TO_PERSON, Prompt
from bot.programs.locations import (
    Ambiguous,
    NotFound,
    Resolved,
    resolve_location,
    warm_up,
)
from bot.programs.place_mentions import place_in_message
from bot.programs.search import SearchFilters, SearchQuery, SearchResult, search_programs

PAGE_SIZE = 3

# Load the offline ZIP code data when the action server starts, not on the first visitor.
warm_up()
INTERRUPTING_INTENTS = frozenset(
    {"faq", "crisis", "stop", "deny", "start_over", "request_human", "assess_fit", "out_of_state"}
)


def location_candidate(tracker: Tracker) -> str:
    """The place in the visitor's latest message: the place it names ("we're near
    madison wi" -> "madison wi"), else the whole text when it resolves ("springfield"),
    else the location entities joined ("springfield, il")."""
    text = tracker.latest_message.get("text") or ""
    named = place_in_message(text)
    if named:
        return named
    entities = [
        str(e.get("value"))
        for e in tracker.latest_message.get("entities") or []
        if e.get("entity") in ("location", "zipcode") and e.get("value")
    ]
    for candidate in (text, ", ".join(dict.fromkeys(entities))):
        if candidate and isinstance(resolve_location(candidate), (Resolved, Ambiguous)):
            return candidate
    return text


def search_preferences(tracker: Tracker) -> list[str]:
    """The visitor's preferences, plus dual diagnosis when they named a mental health concern."""
    preferences = list(tracker.get_slot("preferences") or [])
    answers = Answers.from_slots({"co_occurring": tracker.get_slot("co_occurring")})
    if answers.concerns and "dual_diagnosis" not in preferences:
        preferences.append("dual_diagnosis")
    return preferences


def run_search(tracker: Tracker, offset: int) -> SearchResult | None:
    place = tracker.get_slot("location")
    resolved = resolve_location(place) if place else None
    if not isinstance(resolved, Resolved):
        return None
    query = SearchQuery(
        location=resolved.location,
        filters=SearchFilters.of(search_preferences(tracker)),
        offset=offset,
        limit=PAGE_SIZE,
    )
    with database().session() as session:
        return search_programs(session, query)


def shown(result: SearchResult) -> list[dict[str, Any]]:
    return [{"name": hit.name, "city": hit.city, "state": hit.state, "phone": hit.contact_phone} for hit in result.hits]


def result_events(tracker: Tracker, result: SearchResult, already_shown: list[dict[str, Any]]) -> list[EventType]:
    travel = bool(tracker.get_slot("travel_help"))
    reason = "no_program_found" if result.total == 0 else ("travel" if travel else None)
    return [
        SlotSet("search_offset", result.offset + len(result.hits)),
        SlotSet("programs_shown", already_shown + shown(result)),
        SlotSet("handoff_reason", reason),
    ]


class ValidateLocationForm(FormValidationAction):
    def name(self) -> str:
        return "validate_location_form"

    async def get_extraction_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if not is_fresh_answer(tracker):
            return []
        if tracker.get_slot("requested_slot") is None:
            return self.new_search_events(tracker)
        if tracker.get_slot("requested_slot") != "location":
            return []
        if latest_intent(tracker) in INTERRUPTING_INTENTS:
            return []
        return [SlotSet("location", location_candidate(tracker))]

    @staticmethod
    def new_search_events(tracker: Tracker) -> list[EventType]:
        """A new search starts on the first page; "Search somewhere else" forgets
        the place; outside an out-of-state request, no travel help is implied.
        A place named in the request ("any iop near tacoma") is searched at once,
        whether or not the entity extractor found it, and whole ("madison wi",
        not the "wi" it may have tagged)."""
        events: list[EventType] = [
            SlotSet("search_offset", 0),
            SlotSet("location_options", None),
        ]
        if latest_intent(tracker) != "out_of_state":
            events.append(SlotSet("travel_help", False))
        if latest_choice(tracker) == "new_location":
            events.append(SlotSet("location", None))
            return events
        if latest_intent(tracker) == "out_of_state" and tracker.get_slot("location"):
            # "we live in ohio but want a program in arizona": the first place named
            # may be home, so the extracted place (kept by action_out_of_state) stands
            return events
        named = place_in_message(tracker.latest_message.get("text") or "")
        if named:
            events.append(SlotSet("location", named))
        return events

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        events = await super().get_validation_events(dispatcher, tracker, domain)
        kept = {"search_offset", "location_options", "travel_help"}
        already = {e["name"] for e in events}
        extra = [
            SlotSet(name, value)
            for name, value in tracker.slots_to_validate().items()
            if name in kept and name not in already
        ]
        return events + extra

    def validate_location(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if not value:
            return {"location": None}
        resolved = resolve_location(str(value))
        if not isinstance(resolved, Resolved):
            # the slot may hold one entity of several ("springfield" of "springfield il")
            whole = resolve_location(location_candidate(tracker))
            if isinstance(whole, Resolved):
                resolved = whole
        if isinstance(resolved, Resolved):
            return {
                "location": resolved.location.label,
                "location_label": resolved.location.label,
                "location_options": None,
            }
        if isinstance(resolved, Ambiguous):
            return {"location": None, "location_options": [o.label for o in resolved.options]}
        if isinstance(resolved, NotFound):
            dispatcher.utter_message(text=resolved.message)
        return {"location": None, "location_options": None}


class ActionAskLocation(Action):
    def name(self) -> str:
        return "action_ask_location"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        options = tracker.get_slot("location_options") or []
        if options:
            ambiguous = resolve_location(options[0].split(",")[0])
            if isinstance(ambiguous, Ambiguous):
                say(dispatcher, dialogue.which_city(ambiguous))
                return []
        say(dispatcher, dialogue.ask_location(travel=bool(tracker.get_slot("travel_help"))))
        return []


class ActionSearchPrograms(Action):
    def name(self) -> str:
        return "action_search_programs"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        result = run_search(tracker, offset=0)
        if result is None:
            say(dispatcher, dialogue.ask_location())
            return [SlotSet("location", None)]
        say(dispatcher, dialogue.results(result, travel=bool(tracker.get_slot("travel_help"))))
        return result_events(tracker, result, already_shown=[])


class ActionShowMore(Action):
    def name(self) -> str:
        return "action_show_more"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        offset = int(tracker.get_slot("search_offset") or 0)
        result = run_search(tracker, offset=offset) if offset else None
        if result is None:
            say(dispatcher, Prompt("Let's start a search first. " + dialogue.ask_location().text))
            return []
        if not result.hits:
            say(
                dispatcher,
                Prompt(
                    "That's every program I found for this search. You can search somewhere "
                    "else, or an advisor can look further with you.",
                    (TALK_TO_PERSON, dialogue.SEARCH_ELSEWHERE),
                    dialogue.ELSEWHERE_OR_ADVISOR,
                ),
            )
            return []
        say(dispatcher, dialogue.results(result, travel=bool(tracker.get_slot("travel_help"))))
        return result_events(tracker, result, list(tracker.get_slot("programs_shown") or []))


class ActionOutOfState(Action):
    """Treatment in another state: search there, and offer an advisor for travel."""

    def name(self) -> str:
        return "action_out_of_state"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        say(dispatcher, dialogue.out_of_state_intro())
        events: list[EventType] = [
            SlotSet("travel_help", True),
            SlotSet("handoff_reason", "travel"),
            SlotSet("search_offset", 0),
            SlotSet("location_options", None),
        ]
        if not next(tracker.get_latest_entity_values("location"), None):
            events.append(SlotSet("location", None))
        return events
