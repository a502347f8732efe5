"""Meeting rules: plan reviews, plan progress meetings and the notes of held meetings, each
with when it is due."""

from __future__ import annotations

from datetime import date, timedelta

from visitdesk.standards.case import MeetingFacts
from visitdesk.standards.context import _Context, _Out
from visitdesk.standards.policy import Interval, Rule
from visitdesk.standards.results import Origin, ScheduleItem, _item
from visitdesk.standards.wording import _MEETING_WORDS, _day


def _held(ctx: _Context, kinds: frozenset[str], as_of: date) -> list[MeetingFacts]:
    """Meetings of these kinds that were held by ``as_of``, in date order."""
    found = [m for m in ctx.child.meetings if m.held and m.kind in kinds and m.date <= as_of]
    if len(found) > 1:
        found.sort(key=lambda m: m.date)
    return found


_REVIEW_KINDS = frozenset({"review"})


def _reviews(ctx: _Context, as_of: date, missing: dict[str, Origin] | None) -> list[tuple]:
    """Each plan review rule's next review as (rule, due, met).

    A review that recurs and is not recorded (no ``met_by``) is shown as the next one coming
    up. With ``met_by = "review_meeting"`` a held review meeting meets it: a one-off review
    once a review meeting is held from its notice period on; a recurring one runs again from
    the latest review meeting.
    """
    found = []
    for b in ctx.bounds["plan_review"]:
        rule = b.rule
        start = ctx.start_date(rule.start, rule, missing)
        if start is None:
            continue
        assert rule.interval is not None
        due = ctx.add(start, rule.interval)
        met = False
        if rule.met_by == "review_meeting":
            held = _held(ctx, _REVIEW_KINDS, as_of)
            if rule.repeat:
                if held and held[-1].date >= start:
                    due = ctx.add(held[-1].date, rule.interval)
            else:
                opens = due - timedelta(weeks=rule.notice_weeks)
                met = any(m.date >= opens for m in held)
        elif rule.repeat:
            # Reviews that recur are not recorded here, so show the next one coming up.
            k = 1
            while due < as_of:
                k += 1
                due = ctx.add(start, Interval(rule.interval.every * k, rule.interval.unit))
        found.append((rule, due, met))
    return found


def _check_plan_review(ctx: _Context, as_of: date, out: _Out, schedule: list[ScheduleItem]) -> None:
    for rule, due, met in _reviews(ctx, as_of, out.missing):
        if met:
            continue
        assert rule.interval is not None
        schedule.append(_item("plan_review", "Plan review", due, rule))
        notice = due - timedelta(weeks=rule.notice_weeks)
        rolling = rule.repeat and rule.met_by is None
        if as_of >= due and not rolling:
            if rule.met_by == "review_meeting":
                message = (
                    f"A plan review was due by {_day(due)} and no review meeting has been "
                    "recorded. Arrange the review meeting, or record the one that was held."
                )
            else:
                message = (
                    f"The plan reached {rule.interval.describe()} on {_day(due)}. A manager "
                    "should review it and record why it continues or how it will close."
                )
            out.add("plan.review_due", "warning", None, None, message, rule)
        elif as_of >= notice:
            out.add(
                "plan.review_due",
                "info",
                None,
                None,
                f"The plan is due for review on {_day(due)}. Start preparing for it.",
                rule,
            )


def _review_due(ctx: _Context, as_of: date) -> date | None:
    dues = [due for _, due, met in _reviews(ctx, as_of, None) if not met]
    return min(dues) if dues else None


def _progress_due(
    ctx: _Context, as_of: date, missing: dict[str, Origin] | None
) -> tuple[date | None, Rule | None]:
    """The next plan progress meeting: an interval after the latest held one (of the kinds
    the rule counts), or after the plan start before any; the earliest rule wins."""
    best: date | None = None
    best_rule: Rule | None = None
    for b in ctx.bounds["progress_meeting"]:
        rule = b.rule
        held = _held(ctx, rule.meeting_kinds, as_of)
        anchor = held[-1].date if held else ctx.start_date(rule.start, rule, missing)
        if anchor is None:
            continue
        assert rule.interval is not None
        due = ctx.add(anchor, rule.interval)
        if best is None or due < best:
            best, best_rule = due, rule
    return best, best_rule


def _notes_dues(ctx: _Context, as_of: date) -> list[tuple[MeetingFacts, date, Rule]]:
    """For each held meeting a notes rule applies to: the day its notes are due out."""
    found = []
    for b in ctx.bounds["meeting_notes"]:
        rule = b.rule
        assert rule.interval is not None
        for m in _held(ctx, rule.meeting_kinds, as_of):
            found.append((m, ctx.add(m.date, rule.interval), rule))
    return found


def _check_meetings(ctx: _Context, as_of: date, out: _Out, schedule: list[ScheduleItem]) -> None:
    due, rule = _progress_due(ctx, as_of, out.missing)
    if due is not None and rule is not None:
        schedule.append(_item("progress_meeting", "Plan progress meeting", due, rule))
        if as_of > due:
            out.add(
                "meeting.progress_overdue",
                "warning",
                None,
                None,
                f"A plan progress meeting was due by {_day(due)}. Arrange one with the family "
                "and the agencies; if it cannot happen, record why on the child's file.",
                rule,
            )
    for m, notes_due, rule in _notes_dues(ctx, as_of):
        what = _MEETING_WORDS.get(m.kind, "meeting")
        sent = m.notes_circulated_on
        if sent is not None and sent <= as_of:
            if sent > notes_due:
                out.add(
                    "meeting.notes_late",
                    "info",
                    None,
                    None,
                    f"The notes of the {what} on {_day(m.date)} went out on {_day(sent)}, "
                    f"after they were due by {_day(notes_due)}.",
                    rule,
                )
            continue
        schedule.append(_item("meeting_notes", f"Send out the {what} notes", notes_due, rule))
        if as_of > notes_due:
            out.add(
                "meeting.notes_overdue",
                "warning",
                None,
                None,
                f"The notes of the {what} on {_day(m.date)} were due out by {_day(notes_due)}. "
                "Send them to everyone invited as soon as you can, and record the date.",
                rule,
            )


def _notes_due(ctx: _Context, as_of: date) -> date | None:
    """The earliest notes deadline of a held meeting whose notes have not gone out."""
    dues = [
        due
        for m, due, _ in _notes_dues(ctx, as_of)
        if m.notes_circulated_on is None or m.notes_circulated_on > as_of
    ]
    return min(dues) if dues else None
