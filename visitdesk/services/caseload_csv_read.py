"""Reading a caseload CSV as the authority's case system exports it: the header matched
to the mapping's column names, and each row checked through the mapping's codes.

Nothing here needs the database or Qt. A file with any bad row is refused whole
(:class:`CaseloadRefused`), naming each bad row by line and column, in file order;
docs/case-systems.md gives the rules.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import date, datetime

from visitdesk import limits
from visitdesk.services.caseload_csv_format import (
    MAX_CELL,
    MAX_COLUMNS,
    MAX_FILE,
    MAX_INTERVAL,
    MAX_NAME,
    MAX_REFERENCE,
    MAX_ROWS,
    CaseloadFile,
    CaseloadRefused,
    CaseloadRow,
    decode,
    printable,
    unguard_cell,
)
from visitdesk.services.households_history import household_id_for
from visitdesk.standards.case import INTERVAL_UNITS, PLANS
from visitdesk.standards.case_system import (
    CASELOAD_FIELDS,
    PLAN_FLAGS,
    REQUIRED_CASELOAD,
    CaseloadFormat,
)

_INTERVAL_FIELDS = ("visit_every", "visit_unit", "visit_rationale")
_DATE_FIELDS = ("date_of_birth", "expected_birth_date")


_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
# Characters that turn the direction of the text around it, so what is shown is not what
# is stored.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class _Codes:
    """A mapping's codes for one kind of value, read ignoring case and outer spaces; a value
    the mapping has no code for is read by VisitDesk's own name, as it is written out."""

    def __init__(self, codes: Mapping[str, str], names: Iterable[str]) -> None:
        self.by_code = {code.strip().casefold(): target for code, target in codes.items()}
        coded = set(codes.values())
        self.shown = list(codes) + [n for n in names if n not in coded]
        for name in names:
            if name not in coded:
                self.by_code.setdefault(name.casefold(), name)

    def get(self, text: str) -> str | None:
        return self.by_code.get(text.strip().casefold())

    def choices(self) -> str:
        shown = [f"\u2018{c}\u2019" for c in self.shown]
        return ", ".join(shown[:-1]) + f" or {shown[-1]}" if len(shown) > 1 else shown[0]


class _Reader:
    """Reads rows against the header, collecting every problem in file order."""

    def __init__(self, caseload: CaseloadFormat, today: date) -> None:
        self.caseload = caseload
        self.today = today
        self.problems: list[str] = []
        self.index: dict[str, int] = {}  # VisitDesk field -> cell index
        self.heading: dict[str, str] = {}  # VisitDesk field -> the column as the file names it
        self.plans = _Codes(caseload.plans, PLANS)
        self.units = _Codes(caseload.units, INTERVAL_UNITS)
        self.flags = _Codes(caseload.flags, PLAN_FLAGS)
        self.example = date(2026, 1, 31).strftime(caseload.date_format)
        self.width = 0

    # --- the header ------------------------------------------------------------------------

    def header(self, cells: list[str], name: str) -> None:
        if len(cells) > MAX_COLUMNS:
            raise CaseloadRefused(
                name, [f"line 1: the file has more than {MAX_COLUMNS} columns; is it a caseload?"]
            )
        wanted = {col.strip().casefold(): f for f, col in self.caseload.columns.items()}
        problems = []
        for n, cell in enumerate(cells):
            field = wanted.get(cell.strip().casefold())
            if field is None:
                continue  # a column the mapping does not name is left alone
            if field in self.index:
                problems.append(
                    f"line 1, column '{printable(cell)}': is in the header twice; keep one of them"
                )
                continue
            self.index[field] = n
            self.heading[field] = printable(cell.strip(), 80)
        for field in REQUIRED_CASELOAD:
            if field not in self.index:
                problems.append(
                    f"line 1, column '{self.caseload.columns[field]}': is not in the file; "
                    "export the caseload with this column (named as the mapping names it)"
                )
        mapped = [f for f in _DATE_FIELDS if f in self.caseload.columns]
        if not mapped:
            problems.append(
                "line 1: the mapping names no column for the date of birth or the expected "
                "date, which each child needs; add them to the mapping's caseload.columns"
            )
        elif not any(f in self.index for f in mapped):
            problems.append(
                f"line 1, column '{self.caseload.columns[mapped[0]]}': is not in the file; "
                "each child needs a date of birth or, if unborn, an expected date"
            )
        given = [f for f in _INTERVAL_FIELDS if f in self.index]
        if given and len(given) < len(_INTERVAL_FIELDS):
            for field in _INTERVAL_FIELDS:
                if field not in self.index:
                    column = self.caseload.columns.get(field, field)
                    problems.append(
                        f"line 1, column '{column}': is not in the file; the visit interval "
                        "needs how often, the unit and why, or none of them"
                    )
        if problems and len(cells) == 1:
            problems.insert(0, self._delimiter_hint(cells[0]))  # the likeliest cause first
        if problems:
            raise CaseloadRefused(name, [p for p in problems if p])
        self.width = len(cells)

    def _delimiter_hint(self, cell: str) -> str:
        words = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "bars"}
        for mark, word in words.items():
            if mark != self.caseload.delimiter and mark in cell:
                return (
                    f"line 1: the columns are separated by {word}, but this mapping expects "
                    f"{words[self.caseload.delimiter]}; save the file again with "
                    f"{words[self.caseload.delimiter]}"
                )
        return ""

    # --- one row ---------------------------------------------------------------------------

    def _fail(self, line: int, field: str, what: str) -> None:
        self.problems.append(f"line {line}, column '{self.heading[field]}': {what}")

    def _cell(self, cells: list[str], field: str) -> str:
        index = self.index.get(field)
        if index is None or index >= len(cells):
            return ""
        return unguard_cell(cells[index]).strip()

    def _short(self, line: int, cells: list[str], field: str, most: int, what: str) -> str:
        text = unicodedata.normalize("NFC", self._cell(cells, field))
        if len(text) > most:
            self._fail(line, field, f"is longer than {most} characters; shorten the {what}")
            return ""
        if any(ch in _LINE_BREAKS for ch in text):
            self._fail(line, field, f"holds a line break; write the {what} on one line")
            return ""
        # A reference must read as it is matched: nothing hidden in it (a zero-width space
        # would make "NEW-1" a second child). A name may need a joiner, never a control.
        hidden = ("Cc", "Cf") if field == "case_reference" else ("Cc",)
        if any(unicodedata.category(ch) in hidden or ch in _BIDI_CONTROLS for ch in text):
            self._fail(
                line,
                field,
                f"holds a hidden or control character; type the {what} again by hand",
            )
            return ""
        return text

    def _date(self, line: int, cells: list[str], field: str) -> date | None:
        text = self._cell(cells, field)
        if not text:
            return None
        try:
            day = datetime.strptime(text, self.caseload.date_format).date()
        except ValueError:
            self._fail(
                line,
                field,
                f"\u2018{printable(text)}\u2019 is not a date; write it like {self.example}",
            )
            return None
        if not limits.FIRST_YEAR <= day.year <= limits.LAST_YEAR:
            self._fail(
                line,
                field,
                f"{text} is outside the years {limits.FIRST_YEAR} to {limits.LAST_YEAR}; "
                "check the year",
            )
            return None
        return day

    def row(self, line: int, cells: list[str]) -> CaseloadRow | None:
        before = len(self.problems)
        if len(cells) > self.width:
            self.problems.append(
                f"line {line}: the row has {len(cells)} cells but the header has {self.width}; "
                "a cell holding the separator must be in double quotes"
            )
            return None
        for field, index in self.index.items():
            if index < len(cells) and len(cells[index]) > MAX_CELL:
                self._fail(line, field, f"is longer than {MAX_CELL:,} characters; shorten it")
        if len(self.problems) > before:
            return None
        reference = self._short(line, cells, "case_reference", MAX_REFERENCE, "case reference")
        if not reference and not self._cell(cells, "case_reference"):
            self._fail(line, "case_reference", "is empty; give the child's case reference")
        names = len(self.problems)
        given = self._short(line, cells, "given_name", MAX_NAME, "given name")
        family = self._short(line, cells, "family_name", MAX_NAME, "family name")
        if not given and not family and len(self.problems) == names:
            self._fail(line, "given_name", "is empty, and so is the family name; give the name")
        born, expected = self._dates(line, cells)
        plan_type = self._plan(line, cells)
        start = self._date(line, cells, "plan_start")
        if start is None and not self._cell(cells, "plan_start"):
            self._fail(
                line, "plan_start", f"is empty; give the day the plan started, like {self.example}"
            )
        allocated = self._date(line, cells, "allocated_on")
        every, unit, why = self._interval(line, cells)
        household = self._household(line, cells)
        flags = self._flags(line, cells)
        address = unicodedata.normalize("NFC", self._cell(cells, "address"))
        if len(self.problems) > before:
            return None
        assert plan_type is not None and start is not None
        return CaseloadRow(
            line=line,
            case_reference=reference,
            given_name=given,
            family_name=family,
            date_of_birth=born,
            expected_birth_date=expected,
            plan_type=plan_type,
            plan_start=start,
            allocated_on=allocated,
            visit_every=every,
            visit_unit=unit,
            visit_rationale=why,
            household=household,
            flags=flags,
            address=address,
        )

    def _dates(self, line: int, cells: list[str]) -> tuple[date | None, date | None]:
        before = len(self.problems)
        born = self._date(line, cells, "date_of_birth") if "date_of_birth" in self.index else None
        expected = (
            self._date(line, cells, "expected_birth_date")
            if "expected_birth_date" in self.index
            else None
        )
        if len(self.problems) > before:
            return None, None
        either = next(f for f in _DATE_FIELDS if f in self.index)
        if born is None and expected is None:
            other = (
                f" in '{self.heading['expected_birth_date']}'"
                if "expected_birth_date" in self.index and either != "expected_birth_date"
                else ""
            )
            self._fail(
                line,
                either,
                "is empty; give the date of birth or, for an unborn child, the expected "
                f"date{other}",
            )
        elif born is not None and expected is not None:
            self._fail(
                line,
                "expected_birth_date",
                "is given as well as the date of birth; keep only the date of birth once the "
                "child is born",
            )
        elif born is not None and born > self.today:
            where = (
                f" in '{self.heading['expected_birth_date']}'"
                if "expected_birth_date" in self.index
                else ""
            )
            self._fail(
                line,
                "date_of_birth",
                f"{born:%d/%m/%Y} is in the future; for an unborn child leave it empty and give "
                f"the expected date{where}",
            )
        return born, expected

    def _plan(self, line: int, cells: list[str]) -> str | None:
        text = self._cell(cells, "plan")
        if not text:
            self._fail(line, "plan", f"is empty; write {self.plans.choices()}")
            return None
        plan = self.plans.get(text)
        if plan is None:
            self._fail(
                line,
                "plan",
                f"\u2018{printable(text)}\u2019 is not a plan this mapping knows; write "
                f"{self.plans.choices()}",
            )
        return plan

    def _interval(self, line: int, cells: list[str]) -> tuple[int | None, str | None, str]:
        every_text = self._cell(cells, "visit_every")
        unit_text = self._cell(cells, "visit_unit")
        why = self._cell(cells, "visit_rationale")
        if not (every_text or unit_text or why):
            return None, None, ""
        every = unit = None
        if not every_text:
            self._fail(
                line,
                "visit_every",
                "is empty; give how often visits were agreed, or "
                "leave the unit and the reason empty too",
            )
        elif not every_text.isdigit() or not 1 <= int(every_text) <= MAX_INTERVAL:
            self._fail(
                line,
                "visit_every",
                f"\u2018{printable(every_text)}\u2019 is not a whole number from 1 to "
                f"{MAX_INTERVAL}; write how many days, weeks or months between visits",
            )
        else:
            every = int(every_text)
        if not unit_text:
            self._fail(line, "visit_unit", f"is empty; write {self.units.choices()}")
        else:
            unit = self.units.get(unit_text)
            if unit is None:
                self._fail(
                    line,
                    "visit_unit",
                    f"\u2018{printable(unit_text)}\u2019 is not a unit this mapping knows; "
                    f"write {self.units.choices()}",
                )
        if not why:
            self._fail(
                line, "visit_rationale", "is empty; say why this visiting frequency was agreed"
            )
        return every, unit, why

    def _household(self, line: int, cells: list[str]) -> str | None:
        text = self._cell(cells, "household")
        if not text:
            return None
        try:
            return household_id_for(text)
        except ValueError:
            self._fail(
                line, "household", "is longer than 200 characters; give the household's reference"
            )
            return None

    def _flags(self, line: int, cells: list[str]) -> frozenset[str]:
        text = self._cell(cells, "flags")
        found: set[str] = set()
        for piece in text.split(self.caseload.flags_separator):
            if not piece.strip():
                continue
            flag = self.flags.get(piece)
            if flag is None:
                self._fail(
                    line,
                    "flags",
                    f"\u2018{printable(piece.strip())}\u2019 is not a flag this mapping knows; "
                    f"write any of {self.flags.choices()}, separated by "
                    f"\u2018{self.caseload.flags_separator}\u2019",
                )
                continue
            found.add(flag)
        levels = [f for f in found if f.startswith("dcs_level:")]
        if len(levels) > 1:
            self._fail(line, "flags", "names two support levels; keep the one that applies")
        return frozenset(found)


def parse_caseload(data: bytes, name: str, caseload: CaseloadFormat, today: date) -> CaseloadFile:
    """Read a whole caseload file, or refuse it (:class:`CaseloadRefused`) naming every
    bad row by line and column. ``today`` is the day a date of birth may not come after."""
    if len(data) > MAX_FILE:
        raise CaseloadRefused(
            name,
            [f"the file is larger than a caseload file can be ({limits.size_text(MAX_FILE)})"],
        )
    text, encoding = decode(data, name)
    reader = _Reader(caseload, today)
    lines = csv.reader(io.StringIO(text, newline=""), delimiter=caseload.delimiter)
    rows: list[CaseloadRow] = []
    seen: dict[str, int] = {}
    header = False
    count = 0
    line = 1
    try:
        for cells in lines:
            start, line = line, lines.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue  # a blank line, or a row of empty cells left by a spreadsheet
            if not header:
                reader.header(cells, name)
                header = True
                continue
            count += 1
            if count > MAX_ROWS:
                raise CaseloadRefused(
                    name,
                    [
                        f"line {start}: the file holds more than {MAX_ROWS:,} children; "
                        "import a caseload at a time"
                    ],
                )
            row = reader.row(start, cells)
            if row is None:
                continue
            # References differing only in case are one child to a person reading them.
            first = seen.get(row.case_reference.casefold())
            if first is not None:
                reader.problems.append(
                    f"line {start}, column '{reader.heading['case_reference']}': "
                    f"{printable(row.case_reference)} is also on line {first}; each child "
                    "may be in the file once"
                )
                continue
            seen[row.case_reference.casefold()] = start
            rows.append(row)
    except csv.Error as exc:
        raise CaseloadRefused(
            name,
            [f"line {line}: the file cannot be read as CSV ({_csv_problem(exc)})"],
        ) from None
    if not header:
        raise CaseloadRefused(name, ["the file is empty; choose the CSV the case system saved"])
    if reader.problems:
        raise CaseloadRefused(name, reader.problems)
    columns = frozenset(f for f in reader.index if f in CASELOAD_FIELDS)
    return CaseloadFile(name, encoding, columns, tuple(rows), dict(reader.heading))


def _csv_problem(exc: csv.Error) -> str:
    text = str(exc)
    if "field larger than field limit" in text:
        return f"a cell is longer than {MAX_CELL:,} characters"
    return printable(text, 80)
