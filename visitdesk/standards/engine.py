"""The rule engine: a child's case checked against a policy profile.

``evaluate`` looks at a whole case (for the command line, the child's page and reports);
``check_form`` checks one visit record as it is being typed and is kept cheap enough to run
on every keystroke; ``due_status`` is the slim answer the caseload table needs for thousands
of children at once. All three share the same rule logic, so a rule lives in one place.
The rules themselves are in ``visit_rules``, ``schedule_rules`` and ``meeting_rules``; this
module holds the three entry points.

Dates are local calendar dates; a deadline is the last day on which something still counts
as on time, so "overdue" always means ``as_of`` is after the deadline.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from visitdesk.standards.case import ChildFacts, VisitFacts
from visitdesk.standards.context import (
    _FAR_FUTURE,
    _add_months,  # noqa: F401  (imported from here by tests)
    _Context,
    _context,
    _Out,
    uncovered_parts,
)
from visitdesk.standards.meeting_rules import (
    _check_meetings,
    _check_plan_review,
    _notes_due,
    _progress_due,
    _review_due,
)
from visitdesk.standards.policy import Policy, Rule, plan_parts
from visitdesk.standards.results import (
    SEVERITY_RANK,
    DueStatus,
    Evaluation,
    Finding,
    ScheduleItem,
    VisitResult,
    _item,
    result_json,
    sort_findings,
)
from visitdesk.standards.schedule_rules import (
    _alone_every_visit,
    _bedroom_ok,
    _bedroom_timed_due,
    _check_bedroom,
    _check_first_visit,
    _check_joint_visits,
    _check_reattempts,
    _check_seen_alone,
    _check_visit_gaps,
    _frequency_interval,
    _joint_due,
    _latest_pattern,
    _periodic_due,
    _reattempt_deadline,
    _reattempt_rule,
    _seen_alone,
    _seen_alone_due,
)
from visitdesk.standards.visit_rules import (
    CANCELLED_REASON_FIELD,
    FORM_SOURCE,
    _awaiting_facts,
    _check_cancelled,
    _check_observations,
    _check_sections,
    _check_seen_alone_reason,
    _classify,
    _due_day,
    _normalise,
    _normalised,
    _per_visit,
    _record_due,
    _recorded_late,
    _remote,
    _visit_day,
    reason_findings,
)
from visitdesk.standards.wording import _FACT_LABELS, _day

# ---------------------------------------------------------------------------------------------
# Whole-case evaluation


def _history(visits: Iterable[VisitFacts], as_of: date) -> tuple[list[VisitFacts], list]:
    ordered = sorted(visits, key=lambda v: v.visited_at)
    past = [v for v in ordered if _visit_day(v) <= as_of]
    future = [v for v in ordered if _visit_day(v) > as_of]
    return past, future


def evaluate(
    policy: Policy, child: ChildFacts, visits: Sequence[VisitFacts], as_of: date
) -> Evaluation:
    """Check a child's whole case against ``policy`` as it stands on ``as_of``."""
    ctx = _context(policy, child)
    out = _Out(ctx)
    visits = _normalised(visits)
    past, future = _history(visits, as_of)
    statuses = {v.id: _classify(ctx, v) for v in (*past, *future)}
    schedule: list[ScheduleItem] = []

    _coverage(ctx, out)
    results: dict[str, VisitResult] = {}
    reattempts: dict[str, date] = {}
    if ctx.nothing_covered:
        # Nothing in this profile speaks to this plan; saying so is the answer, with only the
        # form's own request for the reason a child was not seen alone.
        for v in past:
            _check_seen_alone_reason(ctx, v, out)
        for v in (*past, *future):
            results[v.id] = VisitResult(v.id, statuses[v.id].statutory, None, False, None)
        order = {v.id: i for i, v in enumerate(past)}
        return Evaluation(
            policy,
            as_of,
            None,
            False,
            [results[v.id] for v in visits],
            sort_findings(out.items, order),
        )

    # Per visit: what the record says and whether it was done on time.
    record_dues = {v.id: _record_due(ctx, v) for v in (*past, *future)}
    for v in past:
        _per_visit(ctx, v, statuses[v.id], as_of, out, record_dues[v.id])
    for v in future:
        out.add(
            "visit.after_as_of",
            "info",
            v.id,
            "visited_at",
            f"This visit is dated after {_day(as_of)}, so it is not counted yet.",
            policy.name,
        )

    # Records still waiting for their visit facts neither make nor break the schedule.
    counted = [v for v in past if not statuses[v.id].pending]
    _check_reattempts(ctx, counted, statuses, as_of, out, reattempts, schedule)

    # Statutory visits drive the visiting schedule.
    statutory = [v for v in past if statuses[v.id].statutory]
    last = _visit_day(statutory[-1]) if statutory else None
    next_due, freq_bound = _periodic_due(
        ctx, ctx.bounds["visit_frequency"], last, _frequency_interval(ctx, out), out=out
    )
    next_source: Rule | str = freq_bound.rule if freq_bound else ctx.policy.name

    def first_on_or_after(start: date) -> VisitFacts | None:
        return next((v for v in statutory if _visit_day(v) >= start), None)

    first_due, first_rule = _check_first_visit(ctx, first_on_or_after, as_of, out)
    if first_due is not None and (next_due is None or first_due < next_due):
        next_due, next_source = first_due, first_rule  # type: ignore[union-attr]
    overdue = next_due is not None and as_of > next_due
    if overdue:
        out.add(
            "visit.overdue",
            "warning",
            None,
            None,
            f"A statutory visit was due by {_day(next_due)}. Please visit the child as soon "  # type: ignore[arg-type]
            "as you can, or tell your manager why you cannot.",
            next_source,
        )
    if next_due is not None:
        schedule.append(_item("next_visit", "Next statutory visit", next_due, next_source))
    if first_due is not None:
        schedule.append(
            _item("first_visit", "First visit", first_due, first_rule)  # type: ignore[union-attr]
        )
    _check_visit_gaps(ctx, statutory, out)

    _check_seen_alone(ctx, counted, as_of, next_due, out, schedule)
    _check_bedroom(ctx, counted, next_due, out, schedule)
    _check_joint_visits(ctx, counted, as_of, out, schedule)
    _check_plan_review(ctx, as_of, out, schedule)
    _check_meetings(ctx, as_of, out, schedule)
    _report_missing_facts(ctx, as_of, out)

    for v in (*past, *future):
        due = record_dues[v.id][0]
        results[v.id] = VisitResult(
            v.id,
            statuses[v.id].statutory,
            due,
            _recorded_late(v, due),
            reattempts.get(v.id),
        )
    original_order = {v.id: i for i, v in enumerate(visits)}
    ordered_results = sorted(results.values(), key=lambda r: original_order[r.id])
    time_order = {v.id: i for i, v in enumerate((*past, *future))}
    return Evaluation(
        policy=policy,
        as_of=as_of,
        next_visit_due=next_due,
        visit_overdue=overdue,
        visits=ordered_results,
        findings=sort_findings(out.items, time_order),
        schedule=sorted(schedule, key=lambda s: (s.due or _FAR_FUTURE, s.kind)),
    )


def _coverage(ctx: _Context, out: _Out) -> None:
    policy = ctx.policy
    for part in ctx.uncovered:
        out.add(
            "policy.plan_not_covered",
            "info",
            None,
            None,
            f"{policy.title} does not cover {part} plans, so nothing has been checked for the "
            f"{part} part of this child's plan. Choose a standard that covers it as well.",
            policy.name,
        )
    if not ctx.has_recording and not ctx.nothing_covered:
        out.add(
            "record.deadline_not_set",
            "info",
            None,
            None,
            "This standard does not set a deadline for writing up visits; follow your "
            "authority's recording policy.",
            policy.name,
        )


def _report_missing_facts(ctx: _Context, as_of: date, out: _Out) -> None:
    child = ctx.child
    if child.date_of_birth is None and child.expected_birth_date is not None:
        if as_of >= child.expected_birth_date:
            out.missing.setdefault("date_of_birth", ctx.policy.name)
    for fact, source in sorted(out.missing.items()):
        if fact == "date_of_birth" and child.expected_birth_date is not None:
            if as_of < child.expected_birth_date:
                continue  # unborn: the expected date stands in until the birth
            message = (
                "The expected birth date has passed. Add the child's date of birth so that "
                "age-based checks stay right."
            )
        else:
            message = (
                f"Add {_FACT_LABELS.get(fact, fact)} to the child's details so that every "
                "check in this standard can be made."
            )
        out.add("child.facts_missing", "info", None, None, message, source)


# ---------------------------------------------------------------------------------------------
# Live validation of one form


def check_form(
    policy: Policy,
    child: ChildFacts,
    history: Sequence[VisitFacts],
    draft: VisitFacts,
    as_of: date,
) -> list[Finding]:
    """Findings for a visit record being written, ``draft``, given the child's other visits.

    Everything is about the draft (``visit == draft.id``): what would stop it being completed
    (errors), whether it will count as a statutory visit, and what the history means for this
    visit (seen alone or the bedroom owed because the last visit missed it, a seen-alone or
    joint visit deadline that falls before the next visit).
    """
    ctx = _context(policy, child)
    out = _Out()
    draft = _normalise(draft)
    history = _normalised(history)
    day = _visit_day(draft)
    # Other records still waiting for their visit facts say nothing about this visit.
    before = [
        v
        for v in history
        if v.id != draft.id and v.visited_at <= draft.visited_at and not _awaiting_facts(v)
    ]
    if len(before) > 1 and any(
        a.visited_at > b.visited_at for a, b in zip(before, before[1:], strict=False)
    ):
        before.sort(key=lambda v: v.visited_at)
    status = _classify(ctx, draft)
    _per_visit(ctx, draft, status, max(as_of, day), out)

    rule = _reattempt_rule(ctx, day, status)
    if rule is not None:
        deadline = _reattempt_deadline(ctx, day, rule)
        out.add(
            "visit.reattempt_due",
            "info",
            draft.id,
            None,
            f"As this visit was cancelled, rearrange it by {_day(deadline)}."
            if status.cancelled
            else f"As the child was not properly seen, plan another visit by {_day(deadline)}.",
            rule,
        )

    # Every-other-visit rules: owed now if the last counted visit missed it.
    for kind, field_name, good, code, message, in_person in (
        (
            "seen_alone_frequency",
            "seen_alone",
            lambda v, r: v.seen_alone == "yes",
            "seen_alone.overdue",
            "The last visit did not include time alone with the child, so this one should.",
            False,
        ),
        (
            "bedroom_frequency",
            "bedroom_seen",
            lambda v, r: _bedroom_ok(v, r.at_home),
            "bedroom.overdue",
            "The home and bedroom were not seen last time, so they should be seen on this visit.",
            True,
        ),
    ):
        for b in ctx.bounds[kind]:
            if not b.rule.every_other_visit or not b.active(day):
                continue
            previous = next(
                (
                    v
                    for v in reversed(before)
                    if v.seen == "yes"
                    and b.active(_visit_day(v))
                    and not (in_person and _remote(v))
                ),
                None,
            )
            if previous is None or good(previous, b.rule):
                continue
            if draft.seen == "no" or status.cancelled or good(draft, b.rule):
                continue
            if in_person and _remote(draft):
                continue
            out.add(code, "warning", draft.id, field_name, message, b.rule)

    # Timed requirements that fall due before the next visit would have to happen.
    if draft.seen != "no" and not status.cancelled:
        horizon = _next_due_after(ctx, day)
        due, bound = _seen_alone_due(ctx, before)
        if due is not None and bound is not None and not _seen_alone(draft):
            if horizon is None or due <= horizon:
                out.add(
                    "seen_alone.overdue",
                    "warning",
                    draft.id,
                    "seen_alone",
                    f"The child needs to be seen alone by {_day(due)}; please see them on "
                    "their own on this visit if you can.",
                    bound.rule,
                )
        if child.date_of_birth is not None:
            due, bound = _joint_due(ctx, before)
            if (
                due is not None
                and bound is not None
                and not (
                    draft.joint_with_health_visitor is True
                    and (not bound.rule.at_home or draft.location == "home")
                )
                and (horizon is None or due <= horizon)
            ):
                out.add(
                    "joint_visit.overdue",
                    "warning",
                    draft.id,
                    "joint_with_health_visitor",
                    f"A joint visit with the health visitor is due by {_day(due)}; if you can, "
                    "make this visit a joint one.",
                    bound.rule,
                )
    order = {draft.id: 0}
    return sort_findings(out.items, order)


def _next_due_after(ctx: _Context, day: date) -> date | None:
    """When the next statutory visit would be due if one happened on ``day``."""
    due, _ = _periodic_due(ctx, ctx.bounds["visit_frequency"], day, _frequency_interval(ctx, None))
    return due


# ---------------------------------------------------------------------------------------------
# Caseload due-status


def due_status(
    policy: Policy, child: ChildFacts, visits: Sequence[VisitFacts], as_of: date
) -> DueStatus:
    """What the caseload table shows for one child, computed from the end of the history.

    ``visits`` should be in time order (as storage returns them); only the recent end of the
    history is examined, so this stays cheap for long-running cases.
    """
    return due_statuses((policy,), child, visits, as_of)[0]


def due_statuses(
    policies: Sequence[Policy], child: ChildFacts, visits: Sequence[VisitFacts], as_of: date
) -> list[DueStatus]:
    """:func:`due_status` under each of several profiles, reading the history once."""
    # Skip any visits dated after as_of (the list is in time order).
    end = len(visits)
    while end and visits[end - 1].visited_at.date() > as_of:
        end -= 1
    upto = visits if end == len(visits) else visits[:end]
    upto = _normalised(upto)
    unfinished = [v for v in upto if v.completed is not True]
    # Built afresh: a caseload has far more children than the shared cache holds, and
    # filling the cache would only push out the child whose form is open.
    return [
        _due_status(_Context(policy, child), upto, end, unfinished, as_of) for policy in policies
    ]


def _record_blocked(ctx: _Context, v: VisitFacts) -> bool:
    """Whether an unfinished record still lacks something it needs before completion."""
    probe = _Out()
    if ctx.bounds["record_sections"]:
        _check_sections(ctx, v, probe)
        if probe.items:
            return True  # a missing section is always an error
    if v.outcome == "cancelled":
        _check_cancelled(ctx, v, probe)
    else:
        _check_seen_alone_reason(ctx, v, probe)
        _check_observations(ctx, v, probe)
    return any(f.severity == "error" for f in probe.items)


def _due_status(
    ctx: _Context,
    visits: Sequence[VisitFacts],
    end: int,
    unfinished: Sequence[VisitFacts],
    as_of: date,
) -> DueStatus:
    last_statutory: date | None = None
    latest: VisitFacts | None = None  # the latest statutory visit
    # Re-attempt deadlines still open: those of the cancelled visits at the end of the
    # history and of the latest visit that took place (a later one meets each of them).
    reattempt: date | None = None
    reattempt_cancelled = False
    taken = False
    for i in range(end - 1, -1, -1):
        v = visits[i]
        status = _classify(ctx, v)
        if status.pending:
            continue
        if not taken:
            day = _visit_day(v)
            rule = _reattempt_rule(ctx, day, status)
            if rule is not None:
                deadline = _reattempt_deadline(ctx, day, rule)
                if reattempt is None or deadline < reattempt:
                    reattempt, reattempt_cancelled = deadline, status.cancelled
            taken = not status.cancelled
        if status.statutory:
            last_statutory = _visit_day(v)
            latest = v
            break

    next_due, _ = _periodic_due(
        ctx, ctx.bounds["visit_frequency"], last_statutory, _frequency_interval(ctx, None)
    )
    if ctx.bounds["first_visit"]:
        # The latest statutory visit stands in for "a statutory visit on or after the start":
        # if the latest is before it, no later one exists.
        def first_on_or_after(start: date) -> VisitFacts | None:
            if latest is not None and _visit_day(latest) >= start:
                return latest
            return None

        first_due, _ = _check_first_visit(ctx, first_on_or_after, as_of, None)
        if first_due is not None and (next_due is None or first_due < next_due):
            next_due = first_due

    overdue_records: list[str] = []
    blocked_records: list[str] = []
    for v in unfinished:
        if ctx.has_recording:
            due, _ = _record_due(ctx, v)
            if due is not None and as_of > _due_day(due):
                overdue_records.append(v.id)
        if _record_blocked(ctx, v):
            blocked_records.append(v.id)

    # The schedules below count what evaluate() counts: a draft still without its visit's
    # facts ("Seen: Yes" alone) is not yet a visit, wherever it sits in the history (not only
    # after the latest statutory visit).
    waiting = {v.id for v in unfinished if _awaiting_facts(v)}
    if waiting:
        visits = [v for v in visits if v.id not in waiting]
    bounds = ctx.bounds

    # Seen alone: by a date (every six weeks), or at the next visit (every other visit when
    # the last one missed it; every visit where a visit counts only with time alone).
    seen_alone_due, _ = _seen_alone_due(ctx, visits)
    at_next = _alone_every_visit(ctx, next_due or as_of) is not None
    if not at_next and bounds["seen_alone_frequency"]:
        owed, _ = _latest_pattern(
            bounds["seen_alone_frequency"], visits, lambda v, r: v.seen_alone == "yes"
        )
        at_next = owed is not None
    if at_next and next_due is not None and (seen_alone_due is None or next_due < seen_alone_due):
        seen_alone_due = next_due

    bedroom_due: date | None = None
    bedroom_broken = False
    bedroom_at_next = False
    if bounds["bedroom_frequency"]:
        owed, broken = _latest_pattern(
            bounds["bedroom_frequency"],
            visits,
            lambda v, r: _bedroom_ok(v, r.at_home),
            in_person=True,
        )
        bedroom_broken = broken is not None
        if owed is not None:
            bedroom_due, bedroom_at_next = next_due, True
        timed, _ = _bedroom_timed_due(ctx, visits)
        if timed is not None and (bedroom_due is None or timed < bedroom_due):
            bedroom_due = timed

    joint_due: date | None = None
    if bounds["joint_visit"] and ctx.child.date_of_birth is not None:
        # A rule that ended before the first visit and the plan start cannot fall due again.
        first = _visit_day(visits[0]) if visits else as_of
        start = ctx.start_date("plan_start", ctx.policy.name, None) or first
        if any(b.end > min(first, start) for b in bounds["joint_visit"]):
            joint_due, _ = _joint_due(ctx, visits)

    meeting_due = notes_due = review_due = None
    if bounds["progress_meeting"]:
        meeting_due, _ = _progress_due(ctx, as_of, None)
    if bounds["meeting_notes"] and ctx.child.meetings:
        notes_due = _notes_due(ctx, as_of)
    if bounds["plan_review"]:
        review_due = _review_due(ctx, as_of)

    return DueStatus(
        next_visit_due=next_due,
        visit_overdue=next_due is not None and as_of > next_due,
        records_overdue=len(overdue_records),
        records_blocked=len(blocked_records),
        reattempt_due=reattempt,
        reattempt_overdue=reattempt is not None and as_of > reattempt,
        seen_alone_due=seen_alone_due,
        seen_alone_overdue=seen_alone_due is not None and as_of > seen_alone_due,
        overdue_records=tuple(overdue_records),
        blocked_records=tuple(blocked_records),
        bedroom_due=bedroom_due,
        bedroom_overdue=bedroom_broken or (bedroom_due is not None and as_of > bedroom_due),
        joint_visit_due=joint_due,
        joint_visit_overdue=joint_due is not None and as_of > joint_due,
        meeting_due=meeting_due,
        meeting_overdue=meeting_due is not None and as_of > meeting_due,
        meeting_notes_due=notes_due,
        meeting_notes_overdue=notes_due is not None and as_of > notes_due,
        review_due=review_due,
        review_overdue=review_due is not None and as_of > review_due,
        reattempt_cancelled=reattempt_cancelled,
        seen_alone_at_next_visit=at_next,
        bedroom_at_next_visit=bedroom_at_next,
    )


# The result types, and the helpers other modules and tests import from here, are re-exported
# from their own modules so that every ``from visitdesk.standards.engine import ...`` still works.
__all__ = [
    "CANCELLED_REASON_FIELD",
    "FORM_SOURCE",
    "SEVERITY_RANK",
    "DueStatus",
    "Evaluation",
    "Finding",
    "ScheduleItem",
    "VisitResult",
    "check_form",
    "due_status",
    "due_statuses",
    "evaluate",
    "plan_parts",
    "reason_findings",
    "result_json",
    "sort_findings",
    "uncovered_parts",
]
