"""Contact while the family is away on holiday (Visiting policy 2019, I.12-I.13).

While the family is on a holiday the plan records, video contact (and, for a child on a CP
plan abroad, a visit by the child protection agency where they are staying) counts toward
the same visiting frequency. Outside a recorded holiday, or under a standard without that
rule, it is not a statutory visit. September 2026 starts on a Tuesday.
"""

from __future__ import annotations

from visitdesk.standards import due_status, judge, load_authority, load_policy
from visitdesk.standards.case import HolidayFacts

from .helpers import child, codes, d, finding, run, visit

VP = "visiting-policy-2019"
ABROAD = HolidayFacts(d("2026-09-07"), d("2026-09-18"), abroad=True)
AT_HOME = HolidayFacts(d("2026-09-07"), d("2026-09-18"), abroad=False)
VIDEO = dict(contact="video", location=None, bedroom_seen=None)
AGENCY = dict(contact="agency", location="other", bedroom_seen=None)


def away(plan="CP", holiday=ABROAD, **changes):
    return child(plan, holidays=(holiday,), **changes)


def test_video_contact_on_holiday_counts_at_the_same_frequency():
    # Thursday 10 September, inside the holiday. CP every 10 working days (I.5): Fri 11 (1),
    # Mon 14 (2) ... Fri 18 (6), Mon 21 (7), Tue 22 (8), Wed 23 (9), Thu 24 (10).
    ev = run(
        VP, away(), [visit("v1", "2026-09-03"), visit("v2", "2026-09-10", **VIDEO)], "2026-09-11"
    )
    assert ev.visits[1].statutory
    assert ev.next_visit_due == d("2026-09-24")
    assert "visit.not_statutory" not in codes(ev)
    assert not ev.blocking  # no place needed, nor a bedroom


def test_the_holidays_first_and_last_days_are_in_it():
    for day in ("2026-09-07", "2026-09-18"):
        ev = run(VP, away(), [visit("v1", day, **VIDEO)], day)
        assert ev.visits[0].statutory, day


def test_video_contact_outside_a_recorded_holiday_is_not_a_visit():
    ev = run(
        VP, away(), [visit("v1", "2026-09-03"), visit("v2", "2026-09-21", **VIDEO)], "2026-09-21"
    )
    assert not ev.visits[1].statutory
    why = finding(ev, "visit.not_statutory", "v2")
    assert (why.field, why.severity, why.source) == (
        "contact",
        "warning",
        "Visiting policy 2019, I.12-I.13",
    )
    assert "21 September 2026 is not in one" in why.message
    # The schedule still runs from Thursday 3 September: due Thursday 17, so overdue now.
    assert ev.next_visit_due == d("2026-09-17") and ev.visit_overdue
    assert ev.visits[1].reattempt_due is None  # not a failed visit


def test_no_contact_while_away_still_makes_the_visit_overdue():
    # I.13: at least the same frequency while away.
    ev = run(VP, away(), [visit("v1", "2026-09-03")], "2026-09-18")
    assert ev.visit_overdue and ev.next_visit_due == d("2026-09-17")


def test_agency_contact_abroad_counts_for_a_child_on_a_cp_plan():
    ev = run(VP, away("CP"), [visit("v1", "2026-09-10", **AGENCY)], "2026-09-11")
    assert ev.visits[0].statutory


def test_agency_contact_is_for_cp_plans_only():
    ev = run(VP, away("CIN"), [visit("v1", "2026-09-10", **AGENCY)], "2026-09-11")
    assert not ev.visits[0].statutory
    why = finding(ev, "visit.not_statutory", "v1")
    assert why.field == "contact" and "child protection plans" in why.message


def test_agency_contact_is_for_a_holiday_abroad():
    ev = run(VP, away("CP", AT_HOME), [visit("v1", "2026-09-10", **AGENCY)], "2026-09-11")
    assert not ev.visits[0].statutory
    assert "abroad" in finding(ev, "visit.not_statutory", "v1").message
    # Video contact on the same holiday at home still counts.
    ev = run(VP, away("CP", AT_HOME), [visit("v1", "2026-09-10", **VIDEO)], "2026-09-11")
    assert ev.visits[0].statutory


def test_a_standard_without_the_rule_counts_only_visits_in_person():
    ev = run(
        "getting-it-right-2018", away("CP"), [visit("v1", "2026-09-10", **VIDEO)], "2026-09-11"
    )
    assert not ev.visits[0].statutory
    why = finding(ev, "visit.not_statutory", "v1")
    assert why.field == "contact"
    assert why.source == "CP practice standards 2018, What is a CP visit"
    assert "in person" in why.message


def test_looked_after_visits_are_in_person_under_an_authority():
    # CP+CLA: the visiting policy counts agency contact abroad; the 2010 Regulations do not.
    authority = load_authority("childrens-social-care-2019")
    kid = away("CP+CLA", placement_start=d("2026-09-01"))
    judged = judge(authority, kid, [visit("v1", "2026-09-10", **AGENCY)], d("2026-09-11"))
    assert not judged.visits[0].statutory
    assert any(
        f.code == "visit.not_statutory" and f.source.startswith("Looked after")
        for f in judged.findings
    )


def test_holiday_contact_neither_keeps_nor_breaks_the_home_and_bedroom_pattern():
    # I.9: home and bedroom at least every other visit. v1 missed it; the video call while
    # away cannot see the home, so v3 (bedroom seen) keeps the pattern.
    visits = [
        visit("v1", "2026-09-03", bedroom_seen=False),
        visit("v2", "2026-09-10", **VIDEO),
        visit("v3", "2026-09-21"),
    ]
    ev = run(VP, away(), visits, "2026-09-21")
    assert "bedroom.overdue" not in codes(ev)
    # After the video call the bedroom is still owed at the next visit: Thursday 24.
    quick = due_status(load_policy(VP), away(), visits[:2], d("2026-09-11"))
    assert quick.bedroom_due == d("2026-09-24") and not quick.bedroom_overdue
