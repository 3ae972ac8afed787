"""The visitor preferences the assistant understands, by canonical name.

One vocabulary shared by the text understanding (`bot/language/intake_facts.py` maps
"lgbtq friendly", "takes medicaid"... to these names) and by program search
(`bot/programs/search.py` maps each name to directory service codes).
"""

from __future__ import annotations

# canonical name -> how the assistant names it to a visitor
PREFERENCE_LABELS: dict[str, str] = {
    # services
    "dual_diagnosis": "treats co-occurring mental health conditions",
    "telehealth": "offers telehealth",
    "medication_for_oud": "offers medication for opioid use disorder",
    "twelve_step": "12-step facilitation",
    "family_therapy": "family therapy",
    # populations served
    "lgbtq": "LGBTQ+ clients",
    "veterans": "veterans",
    "military_families": "military families",
    "women": "women",
    "men": "men",
    "young_adults": "young adults",
    "adolescents": "adolescents",
    "seniors": "seniors",
    "pregnant_women": "pregnant or postpartum women",
    # payment
    "medicaid": "accepts Medicaid",
    "medicare": "accepts Medicare",
    "private_insurance": "accepts private insurance",
    "military_insurance": "accepts military insurance (e.g. TRICARE)",
    "self_pay": "accepts cash or self-pay",
    "sliding_scale": "sliding-scale fees",
    # languages
    "spanish": "services in Spanish",
    "sign_language": "sign language services",
}

PREFERENCES = frozenset(PREFERENCE_LABELS)


def preference_label(name: str) -> str:
    """The visitor-facing label of a canonical preference name."""
    return PREFERENCE_LABELS[name]
