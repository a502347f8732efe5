"""An unborn child's record is not asked about a bedroom (000 1.1.3 and 1.1.4 'Unborn')."""

from __future__ import annotations

from datetime import date, datetime

from visitdesk.standards import ChildFacts, VisitFacts, check_form, load_policy


def _fields(seen: str, dob: date | None, expected: date | None) -> set[str]:
    child = ChildFacts(
        plan="CIN",
        date_of_birth=dob,
        expected_birth_date=expected,
        plan_start=date(2026, 9, 1),
        allocated_on=date(2026, 9, 1),
    )
    visit = VisitFacts(
        id="v1",
        visited_at=datetime(2026, 9, 3, 10, 0),
        location="home",
        seen=seen,
        purpose="p",
        findings="f",
        analysis="a",
        conclusion="c",
        recommendations="r",
        completed=True,
        recorded_at=datetime(2026, 9, 4, 9, 0),
    )
    findings = check_form(load_policy("getting-it-right-2018"), child, [], visit, date(2026, 9, 4))
    return {f.field for f in findings if f.code == "record.sections_missing"}


def test_an_unborn_childs_record_is_not_asked_about_a_bedroom():
    assert "bedroom_seen" not in _fields("unborn", None, date(2027, 1, 10))


def test_a_born_childs_home_visit_record_still_asks_about_the_bedroom():
    assert "bedroom_seen" in _fields("yes", date(2019, 5, 4), None)
