"""Per-visit rules: whether a visit counts as a statutory visit, its recording deadline, the
sections its record needs, why the child was not seen alone, what was observed, and why a
cancelled visit was cancelled."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta

from visitdesk.standards import fields as catalogue
from visitdesk.standards.case import VisitFacts
from visitdesk.standards.context import _Context, _Out
from visitdesk.standards.policy import REMOTE_CONTACTS, Rule, plan_parts
from visitdesk.standards.results import Finding, Origin
from visitdesk.standards.wording import (
    _CANCELLED_REASON,
    _CONTACT_WORDS,
    _PLAN_NAMES,
    _day,
    _reason_message,
    _show_due,
)

# A cancelled visit's record says why it was cancelled; the form's findings-and-outcome box
# is where that goes.
CANCELLED_REASON_FIELD = "findings"


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _visit_day(v: VisitFacts) -> date:
    return v.visited_at.date()


class _Status:
    """Whether a visit counts as statutory, and if not, why (field, severity, message, origin)."""

    __slots__ = ("statutory", "failed", "unsuccessful", "reasons", "pending", "cancelled")

    def __init__(
        self,
        statutory: bool,
        failed: bool,
        unsuccessful: bool,
        reasons: list[tuple[str, str, str, Origin]],
        pending: bool = False,
        cancelled: bool = False,
    ):
        self.statutory = statutory
        self.failed = failed  # the child was not seen
        # not seen, or seen without something the standard makes essential (alone, awake)
        self.unsuccessful = unsuccessful
        self.reasons = reasons
        # An unfinished record that does not yet say where the visit was, whether the child
        # was seen and (if seen) whether alone: not yet a visit, nor a failed one.
        self.pending = pending
        # The worker could not attend (004 I.11): to be rearranged, not the family's failure.
        self.cancelled = cancelled


def _remote(v: VisitFacts) -> bool:
    """Contact by video or through an agency rather than in person."""
    return v.contact is not None and v.contact in REMOTE_CONTACTS


def _needs_normalising(v: VisitFacts) -> bool:
    outcome = v.outcome
    if outcome is None or outcome == "visited":
        return False
    if outcome == "failed":
        return v.seen != "no"
    return outcome == "cancelled" and (v.seen is not None or v.seen_alone is not None)


def _normalised(visits: Sequence[VisitFacts]) -> Sequence[VisitFacts]:
    """Visits with their outcome folded into what was seen: a failed visit is one where the
    child was not seen; at a cancelled visit nobody was seen at all. Unchanged (the same
    object) when no visit needs it, which is nearly always."""
    for v in visits:
        if v.outcome is not None and _needs_normalising(v):
            break
    else:
        return visits
    return [_normalise(v) for v in visits]


def _normalise(v: VisitFacts) -> VisitFacts:
    if not _needs_normalising(v):
        return v
    if v.outcome == "failed":
        return replace(v, seen="no", seen_alone=None)
    return replace(v, seen=None, seen_alone=None)


def _awaiting_facts(v: VisitFacts) -> bool:
    """An unfinished record that does not yet give the visit's facts: where it was, whether
    the child was seen and, if seen, whether alone (the date and time it always has)."""
    if v.completed is True or v.outcome == "cancelled":
        return False  # a cancelled visit's outcome is its fact
    return (
        v.seen is None
        or (v.location is None and not _remote(v))  # nowhere to record for a video call
        or (v.seen == "yes" and v.seen_alone is None)
    )


def _cancel_rule(ctx: _Context, day: date) -> Rule | None:
    """The rule for rearranging a visit the worker cancelled: one written for it, else the
    profile's re-attempt rule."""
    fallback = None
    for b in ctx.bounds["reattempt"]:
        if not b.active(day):
            continue
        if b.rule.after == "cancelled":
            return b.rule
        if fallback is None:
            fallback = b.rule
    return fallback


def _holiday_contact(ctx: _Context, v: VisitFacts, day: date) -> tuple[str, Origin] | None:
    """Why contact by video or through an agency does not count (None when it does): it
    counts only while the family is away on a holiday the plan records, where a rule says so."""
    how = _CONTACT_WORDS.get(v.contact or "", "other than in person")
    rules = [b.rule for b in ctx.bounds["holiday_contact"] if b.active(day)]
    if not rules:
        return (
            f"Contact {how} is not a statutory visit under this standard. Visit the child in "
            "person within the visiting timescale.",
            _statutory_origin(ctx, day),
        )
    holiday = next((h for h in ctx.child.holidays if h.start <= day <= h.end), None)
    why: tuple[str, Origin] | None = None
    for rule in rules:
        if v.contact not in rule.contacts:
            why = why or (
                f"Contact {how} does not count as a visit under this standard, even while "
                "the family is away. Visit the child in person.",
                rule,
            )
            continue
        if holiday is None:
            why = (
                f"Contact {how} counts as a visit only while the family is away on a holiday "
                f"recorded in the child's plan, and {_day(day)} is not in one, so this is not a "
                "statutory visit. Record the holiday in the plan, or visit the child in person.",
                rule,
            )
            continue
        if v.contact == "agency":
            plans = rule.agency_plans if rule.agency_plans is not None else rule.plans
            if set(plan_parts(ctx.child.plan)).isdisjoint(plans):
                named = " or ".join(_PLAN_NAMES.get(p, p) for p in sorted(plans))
                why = why or (
                    f"Contact through an agency where the family is staying counts only for "
                    f"children on {named} plans. Arrange video contact instead.",
                    rule,
                )
                continue
            if rule.agency_abroad and not holiday.abroad:
                why = why or (
                    "Contact through an agency counts only while the family is abroad, through "
                    "the child protection agency where they are staying. Arrange video contact "
                    "or visit the child in person.",
                    rule,
                )
                continue
        return None
    return why


def _statutory_origin(ctx: _Context, day: date) -> Origin:
    for b in ctx.bounds["statutory_visit"]:
        if b.active(day):
            return b.rule
    return ctx.policy.name


def _classify(ctx: _Context, v: VisitFacts) -> _Status:
    """Whether a visit counts as a statutory visit, and if not, why."""
    day = _visit_day(v)
    if v.outcome == "cancelled":
        return _Status(
            False,
            False,
            False,
            [
                (
                    "outcome",
                    "info",
                    "This visit was cancelled, so it does not count as a statutory visit. "
                    "Rearrange it, and record why it was cancelled.",
                    _cancel_rule(ctx, day) or _statutory_origin(ctx, day),
                )
            ],
            cancelled=True,
        )
    rules = [b.rule for b in ctx.bounds["statutory_visit"] if b.active(day)]
    base = rules[0] if rules else ctx.policy.name
    reasons: list[tuple[str, str, str, Origin]] = []
    unsuccessful = False
    remote = _remote(v)
    if remote:
        why = _holiday_contact(ctx, v, day)
        if why is not None:
            reasons.append(("contact", "warning", why[0], why[1]))
    if v.seen is None:
        reasons.append(
            (
                "seen",
                "warning",
                "Record whether the child was seen; until then this visit cannot count as a "
                "statutory visit.",
                base,
            )
        )
    elif v.seen == "no":
        unsuccessful = True
        reasons.append(
            (
                "seen",
                "warning",
                "The child was not seen, so this does not count as a statutory visit. Plan "
                "another visit soon and tell your manager if you are worried.",
                base,
            )
        )
    for rule in rules:
        # Contact while the family is away cannot be at home; where it is not allowed at all,
        # that is the one reason given.
        if rule.locations is not None and v.location not in rule.locations and not remote:
            if v.location is None:
                message = (
                    "Record where the visit took place; only a visit at the child's home "
                    "counts as a statutory visit under this standard."
                )
            else:
                message = (
                    "Under this standard only a visit at the child's home counts as a statutory "
                    "visit. Record this one as an additional visit and keep to the home-visit "
                    "schedule."
                )
            reasons.append(("location", "info", message, rule))
        if v.seen != "yes":
            continue
        if rule.seen_alone_from_age is not None and v.seen_alone != "yes":
            if ctx.age_at_least(day, rule.seen_alone_from_age):
                unsuccessful = True
                reasons.append(
                    (
                        "seen_alone",
                        "warning",
                        f"Children aged {rule.seen_alone_from_age} and over must be seen alone "
                        "for a visit to count as statutory. Arrange to see the child on their "
                        "own within the visiting timescale.",
                        rule,
                    )
                )
        if rule.seen_awake_below_age is not None and v.seen_awake is False:
            if ctx.age_at_least(day, rule.seen_awake_below_age) is False:
                unsuccessful = True
                reasons.append(
                    (
                        "seen_awake",
                        "warning",
                        "A child under "
                        f"{rule.seen_awake_below_age} who was not seen awake has not been "
                        "properly seen, so this does not count as a statutory visit. Arrange "
                        "another visit.",
                        rule,
                    )
                )
    if _awaiting_facts(v):
        # A draft moves the schedule (clears an overdue visit or a re-attempt, or starts one)
        # only once its visit facts are given; "Seen: Yes" alone is not yet a visit.
        asked = {r[0] for r in reasons}
        until = "; until then this visit does not count towards the visiting schedule."
        if v.location is None and "location" not in asked and not remote:
            reasons.append(("location", "info", f"Record where the visit took place{until}", base))
        if v.seen == "yes" and v.seen_alone is None:
            reasons.append(
                ("seen_alone", "info", f"Record whether the child was seen alone{until}", base)
            )
        return _Status(False, False, False, reasons, pending=True)
    return _Status(not reasons, v.seen == "no", unsuccessful, reasons)


def _record_due(ctx: _Context, v: VisitFacts) -> tuple[date | datetime | None, Rule | None]:
    """The recording deadline for a visit: a date, or a date-time for hour-based rules."""
    day = _visit_day(v)
    best: date | datetime | None = None
    best_rule: Rule | None = None
    for b in ctx.bounds["recording_deadline"]:
        if not b.active(day):
            continue
        iv = b.rule.interval
        assert iv is not None
        due: date | datetime
        if iv.unit == "hours":
            due = v.visited_at + timedelta(hours=iv.every)
        else:
            due = ctx.add(day, iv)
        if best is None or _as_datetime(due) < _as_datetime(best):
            best, best_rule = due, b.rule
    return best, best_rule


def _as_datetime(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        return value
    return datetime(value.year, value.month, value.day, 23, 59, 59)


def _recorded_late(v: VisitFacts, due: date | datetime | None) -> bool:
    if due is None or v.completed is not True or v.recorded_at is None:
        return False
    if isinstance(due, datetime):
        return v.recorded_at > due
    return v.recorded_at.date() > due


def _due_day(due: date | datetime) -> date:
    return due.date() if isinstance(due, datetime) else due


def _check_recording(
    ctx: _Context,
    v: VisitFacts,
    as_of: date,
    out: _Out,
    found: tuple[date | datetime | None, Rule | None] | None = None,
) -> None:
    due, rule = found if found is not None else _record_due(ctx, v)
    if due is None or rule is None:
        return
    if _recorded_late(v, due):
        out.add(
            "record.late",
            "warning",
            v.id,
            "recorded_at",
            # True both of a record completed late and of a draft being checked as it is
            # typed (judged as if completed now): it is past its recording deadline.
            f"This record is past its recording deadline of {_show_due(due)}. If there was "
            "a reason for the delay, note it on the record.",
            rule,
        )
    elif v.completed is not True and as_of > _due_day(due):
        out.add(
            "record.overdue",
            "warning",
            v.id,
            "completed",
            f"This record was due by {_show_due(due)}. Please finish and complete it as soon "
            "as you can.",
            rule,
        )


def _check_sections(ctx: _Context, v: VisitFacts, out: _Out) -> None:
    day = _visit_day(v)
    cancelled = v.outcome == "cancelled"
    remote = v.contact is not None and _remote(v)
    for b in ctx.bounds["record_sections"]:
        if not b.active(day):
            continue
        if cancelled:
            # Nobody was seen: the record only says why the visit was cancelled.
            name = CANCELLED_REASON_FIELD
            if name in b.rule.fields and _blank(getattr(v, name)):
                out.add("record.sections_missing", "error", v.id, name, _CANCELLED_REASON, b.rule)
            continue
        for name in b.rule.fields:
            if remote and name == "location":
                continue  # contact while the family is away
            if v.seen == "no" and name not in ("seen", "location"):
                # The sections describe a visit where the child was seen; a failed visit's
                # record only has to say so (it is not a statutory visit record).
                continue
            if name == "seen_alone" and v.seen != "yes":
                continue  # only asked once the child has been seen
            if name == "bedroom_seen" and (v.location != "home" or v.seen == "unborn"):
                continue  # a bedroom can only be seen on a home visit, and of a born child
            if name == "not_seen_alone_reason" and v.seen_alone != "no":
                continue
            value = getattr(v, name)
            if value is not None and (value.__class__ is not str or value.strip()):
                continue
            label = catalogue.field(name).named
            out.add(
                "record.sections_missing",
                "error",
                v.id,
                name,
                f"Add {label} before completing the record.",
                b.rule,
            )


# Every VisitDesk record asks why the child was not seen alone (1.1.6 on the form), whatever
# the standard. A profile's seen_alone_reason rule says which clause asks it and whether its
# own choices (reg. 29's exceptions, say) count as the reason; a profile without one is cited
# by its own rule on seeing the child alone, and one silent on the matter by the form itself.
FORM_SOURCE = "VisitDesk visit record, 1.1.6"


def _reason_rules(ctx: _Context, day: date) -> list[tuple[Origin, bool, str]]:
    """(origin, choices count, when text is needed) for each rule asking the reason."""
    found: list[tuple[Origin, bool, str]] = [
        (b.rule, b.rule.categories, b.rule.reason_text)
        for b in ctx.bounds["seen_alone_reason"]
        if b.active(day)
    ]
    if found:
        return found
    for b in ctx.bounds["seen_alone_frequency"]:
        if b.active(day):
            return [(b.rule, False, "always")]
    for b in ctx.bounds["statutory_visit"]:
        if b.active(day) and b.rule.seen_alone_from_age is not None:
            return [(b.rule, False, "always")]
    return [(FORM_SOURCE, False, "always")]


def _check_seen_alone_reason(ctx: _Context, v: VisitFacts, out: _Out) -> None:
    if v.seen != "yes" or v.seen_alone != "no":
        return
    has_text = not _blank(v.not_seen_alone_reason)
    if has_text:
        return  # the worker's own words are always a reason
    category = v.not_seen_alone_category
    for origin, choices, reason_text in _reason_rules(ctx, _visit_day(v)):
        choice_counts = choices and reason_text == "when_other"
        if choice_counts and category is not None and category != "other":
            continue  # one of the profile's own choices is the reason
        out.add(
            "seen_alone.reason_required",
            "error",
            v.id,
            "not_seen_alone_reason",
            _reason_message(category, choice_counts),
            origin,
        )
        return  # one request for the reason is enough


def reason_findings(v: VisitFacts) -> list[Finding]:
    """The form's own request for the reason (1.1.6), for a child no standard judges."""
    if v.seen != "yes" or v.seen_alone != "no" or not _blank(v.not_seen_alone_reason):
        return []
    if v.outcome in ("cancelled", "failed"):
        return []  # nobody was seen
    message = _reason_message(v.not_seen_alone_category, False)
    return [
        Finding(
            "seen_alone.reason_required",
            "error",
            v.id,
            "not_seen_alone_reason",
            message,
            FORM_SOURCE,
        )
    ]


def _check_observations(ctx: _Context, v: VisitFacts, out: _Out) -> None:
    if v.seen != "yes":
        return
    day = _visit_day(v)
    for b in ctx.bounds["seen_awake"]:
        if not b.active(day):
            continue
        under = f"under {b.rule.below_age}" if b.rule.below_age else "of this age"
        if v.seen_awake is None:
            out.add(
                "seen_awake.required",
                b.rule.unrecorded,
                v.id,
                "seen_awake",
                f"Record whether the child was seen awake; children {under} must be.",
                b.rule,
            )
        elif v.seen_awake is False:
            out.add(
                "seen_awake.required",
                "warning",
                v.id,
                "seen_awake",
                f"Children {under} must be seen awake at every visit. Arrange to see the child "
                "again while they are awake.",
                b.rule,
            )
    for b in ctx.bounds["attachment_observation"]:
        if not b.active(day):
            continue
        if v.attachment_observed is None:
            out.add(
                "attachment.observation_required",
                b.rule.unrecorded,
                v.id,
                "attachment_observed",
                "Record what you observed of the child with their parent or main carer, "
                "including how they relate to each other.",
                b.rule,
            )
        elif v.attachment_observed is False:
            out.add(
                "attachment.observation_required",
                "warning",
                v.id,
                "attachment_observed",
                "For a child this young, observe them with their parent or main carer and note "
                "how they relate; plan to do this at the next visit.",
                b.rule,
            )


def _check_cancelled(ctx: _Context, v: VisitFacts, out: _Out) -> None:
    """A cancelled visit is recorded on the child's record with the reason (004 I.11), where
    a rule of the profile speaks to cancelled visits."""
    if v.outcome != "cancelled" or not _blank(getattr(v, CANCELLED_REASON_FIELD)):
        return
    day = _visit_day(v)
    for b in ctx.bounds["reattempt"]:
        if b.active(day) and b.rule.after == "cancelled":
            out.add(
                "record.sections_missing",
                "error",
                v.id,
                CANCELLED_REASON_FIELD,
                _CANCELLED_REASON,
                b.rule,
            )
            return


def _per_visit(
    ctx: _Context,
    v: VisitFacts,
    status: _Status,
    as_of: date,
    out: _Out,
    record_due: tuple[date | datetime | None, Rule | None] | None = None,
) -> None:
    mark = len(out.items)
    _check_sections(ctx, v, out)
    if status.cancelled and not any(f.field == CANCELLED_REASON_FIELD for f in out.items[mark:]):
        _check_cancelled(ctx, v, out)
    asked = {f.field for f in out.items[mark:]}
    for field_name, severity, message, source in status.reasons:
        if field_name in asked:
            continue  # "add this field" already says it; no need to say it twice
        out.add("visit.not_statutory", severity, v.id, field_name, message, source)
    _check_seen_alone_reason(ctx, v, out)
    _check_observations(ctx, v, out)
    _check_recording(ctx, v, as_of, out, record_due)
