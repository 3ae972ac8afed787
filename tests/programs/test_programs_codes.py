"""bot/programs/codes.py: SAMHSA's code key, read and classified."""

from __future__ import annotations

import gzip

import pytest

from bot.programs.codes import CATEGORIES, classify, clean_label, read_definitions


@pytest.fixture(scope="module")
def definitions(samhsa_dir):
    return read_definitions(samhsa_dir / "service_definitions.csv.gz")


def test_only_substance_use_codes_are_read(definitions):
    assert len(definitions) == 224  # substance rows of the key
    assert "OIT" in definitions
    assert "PHDT" not in definitions  # a mental-health-only code
    assert "ANTPYCH" not in definitions


def test_labels_with_quoted_commas_and_stray_characters(definitions):
    assert definitions["GL"].label == "Lesbian, gay, bisexual, transgender, or queer/questioning (LGBTQ)"
    assert definitions["ACM"].label == "Acamprosate (Campral)"
    assert definitions["VOC"].label.endswith("GED preparation, etc.)")
    assert clean_label("  a \ufffd  b ") == "a b"


@pytest.mark.parametrize(
    "code, category",
    [
        ("OIT", "level_of_care"),
        ("ODT", "level_of_care"),
        ("ORT", "level_of_care"),
        ("RES", "level_of_care"),
        ("DT", "level_of_care"),
        ("JC", "accreditation"),
        ("CARF", "accreditation"),
        ("COA", "accreditation"),
        ("STAG", "licence"),
        ("STDH", "licence"),
        ("CO", "service"),
        ("TWFA", "service"),
        ("RELP", "service"),
        ("FCO", "service"),
        ("CM", "service"),
        ("TELE", "service"),
        ("BUM", "service"),
        ("OTP", "service"),
        ("GL", "population"),
        ("VET", "population"),
        ("WN", "population"),
        ("TAY", "population"),
        ("MD", "payment"),
        ("MC", "payment"),
        ("PI", "payment"),
        ("SF", "payment"),
        ("SS", "payment"),
        ("SP", "language"),
        ("F70", "language"),
        ("AH", "language"),
        ("PVTN", "other"),
        ("SMON", "other"),
    ],
)
def test_codes_are_classified(definitions, code, category):
    assert definitions[code].category == category


def test_every_code_of_the_real_key_has_a_known_category(definitions):
    assert {d.category for d in definitions.values()} == set(CATEGORIES)
    # Only non-clinical facts end up in "other"; nothing clinical is lost there.
    others = {code for code, d in definitions.items() if d.category == "other"}
    assert others.isdisjoint({"OIT", "CO", "GL", "MD", "JC", "TELE", "TWFA"})


def test_unknown_codes_never_become_filters():
    assert classify("F99") == "language"
    assert classify("ZZZ") == "other"


def test_visitor_facing_short_labels(definitions):
    assert definitions["JC"].short_label == "Joint Commission"
    assert definitions["OIT"].short_label == "Intensive outpatient (IOP)"
    assert definitions["RELP"].short_label == "Relapse prevention"


def test_a_file_without_the_key_columns_is_refused(tmp_path):
    path = tmp_path / "bad.csv.gz"
    with gzip.open(path, "wt") as handle:
        handle.write("a,b\n1,2\n")
    with pytest.raises(ValueError, match="not a service-code key"):
        read_definitions(path)
