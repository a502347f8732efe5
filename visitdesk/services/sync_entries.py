"""What a worker's bundle may say about its records' entry in the case system, and how the
manager takes it in.

A worker's bundle carries the marks it changed since the manager's last acknowledgement
(``entries``). Each is checked at the manager before anything in the bundle is applied: it
must be for a record of the sending worker's device, held here and authorised here, dated no
later than tomorrow by this clock (a day's allowance for two laptops' clocks) and not
before the visit, and say who entered it in one clean line. Which device made the mark is
the enrolled device whose key signed the bundle, and when is what the row says, no later
than now: neither is ever taken from the bundle as it stands.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from visitdesk.services.case_entries import line_problem
from visitdesk.services.sync_payload import _row
from visitdesk.storage.models import CaseSystemEntry, Visit

# Two laptops' clocks may differ by up to a day (as for a visit's date).
CLOCK_ALLOWANCE = timedelta(days=1)


class EntryRefused(ValueError):
    """A mark the sender may not send: the bundle rules refuse the bundle whole, naming
    ``rule``."""

    def __init__(self, rule: str) -> None:
        super().__init__(rule)
        self.rule = rule


@dataclass(frozen=True, slots=True)
class EntryChange:
    """One mark, checked, as it will be written here."""

    visit_id: str
    entered_on: date | None
    entered_by: str
    marked_at: datetime


def pending(session: Session, mark: int) -> list[dict[str, Any]]:
    """This installation's marks changed after ``mark``, as a bundle carries them."""
    rows = session.scalars(select(CaseSystemEntry).where(CaseSystemEntry.change_seq > mark))
    return [_row(entry) for entry in rows]


def check(
    session: Session, sender: str, rows: list[dict[str, Any]], now: datetime
) -> list[EntryChange]:
    """The marks a worker's bundle carries, checked against what is held here, before
    anything is applied; :class:`EntryRefused` names the first that breaks a rule."""
    seen: set[str] = set()
    visits: dict[str, Visit] = {}
    ids = list({row["visit_id"] for row in rows})
    for start in range(0, len(ids), 500):
        for visit in session.scalars(select(Visit).where(Visit.id.in_(ids[start : start + 500]))):
            visits[visit.id] = visit
    latest = (now + CLOCK_ALLOWANCE).date()
    out = []
    for row in rows:
        visit_id = row["visit_id"]
        what = f"the case-system entry for visit record {visit_id[:8]}"
        if visit_id in seen:
            raise EntryRefused(f"it lists {what} twice")
        seen.add(visit_id)
        visit = visits.get(visit_id)
        if visit is None or visit.conflict_of is not None:
            raise EntryRefused(f"{what} is for a record this installation does not hold")
        if visit.origin_device != sender:
            raise EntryRefused(f"{what} is for another worker's visit record")
        if visit.state != "authorised":
            raise EntryRefused(f"{what} is for a record not authorised here")
        on = row["entered_on"]
        if on is not None and on > latest:
            raise EntryRefused(
                f"{what} is dated later than today (check the date on the sender's laptop)"
            )
        if on is not None and on < visit.visited_at.date():
            raise EntryRefused(f"{what} is dated before the visit")
        problem = line_problem(row["entered_by"], required=on is not None)
        if problem is not None:
            raise EntryRefused(f"{what}: who entered it {problem}")
        out.append(
            EntryChange(
                visit_id=visit_id,
                entered_on=on,
                entered_by=row["entered_by"] if on is not None else "",
                marked_at=min(row["marked_at"], now),
            )
        )
    return out


def apply(session: Session, sender: str, changes: list[EntryChange]) -> int:
    """Write the checked marks, made by ``sender`` (the enrolled signing device); returns how
    many changed anything here (a mark received again changes nothing)."""
    changed = 0
    for change in changes:
        entry = session.get(CaseSystemEntry, change.visit_id)
        if entry is not None and (entry.entered_on, entry.entered_by) == (
            change.entered_on,
            change.entered_by,
        ):
            continue
        if entry is None:
            entry = CaseSystemEntry(visit_id=change.visit_id)
            session.add(entry)
        entry.entered_on, entry.entered_by = change.entered_on, change.entered_by
        entry.marked_at, entry.marked_device = change.marked_at, sender
        changed += 1
    return changed
