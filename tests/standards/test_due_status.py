"""The caseload's due-status agrees with the full evaluation, whatever the case."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from visitdesk.standards import (
    ChildFacts,
    VisitFacts,
    VisitInterval,
    calendar_for,
    due_status,
    evaluate,
    judge,
    judge_due,
    list_authorities,
    list_policies,
    load_authority,
    load_policy,
)
from visitdesk.standards.case import HolidayFacts, MeetingFacts
from visitdesk.standards.engine import _awaiting_facts

POLICIES = [p.id for p in list_policies()]
START = date(2026, 1, 5)


@st.composite
def cases(draw):
    plan = draw(st.sampled_from(["CIN", "CP", "CLA", "CP+CLA"]))
    unborn = draw(st.booleans()) and draw(st.booleans())
    age_days = draw(st.integers(0, 17 * 365))
    interval = draw(
        st.none()
        | st.builds(
            VisitInterval,
            st.integers(1, 30),
            st.sampled_from(["days", "weeks", "working_days"]),
            st.sampled_from(["", "agreed"]),
        )
    )
    kid = ChildFacts(
        plan=plan,
        date_of_birth=None if unborn else START - timedelta(days=age_days),
        expected_birth_date=START + timedelta(days=400) if unborn else None,
        plan_start=START - timedelta(days=draw(st.integers(0, 60))),
        allocated_on=draw(st.none() | st.just(START)),
        region=draw(st.sampled_from(["england-and-wales", "scotland", "northern-ireland"])),
        visit_interval=interval,
        electively_home_educated=draw(st.booleans()),
        regulation_24=draw(st.booleans()),
        placement_start=draw(st.none() | st.just(START - timedelta(days=300))),
        placement_until_18=draw(st.booleans()),
        dcs_level=draw(st.sampled_from([None, "family_support", "direct_payments"])),
        first_review_date=draw(st.none() | st.just(START + timedelta(days=20))),
        meetings=tuple(
            MeetingFacts(
                id=f"m{n}",
                kind=draw(st.sampled_from(["progress", "review"])),
                date=START + timedelta(days=n * 30 + draw(st.integers(0, 29))),
                held=draw(st.booleans()),
                notes_circulated_on=draw(st.none() | st.just(START + timedelta(days=n * 30 + 33))),
            )
            for n in range(draw(st.integers(0, 4)))
        ),
        holidays=tuple(
            HolidayFacts(
                START + timedelta(days=n * 40 + 10),
                START + timedelta(days=n * 40 + 10 + draw(st.integers(0, 20))),
                draw(st.booleans()),
            )
            for n in range(draw(st.integers(0, 2)))
        ),
    )
    visits = []
    at = datetime.combine(START, datetime.min.time()).replace(hour=9)
    for n in range(draw(st.integers(0, 8))):
        at += timedelta(days=draw(st.integers(0, 30)), hours=1)
        seen = "unborn" if unborn else draw(st.sampled_from(["yes", "yes", "yes", "no", None]))
        alone = draw(st.sampled_from(["yes", "no", None])) if seen == "yes" else None
        completed = draw(st.booleans())
        visits.append(
            VisitFacts(
                id=f"v{n}",
                visited_at=at,
                location=draw(st.sampled_from(["home", "home", "school", None])),
                seen=seen,
                seen_alone=alone,
                not_seen_alone_reason=draw(st.sampled_from([None, "reason"])),
                not_seen_alone_category=draw(st.sampled_from([None, "refused", "other"])),
                bedroom_seen=draw(st.sampled_from([True, False, None])),
                seen_awake=draw(st.sampled_from([True, False, None])),
                attachment_observed=draw(st.sampled_from([True, None])),
                joint_with_health_visitor=draw(st.booleans()),
                purpose="p",
                findings=draw(st.sampled_from(["f", None])),
                analysis="a",
                conclusion="c",
                recommendations="r",
                completed=completed,
                recorded_at=at + timedelta(hours=draw(st.integers(1, 200))) if completed else None,
                outcome=draw(st.sampled_from([None, None, None, "visited", "failed", "cancelled"])),
                contact=draw(st.sampled_from([None, None, None, "in_person", "video", "agency"])),
            )
        )
    as_of = START + timedelta(days=draw(st.integers(0, 300)))
    return draw(st.sampled_from(POLICIES)), kid, visits, as_of


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_due_status_matches_evaluate(case):
    policy_id, kid, visits, as_of = case
    policy = load_policy(policy_id)
    full = evaluate(policy, kid, visits, as_of)
    quick = due_status(policy, kid, visits, as_of)
    assert quick.next_visit_due == full.next_visit_due
    assert quick.visit_overdue == full.visit_overdue
    overdue = [f for f in full.findings if f.code == "record.overdue"]
    assert quick.records_overdue == len(overdue)
    incomplete = {v.id for v in visits if v.completed is not True and v.visited_at.date() <= as_of}
    blocked = {f.visit for f in full.findings if f.severity == "error" and f.visit in incomplete}
    assert quick.records_blocked == len(blocked)
    # Every date the caseload shows is the earliest of that kind in the child's schedule.
    for kind, got in (
        ("reattempt", quick.reattempt_due),
        ("seen_alone", quick.seen_alone_due),
        ("bedroom", quick.bedroom_due),
        ("joint_visit", quick.joint_visit_due),
        ("progress_meeting", quick.meeting_due),
        ("meeting_notes", quick.meeting_notes_due),
        ("plan_review", quick.review_due),
    ):
        assert got == earliest(full, kind), kind
    assert quick.reattempt_overdue == any(
        f.code == "visit.reattempt_overdue" for f in full.findings
    )
    assert quick.meeting_overdue == any(f.code == "meeting.progress_overdue" for f in full.findings)
    assert quick.meeting_notes_overdue == any(
        f.code == "meeting.notes_overdue" for f in full.findings
    )
    assert quick.joint_visit_overdue == any(f.code == "joint_visit.overdue" for f in full.findings)
    # Two visits in a row without the home and bedroom, ending with the latest seen visit.
    if any(
        f.code == "bedroom.overdue" and f.visit == last_seen(visits, as_of, policy)
        for f in full.findings
    ):
        assert quick.bedroom_overdue


def earliest(full, kind):
    dues = [s.due for s in full.schedule if s.kind == kind and s.due is not None]
    return min(dues) if dues else None


def last_seen(visits, as_of, policy):
    """The latest visit, in person, where the child was seen (whose breach is current)."""
    del policy
    for v in reversed(visits):
        if v.visited_at.date() > as_of or _awaiting_facts(v):
            continue
        if v.outcome in ("failed", "cancelled"):
            continue
        if v.seen == "yes" and v.contact not in ("video", "agency"):
            return v.id
    return None


@settings(max_examples=200, deadline=None)
@given(cases())
def test_deadlines_are_never_before_the_visit(case):
    policy_id, kid, visits, as_of = case
    full = evaluate(load_policy(policy_id), kid, visits, as_of)
    by_id = {v.id: v for v in visits}
    cal = calendar_for(kid.region)
    for result in full.visits:
        at = by_id[result.id].visited_at
        if result.reattempt_due is not None:
            # Every shipped re-attempt deadline is counted in working days.
            assert result.reattempt_due > at.date()
            assert cal.is_working_day(result.reattempt_due)
        if isinstance(result.record_due, datetime):
            assert result.record_due > at
        elif result.record_due is not None:
            assert result.record_due > at.date()
            assert cal.is_working_day(result.record_due)
    statutory = [
        by_id[v.id].visited_at.date()
        for v in full.visits
        if v.statutory and by_id[v.id].visited_at.date() <= as_of
    ]
    if full.next_visit_due is not None and statutory:
        assert full.next_visit_due > max(statutory)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(), st.sampled_from([a.id for a in list_authorities()]))
def test_authority_due_status_matches_the_whole_judgement(case, authority_id):
    _, kid, visits, as_of = case
    authority = load_authority(authority_id)
    full = judge(authority, kid, visits, as_of)
    quick = judge_due(authority, kid, visits, as_of)
    assert quick.no_standard == full.no_standard
    assert quick.uncovered == full.uncovered
    assert quick.due.next_visit_due == full.next_visit_due
    assert quick.due.visit_overdue == full.visit_overdue
    incomplete = {v.id for v in visits if v.completed is not True and v.visited_at.date() <= as_of}
    blocked = {f.visit for f in full.blocking if f.visit in incomplete}
    assert set(quick.due.blocked_records) == blocked
    overdue = {f.visit for f in full.findings if f.code == "record.overdue"}
    assert set(quick.due.overdue_records) == overdue
    if not full.no_standard:
        for kind, got in (
            ("reattempt", quick.due.reattempt_due),
            ("bedroom", quick.due.bedroom_due),
            ("joint_visit", quick.due.joint_visit_due),
            ("progress_meeting", quick.due.meeting_due),
            ("meeting_notes", quick.due.meeting_notes_due),
            ("plan_review", quick.due.review_due),
        ):
            assert got == earliest(full, kind), kind
        # Time alone: never later than any standard's own date for it.
        own = earliest(full, "seen_alone")
        if own is not None:
            assert quick.due.seen_alone_due is not None and quick.due.seen_alone_due <= own
    if full.no_standard:
        assert full.next_visit_due is None
        assert any(f.code == "policy.plan_not_covered" for f in full.findings)


def test_a_joint_visit_draft_without_its_facts_does_not_move_the_caseloads_joint_visit_date():
    # A newborn on a CP plan: the first draft says the health visitor came, but not yet
    # whether the baby was seen alone, so it is not yet a visit; a later visit that day is
    # complete in its facts. The caseload's date must be the full evaluation's.
    born = date(2026, 1, 4)
    kid = ChildFacts(plan="CP", date_of_birth=born, plan_start=born)
    facts = dict(location="home", seen="yes", seen_awake=True, bedroom_seen=True, completed=False)
    joint_draft = VisitFacts(
        id="v0", visited_at=datetime(2026, 1, 5, 10), joint_with_health_visitor=True, **facts
    )
    later = VisitFacts(id="v1", visited_at=datetime(2026, 1, 5, 11), seen_alone="yes", **facts)
    policy = load_policy("getting-it-right-2018")
    full = evaluate(policy, kid, [joint_draft, later], date(2026, 1, 5))
    quick = due_status(policy, kid, [joint_draft, later], date(2026, 1, 5))
    assert earliest(full, "joint_visit") == date(2026, 2, 1)  # 4 weeks from the plan's start
    assert quick.joint_visit_due == date(2026, 2, 1)
