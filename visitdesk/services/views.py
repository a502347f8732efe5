"""Read models: the plain, frozen rows the window and the command line show.

Each function reads in one session and hands back frozen dataclasses, so nothing live leaves
the database layer; what a row says is worked out once here (with the caseload and record
services), never in a widget or a command.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, Select, func, select

from visitdesk.services.caseload import age_text
from visitdesk.services.facts import current_plan, plan_holidays, plan_meetings
from visitdesk.services.records import NotFound
from visitdesk.services.workspace import Workspace
from visitdesk.standards.case import HolidayFacts, MeetingFacts
from visitdesk.storage.models import AuthorisationTask, Child, Plan, Visit


@dataclass(frozen=True, slots=True)
class PlanView:
    """A child's plan as the plan editor shows it, with its meetings and holidays read."""

    id: str
    child_id: str
    plan_type: str
    start_date: date
    end_date: date | None
    allocated_on: date | None
    visit_every: int | None
    visit_unit: str | None
    visit_rationale: str
    electively_home_educated: bool
    regulation_24: bool
    placement_start: date | None
    placement_until_18: bool
    first_review_date: date | None
    dcs_level: str | None
    meetings: tuple[MeetingFacts, ...] = ()
    holidays: tuple[HolidayFacts, ...] = ()


@dataclass(frozen=True, slots=True)
class ChildView:
    """What a child's page shows about the child, and the plan in force."""

    id: str
    full_name: str
    date_of_birth: date | None
    expected_birth_date: date | None
    case_reference: str
    address: str
    age: str  # as a worker says it ("7 years", "unborn (due ...)")
    editable: bool  # on this installation's caseload: its worker may change the plan
    plan: PlanView | None


@dataclass(frozen=True, slots=True)
class VisitRow:
    """One visit record in a list: the child's page, or ``visitdesk visits``."""

    id: str
    child_id: str
    child_name: str
    visited_at: datetime
    location: str | None
    seen: str | None
    seen_alone: str | None
    state: str
    revision: int
    completed_at: datetime | None
    created_by: str
    conflict: bool  # the other device's version of a record changed in two places
    # The household visit the record is part of (an id its sibling records share), None for a
    # visit to one child; and how many children that visit was to (1 for a visit to one).
    household_visit: str | None = None
    children_visited: int = 1


@dataclass(frozen=True, slots=True)
class TaskRow:
    """One record waiting for the manager's decision."""

    id: str  # the authorisation task
    visit_id: str
    child_id: str
    child_name: str
    visited_at: datetime
    worker: str
    completed_at: datetime | None
    revision: int  # the revision of the record the task is for


@dataclass(frozen=True, slots=True)
class ChildRow:
    """One child in ``visitdesk children``."""

    id: str
    name: str
    case_reference: str
    date_of_birth: date | None
    expected_birth_date: date | None
    plan_type: str | None
    plan_start: date | None
    visits: int  # every record held for the child


def _full_name(given: str, family: str) -> str:
    # As Child.full_name says it, for rows read as plain columns.
    return f"{given} {family}".strip()


def _plan_view(plan: Plan) -> PlanView:
    return PlanView(
        id=plan.id,
        child_id=plan.child_id,
        plan_type=plan.plan_type,
        start_date=plan.start_date,
        end_date=plan.end_date,
        allocated_on=plan.allocated_on,
        visit_every=plan.visit_every,
        visit_unit=plan.visit_unit,
        visit_rationale=plan.visit_rationale,
        electively_home_educated=plan.electively_home_educated,
        regulation_24=plan.regulation_24,
        placement_start=plan.placement_start,
        placement_until_18=plan.placement_until_18,
        first_review_date=plan.first_review_date,
        dcs_level=plan.dcs_level,
        meetings=plan_meetings(plan),
        holidays=plan_holidays(plan),
    )


def child_page(ws: Workspace, child_id: str, on: date | None = None) -> ChildView:
    """The child and the plan in force on ``on`` (today by default)."""
    on = on or ws.today()
    with ws.db.sessions() as session:
        child = session.get(Child, child_id)
        if child is None:
            raise NotFound("that child is not on this caseload")
        plans = list(session.scalars(select(Plan).where(Plan.child_id == child_id)))
        plan = current_plan(plans, on)
        return ChildView(
            id=child.id,
            full_name=child.full_name,
            date_of_birth=child.date_of_birth,
            expected_birth_date=child.expected_birth_date,
            case_reference=child.case_reference,
            address=child.address,
            age=age_text(child.date_of_birth, child.expected_birth_date, on),
            editable=not child.origin_device or child.origin_device == ws.identity.device_id,
            plan=_plan_view(plan) if plan is not None else None,
        )


def current_plan_view(ws: Workspace, child_id: str, on: date | None = None) -> PlanView | None:
    """The child's plan in force on ``on`` (today by default), if they have one."""
    on = on or ws.today()
    with ws.db.sessions() as session:
        plans = list(session.scalars(select(Plan).where(Plan.child_id == child_id)))
        plan = current_plan(plans, on)
        return _plan_view(plan) if plan is not None else None


def child_name(ws: Workspace, child_id: str) -> str:
    """The child's name as records show it."""
    with ws.db.sessions() as session:
        row = session.execute(
            select(Child.given_name, Child.family_name).where(Child.id == child_id)
        ).first()
    if row is None:
        raise NotFound("that child is not on this caseload")
    return _full_name(*row)


def child_of(ws: Workspace, record_id: str) -> str | None:
    """The child a child's or a visit record's id belongs to; None when it is neither."""
    with ws.db.sessions() as session:
        if session.scalar(select(Child.id).where(Child.id == record_id)) is not None:
            return record_id
        return session.scalar(select(Visit.child_id).where(Visit.id == record_id))


# How many records each household visit has (conflict copies aside), joined to every row in
# the same query: the list never looks a record's siblings up one by one.
_HOUSEHOLD_SIZES = (
    select(
        Visit.household_visit.label("household_visit"),
        Visit.origin_device.label("origin_device"),
        func.count().label("records"),
    )
    .where(Visit.household_visit.is_not(None), Visit.conflict_of.is_(None))
    # One worker's records of one visit, as the manager's "authorise all" groups them.
    .group_by(Visit.household_visit, Visit.origin_device)
    .subquery()
)

_VISIT_COLUMNS = (
    Visit.id,
    Visit.child_id,
    Child.given_name,
    Child.family_name,
    Visit.visited_at,
    Visit.location,
    Visit.seen,
    Visit.seen_alone,
    Visit.state,
    Visit.revision,
    Visit.completed_at,
    Visit.created_by,
    Visit.conflict_of,
    Visit.household_visit,
    _HOUSEHOLD_SIZES.c.records,
)


def _visits_query(*where: ColumnElement[bool]) -> Select:
    return (
        select(*_VISIT_COLUMNS)
        .join(Child, Visit.child_id == Child.id)
        .outerjoin(
            _HOUSEHOLD_SIZES,
            (_HOUSEHOLD_SIZES.c.household_visit == Visit.household_visit)
            & (_HOUSEHOLD_SIZES.c.origin_device == Visit.origin_device),
        )
        .where(*where)
    )


def _visit_row(values: tuple) -> VisitRow:
    vid, cid, given, family, at, location, seen, alone, state, rev, done, by, twin_of = values[:13]
    household_visit, records = values[13:]
    return VisitRow(
        id=vid,
        child_id=cid,
        child_name=_full_name(given, family),
        visited_at=at,
        location=location,
        seen=seen,
        seen_alone=alone,
        state=state,
        revision=rev,
        completed_at=done,
        created_by=by,
        conflict=twin_of is not None,
        household_visit=household_visit,
        children_visited=records or 1,
    )


def visit_rows(ws: Workspace, child_id: str) -> list[VisitRow]:
    """A child's visit records, the latest first, as their page lists them."""
    query = _visits_query(Visit.child_id == child_id).order_by(Visit.visited_at.desc())
    with ws.db.sessions() as session:
        return [_visit_row(tuple(r)) for r in session.execute(query)]


def visit_list(ws: Workspace, child_id: str | None = None) -> list[VisitRow]:
    """Every visit record (or one child's), the earliest first, as ``visitdesk visits``
    lists them; NotFound for a child that is not on this caseload."""
    query = _visits_query().order_by(Visit.visited_at)
    with ws.db.sessions() as session:
        if child_id:
            if session.scalar(select(Child.id).where(Child.id == child_id)) is None:
                raise NotFound(f"no child with id {child_id}")
            query = query.where(Visit.child_id == child_id)
        return [_visit_row(tuple(r)) for r in session.execute(query)]


def authorisation_rows(ws: Workspace) -> list[TaskRow]:
    """The records waiting for authorisation, the longest waiting first."""
    query = (
        select(
            AuthorisationTask.id,
            Visit.id,
            Child.id,
            Child.given_name,
            Child.family_name,
            Visit.visited_at,
            Visit.created_by,
            Visit.completed_at,
            AuthorisationTask.visit_revision,
        )
        .join(Visit, AuthorisationTask.visit_id == Visit.id)
        .join(Child, Visit.child_id == Child.id)
        .where(AuthorisationTask.state == "open")
        .order_by(AuthorisationTask.created_at)
    )
    with ws.db.sessions() as session:
        rows = session.execute(query).all()
    return [
        TaskRow(
            id=task_id,
            visit_id=visit_id,
            child_id=cid,
            child_name=_full_name(given, family),
            visited_at=at,
            worker=by,
            completed_at=done,
            revision=revision,
        )
        for task_id, visit_id, cid, given, family, at, by, done, revision in rows
    ]


def children(ws: Workspace, on: date | None = None) -> list[ChildRow]:
    """Every child on this caseload by family name then given name, with the plan in force
    on ``on`` (today by default) and how many records each has."""
    on = on or ws.today()
    with ws.db.sessions() as session:
        found = list(session.scalars(select(Child).order_by(Child.family_name, Child.given_name)))
        plans: dict[str, list[Plan]] = defaultdict(list)
        for plan in session.scalars(select(Plan).order_by(Plan.start_date)):
            plans[plan.child_id].append(plan)
        counts = dict(
            session.execute(select(Visit.child_id, func.count()).group_by(Visit.child_id)).all()
        )
        out = []
        for child in found:
            plan = current_plan(plans[child.id], on)
            out.append(
                ChildRow(
                    id=child.id,
                    name=child.full_name,
                    case_reference=child.case_reference,
                    date_of_birth=child.date_of_birth,
                    expected_birth_date=child.expected_birth_date,
                    plan_type=plan.plan_type if plan is not None else None,
                    plan_start=plan.start_date if plan is not None else None,
                    visits=counts.get(child.id, 0),
                )
            )
    return out
