"""US states and territories by abbreviation and by name ("TX", "Texas", "Calif").

Rules: the 50 states, DC and the inhabited territories that have ZIP codes; a
name is matched on its words (bot/programs/place_names.py), so case and
punctuation do not matter; the aliases are the other ways visitors write one.
"""

from __future__ import annotations

from bot.programs.place_names import place_words

# The 50 states, DC and the inhabited territories that have ZIP codes.
US_STATES: dict[str, str] = {
    "AL": "Alabama",
    "AK": "Alaska",
    "AZ": "Arizona",
    "AR": "Arkansas",
    "CA": "California",
    "CO": "Colorado",
    "CT": "Connecticut",
    "DE": "Delaware",
    "DC": "District of Columbia",
    "FL": "Florida",
    "GA": "Georgia",
    "HI": "Hawaii",
    "ID": "Idaho",
    "IL": "Illinois",
    "IN": "Indiana",
    "IA": "Iowa",
    "KS": "Kansas",
    "KY": "Kentucky",
    "LA": "Louisiana",
    "ME": "Maine",
    "MD": "Maryland",
    "MA": "Massachusetts",
    "MI": "Michigan",
    "MN": "Minnesota",
    "MS": "Mississippi",
    "MO": "Missouri",
    "MT": "Montana",
    "NE": "Nebraska",
    "NV": "Nevada",
    "NH": "New Hampshire",
    "NJ": "New Jersey",
    "NM": "New Mexico",
    "NY": "New York",
    "NC": "North Carolina",
    "ND": "North Dakota",
    "OH": "Ohio",
    "OK": "Oklahoma",
    "OR": "Oregon",
    "PA": "Pennsylvania",
    "RI": "Rhode Island",
    "SC": "South Carolina",
    "SD": "South Dakota",
    "TN": "Tennessee",
    "TX": "Texas",
    "UT": "Utah",
    "VT": "Vermont",
    "VA": "Virginia",
    "WA": "Washington",
    "WV": "West Virginia",
    "WI": "Wisconsin",
    "WY": "Wyoming",
    "PR": "Puerto Rico",
    "GU": "Guam",
    "VI": "U.S. Virgin Islands",
    "MP": "Northern Mariana Islands",
    "AS": "American Samoa",
}


# Other ways visitors write a state (lower case, words separated by one space).
_STATE_NAME_ALIASES: dict[str, str] = {
    "washington dc": "DC",
    "washington d c": "DC",
    "d c": "DC",
    "virgin islands": "VI",
    "us virgin islands": "VI",
    "u s virgin islands": "VI",
    "mariana islands": "MP",
    "n mariana islands": "MP",
    "calif": "CA",
    "mass": "MA",
    "penn": "PA",
    "penna": "PA",
    "wash": "WA",
}

STATE_BY_NAME: dict[str, str] = {" ".join(place_words(name)): abbr for abbr, name in US_STATES.items()}
STATE_BY_NAME.update(_STATE_NAME_ALIASES)
MAX_STATE_NAME_WORDS = max(len(name.split()) for name in STATE_BY_NAME)


def state_name(abbreviation: str) -> str:
    """ "TX" -> "Texas". Raises KeyError for an unknown abbreviation."""
    return US_STATES[abbreviation.strip().upper()]


def state_abbreviation(text: str) -> str | None:
    """ "Texas", "texas", "TX", "tx" -> "TX"; None when `text` is not a state."""
    words = place_words(text)
    if len(words) == 1 and words[0].upper() in US_STATES:
        return words[0].upper()
    return STATE_BY_NAME.get(" ".join(words))
