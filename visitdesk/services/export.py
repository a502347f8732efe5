"""PDF export of stored records: gather what the report needs, render it, write it safely."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from visitdesk.errors import UserError
from visitdesk.fileio import check_export_target
from visitdesk.reports import DEFAULT_MARKING, render_visit, render_visits, write_pdf
from visitdesk.reports.chronology import ReportChronologyEntry
from visitdesk.reports.model import (
    ReportAddendum,
    ReportAuthorisation,
    ReportChild,
    ReportFinding,
    ReportVisit,
)
from visitdesk.services import chronology, household_visits, visit_plans
from visitdesk.services.checks import check_differences, completion_check, record_findings
from visitdesk.services.facts import child_facts, current_plan, installation_authority
from visitdesk.services.records import content_hash, latest_decision
from visitdesk.services.workspace import Workspace
from visitdesk.standards import Finding
from visitdesk.standards import fields as catalogue
from visitdesk.standards.authority import no_standard_message
from visitdesk.storage import answers
from visitdesk.storage.models import Child, Plan, Visit


def _report_child(ws: Workspace, session: Session, child: Child, on: date) -> ReportChild:
    plans = list(session.scalars(select(Plan).where(Plan.child_id == child.id)))
    plan = current_plan(plans, on)
    case_system, numbers = installation_authority(ws).case_system
    return ReportChild(
        id=child.id,
        full_name=child.full_name,
        date_of_birth=child.date_of_birth,
        expected_birth_date=child.expected_birth_date,
        case_reference=child.case_reference,
        plan_type=plan.plan_type if plan else "",
        standard_title=_standards_applied(ws, child, plan),
        case_system=case_system,
        field_numbers=dict(numbers),
    )


def _standards_applied(ws: Workspace, child: Child, plan: Plan | None) -> str:
    """The authority and the standards that judge this child's plan, as the record prints."""
    authority = installation_authority(ws)
    if plan is None:
        return authority.name
    facts = child_facts(child, plan)
    policies, uncovered = authority.judging(facts)
    text = f"{authority.name}: " + "; ".join(p.name for p in policies)
    if uncovered:
        gap = no_standard_message(authority, facts, uncovered)
        text = f"{text} ({gap})" if policies else f"{authority.name}: {gap}"
    return text


def finding_changes(
    then: list[Finding] | tuple[Finding, ...], now: list[Finding] | tuple[Finding, ...]
) -> tuple[list[Finding], list[Finding]]:
    """What a check made again says differently: (found now but not then, found then but not
    now). Findings are the same when they say the same thing about the same field."""

    def key(f: Finding) -> tuple:
        return (f.code, f.field, f.message, f.source)

    before = {key(f) for f in then}
    after = {key(f) for f in now}
    return [f for f in now if key(f) not in before], [f for f in then if key(f) not in after]


def _report_finding(f: Finding, change: str = "") -> ReportFinding:
    return ReportFinding(f.severity, f.message, f.source, change)


def _shown_fields(ws: Workspace, session: Session, visit: Visit) -> tuple[str, ...]:
    """The fields the form asks of this child at this visit, as the form shows them."""
    day = visit.visited_at.date()
    plans = list(session.scalars(select(Plan).where(Plan.child_id == visit.child_id)))
    child = child_facts(session.get(Child, visit.child_id), current_plan(plans, day))
    asked = catalogue.asked_fields(installation_authority(ws), child, day)
    return tuple(catalogue.shown_fields(asked, answers.values_of(visit)))


def _plan_on_the_day(ws: Workspace, session: Session, visit: Visit) -> tuple[str, str]:
    """The plan in force on the day of the visit, and the standards that judged it."""
    plans = list(session.scalars(select(Plan).where(Plan.child_id == visit.child_id)))
    plan = current_plan(plans, visit.visited_at.date())
    child = session.get(Child, visit.child_id)
    return (plan.plan_type if plan else ""), _standards_applied(ws, child, plan)


def _report_visit(ws: Workspace, session: Session, visit: Visit) -> ReportVisit:
    summary: list[ReportFinding] = []
    frozen_at = None
    standards: tuple[str, ...] = ()
    again: list[ReportFinding] | None = None
    checked_on = ws.now()
    if visit.state in ("completed", "authorised"):
        frozen = completion_check(visit)
        if frozen is not None:
            # The findings exactly as shown when the record was completed; today's only where
            # they differ, apart.
            frozen_at = frozen.completed_at
            standards = tuple(
                f"{name} (version {version})" if version else name
                for _id, name, version in frozen.standards
            )
            summary = [_report_finding(f) for f in frozen.findings]
            today = check_differences(ws, session, visit)
            if today is not None:
                new, gone = finding_changes(frozen.findings, today)
                again = (
                    [_report_finding(f, "new") for f in new]
                    + [_report_finding(f, "gone") for f in gone]
                ) or None
        else:
            summary = [_report_finding(f) for f in record_findings(ws, session, visit, ws.today())]
    decision = latest_decision(session, visit.id)
    authorisation = None
    if decision is not None:
        authorisation = ReportAuthorisation(
            state={"open": "awaiting authorisation"}.get(decision.state, decision.state),
            by=decision.decided_by,
            at=decision.decided_at,
            comment=decision.comment,
        )
    values = answers.values_of(visit)
    later = {name: values.pop(name) for name in catalogue.ANSWER_FIELDS}
    plan_type, standard_title = _plan_on_the_day(ws, session, visit)
    others = household_visits.others_visited_in(session, visit)
    return ReportVisit(
        visit_plan=visit_plans.report_plan(visit.visit_plan),
        id=visit.id,
        revision=visit.revision,
        state=visit.state,
        completed_at=visit.completed_at,
        created_by=visit.created_by,
        content_hash=content_hash(visit),
        standards_summary=tuple(summary),
        authorisation=authorisation,
        addenda=tuple(ReportAddendum(a.created_at, a.author, a.text) for a in visit.addenda),
        shown=_shown_fields(ws, session, visit),
        check_frozen_at=frozen_at,
        check_standards=standards,
        checked_again=again,
        checked_on=checked_on,
        answers=later,
        household_visit=visit.household_visit,
        others_visited=others,
        plan_type=plan_type,
        standard_title=standard_title,
        **values,
    )


def visit_pdf(ws: Workspace, visit_id: str) -> bytes:
    marking = ws.setting("protective_marking", DEFAULT_MARKING)
    with ws.db.sessions() as session:
        visit = session.get(Visit, visit_id)
        if visit is None:
            raise UserError(f"no visit record with id {visit_id}")
        child = session.get(Child, visit.child_id)
        return render_visit(
            _report_child(ws, session, child, visit.visited_at.date()),
            _report_visit(ws, session, visit),
            marking=marking,
        )


def child_pdf(
    ws: Workspace, child_id: str, start: date | None = None, end: date | None = None
) -> bytes:
    if start and end and end < start:
        raise UserError("the end date is before the start date")
    marking = ws.setting("protective_marking", DEFAULT_MARKING)
    with ws.db.sessions() as session:
        child = session.get(Child, child_id)
        if child is None:
            raise UserError(f"no child with id {child_id}")
        query = select(Visit).where(Visit.child_id == child_id, Visit.conflict_of.is_(None))
        if start:
            query = query.where(Visit.visited_at >= datetime.combine(start, time.min))
        if end:
            query = query.where(Visit.visited_at <= datetime.combine(end, time.max))
        visits = list(session.scalars(query.order_by(Visit.visited_at)))
        if not visits:
            raise UserError("there are no visit records for that child in that period")
        report_child = _report_child(ws, session, child, ws.today())
        return render_visits(
            report_child,
            [_report_visit(ws, session, v) for v in visits],
            marking=marking,
            chronology=_report_chronology(session, child, ws.today()),
        )


def _report_chronology(session: Session, child: Child, on: date) -> list[ReportChronologyEntry]:
    """The child's whole chronology as it stands on ``on``, whichever records are printed."""
    return [
        ReportChronologyEntry(e.day, e.kind, e.text, e.source, e.recorded_by)
        for e in chronology.entries_for(session, child, on)
    ]


def check_target(ws: Workspace, out: Path, *, overwrite: bool = False) -> None:
    """Refuse a PDF destination before any work is done (see ``check_export_target``)."""
    check_export_target(out, protected=(ws.data_dir,), overwrite=overwrite, what="PDF")


def export(
    ws: Workspace,
    out: Path,
    data: bytes,
    *,
    password: str | None,
    what: str,
    entity_id: str,
    overwrite: bool = False,
) -> None:
    """Write the PDF where the user chose, and note the export in the audit trail.

    Never inside the data folder, never over anything but a regular file, and over an
    existing file only with ``overwrite``.
    """
    write_pdf(out, data, password=password, overwrite=overwrite, protected=(ws.data_dir,))
    with ws.db.transaction() as session:
        ws.audit(
            session, "export_pdf", what, entity_id, "encrypted" if password else "not encrypted"
        )
