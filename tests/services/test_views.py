"""The read models: what the child's page, the authorisations list and the command line show,
read as frozen rows."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest

from visitdesk.services import records, views
from visitdesk.services.records import NotFound, PlanInput
from visitdesk.storage.models import Child, Plan, Visit

FULL = dict(
    location="home",
    seen="yes",
    seen_alone="yes",
    bedroom_seen=True,
    purpose="p",
    childs_voice="v",
    findings="f",
    analysis="a",
    conclusion="c",
    recommendations="r",
)


def _child(ws, given="Ada", family="Brook", plan_type="CIN", started_days_ago=30, **kwargs):
    start = ws.today() - timedelta(days=started_days_ago)
    return records.add_child(
        ws,
        given_name=given,
        family_name=family,
        date_of_birth=kwargs.pop("date_of_birth", date(2016, 3, 4)),
        plan=PlanInput(plan_type, start, allocated_on=start),
        **kwargs,
    )


def _at(ws, days_ago, hour=10):
    return ws.now().replace(hour=hour, minute=0, second=0, microsecond=0) - timedelta(days=days_ago)


def test_the_child_page_reads_the_child_and_the_plan_in_force(workspace):
    child = _child(workspace, case_reference="CR-1", address="1 Lane")
    page = views.child_page(workspace, child)
    assert (page.full_name, page.case_reference, page.address) == ("Ada Brook", "CR-1", "1 Lane")
    assert page.age.endswith("years") and page.editable
    assert page.plan is not None and page.plan.plan_type == "CIN"
    assert page.plan.start_date == workspace.today() - timedelta(days=30)
    assert page.plan.meetings == () and page.plan.holidays == ()
    with pytest.raises(dataclasses.FrozenInstanceError):
        page.full_name = "someone else"  # type: ignore[misc]


def test_another_workers_child_is_shown_as_not_editable(workspace):
    child = _child(workspace)
    with workspace.db.transaction() as s:
        s.get(Child, child).origin_device = "another-device"
    assert not views.child_page(workspace, child).editable


def test_a_child_not_on_the_caseload_is_refused_in_words(workspace):
    with pytest.raises(NotFound, match="not on this caseload"):
        views.child_page(workspace, "no-such-child")
    with pytest.raises(NotFound, match="no child with id nope"):
        views.visit_list(workspace, "nope")


def test_a_childs_visits_are_listed_latest_first_with_the_other_devices_copy_flagged(workspace):
    child = _child(workspace)
    older = records.start_visit(workspace, child, _at(workspace, 5), **FULL)
    records.complete_visit(workspace, older)
    newer = records.start_visit(workspace, child, _at(workspace, 1), location="school")
    with workspace.db.transaction() as s:
        twin = Visit(
            child_id=child,
            visited_at=_at(workspace, 3),
            state="draft",
            conflict_of=newer,
            created_by="Other",
            created_at=workspace.now(),
            updated_at=workspace.now(),
        )
        s.add(twin)
    rows = views.visit_rows(workspace, child)
    assert [r.id for r in rows][0::2] == [newer, older]
    assert [(r.state, r.conflict) for r in rows] == [
        ("draft", False),
        ("draft", True),
        ("completed", False),
    ]
    assert rows[0].location == "school" and rows[0].created_by == "Sam Worker"
    assert rows[2].completed_at is not None and rows[2].child_name == "Ada Brook"
    # The command line lists every record, the earliest first.
    assert [r.id for r in views.visit_list(workspace)] == [r.id for r in reversed(rows)]


def test_the_records_waiting_are_listed_the_longest_waiting_first(make_workspace):
    ws = make_workspace(role="manager", name="Morgan Manager")
    ids = []
    for n, name in enumerate(("Ada", "Bea")):
        child = _child(ws, given=name)
        vid = records.start_visit(ws, child, _at(ws, 3 - n), **FULL)
        records.complete_visit(ws, vid)
        ids.append(vid)
    rows = views.authorisation_rows(ws)
    assert [(r.visit_id, r.child_name, r.worker, r.revision) for r in rows] == [
        (ids[0], "Ada Brook", "Morgan Manager", 1),
        (ids[1], "Bea Brook", "Morgan Manager", 1),
    ]
    records.authorise(ws, rows[0].id)
    assert [r.visit_id for r in views.authorisation_rows(ws)] == [ids[1]]


def test_children_are_listed_by_family_name_with_their_plan_and_records(workspace):
    zed = _child(workspace, given="Zed", family="Able")
    amy = _child(workspace, given="Amy", family="Cole")
    unborn = records.add_child(
        workspace,
        given_name="",
        family_name="Baby Dee",
        expected_birth_date=workspace.today() + timedelta(days=60),
        plan=PlanInput("CP", workspace.today()),
    )
    records.start_visit(workspace, zed, _at(workspace, 2), location="home")
    with workspace.db.transaction() as s:  # a plan that has ended: no plan in force
        s.get(Plan, s.query(Plan.id).filter(Plan.child_id == amy).scalar()).end_date = (
            workspace.today() - timedelta(days=1)
        )
    listed = views.children(workspace)
    assert [(c.id, c.name, c.plan_type, c.visits) for c in listed] == [
        (zed, "Zed Able", "CIN", 1),
        (unborn, "Baby Dee", "CP", 0),
        (amy, "Amy Cole", None, 0),
    ]
    assert listed[1].expected_birth_date == workspace.today() + timedelta(days=60)
    assert listed[2].plan_start is None


def test_the_child_of_a_record_is_found_from_either_id(workspace):
    child = _child(workspace)
    vid = records.start_visit(workspace, child, _at(workspace, 1), location="home")
    assert views.child_of(workspace, vid) == child
    assert views.child_of(workspace, child) == child
    assert views.child_of(workspace, "neither") is None
    assert views.child_name(workspace, child) == "Ada Brook"
