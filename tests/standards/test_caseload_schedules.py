"""Every schedule the caseload shows, from the fast due path, under profiles and authorities.

Seen alone: every six weeks for CIN children 4 and over (Seen alone guidance, CIN plans,
point 1); at every statutory visit for CP children over 4 (CP plans, point 1), so due with the
next visit; at least every other visit (Visiting policy 2019, I.8). Also the home and bedroom,
joint health-visitor visits and looked-after visits under every shipped authority.
September 2026 starts on a Tuesday.
"""

from __future__ import annotations

import pytest

from visitdesk.standards import (
    VisitInterval,
    check_form,
    due_status,
    evaluate,
    judge_due,
    list_authorities,
    load_authority,
    load_policy,
)

from .helpers import child, codes, d, run, visit

SAG = "seen-alone-guidance"
VP = "visiting-policy-2019"
NOT_ALONE = dict(seen_alone="no", not_seen_alone_reason="Father stayed in the room.")


def quick(policy_id, kid, visits, as_of):
    return due_status(load_policy(policy_id), kid, visits, d(as_of))


def test_cin_four_and_over_is_seen_alone_every_six_weeks():
    # Seen alone Thursday 3 September: 6 weeks on is Thursday 15 October, though the plan's
    # visits are every 10 days (next by Sunday 13 September).
    kid = child("CIN", visit_interval=VisitInterval(10, "days", "agreed in supervision"))
    due = quick(SAG, kid, [visit("v1", "2026-09-03")], "2026-09-04")
    assert due.next_visit_due == d("2026-09-13")
    assert due.seen_alone_due == d("2026-10-15") and not due.seen_alone_at_next_visit
    due = quick(SAG, kid, [visit("v1", "2026-09-03")], "2026-10-16")
    assert due.seen_alone_overdue


def test_cp_over_four_is_seen_alone_at_the_next_visit():
    kid = child("CP", visit_interval=VisitInterval(2, "weeks", "agreed at conference"))
    due = quick(SAG, kid, [visit("v1", "2026-09-03")], "2026-09-04")
    assert due.seen_alone_due == due.next_visit_due == d("2026-09-17")
    assert due.seen_alone_at_next_visit
    ev = evaluate(load_policy(SAG), kid, [visit("v1", "2026-09-03")], d("2026-09-04"))
    assert any(s.kind == "seen_alone" and s.due == d("2026-09-17") for s in ev.schedule)


def test_cp_under_four_has_no_seen_alone_date():
    kid = child(
        "CP",
        date_of_birth=d("2023-01-01"),
        visit_interval=VisitInterval(2, "weeks", "agreed at conference"),
    )
    due = quick(SAG, kid, [visit("v1", "2026-09-03")], "2026-09-04")
    assert due.seen_alone_due is None and not due.seen_alone_at_next_visit


def test_under_an_authority_the_cp_seen_alone_date_is_the_authoritys_next_visit():
    # Getting it Right: fortnightly CP visits (next by Thursday 17 September); the seen alone
    # guidance leaves frequency to the plan (none recorded) but needs time alone every visit.
    authority = load_authority("getting-it-right")
    due = judge_due(authority, child("CP"), [visit("v1", "2026-09-03")], d("2026-09-04")).due
    assert due.next_visit_due == d("2026-09-17")
    assert due.seen_alone_due == d("2026-09-17")


def test_every_other_visit_seen_alone_is_due_at_the_next_visit_once_missed():
    # CP every 10 working days from Thursday 3 September: Thursday 17 September.
    assert quick(VP, child("CP"), [visit("v1", "2026-09-03")], "2026-09-04").seen_alone_due is None
    due = quick(VP, child("CP"), [visit("v1", "2026-09-03", **NOT_ALONE)], "2026-09-04")
    assert due.seen_alone_due == d("2026-09-17") and due.seen_alone_at_next_visit


def test_bedroom_due_at_the_next_visit_then_overdue_after_two_misses():
    one = [visit("v1", "2026-09-03", bedroom_seen=False)]
    due = quick(VP, child("CP"), one, "2026-09-04")
    assert due.bedroom_due == d("2026-09-17") and not due.bedroom_overdue
    # Missed again on Tuesday 8 September: 10 working days on is Tuesday 22 September.
    two = [*one, visit("v2", "2026-09-08", bedroom_seen=False)]
    due = quick(VP, child("CP"), two, "2026-09-09")
    assert due.bedroom_due == d("2026-09-22") and due.bedroom_overdue
    ev = run(VP, child("CP"), two, "2026-09-09")
    assert "bedroom.overdue" in codes(ev)
    seen = quick(VP, child("CP"), [*two, visit("v3", "2026-09-10")], "2026-09-11")
    assert seen.bedroom_due is None and not seen.bedroom_overdue


def test_joint_visit_with_the_health_visitor_is_on_the_caseload():
    # CP under 2: a joint visit every 4 weeks; Thursday 3 September + 4 weeks = 1 October.
    baby = child("CP", date_of_birth=d("2025-06-01"))
    visits = [visit("v1", "2026-09-03", joint_with_health_visitor=True)]
    due = quick("getting-it-right-2018", baby, visits, "2026-10-01")
    assert due.joint_visit_due == d("2026-10-01") and not due.joint_visit_overdue
    due = quick("getting-it-right-2018", baby, visits, "2026-10-02")
    assert due.joint_visit_overdue
    combined = judge_due(load_authority("getting-it-right"), baby, visits, d("2026-10-02")).due
    assert combined.joint_visit_due == d("2026-10-01") and combined.joint_visit_overdue
    older = quick("getting-it-right-2018", child("CP"), visits, "2026-10-02")
    assert older.joint_visit_due is None


AUTHORITIES = [a.id for a in list_authorities()]


@pytest.mark.parametrize("authority_id", AUTHORITIES)
@pytest.mark.parametrize("plan", ["CLA", "CP+CLA"])
def test_every_looked_after_child_has_a_next_visit_date(authority_id, plan):
    authority = load_authority(authority_id)
    # Placed Tuesday 1 September: the first visit within a week, by Tuesday 8 (reg. 28(2)(a)).
    placed = child(plan, placement_start=d("2026-09-01"))
    assert judge_due(authority, placed, [], d("2026-09-02")).due.next_visit_due == d("2026-09-08")
    # Then at most six weeks: from Thursday 3 September, by Thursday 15 October, or sooner
    # where a CP standard judges the CP part too.
    after = judge_due(authority, placed, [visit("v1", "2026-09-03")], d("2026-09-04")).due
    assert after.next_visit_due is not None and after.next_visit_due <= d("2026-10-15")
    # No placement date recorded: the plan start stands in.
    unplaced = child(plan, placement_start=None)
    due = judge_due(authority, unplaced, [], d("2026-09-02")).due
    assert due.next_visit_due == d("2026-09-08")


def test_a_placement_without_its_date_is_asked_for():
    ev = run("england-cla-2010", child("CLA"), [], "2026-09-02")
    assert ev.next_visit_due == d("2026-09-08")
    assert any(f.code == "child.facts_missing" and "placement" in f.message for f in ev.findings)


def test_regulation_24_without_a_first_review_date_stays_weekly():
    kid = child("CLA", placement_start=d("2026-09-01"), regulation_24=True)
    due = quick("england-cla-2010", kid, [visit("v1", "2026-09-03")], "2026-09-04")
    assert due.next_visit_due == d("2026-09-10")


def test_reg_29_words_without_a_category_complete_the_record():
    kid = child("CLA", placement_start=d("2026-09-01"))
    policy = load_policy("england-cla-2010")
    words = visit("v1", "2026-09-03", **NOT_ALONE)
    assert not [
        f for f in check_form(policy, kid, [], words, d("2026-09-03")) if f.severity == "error"
    ]
    other = visit(
        "v1",
        "2026-09-03",
        seen_alone="no",
        not_seen_alone_reason="",
        not_seen_alone_category="other",
    )
    errors = [
        f for f in check_form(policy, kid, [], other, d("2026-09-03")) if f.severity == "error"
    ]
    assert [(f.code, f.field) for f in errors] == [
        ("seen_alone.reason_required", "not_seen_alone_reason")
    ]
    other_words = visit(
        "v1",
        "2026-09-03",
        seen_alone="no",
        not_seen_alone_category="other",
        not_seen_alone_reason="She asked for her foster carer to stay.",
    )
    assert not [
        f
        for f in check_form(policy, kid, [], other_words, d("2026-09-03"))
        if f.severity == "error"
    ]
    refused = visit(
        "v1",
        "2026-09-03",
        seen_alone="no",
        not_seen_alone_reason="",
        not_seen_alone_category="refused",
    )
    assert not [
        f for f in check_form(policy, kid, [], refused, d("2026-09-03")) if f.severity == "error"
    ]


def test_an_under_five_record_with_every_documented_field_completes():
    # I.8: seen awake, and the child with their parent observed.
    toddler = child("CP", date_of_birth=d("2023-06-01"))
    record = visit("v1", "2026-09-03", seen_awake=True, attachment_observed=True)
    found = check_form(load_policy(VP), toddler, [], record, d("2026-09-03"))
    assert not [f for f in found if f.severity == "error"]
    assert "attachment.observation_required" not in {f.code for f in found}
    assert "seen_awake.required" not in {f.code for f in found}
    ev = run(VP, toddler, [record], "2026-09-03")
    assert not ev.blocking and ev.visits[0].statutory


def test_a_plan_interval_in_months():
    # Seen alone guidance: frequency as the plan sets; monthly from 31 January is 28 February.
    kid = child(
        "CIN",
        plan_start=d("2026-01-05"),
        visit_interval=VisitInterval(1, "months", "agreed in supervision"),
    )
    due = quick(SAG, kid, [visit("v1", "2026-01-31")], "2026-02-01")
    assert due.next_visit_due == d("2026-02-28")
    # Leicestershire allows fewer visits with a rationale, never below 6-weekly: two months
    # from Tuesday 1 September would be 1 November, so Tuesday 13 October stands.
    leics = child("CIN", visit_interval=VisitInterval(2, "months", "service manager agreed"))
    ev = run("leicestershire-cin-2024", leics, [visit("v1", "2026-09-01")], "2026-09-02")
    assert ev.next_visit_due == d("2026-10-13")
    assert "plan.visit_interval_too_long" in codes(ev)
