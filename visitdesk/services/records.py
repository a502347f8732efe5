"""Use cases for children, plans and visit records: each write is one transaction with its audit.

Completed records are never edited in place: corrections are dated addenda, and a record the
manager returns reopens as a new revision. Each write returns the :class:`Changes` it made (or,
where it returns an id or a time, a ``changes_of_...`` helper here says what it changed).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from visitdesk import limits
from visitdesk.errors import UserError
from visitdesk.services import visit_plans
from visitdesk.services.changes import Changes
from visitdesk.services.households_history import household_id_for
from visitdesk.services.ownership import NotFound
from visitdesk.services.ownership import own_child as _own_child
from visitdesk.services.workspace import Workspace
from visitdesk.standards import fields as catalogue
from visitdesk.storage import answers
from visitdesk.storage.models import (
    DCS_LEVELS,
    INTERVAL_UNITS,
    PLAN_TYPES,
    REGIONS,
    Addendum,
    AuthorisationTask,
    Child,
    Plan,
    Visit,
)

# What a worker may type into a visit record: the field catalogue's stored fields, with the
# values each choice allows (visitdesk.standards.fields).
_CHOICES: dict[str, tuple[str, ...]] = {
    name: values for name, values in catalogue.CHOICES.items() if catalogue.field(name).stored
}
VISIT_FIELDS = catalogue.STORED_FIELDS
NARRATIVE_FIELDS = catalogue.NARRATIVE
EDITABLE_STATES = ("draft", "returned")


def _clean_visit_changes(changes: Mapping[str, Any]) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    for key, value in changes.items():
        if key not in catalogue.BY_NAME or not catalogue.field(key).stored:
            raise UserError(f"a visit record has no field called {key!r}")
        if key == "visited_at":
            if not isinstance(value, datetime):
                raise UserError("the visit date and time is not a valid date and time")
            clean[key] = value.replace(second=0, microsecond=0)
            continue
        if value is None and catalogue.field(key).kind == "text":
            value = ""
        problem = catalogue.problem(key, value)
        if problem is not None:
            raise UserError(f"{key.replace('_', ' ')} {problem}")
        clean[key] = value
    return clean


def content_hash(visit: Visit) -> str:
    """A SHA-256 over what the record says, so a printed copy can be matched to the database."""
    values = answers.values_of(visit)
    values.update(
        id=visit.id,
        child_id=visit.child_id,
        revision=visit.revision,
        household_visit=visit.household_visit,
        visit_plan=visit.visit_plan,
    )
    return content_hash_of(values)


# Fields added after records were first hashed (outcome and contact, the household visit a
# record is part of, the plan carried into it, and every field kept in the record's
# answers): left out while empty, so every record written before them keeps its hash (a
# printed copy still matches, and sync does not take an old record for one edited here).
_HASHED_WHEN_SET = frozenset(
    {"outcome", "contact", "household_visit", "visit_plan", *catalogue.ANSWER_FIELDS}
)
_HASHED = ("id", "child_id", "revision", "household_visit", "visit_plan", *VISIT_FIELDS)


def content_hash_of(values: Mapping[str, Any]) -> str:
    """The same hash from plain values by catalogue name, or from a bundle's row (whose
    ``answers`` hold the fields without a column, as text)."""
    if isinstance(values.get("answers"), str):
        values = {**values, **answers.parse_answers(values["answers"])}
    body = {name: values.get(name) for name in _HASHED}
    for name in _HASHED_WHEN_SET:
        if not catalogue.recorded(body.get(name)):
            del body[name]
        elif isinstance(body[name], datetime):
            body[name] = body[name].isoformat()
    body["visited_at"] = values["visited_at"].isoformat()
    raw = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


# --- children and plans -------------------------------------------------------------------


@dataclass(frozen=True)
class PlanInput:
    plan_type: str
    start_date: date
    allocated_on: date | None = None
    end_date: date | None = None
    visit_every: int | None = None
    visit_unit: str | None = None
    visit_rationale: str = ""
    electively_home_educated: bool = False
    regulation_24: bool = False
    placement_start: date | None = None
    placement_until_18: bool = False
    first_review_date: date | None = None
    dcs_level: str | None = None

    def validate(self) -> None:
        if self.plan_type not in PLAN_TYPES:
            raise UserError(f"plan type must be one of {', '.join(PLAN_TYPES)}")
        if self.end_date is not None and self.end_date < self.start_date:
            raise UserError("the plan cannot end before it starts")
        if (self.visit_every is None) != (self.visit_unit is None):
            raise UserError("give both how often visits are agreed and the unit, or neither")
        if self.visit_every is not None and not (1 <= self.visit_every <= 365):
            raise UserError("the agreed visit interval must be between 1 and 365")
        if self.visit_unit is not None and self.visit_unit not in INTERVAL_UNITS:
            raise UserError(f"the interval unit must be one of {', '.join(INTERVAL_UNITS)}")
        if self.visit_every is not None and not self.visit_rationale.strip():
            raise UserError("please record why this visiting frequency was agreed")
        if self.dcs_level is not None and self.dcs_level not in DCS_LEVELS:
            raise UserError(f"the support level must be one of {', '.join(DCS_LEVELS)}")


def add_child(
    ws: Workspace,
    *,
    given_name: str,
    family_name: str,
    plan: PlanInput,
    date_of_birth: date | None = None,
    expected_birth_date: date | None = None,
    case_reference: str = "",
    address: str = "",
    household_id: str | None = None,
    household_notes: str = "",
    region: str | None = None,
) -> str:
    """Add a child to the caseload with their current plan; returns the child's id."""
    if not given_name.strip() and not family_name.strip():
        raise UserError("please give the child's name")
    if (date_of_birth is None) == (expected_birth_date is None):
        raise UserError("give either a date of birth or, for an unborn child, an expected date")
    if date_of_birth is not None and date_of_birth > ws.today():
        raise UserError(
            "the date of birth is in the future; for an unborn child give the expected date"
        )
    region = region or ws.identity.region
    if region not in REGIONS:
        raise UserError(f"region must be one of {', '.join(REGIONS)}")
    plan.validate()
    if household_id is not None:
        try:
            household_id = household_id_for(household_id)
        except ValueError as exc:
            raise UserError(str(exc)) from None
    now = ws.now()
    with ws.db.transaction() as session:
        child = Child(
            given_name=given_name.strip(),
            family_name=family_name.strip(),
            date_of_birth=date_of_birth,
            expected_birth_date=expected_birth_date,
            case_reference=case_reference.strip(),
            address=address,
            household_id=household_id,
            household_since=None if household_id is None else ws.today(),
            household_notes=household_notes,
            region=region,
            origin_device=ws.identity.device_id,
            created_at=now,
            updated_at=now,
        )
        session.add(child)
        session.flush()
        session.add(Plan(child_id=child.id, updated_at=now, **plan.__dict__))
        ws.audit(session, "create", "child", child.id)
        return child.id


def changes_of_new_child(child_id: str) -> Changes:
    """What :func:`add_child` changed: the new child."""
    return Changes.of(children=[child_id])


def update_plan(ws: Workspace, plan_id: str, plan: PlanInput) -> Changes:
    plan.validate()
    with ws.db.transaction() as session:
        row = session.get(Plan, plan_id)
        if row is None:
            raise NotFound("that plan no longer exists")
        _own_child(ws, session.get(Child, row.child_id))
        for key, value in plan.__dict__.items():
            setattr(row, key, value)
        row.revision += 1
        row.updated_at = ws.now()
        ws.audit(session, "change", "plan", plan_id)
        return Changes.of(children=[row.child_id])


# --- visits -------------------------------------------------------------------------------


def _visit(session: Session, visit_id: str) -> Visit:
    visit = session.get(Visit, visit_id)
    if visit is None:
        raise NotFound(f"no visit record with id {visit_id}")
    return visit


def own_visit(ws: Workspace, session: Session, visit_id: str) -> Visit:
    """A record this installation may write: one made here, never another worker's words."""
    visit = _visit(session, visit_id)
    if visit.origin_device and visit.origin_device != ws.identity.device_id:
        who = visit.created_by or "another worker"
        raise UserError(
            f"this record was written by {who} and only they can change it; "
            "return it with a comment to ask for a change"
        )
    return visit


FUTURE_GRACE = limits.FUTURE_GRACE  # a visit is written up after it happens (see limits)


def _not_in_future(ws: Workspace, changes: Mapping[str, Any]) -> None:
    moment = changes.get("visited_at")
    if moment is not None and moment.tzinfo is not None:
        raise UserError("the visit date and time must be a local time, without a time zone")
    if moment is not None and moment > ws.now() + FUTURE_GRACE:
        raise UserError(
            f"the visit date and time ({moment:%d/%m/%Y %H:%M}) is later than "
            "now; a visit is recorded once it has happened"
        )


def draft_for(ws: Workspace, child_id: str) -> str | None:
    """The child's draft record on this device, if there is one: a child has one at a time."""
    with ws.db.sessions() as session:
        return session.scalar(
            select(Visit.id)
            .where(
                Visit.child_id == child_id,
                Visit.state == "draft",
                Visit.conflict_of.is_(None),
                Visit.origin_device == ws.identity.device_id,
            )
            .order_by(Visit.created_at.desc())
            .limit(1)
        )


def discard_draft(ws: Workspace, visit_id: str) -> Changes:
    """Throw away a draft nobody has completed (asked for in the app with the child's name and
    the visit date). Recorded in the audit trail, by id only. A returned record cannot be
    discarded: it was completed once and stays on file."""
    with ws.db.transaction() as session:
        visit = own_visit(ws, session, visit_id)
        if visit.state != "draft":
            raise UserError(
                "only a draft can be discarded; this record has been completed and stays on file"
            )
        if visit.synced_hash:
            # A copy went to the manager in a bundle; deleting it here would leave theirs.
            raise UserError(
                "this draft has already gone to your manager in a bundle, so it "
                "cannot be discarded here; finish it, or ask your manager"
            )
        child_id = visit.child_id
        visit_plans.give_back(ws, session, visit)
        session.delete(visit)
        ws.audit(session, "discard", "visit", visit_id)
        return Changes.of(children=[child_id], visits=[visit_id])


def start_visit(ws: Workspace, child_id: str, visited_at: datetime, **fields: Any) -> str:
    """Begin a draft record for a visit, carrying in the plan written for it; returns its id."""
    changes = _clean_visit_changes({"visited_at": visited_at, **fields})
    _not_in_future(ws, changes)
    now = ws.now()
    with ws.db.transaction() as session:
        child = session.get(Child, child_id)
        if child is None:
            raise NotFound("that child is not on this caseload")
        _own_child(ws, child)
        if child.date_of_birth and changes["visited_at"].date() < child.date_of_birth:
            raise UserError("the visit date is before the child's date of birth")
        visit = Visit(
            child_id=child_id,
            created_by=ws.identity.worker_name,
            origin_device=ws.identity.device_id,
            created_at=now,
            updated_at=now,
        )
        answers.store(visit, changes)
        session.add(visit)
        session.flush()
        ws.audit(session, "create", "visit", visit.id)
        visit_plans.carry_in(ws, session, child, visit)
        return visit.id


def changes_of_new_visit(child_id: str, visit_id: str) -> Changes:
    """What :func:`start_visit` changed: the new draft, and so its child's caseload row."""
    return Changes.of(children=[child_id], visits=[visit_id])


def save_draft(ws: Workspace, visit_id: str, changes: Mapping[str, Any]) -> datetime:
    """Store what has been typed so far. Returns the time it was saved."""
    clean = clean_visit_changes(ws, changes)
    now = ws.now()
    with ws.db.transaction() as session:
        visit = own_visit(ws, session, visit_id)
        _keeps_shared_part(session, visit, clean)
        return now if store_draft(ws, session, visit, clean, now) else visit.updated_at


def _keeps_shared_part(session: Session, visit: Visit, clean: Mapping[str, Any]) -> None:
    """One child's record of a household visit, written alone (returned for correction),
    keeps the part it shares with the other children's records: what the visit was is the
    same in every child's record of it, or their records would disagree."""
    if visit.household_visit is None:
        return
    stored = answers.values_of(visit)
    changed = [k for k in catalogue.SHARED_FIELDS if k in clean and clean[k] != stored[k]]
    if not changed:
        return
    others = session.scalar(
        select(Visit.id)
        .where(
            Visit.household_visit == visit.household_visit,
            Visit.origin_device == visit.origin_device,
            Visit.conflict_of.is_(None),
            Visit.child_id != visit.child_id,
        )
        .limit(1)
    )
    if others is not None:
        raise UserError(
            f"{catalogue.field(changed[0]).label.lower()} is shared with the other children's "
            "records of this household visit and cannot be changed in one of them; add an "
            "addendum to each record instead"
        )


def clean_visit_changes(ws: Workspace, changes: Mapping[str, Any]) -> dict[str, Any]:
    """``changes`` checked as a worker may type them (UserError naming the fault)."""
    clean = _clean_visit_changes(changes)
    _not_in_future(ws, clean)
    return clean


def store_draft(
    ws: Workspace, session: Session, visit: Visit, clean: Mapping[str, Any], now: datetime
) -> bool:
    """Write checked changes into a draft this installation may write, in the caller's
    transaction, with their audit entry; whether anything changed."""
    if visit.state not in EDITABLE_STATES:
        raise UserError("this record is completed and can no longer be changed; add an addendum")
    stored = answers.values_of(visit)
    changed = [k for k, v in clean.items() if stored[k] != v]
    if not changed:
        return False
    answers.store(visit, {key: clean[key] for key in changed})
    visit.updated_at = now
    # Which fields changed is enough for the trail; never what was typed.
    ws.audit(session, "change", "visit", visit.id, ",".join(sorted(changed)))
    return True


def changes_of_saved_draft(child_id: str, visit_id: str) -> Changes:
    """What :func:`save_draft` changed: the record, and so its child's caseload row."""
    return Changes.of(children=[child_id], visits=[visit_id])


def complete_visit(ws: Workspace, visit_id: str) -> Changes:
    """Mark the record complete (2.1.1 = Yes): read-only from now, and sent for authorisation."""
    now = ws.now()
    with ws.db.transaction() as session:
        visit = own_visit(ws, session, visit_id)
        problem = completion_problem(ws, session, visit)
        if problem:
            raise UserError(f"the record cannot be completed yet: {problem}")
        mark_completed(ws, session, visit, now)
        # Completing opens an authorisation task for the manager.
        return Changes.of(children=[visit.child_id], visits=[visit_id], decisions=True)


def completion_problem(ws: Workspace, session: Session, visit: Visit) -> str:
    """Why this record cannot be completed now, in a phrase ("" when it can)."""
    from visitdesk.services.checks import form_findings

    if visit.state not in EDITABLE_STATES:
        raise UserError("this record has already been completed")
    _not_in_future(ws, {"visited_at": visit.visited_at})
    born = visit.child.date_of_birth
    if born is not None and visit.visited_at.date() < born:
        return (
            f"the visit date ({visit.visited_at:%d/%m/%Y}) is before the child's date of "
            f"birth ({born:%d/%m/%Y}): correct the date and time"
        )
    blocking = [f for f in form_findings(ws, session, visit) if f.severity == "error"]
    if not blocking:
        return ""
    more = f" (and {len(blocking) - 1} more)" if len(blocking) > 1 else ""
    return f"{blocking[0].message}{more}"


def mark_completed(ws: Workspace, session: Session, visit: Visit, now: datetime) -> None:
    """Complete a record that may be completed (see :func:`completion_problem`), in the
    caller's transaction: the check as shown is kept, and a task opens for the manager."""
    from visitdesk.services.checks import form_findings, freeze_check

    findings = form_findings(ws, session, visit)
    if visit.state == "returned":
        visit.revision += 1
    visit.state = "completed"
    visit.completed_at = now
    # What the worker was shown as they completed it, kept with the record for good.
    visit.completion_check = freeze_check(ws, session, visit, findings, now)
    visit.updated_at = now
    session.add(AuthorisationTask(visit_id=visit.id, visit_revision=visit.revision, created_at=now))
    ws.audit(session, "complete", "visit", visit.id, f"revision {visit.revision}")


def add_addendum(ws: Workspace, visit_id: str, text: str) -> str:
    if not text.strip():
        raise UserError("the addendum is empty")
    with ws.db.transaction() as session:
        visit = own_visit(ws, session, visit_id)
        if visit.state in EDITABLE_STATES:
            raise UserError("this record is still open: change it directly instead")
        addendum = Addendum(
            visit_id=visit_id, text=text, author=ws.identity.worker_name, created_at=ws.now()
        )
        session.add(addendum)
        session.flush()
        visit.updated_at = ws.now()
        ws.audit(session, "addendum", "visit", visit_id)
        return addendum.id


def changes_of_addendum(child_id: str, visit_id: str) -> Changes:
    """What :func:`add_addendum` changed: the record it was added to."""
    return Changes.of(children=[child_id], visits=[visit_id])


def open_task(session: Session, task_id: str) -> AuthorisationTask:
    task = session.get(AuthorisationTask, task_id)
    if task is None:
        raise NotFound("that authorisation task no longer exists")
    if task.state != "open":
        raise UserError(f"this record has already been {task.state}")
    return task


def authorise(ws: Workspace, task_id: str, comment: str = "") -> Changes:
    if not ws.is_manager:
        raise UserError("only a manager can authorise records")
    with ws.db.transaction() as session:
        return _decided(mark_authorised(ws, session, open_task(session, task_id), comment))


def mark_authorised(
    ws: Workspace, session: Session, task: AuthorisationTask, comment: str
) -> Visit:
    """Authorise an open task (a manager's), in the caller's transaction; its record."""
    now = ws.now()
    task.state, task.decided_at, task.decided_by = "authorised", now, ws.identity.worker_name
    task.decided_device = ws.identity.device_id
    task.comment = comment.strip()
    visit = _visit(session, task.visit_id)
    visit.state = "authorised"
    visit.updated_at = now
    ws.audit(session, "authorise", "visit", visit.id)
    return visit


def return_for_correction(ws: Workspace, task_id: str, comment: str) -> Changes:
    if not ws.is_manager:
        raise UserError("only a manager can return records")
    if not comment.strip():
        raise UserError("please say what needs correcting before returning the record")
    now = ws.now()
    with ws.db.transaction() as session:
        task = open_task(session, task_id)
        task.state, task.decided_at, task.decided_by = "returned", now, ws.identity.worker_name
        task.decided_device = ws.identity.device_id
        task.comment = comment.strip()
        visit = _visit(session, task.visit_id)
        visit.state = "returned"
        visit.updated_at = now
        ws.audit(session, "return", "visit", visit.id)
        return _decided(visit)


def _decided(visit: Visit) -> Changes:
    return Changes.of(children=[visit.child_id], visits=[visit.id], decisions=True)


def latest_decision(session: Session, visit_id: str) -> AuthorisationTask | None:
    return session.scalar(
        select(AuthorisationTask)
        .where(AuthorisationTask.visit_id == visit_id)
        .order_by(AuthorisationTask.created_at.desc())
        .limit(1)
    )


# --- conflicts from sync ------------------------------------------------------------------


def conflict_twin(session: Session, visit_id: str) -> Visit | None:
    """The other version of a record that was changed on two devices, if there is one."""
    return session.scalar(select(Visit).where(Visit.conflict_of == visit_id).limit(1))


_RESOLVED_FROM_TWIN = (
    *catalogue.COLUMN_FIELDS,
    "answers",
    "household_visit",
    "visit_plan",
    "state",
    "revision",
    "completed_at",
    "created_by",
    "origin_device",
    "synced_hash",
)


def resolve_conflict(ws: Workspace, visit_id: str, *, keep_other: bool) -> Changes:
    """Settle a record changed on two devices: keep this version, or take the other one.

    The version not kept is removed; the choice (never the words) is in the audit trail.
    """
    now = ws.now()
    with ws.db.transaction() as session:
        visit = _visit(session, visit_id)
        twin = conflict_twin(session, visit_id)
        if twin is None:
            raise UserError("this record has no other version to choose between")
        if keep_other:
            for name in _RESOLVED_FROM_TWIN:
                setattr(visit, name, getattr(twin, name))
        visit.updated_at = now
        twin_id = twin.id
        session.delete(twin)
        ws.audit(
            session,
            "resolve_conflict",
            "visit",
            visit_id,
            "kept the other version" if keep_other else "kept this version",
        )
        return Changes.of(children=[visit.child_id], visits=[visit_id, twin_id])
