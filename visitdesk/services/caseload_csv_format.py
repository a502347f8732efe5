"""A caseload CSV as VisitDesk holds it between the file and the database: the checked
rows, the limits a file is held to, how it is decoded, and how cells are written so that a
spreadsheet never takes one for a formula. Nothing here needs the database or Qt.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from visitdesk import limits
from visitdesk.csvcells import guard_cell, unguard_cell  # noqa: F401 - read here too
from visitdesk.errors import UserError
from visitdesk.standards.case_system import CASELOAD_FIELDS, CaseloadFormat

# What a caseload file may hold. A council's whole caseload export is a few hundred rows; a
# worker's is a few dozen. Each is checked before the file is read whole or parsed further.
MAX_FILE = 20 * limits.MIB
MAX_ROWS = 20_000
MAX_COLUMNS = 200
MAX_CELL = 10_000
MAX_REFERENCE = 64  # as the database keeps a case reference
MAX_NAME = limits.MAX_SHORT_TEXT
MAX_INTERVAL = 365  # as a plan's agreed interval allows
SHOWN_PROBLEMS = 3  # in the one-line message; the rest are on the error's ``problems``
WHAT = "caseload file"


class CaseloadRefused(UserError):
    """A caseload file that was not imported, with every problem found, in file order."""

    def __init__(self, name: str, problems: Sequence[str]) -> None:
        self.name = printable(name, 200)
        self.problems = tuple(problems)
        shown = "; ".join(self.problems[:SHOWN_PROBLEMS])
        more = len(self.problems) - SHOWN_PROBLEMS
        tail = f"; and {more} more" if more > 0 else ""
        super().__init__(f"{self.name} was not imported, nothing changed: {shown}{tail}")


def printable(text: str, most: int = 40) -> str:
    """``text`` fit to quote in a one-line message: no line breaks, and not too long."""
    flat = "".join(ch if ch.isprintable() else " " for ch in text).strip()
    return flat if len(flat) <= most else flat[: most - 1] + "\u2026"


@dataclass(frozen=True, slots=True)
class CaseloadRow:
    """One child's row, checked and in VisitDesk's terms."""

    line: int  # where the row starts in the file (the header is line 1)
    case_reference: str
    given_name: str
    family_name: str
    date_of_birth: date | None
    expected_birth_date: date | None
    plan_type: str
    plan_start: date
    allocated_on: date | None = None
    visit_every: int | None = None
    visit_unit: str | None = None
    visit_rationale: str = ""
    household: str | None = None  # the household id; None when the cell is empty
    flags: frozenset[str] = frozenset()  # PLAN_FLAGS
    address: str = ""

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    @property
    def interval(self) -> tuple[int | None, str | None, str]:
        return self.visit_every, self.visit_unit, self.visit_rationale

    def plan_values(self) -> dict[str, object]:
        """The plan's settings this row gives (for a new plan, or one updated in place)."""
        level = next((f.split(":", 1)[1] for f in self.flags if f.startswith("dcs_level:")), None)
        return {
            "allocated_on": self.allocated_on,
            "visit_every": self.visit_every,
            "visit_unit": self.visit_unit,
            "visit_rationale": self.visit_rationale,
            "electively_home_educated": "electively_home_educated" in self.flags,
            "regulation_24": "regulation_24" in self.flags,
            "placement_until_18": "placement_until_18" in self.flags,
            "dcs_level": level,
        }


@dataclass(frozen=True, slots=True)
class CaseloadFile:
    """A caseload file read whole and found good."""

    name: str
    encoding: str  # "UTF-8" or "Windows-1252"
    columns: frozenset[str]  # the VisitDesk fields the file has a column for
    rows: tuple[CaseloadRow, ...]
    headings: Mapping[str, str]  # VisitDesk field -> the column as the file names it

    def holds(self, field: str) -> bool:
        return field in self.columns


def read_caseload_file(path: str | Path) -> bytes:
    """The bytes of a caseload file, refused (one line) when it is too big to be one; its
    size is looked at before a byte is read."""
    return limits.read_file_within(path, MAX_FILE, what=WHAT)


def decode(data: bytes, name: str) -> tuple[str, str]:
    """The text of the file and its encoding: UTF-8 with or without a byte-order mark, else
    Windows-1252 (what Excel's plain "CSV" saves on Windows)."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise CaseloadRefused(
            name,
            [
                "the file is saved as UTF-16 (Excel's \u201cUnicode Text\u201d); "
                "save it as \u201cCSV UTF-8\u201d and import that"
            ],
        )
    if b"\x00" in data:
        raise CaseloadRefused(name, ["the file is not text; choose the CSV the case system saved"])
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "UTF-8"
        except UnicodeDecodeError as exc:
            line = data[: exc.start + 3].count(b"\n") + 1
            raise CaseloadRefused(
                name,
                [
                    f"line {line}: the file says it is UTF-8 but is not; "
                    "save it again as \u201cCSV UTF-8\u201d"
                ],
            ) from None
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CaseloadRefused(
            name,
            [
                f"line {line}: the file is neither UTF-8 nor Windows-1252 text; "
                "save it again as \u201cCSV UTF-8\u201d"
            ],
        ) from None


def write_caseload(rows: Iterable[Mapping[str, str]], caseload: CaseloadFormat) -> bytes:
    """The rows (VisitDesk field -> text) as a caseload file in the mapping's columns, UTF-8
    with a byte-order mark so that a spreadsheet reads it as such; every cell guarded."""
    fields = [f for f in caseload.columns if f in CASELOAD_FIELDS]  # in the mapping's order
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=caseload.delimiter, lineterminator="\r\n")
    writer.writerow([guard_cell(caseload.columns[f]) for f in fields])
    for row in rows:
        writer.writerow([guard_cell(row.get(f, "")) for f in fields])
    return out.getvalue().encode("utf-8-sig")


def date_text(day: date | None, caseload: CaseloadFormat) -> str:
    return "" if day is None else day.strftime(caseload.date_format)


def flags_text(flags: Iterable[str], caseload: CaseloadFormat) -> str:
    return caseload.flags_separator.join(caseload.flag_code(f) for f in sorted(flags))
