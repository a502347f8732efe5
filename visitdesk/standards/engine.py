"""The rule engine: a child's case checked against a policy profile.

``evaluate`` looks at a whole case (for the command line, the child's page and reports);
``check_form`` checks one visit record as it is being typed and is kept cheap enough to run
on every keystroke; ``due_status`` is the slim answer the caseload table needs for thousands
of children at once. All three share the same rule logic, so a rule lives in one place.

Dates are local calendar dates; a deadline is the last day on which something still counts
as on time, so "overdue" always means ``as_of`` is after the deadline.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from visitdesk.standards.ages import birthday
from visitdesk.standards.calendar import WorkingCalendar, calendar_for
from visitdesk.standards.case import ChildFacts, MeetingFacts, VisitFacts, VisitInterval
from visitdesk.standards.policy import REMOTE_CONTACTS, Interval, Policy, Rule, plan_parts

SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}

_FAR_PAST = date.min
_FAR_FUTURE = date.max

_FIELD_LABELS = {
    "location": "where the visit took place",
    "seen": "whether the child was seen",
    "seen_alone": "whether the child was seen alone",
    "not_seen_alone_reason": "why the child was not seen alone",
    "not_seen_alone_category": "the reason category for not seeing the child alone",
    "bedroom_seen": "whether you saw the child's bedroom",
    "seen_awake": "whether the child was seen awake",
    "attachment_observed": "what you observed of the child with their parent or carer",
    "joint_with_health_visitor": "whether this was a joint visit with the health visitor",
    "purpose": "the purpose of the visit",
    "findings": "the findings or outcome",
    "analysis": "your analysis",
    "conclusion": "your conclusion",
    "recommendations": "your recommendations",
}
# A cancelled visit's record says why it was cancelled; the form's findings-and-outcome box
# is where that goes.
CANCELLED_REASON_FIELD = "findings"

_FACT_LABELS = {
    "date_of_birth": "the child's date of birth",
    "plan_start": "the date the plan started",
    "allocated_on": "the date the case was allocated",
    "placement_start": "the date the current placement started",
    "first_review_date": "the date of the first looked-after review",
}


# ---------------------------------------------------------------------------------------------
# Results


@dataclass(frozen=True, slots=True)
class Finding:
    """Something the worker should know or do. ``error`` blocks completing the record."""

    code: str
    severity: str  # "error" | "warning" | "info"
    visit: str | None
    field: str | None  # a VisitFacts field name, so the form can point at the widget
    message: str
    # The citation a worker reads: the profile's short name and the clause, e.g. "Visiting
    # policy 2019, I.8"; just the profile's name for a note that comes from no one rule.
    source: str
    rule: str | None = None  # the profile's stable rule id, e.g. "seen-alone"

    def to_json(self) -> dict:
        return {
            "code": self.code,
            "severity": self.severity,
            "visit": self.visit,
            "field": self.field,
            "message": self.message,
            "source": self.source,
            "rule": self.rule,
        }


@dataclass(frozen=True, slots=True)
class VisitResult:
    """What the engine concluded about one visit."""

    id: str
    statutory: bool
    record_due: date | datetime | None
    recorded_late: bool
    reattempt_due: date | None


@dataclass(frozen=True, slots=True)
class ScheduleItem:
    """Something coming up for the child, for the child's page and reminders."""

    kind: str  # next_visit | first_visit | reattempt | seen_alone | bedroom | joint_visit | ...
    label: str
    due: date | None
    source: str  # a citation, as for findings
    rule: str | None = None


# Where a finding or schedule item comes from: a rule of the profile, or (for notes that come
# from no one rule) the profile's short name.
Origin = Rule | str


def _cite(origin: Origin) -> tuple[str, str | None]:
    if isinstance(origin, Rule):
        return origin.cite or origin.source, origin.id
    return origin, None


def _item(kind: str, label: str, due: date | None, origin: Origin) -> ScheduleItem:
    source, rule = _cite(origin)
    return ScheduleItem(kind, label, due, source, rule)


@dataclass(slots=True)
class Evaluation:
    policy: Policy
    as_of: date
    next_visit_due: date | None
    visit_overdue: bool
    visits: list[VisitResult]
    findings: list[Finding]
    schedule: list[ScheduleItem] = field(default_factory=list)

    @property
    def blocking(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    def to_json(self, *, include_schedule: bool = False) -> dict:
        """The command-line output shape; the schedule only when asked for."""
        return {"policy": self.policy.id, **result_json(self, include_schedule=include_schedule)}


@dataclass(slots=True)
class DueStatus:
    """The caseload view of one child: what is due, and what is overdue.

    Read-only by convention. Not frozen, because the caseload builds one for every child and
    profile at once and a frozen dataclass of this size costs three times as much to make.
    """

    next_visit_due: date | None
    visit_overdue: bool
    records_overdue: int  # records not completed by their deadline
    records_blocked: int  # records not completed that still lack something they need
    reattempt_due: date | None
    reattempt_overdue: bool
    seen_alone_due: date | None
    seen_alone_overdue: bool
    # Which records those are, so that two standards judging one child count each record once.
    overdue_records: tuple[str, ...] = ()
    blocked_records: tuple[str, ...] = ()
    # Home and bedroom: due at the next visit when the last one missed them (or by a date);
    # overdue once two visits in a row have missed them, or the date has passed.
    bedroom_due: date | None = None
    bedroom_overdue: bool = False
    joint_visit_due: date | None = None  # joint visit with the health visitor
    joint_visit_overdue: bool = False
    meeting_due: date | None = None  # the next plan progress meeting
    meeting_overdue: bool = False
    meeting_notes_due: date | None = None  # notes of a held meeting not yet sent out
    meeting_notes_overdue: bool = False
    review_due: date | None = None  # a plan review not yet held
    review_overdue: bool = False
    # The re-attempt deadline is for a visit the worker cancelled (to rearrange), not for a
    # failed visit (to try again).
    reattempt_cancelled: bool = False
    # Time alone with the child is due at the next statutory visit, whenever that is: an
    # authority's combined answer uses its own next visit date.
    seen_alone_at_next_visit: bool = False


def _iso(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M")
    return value.isoformat()


def result_json(result: Any, *, include_schedule: bool = False) -> dict:
    """The command-line shape of a whole-case result (one profile's, or an authority's):
    ``as_of``, ``next_visit_due``, ``visit_overdue``, ``visits``, ``findings`` and, when asked
    for, ``schedule``. The caller adds what it was judged by."""
    out = {
        "as_of": result.as_of.isoformat(),
        "next_visit_due": _iso(result.next_visit_due),
        "visit_overdue": result.visit_overdue,
        "visits": [
            {
                "id": v.id,
                "statutory": v.statutory,
                "record_due": _iso(v.record_due),
                "recorded_late": v.recorded_late,
                "reattempt_due": _iso(v.reattempt_due),
            }
            for v in result.visits
        ],
        "findings": [f.to_json() for f in result.findings],
    }
    if include_schedule:
        out["schedule"] = [
            {
                "kind": s.kind,
                "label": s.label,
                "due": _iso(s.due),
                "source": s.source,
                "rule": s.rule,
            }
            for s in result.schedule
        ]
    return out


_MONTHS = (
    "January February March April May June July August September October November December"
).split()


def _day(d: date) -> str:
    """A date as people write it: 4 September 2026 (not locale-dependent, unlike strftime)."""
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# ---------------------------------------------------------------------------------------------
# The child in context: the rules that apply to this child, each with the span of dates when
# it is in force (age band, placement year, review phase). Built once per (policy, child) and
# kept, because the form asks again on every keystroke.


class _Bound:
    """A rule with the dates it is in force: ``start`` inclusive, ``end`` exclusive."""

    __slots__ = ("rule", "start", "end")

    def __init__(self, rule: Rule, start: date, end: date):
        self.rule = rule
        self.start = start
        self.end = end

    def active(self, day: date) -> bool:
        return self.start <= day < self.end


class _Context:
    __slots__ = (
        "policy",
        "child",
        "cal",
        "birth",
        "bounds",
        "uncovered",
        "bind_missing",
        "has_recording",
        "nothing_covered",
        "_birthdays",
    )

    def __init__(self, policy: Policy, child: ChildFacts):
        self.policy = policy
        self.child = child
        self.cal: WorkingCalendar = calendar_for(child.region, policy.extra_closures)
        # An unborn child's age bands run from the expected date until they are born.
        self.birth = child.date_of_birth or child.expected_birth_date
        # Facts some rule needed but the child's details lack: fact -> the rule.
        # Filled while binding and never changed after, as the context is shared.
        self.bind_missing: dict[str, Origin] = {}
        self._birthdays: dict[int, date] = {}

        parts = plan_parts(child.plan)
        self.uncovered = uncovered_parts(policy, child.plan)
        template, windowed = _template(policy, child)
        self.bounds: dict[str, Sequence[_Bound]] = template
        if windowed:
            # Only rules limited to an age band, placement year or review phase depend on
            # this child's dates; the rest come ready-made from the shared template.
            self.bounds = dict(template)
            for kind, rules in windowed.items():
                found = list(template[kind])
                for rule in rules:
                    bound = self._bind(rule)
                    if bound is not None and bound.start < bound.end:
                        found.append(bound)
                self.bounds[kind] = found
        self.has_recording = bool(self.bounds["recording_deadline"])
        self.nothing_covered = len(self.uncovered) == len(parts)

    def birthday(self, years: int) -> date | None:
        if self.birth is None:
            return None
        found = self._birthdays.get(years)
        if found is None:
            found = self._birthdays[years] = birthday(self.birth, years)
        return found

    def _bind(self, rule: Rule) -> _Bound | None:
        start, end = _FAR_PAST, _FAR_FUTURE
        if rule.age_limited:
            if self.birth is None:
                self.bind_missing.setdefault("date_of_birth", rule)
                # Without an age, only frequency rules still apply (all bands, so the strictest
                # wins); rules about what to see at a visit cannot be placed and are skipped.
                if rule.kind != "visit_frequency":
                    return None
            else:
                if rule.from_age is not None:
                    start = max(start, self.birthday(rule.from_age))  # type: ignore[arg-type]
                if rule.below_age is not None:
                    end = min(end, self.birthday(rule.below_age))  # type: ignore[arg-type]
        if self.birth is None and (
            rule.seen_alone_from_age is not None or rule.seen_awake_below_age is not None
        ):
            self.bind_missing.setdefault("date_of_birth", rule)
        if rule.placement_years_from is not None or rule.placement_years_below is not None:
            placed = self.start_date("placement_start", rule, self.bind_missing)
            if placed is None:
                if rule.placement_years_from:  # later years cannot be placed; the first can
                    return None
            else:
                if rule.placement_years_from is not None:
                    start = max(start, birthday(placed, rule.placement_years_from))
                if rule.placement_years_below is not None:
                    end = min(end, birthday(placed, rule.placement_years_below))
        if rule.phase is not None:
            review = self.child.first_review_date
            if review is None:
                self.bind_missing.setdefault("first_review_date", rule)
                # Until the first review is known to have happened, the weekly phase goes on.
                if rule.phase == "after_first_review":
                    return None
            elif rule.phase == "before_first_review":
                end = min(end, review)
            else:
                start = max(start, review)
        return _Bound(rule, start, end)

    def start_date(
        self, which: str, source: Origin, missing: dict[str, Origin] | None
    ) -> date | None:
        """The date a rule's clock starts from when there is no visit yet, with fallbacks.

        A missing preferred date is noted in ``missing`` (when given) so the worker is told.
        """
        child = self.child
        order = _START_ORDER[which]
        if missing is not None and getattr(child, order[0]) is None:
            missing.setdefault(order[0], source)
        for name in order:
            value = getattr(child, name)
            if value is not None:
                return value
        return None

    def add(self, day: date, interval: Interval | VisitInterval) -> date:
        unit, n = interval.unit, interval.every
        if unit == "days":
            return day + timedelta(days=n)
        if unit == "weeks":
            return day + timedelta(weeks=n)
        if unit == "working_days":
            return self.cal.add_working_days(day, n)
        if unit == "months":
            return _add_months(day, n)
        raise ValueError(f"unit {unit} has no date arithmetic")

    def age_at_least(self, day: date, years: int) -> bool | None:
        b = self.birthday(years)
        return None if b is None else day >= b


def uncovered_parts(policy: Policy, plan: str) -> tuple[str, ...]:
    """The parts of ``plan`` that ``policy`` says nothing about."""
    return policy.gaps[plan]


def _add_months(day: date, months: int) -> date:
    """Same day ``months`` later, or the month's last day if it is shorter (31 Jan -> 28 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = (date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(day.day, last))


def _condition(child: ChildFacts, name: str) -> bool:
    if name == "electively_home_educated":
        return child.electively_home_educated
    if name == "regulation_24":
        return child.regulation_24
    if name == "placement_until_18":
        return child.placement_until_18
    if name == "dcs_family_support":
        return child.dcs_level == "family_support"
    if name == "dcs_direct_payments":
        return child.dcs_level == "direct_payments"
    return False


def _windowed(rule: Rule) -> bool:
    """Whether a rule's span of force depends on the child's own dates."""
    return not (
        rule.from_age is None
        and rule.below_age is None
        and rule.placement_years_from is None
        and rule.placement_years_below is None
        and rule.phase is None
        and rule.seen_alone_from_age is None
        and rule.seen_awake_below_age is None
    )


_Template = tuple[dict[str, Sequence[_Bound]], dict[str, list[Rule]]]
_TEMPLATES: dict[tuple, tuple[Policy, _Template]] = {}


def _template(policy: Policy, child: ChildFacts) -> _Template:
    """The rules for a plan type and set of child conditions, shared by all such children.

    Returns ready-made bounds for rules in force throughout, and the rules that still need
    the child's dates (age band, placement year, review phase) to be placed.
    """
    key = (
        id(policy),
        child.plan,
        child.electively_home_educated,
        child.regulation_24,
        child.placement_until_18,
        child.dcs_level,
    )
    hit = _TEMPLATES.get(key)
    if hit is not None and hit[0] is policy:
        return hit[1]
    static: dict[str, Sequence[_Bound]] = {}
    windowed: dict[str, list[Rule]] = {}
    for kind, rules in policy.by_plan[child.plan].items():
        ready = []
        for rule in rules:
            if rule.when and not all(_condition(child, c) for c in rule.when):
                continue
            if rule.unless and any(_condition(child, c) for c in rule.unless):
                continue
            if _windowed(rule):
                windowed.setdefault(kind, []).append(rule)
            else:
                ready.append(_Bound(rule, _FAR_PAST, _FAR_FUTURE))
        static[kind] = tuple(ready)
    template = (static, windowed)
    if len(_TEMPLATES) > 4096:  # profiles loaded from files over a long session
        _TEMPLATES.clear()
    _TEMPLATES[key] = (policy, template)
    return template


_START_ORDER = {
    "plan_start": ("plan_start", "allocated_on"),
    "allocated_on": ("allocated_on", "plan_start"),
    "placement_start": ("placement_start", "plan_start", "allocated_on"),
}

_CONTEXTS: OrderedDict[tuple[int, ChildFacts], tuple[Policy, _Context]] = OrderedDict()
_CONTEXTS_LOCK = threading.Lock()
_CONTEXTS_MAX = 256


def _context(policy: Policy, child: ChildFacts) -> _Context:
    key = (id(policy), child)
    with _CONTEXTS_LOCK:
        hit = _CONTEXTS.get(key)
        # The policy is kept alongside so a recycled id() can never match another profile.
        if hit is not None and hit[0] is policy:
            _CONTEXTS.move_to_end(key)
            return hit[1]
    ctx = _Context(policy, child)
    with _CONTEXTS_LOCK:
        _CONTEXTS[key] = (policy, ctx)
        if len(_CONTEXTS) > _CONTEXTS_MAX:
            _CONTEXTS.popitem(last=False)
    return ctx


# ---------------------------------------------------------------------------------------------
# Collecting findings


class _Out:
    """Findings gathered during one run, without duplicates."""

    __slots__ = ("items", "_keys", "missing")

    def __init__(self, ctx: _Context | None = None) -> None:
        self.items: list[Finding] = []
        self._keys: set[tuple] = set()
        self.missing: dict[str, Origin] = dict(ctx.bind_missing) if ctx else {}

    def add(
        self,
        code: str,
        severity: str,
        visit: str | None,
        field_name: str | None,
        message: str,
        origin: Origin,
    ) -> None:
        source, rule = _cite(origin)
        key = (code, visit, field_name, source)
        if key in self._keys:
            return
        self._keys.add(key)
        self.items.append(Finding(code, severity, visit, field_name, message, source, rule))


def sort_findings(findings: Iterable[Finding], order: dict[str | None, int]) -> list[Finding]:
    return sorted(
        findings,
        key=lambda f: (
            SEVERITY_RANK[f.severity],
            order.get(f.visit, -1),
            f.code,
            f.field or "",
        ),
    )


# ---------------------------------------------------------------------------------------------
# Per-visit rules


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


_CONTACT_WORDS = {"video": "by video", "agency": "through an agency"}


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


_PLAN_NAMES = {
    "CP": "child protection",
    "CIN": "child in need",
    "CLA": "looked-after",
    "CP+CLA": "child protection",
}


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


def _show_due(due: date | datetime) -> str:
    if isinstance(due, datetime):
        return f"{due.hour:02d}:{due.minute:02d} on {_day(due.date())}"
    return _day(due)


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
            label = _FIELD_LABELS.get(name, name.replace("_", " "))
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


def _reason_message(category: str | None, choice_counts: bool) -> str:
    if category == "other":
        return (
            "You chose 'another reason': say in your own words why the child was not seen "
            "alone before completing the record."
        )
    if choice_counts:
        return (
            "Say why the child was not seen alone before completing the record: choose a "
            "reason (they refused, it was not appropriate, or it was not possible) or explain "
            "in your own words."
        )
    return "Explain why the child was not seen alone before completing the record."


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


_CANCELLED_REASON = "Say why the visit was cancelled before completing the record."


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
        agreed = ctx.add(anchor, plan)
        if agreed <= own:
            return agreed
        looked_after_beside_cp = (
            ctx.child.plan == "CP+CLA" and "CP" not in rule.plans and "CP+CLA" not in rule.plans
        )
        if rule.plan_interval == "tighten_only" or looked_after_beside_cp:
            # A schedule of its own (looked-after visits beside a CP plan's): a longer
            # interval in the plan is for the other part of the plan, not a mistake here.
            return own
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


def _describe(plan: VisitInterval) -> str:
    return Interval(plan.every, plan.unit).describe()


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
        schedule.append(_item("seen_alone", "See the child alone", next_due, every))
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
        schedule.append(_item("seen_alone", "See the child alone", next_due, owed))
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
        schedule.append(_item("bedroom", "Visit at home and see the bedroom", next_due, owed))
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


_MEETING_WORDS = {"progress": "progress meeting", "review": "review meeting"}


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
    pending = False
    # Re-attempt deadlines still open: those of the cancelled visits at the end of the
    # history and of the latest visit that took place (a later one meets each of them).
    reattempt: date | None = None
    reattempt_cancelled = False
    taken = False
    for i in range(end - 1, -1, -1):
        v = visits[i]
        status = _classify(ctx, v)
        if status.pending:
            pending = True
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

    if pending:
        visits = [v for v in visits if not _awaiting_facts(v)]
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
    if bounds["bedroom_frequency"]:
        owed, broken = _latest_pattern(
            bounds["bedroom_frequency"],
            visits,
            lambda v, r: _bedroom_ok(v, r.at_home),
            in_person=True,
        )
        bedroom_broken = broken is not None
        if owed is not None:
            bedroom_due = next_due
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
    )


__all__ = [
    "FORM_SOURCE",
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
    "uncovered_parts",
]
