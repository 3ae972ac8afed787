"""What a search asks for: the place, the radius, the level of care, the
preferences and the page (`SearchQuery`), and what those mean in directory codes.

Rules:

- a level of care is a key of `LEVELS_OF_CARE`; a program needs any one of its
  codes (IOP by default, None for any level);
- a preference is a canonical name of bot/language/preferences.py; a program
  needs any one of its `PREFERENCE_CODES` (checked against SAMHSA's key), and
  every supported preference must match; those the directory cannot answer are
  kept apart (`SearchFilters.split`), never silently ignored;
- the radius is positive; widening tries the requested one, then the wider
  `RADIUS_STEPS`; a page is 1 to 50 programs.

Imports only bot/programs/geo.py and bot/programs/locations.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TypeAlias

from bot.programs.geo import Coordinates
from bot.programs.locations import Location

DEFAULT_RADIUS_MILES = 25.0
RADIUS_STEPS: tuple[float, ...] = (25.0, 50.0, 100.0, 200.0)
DEFAULT_PAGE_SIZE = 5
MAX_PAGE_SIZE = 50

# Level of care -> (visitor-facing label, directory codes; a program needs any one).
LEVELS_OF_CARE: dict[str, tuple[str, tuple[str, ...]]] = {
    "iop": ("intensive outpatient (IOP)", ("OIT",)),
    "partial_hospitalization": ("partial hospitalization / day treatment", ("ODT",)),
    "outpatient": ("regular outpatient", ("ORT",)),
    "residential": ("residential", ("RES", "RL", "RS")),
    "detox": ("detox", ("DT", "OD", "RD", "HID")),
    "hospital_inpatient": ("hospital inpatient", ("HI", "HIT")),
    "medication_outpatient": ("outpatient medication treatment", ("OMB",)),
    "sober_living": ("sober living / halfway house", ("HH",)),
}
DEFAULT_LEVEL_OF_CARE = "iop"

# Canonical preference (bot/language/preferences.py) -> directory codes; a program needs
# any one of them. Checked against SAMHSA's key (service_definitions.csv.gz).
PREFERENCE_CODES: dict[str, tuple[str, ...]] = {
    # CO: special programme for co-occurring disorders; SUMH: treatment for
    # co-occurring substance use and serious mental illness.
    "dual_diagnosis": ("CO", "SUMH"),
    "telehealth": ("TELE",),
    # Methadone or buprenorphine prescribed/administered here (maintenance,
    # OTP, the medications themselves). Not MOA ("accepts clients on MAT
    # prescribed elsewhere").
    "medication_for_oud": (
        "OTP",
        "OMB",
        "MM",
        "MU",
        "METH",
        "BU",
        "BUM",
        "UB",
        "BWN",
        "BWON",
        "BERI",
        "BSDM",
    ),
    "twelve_step": ("TWFA",),
    "family_therapy": ("FCO",),
    "lgbtq": ("GL",),
    "veterans": ("VET",),
    "military_families": ("MF",),
    "women": ("WN",),  # programme for adult women (FEM only says women are accepted)
    "men": ("MN",),
    "young_adults": ("TAY",),
    "adolescents": ("AD",),
    "seniors": ("SE",),
    "pregnant_women": ("PW",),
    "medicaid": ("MD",),
    "medicare": ("MC",),
    "private_insurance": ("PI",),
    "military_insurance": ("MI",),
    "self_pay": ("SF",),
    "sliding_scale": ("SS",),
    "spanish": ("SP",),
    "sign_language": ("AH",),
}

LocationLike: TypeAlias = Coordinates | Location | str


@dataclass(frozen=True)
class SearchFilters:
    """What a program must offer besides its level of care: canonical preference
    names (bot/language/preferences.py); every supported one must match."""

    preferences: tuple[str, ...] = ()

    @classmethod
    def of(cls, names: Iterable[str]) -> SearchFilters:
        """Filters from names in any order, without duplicates."""
        return cls(tuple(dict.fromkeys(n.strip().lower() for n in names if n and n.strip())))

    def split(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(supported, unsupported) preference names."""
        supported = tuple(p for p in self.preferences if p in PREFERENCE_CODES)
        unsupported = tuple(p for p in self.preferences if p not in PREFERENCE_CODES)
        return supported, unsupported


@dataclass(frozen=True)
class SearchQuery:
    """Where, how far, which level of care, which filters, which page.

    `location`: coordinates, a resolved Location (a "state" Location means a
    state search) or a state abbreviation such as "TX".
    `level_of_care`: a key of LEVELS_OF_CARE, or None for any level.
    """

    location: LocationLike
    radius_miles: float = DEFAULT_RADIUS_MILES
    level_of_care: str | None = DEFAULT_LEVEL_OF_CARE
    filters: SearchFilters = field(default_factory=SearchFilters)
    widen: bool = True
    offset: int = 0
    limit: int = DEFAULT_PAGE_SIZE

    def __post_init__(self) -> None:
        if self.level_of_care is not None and self.level_of_care not in LEVELS_OF_CARE:
            raise ValueError(f"unknown level of care {self.level_of_care!r}")
        if self.radius_miles <= 0:
            raise ValueError("radius_miles must be positive")
        if self.offset < 0 or not 1 <= self.limit <= MAX_PAGE_SIZE:
            raise ValueError("offset must be >= 0 and limit between 1 and 50")


def radius_steps(requested: float) -> tuple[float, ...]:
    """The radii tried in order: the requested one, then the wider standard steps."""
    return (requested, *(step for step in RADIUS_STEPS if step > requested))
