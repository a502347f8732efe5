"""How an authority's case system names things: the caseload export's columns and codes, and
the fields a visit record is keyed into (LCS case-note flags, Mosaic question codes, Eclipse
form controls, CareFirst field numbers).

A mapping is data, ``<authority-id>.toml`` in ``standards/policies/case-systems/`` beside the
authority's profiles; an authority without one uses VisitDesk's own (``visitdesk.toml``). The
codes and type ids are set per council, so each shipped mapping says whether it is a template
for the council to fill in. docs/case-systems.md describes the file with a worked example.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from visitdesk.errors import UserError
from visitdesk.standards import fields as catalogue
from visitdesk.standards.case import DCS_LEVELS, INTERVAL_UNITS, PLANS

MAPPINGS_DIR = Path(__file__).parent / "policies" / "case-systems"
DEFAULT_ID = "visitdesk"

# What a caseload row can hold, VisitDesk's names; the first five must be mapped.
CASELOAD_FIELDS = (
    "case_reference",
    "given_name",
    "family_name",
    "plan",
    "plan_start",
    "date_of_birth",
    "expected_birth_date",
    "allocated_on",
    "visit_every",
    "visit_unit",
    "visit_rationale",
    "household",
    "flags",
    "address",
)
REQUIRED_CASELOAD = CASELOAD_FIELDS[:5]
# What a caseload flag can set on the child's plan ("dcs_level:<level>" sets the support
# level of the Disabled Children's Service).
PLAN_FLAGS = (
    "electively_home_educated",
    "regulation_24",
    "placement_until_18",
    *(f"dcs_level:{level}" for level in DCS_LEVELS),
)
# What a record's field in the case system can be filled from, besides the catalogue's
# stored fields (whose names are their own).
RECORD_SOURCES = (
    "record_type",
    "visit_id",
    "case_reference",
    "child_name",
    "given_name",
    "family_name",
    "date_of_birth",
    "plan",
    "visit_date",
    "visit_time",
    "worker",
    "completed",
    "completed_on",
    "authorised_by",
    "authorised_on",
)
SOURCES = (*RECORD_SOURCES, *catalogue.STORED_FIELDS)
DATE_SOURCES = {"visit_date", "date_of_birth", "completed_on", "authorised_on"}
_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
_TOP = {"id", "system", "template", "note", "caseload", "record"}
_CASELOAD = {"date_format", "delimiter", "flags_separator", "columns", "plans", "units", "flags"}
_RECORD = {"kind", "type_field", "types", "fields"}
_FIELD = {"name", "label", "from", "codes", "format"}


class MappingError(UserError):
    """A case-system mapping file that cannot be used, naming the file and the key."""


@dataclass(frozen=True, slots=True)
class MappedField:
    """One field of the case system's visit record, in the order the system asks for it."""

    name: str  # the case system's own name: a flag, a question code, a form control
    label: str  # what a person keying it in reads beside it
    source: str  # one of SOURCES
    codes: Mapping[str, str] = field(default_factory=dict)  # VisitDesk value -> the system's
    format: str = ""  # strftime format for a date or time

    def value(self, values: Mapping[str, object]) -> str:
        """The field's value as the case system takes it, from the record's ``values``."""
        raw = values.get(self.source)
        key = _code_key(raw)
        if key in self.codes:
            return self.codes[key]
        if raw is None:
            return ""
        if isinstance(raw, datetime | date):
            return raw.strftime(self.format) if self.format else raw.isoformat()
        if isinstance(raw, bool):
            return "Yes" if raw else "No"
        return str(raw)


def _code_key(value: object) -> str:
    """How a value is named in a mapping's ``codes``: a choice's stored value, "true" or
    "false" for a yes/no, "" for not recorded."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@dataclass(frozen=True, slots=True)
class CaseloadFormat:
    """The caseload CSV as the case system exports it."""

    columns: Mapping[str, str]  # VisitDesk field -> column name
    date_format: str = "%d/%m/%Y"
    delimiter: str = ","
    flags_separator: str = ";"
    plans: Mapping[str, str] = field(default_factory=dict)  # the system's code -> plan type
    units: Mapping[str, str] = field(default_factory=dict)  # the system's word -> unit
    flags: Mapping[str, str] = field(default_factory=dict)  # the system's flag -> PLAN_FLAGS

    def plan_code(self, plan_type: str) -> str:
        """The system's code for a VisitDesk plan type (the type itself when none is set)."""
        return next((code for code, p in self.plans.items() if p == plan_type), plan_type)

    def unit_word(self, unit: str) -> str:
        return next((word for word, u in self.units.items() if u == unit), unit)

    def flag_code(self, flag: str) -> str:
        return next((code for code, f in self.flags.items() if f == flag), flag)


@dataclass(frozen=True, slots=True)
class RecordFormat:
    """How a visit record is filed: as a case note of a type (LCS), a workflow step (Mosaic),
    a form (Eclipse), a screen of numbered fields (CareFirst)."""

    kind: str  # in words: "case note", "workflow step", "form"...
    types: Mapping[str, str]  # plan type -> the note type, step id or form id
    fields: tuple[MappedField, ...]
    type_field: str = ""  # the column the type goes into in the hand-off row ("" none)


@dataclass(frozen=True, slots=True)
class CaseSystemMapping:
    id: str
    system: str
    template: bool
    note: str
    caseload: CaseloadFormat
    record: RecordFormat
    path: str = ""

    @property
    def title(self) -> str:
        """How the app names it: "Mosaic (a template for the council to fill in)"."""
        return (
            f"{self.system} (a template for the council to fill in)"
            if self.template
            else (self.system)
        )


class _Check:
    def __init__(self, name: str) -> None:
        self.name = name

    def fail(self, key: str, problem: str) -> MappingError:
        return MappingError(f"case-system mapping {self.name}: {key}: {problem}")

    def table(
        self, raw: Mapping, key: str, allowed: set[str] | None, *, required: bool, where: str = ""
    ) -> dict:
        value = raw.get(key)
        if value is None:
            if required:
                raise self.fail(f"{where}{key}", "is missing")
            return {}
        if not isinstance(value, dict):
            raise self.fail(f"{where}{key}", "must be a table")
        if allowed is not None:
            unknown = set(value) - allowed
            if unknown:
                raise self.fail(f"{where}{key}.{sorted(unknown)[0]}", "is not a setting here")
        return value

    def text(self, raw: Mapping, key: str, where: str, *, required: bool = True) -> str:
        value = raw.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or not value.strip() or "\n" in value.strip():
            raise self.fail(f"{where}{key}", "must be one line of text")
        return value.strip()

    def words(
        self, raw: Mapping, key: str, allowed: tuple[str, ...], where: str = ""
    ) -> dict[str, str]:
        table = self.table(raw, key, None, required=False, where=where)
        out = {}
        for code, target in table.items():
            if not isinstance(target, str) or target not in allowed:
                raise self.fail(f"{where}{key}.{code}", f"must be one of {', '.join(allowed)}")
            out[str(code).strip()] = target
        return out


def _caseload(check: _Check, raw: Mapping) -> CaseloadFormat:
    table = check.table(raw, "caseload", _CASELOAD, required=True)
    columns = check.table(table, "columns", set(CASELOAD_FIELDS), required=True, where="caseload.")
    for name in REQUIRED_CASELOAD:
        if name not in columns:
            raise check.fail(f"caseload.columns.{name}", "is missing")
    named = {name: check.text(columns, name, "caseload.columns.") for name in columns}
    seen: dict[str, str] = {}
    for name, column in named.items():
        if column.casefold() in seen:
            first = seen[column.casefold()]
            raise check.fail(f"caseload.columns.{name}", f"repeats the column of {first}")
        seen[column.casefold()] = name
    date_format = check.text(table, "date_format", "caseload.", required=False) or "%d/%m/%Y"
    # The format must give every date back as it was (a format without the year would read
    # every birthday as 1900).
    sample = date(2026, 1, 31)
    try:
        back = datetime.strptime(sample.strftime(date_format), date_format).date()
    except ValueError:
        back = None
    if back != sample:
        raise check.fail(
            "caseload.date_format", "is not a date format with the day, month and year"
        )
    delimiter = table.get("delimiter", ",")
    if delimiter not in (",", ";", "\t", "|"):
        raise check.fail("caseload.delimiter", "must be a comma, semicolon, tab or bar")
    separator = table.get("flags_separator", ";")
    if not isinstance(separator, str) or len(separator) != 1 or separator == delimiter:
        raise check.fail("caseload.flags_separator", "must be one character, not the delimiter")
    return CaseloadFormat(
        columns=named,
        date_format=date_format,
        delimiter=delimiter,
        flags_separator=separator,
        plans=check.words(table, "plans", PLANS, "caseload."),
        units=check.words(table, "units", INTERVAL_UNITS, "caseload."),
        flags=check.words(table, "flags", PLAN_FLAGS, "caseload."),
    )


def _record(check: _Check, raw: Mapping) -> RecordFormat:
    table = check.table(raw, "record", _RECORD, required=True)
    kind = check.text(table, "kind", "record.")
    types = check.table(table, "types", set(PLANS), required=False, where="record.")
    type_codes = {plan: check.text(types, plan, "record.types.") for plan in types}
    type_field = check.text(table, "type_field", "record.", required=False)
    items = table.get("fields")
    if not isinstance(items, list) or not items:
        raise check.fail("record.fields", "must list the record's fields ([[record.fields]])")
    out = []
    names: set[str] = set()
    for n, item in enumerate(items, start=1):
        where = f"record.fields[{n}]."
        if not isinstance(item, dict):
            raise check.fail(f"record.fields[{n}]", "must be a table")
        unknown = set(item) - _FIELD
        if unknown:
            raise check.fail(f"{where}{sorted(unknown)[0]}", "is not a field setting")
        name = check.text(item, "name", where)
        if name.casefold() in names or name.casefold() == type_field.casefold():
            raise check.fail(f"{where}name", f"{name} is named twice")
        names.add(name.casefold())
        source = check.text(item, "from", where)
        if source not in SOURCES:
            raise check.fail(f"{where}from", f"{source} is not a VisitDesk field")
        codes = item.get("codes", {})
        if not isinstance(codes, dict) or not all(isinstance(v, str) for v in codes.values()):
            raise check.fail(f"{where}codes", 'must be a table of value = "code"')
        fmt = check.text(item, "format", where, required=False)
        if fmt:
            try:
                datetime(2026, 1, 31, 9, 5).strftime(fmt)
            except ValueError:
                raise check.fail(f"{where}format", "is not a date or time format") from None
        label = check.text(item, "label", where, required=False) or name
        out.append(MappedField(name, label, source, {str(k): v for k, v in codes.items()}, fmt))
    return RecordFormat(kind=kind, types=type_codes, fields=tuple(out), type_field=type_field)


def load_mapping_file(path: Path) -> CaseSystemMapping:
    check = _Check(path.name)
    try:
        with path.open("rb") as fh:
            raw = tomllib.load(fh)
    except FileNotFoundError:
        raise check.fail("file", "not found") from None
    except OSError as exc:
        raise check.fail("file", f"cannot be read ({exc.strerror})") from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise check.fail("file", f"is not valid TOML ({exc})") from None
    unknown = set(raw) - _TOP
    if unknown:
        raise check.fail(sorted(unknown)[0], "is not a mapping setting")
    mapping_id = check.text(raw, "id", "")
    if not _ID.fullmatch(mapping_id) or mapping_id != path.stem:
        raise check.fail("id", f"must match the file name ({path.stem})")
    template = raw.get("template", False)
    if not isinstance(template, bool):
        raise check.fail("template", "must be true or false")
    return CaseSystemMapping(
        id=mapping_id,
        system=check.text(raw, "system", ""),
        template=template,
        note=check.text(raw, "note", "", required=False),
        caseload=_caseload(check, raw),
        record=_record(check, raw),
        path=str(path),
    )


_LOADED: dict[str, CaseSystemMapping] = {}


def load_mapping(authority_id: str) -> CaseSystemMapping:
    """The mapping of ``authority_id``'s case system; VisitDesk's own when it has none."""
    key = authority_id if _ID.fullmatch(authority_id or "") else DEFAULT_ID
    path = MAPPINGS_DIR / f"{key}.toml"
    if not path.is_file():
        path = MAPPINGS_DIR / f"{DEFAULT_ID}.toml"
    found = _LOADED.get(str(path))
    if found is None:
        found = _LOADED[str(path)] = load_mapping_file(path)
    return found


def shipped_mappings() -> list[str]:
    return sorted(p.stem for p in MAPPINGS_DIR.glob("*.toml"))
