"""seen-alone-guidance (seed 002): seen alone from 4, attachment under 4, CP to CLA."""

from __future__ import annotations

import pytest

from visitdesk.standards import VisitInterval

from .helpers import Case, check, child, d, ids, visit

P = "seen-alone-guidance"
FORTNIGHTLY = VisitInterval(2, "weeks", "Agreed in supervision")
NO = dict(seen_alone="no", not_seen_alone_reason="Mother stayed in the room")

CASES = [
    Case(
        "002 CIN b1: the visiting pattern comes from the plan, and none is recorded",
        child("CIN"),
        [visit("v1", "2026-09-03")],
        "2026-09-04",
        next_visit_due=None,
        has={("plan.visit_interval_missing", None, None, "warning")},
    ),
    Case(
        "002 CIN b1: with the agreed pattern recorded",
        child("CIN", visit_interval=FORTNIGHTLY),
        [visit("v1", "2026-09-03")],
        "2026-09-04",
        next_visit_due="2026-09-17",
        lacks={"plan.visit_interval_missing"},
    ),
    Case(
        "002 CIN b1: from 4, a visit without seeing the child alone is not statutory",
        child("CIN", visit_interval=FORTNIGHTLY),
        [visit("v1", "2026-09-03"), visit("v2", "2026-09-10", **NO)],
        "2026-09-11",
        next_visit_due="2026-09-17",
        visits={"v2": {"statutory": False}},
        has={("visit.not_statutory", "v2", "seen_alone", "warning")},
    ),
    Case(
        "002 CIN b1: the day before the 4th birthday it still counts",
        child("CIN", date_of_birth=d("2022-10-15"), visit_interval=FORTNIGHTLY),
        [visit("v1", "2026-10-14", **NO), visit("v2", "2026-10-15", **NO)],
        "2026-10-16",
        next_visit_due="2026-10-28",
        visits={"v1": {"statutory": True}, "v2": {"statutory": False}},
    ),
    Case(
        "002 CIN b1: seen alone at least every 6 weeks, counted from the 4th birthday",
        child("CIN", date_of_birth=d("2022-10-15"), visit_interval=FORTNIGHTLY),
        [visit("v1", "2026-10-14", **NO)],
        "2026-10-16",
        schedule={"seen_alone": "2026-11-26"},
        lacks={"seen_alone.overdue"},
    ),
    Case(
        "002 CIN b1: seen alone overdue",
        child("CIN", visit_interval=FORTNIGHTLY),
        [visit("v1", "2026-09-03"), visit("v2", "2026-10-01", **NO)],
        "2026-10-16",
        schedule={"seen_alone": "2026-10-15"},
        has={("seen_alone.overdue", None, "seen_alone", "warning")},
    ),
    Case(
        "002 CIN b6: under 4, observe the child with their carer and note it",
        child("CIN", date_of_birth=d("2023-01-10"), visit_interval=FORTNIGHTLY),
        [visit("v1", "2026-09-03", attachment_observed=None, **NO)],
        "2026-09-04",
        has={("attachment.observation_required", "v1", "attachment_observed", "warning")},
        visits={"v1": {"statutory": True}},
    ),
    Case(
        "002 CP b1: over 4, seen alone at every statutory visit",
        child("CP", visit_interval=FORTNIGHTLY),
        [visit("v1", "2026-09-03", **NO)],
        "2026-09-04",
        visits={"v1": {"statutory": False}},
    ),
    Case(
        "002 CP b2: frequency as agreed at conference, none recorded",
        child("CP"),
        [visit("v1", "2026-09-03")],
        "2026-09-04",
        next_visit_due=None,
        has={"plan.visit_interval_missing"},
    ),
    Case(
        "002 CP b2: frequency as agreed at conference, in working days",
        child("CP", visit_interval=VisitInterval(10, "working_days", "Conference 1 Dec")),
        [visit("v1", "2026-12-18")],
        "2026-12-21",
        next_visit_due="2027-01-06",
    ),
    Case(
        "002 CP b4: at least every other visit at home with the bedroom seen",
        child("CP", visit_interval=FORTNIGHTLY),
        [
            visit("v1", "2026-09-03", location="school", bedroom_seen=None),
            visit("v2", "2026-09-10", bedroom_seen=False),
        ],
        "2026-09-11",
        has={("bedroom.overdue", "v2", "bedroom_seen", "warning")},
    ),
    Case(
        "002 CP b4: alternating school and home visits are fine",
        child("CP", visit_interval=FORTNIGHTLY),
        [
            visit("v1", "2026-09-03", location="school", bedroom_seen=None),
            visit("v2", "2026-09-10"),
            visit("v3", "2026-09-17", location="school", bedroom_seen=None),
        ],
        "2026-09-18",
        lacks={"bedroom.overdue"},
        schedule={"bedroom": "2026-10-01"},
    ),
    Case(
        "002 CLA b2: CP and looked after: CLA visit every 6 weeks, CP visits as planned",
        child(
            "CP+CLA",
            placement_start=d("2026-09-01"),
            visit_interval=VisitInterval(10, "days", "Conference"),
        ),
        [visit("v1", "2026-09-03")],
        "2026-09-04",
        next_visit_due="2026-09-13",
    ),
    Case(
        "002 CLA b2: without a CP interval the 6-weekly CLA visit still applies",
        child("CP+CLA", placement_start=d("2026-09-01")),
        [visit("v1", "2026-09-03")],
        "2026-09-04",
        next_visit_due="2026-10-15",
        has={"plan.visit_interval_missing"},
    ),
    Case(
        "002 CLA b3: Regulation 24, weekly until the first review",
        child(
            "CP+CLA",
            placement_start=d("2026-09-01"),
            regulation_24=True,
            first_review_date=d("2026-09-25"),
        ),
        [visit("v1", "2026-09-03")],
        "2026-09-04",
        next_visit_due="2026-09-10",
    ),
    Case(
        "002 CLA b3: Regulation 24, then 4-weekly",
        child(
            "CP+CLA",
            placement_start=d("2026-09-01"),
            regulation_24=True,
            first_review_date=d("2026-09-25"),
        ),
        [visit("v1", "2026-09-24")],
        "2026-09-26",
        next_visit_due="2026-10-22",
    ),
    Case(
        "002 (scope): a looked after child without a CP plan is not covered",
        child("CLA"),
        [visit("v1", "2026-09-24")],
        "2026-09-26",
        next_visit_due=None,
        has={"policy.plan_not_covered"},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_seen_alone_guidance(case):
    check(P, case)
