"""Cancelled visits (Visiting policy 2019, I.11) and a visit's outcome.

A visit the worker could not make at the time arranged is not a statutory visit and not the
family's failed visit: it is recorded with the reason and rearranged within 1-2 working days
(the later bound, 2). ``outcome = "failed"`` is a failed visit, as ``seen = "no"`` is.
Dates are hand-checked; September 2026 starts on a Tuesday.
"""

from __future__ import annotations

from visitdesk.standards import check_form, due_status, judge, load_authority, load_policy

from .helpers import child, codes, d, finding, run, visit

VP = "visiting-policy-2019"
CANCELLED = dict(
    outcome="cancelled",
    location=None,
    seen=None,
    seen_alone=None,
    bedroom_seen=None,
    seen_awake=None,
    attachment_observed=None,
    purpose=None,
    findings="I was called to an emergency; the family were told and agreed a new time.",
    analysis=None,
    conclusion=None,
    recommendations=None,
)


def cp_child(**changes):
    return child("CP", **changes)  # born 4 May 2018, plan from 1 September 2026


def test_a_cancelled_visit_is_rearranged_within_two_working_days():
    # Cancelled Thursday 10 September; 2 working days on: Fri 11 (1), Mon 14 (2).
    ev = run(
        VP,
        cp_child(),
        [visit("v1", "2026-09-03"), visit("v2", "2026-09-10", **CANCELLED)],
        "2026-09-11",
    )
    result = {v.id: v for v in ev.visits}["v2"]
    assert result.statutory is False
    assert result.reattempt_due == d("2026-09-14")
    due = finding(ev, "visit.reattempt_due", "v2")
    assert due.source == "Visiting policy 2019, I.11"
    assert due.rule == "rearrange-cancelled"
    assert "cancelled" in due.message and "14 September 2026" in due.message
    assert "not properly seen" not in due.message  # not the family's failed visit
    note = finding(ev, "visit.not_statutory", "v2")
    assert (note.field, note.severity) == ("outcome", "info")
    # The visit before still sets the schedule: 10 working days from Thursday 3 September
    # (Fri 4, Mon 7 ... Thu 17 is the tenth).
    assert ev.next_visit_due == d("2026-09-17")
    assert not ev.blocking
    assert "visit.failed_repeatedly" not in codes(ev)


def test_the_rearranged_visit_is_overdue_from_the_day_after_the_deadline():
    visits = [visit("v1", "2026-09-03"), visit("v2", "2026-09-10", **CANCELLED)]
    on_the_day = run(VP, cp_child(), visits, "2026-09-14")
    assert "visit.reattempt_overdue" not in codes(on_the_day)
    after = run(VP, cp_child(), visits, "2026-09-15")
    late = finding(after, "visit.reattempt_overdue", "v2")
    assert late.severity == "warning" and "rearranged by 14 September 2026" in late.message
    quick = due_status(load_policy(VP), cp_child(), visits, d("2026-09-15"))
    assert quick.reattempt_due == d("2026-09-14")
    assert quick.reattempt_overdue and quick.reattempt_cancelled


def test_the_next_statutory_visit_clears_the_deadline():
    on_time = run(
        VP,
        cp_child(),
        [
            visit("v1", "2026-09-03"),
            visit("v2", "2026-09-10", **CANCELLED),
            visit("v3", "2026-09-14"),
        ],
        "2026-09-20",
    )
    assert {"visit.reattempt_due", "visit.reattempt_overdue", "visit.reattempt_late"}.isdisjoint(
        codes(on_time)
    )
    late = run(
        VP,
        cp_child(),
        [
            visit("v1", "2026-09-03"),
            visit("v2", "2026-09-10", **CANCELLED),
            visit("v3", "2026-09-16"),
        ],
        "2026-09-20",
    )
    assert "rearranged after" in finding(late, "visit.reattempt_late", "v2").message
    quick = due_status(
        load_policy(VP),
        cp_child(),
        [
            visit("v1", "2026-09-03"),
            visit("v2", "2026-09-10", **CANCELLED),
            visit("v3", "2026-09-16"),
        ],
        d("2026-09-20"),
    )
    assert quick.reattempt_due is None


def test_a_second_cancellation_does_not_meet_the_first_deadline():
    # v2 cancelled Thu 10 (due Mon 14); v3 cancelled Fri 11 (Mon 14 (1), Tue 15 (2)).
    visits = [
        visit("v1", "2026-09-03"),
        visit("v2", "2026-09-10", **CANCELLED),
        visit("v3", "2026-09-11", **CANCELLED),
    ]
    ev = run(VP, cp_child(), visits, "2026-09-15")
    assert finding(ev, "visit.reattempt_overdue", "v2")
    assert finding(ev, "visit.reattempt_due", "v3")
    quick = due_status(load_policy(VP), cp_child(), visits, d("2026-09-15"))
    assert quick.reattempt_due == d("2026-09-14") and quick.reattempt_overdue


def test_a_cancellation_does_not_meet_a_failed_visits_deadline():
    # Failed Thursday 10 (I.10: Fri 11, Mon 14); the visit arranged for Friday is cancelled.
    visits = [
        visit("v1", "2026-09-03"),
        visit("v2", "2026-09-10", seen="no", seen_alone=None),
        visit("v3", "2026-09-11", **CANCELLED),
    ]
    ev = run(VP, cp_child(), visits, "2026-09-15")
    failed = finding(ev, "visit.reattempt_overdue", "v2")
    assert failed.source == "Visiting policy 2019, I.10"
    assert "not properly seen" in failed.message


def test_a_cancelled_visit_needs_only_the_reason_it_was_cancelled():
    ev = run(VP, cp_child(), [visit("v1", "2026-09-10", **CANCELLED)], "2026-09-11")
    assert not ev.blocking
    no_reason = dict(CANCELLED, findings="", completed=False, recorded_at=None)
    draft = visit("v1", "2026-09-10", **no_reason)
    ev = run(VP, cp_child(), [draft], "2026-09-11")
    assert [(f.code, f.field, f.source) for f in ev.blocking] == [
        ("record.sections_missing", "findings", "Visiting policy 2019, I.11")
    ]
    assert "why the visit was cancelled" in ev.blocking[0].message
    quick = due_status(load_policy(VP), cp_child(), [draft], d("2026-09-11"))
    assert quick.blocked_records == ("v1",)


def test_under_getting_it_right_a_cancelled_record_needs_no_visit_sections():
    # The CIN standard's sections (1.1.3 to 1.1.6) describe a visit; a cancelled one has
    # only its findings and outcome: why it was cancelled.
    empty = dict(CANCELLED, findings=None)
    ev = run(
        "getting-it-right-2018", child("CIN"), [visit("v1", "2026-09-08", **empty)], "2026-09-08"
    )
    assert [(f.code, f.field) for f in ev.blocking] == [("record.sections_missing", "findings")]
    # No rule of its own for cancelled visits: the same working week (Tuesday 8 to Friday 11).
    result = ev.visits[0]
    assert result.reattempt_due == d("2026-09-11")
    assert finding(ev, "visit.reattempt_due", "v1").source == (
        "CIN practice standards 2018, What is a CIN visit"
    )


def test_a_standard_without_a_reattempt_rule_sets_no_deadline():
    looked_after = child("CLA", placement_start=d("2026-09-01"))
    ev = run(
        "england-cla-2010", looked_after, [visit("v1", "2026-09-03", **CANCELLED)], "2026-09-04"
    )
    assert ev.visits[0].reattempt_due is None
    assert not {"visit.reattempt_due", "visit.reattempt_overdue"} & codes(ev)
    # The first visit within a week of the placement is still owed: Tuesday 8 September.
    assert ev.next_visit_due == d("2026-09-08")


def test_failed_outcome_is_a_failed_visit():
    as_outcome = run(
        VP,
        cp_child(),
        [
            visit("v1", "2026-09-10", outcome="failed", seen=None, seen_alone=None),
        ],
        "2026-09-11",
    )
    as_seen = run(
        VP, cp_child(), [visit("v1", "2026-09-10", seen="no", seen_alone=None)], "2026-09-11"
    )
    assert as_outcome.visits[0].reattempt_due == as_seen.visits[0].reattempt_due == d("2026-09-14")
    assert [f.to_json() for f in as_outcome.findings] == [f.to_json() for f in as_seen.findings]
    assert finding(as_outcome, "visit.reattempt_due", "v1").source == "Visiting policy 2019, I.10"


def test_a_cancelled_visit_neither_adds_to_nor_ends_a_run_of_failed_visits():
    # CP practice standards 2018: repeated failed visits go to the manager (after 2).
    no = dict(seen="no", seen_alone=None)
    ev = run(
        "getting-it-right-2018",
        cp_child(),
        [
            visit("v1", "2026-09-07", **no),
            visit("v2", "2026-09-08", **CANCELLED),
            visit("v3", "2026-09-09", **no),
        ],
        "2026-09-09",
    )
    assert finding(ev, "visit.failed_repeatedly", "v3")
    ev = run(
        "getting-it-right-2018",
        cp_child(),
        [
            visit("v1", "2026-09-07", **no),
            visit("v2", "2026-09-08", **CANCELLED),
        ],
        "2026-09-08",
    )
    assert "visit.failed_repeatedly" not in codes(ev)


def test_what_a_cancelled_record_says_of_the_child_is_not_counted():
    # Seen alone at least every other visit (I.8): a cancelled visit marked "seen alone"
    # mends nothing, so v3 is the second visit in a row without time alone.
    reason = dict(seen_alone="no", not_seen_alone_reason="Mother would not leave the room.")
    ev = run(
        VP,
        cp_child(),
        [
            visit("v1", "2026-09-03", **reason),
            visit("v2", "2026-09-08", **dict(CANCELLED, seen="yes", seen_alone="yes")),
            visit("v3", "2026-09-10", **reason),
        ],
        "2026-09-10",
    )
    assert finding(ev, "seen_alone.overdue", "v3")
    assert not ev.visits[1].statutory


def test_the_form_tells_the_worker_to_rearrange_a_cancelled_visit():
    policy = load_policy(VP)
    draft = visit("v2", "2026-09-10", **dict(CANCELLED, completed=False, recorded_at=None))
    found = check_form(policy, cp_child(), [visit("v1", "2026-09-03")], draft, d("2026-09-10"))
    due = next(f for f in found if f.code == "visit.reattempt_due")
    assert due.message == "As this visit was cancelled, rearrange it by 14 September 2026."
    assert not [f for f in found if f.severity == "error"]


def test_an_authority_rearranges_by_the_earliest_standard():
    # CP+CLA under the visiting policy's authority: I.11 sets Monday 14 September; the 2010
    # Regulations set no deadline for a cancelled visit.
    authority = load_authority("childrens-social-care-2019")
    kid = child("CP+CLA", placement_start=d("2026-09-01"))
    judged = judge(
        authority,
        kid,
        [visit("v1", "2026-09-03"), visit("v2", "2026-09-10", **CANCELLED)],
        d("2026-09-11"),
    )
    assert judged.visits[1].reattempt_due == d("2026-09-14")
    assert not judged.visits[1].statutory
