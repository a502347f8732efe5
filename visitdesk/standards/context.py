"""The child in context: the rules of a profile that apply to one child, each with the dates
it is in force, kept per (profile, child); and the findings gathered during one run."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from datetime import date, timedelta

from visitdesk.standards.ages import birthday
from visitdesk.standards.calendar import WorkingCalendar, calendar_for
from visitdesk.standards.case import ChildFacts, VisitInterval
from visitdesk.standards.policy import Interval, Policy, Rule, plan_parts
from visitdesk.standards.results import Finding, Origin, _cite

_FAR_PAST = date.min
_FAR_FUTURE = date.max


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
    return child.meets(name)


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
