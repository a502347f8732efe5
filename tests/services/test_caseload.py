"""How the caseload speaks about ages and deadlines, and how it orders children."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from visitdesk.services import records
from visitdesk.services.caseload import CaseloadRow, age_text, caseload, due_text, recall
from visitdesk.services.records import PlanInput


@pytest.mark.parametrize(
    ("dob", "expected", "on", "text"),
    [
        (date(2026, 11, 1), None, date(2026, 11, 22), "under 1 month"),
        (date(2026, 5, 22), None, date(2026, 11, 22), "6 months"),
        (date(2024, 11, 23), None, date(2026, 11, 22), "23 months"),
        (date(2024, 11, 22), None, date(2026, 11, 22), "2 years"),
        (None, date(2027, 3, 3), date(2026, 11, 22), "unborn (due 3 Mar 2027)"),
    ],
)
def test_ages_read_as_a_worker_says_them(dob, expected, on, text):
    assert age_text(dob, expected, on) == text


def _row(status, left, due=date(2026, 11, 20)):
    return CaseloadRow("c", "A B", "", None, None, "CIN", due, left, status, None, 0, 0, 0)


@pytest.mark.parametrize(
    ("row", "text"),
    [
        (_row("overdue", -2), "overdue by 2 working days"),
        (_row("overdue", 0), "overdue"),  # a Friday deadline seen at the weekend
        (_row("due_soon", 0), "due today"),
        (_row("due_soon", 1), "in 1 working day"),
        (_row("ok", 7), "in 7 working days"),
        (_row("ok", None, due=None), "not set by this standard"),
    ],
)
def test_deadlines_read_in_working_days(row, text):
    assert due_text(row) == text


def test_overdue_children_come_first_and_the_result_is_remembered(make_workspace):
    ws = make_workspace()
    today = ws.today()
    late = records.add_child(ws, given_name="Late", family_name="Child",
                             date_of_birth=date(2015, 1, 1),
                             plan=PlanInput("CIN", today - timedelta(days=90)))
    fresh = records.add_child(ws, given_name="Fresh", family_name="Child",
                              date_of_birth=date(2015, 1, 1),
                              plan=PlanInput("CIN", today - timedelta(days=30)))
    visited = datetime.combine(today - timedelta(days=2), datetime.min.time()).replace(hour=10)
    vid = records.start_visit(ws, fresh, visited, location="home", seen="yes",
                              seen_alone="yes", bedroom_seen=True, purpose="p", findings="f",
                              analysis="a", conclusion="c", recommendations="r")
    records.complete_visit(ws, vid)
    rows = caseload(ws)
    assert [r.child_id for r in rows] == [late, fresh]
    assert rows[0].status == "overdue" and rows[1].status == "ok"
    assert recall(ws) is None  # nothing remembered until the app works it out
    from visitdesk.services.caseload import work_out

    work_out(ws)
    remembered, current = recall(ws)
    assert current and [r.child_id for r in remembered] == [late, fresh]
    caseload(ws)  # reading changes nothing: still current
    assert recall(ws)[1]
    records.add_addendum(ws, vid, "A later correction.")
    assert not recall(ws)[1]  # any change makes it out of date
