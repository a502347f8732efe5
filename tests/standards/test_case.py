"""Case files are read strictly: each kind of bad input is refused with a one-line reason."""

from __future__ import annotations

import copy
from datetime import date, datetime

import pytest

from visitdesk.errors import UserError
from visitdesk.standards import CaseError, VisitInterval, parse_case

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
