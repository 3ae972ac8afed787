"""Search results as plain text that reads well in any channel (widget, SMS, REST).

ASCII punctuation only, one short block per program, and always the disclaimer:
the listings come from SAMHSA's national directory, are not an endorsement, and
the visitor should call to confirm services. Nothing here names the visitor or
repeats what they typed.

    render_result(result)   headline + numbered list + disclaimer (a chat message)
    render_hits(hits)       just the numbered list
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from bot.language.preferences import PREFERENCE_LABELS
from bot.programs.results import ProgramHit, SearchResult

DISCLAIMER = (
    "Listings come from SAMHSA's national directory of treatment facilities; they are "
    "not an endorsement. Please call to confirm services, availability and payment "
    "before you go."
)
SAMPLE_NOTICE = (
    "These are SAMPLE listings: fictional programs for demonstration, not real "
    "facilities and not from SAMHSA's directory."
)
MORE_HINT = 'Say "show more" to see more programs.'

# Licences that mean "licensed by the state" (see bot/programs/codes.py SHORT_LABELS).
_STATE_LICENCES = frozenset(
    {"State substance use agency", "State department of health", "State mental health department"}
)


def format_distance(miles: float | None) -> str:
    """ "0.4" -> "under 1 mi", "3.24" -> "3.2 mi", "12.6" -> "13 mi"."""
    if miles is None:
        return ""
    if miles < 1:
        return "under 1 mi"
    if miles < 10:
        return f"{miles:.1f} mi"
    return f"{miles:.0f} mi"


def _join(labels: Iterable[str]) -> str:
    return ", ".join(labels)


def display_name(hit: ProgramHit) -> str:
    """The name, with the second name line (often the site) in parentheses."""
    if hit.name2 and hit.name2.lower() not in hit.name.lower():
        return f"{hit.name} ({hit.name2})"
    return hit.name


def _credentials(hit: ProgramHit) -> str:
    if hit.accreditations:
        return f"Accredited: {_join(hit.accreditations)}"
    if any(licence in _STATE_LICENCES for licence in hit.licences):
        return "State-licensed"
    return ""


def render_hit(hit: ProgramHit, number: int) -> str:
    """One program: name, place and distance; phone and accreditation; matches."""
    place = ", ".join(part for part in (hit.city, hit.state) if part)
    first = f"{number}. {display_name(hit)} - {place}"
    if hit.distance_miles is not None:
        first += f" ({format_distance(hit.distance_miles)})"
    second = "; ".join(
        part
        for part in (
            f"Call {hit.contact_phone}" if hit.contact_phone else "",
            _credentials(hit),
        )
        if part
    )
    lines = [first]
    if second:
        lines.append(f"   {second}")
    if hit.matched:
        lines.append(f"   Matches: {_join(hit.matched)}")
    return "\n".join(lines)


def render_hits(hits: Sequence[ProgramHit], start: int = 1) -> str:
    """A numbered list (numbering from `start`, so "show more" continues it)."""
    return "\n".join(render_hit(hit, start + i) for i, hit in enumerate(hits))


def _preference_labels(names: Iterable[str]) -> list[str]:
    return [PREFERENCE_LABELS.get(name, name.replace("_", " ")) for name in names]


def _miles(radius: float | None) -> str:
    return f"{radius:g} miles"


def headline(result: SearchResult) -> str:
    """One or two sentences on what was found, honest about widening and misses."""
    what = f"{result.level_of_care_label} program" + ("" if result.total == 1 else "s")
    if result.preferences:
        what += f" ({_join(_preference_labels(result.preferences))})"
    if result.is_state_search:
        where = f"in {result.location_label}"
    else:
        where = f"within {_miles(result.radius_used)} of {result.location_label}"

    if result.total == 0:
        if result.is_state_search or not result.widened:
            text = f"I couldn't find any {what} {where}."
        else:
            text = (
                f"I couldn't find any {what} within {_miles(result.radius_used)} of "
                f"{result.location_label}, even after widening the search from "
                f"{_miles(result.radius_requested)}."
            )
    elif result.offset:
        text = f"More {what} {where}."
    elif result.widened:
        text = (
            f"There were none within {_miles(result.radius_requested)}, so I widened the "
            f"search: {result.total} {what} {where}."
        )
    else:
        text = f"I found {result.total} {what} {where}."
    if result.total and result.is_state_search and result.offset == 0:
        text += " They're listed by city; tell me your city or ZIP code to see the closest."
    if result.unsupported and not result.offset:
        text += (
            f" The directory doesn't record {_join(_preference_labels(result.unsupported))}, "
            "so I couldn't check that; please ask the program when you call."
        )
    return text


def render_result(result: SearchResult, *, more_hint: bool = True) -> str:
    """The whole chat message for one page of results."""
    parts = [headline(result)]
    if result.hits:
        if result.offset or result.has_more:
            first = result.offset + 1
            parts.append(f"Showing {first}-{result.offset + len(result.hits)} of {result.total}:")
        parts.append(render_hits(result.hits, start=result.offset + 1))
        if more_hint and result.has_more:
            parts.append(MORE_HINT)
        if any(hit.is_sample for hit in result.hits):
            parts.append(SAMPLE_NOTICE)
        if not all(hit.is_sample for hit in result.hits):
            parts.append(DISCLAIMER)
    return "\n\n".join(parts)
