"""What the visit form shows of one record, read once and handed over as plain frozen values.

The form never holds a database object: it asks here for the record, its child, its conflict
twin and its last decision, the plan carried into it, and for the check kept at completion.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType

from visitdesk.services import checks, records, visit_plans
from visitdesk.services.checks import CompletionCheck
from visitdesk.services.visit_plans import PlannedPart
from visitdesk.services.workspace import Workspace
from visitdesk.standards import Finding
from visitdesk.storage import answers
from visitdesk.storage.models import Child, Visit


@dataclass(frozen=True, slots=True)
class AddendumLine:
    """One dated correction to a completed record."""

    at: datetime
    author: str
    text: str


@dataclass(frozen=True, slots=True)
class VisitFormData:
    """One visit record as the form opens it."""

    visit_id: str
    child_id: str
    child_name: str
    unborn: bool  # the child has no date of birth yet
    created_by: str
    state: str
    conflict_of: str | None  # set on the other device's version of a record changed twice
    written_elsewhere: bool  # another worker's record, shown here but never edited
    twin_id: str | None  # the other version, while a conflict is not settled
    twin_by: str
    return_comment: str  # the manager's comment, while the record is returned
    open_task_id: str | None  # the authorisation waiting for this manager, if any
    addenda: tuple[AddendumLine, ...]
    values: Mapping[str, object]  # the stored answers, by field name
    frozen: CompletionCheck | None  # the check kept when it was completed
    check_today: tuple[Finding, ...] | None  # today's findings, where they differ from it
    # What was planned for the visit before it (004 I.14), carried in when it was started.
    plan: tuple[PlannedPart, ...] = ()


def visit_form_data(ws: Workspace, visit_id: str) -> VisitFormData:
    """Everything the form needs to open the record ``visit_id``."""
    with ws.db.sessions() as session:
        visit = session.get(Visit, visit_id)
        if visit is None:
            raise records.NotFound("that visit record is not on this device")
        child = session.get(Child, visit.child_id)
        twin = records.conflict_twin(session, visit_id)
        decision = records.latest_decision(session, visit_id)
        frozen = check_today = None
        # A completed record shows the check made when it was completed, not today's.
        if visit.state not in records.EDITABLE_STATES:
            frozen = checks.completion_check(visit)
            if frozen is not None:
                differences = checks.check_differences(ws, session, visit)
                check_today = None if differences is None else tuple(differences)
        return VisitFormData(
            visit_id=visit.id,
            child_id=child.id,
            child_name=child.full_name,
            unborn=child.date_of_birth is None,
            created_by=visit.created_by,
            state=visit.state,
            conflict_of=visit.conflict_of,
            written_elsewhere=(
                bool(visit.origin_device) and visit.origin_device != ws.identity.device_id
            ),
            twin_id=twin.id if twin is not None else None,
            twin_by=twin.created_by if twin is not None else "",
            return_comment=(
                decision.comment if decision is not None and visit.state == "returned" else ""
            ),
            open_task_id=(
                decision.id
                if decision is not None and decision.state == "open" and ws.is_manager
                else None
            ),
            addenda=tuple(AddendumLine(a.created_at, a.author, a.text) for a in visit.addenda),
            values=MappingProxyType(answers.values_of(visit)),
            frozen=frozen,
            check_today=check_today,
            plan=visit_plans.planned_of(visit.visit_plan),
        )


def planned_for(ws: Workspace, visit_id: str) -> tuple[PlannedPart, ...]:
    """What was planned before the visit of the record ``visit_id``, part by part (none when
    nothing was planned)."""
    return visit_plans.planned(visit_plans.visit_plan(ws, visit_id))


def record_state(ws: Workspace, visit_id: str) -> tuple:
    """What an open form shows of a record that another part of the app can change (an
    import brings the manager's decision, a conflicting copy, an addendum): compared before
    and after, it says whether the form must show the record afresh. None once it is gone."""
    with ws.db.sessions() as session:
        visit = session.get(Visit, visit_id)
        if visit is None:
            return None
        twin = records.conflict_twin(session, visit_id)
        decision = records.latest_decision(session, visit_id)
        return (
            visit.state,
            visit.revision,
            visit.synced_hash if visit.state not in records.EDITABLE_STATES else "",
            twin.id if twin is not None else None,
            (decision.id, decision.state) if decision is not None else None,
            len(visit.addenda),
        )


def completion_check_of(ws: Workspace, visit_id: str) -> CompletionCheck | None:
    """The check kept with the record when it was completed (None before, or for a record
    completed before checks were kept)."""
    with ws.db.sessions() as session:
        visit = session.get(Visit, visit_id)
        return None if visit is None else checks.completion_check(visit)


def manager_name(ws: Workspace) -> str | None:
    """The name of this worker's manager, once they have joined a team; None before."""
    from visitdesk.services import syncing

    manager = next((p for p in syncing.peers(ws) if p.relation == "manager"), None)
    return None if manager is None else manager.name


def history_lines(ws: Workspace, visit_id: str) -> list[str]:
    """What was done to the record, by whom and when (never what it says), oldest first."""
    from visitdesk.storage import audit

    with ws.db.sessions() as session:
        entries = audit.history(session, visit_id)
    return [f"{e.at:%-d %b %Y %H:%M}  {e.actor}: {e.text}" for e in entries]
