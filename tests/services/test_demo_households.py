"""The demo caseload's sibling groups: a household each, with dates, and completed household
visits whose records share the visit's part and keep each child's own."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

import pytest
from sqlalchemy import select

from visitdesk.services import caseload, demo, household_visits, households
from visitdesk.services.checks import completion_check
from visitdesk.services.facts import current_plan
from visitdesk.storage import answers
from visitdesk.storage.models import AuthorisationTask, Child, Visit

POLICIES = ("getting-it-right-2018", "visiting-policy-2019", "leicestershire-cin-2024")


def _household_visits(ws) -> dict[str, list[Visit]]:
    with ws.db.sessions() as session:
        found = defaultdict(list)
        for visit in session.scalars(select(Visit).where(Visit.household_visit.is_not(None))):
            visit.child.plans  # noqa: B018 - read while the session is open
            found[visit.household_visit].append(visit)
        return dict(found)


@pytest.mark.parametrize("role", ["worker", "manager"])
@pytest.mark.parametrize("policy", POLICIES)
def test_the_demo_visits_a_group_of_three_and_a_group_of_two_siblings_together(
    make_workspace, policy, role
):
    ws = make_workspace(role=role, policy=policy)
    demo.fill(ws)
    found = _household_visits(ws)
    assert sorted({len(v) for v in found.values()}) == [2, 3]
    assert len(found) >= 2
    groups = {frozenset(v.child_id for v in visits) for visits in found.values()}
    assert sorted(len(g) for g in groups) == [2, 3]  # the same children at each of a group's
    for visits in found.values():
        day = visits[0].visited_at.date()
        children = [v.child for v in visits]
        assert len({c.id for c in children}) == len(children)
        # Children of one household, living there on the day of the visit.
        assert len({c.household_id for c in children}) == 1 and children[0].household_id
        assert all(c.household_since is not None and c.household_since <= day for c in children)
        assert len({c.family_name for c in children}) == 1
        assert len({c.address for c in children}) == 1
        view = households.household_of(ws, children[0].id)
        assert {m.child_id for m in view.members} == {c.id for c in children}


@pytest.mark.parametrize("role", ["worker", "manager"])
def test_each_record_holds_the_same_shared_part_and_the_childs_own(make_workspace, role):
    ws = make_workspace(role=role)
    demo.fill(ws)
    for household_visit, visits in _household_visits(ws).items():
        values = [answers.values_of(v) for v in visits]
        for name in household_visits.SHARED:
            assert len({repr(v[name]) for v in values}) == 1, name
        assert all(v["home_conditions"] and v["purpose"] for v in values)
        voices = [v["childs_voice"] for v in values if v["childs_voice"]]
        assert voices and len(set(voices)) == len(voices)
        for visit, value in zip(visits, values, strict=True):
            assert value["childs_voice"] == "" or visit.child.given_name in value["childs_voice"]
            plan = current_plan(list(visit.child.plans), visit.visited_at.date())
            assert visit.status_of_child == household_visits.plan_status(plan.plan_type)
        # Completed together, each awaiting (or given) the manager's decision.
        assert len({v.completed_at for v in visits}) == 1
        assert len({v.state for v in visits}) == 1
        assert visits[0].state in ("completed", "authorised")
        with ws.db.sessions() as session:
            for visit in visits:
                [task] = session.scalars(
                    select(AuthorisationTask).where(AuthorisationTask.visit_id == visit.id)
                ).all()
                assert task.visit_revision == visit.revision == 1
                assert task.created_at == visit.completed_at
                assert task.state == {"completed": "open"}.get(visit.state, visit.state)
                # The check shown at completion is kept with the record, as every demo one.
                frozen = completion_check(session.get(Visit, visit.id))
                assert frozen is not None and frozen.completed_at == visit.completed_at
        assert household_visits.others_visited(ws, visits[0].id)
        assert {r.visit_id for r in household_visits.records_of(ws, household_visit)} == {
            v.id for v in visits
        }


def test_a_managers_demo_leaves_the_latest_household_visit_to_authorise_at_once(make_workspace):
    ws = make_workspace(role="manager")
    demo.fill(ws)
    latest = max(_household_visits(ws).values(), key=lambda visits: visits[0].visited_at)
    assert {v.state for v in latest} == {"completed"}
    with ws.db.sessions() as session:
        task = session.scalar(
            select(AuthorisationTask.id).where(AuthorisationTask.visit_id == latest[0].id)
        )
    listed = household_visits.open_tasks(ws, task)
    assert {t.visit_id for t in listed} == {v.id for v in latest}
    household_visits.authorise_all(ws, [t.task_id for t in listed])


def test_the_children_visited_together_have_no_record_of_their_own_beside_it(make_workspace):
    ws = make_workspace()
    demo.fill(ws)
    found = _household_visits(ws)
    with ws.db.sessions() as session:
        for visits in found.values():
            for visit in visits:
                near = session.scalars(
                    select(Visit).where(
                        Visit.child_id == visit.child_id,
                        Visit.household_visit.is_(None),
                        Visit.visited_at >= visit.visited_at - timedelta(days=3),
                        Visit.visited_at <= visit.visited_at + timedelta(days=3),
                    )
                ).all()
                assert near == []


def test_no_child_visited_together_is_left_overdue(make_workspace):
    ws = make_workspace()
    demo.fill(ws)
    together = {v.child_id for visits in _household_visits(ws).values() for v in visits}
    rows = {r.child_id: r for r in caseload.caseload(ws)}
    assert {rows[c].status for c in together} <= {"ok", "due_soon", "action", "no_standard"}


def test_the_same_seed_gives_the_same_households(make_workspace):
    def households_of(folder: str) -> list:
        ws = make_workspace(folder=folder)
        demo.fill(ws, seed=4)
        out = sorted(
            (visits[0].visited_at, sorted(v.child.full_name for v in visits))
            for visits in _household_visits(ws).values()
        )
        with ws.db.sessions() as session:
            homes = sorted(
                (c.full_name, c.household_since)
                for c in session.scalars(select(Child).where(Child.household_id.is_not(None)))
            )
        return [out, homes]

    assert households_of("one") == households_of("two")


@pytest.mark.parametrize("children", [1, 2, 5, 12])
def test_a_small_demo_visits_what_siblings_it_has(make_workspace, children):
    ws = make_workspace(policy="visiting-policy-2019")
    assert demo.fill(ws, children=children, seed=7) == children
    with ws.db.sessions() as session:
        assert len(session.scalars(select(Child)).all()) == children
    for visits in _household_visits(ws).values():
        assert len(visits) in (2, 3)
        assert len({v.child.household_id for v in visits}) == 1
