"""england-cla-2010: regulation 28 (frequency of visits) and 29 (speaking in private)."""

from __future__ import annotations

import pytest

from .helpers import Case, check, child, d, ids, visit

P = "england-cla-2010"


def looked_after(**changes):
    values = dict(date_of_birth=d("2014-06-01"), placement_start=d("2026-03-02"))
    values.update(changes)
    return child("CLA", **values)


CASES = [
    Case(
        "reg. 28(2)(a): visit within one week of the start of the placement",
        looked_after(),
        [],
        "2026-03-05",
        next_visit_due="2026-03-09",
        schedule={"first_visit": "2026-03-09"},
    ),
    Case(
        "reg. 28(2)(a): no visit in the first week",
        looked_after(),
        [],
        "2026-03-10",
        has={("first_visit.overdue", None, None, "warning"), "visit.overdue"},
    ),
    Case(
        "reg. 28(2)(b): then at most every six weeks in the first year",
        looked_after(),
        [visit("v1", "2026-03-06")],
        "2026-03-10",
        next_visit_due="2026-04-17",
    ),
    Case(
        "reg. 28(2)(c)(i): after the first year, 3-monthly if the placement is until 18",
        looked_after(placement_start=d("2025-01-06"), placement_until_18=True),
        [visit("v1", "2026-02-02")],
        "2026-02-03",
        next_visit_due="2026-05-02",
    ),
    Case(
        "reg. 28(2)(c)(ii): after the first year, otherwise still 6-weekly",
        looked_after(placement_start=d("2025-01-06")),
        [visit("v1", "2026-02-02")],
        "2026-02-03",
        next_visit_due="2026-03-16",
    ),
    Case(
        "reg. 28(2)(b) to (c)(i): the first anniversary falls inside the six weeks",
        looked_after(placement_start=d("2025-03-03"), placement_until_18=True),
        [visit("v1", "2026-02-20")],
        "2026-02-21",
        next_visit_due="2026-05-20",
    ),
    Case(
        "reg. 28(4)(a): Regulation 24 placement, weekly until the first review",
        looked_after(regulation_24=True, first_review_date=d("2026-03-27")),
        [visit("v1", "2026-03-16")],
        "2026-03-17",
        next_visit_due="2026-03-23",
    ),
    Case(
        "reg. 28(4)(b): then at most every four weeks",
        looked_after(regulation_24=True, first_review_date=d("2026-03-27")),
        [visit("v1", "2026-03-23")],
        "2026-03-24",
        next_visit_due="2026-04-20",
    ),
    Case(
        "reg. 28(4)(a): first review date not recorded, so weekly goes on",
        looked_after(regulation_24=True),
        [visit("v1", "2026-05-04")],
        "2026-05-05",
        next_visit_due="2026-05-11",
        has={("child.facts_missing", None, None, "info")},
    ),
    Case(
        "reg. 28(1): the visit is to the child where they live",
        looked_after(),
        [visit("v1", "2026-03-06", location="school")],
        "2026-03-10",
        visits={"v1": {"statutory": False}},
        has={"first_visit.overdue"},
    ),
    Case(
        "reg. 29: not spoken to in private, with neither a choice nor a reason",
        looked_after(),
        [visit("v1", "2026-03-06", seen_alone="no", not_seen_alone_reason=None)],
        "2026-03-07",
        visits={"v1": {"statutory": True}},
        has={("seen_alone.reason_required", "v1", "not_seen_alone_reason", "error")},
        lacks={"seen_alone.category_required"},
    ),
    Case(
        "reg. 29: a reason in the worker's words, no category: enough (issue 12)",
        looked_after(),
        [
            visit(
                "v1",
                "2026-03-06",
                seen_alone="no",
                not_seen_alone_reason="Wanted his foster carer to stay in the room.",
            )
        ],
        "2026-03-07",
        lacks={"seen_alone.category_required", "seen_alone.reason_required"},
    ),
    Case(
        "reg. 29(a): the child refused",
        looked_after(),
        [visit("v1", "2026-03-06", seen_alone="no", not_seen_alone_category="refused")],
        "2026-03-07",
        lacks={"seen_alone.category_required", "seen_alone.reason_required"},
    ),
    Case(
        "reg. 29(b): the representative thought it inappropriate",
        looked_after(),
        [visit("v1", "2026-03-06", seen_alone="no", not_seen_alone_category="inappropriate")],
        "2026-03-07",
        lacks={"seen_alone.reason_required"},
    ),
    Case(
        "reg. 29(c): the representative was unable to",
        looked_after(),
        [visit("v1", "2026-03-06", seen_alone="no", not_seen_alone_category="not_possible")],
        "2026-03-07",
        lacks={"seen_alone.reason_required"},
    ),
    Case(
        "reg. 29: 'other' needs an explanation",
        looked_after(),
        [visit("v1", "2026-03-06", seen_alone="no", not_seen_alone_category="other")],
        "2026-03-07",
        has={("seen_alone.reason_required", "v1", "not_seen_alone_reason", "error")},
    ),
    Case(
        "reg. 28 (scope): the CP part of a CP+CLA plan is for another standard",
        child("CP+CLA", placement_start=d("2026-03-02")),
        [visit("v1", "2026-03-06")],
        "2026-03-10",
        next_visit_due="2026-04-17",
        has={"policy.plan_not_covered", "record.deadline_not_set"},
    ),
    Case(
        "reg. 28(2): placement start missing, so the plan start stands in",
        child("CLA", placement_start=None, plan_start=d("2026-03-02")),
        [],
        "2026-03-05",
        next_visit_due="2026-03-09",
        has={"child.facts_missing"},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_looked_after(case):
    check(P, case)
