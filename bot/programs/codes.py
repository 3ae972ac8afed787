"""SAMHSA's service-code key (service_definitions.csv.gz) and what each code means here.

The national directory describes a facility with short codes ("OIT" intensive
outpatient, "JC" The Joint Commission, "GL" LGBTQ clients...). The key file has
one row per (directory_type, code, label); labels contain quoted commas, so it
is read with the csv module.

Which directory we import. The key (and facilities.csv.gz) cover two SAMHSA
directories: `substance` (drug and alcohol use treatment facilities, 12,205 rows)
and `mental` (mental-health facilities, 8,319 rows). The issue asks for "every
US substance-use treatment facility", which is the `substance` directory, so
only its rows are imported; `mental` rows are skipped and counted. Checked
against the extract:
- no `mental` row carries OIT, so importing them adds no IOP program at all;
- the mental directory describes settings with its own, coarser codes (OP,
  PHDT, RES, HI: no IOP / regular outpatient / day-treatment split), so its
  rows could not be filtered by level of care like the substance rows;
- of the 5,548 `mental` rows that mention substance-use treatment (SA), 3,019
  share an address with a `substance` row, i.e. the facility is already listed
  (importing both would show the same place twice);
- the rest are mental-health clinics; listing them as substance-use programs
  in a non-IOP search would mislead a visitor. Co-occurring care is still
  found: substance facilities mark it with CO / SUMH.

Each substance code is classified into one category: level_of_care,
accreditation, licence, service, population, payment, language or other. The
classification follows the code groups of the directory's `service_code_info`
(groups separated by `*`), checked against the real extract.
"""

from __future__ import annotations

import csv
import gzip
import io
from dataclasses import dataclass
from pathlib import Path
from typing import TypeAlias

IMPORTED_DIRECTORY_TYPES: frozenset[str] = frozenset({"substance"})

CATEGORIES: tuple[str, ...] = (
    "level_of_care",
    "accreditation",
    "licence",
    "service",
    "population",
    "payment",
    "language",
    "other",
)


def _codes(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_CODES_BY_CATEGORY: dict[str, tuple[str, ...]] = {
    # Type of care and service setting.
    "level_of_care": _codes("DT HH OP ORT OIT ODT OMB OD RES RL RS RD HI HIT HID"),
    # Accrediting bodies.
    "accreditation": _codes("JC CARF COA NCQA HFAP"),
    # State licensing and federal certification.
    "licence": _codes("STAG STDH STMH HLA SOTP DEA FQHC"),
    # Payment accepted, funding, and payment assistance.
    "payment": _codes("SF PI MD SI FSA MC MI SAMF ITU NP SS PA"),
    # Groups served: special programmes, ages, sexes, exclusive client groups.
    "population": _codes(
        "WN MN TRMA CJ DV XA TAY GL SE PW VET HV MF AD ADM ADLT YAD SNR CHLD MALE FEM DU DUO OUDO AUDO"
    ),
    # Languages other than English (and sign language).
    "language": _codes("AH SP FX NX F17 F19 F25 F28 F30 F31 F35 F36 F37 F4 F42 F43 F47 F66 F67 F70 F81 F92 N24 N40"),
    # Everything clinical: co-occurring care, medications (MAT) and how they are
    # used, therapies, assessments, testing, transitional and recovery support,
    # other addictions, detox by substance, education and counselling, vaccines
    # and ancillary services.
    "service": _codes(
        "CO COPSU SUMH BU NU MU ACMA PMAT MOA UB UN BUM RPN MWS DB OTP MM DLC DM PAIN "
        "MMD BWN NXN VTRL BWON NRT CLND NSC ACM DSF BERI MHCV MHIV METH LFXD MPEP BSDM "
        "SACA RELP MOTI CBT TRC TELE BIA ANG TWFA CMI MXM CRV "
        "SSA CSAA SMHD STU OPC CMHA ISC MHPA PIEC "
        "DAUT BABA TBS DAOF HIVT HCT STDT HBT MST "
        "DP ACC NOE OFD AOSS HS PEER EMP SHG RC TOD TGD "
        "ODTX MDET ADTX BDTX MDTX CDTX "
        "SAE ICO GCO FCO TCC HAEC HEOH TAEC MCO VOC HBV HAV "
        "CM SSD MHS SPS TA DVFP IPC EIH ACU CCC BC"
    ),
    # Ownership, facility type, smoking policy, what a facility does NOT do, and
    # how it relates to outside prescribers: facts, not services to search for.
    "other": _codes(
        "SA PVTN PVTP FED TBG VAMC IH DDF STG LCCG GH PSYH SMON SMOP SMPD VAPN VAPP VPPD "
        "NAUT NMAUT NOOP NMOA AUPC AUINPE AURPE PC INPE RPE"
    ),
}

CATEGORY_BY_CODE: dict[str, str] = {code: category for category, codes in _CODES_BY_CATEGORY.items() for code in codes}

# Short, visitor-facing names where the key's label is long or formal.
SHORT_LABELS: dict[str, str] = {
    "OIT": "Intensive outpatient (IOP)",
    "ODT": "Partial hospitalization / day treatment",
    "ORT": "Regular outpatient",
    "OP": "Outpatient",
    "OMB": "Outpatient medication treatment (methadone/buprenorphine/naltrexone)",
    "RES": "Residential",
    "RL": "Long-term residential",
    "RS": "Short-term residential",
    "RD": "Residential detox",
    "OD": "Outpatient detox",
    "DT": "Detox",
    "HI": "Hospital inpatient",
    "HIT": "Hospital inpatient treatment",
    "HID": "Hospital inpatient detox",
    "HH": "Sober living / halfway house",
    "JC": "Joint Commission",
    "CARF": "CARF",
    "COA": "COA",
    "NCQA": "NCQA",
    "HFAP": "HFAP",
    "STAG": "State substance use agency",
    "STDH": "State department of health",
    "STMH": "State mental health department",
    "HLA": "Hospital licensing authority",
    "SOTP": "SAMHSA-certified opioid treatment program",
    "DEA": "DEA",
    "FQHC": "Federally Qualified Health Center",
    "CO": "Co-occurring mental health conditions",
    "SUMH": "Co-occurring serious mental illness",
    "TELE": "Telehealth",
    "TWFA": "12-step facilitation",
    "GL": "LGBTQ+ clients",
    "SS": "Sliding-scale fees",
    "SF": "Cash or self-pay",
    "MD": "Medicaid",
    "MC": "Medicare",
    "PI": "Private insurance",
    "MI": "Military insurance (TRICARE)",
}


def classify(code: str) -> str:
    """The category of a SAMHSA service code.

    A code the table above does not know (a future key may add some) is a
    language when it has a language code's shape (F17, N24), otherwise "other":
    never a level of care or a filter by accident.
    """
    code = code.strip().upper()
    if code in CATEGORY_BY_CODE:
        return CATEGORY_BY_CODE[code]
    if code[:1] in {"F", "N"} and code[1:].isdigit():
        return "language"
    return "other"


@dataclass(frozen=True)
class ServiceCodeDefinition:
    """One code of the key, as stored in the `service_codes` table."""

    code: str
    category: str
    label: str
    short_label: str


def clean_label(label: str) -> str:
    """The key's label without the stray replacement characters and extra spaces
    of the published file ("Acamprosate (Campral\ufffd)" -> "Acamprosate (Campral)")."""
    return " ".join(label.replace("\ufffd", "").split())


def definition(code: str, label: str) -> ServiceCodeDefinition:
    code = code.strip().upper()
    label = clean_label(label)
    return ServiceCodeDefinition(
        code=code,
        category=classify(code),
        label=label,
        short_label=SHORT_LABELS.get(code, label),
    )


PathOrText: TypeAlias = str | Path


def open_csv_text(path: PathOrText) -> io.TextIOBase:
    """A CSV file (gzip when it ends in .gz) as text for the csv module. Bytes
    that are not UTF-8 become U+FFFD rather than stopping the read."""
    path = Path(path)
    raw = gzip.open(path, "rb") if path.suffix == ".gz" else open(path, "rb")  # noqa: SIM115 - returned to the caller, who closes it
    return io.TextIOWrapper(raw, encoding="utf-8", errors="replace", newline="")


def read_definitions(
    path: PathOrText, directory_types: frozenset[str] = IMPORTED_DIRECTORY_TYPES
) -> dict[str, ServiceCodeDefinition]:
    """code -> definition, for the rows of `directory_types` in the key file.

    Raises ValueError when the file lacks the directory_type/code/label columns.
    Rows with an empty code are ignored.
    """
    with open_csv_text(path) as handle:
        reader = csv.DictReader(handle)
        missing = {"directory_type", "code", "label"} - set(reader.fieldnames or ())
        if missing:
            raise ValueError(f"{path}: not a service-code key (missing {', '.join(sorted(missing))})")
        found: dict[str, ServiceCodeDefinition] = {}
        for row in reader:
            if (row.get("directory_type") or "").strip() not in directory_types:
                continue
            code = (row.get("code") or "").strip().upper()
            if code:
                found[code] = definition(code, row.get("label") or code)
        return found


def default_definitions_path(facilities_path: PathOrText) -> Path | None:
    """service_definitions.csv.gz (or .csv) next to the facilities file, if present."""
    folder = Path(facilities_path).resolve().parent
    for name in ("service_definitions.csv.gz", "service_definitions.csv"):
        if (folder / name).exists():
            return folder / name
    return None
