"""Facts a visitor states in passing, so the fit assessment can skip questions
already answered and program search can use stated preferences.

`extract_facts(text)` returns an `IntakeFacts`; `facts_as_entities(text)` the
same facts as Rasa-style entity dicts pointing at the words that stated them.

How a statement is read:

* Matching runs on `bot.language.text.normalize_with_offsets` (lower case, straight
  apostrophes, single spaces), so spans map back to what the visitor typed.
* The cues (what states which fact) are data: intake_cues.yml, loaded by
  bot/language/cues.py. Relations, negators and pronouns come from the
  vocabulary shared with the assessment's answer parser
  (bot/language/vocabulary.yml), so both name a loved one the same way.
* The text is cut into clauses by bot/language/clauses.py (at . ! ? ; new
  lines, commas and words such as "but"). Negation is looked for in the few
  words before a cue, within its clause: "i don't have anxiety", "no
  withdrawals", "never been to rehab". Statements read in passing also count
  "can't", "cannot" and turning away ("instead of aa") as negation; a
  conditional ("shakes if he doesn't drink") and "can't stop" do not negate.
* Topic cues (withdrawal, mental health, relapse, treatment history) inside a
  question count only when the question is about someone ("can iop help *my*
  anxiety?"), not when it merely names a topic ("does iop help with
  anxiety?", "what is withdrawal?"); hypotheticals ("will i get withdrawals",
  "what if i relapse") never count.
* Preferences and substances do count in questions: "do you take medicaid?"
  is how visitors state a preference.
* When both an explicit negative and a positive are stated, the positive
  wins for safety-relevant booleans ("no withdrawals from weed but i get the
  shakes from alcohol" -> withdrawal_risk True).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import cast

from bot.language.intake_hits import Hit, cue_hits
from bot.language.mapped_text import MappedText
from bot.language.preferences import PREFERENCES
from bot.language.text import normalize_with_offsets

__all__ = [
    "ENTITY_NAMES",
    "SCHEDULE_ENTITY",
    "SCHEDULE_PREFERENCES",
    "IntakeFacts",
    "extract_facts",
    "facts_as_entities",
]

ENTITY_NAMES: tuple[str, ...] = (
    "for_whom",
    "loved_one_relation",
    "withdrawal_risk",
    "step_down",
    "treated_before",
    "relapse",
    "responsibilities",
    "co_occurring",
    "substance",
    "preference",
    "zipcode",
)
# Only emitted when asked for (facts_as_entities(..., include_schedule=True)).
SCHEDULE_ENTITY = "schedule_preference"

# Times of day a visitor asks for. The directory has no schedule data, so these
# are kept apart from bot/language/preferences.py: the assistant can say honestly that
# it cannot filter on them.
SCHEDULE_PREFERENCES: tuple[str, ...] = ("morning", "daytime", "evening", "weekend")


@dataclass(frozen=True)
class IntakeFacts:
    """What a message says about the person who needs help (None/() = not stated)."""

    for_whom: str | None = None  # "self" | "loved_one"
    loved_one_relation: str | None = None  # "son", "wife", "friend"... when for_whom == "loved_one"
    withdrawal_risk: bool | None = None
    step_down: bool | None = None  # coming from detox/inpatient/residential recently
    treated_before: bool | None = None
    relapse: bool | None = None  # relapse after a period of sobriety
    responsibilities: tuple[str, ...] = ()  # "work", "school", "dependents" or ("none",)
    co_occurring: tuple[str, ...] = ()  # "anxiety", "depression", "trauma", "other" or ("none",)
    substances: tuple[str, ...] = ()  # alcohol, opioids, stimulants, benzodiazepines, cannabis, other
    preferences: tuple[str, ...] = ()  # names from bot.language.preferences.PREFERENCES
    schedule_preferences: tuple[str, ...] = ()  # names from SCHEDULE_PREFERENCES
    zipcode: str | None = None

    def is_empty(self) -> bool:
        return self == IntakeFacts()


# what the decisions read besides the hits of bot/language/intake_hits.py
_SPANISH_WORDS = re.compile(
    r"\b(?:necesito|ayuda|hijo|hija|esposo|esposa|tratamiento|drogas|usted|tengo|quiero|donde|gracias|hola|por favor|mi|para|alcohol|programa|seguro|cerca|tiene|puedo|bebe|mucho)\b"
)
_ZIPCODE = re.compile(
    r"(?<![\d\-.$/#:])(?<!\$ )\b(?P<zip>\d{5})(?:-\d{4})?\b(?![\-.]?\d)(?!\s*(?:dollars|bucks|usd|mg|mcg|miles|mi\b|steps|people|times|days|hours|calories|k\b|a (?:month|year|day)|per|/))"
)
_ZIP_CONTEXT = re.compile(
    r"\b(?:zip|zipcode|zip code|postal|area|near|around|in|live|located|at)\s*(?:code)?\s*(?:is|:)?\s*$"
)


def _first_by_position(hits: Iterable[Hit]) -> Hit | None:
    return min(hits, key=lambda h: (h.start, -(h.end - h.start)), default=None)


def _boolean(hits: Sequence[Hit], field: str) -> Hit | None:
    """The deciding hit: a positive beats a negative; None if nothing was said."""
    positives = [h for h in hits if h.field == field and h.value is True and not h.negated]
    if positives:
        return _first_by_position(positives)
    negatives = [
        Hit(h.field, False, h.start, h.end, True)
        for h in hits
        if h.field == field and ((h.value is True and h.negated) or (h.value is False and not h.negated))
    ]
    return _first_by_position(negatives)


def _ordered_values(hits: Sequence[Hit], field: str) -> list[Hit]:
    """One hit per value (the first), in order of appearance; negated hits dropped."""
    seen: dict[object, Hit] = {}
    for hit in sorted((h for h in hits if h.field == field and not h.negated), key=lambda h: h.start):
        seen.setdefault(hit.value, hit)
    return list(seen.values())


def _zipcode(mapped: MappedText) -> Hit | None:
    text = mapped.text
    candidates = []
    for match in _ZIPCODE.finditer(text):
        value = match.group("zip")
        if value == "00000":
            continue
        before = text[max(0, match.start() - 3) : match.start()]
        if re.search(r"\d[\s\-.)(]*$", before):
            continue  # part of a longer number (phone)
        candidates.append(
            (0 if _ZIP_CONTEXT.search(text[max(0, match.start() - 25) : match.start()]) else 1, match.start(), match)
        )
    if not candidates:
        return None
    _rank, _start, best = min(candidates)
    return Hit("zipcode", best.group("zip"), best.start("zip"), best.end("zip"), False)


@dataclass(frozen=True)
class _Decided:
    """The facts and, per entity value, the hit that stated it."""

    facts: IntakeFacts
    entities: list[tuple[str, str, int, int]]  # (entity, value, start, end) in normalised text


def _decide(mapped: MappedText) -> _Decided:
    hits = cue_hits(mapped)
    entities: list[tuple[str, str, int, int]] = []

    # for whom: the most explicit statement wins, then the earliest
    whom = [h for h in hits if h.field == "for_whom" and not h.negated]
    for_whom: str | None = None
    relation: str | None = None
    if whom:
        best = min(whom, key=lambda h: (h.tier, h.start))
        # a for_whom hit's value is (who, relation) (bot/language/intake_hits.py)
        for_whom, relation = cast("tuple[str, str | None]", best.value)
        entities.append(("for_whom", for_whom, best.start, best.end))
        if for_whom == "loved_one" and relation:
            if relation == "loved one":
                relation = None
            else:
                entities.append(("loved_one_relation", relation, best.start, best.end))
        else:
            relation = None

    booleans: dict[str, bool | None] = {}
    for field in ("withdrawal_risk", "step_down", "treated_before", "relapse"):
        decided = _boolean(hits, field)
        booleans[field] = None if decided is None else bool(decided.value)
        if decided is not None:
            entities.append((field, "true" if decided.value else "false", decided.start, decided.end))
    # what one statement implies about another
    if booleans["step_down"] and booleans["treated_before"] is not True:
        step = _boolean(hits, "step_down")
        booleans["treated_before"] = True
        entities = [e for e in entities if e[0] != "treated_before"]
        if step is not None:
            entities.append(("treated_before", "true", step.start, step.end))
    if booleans["treated_before"] is False and booleans["step_down"] is None:
        booleans["step_down"] = False
        treated = _boolean(hits, "treated_before")
        if treated is not None:
            entities.append(("step_down", "false", treated.start, treated.end))

    # responsibilities
    responsibility_hits = _ordered_values(hits, "responsibilities")
    positives = [h for h in responsibility_hits if h.value != "none"]
    chosen = positives or [h for h in responsibility_hits if h.value == "none"][:1]
    responsibilities = tuple(str(h.value) for h in chosen)
    entities.extend(("responsibilities", str(h.value), h.start, h.end) for h in chosen)

    # co-occurring conditions
    condition_hits = _ordered_values(hits, "co_occurring")
    positives = [h for h in condition_hits if h.value != "none"]
    if positives:
        chosen = positives
    else:
        explicit_none = [h for h in condition_hits if h.value == "none"]
        negated = [h for h in hits if h.field == "co_occurring" and h.negated and h.value != "none"]
        chosen = (
            [explicit_none[0]]
            if explicit_none
            else ([Hit("co_occurring", "none", negated[0].start, negated[0].end, False)] if negated else [])
        )
    co_occurring = tuple(str(h.value) for h in chosen)
    entities.extend(("co_occurring", str(h.value), h.start, h.end) for h in chosen)

    # substances
    substance_hits = _ordered_values(hits, "substance")
    substances = tuple(str(h.value) for h in substance_hits)
    entities.extend(("substance", str(h.value), h.start, h.end) for h in substance_hits)

    # preferences
    misuse_spans = [(h.start, h.end) for h in hits if h.field == "substance" and h.value == "opioids"]
    preference_hits = [
        h
        for h in _ordered_values(hits, "preference")
        if not (h.value == "medication_for_oud" and any(s <= h.start and h.end <= e for s, e in misuse_spans))
    ]
    named = {h.value for h in preference_hits}
    insurance_negated = [h for h in hits if h.value == "private_insurance?" and h.negated]
    kept: list[Hit] = []
    for hit in preference_hits:
        if hit.value == "private_insurance?":
            if {"medicaid", "medicare", "military_insurance", "private_insurance", "self_pay", "veterans"} & named:
                continue  # "my medicaid insurance": the plan is already named
            hit = Hit("preference", "private_insurance", hit.start, hit.end, False)
        kept.append(hit)
    if insurance_negated and "self_pay" not in named and not ({"medicaid", "medicare", "military_insurance"} & named):
        kept.append(Hit("preference", "self_pay", insurance_negated[0].start, insurance_negated[0].end, False))
    if "spanish" not in named and len({m.group(0) for m in _SPANISH_WORDS.finditer(mapped.text)}) >= 3:
        kept.append(Hit("preference", "spanish", 0, len(mapped.text), False))
    unique: dict[object, Hit] = {}
    for hit in sorted(kept, key=lambda h: h.start):
        if hit.value in PREFERENCES:
            unique.setdefault(hit.value, hit)
    preferences = tuple(str(v) for v in unique)
    entities.extend(("preference", str(h.value), h.start, h.end) for h in unique.values())

    schedule_hits = _ordered_values(hits, "schedule")
    schedule = tuple(str(h.value) for h in schedule_hits)
    entities.extend((SCHEDULE_ENTITY, str(h.value), h.start, h.end) for h in schedule_hits)

    zip_hit = _zipcode(mapped)
    zipcode = str(zip_hit.value) if zip_hit else None
    if zip_hit is not None:
        entities.append(("zipcode", str(zip_hit.value), zip_hit.start, zip_hit.end))

    facts = IntakeFacts(
        for_whom=for_whom,
        loved_one_relation=relation,
        withdrawal_risk=booleans["withdrawal_risk"],
        step_down=booleans["step_down"],
        treated_before=booleans["treated_before"],
        relapse=booleans["relapse"],
        responsibilities=responsibilities,
        co_occurring=co_occurring,
        substances=substances,
        preferences=preferences,
        schedule_preferences=schedule,
        zipcode=zipcode,
    )
    return _Decided(facts, entities)


def _decide_safely(text: object) -> tuple[MappedText, _Decided]:
    mapped = normalize_with_offsets(text)
    if not mapped.text:
        return mapped, _Decided(IntakeFacts(), [])
    try:
        return mapped, _decide(mapped)
    except Exception:  # noqa: BLE001 - must never take the NLU pipeline down  # pragma: no cover
        return mapped, _Decided(IntakeFacts(), [])


def extract_facts(text: object) -> IntakeFacts:
    """The intake facts stated in `text` (see module doc). Never raises."""
    return _decide_safely(text)[1].facts


def facts_as_entities(text: object, include_schedule: bool = False) -> list[dict[str, object]]:
    """The same facts as Rasa-style entities, in text order.

    Each is `{"entity", "value", "start", "end"}` with start/end pointing at
    the words of `text` that stated the fact; booleans are "true"/"false" and
    tuple fields give one entity per value (substances as "substance",
    preferences as "preference"). Schedule preferences ("evening"...) are
    left out unless `include_schedule` (entity name `SCHEDULE_ENTITY`).
    """
    mapped, decided = _decide_safely(text)
    entities: list[dict[str, object]] = []
    for name, value, start, end in decided.entities:
        if name == SCHEDULE_ENTITY and not include_schedule:
            continue
        source_start, source_end = mapped.source_span(start, end)
        entities.append({"entity": name, "value": value, "start": source_start, "end": source_end})
    entities.sort(key=lambda e: (e["start"], e["entity"]))
    return entities
