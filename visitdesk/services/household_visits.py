"""One visit to several children of a household, written once, kept as each child's own record.

Each child visited has their own visit record from the first draft: it holds the visit's
shared part (when, where, who was there, why, the home; the catalogue's ``shared`` fields)
and that child's own part, and every record of the visit carries the same
``household_visit`` id. So each child is judged by their own standards, completes as their
own record with its own authorisation task, PDF and due dates, and syncs as any record does;
a child not seen is a failed visit for that child alone. Each child's plan for the visit
(004 I.14) is carried into their own record. Writes here touch every record of
the visit in one transaction, or none.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from visitdesk.errors import UserError
from visitdesk.services import records, visit_plans
from visitdesk.services.changes import Changes
from visitdesk.services.facts import current_plan
from visitdesk.services.households import MAX_HOUSEHOLD
from visitdesk.services.ownership import NotFound, own_child
from visitdesk.services.workspace import Workspace
from visitdesk.standards import fields as catalogue
from visitdesk.storage import answers
from visitdesk.storage.models import AuthorisationTask, Child, Plan, Visit, new_id

SHARED = frozenset(catalogue.SHARED_FIELDS)
OWN = frozenset(catalogue.OWN_FIELDS)

# How the record names each plan in "Status of the child" (1.1.1), as a case system does: a
# child on a child protection plan who is also looked after has both statuses on the record.
PLAN_STATUS = {
    "CIN": "CIN Plan",
    "CP": "CP Plan",
    "CLA": "Looked After (CLA)",
    "CP+CLA": "CP Plan and Looked After (CLA)",
}


def plan_status(plan_type: str | None) -> str:
    """The status of a child on ``plan_type`` as a record states it ("" for no plan)."""
    return PLAN_STATUS.get(plan_type or "", "")


def status_on(session: Session, child_id: str, day: date) -> str:
    plans = list(session.scalars(select(Plan).where(Plan.child_id == child_id)))
    plan = current_plan(plans, day)
    return plan_status(plan.plan_type if plan is not None else None)


@dataclass(frozen=True, slots=True)
class HouseholdRecord:
    """One child's record of a household visit."""

    visit_id: str
    child_id: str
    name: str
    given_name: str
    state: str


def _order(child: Child) -> tuple:
    born = child.date_of_birth
    return (born is None, born or child.expected_birth_date or date.max, child.full_name)


def _visits(session: Session, household_visit: str, *, device: str | None = None) -> list[Visit]:
    """The records of one household visit (conflict copies aside), the eldest child's first;
    only those made on ``device`` when it is given."""
    query = select(Visit).where(
        Visit.household_visit == household_visit, Visit.conflict_of.is_(None)
    )
    if device is not None:
        query = query.where(Visit.origin_device == device)
    visits = list(session.scalars(query.limit(MAX_HOUSEHOLD + 1)))
    return sorted(visits, key=lambda v: _order(v.child))


def records_of(ws: Workspace, household_visit: str) -> list[HouseholdRecord]:
    """Each child's record of the household visit, the eldest first."""
    with ws.db.sessions() as session:
        return [
            HouseholdRecord(
                v.id,
                v.child_id,
                v.child.full_name,
                v.child.given_name.strip() or v.child.full_name,
                v.state,
            )
            for v in _visits(session, household_visit)
        ]


def household_visit_of(ws: Workspace, visit_id: str) -> str | None:
    """The household visit a record is part of, None for a visit to one child."""
    with ws.db.sessions() as session:
        return session.scalar(select(Visit.household_visit).where(Visit.id == visit_id))


def others_visited(ws: Workspace, visit_id: str) -> list[str]:
    """The names of the other children a record's household visit was to, the eldest first
    (for the record: it may name them, never hold their part)."""
    with ws.db.sessions() as session:
        visit = session.get(Visit, visit_id)
        return [] if visit is None else others_visited_in(session, visit)


def others_visited_in(session: Session, visit: Visit) -> list[str]:
    """:func:`others_visited` in the caller's session. Only the other records' children's
    names are read: their own parts stay in their own records."""
    if visit.household_visit is None:
        return []
    rows = session.execute(
        select(Child.given_name, Child.family_name, Child.date_of_birth, Child.expected_birth_date)
        .join(Visit, Visit.child_id == Child.id)
        .where(
            Visit.household_visit == visit.household_visit,
            Visit.conflict_of.is_(None),
            Visit.origin_device == visit.origin_device,
            Visit.child_id != visit.child_id,
        )
        .limit(MAX_HOUSEHOLD)
    ).all()
    named = [
        (born is None, born or expected or date.max, f"{given} {family}".strip())
        for given, family, born, expected in rows
    ]
    return [name for *_order, name in sorted(named)]


def draft_of(ws: Workspace, child_id: str) -> str | None:
    """The household visit of the child's draft on this device, if their draft is one."""
    draft = records.draft_for(ws, child_id)
    return None if draft is None else household_visit_of(ws, draft)


def start(ws: Workspace, child_ids: list[str], visited_at: datetime, **shared: Any) -> str:
    """Begin a household visit to ``child_ids`` (two or more children of one household, on
    this caseload): a draft record for each, holding ``shared``. Returns the household
    visit's id."""
    unique = list(dict.fromkeys(child_ids))
    if len(unique) < 2:
        raise UserError("choose at least two children for a household visit")
    if len(unique) > MAX_HOUSEHOLD:
        raise UserError(f"a household visit is for at most {MAX_HOUSEHOLD} children")
    not_shared = sorted(set(shared) - SHARED)
    if not_shared:
        raise UserError(f"{not_shared[0].replace('_', ' ')} is each child's own answer")
    clean = records.clean_visit_changes(ws, {"visited_at": visited_at, **shared})
    now = ws.now()
    household_visit = new_id()
    with ws.db.transaction() as session:
        children = []
        for child_id in unique:
            child = session.get(Child, child_id)
            if child is None:
                raise NotFound("one of those children is not on this caseload")
            own_child(ws, child)
            children.append(child)
        households = {c.household_id for c in children}
        if None in households or len(households) != 1:
            raise UserError(
                "a household visit is for children who live together: add them to one "
                "household first"
            )
        for child in sorted(children, key=_order):
            if child.date_of_birth and clean["visited_at"].date() < child.date_of_birth:
                raise UserError(f"the visit date is before {child.full_name}'s date of birth")
            draft = session.scalar(
                select(Visit.id).where(
                    Visit.child_id == child.id,
                    Visit.state == "draft",
                    Visit.conflict_of.is_(None),
                    Visit.origin_device == ws.identity.device_id,
                )
            )
            if draft is not None:
                raise UserError(
                    f"{child.full_name} already has a visit record being written: finish or "
                    "discard it first"
                )
            visit = Visit(
                child_id=child.id,
                household_visit=household_visit,
                created_by=ws.identity.worker_name,
                origin_device=ws.identity.device_id,
                created_at=now,
                updated_at=now,
            )
            status = status_on(session, child.id, clean["visited_at"].date())
            answers.store(visit, {**clean, "status_of_child": status})
            session.add(visit)
            session.flush()
            ws.audit(session, "create", "visit", visit.id, f"household visit {household_visit}")
            # Each child's own plan for this visit goes into their own record.
            visit_plans.carry_in(ws, session, child, visit)
    return household_visit


def changes_of_start(ws: Workspace, household_visit: str) -> Changes:
    """What :func:`start` changed: each child's new draft, and so their caseload rows."""
    found = records_of(ws, household_visit)
    return Changes.of(children=[r.child_id for r in found], visits=[r.visit_id for r in found])


def _own_visits(ws: Workspace, session: Session, household_visit: str) -> list[Visit]:
    visits = _visits(session, household_visit, device=ws.identity.device_id)
    if not visits:
        raise NotFound("that household visit is no longer on this caseload")
    return visits


def save(
    ws: Workspace,
    household_visit: str,
    shared: Mapping[str, Any],
    own: Mapping[str, Mapping[str, Any]],
) -> datetime:
    """Store what has been typed so far: ``shared`` into every child's record, and each
    child's ``own`` answers (by record id) into theirs. Returns the time it was saved."""
    not_shared = sorted(set(shared) - SHARED)
    if not_shared:
        raise UserError(f"{not_shared[0].replace('_', ' ')} is each child's own answer")
    clean_shared = records.clean_visit_changes(ws, shared)
    clean_own = {}
    for visit_id, values in own.items():
        not_own = sorted(set(values) - OWN)
        if not_own:
            raise UserError(f"{not_own[0].replace('_', ' ')} is shared by the whole visit")
        clean_own[visit_id] = records.clean_visit_changes(ws, values)
    now = ws.now()
    with ws.db.transaction() as session:
        visits = _own_visits(ws, session, household_visit)
        by_id = {v.id: v for v in visits}
        stray = set(clean_own) - set(by_id)
        if stray:
            raise UserError("a record given is not part of this household visit")
        changed = False
        for visit in visits:
            if visit.state not in records.EDITABLE_STATES:
                continue  # completed with the others (or returned on its own): not rewritten
            values = {**clean_shared, **clean_own.get(visit.id, {})}
            changed = records.store_draft(ws, session, visit, values, now) or changed
        return now if changed else max(v.updated_at for v in visits)


def changes_of_save(ws: Workspace, household_visit: str) -> Changes:
    return changes_of_start(ws, household_visit)


def complete(ws: Workspace, household_visit: str) -> Changes:
    """Complete every child's record of the visit at once, each with its own check kept and
    its own authorisation task; refused, naming the child, while any record cannot be."""
    now = ws.now()
    with ws.db.transaction() as session:
        visits = [
            v
            for v in _own_visits(ws, session, household_visit)
            if v.state in records.EDITABLE_STATES
        ]
        if not visits:
            raise UserError("every record of this household visit has been completed")
        for visit in visits:
            problem = records.completion_problem(ws, session, visit)
            if problem:
                raise UserError(
                    f"{visit.child.full_name}'s record cannot be completed yet: {problem}"
                )
        for visit in visits:
            records.mark_completed(ws, session, visit, now)
        return Changes.of(
            children=[v.child_id for v in visits], visits=[v.id for v in visits], decisions=True
        )


def discard(ws: Workspace, household_visit: str) -> Changes:
    """Throw away every draft of the household visit (asked for in the app first)."""
    with ws.db.transaction() as session:
        visits = [v for v in _own_visits(ws, session, household_visit) if v.state == "draft"]
        if any(v.synced_hash for v in visits):
            raise UserError(
                "this visit has already gone to your manager in a bundle, so it cannot be "
                "discarded here; finish it, or ask your manager"
            )
        for visit in visits:
            visit_plans.give_back(ws, session, visit)
            session.delete(visit)
            ws.audit(session, "discard", "visit", visit.id)
        return Changes.of(children=[v.child_id for v in visits], visits=[v.id for v in visits])


def leave_out(ws: Workspace, household_visit: str, visit_id: str) -> Changes:
    """Take one child out of a household visit still being written (their draft is thrown
    away); the others' records go on. When one child is left, theirs becomes an ordinary
    visit record: a household visit is to two children or more."""
    with ws.db.transaction() as session:
        visits = _own_visits(ws, session, household_visit)
        visit = next((v for v in visits if v.id == visit_id), None)
        if visit is None:
            raise UserError("that record is not part of this household visit")
        if visit.state != "draft" or visit.synced_hash:
            raise UserError(
                f"{visit.child.full_name}'s record has gone beyond a draft and stays on file"
            )
        rest = [v for v in visits if v.id != visit_id]
        if not any(v.state in records.EDITABLE_STATES for v in rest):
            raise UserError("a household visit keeps at least one child: discard it instead")
        child_id = visit.child_id
        visit_plans.give_back(ws, session, visit)
        session.delete(visit)
        ws.audit(session, "discard", "visit", visit_id, f"household visit {household_visit}")
        changed = [visit_id]
        if len(rest) == 1:
            rest[0].household_visit = None
            rest[0].updated_at = ws.now()
            ws.audit(session, "change", "visit", rest[0].id, "household_visit")
            changed.append(rest[0].id)
        return Changes.of(children=[child_id, *(v.child_id for v in rest)], visits=changed)


@dataclass(frozen=True, slots=True)
class OpenTask:
    task_id: str
    visit_id: str
    child_id: str
    name: str


def open_tasks(ws: Workspace, task_id: str) -> list[OpenTask]:
    """The open authorisation tasks of the household visit ``task_id``'s record is part of
    (that one included), the eldest child's first: records one worker made at one visit.
    Just that task when its record is a visit to one child."""
    with ws.db.sessions() as session:
        task = session.get(AuthorisationTask, task_id)
        if task is None or task.state != "open":
            return []
        visit = session.get(Visit, task.visit_id)
        if visit is None:
            return []
        visits = (
            [visit]
            if visit.household_visit is None
            else _visits(session, visit.household_visit, device=visit.origin_device)
        )
        out = []
        for v in visits:
            open_task = session.scalar(
                select(AuthorisationTask).where(
                    AuthorisationTask.visit_id == v.id,
                    AuthorisationTask.state == "open",
                    AuthorisationTask.visit_revision == v.revision,
                )
            )
            if open_task is not None and v.state == "completed":
                out.append(OpenTask(open_task.id, v.id, v.child_id, v.child.full_name))
        return out


def authorise_all(ws: Workspace, task_ids: list[str], comment: str = "") -> Changes:
    """Authorise every task in ``task_ids`` (the open tasks of one household visit, as
    :func:`open_tasks` listed them and the manager confirmed them) in one transaction: all of
    them, or none if any has been decided meanwhile."""
    if not ws.is_manager:
        raise UserError("only a manager can authorise records")
    if not task_ids:
        raise UserError("there is nothing to authorise")
    with ws.db.transaction() as session:
        tasks = [records.open_task(session, task_id) for task_id in dict.fromkeys(task_ids)]
        visits = [session.get(Visit, t.visit_id) for t in tasks]
        groups = {(v.household_visit, v.origin_device) for v in visits}
        if len(tasks) > 1 and (len(groups) != 1 or None in {g[0] for g in groups}):
            raise UserError("those records are not of one household visit")
        decided = [records.mark_authorised(ws, session, task, comment) for task in tasks]
        return Changes.of(
            children=[v.child_id for v in decided], visits=[v.id for v in decided], decisions=True
        )


def open_task_groups(ws: Workspace) -> dict[str, tuple[OpenTask, ...]]:
    """Every open authorisation task that is one of several of one household visit (as
    :func:`open_tasks` groups them: one worker's records of one visit), with its group, the
    eldest child's first; in one query, for the list of tasks."""
    query = (
        select(
            AuthorisationTask.id,
            Visit.id,
            Visit.household_visit,
            Visit.origin_device,
            Child.id,
            Child.given_name,
            Child.family_name,
            Child.date_of_birth,
            Child.expected_birth_date,
        )
        .join(Visit, AuthorisationTask.visit_id == Visit.id)
        .join(Child, Visit.child_id == Child.id)
        .where(
            AuthorisationTask.state == "open",
            AuthorisationTask.visit_revision == Visit.revision,
            Visit.state == "completed",
            Visit.household_visit.is_not(None),
            Visit.conflict_of.is_(None),
        )
    )
    groups: dict[tuple[str, str], list[tuple[tuple, OpenTask]]] = {}
    with ws.db.sessions() as session:
        for task_id, vid, hv, device, cid, given, family, born, due in session.execute(query):
            name = f"{given} {family}".strip()
            order = (born is None, born or due or date.max, name)
            groups.setdefault((hv, device), []).append((order, OpenTask(task_id, vid, cid, name)))
    out: dict[str, tuple[OpenTask, ...]] = {}
    for found in groups.values():
        if len(found) > 1:
            group = tuple(task for _, task in sorted(found, key=lambda f: f[0]))
            out.update((task.task_id, group) for task in group)
    return out
