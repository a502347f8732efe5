"""The returns: Ofsted's Annex A Lists 6, 7 and 8 (their visit columns and identifying columns)
and Data to Insight's Standard Safeguarding Dataset visit tables, as CSV files.

Each builder returns ``{file name: (header, rows)}``, every cell already text in the format
the published specification gives; :func:`write_return` saves them where the user chose.
What counts and why is set out in ``docs/returns.md``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from dateutil.relativedelta import relativedelta

from visitdesk.csvcells import guard_cell
from visitdesk.errors import UserError
from visitdesk.fileio import check_export_target, write_atomically
from visitdesk.services.returns_caseload import (
    ReturnChild,
    ReturnPlan,
    ReturnVisit,
    plan_on,
    read,
)
from visitdesk.services.workspace import Workspace

Table = tuple[list[str], list[list[str]]]

# Annex A's column names, exactly as the specification spells them, in its order: the
# identifying columns and the visit columns VisitDesk holds.
LIST_6 = [
    "Child Unique ID",
    "Date of Birth",
    "Age of Child (Years)",
    "CIN Start Date",
    "Date Child Was Last Seen",
    "CIN Closure Date",
    "Case Status",
    "Allocated Team",
    "Allocated Worker",
]
LIST_7 = [
    "Child Unique ID",
    "Date of Birth",
    "Age of Child (Years)",
    "Child Protection Plan Start Date",
    "Date of the Last Statutory Visit",
    "Was the Child Seen Alone?",
    "Child Protection Plan End Date",
    "Allocated Team",
    "Allocated Worker",
]
LIST_8 = [
    "Child Unique ID",
    "Date of Birth",
    "Age of Child (Years)",
    "Date Started to be Looked After",
    "Date of Last Social Work Visit",
    "Date Ceased to be Looked After",
    "Allocated Team",
    "Allocated Worker",
]
# The SSD's visit tables, as its object definitions name their fields.
SSD_CIN = [
    "cinv_cin_visit_id",
    "cinv_person_id",
    "cinv_cin_visit_date",
    "cinv_cin_visit_seen",
    "cinv_cin_visit_seen_alone",
    "cinv_cin_visit_bedroom",
]
SSD_CP = [
    "cppv_cp_visit_id",
    "cppv_person_id",
    "cppv_cp_plan_id",
    "cppv_cp_visit_date",
    "cppv_cp_visit_seen",
    "cppv_cp_visit_seen_alone",
    "cppv_cp_visit_bedroom",
]
SSD_CLA = [
    "clav_cla_visit_id",
    "clav_cla_id",
    "clav_person_id",
    "clav_cla_visit_date",
    "clav_cla_visit_seen",
    "clav_cla_visit_seen_alone",
]
ANNEX_A_FILES = ("annex_a_list_6.csv", "annex_a_list_7.csv", "annex_a_list_8.csv")
SSD_FILES = ("ssd_cin_visits.csv", "ssd_cp_visits.csv", "ssd_cla_visits.csv")
# What each return is called in messages and in the audit trail.
RETURNS = {"annex_a": "Annex A return", "ssd": "SSD visit tables"}

# Annex A covers the six months before the day it is made for, as Data to Insight's
# extract does (@AA_ReportingPeriod).
REPORTING_MONTHS = 6

YES, NO, UNKNOWN = "a) Yes", "b) No", "c) Unknown"
LOOKED_AFTER = "a) Looked after child"
PROTECTION = "b) Child Protection plan"
IN_NEED = "c) Child in need plan"
CLOSED = "e) Closed episode"
CASE_STATUS = {"CLA": LOOKED_AFTER, "CP+CLA": LOOKED_AFTER, "CP": PROTECTION, "CIN": IN_NEED}
PROTECTION_PLANS = ("CP", "CP+CLA")
LOOKED_AFTER_PLANS = ("CLA", "CP+CLA")


# --- formats ------------------------------------------------------------------------------


def _dmy(day: date | None) -> str:
    return "" if day is None else f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def _text(value: str) -> str:
    """A typed name or reference as a cell no spreadsheet runs as a formula."""
    return guard_cell(value)


def _age(born: date | None, on: date) -> str:
    """Whole years on ``on``; blank for a child not yet born then."""
    if born is None or born > on:
        return ""
    return str(on.year - born.year - ((on.month, on.day) < (born.month, born.day)))


def _who(child: ReturnChild, as_of: date) -> list[str]:
    """The identifying columns every list starts with."""
    born = child.date_of_birth if not child.unborn_on(as_of) else None
    return [_text(child.person_id), _dmy(born), _age(born, as_of)]


_FLAGS = {True: "Y", False: "N", "yes": "Y", "no": "N", None: ""}


def _flag(value: bool | str | None) -> str:
    """An answer as the SSD writes it: Y or N, blank when not recorded."""
    return _FLAGS[value]


def encode(header: list[str], rows: Iterable[list[str]]) -> bytes:
    """A table as CSV: UTF-8 without a byte order mark, commas, the csv module's minimal
    quoting and its ``\\r\\n`` line ends."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


# --- Annex A ------------------------------------------------------------------------------


@dataclass(slots=True)
class _Episode:
    """A run of plans with no gap between them: one time of being known as a child in need."""

    start: date
    end: date | None
    plans: list[ReturnPlan] = field(default_factory=list)


def _episodes(plans: list[ReturnPlan]) -> list[_Episode]:
    """Plans of any type joined where one starts on or before the day after another ends;
    the earliest first."""
    out: list[_Episode] = []
    for plan in sorted(plans, key=lambda p: (p.start, p.id)):
        last = out[-1] if out else None
        if last is not None and (last.end is None or plan.start <= last.end + timedelta(days=1)):
            last.end = None if last.end is None or plan.end is None else max(last.end, plan.end)
            last.plans.append(plan)
        else:
            out.append(_Episode(plan.start, plan.end, [plan]))
    return out


def _overlapping(end: date | None, period_start: date) -> bool:
    return end is None or end >= period_start


def _ended(end: date | None, as_of: date) -> date | None:
    """An end date as the return gives it: only once it has come."""
    return end if end is not None and end <= as_of else None


def _latest(visits: Iterable[ReturnVisit]) -> ReturnVisit | None:
    """The latest visit; of two at the same moment, the one where the child was seen alone
    (as Data to Insight's extract orders them)."""
    return max(visits, key=lambda v: (v.at, v.seen_alone == "yes"), default=None)


def _list_6(child: ReturnChild, as_of: date, period_start: date) -> list[str] | None:
    started = [p for p in child.plans if p.start <= as_of]
    episodes = [e for e in _episodes(started) if _overlapping(e.end, period_start)]
    if not episodes:
        return None
    episode = episodes[-1]
    until = min(episode.end or as_of, as_of)
    seen = _latest(v for v in child.visits if v.child_seen and episode.start <= v.day <= until)
    closed = _ended(episode.end, as_of)
    if closed is not None:
        status = CLOSED
    else:
        current = plan_on(episode.plans, as_of)
        status = CASE_STATUS.get(current.plan_type, IN_NEED) if current else IN_NEED
    return [
        *_who(child, as_of),
        _dmy(episode.start),
        _dmy(seen.day if seen else None),
        _dmy(closed),
        status,
        _text(child.team),
        _text(child.worker),
    ]


def _latest_plan(
    child: ReturnChild, types: tuple[str, ...], as_of: date, period_start: date
) -> ReturnPlan | None:
    found = [
        p
        for p in child.plans
        if p.plan_type in types and p.start <= as_of and _overlapping(p.end, period_start)
    ]
    return max(found, key=lambda p: (p.start, p.end or date.max, p.id), default=None)


def _in_plan(child: ReturnChild, plan: ReturnPlan, since: date, as_of: date) -> list[ReturnVisit]:
    return [
        v
        for v in child.visits
        if v.plan is not None and v.plan.id == plan.id and since <= v.day <= as_of
    ]


def _statutory(child: ReturnChild, visit: ReturnVisit) -> bool:
    """A statutory visit took place and saw the child (or, before birth, the unborn child's
    family: seen "Unborn")."""
    if not visit.took_place:
        return False
    return visit.seen == "yes" or (visit.seen == "unborn" and child.unborn_on(visit.day))


def _list_7(child: ReturnChild, as_of: date, period_start: date) -> list[str] | None:
    plan = _latest_plan(child, PROTECTION_PLANS, as_of, period_start)
    if plan is None:
        return None
    visit = _latest(v for v in _in_plan(child, plan, plan.start, as_of) if _statutory(child, v))
    alone = ""
    if visit is not None:
        alone = {"yes": YES, "no": NO}.get(visit.seen_alone or "", UNKNOWN)
    return [
        *_who(child, as_of),
        _dmy(plan.start),
        _dmy(visit.day if visit else None),
        alone,
        _dmy(_ended(plan.end, as_of)),
        _text(child.team),
        _text(child.worker),
    ]


def _list_8(child: ReturnChild, as_of: date, period_start: date) -> list[str] | None:
    plan = _latest_plan(child, LOOKED_AFTER_PLANS, as_of, period_start)
    if plan is None:
        return None
    placed = plan.placement_start or plan.start
    visit = _latest(v for v in _in_plan(child, plan, placed, as_of) if v.child_seen)
    return [
        *_who(child, as_of),
        _dmy(plan.start),
        _dmy(visit.day if visit else None),
        _dmy(_ended(plan.end, as_of)),
        _text(child.team),
        _text(child.worker),
    ]


def reporting_period(as_of: date) -> tuple[date, date]:
    """The first and last days Annex A made on ``as_of`` covers."""
    return as_of - relativedelta(months=REPORTING_MONTHS), as_of


def annex_a(ws: Workspace, as_of: date) -> dict[str, Table]:
    """Lists 6, 7 and 8 as on ``as_of``: one row per child, by Child Unique ID. Records and
    plans after ``as_of`` are left out."""
    period_start, _ = reporting_period(as_of)
    lists: tuple[list[list[str]], ...] = ([], [], [])
    for child in read(ws):
        for rows, make in zip(lists, (_list_6, _list_7, _list_8), strict=True):
            row = make(child, as_of, period_start)
            if row is not None:
                rows.append(row)
    return dict(zip(ANNEX_A_FILES, zip((LIST_6, LIST_7, LIST_8), lists, strict=True), strict=True))


# --- the SSD visit tables -----------------------------------------------------------------


def _seen(visit: ReturnVisit) -> str:
    """Y only when the child was seen; a failed visit, a child not seen and an unborn child
    are N; blank when it was not recorded."""
    if visit.outcome == "failed" or visit.seen in ("no", "unborn"):
        return "N"
    return "Y" if visit.seen == "yes" else ""


def ssd(ws: Workspace) -> dict[str, Table]:
    """The SSD visit tables: one row per counted record on a plan, in the table of that
    plan's type (a CP+CLA plan's in both the CP and the looked-after table)."""
    cin: list[list[str]] = []
    cp: list[list[str]] = []
    cla: list[list[str]] = []
    for child in read(ws):
        person = _text(child.person_id)
        for visit in child.visits:
            plan = visit.plan
            if plan is None:
                continue
            when = visit.at.isoformat(" ", "seconds")  # YYYY-MM-DD HH:MM:SS
            seen, alone = _seen(visit), _flag(visit.seen_alone)
            bedroom = _flag(visit.bedroom_seen)
            if plan.plan_type == "CIN":
                cin.append([visit.id, person, when, seen, alone, bedroom])
            if plan.plan_type in PROTECTION_PLANS:
                cp.append([visit.id, person, plan.id, when, seen, alone, bedroom])
            if plan.plan_type in LOOKED_AFTER_PLANS:
                cla.append([visit.id, plan.id, person, when, seen, alone])
    return dict(zip(SSD_FILES, ((SSD_CIN, cin), (SSD_CP, cp), (SSD_CLA, cla)), strict=True))


# --- saving -------------------------------------------------------------------------------


def _label(what: str) -> str:
    try:
        return RETURNS[what]
    except KeyError:
        raise ValueError(f"no such return: {what!r}") from None


def check_return_folder(
    ws: Workspace,
    folder: Path,
    names: Iterable[str],
    *,
    overwrite: bool,
    what: str = "return",
) -> list[Path]:
    """Refuse a folder the return must not be saved in, before any work is done: a file, a
    place inside VisitDesk's data folder, or one holding any of ``names`` already (unless
    ``overwrite``). A folder not there yet is made when the return is saved. Returns the
    files' paths."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise UserError(f"{folder} is a file, not a folder; choose a folder to save the files in")
    return [
        check_export_target(folder / name, protected=(ws.data_dir,), overwrite=overwrite, what=what)
        for name in names
    ]


def counts(tables: Mapping[str, Table]) -> str:
    """How many rows each file has, as the audit trail notes it: ``name=rows`` (no content)."""
    return ",".join(f"{Path(name).stem}={len(rows)}" for name, (_header, rows) in tables.items())


def write_return(
    ws: Workspace,
    folder: Path,
    tables: Mapping[str, Table],
    *,
    overwrite: bool,
    what: str,
) -> list[Path]:
    """Save ``tables`` as CSV files in ``folder`` (made if missing), each whole or not at all,
    and note the export in the audit trail. Every file is checked before any is written:
    never inside the data folder, over an existing file only with ``overwrite``. ``what`` is
    ``"annex_a"`` or ``"ssd"``. Returns the files written."""
    label = _label(what)
    folder = Path(folder)
    targets = check_return_folder(ws, folder, list(tables), overwrite=overwrite, what=label)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        raise UserError(
            f"the folder {folder} could not be made ({reason}); choose another folder"
        ) from None
    for target, (header, rows) in zip(targets, tables.values(), strict=True):
        write_atomically(
            target,
            encode(header, rows),
            what=label,
            overwrite=overwrite,
            protected=(ws.data_dir,),
        )
    with ws.db.transaction() as session:
        ws.audit(session, "export_return", what, "", counts(tables))
    return targets
