"""A child on a CP plan who is also looked after has two schedules of visits, the CP
standard's and the looked-after regulations': one statutory visit counts for both, and moves
each one's due date; a failed visit moves neither. Worked out by the real engine and the
caseload, under each authority shipped."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from visitdesk.services import caseload, household_visits, households, records
from visitdesk.services.checks import evaluate_child
from visitdesk.services.facts import installation_authority
from visitdesk.services.records import PlanInput

START = date(2026, 10, 1)  # the CP plan, the placement and the allocation
VISITED = datetime(2026, 11, 2, 10, 0)  # a Monday
NOW = datetime(2026, 11, 3, 16, 0)
FULL = {
    "location": "home",
    "seen": "yes",
    "seen_alone": "yes",
    "bedroom_seen": True,
    "purpose": "Statutory visit.",
    "childs_voice": "Lily said she likes her foster carer's dog.",
    "findings": "Settled in the placement.",
    "analysis": "The plan is working.",
    "conclusion": "Continue the plan.",
    "recommendations": "Visit as the plan says.",
}
# The profile judging each part of a CP and looked-after child's plan, by authority (found by
# the profile each installation is set up with); Leicestershire sets no CP standard.
AUTHORITIES = {
    "getting-it-right": ("getting-it-right-2018", {"CP": "getting-it-right-2018"}),
    "childrens-social-care-2019": ("visiting-policy-2019", {"CP": "visiting-policy-2019"}),
    "leicestershire": ("leicestershire-cin-2024", {}),
}
CLA = "england-cla-2010"
CP_DUE = VISITED.date() + timedelta(weeks=2)  # a CP visit every two weeks at this age
CLA_DUE = VISITED.date() + timedelta(weeks=6)  # reg. 28(2)(b): six weeks in the first year


def _workspace(make_workspace, authority: str):
    ws = make_workspace(policy=AUTHORITIES[authority][0], clock=lambda: NOW)
    assert installation_authority(ws).id == authority
    return ws


def _child(ws, given: str = "Lily", plan: str = "CP+CLA", **extra) -> str:
    return records.add_child(
        ws,
        given_name=given,
        family_name="Ashworth",
        date_of_birth=date(2017, 2, 3),
        plan=PlanInput(
            plan,
            START,
            allocated_on=START,
            placement_start=START if "CLA" in plan else None,
            **extra,
        ),
    )


def _schedules(ws, child: str, authority: str) -> dict[str, date | None]:
    """Each part of the plan's next visit due, as the profile judging that part says."""
    judged = evaluate_child(ws, child, NOW.date())
    by_profile = {ev.policy.id: ev.next_visit_due for ev in judged.evaluations}
    parts = {"CLA": by_profile[CLA]}
    for part, profile in AUTHORITIES[authority][1].items():
        parts[part] = by_profile[profile]
    return parts


def _visit(ws, child: str, at: datetime = VISITED, **answers) -> str:
    visit = records.start_visit(ws, child, at, **{**FULL, **answers})
    records.complete_visit(ws, visit)
    return visit


@pytest.mark.parametrize("authority", sorted(AUTHORITIES))
def test_one_statutory_visit_moves_the_cp_and_the_looked_after_due_dates(make_workspace, authority):
    ws = _workspace(make_workspace, authority)
    lily = _child(ws)
    before = _schedules(ws, lily, authority)
    row_before = caseload.caseload_row(ws, lily, NOW.date())

    _visit(ws, lily)

    after = _schedules(ws, lily, authority)
    assert after["CLA"] == CLA_DUE > before["CLA"]
    if "CP" in after:
        assert after["CP"] == CP_DUE > before["CP"]
    row = caseload.caseload_row(ws, lily, NOW.date())
    assert row.next_visit_due == min(after.values()) > row_before.next_visit_due
    assert "visit.overdue" not in row.reasons
    assert "first_visit.overdue" not in row.reasons
    judged = evaluate_child(ws, lily, NOW.date())
    assert [v.statutory for v in judged.visits] == [True]


@pytest.mark.parametrize("authority", sorted(AUTHORITIES))
def test_a_failed_visit_moves_neither_schedule_and_asks_for_another_visit(
    make_workspace, authority
):
    ws = _workspace(make_workspace, authority)
    lily = _child(ws)
    _visit(ws, lily, VISITED - timedelta(days=7))
    before = _schedules(ws, lily, authority)
    row_before = caseload.caseload_row(ws, lily, NOW.date())

    _visit(ws, lily, seen="no", seen_alone=None, bedroom_seen=None, childs_voice="")

    assert _schedules(ws, lily, authority) == before
    row = caseload.caseload_row(ws, lily, NOW.date())
    assert row.next_visit_due == row_before.next_visit_due
    judged = evaluate_child(ws, lily, NOW.date())
    assert [v.statutory for v in judged.visits] == [True, False]
    if AUTHORITIES[authority][1]:
        # The CP standard asks for the failed visit to be tried again soon.
        assert judged.visits[-1].reattempt_due is not None
        assert row.reattempt_due == judged.visits[-1].reattempt_due


def test_a_household_visit_counts_for_both_schedules_of_the_child_on_both_plans(make_workspace):
    ws = _workspace(make_workspace, "getting-it-right")
    lily = _child(ws)
    jack = _child(ws, "Jack", "CP", visit_every=2, visit_unit="weeks", visit_rationale="ICPC.")
    households.join_household(ws, lily, jack, START)
    before = _schedules(ws, lily, "getting-it-right")
    hv = household_visits.start(ws, [lily, jack], VISITED, location="home", purpose="Visit.")
    ids = {r.child_id: r.visit_id for r in household_visits.records_of(ws, hv)}
    own = {k: v for k, v in FULL.items() if k in household_visits.OWN}
    household_visits.save(ws, hv, {}, {ids[lily]: own, ids[jack]: own})
    household_visits.complete(ws, hv)

    after = _schedules(ws, lily, "getting-it-right")
    assert after == {"CLA": CLA_DUE, "CP": CP_DUE}
    assert after["CLA"] > before["CLA"] and after["CP"] > before["CP"]
    with ws.db.sessions() as session:
        from visitdesk.storage.models import Visit

        assert session.get(Visit, ids[lily]).status_of_child == "CP Plan and Looked After (CLA)"
        assert session.get(Visit, ids[jack]).status_of_child == "CP Plan"
    # The CP sibling's own schedule moves with the same visit.
    assert evaluate_child(ws, jack, NOW.date()).next_visit_due == CP_DUE


@pytest.mark.parametrize("authority", ["getting-it-right", "childrens-social-care-2019"])
def test_the_cp_conferences_interval_does_not_set_when_the_looked_after_visit_is_due(
    make_workspace, authority
):
    # The CP plan's agreed interval (every two weeks) is the CP conference's: the looked-after
    # visits keep the regulations' own schedule (reg. 28: six weeks in the first year), as the
    # seen alone guidance's own rules say ("a CP plan's interval is for the CP visits").
    ws = _workspace(make_workspace, authority)
    lily = _child(ws, visit_every=2, visit_unit="weeks", visit_rationale="Agreed at the ICPC.")
    _visit(ws, lily)
    assert _schedules(ws, lily, authority) == {"CLA": CLA_DUE, "CP": CP_DUE}


def test_visits_that_count_only_for_the_cp_plan_do_not_make_the_looked_after_visit_overdue_early(
    make_workspace,
):
    # Under the 2019 visiting policy a CP visit may be at school; the looked-after regulations
    # want the child seen where they live. Seen at home on 2 October and at school since, Lily
    # is not overdue on 5 November: the CP visit is due on 11 November and the looked-after
    # visit by 13 November (six weeks after the last one at home).
    ws = make_workspace(policy="visiting-policy-2019", clock=lambda: datetime(2026, 11, 5, 16))
    lily = _child(ws, visit_every=2, visit_unit="weeks", visit_rationale="Agreed at the ICPC.")
    for day, where in ((2, "home"), (14, "school"), (28, "school")):
        _visit(ws, lily, datetime(2026, 10, day, 10, 0), location=where)
    judged = evaluate_child(ws, lily, date(2026, 11, 5))
    by_profile = {ev.policy.id: ev.next_visit_due for ev in judged.evaluations}
    assert by_profile == {"visiting-policy-2019": date(2026, 11, 11), CLA: date(2026, 11, 13)}
    row = caseload.caseload_row(ws, lily, date(2026, 11, 5))
    assert row.next_visit_due == date(2026, 11, 11)
    assert "visit.overdue" not in row.reasons


def test_the_child_page_asks_for_time_alone_at_the_next_cp_visit_as_the_caseload_does(
    make_workspace,
):
    # Seen alone at every statutory visit (002, CP plans, point 1): for a child on a CP plan
    # and looked after, the next statutory visit is the CP one, a fortnight away, not the
    # looked-after one six weeks away.
    ws = _workspace(make_workspace, "getting-it-right")
    lily = _child(ws)
    _visit(ws, lily)
    row = caseload.caseload_row(ws, lily, NOW.date())
    alone = [i for i in evaluate_child(ws, lily, NOW.date()).schedule if i.kind == "seen_alone"]
    assert row.seen_alone_due == CP_DUE
    assert alone and min(i.due for i in alone) == CP_DUE
