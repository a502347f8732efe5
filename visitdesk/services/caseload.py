"""The caseload at a glance: each child with what is due, what is late and what waits on the worker.

One function works the caseload out (:func:`caseload`, remembered by :func:`work_out`); the
window and the ``visitdesk caseload`` command both show what it returns. It reads with a
handful of plain queries (not one ORM object per visit) so that thousands of children stay
quick.

The row and its wording are in ``caseload_rows``, reading the histories in
``caseload_history`` and the remembered caseload in ``caseload_cache``; this module works the
rows out.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import date

from sqlalchemy import select

from visitdesk.errors import UserError
from visitdesk.services.caseload_cache import CACHE_KEY, _store, recall
from visitdesk.services.caseload_history import _read_visits
from visitdesk.services.caseload_rows import (
    DUE_SOON_DAYS,
    STATUS_CODES,
    URGENCY,
    CaseloadRow,
    _attention,
    _joined,
    age_text,
    due_text,
    folded,
    seen_alone_text,
    sort_name,
)
from visitdesk.services.enrolment import team_workers
from visitdesk.services.facts import child_facts, current_plan, installation_authority
from visitdesk.services.workspace import Workspace
from visitdesk.standards import Authority, ChildFacts, DueStatus, VisitFacts, judge_due
from visitdesk.standards.calendar import calendar_for
from visitdesk.standards.engine import reason_findings
from visitdesk.storage.models import Child, Peer, Plan

log = logging.getLogger(__name__)

# The row, its wording and the remembered caseload are re-exported from their own modules so
# that every ``from visitdesk.services.caseload import ...`` still works.
__all__ = [
    "CACHE_KEY",
    "DUE_SOON_DAYS",
    "STATUS_CODES",
    "URGENCY",
    "CaseloadRow",
    "age_text",
    "caseload",
    "caseload_row",
    "due_text",
    "folded",
    "recall",
    "refresh_child",
    "remembered_caseload",
    "seen_alone_text",
    "sort_name",
    "work_out",
]


def caseload(
    ws: Workspace, as_of: date | None = None, *, child_id: str | None = None
) -> list[CaseloadRow]:
    """Every child on this caseload (or the one child asked for), most urgent first.

    The window and the command line both show what this returns; nothing else works out a
    child's status.
    """
    as_of = as_of or ws.today()
    authority = installation_authority(ws)
    with ws.db.sessions() as session:
        query, plan_query = select(Child), select(Plan)
        if child_id is not None:
            query = query.where(Child.id == child_id)
            plan_query = plan_query.where(Plan.child_id == child_id)
        children = list(session.scalars(query))
        plans: dict[str, list[Plan]] = defaultdict(list)
        for plan in session.scalars(plan_query):
            plans[plan.child_id].append(plan)
        # Read what the rows need while the session is open: nothing live leaves it.
        work = [
            (child, plans[child.id], current_plan(plans[child.id], as_of)) for child in children
        ]
        facts = {
            child.id: (child_facts(child, plan) if plan is not None else None)
            for child, _, plan in work
        }
        shown = {
            child.id: (
                child.full_name,
                child.case_reference,
                child.date_of_birth,
                child.expected_birth_date,
            )
            for child, _, _ in work
        }
        workers = _workers(ws, session)
        named = {
            child.id: (
                workers.get(child.origin_device, ""),
                sort_name(child.given_name, child.family_name),
            )
            for child, _, _ in work
        }
        plan_types = {
            child.id: plan.plan_type if plan is not None else None for child, _, plan in work
        }
    history = _read_visits(ws, child_id)
    out = [
        _row(
            cid,
            (*shown[cid], *named[cid]),
            plan_types[cid],
            facts[cid],
            history.visits.get(cid, []),
            history.drafts.get(cid, 0),
            history.returned.get(cid, 0),
            history.conflicts.get(cid, 0),
            authority,
            as_of,
        )
        for cid in shown
    ]
    out.sort(key=lambda r: r.urgency)
    return out


def _workers(ws: Workspace, session) -> dict[str, str]:  # noqa: ANN001 - an ORM session
    """Whose caseload a child is on, by the device their records come from: only a manager's
    installation holds other workers' children (a worker's own are all theirs)."""
    if not ws.is_manager:
        return {}
    return worker_names(ws, session)


def worker_names(ws: Workspace, session) -> dict[str, str]:  # noqa: ANN001 - an ORM session
    """Who works on each device this installation holds records from: the enrolled workers
    by their cards, and this installation's own person."""
    workers = {
        device: name
        for device, name in session.execute(select(Peer.device_id, Peer.name).where(team_workers()))
    }
    workers[ws.identity.device_id] = ws.identity.worker_name
    return workers


def caseload_row(ws: Workspace, child_id: str, as_of: date | None = None) -> CaseloadRow:
    """One child's caseload row, after a change to their records (worked out as
    :func:`caseload` works out every row)."""
    rows = caseload(ws, as_of, child_id=child_id)
    if not rows:
        from visitdesk.errors import UserError

        raise UserError(f"no child with id {child_id}")
    return rows[0]


def _has_rule(authority: Authority, facts: ChildFacts, kind: str) -> bool:
    return any(p.by_kind.get(kind) for p in authority.judging(facts)[0])


def _ever_visited(history: list[VisitFacts], as_of: date) -> bool:
    """Whether any visit up to ``as_of`` saw the child (or the unborn child's family), with
    its visit facts given: without one, an overdue visit is the first visit."""
    return any(
        v.visited_at.date() <= as_of
        and v.seen in ("yes", "unborn")
        and v.location is not None
        and (v.seen != "yes" or v.seen_alone is not None)
        for v in history
    )


def _blocked_reasons(due: DueStatus, history: list[VisitFacts]) -> list[str]:
    """Why unfinished records cannot yet be completed, as finding codes."""
    if not due.records_blocked:
        return []
    ids = set(due.blocked_records)
    blocked = [v for v in history if v.id in ids]
    codes = []
    if any(reason_findings(v) for v in blocked):
        codes.append("seen_alone.reason_required")
    if not blocked or any(not reason_findings(v) for v in blocked):
        codes.append("record.sections_missing")
    return codes


def _row(
    cid: str,
    shown: tuple,
    plan_type: str | None,
    facts: ChildFacts | None,
    history: list[VisitFacts],
    drafts: int,
    returned: int,
    conflicts: int,
    authority: Authority,
    as_of: date,
) -> CaseloadRow:
    name, reference, dob, expected, worker, sorted_as = shown
    who = {"worker": worker, "sort_name": sorted_as}
    last_alone = max(
        (v.visited_at.date() for v in history if v.seen == "yes" and v.seen_alone == "yes"),
        default=None,
    )
    last_bedroom = max(
        (v.visited_at.date() for v in history if v.bedroom_seen is True), default=None
    )
    if facts is None or plan_type is None:
        reasons = ("plan.missing",)
        return CaseloadRow(
            cid,
            name,
            reference,
            dob,
            expected,
            "—",
            None,
            None,
            "no_plan",
            last_alone,
            drafts,
            returned,
            0,
            "No current plan: add one on the child's page",
            last_bedroom_seen=last_bedroom,
            reasons=reasons,
            **who,
        )
    try:
        judged = judge_due(authority, facts, history, as_of)
    except (ValueError, ArithmeticError, UserError) as exc:
        # One child's facts the engine cannot count from (say, from an older device) must
        # not hide every other child: this one is shown as needing a look, never on track.
        log.warning(
            "the due status of one child could not be worked out (%s)", exc.__class__.__name__
        )
        return CaseloadRow(
            cid,
            name,
            reference,
            dob,
            expected,
            plan_type,
            None,
            None,
            "action",
            last_alone,
            drafts,
            returned,
            1,
            "VisitDesk cannot work out this child's visits from the plan as "
            "recorded: check the plan's dates and visiting interval",
            last_bedroom_seen=last_bedroom,
            reasons=("plan.unreadable",),
            **who,
        )
    due = judged.due
    words = _attention(due, drafts, returned, conflicts, last_alone, last_bedroom, as_of)
    blocked = _blocked_reasons(due, history)
    if judged.no_standard:
        # Nothing can say when this child is due a visit: say so, never "on track".
        reasons = ("policy.plan_not_covered", *blocked, *_record_codes(drafts, returned, conflicts))
        attention = _joined((judged.message, words))
        return CaseloadRow(
            cid,
            name,
            reference,
            dob,
            expected,
            plan_type,
            None,
            None,
            "no_standard",
            last_alone,
            drafts,
            returned,
            due.records_blocked,
            attention,
            (),
            last_bedroom_seen=last_bedroom,
            reasons=reasons,
            **who,
        )
    next_visit = due.next_visit_due
    next_due = next_visit
    if due.reattempt_due is not None and (next_due is None or due.reattempt_due < next_due):
        next_due = due.reattempt_due
    left = None
    if next_due is not None:
        cal = calendar_for(facts.region)
        left = (
            cal.working_days_between(as_of, next_due)
            if next_due >= as_of
            else -cal.working_days_between(next_due, as_of)
        )

    reasons: list[str] = []
    visit_overdue = due.visit_overdue or (next_visit is not None and next_visit < as_of)
    if visit_overdue:
        first = not _ever_visited(history, as_of) and _has_rule(authority, facts, "first_visit")
        reasons.append("first_visit.overdue" if first else "visit.overdue")
    if due.reattempt_overdue:
        reasons.append("visit.reattempt_overdue")
    elif due.reattempt_due is not None:
        reasons.append("visit.reattempt_due")
    if (
        not visit_overdue
        and next_visit is not None
        and left is not None
        and left <= DUE_SOON_DAYS
        and next_due == next_visit
    ):
        reasons.append("visit.due_soon")
    if next_visit is None:
        reasons.append(
            "plan.visit_interval_missing" if facts.visit_interval is None else "child.facts_missing"
        )
    if due.records_overdue:
        reasons.append("record.overdue")
    reasons += blocked
    reasons += _record_codes(drafts, returned, conflicts)
    if due.seen_alone_overdue:
        reasons.append("seen_alone.overdue")
    if due.bedroom_overdue:
        reasons.append("bedroom.overdue")
    if due.joint_visit_overdue:
        reasons.append("joint_visit.overdue")
    if due.meeting_overdue:
        reasons.append("meeting.progress_overdue")
    if due.meeting_notes_overdue:
        reasons.append("meeting.notes_overdue")
    if due.review_overdue:
        reasons.append("plan.review_due")
    if judged.uncovered:
        reasons.append("policy.plan_not_covered")

    if visit_overdue or due.reattempt_overdue:
        status = "overdue"
    elif left is not None and left <= DUE_SOON_DAYS:
        status = "due_soon"
    elif next_visit is None or any(r != "policy.plan_not_covered" for r in reasons):
        status = "action"
    elif judged.uncovered:
        status = "no_standard"  # part of the plan (CP of a CP+CLA child) has no standard
    else:
        status = "ok"
    parts = [words]
    if next_visit is None:
        parts.insert(
            0,
            "The next visit date cannot be worked out: check the plan's dates "
            "and agreed visiting interval",
        )
    if judged.message:
        parts.insert(0, judged.message)
    attention = _joined(parts)
    return CaseloadRow(
        cid,
        name,
        reference,
        dob,
        expected,
        plan_type,
        next_due,
        left,
        status,
        last_alone,
        drafts,
        returned,
        due.records_overdue + due.records_blocked,
        attention,
        judged.standards,
        next_visit_due=next_visit,
        reattempt_due=due.reattempt_due,
        seen_alone_due=due.seen_alone_due,
        seen_alone_overdue=due.seen_alone_overdue,
        bedroom_due=due.bedroom_due,
        bedroom_overdue=due.bedroom_overdue,
        last_bedroom_seen=last_bedroom,
        joint_visit_due=due.joint_visit_due,
        joint_visit_overdue=due.joint_visit_overdue,
        meeting_due=due.meeting_due,
        meeting_overdue=due.meeting_overdue,
        review_due=due.review_due,
        review_overdue=due.review_overdue,
        reasons=tuple(dict.fromkeys(reasons)),
        **who,
    )


def _record_codes(drafts: int, returned: int, conflicts: int) -> list[str]:
    """Records waiting on the worker, as codes: a draft to finish, a returned record to
    correct, a record changed in two places."""
    return [
        code
        for code, n in (
            ("record.conflict", conflicts),
            ("record.returned", returned),
            ("record.draft", drafts),
        )
        if n
    ]


# --- the remembered caseload ----------------------------------------------------------------


def work_out(
    ws: Workspace, as_of: date | None = None, *, remember: bool = True
) -> list[CaseloadRow]:
    """The caseload afresh; remembered for the next start unless ``remember`` is False (the
    command line, which only reads)."""
    as_of = as_of or ws.today()
    rows = caseload(ws, as_of)
    if remember:
        _store(ws, as_of, rows)
    return rows


def remembered_caseload(ws: Workspace, as_of: date | None = None) -> list[CaseloadRow]:
    """The caseload, from what was remembered when nothing has changed since, else afresh."""
    recalled = recall(ws, as_of)
    if recalled is not None and recalled[1]:
        return recalled[0]
    return work_out(ws, as_of)


def refresh_child(
    ws: Workspace, rows: list[CaseloadRow], child_id: str, as_of: date | None = None
) -> list[CaseloadRow]:
    """The caseload with one child's row worked out again after a change to their records."""
    as_of = as_of or ws.today()
    fresh = caseload(ws, as_of, child_id=child_id)
    out = [r for r in rows if r.child_id != child_id] + fresh
    out.sort(key=lambda r: r.urgency)
    _store(ws, as_of, out)
    return out
