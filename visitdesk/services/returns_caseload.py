"""What the returns read: each child with their plans, the visit records that count, and who
holds the case, read once with a few plain queries (never one ORM object per visit).

A record counts when the visit happened: completed, authorised and returned records, never a
draft, a conflict copy, or a visit the worker could not attend. Each record belongs to the
plan in force on its day (see :func:`plan_on`). The rules are set out in ``docs/returns.md``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import or_, select

from visitdesk.services.enrolment import team_workers
from visitdesk.services.workspace import Workspace
from visitdesk.standards import fields as catalogue
from visitdesk.storage.models import Child, Peer, Plan, Visit

# Records of visits that happened: the worker completed them, whatever the manager decided.
COUNTED_STATES = ("completed", "authorised", "returned")
# What the worker chose when they could not go: no visit took place, so it is left out.
NOT_ATTENDED = "cancelled"


class ReturnPlan(NamedTuple):
    id: str
    plan_type: str
    start: date
    end: date | None
    placement_start: date | None

    def live_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


class ReturnVisit(NamedTuple):
    """One counted record, with only the answers the form shows for it: an answer left from
    before the outcome changed (seen alone on a failed visit, say) is not recorded. (Plain
    tuples: a return makes one for each of 100,000 records.)"""

    id: str
    at: datetime
    day: date  # the day of ``at``, kept: every list asks for it
    outcome: str | None
    seen: str | None
    seen_alone: str | None
    bedroom_seen: bool | None
    plan: ReturnPlan | None

    @property
    def took_place(self) -> bool:
        return self.outcome in catalogue.TOOK_PLACE

    @property
    def child_seen(self) -> bool:
        """The child was seen: the visit took place and the answer was Yes. A failed visit,
        or an unborn child's, is not a day the child was seen."""
        return self.took_place and self.seen == "yes"


@dataclass(slots=True)
class ReturnChild:
    id: str
    person_id: str  # the case reference, else VisitDesk's id: the same in every file
    date_of_birth: date | None
    worker: str
    team: str
    plans: list[ReturnPlan] = field(default_factory=list)
    visits: list[ReturnVisit] = field(default_factory=list)  # earliest first

    def unborn_on(self, day: date) -> bool:
        return self.date_of_birth is None or day < self.date_of_birth


def plan_on(plans: list[ReturnPlan], day: date) -> ReturnPlan | None:
    """The plan in force on ``day``: of those running that day, the one started last (a
    plan that replaces another from the day it starts). None when no plan was running."""
    found = None
    for plan in plans:
        if plan.live_on(day) and (found is None or (plan.start, plan.id) > (found.start, found.id)):
            found = plan
    return found


def _shown(outcome: str | None, seen: str | None) -> tuple[bool, bool, bool]:
    """Whether the form shows seen, seen alone and bedroom seen for these answers (the field
    catalogue's own conditions); worked out once for each of the few pairs there are."""
    values = {"outcome": outcome, "seen": seen}
    return tuple(  # type: ignore[return-value]
        all(values.get(other) in allowed for other, allowed in catalogue.field(name).only_if)
        for name in ("seen", "seen_alone", "bedroom_seen")
    )


def _allocation(ws: Workspace, session) -> dict[str, tuple[str, str]]:  # noqa: ANN001
    """Worker and team by the device a child's records come from. A manager's installation
    holds the team's children: each is allocated to the enrolled worker whose device they came
    from (the manager's own team when that worker's card names none)."""
    me = (ws.identity.worker_name, ws.identity.team)
    out = {ws.identity.device_id: me}
    if ws.is_manager:
        for device, name, team in session.execute(
            select(Peer.device_id, Peer.name, Peer.team).where(team_workers())
        ):
            out[device] = (name, team or ws.identity.team)
    return out


def read(ws: Workspace) -> list[ReturnChild]:
    """Every child on this installation, by person id, with their plans (earliest first) and
    their counted records (earliest first), each given the plan in force on its day."""
    with ws.db.sessions() as session:
        allocation = _allocation(ws, session)
        # Plain rows through the connection: no ORM work for each of 100,000 rows.
        db = session.connection()
        children = db.execute(
            select(
                Child.id, Child.case_reference, Child.date_of_birth, Child.origin_device
            ).order_by(Child.id)
        ).all()
        plans = db.execute(
            select(
                Plan.id,
                Plan.child_id,
                Plan.plan_type,
                Plan.start_date,
                Plan.end_date,
                Plan.placement_start,
            ).order_by(Plan.start_date, Plan.id)
        ).all()
        visits = db.execute(
            select(
                Visit.id,
                Visit.child_id,
                Visit.visited_at,
                Visit.outcome,
                Visit.seen,
                Visit.seen_alone,
                Visit.bedroom_seen,
            )
            .where(
                Visit.state.in_(COUNTED_STATES),
                Visit.conflict_of.is_(None),
                or_(Visit.outcome.is_(None), Visit.outcome != NOT_ATTENDED),
            )
            .order_by(Visit.child_id, Visit.visited_at, Visit.id)
        ).all()
    by_plan: dict[str, list[ReturnPlan]] = defaultdict(list)
    for pid, cid, plan_type, start, end, placed in plans:
        by_plan[cid].append(ReturnPlan(pid, plan_type, start, end, placed))
    by_visit: dict[str, list[tuple]] = defaultdict(list)
    for row in visits:
        by_visit[row[1]].append(row)
    mine = allocation[ws.identity.device_id]
    nobody = ("", "")  # a device no longer enrolled: no worker this installation knows
    shown: dict[tuple, tuple[bool, bool, bool]] = {}
    out = []
    for cid, reference, born, device in children:
        # A worker's installation holds only their own caseload.
        worker, team = allocation.get(device, nobody) if ws.is_manager else mine
        child = ReturnChild(cid, reference or cid, born, worker, team, by_plan.get(cid, []))
        for vid, _cid, at, outcome, seen, alone, bedroom in by_visit.get(cid, ()):
            key = (outcome, seen)
            if key not in shown:
                shown[key] = _shown(outcome, seen)
            show_seen, show_alone, show_bedroom = shown[key]
            day = at.date()
            child.visits.append(
                ReturnVisit(
                    vid,
                    at,
                    day,
                    outcome,
                    seen if show_seen else None,
                    alone if show_alone else None,
                    bedroom if show_bedroom else None,
                    plan_on(child.plans, day),
                )
            )
        out.append(child)
    out.sort(key=lambda c: (c.person_id, c.id))
    return out
