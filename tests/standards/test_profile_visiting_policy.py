"""visiting-policy-2019 (seed 004): frequency, seen alone, awake, bedroom, re-attempts."""

from __future__ import annotations

import pytest

from visitdesk.standards import VisitInterval

from .helpers import Case, check, child, d, ids, visit

P = "visiting-policy-2019"
NO = dict(seen_alone="no", not_seen_alone_reason="Too upset to talk alone")
TODDLER = d("2024-03-01")  # under 5 throughout 2026

CASES = [
    Case(
        "004 I.5: CP at least every 10 working days, across Christmas 2026",
        child("CP"),
        [visit("v1", "2026-12-18")],
        "2027-01-06",
        next_visit_due="2027-01-06",
        visit_overdue=False,
    ),
    Case(
        "004 I.5: CP overdue on the 11th working day",
        child("CP"),
        [visit("v1", "2026-12-18")],
        "2027-01-07",
        visit_overdue=True,
        has={"visit.overdue"},
    ),
    Case(
        "004 I.6: CIN at least every 20 working days",
        child("CIN"),
        [visit("v1", "2026-09-03")],
        "2026-09-04",
        next_visit_due="2026-10-01",
    ),
    Case(
        "004 I.6: Northern Ireland's 12 July (observed 13th) counts as a holiday",
        child("CIN", region="northern-ireland"),
        [visit("v1", "2026-07-01")],
        "2026-07-02",
        next_visit_due="2026-07-30",  # England: 29 July
    ),
    Case(
        "004 I.6: the same visit in England",
        child("CIN"),
        [visit("v1", "2026-07-01")],
        "2026-07-02",
        next_visit_due="2026-07-29",
    ),
    Case(
        "004 I.7: the plan may ask for more frequent visits",
        child("CP", visit_interval=VisitInterval(5, "working_days", "Court direction")),
        [visit("v1", "2026-09-03")],
        "2026-09-04",
        next_visit_due="2026-09-10",
    ),
    Case(
        "004 I.7: the frequencies are minimums; a longer plan interval is not used",
        child("CP", visit_interval=VisitInterval(15, "working_days", "Family request")),
        [visit("v1", "2026-09-03")],
        "2026-09-04",
        next_visit_due="2026-09-17",
        has={"plan.visit_interval_too_long"},
    ),
    Case(
        "004 I.5: visits may be anywhere the child is seen",
        child("CP"),
        [visit("v1", "2026-09-03", location="school")],
        "2026-09-04",
        visits={"v1": {"statutory": True}},
        next_visit_due="2026-09-17",
    ),
    Case(
        "004 I.8: seen alone at least every other visit",
        child("CP"),
        [visit("v1", "2026-09-03", **NO), visit("v2", "2026-09-10", **NO)],
        "2026-09-11",
        has={("seen_alone.overdue", "v2", "seen_alone", "warning")},
    ),
    Case(
        "004 I.8: one visit without time alone leaves it owed at the next",
        child("CP"),
        [visit("v1", "2026-09-03"), visit("v2", "2026-09-10", **NO)],
        "2026-09-11",
        lacks={"seen_alone.overdue"},
        schedule={"seen_alone": "2026-09-24"},
    ),
    Case(
        "004 I.8: a failed visit in between does not mend the pattern",
        child("CP"),
        [
            visit("v1", "2026-09-03", **NO),
            visit("v2", "2026-09-07", seen="no", seen_alone=None),
            visit("v3", "2026-09-08", **NO),
        ],
        "2026-09-09",
        has={("seen_alone.overdue", "v3", "seen_alone")},
    ),
    Case(
        "004 I.8: under five, seen awake must be recorded",
        child("CP", date_of_birth=TODDLER),
        [visit("v1", "2026-09-03", seen_awake=None)],
        "2026-09-04",
        has={("seen_awake.required", "v1", "seen_awake", "error")},
    ),
    Case(
        "004 I.8 and I.10: a sleeping under-five was not properly seen",
        child("CP", date_of_birth=TODDLER),
        [visit("v1", "2026-09-03", seen_awake=False)],
        "2026-09-04",
        visits={"v1": {"statutory": False, "reattempt_due": "2026-09-07"}},
        has={
            ("seen_awake.required", "v1", "seen_awake", "warning"),
            ("visit.not_statutory", "v1", "seen_awake", "warning"),
            ("visit.reattempt_due", "v1"),
        },
    ),
    Case(
        "004 I.8: the day before the 5th birthday the child must be seen awake",
        child("CIN", date_of_birth=d("2021-06-20")),
        [visit("v1", "2026-06-19", seen_awake=None)],
        "2026-06-22",
        has={("seen_awake.required", "v1")},
    ),
    Case(
        "004 I.8: from the 5th birthday it is no longer asked",
        child("CIN", date_of_birth=d("2021-06-20")),
        [visit("v1", "2026-06-20", seen_awake=None, attachment_observed=None)],
        "2026-06-22",
        lacks={"seen_awake.required", "attachment.observation_required"},
    ),
    Case(
        # The case file has no yes/no for it, so it reminds rather than blocks (issue 12).
        "004 I.8: under five, the child/parent interaction must be observed",
        child("CIN", date_of_birth=TODDLER),
        [visit("v1", "2026-09-03", attachment_observed=None)],
        "2026-09-04",
        has={("attachment.observation_required", "v1", "attachment_observed", "warning")},
    ),
    Case(
        "004 I.8: observed and said so: nothing to add",
        child("CIN", date_of_birth=TODDLER),
        [visit("v1", "2026-09-03", attachment_observed=True)],
        "2026-09-04",
        lacks={"attachment.observation_required"},
    ),
    Case(
        "004 I.8: not seen alone, no reason: the reason is asked, citing I.8",
        child("CP"),
        [visit("v1", "2026-09-03", seen_alone="no", not_seen_alone_reason="")],
        "2026-09-04",
        has={("seen_alone.reason_required", "v1", "not_seen_alone_reason", "error")},
    ),
    Case(
        "004 I.9: home and bedroom at least every other visit",
        child("CIN"),
        [
            visit("v1", "2026-09-03", location="school", bedroom_seen=None),
            visit("v2", "2026-09-24", bedroom_seen=False),
        ],
        "2026-09-25",
        has={("bedroom.overdue", "v2", "bedroom_seen", "warning")},
    ),
    Case(
        "004 I.9: bedroom seen last time, so nothing owed",
        child("CIN"),
        [visit("v1", "2026-09-03"), visit("v2", "2026-09-24", bedroom_seen=False)],
        "2026-09-25",
        lacks={"bedroom.overdue"},
        schedule={"bedroom": "2026-10-22"},
    ),
    Case(
        "004 I.10: a failed visit is re-attempted within 2 working days (Christmas)",
        child("CP"),
        [visit("v1", "2026-12-24", seen="no", seen_alone=None)],
        "2026-12-31",
        visits={"v1": {"statutory": False, "reattempt_due": "2026-12-30"}},
        has={("visit.reattempt_overdue", "v1", None, "warning")},
    ),
    Case(
        "004 I.10: re-attempt pending",
        child("CP"),
        [visit("v1", "2026-12-24", seen="no", seen_alone=None)],
        "2026-12-29",
        has={("visit.reattempt_due", "v1", None, "info")},
    ),
    Case(
        "004 I.16: recording timescales are set elsewhere",
        child("CP"),
        [visit("v1", "2026-09-03", completed=False, recorded_at=None)],
        "2027-09-03",
        visits={"v1": {"record_due": None}},
        has={("record.deadline_not_set", None, None, "info")},
        lacks={"record.overdue"},
    ),
    Case(
        "004 I.8: an unborn child is not asked to be seen alone or awake",
        child("CP", date_of_birth=None, expected_birth_date=d("2027-02-01")),
        [
            visit("v1", "2026-09-03", seen="unborn", seen_alone=None, seen_awake=None),
            visit("v2", "2026-09-10", seen="unborn", seen_alone=None, seen_awake=None),
        ],
        "2026-09-11",
        next_visit_due="2026-09-24",
        lacks={"seen_alone.overdue", "seen_awake.required", "bedroom.overdue"},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_visiting_policy(case):
    check(P, case)


# Every visit field of the case file in the product brief, for an under-5 seen but not alone.
BRIEF_VISIT = {
    "id": "v1",
    "visited_at": "2026-09-03T10:00",
    "location": "home",
    "seen": "yes",
    "seen_alone": "no",
    "not_seen_alone_reason": "Mother stayed; he would not settle without her.",
    "bedroom_seen": True,
    "seen_awake": True,
    "joint_with_health_visitor": False,
    "purpose": "Review the plan.",
    "findings": "Played with his mother, who comforted him when he fell.",
    "analysis": "Warm, responsive care.",
    "conclusion": "Plan working.",
    "recommendations": "Continue.",
    "completed": True,
    "recorded_at": "2026-09-04T09:00",
}


def test_an_under_five_record_with_every_documented_field_can_be_completed():
    # Issue 12: it used to need attachment_observed, which the case file does not document.
    from visitdesk.standards import evaluate, load_policy, parse_case

    kid, visits = parse_case(
        {"child": {"plan": "CIN", "date_of_birth": "2024-03-01"}, "visits": [BRIEF_VISIT]}
    )
    ev = evaluate(load_policy(P), kid, visits, d("2026-09-04"))
    assert not ev.blocking, ev.blocking
    # Still reminded to note the observation I.8 asks for.
    assert any(f.code == "attachment.observation_required" for f in ev.findings)


def test_the_reason_finding_matches_the_brief_example():
    ev = check(
        P,
        Case(
            "004 I.8",
            child("CP"),
            [visit("v1", "2026-09-03", seen_alone="no", not_seen_alone_reason=None)],
            "2026-09-04",
        ),
    )
    found = [f.to_json() for f in ev.findings if f.code == "seen_alone.reason_required"]
    assert found == [
        {
            "code": "seen_alone.reason_required",
            "severity": "error",
            "visit": "v1",
            "field": "not_seen_alone_reason",
            "message": "Explain why the child was not seen alone before completing the record.",
            "source": "Visiting policy 2019, I.8",
            "rule": "seen-alone",
        }
    ]
