"""Who can be added to a child's household, and how a household the child lived in before is
named: read for the household box on the child's page."""

from __future__ import annotations

from datetime import date, timedelta

from visitdesk.services import households, records, syncing
from visitdesk.services.records import PlanInput


def _child(ws, given, family="Brook", starts=None):
    start = starts or ws.today() - timedelta(days=60)
    return records.add_child(
        ws,
        given_name=given,
        family_name=family,
        date_of_birth=date(2016, 3, 4),
        plan=PlanInput("CIN", start, allocated_on=start),
    )


def test_the_children_who_could_join_are_the_workers_own_living_elsewhere(workspace):
    ada, bea = _child(workspace, "Ada"), _child(workspace, "Bea")
    mia, leo = _child(workspace, "Mia", "Thomas"), _child(workspace, "Leo", "Thomas")
    cal = _child(workspace, "Cal", "Ashworth", starts=workspace.today() + timedelta(days=5))
    households.join_household(workspace, ada, bea, workspace.today())
    households.join_household(workspace, mia, leo, workspace.today())
    found = households.candidates(workspace, ada)
    assert [c.child_id for c in found] == [cal, leo, mia]  # by family name, then given name
    by_id = {c.child_id: c for c in found}
    assert by_id[cal].household is None and by_id[cal].plan is None
    assert by_id[mia].household == "Thomas household" and by_id[mia].plan == "CIN"


def test_a_child_on_another_workers_caseload_is_never_offered(make_workspace, tmp_path):
    worker = make_workspace(role="worker", name="Sam Worker", folder="worker")
    manager = make_workspace(role="manager", name="Morgan Manager", folder="manager")
    syncing.export_card(worker, tmp_path / "sam.card")
    syncing.export_card(manager, tmp_path / "morgan.card")
    syncing.import_card(manager, tmp_path / "sam.card")
    syncing.import_card(worker, tmp_path / "morgan.card")
    _child(worker, "Ada")
    syncing.export_bundle(worker, tmp_path / "b.vdbundle")
    syncing.import_bundle(manager, tmp_path / "b.vdbundle")
    own = _child(manager, "Bea")
    assert households.candidates(manager, own) == []


def test_an_earlier_household_is_named_by_who_lives_there_now(workspace):
    ada, bea = _child(workspace, "Ada"), _child(workspace, "Bea")
    mia = _child(workspace, "Mia", "Thomas")
    households.join_household(workspace, mia, ada, workspace.today() - timedelta(days=20))
    thomas = households.household_of(workspace, mia).id
    households.join_household(workspace, bea, ada, workspace.today() - timedelta(days=5))
    brook = households.household_of(workspace, bea).id
    assert households.names_of(workspace, [thomas, brook]) == {
        thomas: "Thomas household",
        brook: "Brook household",
    }
    households.leave_household(workspace, mia)
    assert households.names_of(workspace, [thomas]) == {}  # nobody lives there now
