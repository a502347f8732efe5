"""Whether an authorised record has been keyed into the authority's case system: the mark a
worker sets ("entered in the case system on ... by ..."), and the manager's reconciliation
list of authorised records not yet entered, oldest authorisation first.

The mark is kept apart from the record (``case_system_entries``), so setting it changes
nothing the record says. Only the worker whose device wrote a record marks it; the mark
travels to the manager in that worker's bundles (``services/sync_entries.py``).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from visitdesk.errors import UserError
from visitdesk.names import clean_name
from visitdesk.services.caseload import worker_names
from visitdesk.services.changes import NOTHING, Changes
from visitdesk.services.ownership import NotFound
from visitdesk.services.workspace import Workspace
from visitdesk.storage.models import AuthorisationTask, CaseSystemEntry, Child, Visit

MAX_ENTERED_BY = 200  # the column's length: who entered it, as a bundle may carry it
_STATE_WORDS = {
    "draft": "a draft",
    "completed": "completed and waiting for authorisation",
    "returned": "returned for correction",
}


@dataclass(frozen=True, slots=True)
class EntryView:
    """That a record was entered in the case system, as the record shows it."""

    visit_id: str
    entered_on: date
    entered_by: str
    marked_at: datetime
    marked_here: bool  # marked on this installation (else by the worker's device, by sync)

    @property
    def words(self) -> str:
        """ "Entered in the case system on 3 December 2026 by Sam Worker"."""
        day = f"{self.entered_on.day} {self.entered_on:%B %Y}"
        return f"Entered in the case system on {day} by {self.entered_by}"


@dataclass(frozen=True, slots=True)
class ReconRow:
    """An authorised record not yet entered in the case system."""

    visit_id: str
    child_id: str
    child_name: str
    case_reference: str
    worker: str
    visited_on: date
    authorised_on: date | None  # None only for a record authorised with no decision kept
    days_waiting: int  # since it was authorised


def line_problem(value: object, *, required: bool) -> str | None:
    """What is wrong with who entered a record, as a bundle carries it: one clean line of at
    most :data:`MAX_ENTERED_BY` characters (no control or hidden characters, no spaces at
    either end), or None."""
    if not isinstance(value, str):
        return "is not text"
    if required and not value:
        return "is empty"
    if len(value) > MAX_ENTERED_BY:
        return f"is longer than {MAX_ENTERED_BY} characters"
    if value != value.strip() or value != unicodedata.normalize("NFC", value):
        return "is not a clean line of text"
    for char in value:
        kind = unicodedata.category(char)
        if (kind[0] == "C" and char not in "\u200c\u200d") or kind in ("Zl", "Zp"):
            return "is not one plain line of text"
    return None


def _own_authorised(ws: Workspace, session: Session, visit_id: str) -> Visit:
    visit = session.get(Visit, visit_id)
    if visit is None or visit.conflict_of is not None:
        raise NotFound(f"no visit record with id {visit_id}")
    if visit.origin_device != ws.identity.device_id:
        who = visit.created_by or "another worker"
        raise UserError(
            f"this record was written by {who}; only they mark it as entered in the case system"
        )
    if visit.state != "authorised":
        state = _STATE_WORDS.get(visit.state, visit.state)
        raise UserError(
            f"this record is {state}; only an authorised record can be marked as entered "
            "in the case system"
        )
    return visit


def can_mark(ws: Workspace, visit_id: str) -> bool:
    """Whether this installation may mark the record entered (or take the mark back): its
    own authorised record."""
    with ws.db.sessions() as session:
        try:
            _own_authorised(ws, session, visit_id)
        except UserError:
            return False
        return True


def _mark(ws: Workspace, session: Session, visit: Visit, on: date | None, by: str) -> bool:
    """Set the record's mark; False when it already said exactly that."""
    entry = session.get(CaseSystemEntry, visit.id)
    if entry is not None and (entry.entered_on, entry.entered_by) == (on, by):
        return False
    if entry is None:
        entry = CaseSystemEntry(visit_id=visit.id)
        session.add(entry)
    entry.entered_on, entry.entered_by = on, by
    entry.marked_at, entry.marked_device = ws.now(), ws.identity.device_id
    return True


def mark_entered(ws: Workspace, visit_id: str, on: date, by: str) -> Changes:
    """Mark this worker's authorised record as entered in the case system on ``on`` by
    ``by`` (a name as typed; the caller offers the worker's own)."""
    if not isinstance(on, date) or isinstance(on, datetime):
        raise UserError("the day it was entered must be a date")
    if on > ws.today():
        raise UserError(
            f"the day it was entered ({on:%d/%m/%Y}) is later than today; "
            "mark a record once it is in the case system"
        )
    by = clean_name(by, "name")
    with ws.db.transaction() as session:
        visit = _own_authorised(ws, session, visit_id)
        visited_on = visit.visited_at.date()
        if on < visited_on:
            raise UserError(
                f"the day it was entered ({on:%d/%m/%Y}) is before the visit "
                f"({visited_on:%d/%m/%Y}); check the date"
            )
        if not _mark(ws, session, visit, on, by):
            return NOTHING
        ws.audit(session, "entered_case_system", "visit", visit.id)
        return Changes.of(children=[visit.child_id], visits=[visit.id])


def take_back(ws: Workspace, visit_id: str) -> Changes:
    """Take back the mark on this worker's record (it was marked by mistake): it shows as
    not entered again, and that travels to the manager too."""
    with ws.db.transaction() as session:
        visit = _own_authorised(ws, session, visit_id)
        entry = session.get(CaseSystemEntry, visit.id)
        if entry is None or entry.entered_on is None:
            raise UserError("this record is not marked as entered in the case system")
        _mark(ws, session, visit, None, "")
        ws.audit(session, "took_back_entry", "visit", visit.id)
        return Changes.of(children=[visit.child_id], visits=[visit.id])


def entry_of(ws: Workspace, visit_id: str) -> EntryView | None:
    """The record's mark, or None when it is not marked (or the mark was taken back)."""
    with ws.db.sessions() as session:
        entry = session.get(CaseSystemEntry, visit_id)
        if entry is None or entry.entered_on is None:
            return None
        return EntryView(
            visit_id=entry.visit_id,
            entered_on=entry.entered_on,
            entered_by=entry.entered_by,
            marked_at=entry.marked_at,
            marked_here=entry.marked_device == ws.identity.device_id,
        )


def reconciliation(ws: Workspace) -> list[ReconRow]:
    """Authorised records not entered in the case system (never marked, or the mark taken
    back), the longest waiting first. On a manager's installation, the whole team's."""
    today = ws.today()
    authorised = (
        select(
            AuthorisationTask.visit_id.label("visit_id"),
            func.max(AuthorisationTask.decided_at).label("at"),
        )
        .where(AuthorisationTask.state == "authorised")
        .group_by(AuthorisationTask.visit_id)
        .subquery()
    )
    query = (
        select(
            Visit.id,
            Visit.child_id,
            Visit.visited_at,
            Visit.origin_device,
            Visit.created_by,
            Child.given_name,
            Child.family_name,
            Child.case_reference,
            authorised.c.at,
        )
        .join(Child, Child.id == Visit.child_id)
        .outerjoin(CaseSystemEntry, CaseSystemEntry.visit_id == Visit.id)
        .outerjoin(authorised, authorised.c.visit_id == Visit.id)
        .where(
            Visit.state == "authorised",
            Visit.conflict_of.is_(None),
            or_(CaseSystemEntry.visit_id.is_(None), CaseSystemEntry.entered_on.is_(None)),
        )
    )
    with ws.db.sessions() as session:
        workers = worker_names(ws, session)
        rows = session.execute(query).all()
    out = []
    for vid, child_id, visited_at, device, created_by, given, family, ref, at in rows:
        on = at.date() if at is not None else None
        out.append(
            ReconRow(
                visit_id=vid,
                child_id=child_id,
                child_name=f"{given} {family}".strip(),
                case_reference=ref or "",
                worker=workers.get(device) or created_by or "",
                visited_on=visited_at.date(),
                authorised_on=on,
                days_waiting=max(0, (today - on).days) if on is not None else 0,
            )
        )
    out.sort(key=lambda r: (r.authorised_on or date.min, r.visited_on, r.child_name, r.visit_id))
    return out
