"""A household visit as the worker and the manager live it: one visit written once, each
child's own record, judged, completed and authorised as that child's."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from visitdesk.errors import UserError
from visitdesk.services import household_visits, households, records
from visitdesk.services.checks import evaluate_child
from visitdesk.services.records import PlanInput
from visitdesk.storage.models import AuthorisationTask, Child, Visit

VISITED = datetime(2026, 11, 2, 10, 30)
SHARED = {
    "location": "home",
    "announced": True,
    "present": "Mother, the three children",
    "home_conditions": "Warm and tidy; the new bunk beds are up.",
    "purpose": "Statutory visit for all three children.",
}


def _record(**own):
    base = {
        "findings": "Well and settled.",
        "analysis": "Plan on track.",
        "conclusion": "Continue the plan.",
        "recommendations": "Next visit in four weeks.",
    }
    return {**base, **own}


def _sibling(ws, given, dob, plan="CIN"):
    return records.add_child(
        ws,
        given_name=given,
        family_name="Ashworth",
        date_of_birth=dob,
        plan=PlanInput(plan, date(2026, 10, 1), allocated_on=date(2026, 10, 1)),
    )


@pytest.fixture
def siblings(workspace):
    jack = _sibling(workspace, "Jack", date(2014, 5, 1))
    lily = _sibling(workspace, "Lily", date(2017, 2, 3))
    sam = _sibling(workspace, "Sam", date(2019, 8, 9))
    households.join_household(workspace, jack, lily, date(2026, 10, 1))
    households.join_household(workspace, jack, sam, date(2026, 10, 1))
    return jack, lily, sam


def test_children_added_to_a_household_are_shown_together_eldest_first(workspace, siblings):
    jack, lily, sam = siblings
    found = households.household_of(workspace, sam)
    assert found.name == "Ashworth household"
    assert [m.child_id for m in found.members] == [jack, lily, sam]
    assert all(m.since == date(2026, 10, 1) for m in found.members)


def test_a_child_who_moves_household_keeps_where_they_lived_with_dates(workspace, siblings):
    jack, lily, _sam = siblings
    before = households.household_of(workspace, lily).id
    households.leave_household(workspace, lily, date(2026, 11, 20))
    assert households.household_of(workspace, lily) is None
    assert [m.child_id for m in households.household_of(workspace, jack).members] == [
        jack,
        siblings[2],
    ]
    [stay] = households.household_stays(workspace, lily)
    assert (stay.household, stay.start, stay.until) == (
        before,
        date(2026, 10, 1),
        date(2026, 11, 20),
    )


def test_a_move_cannot_be_dated_in_the_future_or_before_the_child_joined(workspace, siblings):
    _jack, lily, _sam = siblings
    with pytest.raises(UserError, match="once it has happened"):
        households.leave_household(workspace, lily, date(2099, 1, 1))
    with pytest.raises(UserError, match="cannot be dated before"):
        households.leave_household(workspace, lily, date(2026, 9, 1))


def test_a_household_visit_is_only_for_children_who_live_together(workspace, siblings):
    jack, _lily, _sam = siblings
    stranger = records.add_child(
        workspace,
        given_name="Zoe",
        family_name="Other",
        date_of_birth=date(2015, 1, 1),
        plan=PlanInput("CIN", date(2026, 10, 1)),
    )
    with pytest.raises(UserError, match="live together"):
        household_visits.start(workspace, [jack, stranger], VISITED, **SHARED)
    with pytest.raises(UserError, match="at least two"):
        household_visits.start(workspace, [jack], VISITED, **SHARED)
    with pytest.raises(UserError, match="each child's own answer"):
        household_visits.start(workspace, [jack, siblings[1]], VISITED, seen="yes")


def test_three_siblings_each_get_their_own_correct_record(workspace, siblings):
    jack, lily, sam = siblings
    hv = household_visits.start(workspace, [sam, lily, jack], VISITED, **SHARED)
    found = household_visits.records_of(workspace, hv)
    assert [r.child_id for r in found] == [jack, lily, sam]
    ids = {r.child_id: r.visit_id for r in found}
    household_visits.save(
        workspace,
        hv,
        SHARED,
        {
            ids[jack]: _record(
                seen="yes", seen_alone="yes", bedroom_seen=True, childs_voice="Jack: fine."
            ),
            # Seen with his sister and no carer there: seen alone, as 002 allows.
            ids[lily]: _record(
                seen="yes", seen_alone="yes", bedroom_seen=True, childs_voice="Lily: happy."
            ),
            ids[sam]: _record(seen="no", findings="Sam was at nursery."),
        },
    )
    household_visits.complete(workspace, hv)
    with workspace.db.sessions() as s:
        visits = {v.child_id: v for v in s.scalars(select(Visit))}
        assert {v.state for v in visits.values()} == {"completed"}
        assert {v.household_visit for v in visits.values()} == {hv}
        assert {v.purpose for v in visits.values()} == {SHARED["purpose"]}
        assert visits[jack].childs_voice == "Jack: fine."
        assert visits[sam].childs_voice == ""
        assert visits[sam].status_of_child == "CIN Plan"
        tasks = s.scalars(select(AuthorisationTask)).all()
        assert sorted(t.visit_id for t in tasks) == sorted(ids.values())
    # Sam's record is a failed visit for Sam alone: only he needs another visit soon.
    sam_case = evaluate_child(workspace, sam, date(2026, 11, 3))
    jack_case = evaluate_child(workspace, jack, date(2026, 11, 3))
    assert sam_case.visits[-1].reattempt_due is not None
    assert jack_case.visits[-1].reattempt_due is None
    assert jack_case.visits[-1].statutory
    assert household_visits.others_visited(workspace, ids[jack]) == [
        "Lily Ashworth",
        "Sam Ashworth",
    ]


def test_completing_is_refused_naming_the_child_whose_record_is_not_ready(workspace, siblings):
    jack, lily, _sam = siblings
    hv = household_visits.start(workspace, [jack, lily], VISITED, **SHARED)
    ids = {r.child_id: r.visit_id for r in household_visits.records_of(workspace, hv)}
    household_visits.save(
        workspace,
        hv,
        {},
        {
            ids[jack]: _record(seen="yes", seen_alone="yes", bedroom_seen=True),
            ids[lily]: _record(seen="yes", seen_alone="no"),  # no reason given
        },
    )
    with pytest.raises(UserError, match="Lily Ashworth's record cannot be completed"):
        household_visits.complete(workspace, hv)
    with workspace.db.sessions() as s:
        assert {v.state for v in s.scalars(select(Visit))} == {"draft"}
        assert s.scalars(select(AuthorisationTask)).all() == []


def test_a_shared_answer_cannot_be_given_as_one_childs_own(workspace, siblings):
    jack, lily, _sam = siblings
    hv = household_visits.start(workspace, [jack, lily], VISITED, **SHARED)
    ids = [r.visit_id for r in household_visits.records_of(workspace, hv)]
    with pytest.raises(UserError, match="shared by the whole visit"):
        household_visits.save(workspace, hv, {}, {ids[0]: {"location": "school"}})


def test_a_looked_after_child_on_a_cp_plan_has_both_statuses_on_the_record(workspace, siblings):
    jack, lily, _sam = siblings
    with workspace.db.transaction() as s:
        plan = s.get(Child, lily).plans[0]
        plan.plan_type = "CP+CLA"
    hv = household_visits.start(workspace, [jack, lily], VISITED, **SHARED)
    by_child = {r.child_id: r.visit_id for r in household_visits.records_of(workspace, hv)}
    with workspace.db.sessions() as s:
        assert s.get(Visit, by_child[lily]).status_of_child == "CP Plan and Looked After (CLA)"


def test_the_manager_authorises_every_record_of_the_visit_at_once(make_workspace):
    manager = make_workspace(role="manager")
    jack = _sibling(manager, "Jack", date(2014, 5, 1))
    lily = _sibling(manager, "Lily", date(2017, 2, 3))
    households.join_household(manager, jack, lily, date(2026, 10, 1))
    hv = household_visits.start(manager, [jack, lily], VISITED, **SHARED)
    ids = [r.visit_id for r in household_visits.records_of(manager, hv)]
    own = {vid: _record(seen="yes", seen_alone="yes", bedroom_seen=True) for vid in ids}
    household_visits.save(manager, hv, {}, own)
    household_visits.complete(manager, hv)
    with manager.db.sessions() as s:
        first = s.scalar(select(AuthorisationTask.id).where(AuthorisationTask.visit_id == ids[0]))
    listed = household_visits.open_tasks(manager, first)
    assert [t.name for t in listed] == ["Jack Ashworth", "Lily Ashworth"]
    household_visits.authorise_all(manager, [t.task_id for t in listed], "Good visit.")
    with manager.db.sessions() as s:
        assert {v.state for v in s.scalars(select(Visit))} == {"authorised"}
    with pytest.raises(UserError, match="already been authorised"):
        household_visits.authorise_all(manager, [t.task_id for t in listed])


def test_a_household_reference_from_outside_becomes_the_same_household_everywhere(
    make_workspace,
):
    one, two = make_workspace(folder="one"), make_workspace(folder="two")
    plan = PlanInput("CIN", date(2026, 10, 1))
    a = records.add_child(
        one,
        given_name="A",
        family_name="B",
        date_of_birth=date(2015, 1, 1),
        plan=plan,
        household_id="HH-00123",
    )
    b = records.add_child(
        two,
        given_name="C",
        family_name="B",
        date_of_birth=date(2016, 1, 1),
        plan=plan,
        household_id=" hh-00123 ",
    )
    first = households.household_of(one, a)
    assert first.id == households.household_of(two, b).id
    assert first.members[0].since == one.today()
    with pytest.raises(UserError, match="household reference"):
        records.add_child(
            one,
            given_name="D",
            family_name="B",
            date_of_birth=date(2016, 1, 1),
            plan=plan,
            household_id="x" * 201,
        )


def _completed_pair(ws, siblings):
    jack, lily, _sam = siblings
    hv = household_visits.start(ws, [jack, lily], VISITED, **SHARED)
    ids = {r.child_id: r.visit_id for r in household_visits.records_of(ws, hv)}
    own = {vid: _record(seen="yes", seen_alone="yes", bedroom_seen=True) for vid in ids.values()}
    household_visits.save(ws, hv, {}, own)
    household_visits.complete(ws, hv)
    return hv, ids


def test_one_childs_returned_record_keeps_the_part_shared_with_the_others(make_workspace):
    manager = make_workspace(role="manager")
    jack = _sibling(manager, "Jack", date(2014, 5, 1))
    lily = _sibling(manager, "Lily", date(2017, 2, 3))
    households.join_household(manager, jack, lily, date(2026, 10, 1))
    _hv, ids = _completed_pair(manager, (jack, lily, None))
    with manager.db.sessions() as s:
        task = s.scalar(select(AuthorisationTask.id).where(AuthorisationTask.visit_id == ids[lily]))
    records.return_for_correction(manager, task, "Add what Lily said.")
    with pytest.raises(UserError, match="shared with the other children's records"):
        records.save_draft(manager, ids[lily], {"present": "Father only"})
    with pytest.raises(UserError, match="shared with the other children's records"):
        records.save_draft(manager, ids[lily], {"visited_at": datetime(2026, 11, 3, 9, 0)})
    records.save_draft(manager, ids[lily], {"childs_voice": "Lily said school is fun."})
    records.complete_visit(manager, ids[lily])


def test_leaving_out_all_but_one_child_makes_theirs_an_ordinary_visit(workspace, siblings):
    jack, lily, _sam = siblings
    hv = household_visits.start(workspace, [jack, lily], VISITED, **SHARED)
    ids = {r.child_id: r.visit_id for r in household_visits.records_of(workspace, hv)}
    household_visits.leave_out(workspace, hv, ids[lily])
    with workspace.db.sessions() as s:
        assert s.get(Visit, ids[lily]) is None
        assert s.get(Visit, ids[jack]).household_visit is None
    assert household_visits.others_visited(workspace, ids[jack]) == []


def test_a_visit_dated_before_a_childs_birth_cannot_be_completed(workspace, siblings):
    jack, lily, sam = siblings
    hv = household_visits.start(workspace, [jack, sam], VISITED, **SHARED)
    ids = {r.child_id: r.visit_id for r in household_visits.records_of(workspace, hv)}
    own = {vid: _record(seen="yes", seen_alone="yes", bedroom_seen=True) for vid in ids.values()}
    household_visits.save(workspace, hv, {"visited_at": datetime(2019, 1, 2, 10, 0)}, own)
    with pytest.raises(
        UserError, match="Sam Ashworth's record .* before the child's date of birth"
    ):
        household_visits.complete(workspace, hv)


def test_a_move_of_household_cannot_be_dated_before_the_child_was_born(workspace, siblings):
    jack, _lily, _sam = siblings
    baby = _sibling(workspace, "Cal", date(2026, 6, 1))
    with pytest.raises(UserError, match="was born on"):
        households.join_household(workspace, jack, baby, date(2020, 1, 1))
