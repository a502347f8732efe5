"""Child in Need plan meetings (Leicestershire CIN procedure 2024).

Progress meetings at least every 6 weeks; notes of a progress meeting out within 5 working
days; the record of a review meeting circulated within 5 days (calendar days, as the
document says); the 16-week review met by a review meeting. The plan starts on Tuesday
1 September 2026.
"""

from __future__ import annotations

from visitdesk.standards import due_status, judge_due, load_authority, load_policy
from visitdesk.standards.case import MeetingFacts

from .helpers import child, codes, d, finding, run

LEICS = "leicestershire-cin-2024"


def cin(*meetings):
    return child("CIN", allocated_on=d("2026-09-01"), meetings=tuple(meetings))


def meeting(mid, kind, day, held=True, notes=None):
    return MeetingFacts(mid, kind, d(day), held, None if notes is None else d(notes))


def schedule(ev, kind):
    return next((s.due for s in ev.schedule if s.kind == kind), None)


def test_the_first_progress_meeting_is_due_six_weeks_from_the_plan_start():
    # 1 September + 6 weeks = Tuesday 13 October.
    ev = run(LEICS, cin(), [], "2026-10-13")
    assert schedule(ev, "progress_meeting") == d("2026-10-13")
    assert "meeting.progress_overdue" not in codes(ev)
    ev = run(LEICS, cin(), [], "2026-10-14")
    late = finding(ev, "meeting.progress_overdue", None)
    assert late.severity == "warning"
    assert late.source == "Leicestershire CIN procedure 2024, Progress meetings, frequency"
    assert late.rule == "progress-meetings"
    assert "13 October 2026" in late.message


def test_each_held_meeting_starts_the_six_weeks_again():
    # Held Monday 28 September: next by Monday 9 November. A meeting that did not take place
    # (5 October) changes nothing; a review meeting held on 26 October is a progress meeting
    # too: next by Monday 7 December.
    held = meeting("m1", "progress", "2026-09-28", notes="2026-09-30")
    missed = meeting("m2", "progress", "2026-10-05", held=False)
    review = meeting("m3", "review", "2026-10-26", notes="2026-10-28")
    assert schedule(run(LEICS, cin(held), [], "2026-10-01"), "progress_meeting") == d("2026-11-09")
    assert schedule(run(LEICS, cin(held, missed), [], "2026-10-06"), "progress_meeting") == d(
        "2026-11-09"
    )
    ev = run(LEICS, cin(held, missed, review), [], "2026-10-27")
    assert schedule(ev, "progress_meeting") == d("2026-12-07")
    quick = due_status(load_policy(LEICS), cin(held, missed, review), [], d("2026-12-08"))
    assert quick.meeting_due == d("2026-12-07") and quick.meeting_overdue


def test_progress_meeting_notes_go_out_within_five_working_days():
    # Held Monday 28 September: Tue 29 (1), Wed 30 (2), Thu 1 Oct (3), Fri 2 (4), Mon 5 (5).
    on_time = run(
        LEICS, cin(meeting("m1", "progress", "2026-09-28", notes="2026-10-05")), [], "2026-10-20"
    )
    assert not {"meeting.notes_late", "meeting.notes_overdue"} & codes(on_time)
    late = run(
        LEICS, cin(meeting("m1", "progress", "2026-09-28", notes="2026-10-06")), [], "2026-10-20"
    )
    note = finding(late, "meeting.notes_late", None)
    assert note.severity == "info"
    assert note.source == "Leicestershire CIN procedure 2024, Progress meetings, notes"
    assert "5 October 2026" in note.message


def test_unsent_notes_are_overdue_from_the_day_after_the_deadline():
    kid = cin(meeting("m1", "progress", "2026-09-28"))
    ev = run(LEICS, kid, [], "2026-10-05")
    assert schedule(ev, "meeting_notes") == d("2026-10-05")
    assert "meeting.notes_overdue" not in codes(ev)
    ev = run(LEICS, kid, [], "2026-10-06")
    assert finding(ev, "meeting.notes_overdue", None).severity == "warning"
    quick = due_status(load_policy(LEICS), kid, [], d("2026-10-06"))
    assert quick.meeting_notes_due == d("2026-10-05") and quick.meeting_notes_overdue


def test_a_review_meetings_record_is_due_within_five_calendar_days():
    # Held Thursday 17 December: 5 days is Tuesday 22 December (5 working days would be
    # Thursday 24), so it is overdue on Wednesday 23.
    kid = cin(meeting("m1", "review", "2026-12-17"))
    ev = run(LEICS, kid, [], "2026-12-22")
    assert schedule(ev, "meeting_notes") == d("2026-12-22")
    ev = run(LEICS, kid, [], "2026-12-23")
    late = finding(ev, "meeting.notes_overdue", None)
    assert late.source == "Leicestershire CIN procedure 2024, Progress review, record"
    assert "review meeting on 17 December 2026" in late.message


def test_the_sixteen_week_review_is_met_by_a_review_meeting():
    # 1 September + 16 weeks = Tuesday 22 December; the notice period opens four weeks
    # before, on Tuesday 24 November.
    ev = run(LEICS, cin(), [], "2026-12-23")
    assert finding(ev, "plan.review_due", None).severity == "warning"
    assert schedule(ev, "plan_review") == d("2026-12-22")
    held = meeting("m1", "review", "2026-12-17", notes="2026-12-18")
    ev = run(LEICS, cin(held), [], "2026-12-23")
    assert "plan.review_due" not in codes(ev)
    assert schedule(ev, "plan_review") is None
    quick = due_status(load_policy(LEICS), cin(held), [], d("2026-12-23"))
    assert quick.review_due is None and not quick.review_overdue


def test_a_review_too_early_or_not_held_does_not_meet_it():
    early = meeting("m1", "review", "2026-11-10", notes="2026-11-11")
    cancelled = meeting("m2", "review", "2026-12-17", held=False)
    for kid in (cin(early), cin(cancelled), cin(meeting("m3", "progress", "2026-12-17"))):
        ev = run(LEICS, kid, [], "2026-12-23")
        assert finding(ev, "plan.review_due", None).severity == "warning"
        quick = due_status(load_policy(LEICS), kid, [], d("2026-12-23"))
        assert quick.review_due == d("2026-12-22") and quick.review_overdue


def test_the_caseload_carries_the_meeting_schedule_under_the_authority():
    authority = load_authority("leicestershire")
    kid = cin(meeting("m1", "progress", "2026-09-28"))
    due = judge_due(authority, kid, [], d("2026-10-06")).due
    assert due.meeting_due == d("2026-11-09") and not due.meeting_overdue
    assert due.meeting_notes_due == d("2026-10-05") and due.meeting_notes_overdue
    assert due.review_due == d("2026-12-22") and not due.review_overdue


def test_a_meeting_dated_after_the_day_checked_is_not_counted():
    ev = run(LEICS, cin(meeting("m1", "progress", "2026-10-20")), [], "2026-10-14")
    assert finding(ev, "meeting.progress_overdue", None)
