"""The caseload at a glance: each child with what is due, what is late and what waits on the worker.

One function works the caseload out (:func:`caseload`, remembered by :func:`work_out`); the
window and the ``visitdesk caseload`` command both show what it returns. It reads with a
handful of plain queries (not one ORM object per visit) so that thousands of children stay
quick.
"""

from __future__ import annotations

import json
import logging
import unicodedata
from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select

from visitdesk.errors import UserError
from visitdesk.services.facts import (
    WRITTEN_UP,
    child_facts,
    current_plan,
    installation_authority,
)
from visitdesk.services.workspace import Workspace
from visitdesk.standards import Authority, ChildFacts, DueStatus, VisitFacts, judge_due
from visitdesk.standards.calendar import calendar_for
from visitdesk.standards.engine import reason_findings
from visitdesk.storage.models import Child, Peer, Plan

# Urgency order: most pressing first. "no_standard" (no standard judges the child's plan, or
# part of it) is never "ok": nobody can say the child is on track.
log = logging.getLogger(__name__)

_SEEN_ALONE_NOTICE = timedelta(weeks=8)

URGENCY = {"overdue": 0, "due_soon": 1, "action": 2, "no_standard": 3, "ok": 4, "no_plan": 5}

# The statuses as the command line names them (the product's contract). A child with no plan
# needs the worker to add one.
STATUS_CODES = {
    "overdue": "overdue",
    "due_soon": "due_soon",
    "action": "needs_action",
    "no_standard": "no_standard",
    "ok": "on_track",
    "no_plan": "needs_action",
}

# Working days ahead within which a visit counts as due soon.
DUE_SOON_DAYS = 3


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
    attention: str = ""  # the most pressing things to do, in words
    standards: tuple[str, ...] = ()  # ids of the profiles that judge this child
    # What the standards say is due next, besides the visit itself (None: nothing is).
    next_visit_due: date | None = None  # the statutory visit alone (next_due may be a re-attempt)
    reattempt_due: date | None = None
    seen_alone_due: date | None = None
    seen_alone_overdue: bool = False
    bedroom_due: date | None = None
    bedroom_overdue: bool = False
    last_bedroom_seen: date | None = None
    joint_visit_due: date | None = None
    joint_visit_overdue: bool = False
    meeting_due: date | None = None
    meeting_overdue: bool = False
    review_due: date | None = None
    review_overdue: bool = False
    reasons: tuple[str, ...] = ()  # the finding codes behind the status, most pressing first
    # On a manager's installation: the worker whose device the child's records come from.
    worker: str = ""
    # Family name, then given name, folded (see :func:`folded`): how a list of children sorts.
    sort_name: str = ""

    @property
    def urgency(self) -> tuple[int, int, str]:
        days = self.working_days_left if self.working_days_left is not None else 10**6
        return (URGENCY[self.status], days, self.sort_name or folded(self.name))

    @property
    def status_code(self) -> str:
        """The status as the command line names it: overdue, due_soon, needs_action,
        on_track or no_standard."""
        return STATUS_CODES[self.status]

    def to_json(self) -> dict:
        """One row of ``visitdesk caseload --json``."""
        return {
            "id": self.child_id,
            "name": self.name,
            "plan": None if self.status == "no_plan" else self.plan,
            "standards": list(self.standards),
            "status": self.status_code,
            "next_visit_due": _iso(self.next_visit_due),
            "seen_alone_due": _iso(self.seen_alone_due),
            "bedroom_due": _iso(self.bedroom_due),
            "reattempt_due": _iso(self.reattempt_due),
            "reasons": list(self.reasons),
            "case_reference": self.case_reference,
            "joint_visit_due": _iso(self.joint_visit_due),
            "meeting_due": _iso(self.meeting_due),
            "review_due": _iso(self.review_due),
            "last_seen_alone": _iso(self.last_seen_alone),
            "drafts": self.awaiting_write_up,
            "returned": self.returned,
            "attention": self.attention,
            "worker": self.worker,
        }


# Letters that are their own letter, not a letter with a mark, so Unicode does not decompose
# them; a worker typing on an English keyboard writes them as these.
_FOLDS = str.maketrans(
    {
        "ł": "l",
        "Ł": "l",
        "ø": "o",
        "Ø": "o",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "Ð": "d",
        "þ": "th",
        "Þ": "th",
        "ħ": "h",
        "Ħ": "h",
        "ı": "i",
        "ß": "ss",
        "ẞ": "ss",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
    }
)


def folded(text: str) -> str:
    """``text`` without case or accents, for searching and sorting: "Łucja" and "Zoë" become
    "lucja" and "zoe". Letters of scripts without accents (Arabic, Bengali, Chinese...) are
    kept as they are, apart from their combining marks."""
    text = unicodedata.normalize("NFKD", text.translate(_FOLDS))
    bare = "".join(c for c in text if not unicodedata.combining(c))
    return bare.casefold().translate(_FOLDS)


def sort_name(given_name: str, family_name: str) -> str:
    """The key children sort by: family name, then given name."""
    return f"{folded(family_name.strip())}\t{folded(given_name.strip())}"


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


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


def seen_alone_text(row: CaseloadRow) -> str:
    """When the child was last seen alone, in words; says so when time alone is overdue."""
    if row.seen_alone_overdue:
        if row.last_seen_alone is None:
            return "Not yet seen alone"
        return f"Not seen alone since {row.last_seen_alone:%-d %b %Y}"
    if row.last_seen_alone:
        return f"{row.last_seen_alone:%-d %b %Y}"
    return "Not applicable" if row.date_of_birth is None else "Not yet"


def _short(day: date, as_of: date) -> str:
    """'Fri 6 Mar', with the year when the day is more than about six months away."""
    return f"{day:%a %-d %b %Y}" if abs((day - as_of).days) > 180 else f"{day:%a %-d %b}"


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _attention(
    due: DueStatus,
    drafts: int,
    returned: int,
    conflicts: int,
    last_alone: date | None,
    last_bedroom: date | None,
    as_of: date,
) -> str:
    """The most pressing things to do for a child, in words, most pressing first (joined by
    :func:`_joined`)."""
    parts = []
    if conflicts:
        parts.append(f"{_plural(conflicts, 'record')} changed in two places: choose a version")

    def by(day: date) -> str:
        return _short(day, as_of)

    if due.reattempt_cancelled:
        if due.reattempt_overdue:
            parts.append("cancelled visit: rearranging it is overdue")
        elif due.reattempt_due is not None:
            parts.append(f"cancelled visit: rearrange it by {by(due.reattempt_due)}")
    elif due.reattempt_overdue:
        parts.append("failed visit: the re-attempt is overdue")
    elif due.reattempt_due is not None:
        parts.append(f"failed visit: try again by {by(due.reattempt_due)}")
    if due.visit_overdue:
        parts.append("statutory visit overdue")
    if due.records_overdue:
        parts.append(f"{_plural(due.records_overdue, 'record')} past the recording deadline")
    if returned:
        parts.append(f"{_plural(returned, 'returned record')} to correct")
    if drafts:
        parts.append(f"{_plural(drafts, 'draft')} to finish")
    if due.seen_alone_overdue:
        parts.append(
            f"not seen alone since {last_alone:%-d %b}" if last_alone else "not yet seen alone"
        )
    elif due.seen_alone_at_next_visit:
        parts.append("seen alone due at the next visit")
    elif due.seen_alone_due is not None and due.seen_alone_due <= as_of + _SEEN_ALONE_NOTICE:
        # A young child's first time alone may be years away (from their fourth birthday):
        # the date stays in the row and its JSON, the words only once it is near.
        parts.append(f"seen alone due by {by(due.seen_alone_due)}")
    if due.bedroom_overdue:
        parts.append(
            f"bedroom not seen since {last_bedroom:%-d %b}"
            if last_bedroom
            else "bedroom not yet seen"
        )
    elif due.bedroom_due is not None:
        parts.append(f"bedroom to be seen by {by(due.bedroom_due)}")
    for overdue, when, late, coming in (
        (
            due.joint_visit_overdue,
            due.joint_visit_due,
            "joint visit with the health visitor overdue",
            "joint visit with the health visitor due",
        ),
        (due.meeting_overdue, due.meeting_due, "progress meeting overdue", "progress meeting due"),
        (
            due.meeting_notes_overdue,
            due.meeting_notes_due,
            "meeting notes to send out",
            "meeting notes to send out",
        ),
        (due.review_overdue, due.review_due, "plan review overdue", "plan review due"),
    ):
        if overdue:
            parts.append(late)
        elif when is not None:
            parts.append(f"{coming} by {by(when)}")
    return "; ".join(parts)


def _joined(parts) -> str:  # noqa: ANN001 - any iterable of strings
    """Parts of what needs attention as one line, starting with a capital."""
    text = "; ".join(p for p in parts if p)
    return text[:1].upper() + text[1:]


# A record's lateness is judged by when it was first completed (a returned record keeps that
# time); each completion opens an authorisation task, so the earliest task is the first.
_VISIT_SQL = (
    "SELECT v.child_id, v.visited_at, v.id, v.location, v.seen, v.seen_alone, v.state,"
    " coalesce(t.first_done, v.completed_at), v.bedroom_seen, v.seen_awake,"
    " v.joint_with_health_visitor, v.not_seen_alone_reason != '', v.attachment_observed,"
    " v.not_seen_alone_category, v.outcome, v.contact, v.conflict_of FROM visits v"
    " LEFT JOIN (SELECT visit_id, min(created_at) AS first_done FROM authorisation_tasks"
    " GROUP BY visit_id) t ON t.visit_id = v.id"
)


@dataclass(slots=True)
class _History:
    visits: dict[str, list[VisitFacts]]
    drafts: dict[str, int]
    returned: dict[str, int]
    conflicts: dict[str, int]


def _read_visits(ws: Workspace, child_id: str | None = None) -> _History:
    """Every child's history (or one child's) as engine facts, read as plain rows (not ORM
    objects) for speed."""
    visits: dict[str, list[VisitFacts]] = defaultdict(list)
    drafts: dict[str, int] = defaultdict(int)
    returned: dict[str, int] = defaultdict(int)
    conflicts: dict[str, int] = defaultdict(int)
    parse = datetime.fromisoformat
    sql = _VISIT_SQL
    params: tuple = ()
    if child_id is not None:
        sql += " WHERE v.child_id = ?"
        params = (child_id,)
    with ws.db.engine.connect() as conn:
        rows = conn.exec_driver_sql(sql + " ORDER BY v.child_id, v.visited_at", params).fetchall()
    for (
        cid,
        at,
        vid,
        loc,
        seen,
        alone,
        state,
        done,
        bedroom,
        awake,
        joint,
        has_reason,
        attach,
        category,
        outcome,
        contact,
        conflict_of,
    ) in rows:
        if conflict_of is not None:
            conflicts[cid] += 1  # a copy kept beside the record: the worker chooses one
            continue
        completed = state in WRITTEN_UP
        if state == "draft":
            drafts[cid] += 1
        elif state == "returned":
            returned[cid] += 1
        visits[cid].append(
            VisitFacts(
                id=vid,
                visited_at=parse(at),
                location=loc,
                seen=seen,
                seen_alone=alone,
                bedroom_seen=None if bedroom is None else bool(bedroom),
                seen_awake=None if awake is None else bool(awake),
                joint_with_health_visitor=None if joint is None else bool(joint),
                not_seen_alone_reason="given" if has_reason else None,
                not_seen_alone_category=category,
                attachment_observed=None if attach is None else bool(attach),
                completed=completed,
                recorded_at=parse(done) if completed and done else None,
                outcome=outcome,
                contact=contact,
            )
        )
    return _History(visits, drafts, returned, conflicts)


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
    workers = {
        device: name
        for device, name in session.execute(
            select(Peer.device_id, Peer.name).where(Peer.relation == "member")
        )
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
# Working out every child's status reads every visit; a worker's laptop does it once a day.
# The result is kept (inside the encrypted database) with what it was computed from: the day,
# the standard and the change counter. Any other write makes it stale and it is worked out again.

CACHE_KEY = "caseload_cache"
_DATE_FIELDS = (
    "date_of_birth",
    "expected_birth_date",
    "next_due",
    "last_seen_alone",
    "next_visit_due",
    "reattempt_due",
    "seen_alone_due",
    "bedroom_due",
    "last_bedroom_seen",
    "joint_visit_due",
    "meeting_due",
    "review_due",
)
# Bumped whenever the way a row is worked out changes, so a row remembered by an older
# version (one that could show a false "On track") is never shown again.
_ROWS_VERSION = 4


def _cache_key(ws: Workspace, as_of: date) -> list:
    from visitdesk.storage import changes
    from visitdesk.storage.models import BundleLog

    with ws.db.sessions() as session:
        counter = changes.current(session)
        imports = session.query(BundleLog).count()
    authority = installation_authority(ws)
    return [
        _ROWS_VERSION,
        as_of.isoformat(),
        ws.identity.policy_id,
        authority.id,
        list(authority.policy_ids),
        counter,
        imports,
    ]


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
    data["reasons"] = tuple(data.get("reasons", ()))
    return CaseloadRow(**data)


def _store(ws: Workspace, as_of: date, rows: list[CaseloadRow]) -> None:
    ws.set_setting(
        CACHE_KEY, json.dumps({"key": _cache_key(ws, as_of), "rows": [_encode(r) for r in rows]})
    )


def recall(ws: Workspace, as_of: date | None = None) -> tuple[list[CaseloadRow], bool] | None:
    """What was remembered, and whether it is still current; None if nothing usable was kept."""
    as_of = as_of or ws.today()
    raw = ws.setting(CACHE_KEY)
    if not raw:
        return None
    try:
        data = json.loads(raw)
        if data["key"][0] != _ROWS_VERSION:
            return None  # worked out by an older version: never shown
        return [_decode(r) for r in data["rows"]], data["key"] == _cache_key(ws, as_of)
    except (ValueError, KeyError, TypeError, IndexError):
        return None  # an unreadable cache is simply worked out again


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
