"""What an import did: the counts, why rows were skipped, and the summary
`python -m bot import-directory` prints.

Rules: a skipped row is counted under one reason (the `SKIP_*` texts below,
which the summary prints as they are) with at most three "line N
(facility_id)" examples for fixing the file; the mental-health rows, skipped by
design, get no examples. Notes (warnings, codes not in the key) are counted,
never fatal. Imports only bot/programs/records.py.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from bot.programs.records import SOURCE_SAMHSA

# Skip reasons (what the import summary prints).
SKIP_COLUMNS = "wrong number of columns"
SKIP_UNREADABLE = "unreadable CSV line"
SKIP_NO_ID = "missing facility_id"
SKIP_DUPLICATE = "duplicate facility_id in the file"
SKIP_MENTAL = "mental-health directory row (not imported: substance-use programs only)"
SKIP_DIRECTORY = "unknown directory_type"
SKIP_NO_NAME = "missing name"
SKIP_STATE = "invalid state"
SKIP_ZIP = "invalid ZIP code"
SKIP_GARBLED_CODES = "garbled service codes"
SKIP_NO_CODES = "no known service codes"


@dataclass
class ImportReport:
    """What an import did; `lines()` is the summary the command prints."""

    source: str = SOURCE_SAMHSA
    read: int = 0
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    skip_reasons: Counter[str] = field(default_factory=Counter)
    # reason -> first few "line N (facility_id)" references, for fixing the file
    skip_examples: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    warnings: Counter[str] = field(default_factory=Counter)
    unknown_codes: Counter[str] = field(default_factory=Counter)
    iop_programs: int = 0
    iop_with_coordinates: int = 0
    programs_with_coordinates: int = 0
    removed_sample: int = 0
    seconds: float = 0.0

    @property
    def programs(self) -> int:
        """Valid programs in the file (imported + updated + unchanged)."""
        return self.imported + self.updated + self.unchanged

    @property
    def iop_geocoded_share(self) -> float:
        return self.iop_with_coordinates / self.iop_programs if self.iop_programs else 0.0

    def skip(self, reason: str, line: int, facility_id: str = "") -> None:
        self.skipped += 1
        self.skip_reasons[reason] += 1
        if len(self.skip_examples[reason]) < 3:
            ref = f"line {line}" + (f" ({facility_id})" if facility_id else "")
            self.skip_examples[reason].append(ref)

    def lines(self) -> list[str]:
        out = [
            f"read      {self.read:>7,} rows",
            f"imported  {self.imported:>7,} new programs",
            f"updated   {self.updated:>7,}",
            f"unchanged {self.unchanged:>7,}",
            f"skipped   {self.skipped:>7,}",
        ]
        for reason, count in self.skip_reasons.most_common():
            examples = self.skip_examples.get(reason) or []
            detail = f"  e.g. {', '.join(examples)}" if reason != SKIP_MENTAL and examples else ""
            out.append(f"  {count:>7,}  {reason}{detail}")
        for warning, count in self.warnings.most_common():
            out.append(f"note: {count:,} {warning}")
        if self.unknown_codes:
            codes = ", ".join(code for code, _ in self.unknown_codes.most_common(10))
            out.append(f"note: codes not in the key were ignored: {codes}")
        if self.removed_sample:
            out.append(f"removed {self.removed_sample:,} SAMPLE programs (fictional)")
        out.append(
            f"IOP programs: {self.iop_programs:,}, with coordinates: "
            f"{self.iop_with_coordinates:,} ({self.iop_geocoded_share:.1%})"
        )
        out.append(f"took {self.seconds:.1f} s")
        return out

    def __str__(self) -> str:
        return "\n".join(self.lines())
