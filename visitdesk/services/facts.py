"""Turn stored children, plans and visits into the plain facts the standards engine reads,
and name the standards this installation judges them by."""

from __future__ import annotations

import logging
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from visitdesk.services.meetings import PlanDataError, holidays_of, meetings_of
from visitdesk.standards import (
    Authority,
    ChildFacts,
    VisitFacts,
    VisitInterval,
    authority_of,
)
from visitdesk.standards.case import HolidayFacts, MeetingFacts, visit_facts_from
from visitdesk.storage import answers
from visitdesk.storage.models import AuthorisationTask, Child, Plan, Visit

if TYPE_CHECKING:
    from visitdesk.services.workspace import Workspace

log = logging.getLogger(__name__)


def installation_authority(ws: Workspace) -> Authority:
    """The standards this installation judges by: the authority holding its chosen profile.

    An installation records one profile; its authority brings the rest of the set (the
    looked-after regulations beside a CIN and CP standard, say), so no plan it covers is
    left unjudged.
    """
    return authority_of(ws.identity.authority_id, ws.identity.policy_id)


def current_plan(plans: list[Plan], on: date) -> Plan | None:
    """The plan in force on a date: the latest started one that has not ended."""
    live = [p for p in plans if p.start_date <= on and (p.end_date is None or p.end_date >= on)]
    if live:
        return max(live, key=lambda p: p.start_date)
    upcoming = [p for p in plans if p.start_date > on]
    return min(upcoming, key=lambda p: p.start_date) if upcoming else None


def plan_meetings(plan: Plan | None) -> tuple[MeetingFacts, ...]:
    """The plan's meetings for the standards; none (and a warning in the log, never what was
    stored) when what is stored cannot be read, so one damaged plan never stops a caseload."""
    if plan is None or not plan.meetings:
        return ()
    try:
        return meetings_of(plan)
    except PlanDataError:
        log.warning("the meetings stored on a plan could not be read and were left out")
        return ()


def plan_holidays(plan: Plan | None) -> tuple[HolidayFacts, ...]:
    """The plan's holidays for the standards, read as :func:`plan_meetings` reads meetings."""
    if plan is None or not plan.holidays:
        return ()
    try:
        return holidays_of(plan)
    except PlanDataError:
        log.warning("the holidays stored on a plan could not be read and were left out")
        return ()


def child_facts(child: Child, plan: Plan | None) -> ChildFacts:
    interval = None
    if plan is not None and plan.visit_every and plan.visit_unit:
        interval = VisitInterval(plan.visit_every, plan.visit_unit, plan.visit_rationale or "")
    return ChildFacts(
        plan=plan.plan_type if plan is not None else "CIN",
        date_of_birth=child.date_of_birth,
        expected_birth_date=child.expected_birth_date,
        plan_start=plan.start_date if plan is not None else None,
        allocated_on=plan.allocated_on if plan is not None else None,
        region=child.region,
        visit_interval=interval,
        electively_home_educated=bool(plan and plan.electively_home_educated),
        regulation_24=bool(plan and plan.regulation_24),
        placement_start=plan.placement_start if plan is not None else None,
        placement_until_18=bool(plan and plan.placement_until_18),
        dcs_level=plan.dcs_level if plan is not None else None,
        first_review_date=plan.first_review_date if plan is not None else None,
        meetings=plan_meetings(plan),
        holidays=plan_holidays(plan),
    )


# A returned record was written up once already: its lateness is judged by when it was first
# completed, not by the correction. Each completion opens an authorisation task, so the
# earliest task of a record is its first completion.
WRITTEN_UP = ("completed", "authorised", "returned")


def first_completions(session: Session, child_id: str | None = None) -> dict[str, datetime]:
    """When each record (of one child, or all) was first completed."""
    query = select(AuthorisationTask.visit_id, func.min(AuthorisationTask.created_at))
    if child_id is not None:
        query = query.join(Visit, Visit.id == AuthorisationTask.visit_id).where(
            Visit.child_id == child_id
        )
    return {vid: at for vid, at in session.execute(query.group_by(AuthorisationTask.visit_id))}


def visit_facts(visit: Visit, first_completed: datetime | None = None) -> VisitFacts:
    """The engine's view of a stored record; ``first_completed`` from :func:`first_completions`."""
    completed = visit.state in WRITTEN_UP
    recorded = (first_completed or visit.completed_at) if completed else None
    return visit_facts_from(
        answers.values_of(visit), id=visit.id, completed=completed, recorded_at=recorded
    )
