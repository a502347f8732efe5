"""getting-it-right-2018: CIN visits (seed 000) and CP visits (seed 003), clause by clause."""

from __future__ import annotations

import pytest

from visitdesk.standards import VisitInterval

from .helpers import Case, check, child, d, ids, visit

P = "getting-it-right-2018"

CIN = [
    Case(
        "000 Frequency p.1: CIN visits at least every four weeks",
        child("CIN"),
        [visit("v1", "2026-09-03")],
        "2026-09-20",
        next_visit_due="2026-10-01",
        visit_overdue=False,
        lacks={"visit.overdue"},
    ),
    Case(
        "000 Frequency p.1: a day past four weeks is overdue",
        child("CIN"),
        [visit("v1", "2026-09-03")],
        "2026-10-02",
        next_visit_due="2026-10-01",
        visit_overdue=True,
        has={("visit.overdue", None, None, "warning")},
    ),
    Case(
        "000 Frequency p.1: with no visit yet, four weeks from the plan start",
        child("CIN", plan_start=d("2026-09-01")),
        [],
        "2026-09-02",
        next_visit_due="2026-09-29",
    ),
    Case(
        "000 What p.1: a visit at school is not a CIN visit",
        child("CIN"),
        [visit("v1", "2026-09-03", location="school")],
        "2026-09-20",
        next_visit_due="2026-09-29",
        visits={"v1": {"statutory": False}},
        has={("visit.not_statutory", "v1", "location", "info")},
    ),
    Case(
        "000 Frequency p.2: Disabled Children's Service family support, 6-weekly",
        child("CIN", dcs_level="family_support"),
        [visit("v1", "2026-09-03")],
        "2026-09-20",
        next_visit_due="2026-10-15",
        schedule={"plan_review": "2027-03-01"},
    ),
    Case(
        "000 Frequency p.3: direct payments, 12-weekly",
        child("CIN", dcs_level="direct_payments"),
        [visit("v1", "2026-09-03")],
        "2026-09-20",
        next_visit_due="2026-11-26",
    ),
    Case(
        "000 Frequency p.2: 6-monthly review comes up two weeks ahead",
        child("CIN", dcs_level="family_support"),
        [visit("v1", "2027-02-20")],
        "2027-02-16",
        has={("plan.review_due", None, None, "info")},
    ),
    Case(
        "000 Frequency p.1: a less frequent pattern agreed with its rationale",
        child("CIN", visit_interval=VisitInterval(6, "weeks", "Agreed at CIN review 1 Sep")),
        [visit("v1", "2026-09-03")],
        "2026-09-20",
        next_visit_due="2026-10-15",
        lacks={"plan.visit_interval_rationale_missing"},
    ),
    Case(
        "000 Frequency p.1: without a rationale the four weeks stand",
        child("CIN", visit_interval=VisitInterval(6, "weeks")),
        [visit("v1", "2026-09-03")],
        "2026-09-20",
        next_visit_due="2026-10-01",
        has={"plan.visit_interval_rationale_missing"},
    ),
    Case(
        "000 What p.2: failed visit re-attempted the same working week (Christmas week)",
        child("CIN"),
        [visit("v1", "2026-12-22", seen="no", seen_alone=None)],
        "2026-12-23",
        visits={"v1": {"statutory": False, "reattempt_due": "2026-12-24"}},
        has={("visit.reattempt_due", "v1", None, "info"), ("visit.not_statutory", "v1", "seen")},
    ),
    Case(
        "000 What p.2: re-attempt not made by the end of the working week",
        child("CIN"),
        [visit("v1", "2026-12-22", seen="no", seen_alone=None)],
        "2026-12-29",
        has={("visit.reattempt_overdue", "v1", None, "warning")},
    ),
    Case(
        "000 What p.2: a Friday failure leaves no working day that week, so Monday",
        child("CIN"),
        [visit("v1", "2026-09-04", seen="no", seen_alone=None)],
        "2026-09-04",
        visits={"v1": {"reattempt_due": "2026-09-07"}},
    ),
    Case(
        "000 What p.2: a re-attempt made in time clears it",
        child("CIN"),
        [visit("v1", "2026-09-01", seen="no", seen_alone=None), visit("v2", "2026-09-03")],
        "2026-09-20",
        next_visit_due="2026-10-01",
        lacks={"visit.reattempt_overdue", "visit.reattempt_due", "visit.reattempt_late"},
    ),
    Case(
        "000 What p.2: a re-attempt after the week is noted as late",
        child("CIN"),
        [visit("v1", "2026-09-01", seen="no", seen_alone=None), visit("v2", "2026-09-08")],
        "2026-09-20",
        has={("visit.reattempt_late", "v1", None, "info")},
    ),
    Case(
        "000 What p.2: repeated failed visits are for the manager",
        child("CIN"),
        [
            visit("v1", "2026-09-01", seen="no", seen_alone=None),
            visit("v2", "2026-09-02", seen="no", seen_alone=None),
        ],
        "2026-09-02",
        has={("visit.failed_repeatedly", "v2", None, "warning")},
    ),
    Case(
        "000 Recording p.1: within 5 working days, across Christmas 2026",
        child("CIN"),
        [visit("v1", "2026-12-23T11:00", recorded_at=d("2027-01-04"))],
        "2027-01-10",
        visits={"v1": {"record_due": "2027-01-04", "recorded_late": False}},
        lacks={"record.late"},
    ),
    Case(
        "000 Recording p.1: recorded a day after the fifth working day is late",
        child("CIN"),
        [visit("v1", "2026-12-23T11:00", recorded_at=d("2027-01-05"))],
        "2027-01-10",
        visits={"v1": {"recorded_late": True}},
        has={("record.late", "v1", "recorded_at", "warning")},
    ),
    Case(
        "000 Recording p.1: Scotland also closes on 4 January 2027 (2 January observed)",
        child("CIN", region="scotland"),
        [visit("v1", "2026-12-23T11:00", completed=False, recorded_at=None)],
        "2027-01-05",
        visits={"v1": {"record_due": "2027-01-05"}},
        lacks={"record.overdue"},
    ),
    Case(
        "000 Recording p.1: not written up by the deadline",
        child("CIN"),
        [visit("v1", "2026-12-23T11:00", completed=False, recorded_at=None)],
        "2027-01-05",
        has={("record.overdue", "v1", "completed", "warning")},
    ),
    Case(
        "000 1.1.6: a reason is needed when the child is not seen alone",
        child("CIN"),
        [visit("v1", "2026-09-03", seen_alone="no", not_seen_alone_reason="  ")],
        "2026-09-04",
        has={("seen_alone.reason_required", "v1", "not_seen_alone_reason", "error")},
    ),
    Case(
        "000 1.1.3: purpose, findings, analysis, conclusion and recommendations",
        child("CIN"),
        [visit("v1", "2026-09-03", conclusion="", analysis=None)],
        "2026-09-04",
        has={
            ("record.sections_missing", "v1", "conclusion", "error"),
            ("record.sections_missing", "v1", "analysis", "error"),
        },
    ),
    Case(
        "000 1.1.3: whether the bedroom was seen is part of the record",
        child("CIN"),
        [visit("v1", "2026-09-03", bedroom_seen=None)],
        "2026-09-04",
        has={("record.sections_missing", "v1", "bedroom_seen", "error")},
    ),
    Case(
        "000 1.1.4 and 1.1.5: seen and seen alone must be answered",
        child("CIN"),
        [visit("v1", "2026-09-03", seen=None, seen_alone=None)],
        "2026-09-04",
        has={("record.sections_missing", "v1", "seen", "error")},
        visits={"v1": {"statutory": False}},
    ),
    Case(
        "000 1.1.5: seen alone must be answered once the child was seen",
        child("CIN"),
        [visit("v1", "2026-09-03", seen_alone=None)],
        "2026-09-04",
        has={("record.sections_missing", "v1", "seen_alone", "error")},
    ),
]

CP = [
    Case(
        "003 Frequency p.3: from age 1, at least every two weeks",
        child("CP", date_of_birth=d("2021-03-01")),
        [visit("v1", "2026-09-03")],
        "2026-09-10",
        next_visit_due="2026-09-17",
    ),
    Case(
        "003 Frequency p.3: under 1, weekly",
        child("CP", date_of_birth=d("2026-05-01")),
        [visit("v1", "2026-09-03")],
        "2026-09-10",
        next_visit_due="2026-09-10",
        visit_overdue=False,
    ),
    Case(
        "003 Frequency p.3: the weekly visit still falls before the first birthday",
        child("CP", date_of_birth=d("2025-11-10")),
        [visit("v1", "2026-11-02")],
        "2026-11-05",
        next_visit_due="2026-11-09",
    ),
    Case(
        "003 Frequency p.3: first birthday before the week is up, so two weeks",
        child("CP", date_of_birth=d("2025-11-10")),
        [visit("v1", "2026-11-05")],
        "2026-11-12",
        next_visit_due="2026-11-19",
        visit_overdue=False,
    ),
    Case(
        "003 Frequency p.3: a 29 February baby turns 1 on 1 March",
        child("CP", date_of_birth=d("2028-02-29"), plan_start=d("2028-03-01")),
        [visit("v1", "2029-02-25")],
        "2029-02-26",
        next_visit_due="2029-03-11",  # 1 March 2029 is inside the week, so fortnightly
    ),
    Case(
        "003 Frequency p.3: unborn children are visited weekly, as under-ones",
        child("CP", date_of_birth=None, expected_birth_date=d("2027-01-20")),
        [visit("v1", "2026-12-01", seen="unborn", seen_alone=None)],
        "2026-12-05",
        next_visit_due="2026-12-08",
        visits={"v1": {"statutory": True}},
        lacks={"record.sections_missing", "child.facts_missing", "joint_visit.overdue"},
    ),
    Case(
        "003 Frequency p.3: after the expected birth date, ask for the date of birth",
        child("CP", date_of_birth=None, expected_birth_date=d("2027-01-20")),
        [visit("v1", "2026-12-01", seen="unborn", seen_alone=None)],
        "2027-01-25",
        has={("child.facts_missing", None, None, "info")},
    ),
    Case(
        "003 Frequency p.7: electively home educated, weekly",
        child("CP", date_of_birth=d("2016-03-01"), electively_home_educated=True),
        [visit("v1", "2026-09-03")],
        "2026-09-04",
        next_visit_due="2026-09-10",
    ),
    Case(
        "003 Frequency p.7: the CP plan may set another EHE frequency, not below fortnightly",
        child(
            "CP",
            date_of_birth=d("2016-03-01"),
            electively_home_educated=True,
            visit_interval=VisitInterval(3, "weeks", "CP chair agreed"),
        ),
        [visit("v1", "2026-09-03")],
        "2026-09-04",
        next_visit_due="2026-09-17",
        has={"plan.visit_interval_too_long"},
    ),
    Case(
        "003 Frequency p.4: the plan may ask for more frequent visits",
        child("CP", date_of_birth=d("2016-03-01"), visit_interval=VisitInterval(5, "days")),
        [visit("v1", "2026-09-03")],
        "2026-09-04",
        next_visit_due="2026-09-08",
        lacks={"plan.visit_interval_too_long"},
    ),
    Case(
        "003 Frequency p.8: the plan may not reduce the two-weekly minimum",
        child("CP", date_of_birth=d("2016-03-01"), visit_interval=VisitInterval(4, "weeks", "x")),
        [visit("v1", "2026-09-03")],
        "2026-09-04",
        next_visit_due="2026-09-17",
        has={("plan.visit_interval_too_long", None, None, "warning")},
    ),
    Case(
        "003 What p.1: a school visit is not a CP visit",
        child("CP", date_of_birth=d("2016-03-01")),
        [visit("v1", "2026-09-03", location="school")],
        "2026-09-04",
        visits={"v1": {"statutory": False}},
    ),
    Case(
        "003 What p.3: failed visit re-attempted within 48 working hours (Easter 2027)",
        child("CP", date_of_birth=d("2016-03-01")),
        [visit("v1", "2027-03-25", seen="no", seen_alone=None)],
        "2027-03-26",
        visits={"v1": {"reattempt_due": "2027-03-31"}},
    ),
    Case(
        "003 What p.3: in Scotland Easter Monday is a working day",
        child("CP", date_of_birth=d("2016-03-01"), region="scotland"),
        [visit("v1", "2027-03-25", seen="no", seen_alone=None)],
        "2027-03-31",
        visits={"v1": {"reattempt_due": "2027-03-30"}},
        has={"visit.reattempt_overdue"},
    ),
    Case(
        "003 Recording p.1: within one working day, across Christmas 2026",
        child("CP", date_of_birth=d("2016-03-01")),
        [visit("v1", "2026-12-24T16:00", recorded_at=d("2026-12-29"))],
        "2026-12-30",
        visits={"v1": {"record_due": "2026-12-29", "recorded_late": False}},
    ),
    Case(
        "003 Recording p.1: Scotland's St Andrew's Day moves the deadline",
        child("CP", date_of_birth=d("2016-03-01"), region="scotland"),
        [visit("v1", "2026-11-27T16:00", completed=False, recorded_at=None)],
        "2026-11-30",
        visits={"v1": {"record_due": "2026-12-01"}},
    ),
    Case(
        "003 Frequency p.5: joint visit with the health visitor every 4 weeks under 2",
        child("CP", date_of_birth=d("2025-06-01")),
        [visit("v1", "2026-09-02", joint_with_health_visitor=True), visit("v2", "2026-09-16")],
        "2026-09-30",
        schedule={"joint_visit": "2026-09-30"},
        lacks={"joint_visit.overdue"},
    ),
    Case(
        "003 Frequency p.5: the joint visit is overdue",
        child("CP", date_of_birth=d("2025-06-01")),
        [visit("v1", "2026-09-02", joint_with_health_visitor=True), visit("v2", "2026-09-16")],
        "2026-10-01",
        has={("joint_visit.overdue", None, "joint_with_health_visitor", "warning")},
    ),
    Case(
        "003 Frequency p.5: no joint visit owed once the child turns 2",
        child("CP", date_of_birth=d("2024-12-01")),
        [visit("v1", "2026-11-10", joint_with_health_visitor=True), visit("v2", "2026-11-20")],
        "2026-12-20",
        lacks={"joint_visit.overdue"},
        schedule={"joint_visit": None},
    ),
    Case(
        "003 1.1.1: CP and looked after: the CLA part is not covered here",
        child("CP+CLA", date_of_birth=d("2016-03-01")),
        [visit("v1", "2026-09-03")],
        "2026-09-04",
        next_visit_due="2026-09-17",
        has={("policy.plan_not_covered", None, None, "info")},
    ),
]


@pytest.mark.parametrize("case", CIN, ids=ids(CIN))
def test_child_in_need(case):
    check(P, case)


@pytest.mark.parametrize("case", CP, ids=ids(CP))
def test_child_protection(case):
    check(P, case)


def test_a_looked_after_child_is_not_covered_and_nothing_else_is_said():
    ev = check(
        P,
        Case("003 scope", child("CLA"), [visit("v1", "2026-09-03")], "2026-12-01"),
    )
    assert [f.code for f in ev.findings] == ["policy.plan_not_covered"]
    assert ev.next_visit_due is None and ev.visit_overdue is False
    assert ev.visits[0].record_due is None
