"""leicestershire-cin-2024 (seed 001): first visit, 20 working days, 72 hours, 16 weeks."""

from __future__ import annotations

from datetime import datetime

import pytest

from visitdesk.standards import VisitInterval

from .helpers import Case, check, child, d, ids, visit

P = "leicestershire-cin-2024"


def kid(**changes):
    values = dict(plan_start=d("2026-12-21"), allocated_on=d("2026-12-21"))
    values.update(changes)
    return child("CIN", **values)


CASES = [
    Case(
        "001 Visiting b1: first visit within 5 working days of allocation (Christmas)",
        kid(),
        [],
        "2026-12-30",
        next_visit_due="2026-12-30",
        visit_overdue=False,
        schedule={"first_visit": "2026-12-30"},
        lacks={"first_visit.overdue"},
    ),
    Case(
        "001 Visiting b1: no visit by the fifth working day",
        kid(),
        [],
        "2026-12-31",
        visit_overdue=True,
        has={("first_visit.overdue", None, None, "warning"), "visit.overdue"},
    ),
    Case(
        "001 Visiting b1: a first visit after the deadline is noted",
        kid(),
        [visit("v1", "2027-01-04")],
        "2027-01-05",
        has={("first_visit.late", "v1", None, "info")},
        lacks={"first_visit.overdue"},
    ),
    Case(
        "001 Visiting b1: a visit before allocation does not count as the first visit",
        kid(),
        [visit("v0", "2026-12-10")],
        "2026-12-31",
        has={"first_visit.overdue"},
    ),
    Case(
        "001 Visiting b6: then at least every 20 working days",
        kid(plan_start=d("2026-09-01"), allocated_on=d("2026-09-01")),
        [visit("v1", "2026-09-03")],
        "2026-09-20",
        next_visit_due="2026-10-01",
    ),
    Case(
        "001 Visiting b6: 20 working days across Christmas and New Year",
        kid(plan_start=d("2026-09-01"), allocated_on=d("2026-09-01")),
        [visit("v1", "2026-12-10")],
        "2027-01-12",
        next_visit_due="2027-01-12",
        visit_overdue=False,
    ),
    Case(
        "001 Visiting b3: visits count at home",
        kid(plan_start=d("2026-09-01"), allocated_on=d("2026-09-01")),
        [visit("v1", "2026-09-03"), visit("v2", "2026-09-10", location="other")],
        "2026-09-20",
        next_visit_due="2026-10-01",
        visits={"v2": {"statutory": False}},
    ),
    Case(
        "001 Visiting b6: record within 72 hours (calendar hours, holidays included)",
        kid(),
        [visit("v1", "2026-12-24T15:00", recorded_at=d("2026-12-27"))],
        "2026-12-28",
        visits={"v1": {"record_due": "2026-12-27T15:00", "recorded_late": True}},
        has={("record.late", "v1", "recorded_at", "warning")},
    ),
    Case(
        "001 Visiting b6: recorded on the 72nd hour is on time",
        kid(),
        [visit("v1", "2026-12-24T15:00", recorded_at=datetime(2026, 12, 27, 15, 0))],
        "2026-12-28",
        visits={"v1": {"recorded_late": False}},
        lacks={"record.late"},
    ),
    Case(
        "001 Visiting b6: not written up within 72 hours",
        kid(),
        [visit("v1", "2026-12-24T15:00", completed=False, recorded_at=None)],
        "2026-12-28",
        has={("record.overdue", "v1", "completed", "warning")},
    ),
    Case(
        "001 Visiting b6: not overdue on the day the 72 hours end",
        kid(),
        [visit("v1", "2026-12-24T15:00", completed=False, recorded_at=None)],
        "2026-12-27",
        lacks={"record.overdue"},
    ),
    Case(
        "001 Visiting exception: 6-weekly by service-manager decision with reasons",
        kid(visit_interval=VisitInterval(6, "weeks", "Service manager agreed, see note 12")),
        [visit("v1", "2027-01-04")],
        "2027-01-05",
        next_visit_due="2027-02-15",
    ),
    Case(
        "001 Visiting exception: never less often than 6-weekly",
        kid(visit_interval=VisitInterval(8, "weeks", "Family asked for fewer visits")),
        [visit("v1", "2027-01-04")],
        "2027-01-05",
        next_visit_due="2027-02-15",
        has={"plan.visit_interval_too_long"},
    ),
    Case(
        "001 Visiting exception: no reasons recorded, so 20 working days",
        kid(visit_interval=VisitInterval(6, "weeks")),
        [visit("v1", "2027-01-04")],
        "2027-01-05",
        next_visit_due="2027-02-01",
        has={"plan.visit_interval_rationale_missing"},
    ),
    Case(
        "001 Visiting b4: more frequent visits may always be agreed",
        kid(visit_interval=VisitInterval(5, "working_days")),
        [visit("v1", "2027-01-04")],
        "2027-01-05",
        next_visit_due="2027-01-11",
    ),
    Case(
        "001 Drift: the 16-week review shows four weeks ahead",
        kid(plan_start=d("2026-09-01"), allocated_on=d("2026-09-01")),
        [visit("v1", "2026-11-27")],
        "2026-11-30",
        has={("plan.review_due", None, None, "info")},
        schedule={"plan_review": "2026-12-22"},
    ),
    Case(
        "001 Drift: at 16 weeks a manager review is due",
        kid(plan_start=d("2026-09-01"), allocated_on=d("2026-09-01")),
        [visit("v1", "2026-12-18")],
        "2026-12-22",
        has={("plan.review_due", None, None, "warning")},
    ),
    Case(
        "001 Drift: nothing said about review early in the plan",
        kid(plan_start=d("2026-09-01"), allocated_on=d("2026-09-01")),
        [visit("v1", "2026-09-03")],
        "2026-09-04",
        lacks={"plan.review_due"},
    ),
    Case(
        "001 (scope): a CP plan is not covered by this standard",
        child("CP"),
        [visit("v1", "2026-09-03")],
        "2026-09-04",
        next_visit_due=None,
        has={"policy.plan_not_covered"},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_leicestershire(case):
    check(P, case)


def test_missing_allocation_date_falls_back_to_plan_start_and_says_so():
    ev = check(P, Case("001 Visiting b1", child("CIN", allocated_on=None), [], "2026-09-02"))
    assert ev.next_visit_due == d("2026-09-08")
    assert any(f.code == "child.facts_missing" and "allocated" in f.message for f in ev.findings)
