"""What the assistant says while finding programs: asking where, and the results."""

from __future__ import annotations

from bot.dialogue.offers import ADVISOR
from bot.dialogue.prompts import ASSESS_FIT, TALK_TO_PERSON, Button, Offer, Prompt, intent_payload
from bot.programs.locations import Ambiguous
from bot.programs.render import render_result
from bot.programs.results import SearchResult

SHOW_MORE = Button("Show more", "/show_more")
SEARCH_ELSEWHERE = Button("Search somewhere else", intent_payload("find_program", {"choice": "new_location"}))
# What a "yes" to a page of results, or to the end of them, means (bot/dialogue/offers.py).
MORE_PROGRAMS = Offer("more_programs", (SHOW_MORE,))
ELSEWHERE_OR_ADVISOR = Offer("elsewhere_or_advisor", (SEARCH_ELSEWHERE, TALK_TO_PERSON))

TRAVEL_NOTE = "An advisor can also help you compare programs in another state and plan the travel."


def ask_location(travel: bool = False) -> Prompt:
    if travel:
        text = 'Which state or city should I look in? Type a state (like "Florida"), a city and state, or a ZIP code.'
    else:
        text = 'Where should I look? Type a ZIP code, a city and state (like "Austin, TX"), or a state.'
    return Prompt(text)


def which_city(ambiguous: Ambiguous) -> Prompt:
    buttons = tuple(
        Button(option.label, intent_payload("inform", {"location": option.label})) for option in ambiguous.options[:5]
    )
    return Prompt(ambiguous.question, buttons)


def out_of_state_intro() -> Prompt:
    return Prompt(
        "Yes, many people get treatment in another state, and I can search anywhere in the US. " + TRAVEL_NOTE
    )


def results(result: SearchResult, travel: bool = False) -> Prompt:
    """One page of results, or an honest "nothing found" with the offer of a person."""
    text = render_result(result)
    if result.total == 0:
        text += (
            " An advisor can look further with you, including programs that aren't in "
            "the directory or a different level of care."
        )
        return Prompt(text, (TALK_TO_PERSON, SEARCH_ELSEWHERE, ASSESS_FIT), ADVISOR)
    if travel:
        text += "\n\n" + TRAVEL_NOTE
    buttons: tuple[Button, ...] = (SHOW_MORE,) if result.has_more else ()
    buttons += (TALK_TO_PERSON, SEARCH_ELSEWHERE)
    return Prompt(text, buttons, MORE_PROGRAMS if result.has_more else None)
