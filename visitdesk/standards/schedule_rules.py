"""Schedule rules over a child's history: re-attempts after a failed or cancelled visit, the
visiting frequency (with the plan's own interval), the first visit, late visits, seeing the
child alone, the home and bedroom, and joint visits with the health visitor."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from visitdesk.standards.case import VisitFacts
from visitdesk.standards.context import _Bound, _Context, _Out
from visitdesk.standards.policy import Rule
from visitdesk.standards.results import Origin, ScheduleItem, _item
from visitdesk.standards.visit_rules import _cancel_rule, _remote, _Status, _visit_day
from visitdesk.standards.wording import _day, _describe

# ---------------------------------------------------------------------------------------------
# Re-attempts after a failed visit


def _reattempt_rule(ctx: _Context, day: date, status: _Status) -> Rule | None:
    if status.cancelled:
        return _cancel_rule(ctx, day)
    for b in ctx.bounds["reattempt"]:
        if not b.active(day) or b.rule.after == "cancelled":
            continue
        if status.failed or (b.rule.after == "unsuccessful" and status.unsuccessful):
            return b.rule
    return None


def _reattempt_deadline(ctx: _Context, day: date, rule: Rule) -> date:
    if rule.same_working_week:
        last = ctx.cal.last_working_day_of_week(day)
        # When no later working day is left that week, the next working day is the first
        # chance to go back; the deadline is never before the failed visit itself.
        if last is None or last <= day:
            return ctx.cal.add_working_days(day, 1)
        return last
    assert rule.interval is not None
    return ctx.add(day, rule.interval)


def _check_reattempts(
    ctx: _Context,
    past: list[VisitFacts],
    statuses: dict[str, _Status],
    as_of: date,
    out: _Out,
    reattempts: dict[str, date],
    schedule: list[ScheduleItem],
) -> None:
    """Re-attempt deadlines after failed visits, and rearranging cancelled ones.

    A deadline is met by the next visit that took place (a later cancelled visit meets
    nothing); if that visit did not count either, it has a deadline of its own.
    """
    # For each visit, the next one that was not cancelled.
    taken_after: list[VisitFacts | None] = [None] * len(past)
    following: VisitFacts | None = None
    for i in range(len(past) - 1, -1, -1):
        taken_after[i] = following
        if not statuses[past[i].id].cancelled:
            following = past[i]
    run = 0  # failed visits in a row; a cancelled visit neither adds to nor ends the run
    for i, v in enumerate(past):
        status = statuses[v.id]
        if not status.cancelled:
            run = run + 1 if status.failed else 0
        day = _visit_day(v)
        rule = _reattempt_rule(ctx, day, status)
        if rule is None:
            continue
        deadline = _reattempt_deadline(ctx, day, rule)
        reattempts[v.id] = deadline
        later = taken_after[i]
        cancelled = status.cancelled
        label = "Rearrange the cancelled visit" if cancelled else "Visit again"
        if later is not None:
            if _visit_day(later) > deadline:
                message = (
                    f"The visit cancelled on {_day(day)} was rearranged after the deadline of "
                    f"{_day(deadline)}."
                    if cancelled
                    else "The next attempt to see the child came after the deadline of "
                    f"{_day(deadline)}."
                )
                out.add("visit.reattempt_late", "info", v.id, None, message, rule)
        elif as_of > deadline:
            message = (
                f"The visit on {_day(day)} was cancelled and should have been rearranged by "
                f"{_day(deadline)}. Visit as soon as you can, and tell your manager if you "
                "cannot."
                if cancelled
                else f"The child was not properly seen on {_day(day)} and another visit was "
                f"due by {_day(deadline)}. Visit as soon as you can and tell your manager."
            )
            out.add("visit.reattempt_overdue", "warning", v.id, None, message, rule)
            schedule.append(_item("reattempt", label, deadline, rule))
        else:
            message = (
                f"The visit on {_day(day)} was cancelled. Rearrange it by {_day(deadline)}."
                if cancelled
                else f"The child was not properly seen on {_day(day)}. Try again by "
                f"{_day(deadline)}."
            )
            out.add("visit.reattempt_due", "info", v.id, None, message, rule)
            schedule.append(_item("reattempt", label, deadline, rule))
        if not cancelled and rule.escalate_after and run >= rule.escalate_after:
            out.add(
                "visit.failed_repeatedly",
                "warning",
                v.id,
                None,
                f"The child has not been seen on {run} visits in a row. Talk to your manager "
                "and agree what to do to make sure the child is safe and well.",
                rule,
            )


# ---------------------------------------------------------------------------------------------
# Periodic requirements (visit frequency, seen alone every N, joint visits)


def _periodic_due(
    ctx: _Context,
    bounds: Sequence[_Bound],
    last: date | None,
    interval_of: Callable[[_Bound, date], date | None],
    clamp_to_birth: bool = False,
    out: _Out | None = None,
) -> tuple[date | None, _Bound | None]:
    """The earliest deadline among rules, each counted while it is in force.

    From the last qualifying visit (or, with none, from the rule's start date or the day the
    rule comes into force, whichever is later), a rule's deadline is one interval on; a rule
    that comes into force later cannot fall due before it starts, and a rule that has ended
    by its deadline no longer applies (the next band's rule decides instead).
    """
    best: date | None = None
    best_bound: _Bound | None = None
    for b in bounds:
        start = b.start
        if clamp_to_birth and ctx.birth is not None and start < ctx.birth:
            start = ctx.birth
        if last is not None:
            anchor = last
        else:
            anchor = ctx.start_date(b.rule.start, b.rule, out and out.missing)
            if anchor is None:
                continue
            anchor = max(anchor, start)
        due = interval_of(b, anchor)
        if due is None:
            continue
        due = max(due, start)
        if due >= b.end:
            continue
        if best is None or due < best:
            best, best_bound = due, b
    return best, best_bound


def _own_interval(ctx: _Context) -> Callable[[_Bound, date], date | None]:
    def fn(b: _Bound, anchor: date) -> date | None:
        assert b.rule.interval is not None
        return ctx.add(anchor, b.rule.interval)

    return fn


def _frequency_interval(ctx: _Context, out: _Out | None) -> Callable[[_Bound, date], date | None]:
    """A visit-frequency rule's deadline from ``anchor``, with the plan's agreed interval.

    The plan may always ask for more frequent visits. It may ask for fewer only where the
    rule allows (``plan_interval = "replace"``), with a rationale, and never beyond
    ``loosest``. ``out`` receives the plan findings (only for the current deadline).
    """
    plan = ctx.child.visit_interval

    def note(code: str, message: str, source: Origin) -> None:
        if out is not None:
            out.add(code, "warning", None, None, message, source)

    def fn(b: _Bound, anchor: date) -> date | None:
        rule = b.rule
        if rule.use_plan_interval:
            if plan is None:
                note(
                    "plan.visit_interval_missing",
                    "This standard leaves the visiting frequency to the child's plan, and no "
                    "interval has been recorded. Add the agreed interval to the child's details.",
                    rule,
                )
                return None
            return ctx.add(anchor, plan)
        assert rule.interval is not None
        own = ctx.add(anchor, rule.interval)
        if plan is None:
            return own
        looked_after_beside_cp = (
            ctx.child.plan == "CP+CLA" and "CP" not in rule.plans and "CP+CLA" not in rule.plans
        )
        if ctx.child.plan == "CP+CLA" and (
            rule.plan_interval == "tighten_only" or looked_after_beside_cp
        ):
            # A schedule of its own (looked-after visits beside a CP plan's, 002): the plan's
            # interval is the CP conference's, for the CP visits, shorter or longer.
            return own
        agreed = ctx.add(anchor, plan)
        if agreed <= own:
            return agreed
        if rule.plan_interval == "tighten_only":
            return own  # a longer interval in the plan is not this schedule's concern
        if rule.plan_interval != "replace":
            note(
                "plan.visit_interval_too_long",
                f"The plan's interval (every {_describe(plan)}) is longer than this standard "
                f"allows (every {rule.interval.describe()}), so the standard's interval is "
                "used.",
                rule,
            )
            return own
        if not plan.rationale.strip():
            note(
                "plan.visit_interval_rationale_missing",
                f"Visiting less often than every {rule.interval.describe()} needs a recorded "
                "rationale. Add it to the child's visiting interval; until then the standard's "
                "interval is used.",
                rule,
            )
            return own
        if rule.loosest is not None:
            limit = ctx.add(anchor, rule.loosest)
            if agreed > limit:
                note(
                    "plan.visit_interval_too_long",
                    f"Even with a rationale, visits may not be less often than every "
                    f"{rule.loosest.describe()}, so that interval is used.",
                    rule,
                )
                return limit
        return agreed

    return fn


# ---------------------------------------------------------------------------------------------
# The schedule over the whole history (first visit, late visits, seen alone, bedroom, joint
# visits)


def _check_first_visit(
    ctx: _Context,
    first_on_or_after: Callable[[date], VisitFacts | None],
    as_of: date,
    out: _Out | None,
) -> tuple[date | None, Rule | None]:
    """The pending first-visit deadline (if the first visit has not happened yet)."""
    pending: date | None = None
    pending_rule: Rule | None = None
    for b in ctx.bounds["first_visit"]:
        rule = b.rule
        start = ctx.start_date(rule.start, rule, out and out.missing)
        if start is None:
            continue
        assert rule.interval is not None
        deadline = ctx.add(start, rule.interval)
        first = first_on_or_after(start)
        if out is None:
            if first is None and (pending is None or deadline < pending):
                pending, pending_rule = deadline, rule
            continue
        if first is None:
            if pending is None or deadline < pending:
                pending, pending_rule = deadline, rule
            if as_of > deadline:
                out.add(
                    "first_visit.overdue",
                    "warning",
                    None,
                    None,
                    f"The first visit was due by {_day(deadline)} and has not happened yet. "
                    "Please visit the child as soon as you can.",
                    rule,
                )
        elif _visit_day(first) > deadline:
            out.add(
                "first_visit.late",
                "info",
                first.id,
                None,
                f"The first visit took place after its deadline of {_day(deadline)}.",
                rule,
            )
    return pending, pending_rule


def _check_visit_gaps(ctx: _Context, statutory: list[VisitFacts], out: _Out) -> None:
    """Past visits that came later than the frequency allowed (for the record, not blocking)."""
    interval = _frequency_interval(ctx, None)
    bounds = ctx.bounds["visit_frequency"]
    for prev, cur in zip(statutory, statutory[1:], strict=False):
        due, bound = _periodic_due(ctx, bounds, _visit_day(prev), interval)
        if due is not None and bound is not None and _visit_day(cur) > due:
            out.add(
                "visit.late",
                "info",
                cur.id,
                None,
                f"This visit came after the previous one's deadline of {_day(due)}.",
                bound.rule,
            )


def _seen_alone(v: VisitFacts) -> bool:
    return v.seen == "yes" and v.seen_alone == "yes"


def _bedroom_ok(v: VisitFacts, at_home: bool) -> bool:
    return v.bedroom_seen is True and (v.location == "home" or not at_home)


def _every_other(
    bounds: Sequence[_Bound],
    visits: Sequence[VisitFacts],
    ok: Callable[[VisitFacts, Rule], bool],
    in_person: bool = False,
) -> tuple[list[tuple[VisitFacts, Rule]], Rule | None]:
    """Visits breaking an every-other-visit rule, and the rule still owed at the next visit.

    Only visits where the child was seen count: a failed visit neither breaks nor mends the
    pattern. The second visit in a row without the required thing is the breach. With
    ``in_person``, contact while the family is away (video, agency) does not count either:
    nobody can see the child's home then.
    """
    breaches: list[tuple[VisitFacts, Rule]] = []
    owed: Rule | None = None
    for b in bounds:
        if not b.rule.every_other_visit:
            continue
        previous_missed = False
        for v in visits:
            if v.seen != "yes" or not b.active(_visit_day(v)) or (in_person and _remote(v)):
                continue
            good = ok(v, b.rule)
            if not good and previous_missed:
                breaches.append((v, b.rule))
            previous_missed = not good
        if previous_missed:
            owed = b.rule
    return breaches, owed


def _check_seen_alone(
    ctx: _Context,
    past: list[VisitFacts],
    as_of: date,
    next_due: date | None,
    out: _Out,
    schedule: list[ScheduleItem],
) -> None:
    every = _alone_every_visit(ctx, next_due or as_of)
    if every is not None and next_due is not None:
        schedule.append(
            _item("seen_alone", "See the child alone", next_due, every, at_next_visit=True)
        )
    bounds = ctx.bounds["seen_alone_frequency"]
    if not bounds:
        return
    breaches, owed = _every_other(bounds, past, lambda v, r: v.seen_alone == "yes")
    for v, rule in breaches:
        out.add(
            "seen_alone.overdue",
            "warning",
            v.id,
            "seen_alone",
            "The child has now been visited twice in a row without being seen alone. Make "
            "time to see them on their own at the next visit.",
            rule,
        )
    if owed is not None:
        schedule.append(
            _item("seen_alone", "See the child alone", next_due, owed, at_next_visit=True)
        )
    due, bound = _seen_alone_due(ctx, past)
    if due is not None and bound is not None:
        schedule.append(_item("seen_alone", "See the child alone", due, bound.rule))
        if as_of > due:
            out.add(
                "seen_alone.overdue",
                "warning",
                None,
                "seen_alone",
                f"The child should have been seen alone by {_day(due)}. Arrange to see them "
                "on their own as soon as you can.",
                bound.rule,
            )


def _alone_every_visit(ctx: _Context, day: date) -> Rule | None:
    """A rule under which a visit on ``day`` counts only if the child is seen alone (CP plans,
    from 4), so time alone is due at the next visit. A profile with its own seen-alone
    frequency in force (every six weeks, every other visit) is scheduled by that instead."""
    for b in ctx.bounds["seen_alone_frequency"]:
        if b.active(day):
            return None
    for b in ctx.bounds["statutory_visit"]:
        age = b.rule.seen_alone_from_age
        if age is not None and b.active(day) and ctx.age_at_least(day, age):
            return b.rule
    return None


def _latest_pattern(
    bounds: Sequence[_Bound],
    visits: Sequence[VisitFacts],
    ok: Callable[[VisitFacts, Rule], bool],
    in_person: bool = False,
) -> tuple[Rule | None, Rule | None]:
    """For every-other-visit rules, from the end of the history only: the rule owed at the
    next visit (the latest visit that counts missed it) and the rule broken now (the latest
    two both missed it). The same answer as :func:`_every_other`, read from the end."""
    owed: Rule | None = None
    broken: Rule | None = None
    for b in bounds:
        if not b.rule.every_other_visit:
            continue
        misses = 0
        for i in range(len(visits) - 1, -1, -1):
            v = visits[i]
            if v.seen != "yes" or not b.active(_visit_day(v)) or (in_person and _remote(v)):
                continue
            if ok(v, b.rule):
                break
            misses += 1
            if misses == 2:
                break
        if misses and owed is None:
            owed = b.rule
        if misses == 2 and broken is None:
            broken = b.rule
    return owed, broken


def _seen_alone_due(ctx: _Context, past: Sequence[VisitFacts]) -> tuple[date | None, _Bound | None]:
    bounds = [b for b in ctx.bounds["seen_alone_frequency"] if b.rule.interval is not None]
    if not bounds:
        return None, None
    last = next((_visit_day(v) for v in reversed(past) if _seen_alone(v)), None)
    return _periodic_due(ctx, bounds, last, _own_interval(ctx), clamp_to_birth=True)


def _check_bedroom(
    ctx: _Context,
    past: list[VisitFacts],
    next_due: date | None,
    out: _Out,
    schedule: list[ScheduleItem],
) -> None:
    bounds = ctx.bounds["bedroom_frequency"]
    if not bounds:
        return
    breaches, owed = _every_other(
        bounds, past, lambda v, r: _bedroom_ok(v, r.at_home), in_person=True
    )
    for v, rule in breaches:
        out.add(
            "bedroom.overdue",
            "warning",
            v.id,
            "bedroom_seen",
            "The child's home and bedroom have not been seen on two visits in a row. Make "
            "sure the next visit is at home and includes the bedroom.",
            rule,
        )
    if owed is not None:
        schedule.append(
            _item(
                "bedroom", "Visit at home and see the bedroom", next_due, owed, at_next_visit=True
            )
        )
    due, bound = _bedroom_timed_due(ctx, past)
    if due is not None and bound is not None:
        schedule.append(_item("bedroom", "Visit at home and see the bedroom", due, bound.rule))


def _bedroom_timed_due(
    ctx: _Context, past: Sequence[VisitFacts]
) -> tuple[date | None, _Bound | None]:
    timed = [b for b in ctx.bounds["bedroom_frequency"] if b.rule.interval is not None]
    if not timed:
        return None, None
    at_home = timed[0].rule.at_home
    last = next((_visit_day(v) for v in reversed(past) if _bedroom_ok(v, at_home)), None)
    return _periodic_due(ctx, timed, last, _own_interval(ctx))


def _joint_due(ctx: _Context, past: Sequence[VisitFacts]) -> tuple[date | None, _Bound | None]:
    bounds = ctx.bounds["joint_visit"]
    if not bounds:
        return None, None
    at_home = bounds[0].rule.at_home
    last = next(
        (
            _visit_day(v)
            for v in reversed(past)
            if v.seen == "yes"
            and v.joint_with_health_visitor is True
            and (not at_home or v.location == "home")
        ),
        None,
    )
    return _periodic_due(ctx, bounds, last, _own_interval(ctx), clamp_to_birth=True)


def _check_joint_visits(
    ctx: _Context,
    past: list[VisitFacts],
    as_of: date,
    out: _Out,
    schedule: list[ScheduleItem],
) -> None:
    if ctx.child.date_of_birth is None:
        return  # joint visits with the health visitor start once the child is born
    due, bound = _joint_due(ctx, past)
    if due is None or bound is None:
        return
    schedule.append(_item("joint_visit", "Joint visit with the health visitor", due, bound.rule))
    if as_of > due:
        out.add(
            "joint_visit.overdue",
            "warning",
            None,
            "joint_with_health_visitor",
            f"A joint visit with the child's health visitor was due by {_day(due)}. Contact "
            "the health visitor to arrange one.",
            bound.rule,
        )
