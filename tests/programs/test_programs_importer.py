"""bot/programs/importer.py with directory_csv.py, upsert.py and report.py: the
real SAMHSA extract (SQLite once per session, and PostgreSQL), malformed rows,
idempotent re-imports, the command line."""

from __future__ import annotations

import csv
import gzip
from collections.abc import Sequence
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.db import Database
from bot.programs.directory_csv import REQUIRED_COLUMNS
from bot.programs.importer import cli, import_directory
from bot.programs.models import Program, ServiceCode, program_service_codes
from bot.programs.report import (
    SKIP_COLUMNS,
    SKIP_DUPLICATE,
    SKIP_GARBLED_CODES,
    SKIP_MENTAL,
    SKIP_NO_CODES,
    SKIP_NO_ID,
    SKIP_NO_NAME,
    SKIP_STATE,
    SKIP_UNREADABLE,
    SKIP_ZIP,
)
from bot.programs.sample import load_sample_if_empty

# --- the real extract -----------------------------------------------------------


@pytest.fixture(scope="session")
def real_import(tmp_path_factory, samhsa_dir):
    """The whole extract imported once into a SQLite file shared by these tests."""
    url = f"sqlite:///{tmp_path_factory.mktemp('samhsa') / 'directory.db'}"
    db = Database(url)
    report = import_directory(db, samhsa_dir / "facilities.csv.gz", progress=False)
    yield db, report
    db.dispose()


def iop_ids(session):
    link = program_service_codes.c
    return select(link.program_id).join(ServiceCode, ServiceCode.id == link.code_id).where(ServiceCode.code == "OIT")


def table_counts(db: Database) -> dict[str, int]:
    with db.session() as session:
        return {
            "programs": session.execute(select(func.count(Program.id))).scalar_one(),
            "links": session.execute(select(func.count()).select_from(program_service_codes)).scalar_one(),
            "codes": session.execute(select(func.count(ServiceCode.id))).scalar_one(),
            "iop": session.execute(select(func.count(Program.id)).where(Program.id.in_(iop_ids(session)))).scalar_one(),
            "iop_geocoded": session.execute(
                select(func.count(Program.id)).where(
                    Program.id.in_(iop_ids(session)), Program.latitude.is_not(None), Program.longitude.is_not(None)
                )
            ).scalar_one(),
        }


def test_real_extract_counts(real_import):
    db, report = real_import
    assert report.read == 20_524
    # 12,205 substance-use rows, 5 of which are broken (empty, or labels shifted
    # into the columns); the 8,319 mental-health rows are out of scope.
    assert report.imported == 12_200
    assert report.skipped == 8_324
    assert report.skip_reasons == {SKIP_MENTAL: 8_319, SKIP_NO_NAME: 5}
    counts = table_counts(db)
    assert counts["programs"] == 12_200
    assert counts["codes"] == 224
    # README: 5,596 rows carry OIT, one of them a broken row (substance_12205).
    assert counts["iop"] == report.iop_programs == 5_595


def test_at_least_99_percent_of_iop_facilities_are_geocoded(real_import):
    db, report = real_import
    counts = table_counts(db)
    share = counts["iop_geocoded"] / counts["iop"]
    assert share >= 0.99
    assert report.iop_geocoded_share == pytest.approx(share)


def raw_row(samhsa_dir: Path, facility_id: str) -> dict[str, str]:
    with gzip.open(samhsa_dir / "facilities.csv.gz", "rt", encoding="utf-8", newline="") as handle:
        return next(row for row in csv.DictReader(handle) if row["facility_id"] == facility_id)


def test_a_known_facility_is_decoded(real_import, samhsa_dir):
    db, _ = real_import
    with db.session() as session:
        facility = session.execute(
            select(Program).where(Program.source == "samhsa", Program.source_id == "substance_5655")
        ).scalar_one()
        codes = {code.code: code for code in facility.codes}
        assert facility.name == "Recovery Centers of America"
        assert facility.name2 == "Danvers Outpatient"
        assert facility.street1 == "75 Lindall Street" and facility.street2 is None
        assert (facility.city, facility.state) == ("Danvers", "MA")
        assert facility.zip == "01923"  # the file lost the leading zero ("1923")
        assert facility.phone == "978-223-9300"
        assert facility.intake_phone == "844-242-7956"
        assert facility.website is None
        assert facility.latitude == pytest.approx(42.57, abs=0.05)
        assert facility.longitude == pytest.approx(-70.95, abs=0.05)
        assert facility.geocode_precision == "zip"
        assert facility.updated_at is not None

        by_category: dict[str, set] = {}
        for code in codes.values():
            by_category.setdefault(code.category, set()).add(code.code)
        assert by_category["level_of_care"] == {"OP", "ODT", "OIT", "ORT"}
        assert by_category["accreditation"] == {"JC"}
        assert by_category["licence"] == {"STAG", "STDH"}
        assert by_category["payment"] == {"MD", "MI", "PI", "SF"}
        assert {"GL", "VET", "ADM", "MF", "WN", "MN", "TAY", "SE"} <= by_category["population"]
        assert {"CO", "SUMH", "TWFA", "RELP", "FCO", "CM", "TELE"} <= by_category["service"]
        assert by_category["language"] == {"AH"}
        assert "SP" not in codes and "OTP" not in codes
        assert codes["JC"].short_label == "Joint Commission"
        assert codes["GL"].label == "Lesbian, gay, bisexual, transgender, or queer/questioning (LGBTQ)"
        # Every code of the row, and only those, is linked.
        raw_codes = set(raw_row(samhsa_dir, "substance_5655")["service_code_info"].replace("*", " ").split())
        assert set(codes) == raw_codes and len(codes) == 78


def test_names_are_trimmed(real_import):
    db, _ = real_import
    with db.session() as session:
        name = session.execute(select(Program.name).where(Program.source_id == "substance_5897")).scalar_one()
    assert name == "Recovery Centers of America"


def test_reimporting_the_real_extract_changes_nothing(real_import, samhsa_dir):
    db, _ = real_import
    before = table_counts(db)
    with db.session() as session:
        stamps_before = session.execute(select(func.max(Program.updated_at), func.min(Program.updated_at))).one()
    again = import_directory(db, samhsa_dir / "facilities.csv.gz", progress=False)
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 12_200)
    assert table_counts(db) == before
    with db.session() as session:
        stamps_after = session.execute(select(func.max(Program.updated_at), func.min(Program.updated_at))).one()
    assert stamps_after == stamps_before


def test_postgresql_import_matches_sqlite(real_import, postgres_url, samhsa_dir):
    sqlite_db, sqlite_report = real_import
    db = Database(postgres_url)
    try:
        report = import_directory(db, samhsa_dir / "facilities.csv.gz", progress=False)
        assert (report.read, report.imported, report.skipped) == (
            sqlite_report.read,
            sqlite_report.imported,
            sqlite_report.skipped,
        )
        assert report.skip_reasons == sqlite_report.skip_reasons
        assert table_counts(db) == table_counts(sqlite_db)
        again = import_directory(db, samhsa_dir / "facilities.csv.gz", progress=False)
        assert (again.imported, again.updated, again.unchanged) == (0, 0, 12_200)
    finally:
        db.dispose()


# --- small files with bad rows ------------------------------------------------------


def facility(facility_id: str, **values: str) -> dict[str, str]:
    row = dict.fromkeys(REQUIRED_COLUMNS, "")
    row.update(
        facility_id=facility_id,
        directory_type="substance",
        name1=f"Test Facility {facility_id}",
        street1="1 Main Street",
        city="Chicago",
        state="IL",
        zip="60614",
        phone="312-555-0100",
        service_code_info="SA * OP OIT ORT * STAG JC * MD PI SF * GL CO * SP",
    )
    row.update(values)
    return row


def write_facilities(path: Path, rows: Sequence, *, raw_lines: Sequence[str] = ()) -> Path:
    """A facilities file in the extract's layout (gzip when the name ends in .gz)."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "wt", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(REQUIRED_COLUMNS)
        for row in rows:
            writer.writerow([row[name] for name in REQUIRED_COLUMNS])
        for line in raw_lines:
            handle.write(line + "\r\n")
    return path


@pytest.fixture
def definitions_path(samhsa_dir) -> Path:
    return samhsa_dir / "service_definitions.csv.gz"


GOOD_ROWS = [
    facility("good_1"),
    facility("good_2", zip="2134", city="Allston", state="MA"),  # leading zero lost
    facility("good_3", zip="99999"),  # unknown ZIP, known city: geocoded by city
    facility("good_4", zip="", city="Nowheresville"),  # no ZIP, unknown city: no coordinates
    facility("good_5", service_code_info="SA * OIT * MD * XYZ"),  # one unknown code, ignored
]
BAD_ROWS = [
    facility(""),  # missing id
    facility("bad_zip", zip="ABCDE"),
    facility("bad_codes", service_code_info="Intensive outpatient treatment"),
    facility("bad_name", name1=""),
    facility("bad_state", state="Hospital inpatient/24-hour hospital inpatient"),
    facility("bad_no_codes", service_code_info="ZZZ QQQ"),
    facility("good_1", name1="Duplicate of good_1"),
    facility("mental_1", directory_type="mental"),
]
SHORT_LINE = "bad_columns,substance,Too Few Columns,,1 Main St"
HUGE_FIELD_LINE = "huge," + "x" * 200_000  # beyond the csv module's field size limit
NUL_LINE = ",".join(
    [
        "good_nul",
        "substance",
        "Nul\0 Byte House",
        "",
        "1 Main St",
        "",
        "Chicago",
        "IL",
        "60614",
        "312-555-0100",
        "",
        "",
        "",
        "",
        "SA * OIT * MD",
    ]
)


def test_malformed_rows_are_reported_and_skipped(db_url, tmp_path, definitions_path):
    path = write_facilities(
        tmp_path / "facilities.csv.gz",
        GOOD_ROWS + BAD_ROWS,
        raw_lines=[SHORT_LINE, HUGE_FIELD_LINE, "", NUL_LINE],
    )
    db = Database(db_url)
    try:
        report = import_directory(db, path, definitions_path, progress=False)
        assert report.read == len(GOOD_ROWS) + len(BAD_ROWS) + 3  # the blank line is no row
        assert report.imported == len(GOOD_ROWS) + 1
        assert report.skip_reasons == {
            SKIP_NO_ID: 1,
            SKIP_ZIP: 1,
            SKIP_GARBLED_CODES: 1,
            SKIP_NO_NAME: 1,
            SKIP_STATE: 1,
            SKIP_NO_CODES: 1,
            SKIP_DUPLICATE: 1,
            SKIP_MENTAL: 1,
            SKIP_COLUMNS: 1,
            SKIP_UNREADABLE: 1,
        }
        assert report.skipped == 10
        assert report.skip_examples[SKIP_ZIP] == ["line 8 (bad_zip)"]
        assert report.skip_examples[SKIP_COLUMNS] == ["line 15"]
        assert report.unknown_codes == {"XYZ": 1}
        summary = "\n".join(report.lines())
        assert "skipped        10" in summary and SKIP_GARBLED_CODES in summary

        with db.session() as session:
            rows = {p.source_id: p for p in session.execute(select(Program)).scalars()}
            assert set(rows) == {"good_1", "good_2", "good_3", "good_4", "good_5", "good_nul"}
            assert rows["good_nul"].name == "Nul Byte House"
            assert rows["good_1"].name == "Test Facility good_1"  # not the duplicate
            assert rows["good_2"].zip == "02134" and rows["good_2"].geocode_precision == "zip"
            assert rows["good_3"].geocode_precision == "city" and rows["good_3"].latitude is not None
            assert rows["good_4"].latitude is None and rows["good_4"].zip is None
            assert sorted(c.code for c in rows["good_5"].codes) == ["MD", "OIT", "SA"]
        assert report.iop_programs == 6 and report.iop_with_coordinates == 5
    finally:
        db.dispose()


def test_reimport_is_idempotent_and_updates_only_changed_rows(db_url, tmp_path, definitions_path):
    path = write_facilities(tmp_path / "facilities.csv", [facility("a"), facility("b"), facility("c")])
    db = Database(db_url)
    try:
        first = import_directory(db, path, definitions_path, progress=False)
        assert (first.imported, first.updated, first.unchanged) == (3, 0, 0)

        def snapshot():
            with db.session() as session:
                return {
                    p.source_id: (p.updated_at, p.phone, tuple(sorted(c.code for c in p.codes)))
                    for p in session.execute(select(Program)).scalars()
                }

        before = snapshot()
        same = import_directory(db, path, definitions_path, progress=False)
        assert (same.imported, same.updated, same.unchanged) == (0, 0, 3)
        assert snapshot() == before

        write_facilities(
            path,
            [
                facility("a"),
                facility("b", phone="312-555-0177", service_code_info="SA * OIT * VET * MD"),
                facility("c"),
                facility("d"),
            ],
        )
        changed = import_directory(db, path, definitions_path, progress=False)
        assert (changed.imported, changed.updated, changed.unchanged) == (1, 1, 2)
        after = snapshot()
        assert after["a"] == before["a"] and after["c"] == before["c"]
        assert after["b"][1] == "312-555-0177"
        assert after["b"][2] == ("MD", "OIT", "SA", "VET")
        assert after["b"][0] != before["b"][0]
        assert set(after) == {"a", "b", "c", "d"}
    finally:
        db.dispose()


def test_import_replaces_the_sample_programs(db_url, tmp_path, definitions_path):
    db = Database(db_url)
    try:
        assert load_sample_if_empty(db) == 36
        path = write_facilities(tmp_path / "facilities.csv", [facility("a")])
        kept = import_directory(db, path, definitions_path, progress=False, keep_sample=True)
        assert kept.removed_sample == 0
        report = import_directory(db, path, definitions_path, progress=False)
        assert report.removed_sample == 36
        with db.session() as session:
            sources = session.execute(select(Program.source, func.count()).group_by(Program.source)).all()
        assert sources == [("samhsa", 1)]
    finally:
        db.dispose()


def test_unrecognised_files_are_refused_before_writing(tmp_path, sqlite_url, definitions_path):
    db = Database(sqlite_url)
    try:
        bad = tmp_path / "other.csv"
        bad.write_text("id,name\n1,x\n")
        with pytest.raises(ValueError, match="missing"):
            import_directory(db, bad, definitions_path, progress=False)
        with pytest.raises(FileNotFoundError):
            import_directory(db, tmp_path / "missing.csv.gz", definitions_path, progress=False)
        lonely = write_facilities(tmp_path / "facilities.csv", [facility("a")])
        with pytest.raises(FileNotFoundError, match="--definitions"):
            import_directory(db, lonely, progress=False)  # no key next to it
    finally:
        db.dispose()


# --- the command ---------------------------------------------------------------------


def test_command_prints_the_counts(tmp_path, sqlite_url, definitions_path, capsys):
    path = write_facilities(tmp_path / "facilities.csv.gz", GOOD_ROWS + BAD_ROWS[:3])
    code = cli([str(path), "--definitions", str(definitions_path), "--database-url", sqlite_url])
    assert code == 0
    captured = capsys.readouterr()
    out = captured.out
    for expected in (
        "read            8 rows",
        "imported        5 new programs",
        "updated         0",
        "unchanged       0",
        "skipped         3",
        SKIP_NO_ID,
        SKIP_ZIP,
        SKIP_GARBLED_CODES,
    ):
        assert expected in out, expected
    assert "IOP programs: 5, with coordinates: 4 (80.0%)" in out
    assert "Test Facility" not in out and "312-555" not in out  # no names or phones
    assert captured.err == ""  # stderr is not a terminal: no progress bar


def test_command_uses_the_key_next_to_the_file(tmp_path, sqlite_url, definitions_path, capsys):
    path = write_facilities(tmp_path / "facilities.csv", [facility("a")])
    (tmp_path / "service_definitions.csv.gz").write_bytes(definitions_path.read_bytes())
    assert cli([str(path), "--database-url", sqlite_url]) == 0
    assert "imported        1 new programs" in capsys.readouterr().out


def test_command_reports_a_missing_file(tmp_path, sqlite_url, capsys):
    assert cli([str(tmp_path / "nope.csv.gz"), "--database-url", sqlite_url]) == 2
    assert "no such file" in capsys.readouterr().err


def test_progress_bars_only_when_asked_or_on_a_terminal(tmp_path, sqlite_url, definitions_path, capsys):
    path = write_facilities(tmp_path / "facilities.csv", [facility("a"), facility("b")])
    db = Database(sqlite_url)
    try:
        import_directory(db, path, definitions_path)  # stderr is captured, not a TTY
        assert capsys.readouterr().err == ""
        import_directory(db, path, definitions_path, progress=True)
        assert "reading" in capsys.readouterr().err
    finally:
        db.dispose()
