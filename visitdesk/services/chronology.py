"""A child's chronology: the significant events their visit records mark and the changes of
their plan, in date order; as CSV for a spreadsheet, and for the child's printed records.

A record marks a significant event with one line (the catalogue's ``significant_event``).
Only records that have been completed count (completed, authorised, or returned for changes
after completion); a draft's words may still change, and a conflict copy is a second
version waiting to be settled. Plan changes come from the child's plans: each plan's start,
and its end once the day has come. A plan followed by a later one without an end date of
its own ended when the next began, as the caseload reads it.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from visitdesk.csvcells import guard_cell
from visitdesk.fileio import check_export_target, write_atomically
from visitdesk.services.ownership import NotFound
from visitdesk.services.workspace import Workspace
from visitdesk.storage import answers
from visitdesk.storage.models import Child, Plan, Visit

KINDS = ("plan_ended", "plan_started", "event")  # also their order within one day
KIND_LABELS = {
    "event": "Significant event",
    "plan_started": "Plan started",
    "plan_ended": "Plan ended",
}
# The records whose significant events count: every state after completion.
COUNTED_STATES = ("completed", "authorised", "returned")
PLAN_NAMES = {
    "CIN": "Child in need plan",
    "CP": "Child protection plan",
    "CLA": "Looked after child plan",
    "CP+CLA": "Child protection and looked after child plan",
}
PLAN_SOURCE = "Plan"
CSV_HEADER = ("Date", "Event", "Kind", "Source", "Recorded by")

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class ChronologyEntry:
    """One line of a child's chronology."""

    day: date
    kind: str  # one of KINDS
    text: str  # one line: white space collapsed
    source: str  # "Visit record of 3 Nov 2026", or "Plan"
    recorded_by: str = ""  # who wrote the record; "" for a plan change
    visit_id: str | None = None  # the record an event comes from


def one_line(text: str | None) -> str:
    """``text`` as one line: every run of white space (line breaks too) one space, and
    control characters dropped."""
    if not text:
        return ""
    kept = "".join(
        " " if ch.isspace() else ch
        for ch in text
        if ch.isspace() or unicodedata.category(ch) != "Cc"
    )
    return " ".join(kept.split())


def day_text(day: date) -> str:
    """``3 Nov 2026``, the same whatever the machine's language."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def plan_name(plan_type: str) -> str:
    return PLAN_NAMES.get(plan_type, f"{plan_type} plan")


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _plan_entries(plans: list[Plan], today: date) -> list[tuple[tuple, ChronologyEntry]]:
    """Each plan's start, and its end, up to today, with a key ordering them in a day."""
    ordered = sorted(plans, key=lambda p: (p.start_date, p.id))
    out: list[tuple[tuple, ChronologyEntry]] = []
    for index, plan in enumerate(ordered):
        name = plan_name(plan.plan_type)
        key = (plan.start_date, plan.id)
        if plan.start_date <= today:
            started = f"{name} started"
            out.append(
                (key, ChronologyEntry(plan.start_date, "plan_started", started, PLAN_SOURCE))
            )
        ended, text = plan.end_date, f"{name} ended"
        if ended is None:
            # No end of its own: a plan that began later took its place (the plan in force
            # is always the latest started), so this one ended that day.
            later = [p for p in ordered[index + 1 :] if p.start_date > plan.start_date]
            if later:
                ended = later[0].start_date
                text = f"{text}: replaced by a {_lower_first(plan_name(later[0].plan_type))}"
        if ended is not None and ended <= today:
            out.append((key, ChronologyEntry(ended, "plan_ended", text, PLAN_SOURCE)))
    return out


def _event_entries(visits: list[Visit]) -> list[tuple[tuple, ChronologyEntry]]:
    out: list[tuple[tuple, ChronologyEntry]] = []
    for visit in visits:
        text = one_line(answers.values_of(visit).get("significant_event"))
        if not text:
            continue
        day = visit.visited_at.date()
        entry = ChronologyEntry(
            day,
            "event",
            text,
            f"Visit record of {day_text(day)}",
            one_line(visit.created_by),
            visit.id,
        )
        out.append(((visit.visited_at, visit.id), entry))
    return out


def entries_for(session: Session, child: Child, today: date) -> list[ChronologyEntry]:
    """The chronology of ``child`` as it stands on ``today``, in the caller's session."""
    plans = list(session.scalars(select(Plan).where(Plan.child_id == child.id)))
    visits = list(
        session.scalars(
            select(Visit).where(
                Visit.child_id == child.id,
                Visit.conflict_of.is_(None),
                Visit.state.in_(COUNTED_STATES),
            )
        )
    )
    keyed = _plan_entries(plans, today) + _event_entries(visits)
    # By day; within a day plan changes before events (an ending before a start, so a
    # change of plan reads in the order it happened), then as they were made.
    keyed.sort(key=lambda pair: (pair[1].day, KINDS.index(pair[1].kind), pair[0]))
    return [entry for _key, entry in keyed]


def chronology(ws: Workspace, child_id: str) -> list[ChronologyEntry]:
    """The chronology of one child, in date order. An unknown child is refused."""
    with ws.db.sessions() as session:
        child = session.get(Child, child_id)
        if child is None:
            raise NotFound(f"no child with id {child_id}")
        return entries_for(session, child, ws.today())


def chronology_csv(entries: list[ChronologyEntry]) -> bytes:
    """The chronology as CSV (UTF-8): the header, then one row per entry, dates dd/mm/yyyy."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    for entry in entries:
        writer.writerow(
            [
                f"{entry.day:%d/%m/%Y}",
                guard_cell(entry.text),
                KIND_LABELS.get(entry.kind, entry.kind),
                guard_cell(entry.source),
                guard_cell(entry.recorded_by),
            ]
        )
    return buffer.getvalue().encode("utf-8")


def entries_phrase(count: int) -> str:
    """``1 entry``, ``3 entries``."""
    return "1 entry" if count == 1 else f"{count} entries"


def export_chronology(ws: Workspace, child_id: str, out: Path, *, overwrite: bool) -> int:
    """Save one child's chronology as CSV where the user chose, and note the export in the
    audit trail (the count only). Never inside the data folder, never over anything but a
    file, over an existing file only with ``overwrite``. Returns how many entries it holds."""
    protected = (ws.data_dir,)
    check_export_target(out, protected=protected, overwrite=overwrite, what="chronology")
    entries = chronology(ws, child_id)
    write_atomically(
        out,
        chronology_csv(entries),
        what="chronology",
        overwrite=overwrite,
        protected=protected,
    )
    with ws.db.transaction() as session:
        ws.audit(session, "export_chronology", "child", child_id, entries_phrase(len(entries)))
    return len(entries)
