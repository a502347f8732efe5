"""The caseload at a glance: each child with what is due, what is late and what waits on the worker.

Reads with a handful of plain queries (not one ORM object per visit) so that thousands of
children stay quick.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from visitdesk.services.facts import child_facts, current_plan
from visitdesk.services.workspace import Workspace
from visitdesk.standards import VisitFacts, evaluate, load_policy
from visitdesk.standards.calendar import calendar_for
from visitdesk.storage.models import Child, Plan, Visit

# Urgency order: most pressing first.
URGENCY = {"overdue": 0, "due_soon": 1, "action": 2, "ok": 3, "no_plan": 4}


@dataclass(frozen=True, slots=True)
class CaseloadRow:
    child_id: str
    name: str
    case_reference: str
    date_of_birth: date | None
    expected_birth_date: date | None
    plan: str
    next_due: date | None
    working_days_left: int | None  # negative when overdue
    status: str  # one of URGENCY
    last_seen_alone: date | None
    awaiting_write_up: int
    returned: int
    errors: int
    attention: str = ""  # the most pressing thing to do, in words

    @property
    def urgency(self) -> tuple[int, int, str]:
        days = self.working_days_left if self.working_days_left is not None else 10**6
        return (URGENCY[self.status], days, self.name.casefold())


def age_text(dob: date | None, expected: date | None, on: date) -> str:
    """'7 years', '5 months', or 'unborn (due 3 Mar 2027)' — how a worker says it."""
    if dob is None:
        return f"unborn (due {expected:%-d %b %Y})" if expected else "not recorded"
    months = (on.year - dob.year) * 12 + on.month - dob.month - (on.day < dob.day)
    if months < 0:
        return "not yet born"
    if months < 24:
        return f"{months} month{'s' if months != 1 else ''}"
    return f"{months // 12} years"


def due_text(row: CaseloadRow) -> str:
    if row.next_due is None:
        return "no plan" if row.status == "no_plan" else "not set by this standard"
    n = row.working_days_left
    if n is None:
        return f"{row.next_due:%-d %b}"
    if row.status == "overdue" and n >= 0:
        # Due on a day now past, with no working day since (a Friday seen at the weekend).
        return "overdue"
    if n < 0:
        return f"overdue by {-n} working day{'s' if n != -1 else ''}"
    if n == 0:
        return "due today"
    return f"in {n} working day{'s' if n != 1 else ''}"


_RANK = {"error": 0, "warning": 1, "info": 2}


def _attention(findings: list, drafts: int, returned: int) -> str:
    parts = []
    if returned:
        parts.append(f"{returned} returned record{'s' if returned != 1 else ''} to correct")
    if drafts:
        parts.append(f"{drafts} draft{'s' if drafts != 1 else ''} to finish")
    pressing = sorted((f for f in findings if f.severity != "info"),
                      key=lambda f: _RANK[f.severity])
    if pressing:
        parts.append(pressing[0].message)
    return " · ".join(parts)


def caseload(ws: Workspace, as_of: date | None = None) -> list[CaseloadRow]:
    """Every child on this caseload, most urgent first."""
    as_of = as_of or ws.today()
    policy = load_policy(ws.identity.policy_id)
    with ws.db.sessions() as session:
        children = list(session.scalars(select(Child)))
        plans: dict[str, list[Plan]] = defaultdict(list)
        for plan in session.scalars(select(Plan)):
            plans[plan.child_id].append(plan)
        visits: dict[str, list[VisitFacts]] = defaultdict(list)
        drafts: dict[str, int] = defaultdict(int)
        returned: dict[str, int] = defaultdict(int)
        rows = session.execute(
            select(Visit.id, Visit.child_id, Visit.visited_at, Visit.location, Visit.seen,
                   Visit.seen_alone, Visit.bedroom_seen, Visit.seen_awake,
                   Visit.joint_with_health_visitor, Visit.state, Visit.completed_at,
                   Visit.not_seen_alone_reason, Visit.attachment_observed)
            .where(Visit.conflict_of.is_(None))
            .order_by(Visit.child_id, Visit.visited_at)
        )
        for (vid, cid, at, loc, seen, alone, bedroom, awake, joint, state, done, reason,
             attach) in rows:
            completed = state in ("completed", "authorised")
            if state == "draft":
                drafts[cid] += 1
            elif state == "returned":
                returned[cid] += 1
            visits[cid].append(VisitFacts(
                id=vid, visited_at=at, location=loc, seen=seen, seen_alone=alone,
                bedroom_seen=bedroom, seen_awake=awake, joint_with_health_visitor=joint,
                not_seen_alone_reason=reason or None, attachment_observed=attach,
                completed=completed, recorded_at=done if completed else None,
            ))
    out = []
    for child in children:
        plan = current_plan(plans[child.id], as_of)
        history = visits[child.id]
        last_alone = max((v.visited_at.date() for v in history
                          if v.seen == "yes" and v.seen_alone == "yes"), default=None)
        if plan is None:
            out.append(CaseloadRow(child.id, child.full_name, child.case_reference,
                                   child.date_of_birth, child.expected_birth_date, "—", None,
                                   None, "no_plan", last_alone, drafts[child.id],
                                   returned[child.id], 0))
            continue
        facts = child_facts(child, plan)
        result = evaluate(policy, facts, history, as_of)
        due = result.next_visit_due
        left = None
        if due is not None:
            cal = calendar_for(facts.region)
            left = (cal.working_days_between(as_of, due) if due >= as_of
                    else -cal.working_days_between(due, as_of))
        errors = sum(1 for f in result.findings if f.severity == "error")
        attention = _attention(result.findings, drafts[child.id], returned[child.id])
        if result.visit_overdue or (due is not None and due < as_of):
            status = "overdue"
        elif left is not None and left <= 3:
            status = "due_soon"
        elif errors or drafts[child.id] or returned[child.id]:
            status = "action"
        else:
            status = "ok"
        out.append(CaseloadRow(child.id, child.full_name, child.case_reference,
                               child.date_of_birth, child.expected_birth_date, plan.plan_type,
                               due, left, status, last_alone, drafts[child.id],
                               returned[child.id], errors, attention))
    out.sort(key=lambda r: r.urgency)
    return out
