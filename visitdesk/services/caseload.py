"""The caseload at a glance: each child with what is due, what is late and what waits on the worker.

Reads with a handful of plain queries (not one ORM object per visit) so that thousands of
children stay quick.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import date, datetime

from sqlalchemy import select

from visitdesk.services.facts import (
    WRITTEN_UP,
    child_facts,
    current_plan,
    first_completions,
    installation_authority,
)
from visitdesk.services.workspace import Workspace
from visitdesk.standards import Authority, DueStatus, VisitFacts, judge_due
from visitdesk.standards.calendar import calendar_for
from visitdesk.storage.models import Child, Plan, Visit

# Urgency order: most pressing first. "no_standard" (no standard judges the child's plan, or
# part of it) is never "ok": nobody can say the child is on track.
URGENCY = {"overdue": 0, "due_soon": 1, "action": 2, "no_standard": 3, "ok": 4, "no_plan": 5}



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
    standards: tuple[str, ...] = ()  # ids of the profiles that judge this child

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
    if months == 0:
        return "under 1 month"
    if months < 24:
        return f"{months} month{'s' if months != 1 else ''}"
    return f"{months // 12} years"


def due_text(row: CaseloadRow) -> str:
    if row.next_due is None:
        if row.status == "no_plan":
            return "no plan"
        if row.status == "no_standard":
            return "no standard set"
        return "cannot be worked out"
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


def _attention(due: DueStatus, drafts: int, returned: int, conflicts: int = 0) -> str:
    """The most pressing things to do for a child, in words, most pressing first."""
    parts = []
    if conflicts:
        parts.append(f"{conflicts} record{'s' if conflicts != 1 else ''} changed in two places:"
                     " choose a version")
    if due.reattempt_overdue:
        parts.append("failed visit: the re-attempt is overdue")
    elif due.reattempt_due is not None:
        parts.append(f"failed visit: try again by {due.reattempt_due:%a %-d %b}")
    if due.visit_overdue:
        parts.append("statutory visit overdue")
    if due.records_overdue:
        n = due.records_overdue
        parts.append(f"{n} record{'s' if n != 1 else ''} past the recording deadline")
    if returned:
        parts.append(f"{returned} returned record{'s' if returned != 1 else ''} to correct")
    if drafts:
        parts.append(f"{drafts} draft{'s' if drafts != 1 else ''} to finish")
    if due.seen_alone_overdue:
        parts.append("not seen alone recently enough")
    elif due.seen_alone_due is not None:
        parts.append(f"see alone by {due.seen_alone_due:%a %-d %b}")
    return "; ".join(parts).capitalize()


# A record's lateness is judged by when it was first completed (a returned record keeps that
# time); each completion opens an authorisation task, so the earliest task is the first.
_VISIT_SQL = (
    "SELECT v.child_id, v.visited_at, v.id, v.location, v.seen, v.seen_alone, v.state,"
    " coalesce(t.first_done, v.completed_at), v.bedroom_seen, v.seen_awake,"
    " v.joint_with_health_visitor, v.not_seen_alone_reason != '', v.attachment_observed,"
    " v.not_seen_alone_category FROM visits v LEFT JOIN (SELECT visit_id,"
    " min(created_at) AS first_done FROM authorisation_tasks GROUP BY visit_id) t"
    " ON t.visit_id = v.id WHERE v.conflict_of IS NULL ORDER BY v.child_id, v.visited_at"
)


def _read_visits(ws: Workspace) -> tuple[dict[str, list[VisitFacts]], dict[str, int],
                                         dict[str, int]]:
    """Every child's history as engine facts, read as plain rows (not ORM objects) for speed."""
    visits: dict[str, list[VisitFacts]] = defaultdict(list)
    drafts: dict[str, int] = defaultdict(int)
    returned: dict[str, int] = defaultdict(int)
    parse = datetime.fromisoformat
    with ws.db.engine.connect() as conn:
        rows = conn.exec_driver_sql(_VISIT_SQL).fetchall()
    for (cid, at, vid, loc, seen, alone, state, done, bedroom, awake, joint, has_reason,
         attach, category) in rows:
        completed = state in WRITTEN_UP
        if state == "draft":
            drafts[cid] += 1
        elif state == "returned":
            returned[cid] += 1
        visits[cid].append(VisitFacts(
            id=vid, visited_at=parse(at), location=loc, seen=seen, seen_alone=alone,
            bedroom_seen=None if bedroom is None else bool(bedroom),
            seen_awake=None if awake is None else bool(awake),
            joint_with_health_visitor=None if joint is None else bool(joint),
            not_seen_alone_reason="given" if has_reason else None,
            not_seen_alone_category=category,
            attachment_observed=None if attach is None else bool(attach),
            completed=completed, recorded_at=parse(done) if completed and done else None,
        ))
    return visits, drafts, returned


def caseload(ws: Workspace, as_of: date | None = None) -> list[CaseloadRow]:
    """Every child on this caseload, most urgent first."""
    as_of = as_of or ws.today()
    authority = installation_authority(ws)
    with ws.db.sessions() as session:
        children = list(session.scalars(select(Child)))
        plans: dict[str, list[Plan]] = defaultdict(list)
        for plan in session.scalars(select(Plan)):
            plans[plan.child_id].append(plan)
    visits, drafts, returned = _read_visits(ws)
    with ws.db.engine.connect() as conn:
        conflicts = dict(conn.exec_driver_sql(
            "SELECT child_id, count(*) FROM visits WHERE conflict_of IS NOT NULL"
            " GROUP BY child_id").fetchall())
    out = [_row(child, plans[child.id], visits[child.id], drafts[child.id],
                returned[child.id], authority, as_of, conflicts.get(child.id, 0))
           for child in children]
    out.sort(key=lambda r: r.urgency)
    return out


def caseload_row(ws: Workspace, child_id: str, as_of: date | None = None) -> CaseloadRow:
    """One child's caseload row, after a change to their records."""
    from visitdesk.services.facts import visit_facts

    as_of = as_of or ws.today()
    with ws.db.sessions() as session:
        child = session.get(Child, child_id)
        child_plans = list(session.scalars(select(Plan).where(Plan.child_id == child_id)))
        every = list(session.scalars(select(Visit).where(
            Visit.child_id == child_id).order_by(Visit.visited_at)))
        first = first_completions(session, child_id)
    rows = [v for v in every if v.conflict_of is None]
    conflicts = len(every) - len(rows)
    history = [visit_facts(v, first.get(v.id)) for v in rows]
    drafts = sum(1 for v in rows if v.state == "draft")
    returned = sum(1 for v in rows if v.state == "returned")
    return _row(child, child_plans, history, drafts, returned,
                installation_authority(ws), as_of, conflicts)


def _row(child: Child, plans: list[Plan], history: list[VisitFacts], drafts: int,
         returned: int, authority: Authority, as_of: date,
         conflicts: int = 0) -> CaseloadRow:
    last_alone = max((v.visited_at.date() for v in history
                      if v.seen == "yes" and v.seen_alone == "yes"), default=None)
    plan = current_plan(plans, as_of)
    if plan is None:
        return CaseloadRow(child.id, child.full_name, child.case_reference, child.date_of_birth,
                           child.expected_birth_date, "—", None, None, "no_plan", last_alone,
                           drafts, returned, 0, "No current plan: add one on the child's page")
    facts = child_facts(child, plan)
    judged = judge_due(authority, facts, history, as_of)
    if judged.no_standard:
        # Nothing can say when this child is due a visit: say so, never "on track".
        attention = "; ".join(p for p in (judged.message, _attention(
            judged.due, drafts, returned, conflicts)) if p)
        return CaseloadRow(child.id, child.full_name, child.case_reference, child.date_of_birth,
                           child.expected_birth_date, plan.plan_type, None, None, "no_standard",
                           last_alone, drafts, returned, 0, attention, ())
    due = judged.due
    next_due = due.next_visit_due
    if due.reattempt_due is not None and (next_due is None or due.reattempt_due < next_due):
        next_due = due.reattempt_due
    left = None
    if next_due is not None:
        cal = calendar_for(facts.region)
        left = (cal.working_days_between(as_of, next_due) if next_due >= as_of
                else -cal.working_days_between(next_due, as_of))
    if due.visit_overdue or due.reattempt_overdue or (next_due is not None and next_due < as_of):
        status = "overdue"
    elif left is not None and left <= 3:
        status = "due_soon"
    elif (next_due is None or due.records_overdue or drafts or returned or conflicts
          or due.seen_alone_overdue):
        status = "action"
    elif judged.uncovered:
        status = "no_standard"  # part of the plan (CP of a CP+CLA child) has no standard
    else:
        status = "ok"
    parts = [_attention(due, drafts, returned, conflicts)]
    if next_due is None:
        parts.insert(0, "The next visit date cannot be worked out: check the plan's dates "
                        "and agreed visiting interval")
    if judged.message:
        parts.insert(0, judged.message)
    attention = "; ".join(p for p in parts if p)
    blocked = due.records_blocked
    return CaseloadRow(child.id, child.full_name, child.case_reference, child.date_of_birth,
                       child.expected_birth_date, plan.plan_type, next_due, left, status,
                       last_alone, drafts, returned, due.records_overdue + blocked,
                       attention, judged.standards)


# --- the remembered caseload ----------------------------------------------------------------
# Working out every child's status reads every visit; a worker's laptop does it once a day.
# The result is kept (inside the encrypted database) with what it was computed from: the day,
# the standard and the change counter. Any other write makes it stale and it is worked out again.

CACHE_KEY = "caseload_cache"
_DATE_FIELDS = ("date_of_birth", "expected_birth_date", "next_due", "last_seen_alone")
# Bumped whenever the way a row is worked out changes, so a row remembered by an older
# version (one that could show a false "On track") is never shown again.
_ROWS_VERSION = 2


def _cache_key(ws: Workspace, as_of: date) -> list:
    from visitdesk.storage import changes
    from visitdesk.storage.models import BundleLog

    with ws.db.sessions() as session:
        counter = changes.current(session)
        imports = session.query(BundleLog).count()
    authority = installation_authority(ws)
    return [_ROWS_VERSION, as_of.isoformat(), ws.identity.policy_id, authority.id,
            list(authority.policy_ids), counter, imports]


def _encode(row: CaseloadRow) -> dict:
    out = asdict(row)
    for f in _DATE_FIELDS:
        if out[f] is not None:
            out[f] = out[f].isoformat()
    return out


def _decode(data: dict) -> CaseloadRow:
    for f in _DATE_FIELDS:
        if data[f] is not None:
            data[f] = date.fromisoformat(data[f])
    data["standards"] = tuple(data.get("standards", ()))
    return CaseloadRow(**data)


def _store(ws: Workspace, as_of: date, rows: list[CaseloadRow]) -> None:
    ws.set_setting(CACHE_KEY, json.dumps({"key": _cache_key(ws, as_of),
                                          "rows": [_encode(r) for r in rows]}))


def recall(ws: Workspace, as_of: date | None = None) -> tuple[list[CaseloadRow], bool] | None:
    """What was remembered, and whether it is still current; None if nothing usable was kept."""
    as_of = as_of or ws.today()
    raw = ws.setting(CACHE_KEY)
    if not raw:
        return None
    try:
        data = json.loads(raw)
        return [_decode(r) for r in data["rows"]], data["key"] == _cache_key(ws, as_of)
    except (ValueError, KeyError, TypeError):
        return None  # an unreadable cache is simply worked out again


def work_out(ws: Workspace, as_of: date | None = None) -> list[CaseloadRow]:
    """The caseload afresh, remembered for the next start."""
    as_of = as_of or ws.today()
    rows = caseload(ws, as_of)
    _store(ws, as_of, rows)
    return rows


def remembered_caseload(ws: Workspace, as_of: date | None = None) -> list[CaseloadRow]:
    """The caseload, from what was remembered when nothing has changed since, else afresh."""
    recalled = recall(ws, as_of)
    if recalled is not None and recalled[1]:
        return recalled[0]
    return work_out(ws, as_of)


def refresh_child(ws: Workspace, rows: list[CaseloadRow], child_id: str,
                  as_of: date | None = None) -> list[CaseloadRow]:
    """The caseload with one child's row worked out again after a change to their records."""
    as_of = as_of or ws.today()
    fresh = caseload_row(ws, child_id, as_of)
    out = [fresh if r.child_id == child_id else r for r in rows]
    if not any(r.child_id == child_id for r in rows):
        out.append(fresh)
    out.sort(key=lambda r: r.urgency)
    _store(ws, as_of, out)
    return out
