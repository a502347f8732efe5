"""Case files are read strictly: each kind of bad input is refused with a one-line reason."""

from __future__ import annotations

import copy
import re
from datetime import date, datetime

import pytest

from visitdesk.errors import UserError
from visitdesk.standards import CaseError, VisitInterval, parse_case
from visitdesk.standards.case import HolidayFacts, MeetingFacts

GOOD = {
    "child": {
        "date_of_birth": "2019-05-04",
        "expected_birth_date": None,
        "plan": "CIN",
        "plan_start": "2026-09-01",
        "allocated_on": "2026-09-01",
        "region": "england-and-wales",
        "visit_interval": {"every": 10, "unit": "days", "rationale": "agreed at review"},
        "electively_home_educated": False,
    },
    "visits": [
        {
            "id": "v1",
            "visited_at": "2026-09-03T10:00",
            "location": "home",
            "seen": "yes",
            "seen_alone": "no",
            "not_seen_alone_reason": "",
            "bedroom_seen": True,
            "seen_awake": True,
            "joint_with_health_visitor": False,
            "purpose": "",
            "findings": "",
            "analysis": "",
            "conclusion": "",
            "recommendations": "",
            "completed": True,
            "recorded_at": "2026-09-04T09:00",
        }
    ],
}


def with_change(path: str, value):
    data = copy.deepcopy(GOOD)
    *parents, last = path.split(".")
    target = data
    for key in parents:
        target = target[int(key)] if key.isdigit() else target[key]
    if value is KeyError:
        del target[last]
    else:
        target[last] = value
    return data


def test_the_brief_example_parses():
    child, visits = parse_case(GOOD)
    assert child.plan == "CIN"
    assert child.date_of_birth == date(2019, 5, 4)
    assert child.visit_interval == VisitInterval(10, "days", "agreed at review")
    assert visits[0].visited_at == datetime(2026, 9, 3, 10, 0)
    assert visits[0].recorded_at == datetime(2026, 9, 4, 9, 0)
    assert visits[0].bedroom_seen is True


def test_only_plan_and_visit_id_and_time_are_required():
    child, visits = parse_case(
        {"child": {"plan": "CP"}, "visits": [{"id": "a", "visited_at": "2026-01-05T09:30"}]}
    )
    assert child.region == "england-and-wales"
    assert visits[0].seen is None and visits[0].completed is None


def test_visits_come_back_in_time_order_and_extra_fields_are_read():
    child, visits = parse_case(
        {
            "child": {
                "plan": "CLA",
                "placement_start": "2026-03-02",
                "regulation_24": True,
                "first_review_date": "2026-03-27",
                "unknown_key": 1,
            },
            "visits": [
                {"id": "b", "visited_at": "2026-03-10T10:00", "not_seen_alone_category": "refused"},
                {"id": "a", "visited_at": "2026-03-03T10:00"},
            ],
        }
    )
    assert child.regulation_24 and child.first_review_date == date(2026, 3, 27)
    assert [v.id for v in visits] == ["a", "b"]
    assert visits[1].not_seen_alone_category == "refused"


@pytest.mark.parametrize(
    ("change", "value", "expected"),
    [
        # impossible dates
        ("child.date_of_birth", "2026-02-30", "child.date_of_birth is not a real date"),
        ("visits.0.visited_at", "2026-09-31T10:00", "visited_at is not a real date"),
        ("visits.0.visited_at", "2026-09-03T25:00", "visited_at is not a real date"),
        # badly written dates
        ("child.plan_start", "01/09/2026", "child.plan_start must be a date written YYYY-MM-DD"),
        ("child.plan_start", "20260901", "must be a date written YYYY-MM-DD"),
        ("visits.0.recorded_at", "2026-09-04", "must be a date and time written"),
        # unknown enum values
        ("child.plan", "LAC", "child.plan must be one of CIN, CP, CLA, CP+CLA"),
        ("child.region", "wales", "child.region must be one of"),
        ("visits.0.seen", "maybe", "visit v1: seen must be one of yes, no, unborn"),
        ("visits.0.location", "car", "visit v1: location must be one of home, school, other"),
        ("child.visit_interval.unit", "fortnights", "child.visit_interval.unit must be one of"),
        ("child.dcs_level", "high", "child.dcs_level must be one of"),
        # missing required fields
        ("child.plan", KeyError, "child.plan is missing"),
        ("visits.0.id", KeyError, "visits[0].id is missing"),
        ("visits.0.visited_at", KeyError, "visit v1: visited_at is missing"),
        ("child.visit_interval.every", KeyError, "child.visit_interval.every is missing"),
        # wrong types
        ("visits.0.completed", "yes", "visit v1: completed must be true or false, not 'yes'"),
        ("visits.0.bedroom_seen", 1, "bedroom_seen must be true or false, not 1"),
        ("child.visit_interval.every", "10", "every must be a whole number"),
        ("child.visit_interval.every", True, "every must be a whole number, not true"),
        ("child.visit_interval.every", 0, "every must be at least 1"),
        ("visits.0.purpose", 5, "visit v1: purpose must be text, not 5"),
        ("visits.0.id", 7, "visits[0].id must be non-empty text"),
        ("child.electively_home_educated", "no", "must be true or false"),
        ("visits", {"id": "v1"}, "visits must be a list, not an object"),
        ("child", [], "child must be an object, not a list"),
        # facts that contradict each other
        ("child.date_of_birth", "2026-09-10", "is before the child's date of birth (2026-09-10)"),
        ("visits.0.recorded_at", "2026-09-02T09:00", "recorded_at is before the visit"),
    ],
)
def test_bad_case_is_refused_with_a_reason(change, value, expected):
    with pytest.raises(CaseError) as caught:
        parse_case(with_change(change, value))
    message = str(caught.value)
    assert expected in message
    assert "\n" not in message
    assert isinstance(caught.value, UserError)


def test_unborn_visit_after_birth_is_refused():
    data = with_change("visits.0.seen", "unborn")
    with pytest.raises(CaseError, match="unborn, but they were born on 2019-05-04"):
        parse_case(data)


def test_unborn_visit_before_birth_is_fine():
    data = with_change("child.date_of_birth", "2026-10-01")
    data["visits"][0]["seen"] = "unborn"
    data["visits"][0]["seen_alone"] = None
    child, visits = parse_case(data)
    assert visits[0].seen == "unborn"


def test_duplicate_visit_ids_are_refused():
    data = copy.deepcopy(GOOD)
    data["visits"].append(dict(data["visits"][0]))
    with pytest.raises(CaseError, match="v1 is used twice"):
        parse_case(data)


@pytest.mark.parametrize("data", [None, [], "case", 3, {"visits": []}])
def test_not_a_case_at_all(data):
    with pytest.raises(CaseError):
        parse_case(data)


def test_a_monthly_interval_is_read_and_held_to_a_year():
    child, _ = parse_case(with_change("child.visit_interval", {"every": 3, "unit": "months"}))
    assert child.visit_interval == VisitInterval(3, "months", "")
    with pytest.raises(CaseError, match="at most 12 months"):
        parse_case(with_change("child.visit_interval", {"every": 13, "unit": "months"}))


def test_dates_in_other_scripts_digits_are_badly_written_not_unreal():
    with pytest.raises(CaseError, match="must be a date written YYYY-MM-DD"):
        parse_case(with_change("child.date_of_birth", "٢٠١٩-05-04"))


MEETINGS = [
    {"id": "m2", "kind": "review", "date": "2026-10-20", "held": False},
    {"id": "m1", "kind": "progress", "date": "2026-09-08", "notes_circulated_on": "2026-09-10"},
]
HOLIDAYS = [
    {"start": "2026-12-21", "end": "2027-01-02"},
    {"start": "2026-10-19", "end": "2026-10-30", "abroad": True},
]


def test_meetings_and_holidays_are_read_in_date_order():
    data = with_change("child.meetings", MEETINGS)
    data["child"]["holidays"] = HOLIDAYS
    child, _ = parse_case(data)
    assert child.meetings == (
        MeetingFacts("m1", "progress", date(2026, 9, 8), True, date(2026, 9, 10)),
        MeetingFacts("m2", "review", date(2026, 10, 20), False, None),
    )
    assert child.holidays == (
        HolidayFacts(date(2026, 10, 19), date(2026, 10, 30), True),
        HolidayFacts(date(2026, 12, 21), date(2027, 1, 2), False),
    )


def test_no_meetings_or_holidays_is_none_recorded():
    child, _ = parse_case(GOOD)
    assert child.meetings == () and child.holidays == ()
    child, _ = parse_case(with_change("child.meetings", None))
    assert child.meetings == ()


M1 = {"id": "m1", "kind": "progress", "date": "2026-09-08"}


@pytest.mark.parametrize(
    ("meetings", "holidays", "expected"),
    [
        ([M1, {**M1, "date": "2026-10-06"}], None, "meeting id m1 is used twice"),
        (
            [{**M1, "notes_circulated_on": "2026-09-07"}],
            None,
            "meeting m1: notes_circulated_on (2026-09-07) is before the meeting (2026-09-08)",
        ),
        (
            [{**M1, "held": False, "notes_circulated_on": "2026-09-09"}],
            None,
            "meeting m1 is marked as not held, so its notes cannot have been circulated",
        ),
        ([{"id": "m1", "date": "2026-09-08"}], None, "child.meetings[0].kind is missing"),
        ([{**M1, "kind": "core"}], None, "child.meetings[0].kind must be one of progress, review"),
        ([{**M1, "date": "2026-02-30"}], None, "child.meetings[0].date is not a real date"),
        ([{"kind": "review", "date": "2026-09-08"}], None, "child.meetings[0].id is missing"),
        ([M1] * 501, None, "child.meetings holds 501 meetings, more than the 500"),
        ("m1", None, "child.meetings must be a list, not 'm1'"),
        (
            None,
            [{"start": "2026-10-19", "end": "2026-10-18"}],
            "child.holidays[0] ends on 2026-10-18, before it starts (2026-10-19)",
        ),
        (
            None,
            [{"start": "2026-01-01", "end": "2026-12-31"}],
            "child.holidays[0] lasts 365 days, longer than the 92",
        ),
        (None, [{"start": "2026-10-19"}], "child.holidays[0].end is missing"),
        (
            None,
            [{"start": "2026-10-19", "end": "2026-10-20", "abroad": "yes"}],
            "child.holidays[0].abroad must be true or false",
        ),
    ],
)
def test_bad_meetings_and_holidays_are_refused(meetings, holidays, expected):
    data = with_change("child.meetings", meetings)
    data["child"]["holidays"] = holidays
    with pytest.raises(CaseError) as caught:
        parse_case(data)
    assert expected in str(caught.value)


def test_outcome_and_contact_are_read():
    data = with_change("visits.0.outcome", "cancelled")
    data["visits"][0].update(seen=None, seen_alone=None, contact="video")
    _, visits = parse_case(data)
    assert visits[0].outcome == "cancelled" and visits[0].contact == "video"
    _, visits = parse_case(GOOD)
    assert visits[0].outcome is None and visits[0].contact is None


@pytest.mark.parametrize(
    ("outcome", "expected"),
    [
        ("failed", "visit v1 is recorded as a failed visit, but the child as seen"),
        ("cancelled", "visit v1 is recorded as cancelled (the worker could not attend), but"),
    ],
)
def test_a_failed_or_cancelled_visit_where_the_child_was_seen_is_refused(outcome, expected):
    with pytest.raises(CaseError, match=re.escape(expected)):
        parse_case(with_change("visits.0.outcome", outcome))


def test_a_failed_visit_where_the_child_was_not_seen_is_fine():
    data = with_change("visits.0.outcome", "failed")
    data["visits"][0].update(seen="no", seen_alone=None)
    _, visits = parse_case(data)
    assert visits[0].outcome == "failed"


# --- the day checked ---------------------------------------------------------------------


def test_a_visit_after_the_day_checked_is_refused():
    with pytest.raises(CaseError) as caught:
        parse_case(GOOD, as_of=date(2026, 9, 2))
    assert str(caught.value) == (
        "visit v1 is dated 2026-09-03, after the day checked (2026-09-02); a visit cannot be "
        "recorded before it happens"
    )


def test_a_visit_late_on_the_day_checked_is_fine():
    parse_case(with_change("visits.0.visited_at", "2026-09-03T23:59"), as_of=date(2026, 9, 4))
    data = with_change("visits.0.recorded_at", None)
    data["visits"][0]["visited_at"] = "2026-09-03T23:59"
    parse_case(data, as_of=date(2026, 9, 3))


def test_a_record_written_after_the_day_checked_is_refused():
    with pytest.raises(
        CaseError,
        match=re.escape("visit v1 was recorded on 2026-09-04, after the day checked (2026-09-03)"),
    ):
        parse_case(GOOD, as_of=date(2026, 9, 3))


def test_without_a_day_checked_the_future_is_not_judged():
    parse_case(GOOD)


@pytest.mark.parametrize(
    ("meeting", "expected"),
    [
        (
            M1,
            "meeting m1 is dated 2026-09-08, after the day checked (2026-09-05), so it cannot "
            "have been held yet; mark it held: false while it is still to come",
        ),
        ({**M1, "held": True}, "cannot have been held yet"),
    ],
)
def test_a_meeting_held_after_the_day_checked_is_refused(meeting, expected):
    data = with_change("child.meetings", [meeting])
    data["visits"] = []
    with pytest.raises(CaseError) as caught:
        parse_case(data, as_of=date(2026, 9, 5))
    assert expected in str(caught.value)


def test_a_meeting_still_to_come_and_a_planned_holiday_are_fine():
    data = with_change("child.meetings", [{**M1, "held": False}])
    data["child"]["holidays"] = HOLIDAYS
    data["visits"] = []
    child, _ = parse_case(data, as_of=date(2026, 9, 5))
    assert child.meetings[0].held is False and len(child.holidays) == 2


def test_meeting_notes_after_the_day_checked_are_refused():
    data = with_change("child.meetings", [{**M1, "notes_circulated_on": "2026-09-10"}])
    with pytest.raises(CaseError, match="notes_circulated_on is 2026-09-10, after the day"):
        parse_case(data, as_of=date(2026, 9, 9))
