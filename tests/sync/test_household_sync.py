"""A household visit through real bundles: the worker's three records reach the manager as
three tasks of one visit, are authorised with one call, and the decisions come back.

The attacks edit the payload before the real seal signs it with an enrolled device's own key
(manifest counts matching), as a worker's laptop under someone else's control could; each
refusal is one line and leaves the receiving database exactly as it was.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.services import test_sync_roles as roles
from tests.services.test_sync_flow import FULL, _dump
from tests.services.test_sync_roles import _child, _completed, _refused, _send
from visitdesk.errors import UserError
from visitdesk.services import household_visits, households, records, syncing
from visitdesk.services.records import PlanInput
from visitdesk.storage import answers
from visitdesk.storage.models import AuthorisationTask, Child, Visit

# The enrolled team (a worker, their manager, another worker) and the forger of signed bundles.
team = roles.team
forge = roles.forge

SHARED = {
    "location": "home",
    "announced": True,
    "present": "Mother, the three children",
    "home_conditions": "Warm and tidy; the new bunk beds are up.",
    "purpose": "Statutory visit for all three children.",
}
OTHER_ID = "0b5c2d3e-4f50-4a61-8b72-93a4b5c6d7e8"


def _own(**given):
    return {
        "findings": "Well and settled.",
        "analysis": "Plan on track.",
        "conclusion": "Continue the plan.",
        "recommendations": "Next visit in four weeks.",
        **given,
    }


def _sibling(ws, given, born):
    return records.add_child(
        ws,
        given_name=given,
        family_name="Ashworth",
        date_of_birth=born,
        plan=PlanInput("CIN", ws.today() - timedelta(days=90)),
    )


def _siblings(ws):
    """Jack, Lily and Sam living together; Lily came back to them after a month away."""
    today = ws.today()
    jack = _sibling(ws, "Jack", today.replace(year=today.year - 12))
    lily = _sibling(ws, "Lily", today.replace(year=today.year - 9))
    sam = _sibling(ws, "Sam", today.replace(year=today.year - 7))
    households.join_household(ws, jack, lily, today - timedelta(days=80))
    households.join_household(ws, jack, sam, today - timedelta(days=80))
    households.leave_household(ws, lily, today - timedelta(days=50))
    households.join_household(ws, jack, lily, today - timedelta(days=20))
    return jack, lily, sam


def _household_visit(ws, children, days_ago=2):
    """A completed household visit to ``children``: Jack seen alone, Lily seen with Jack and
    no carer, Sam not seen. Returns the household visit's id and each child's record."""
    at = ws.now().replace(hour=10, minute=0, second=0, microsecond=0) - timedelta(days=days_ago)
    hv = household_visits.start(ws, list(children), at, **SHARED)
    ids = {r.child_id: r.visit_id for r in household_visits.records_of(ws, hv)}
    words = iter(("Jack: school is fine.", "Lily: I like my room.", ""))
    own = {}
    for child_id in children:
        said = next(words)
        own[ids[child_id]] = (
            _own(seen="yes", seen_alone="yes", bedroom_seen=True, childs_voice=said)
            if said
            else _own(seen="no", findings="Sam was at nursery.")
        )
    household_visits.save(ws, hv, SHARED, own)
    household_visits.complete(ws, hv)
    return hv, ids


def _visit(ws, vid):
    with ws.db.sessions() as s:
        return s.get(Visit, vid)


def _child_row(ws, child_id):
    with ws.db.sessions() as s:
        return s.get(Child, child_id)


def _task_of(ws, vid):
    with ws.db.sessions() as s:
        return s.scalar(
            select(AuthorisationTask.id).where(
                AuthorisationTask.visit_id == vid, AuthorisationTask.state == "open"
            )
        )


def _open_tasks(ws):
    with ws.db.sessions() as s:
        return set(
            s.scalars(select(AuthorisationTask.visit_id).where(AuthorisationTask.state == "open"))
        )


def _carried(held, payload):
    """The record's row in the payload, put there (as ``held``) if this bundle would not carry
    it anyway."""
    rows = [row for row in payload["visits"] if row["id"] == held["id"]]
    if not rows:
        rows = [dict(held)]
        payload["visits"].append(rows[0])
    return rows[0]


def test_a_household_visit_reaches_the_manager_and_comes_back_authorised(team, tmp_path):
    worker, manager, _ = team
    jack, lily, sam = _siblings(worker)
    hv, ids = _household_visit(worker, (jack, lily, sam))

    got = _send(worker, manager, tmp_path / "w1.vdb")
    assert (got.counts["visits"], got.counts["tasks"], got.conflicts) == (3, 3, 0)
    assert _open_tasks(manager) == set(ids.values())
    for child_id, vid in ids.items():
        theirs, mine = _visit(manager, vid), _visit(worker, vid)
        assert theirs.household_visit == hv and theirs.child_id == child_id
        assert theirs.state == "completed"
        assert answers.values_of(theirs)["home_conditions"] == SHARED["home_conditions"]
        assert (theirs.seen, theirs.childs_voice) == (mine.seen, mine.childs_voice)
        assert records.content_hash(theirs) == records.content_hash(mine)
        here, there = _child_row(manager, child_id), _child_row(worker, child_id)
        assert (here.household_id, here.household_since, here.household_history) == (
            there.household_id,
            there.household_since,
            there.household_history,
        )
    assert _visit(manager, ids[lily]).childs_voice == "Lily: I like my room."
    assert (_visit(manager, ids[sam]).seen, _visit(manager, ids[sam]).childs_voice) == ("no", "")
    assert len({_child_row(manager, c).household_id for c in ids}) == 1
    [stay] = households.household_stays(manager, lily)
    assert stay.until == manager.today() - timedelta(days=50)
    assert _child_row(manager, lily).household_since == manager.today() - timedelta(days=20)
    assert household_visits.others_visited(manager, ids[jack]) == [
        "Lily Ashworth",
        "Sam Ashworth",
    ]

    listed = household_visits.open_tasks(manager, _task_of(manager, ids[lily]))
    assert [t.name for t in listed] == ["Jack Ashworth", "Lily Ashworth", "Sam Ashworth"]
    household_visits.authorise_all(manager, [t.task_id for t in listed], "A careful visit.")
    back = _send(manager, worker, tmp_path / "m1.vdb")
    assert back.counts["decisions"] == 3
    for vid in ids.values():
        assert _visit(worker, vid).state == "authorised"
    with worker.db.sessions() as s:
        comments = {t.comment for t in s.scalars(select(AuthorisationTask))}
    assert comments == {"A careful visit."}

    # Either bundle imported again changes nothing on either side.
    before = (_dump(worker), _dump(manager))
    assert syncing.import_bundle(worker, tmp_path / "m1.vdb").already_imported
    assert syncing.import_bundle(manager, tmp_path / "w1.vdb").already_imported
    assert (_dump(worker), _dump(manager)) == before


def test_the_household_visit_counts_as_content_of_the_record(workspace):
    child = _child(workspace)
    at = workspace.now().replace(hour=9, minute=0, second=0, microsecond=0) - timedelta(days=1)
    vid = records.start_visit(workspace, child, at, **FULL)
    alone = records.content_hash(_visit(workspace, vid))
    with workspace.db.transaction() as s:
        s.get(Visit, vid).household_visit = OTHER_ID
    assert records.content_hash(_visit(workspace, vid)) != alone


@pytest.mark.parametrize("moved_to", [OTHER_ID, None], ids=["another visit", "no visit"])
def test_a_completed_records_household_visit_never_changes_by_sync(team, tmp_path, forge, moved_to):
    worker, manager, _ = team
    jack, lily, sam = _siblings(worker)
    hv, ids = _household_visit(worker, (jack, lily, sam))
    _send(worker, manager, tmp_path / "w1.vdb")
    records.add_addendum(worker, ids[jack], "A late note.")  # something new to carry
    held = syncing._row(_visit(worker, ids[jack]))
    forge(lambda payload: _carried(held, payload).__setitem__("household_visit", moved_to))
    got = _send(worker, manager, tmp_path / "w2.vdb")

    assert got.conflicts == 1
    kept = _visit(manager, ids[jack])
    assert (kept.household_visit, kept.state) == (hv, "completed")
    with manager.db.sessions() as s:
        twin = s.scalar(select(Visit).where(Visit.conflict_of == ids[jack]))
        assert twin.household_visit == moved_to
    # The manager still authorises the three records of the visit, and nothing else.
    listed = household_visits.open_tasks(manager, _task_of(manager, ids[sam]))
    assert {t.visit_id for t in listed} == set(ids.values())


def test_taking_the_other_version_takes_its_household_visit_too(team, tmp_path, forge):
    worker, manager, _ = team
    jack, lily, sam = _siblings(worker)
    hv, ids = _household_visit(worker, (jack, lily, sam))
    _send(worker, manager, tmp_path / "w1.vdb")
    records.add_addendum(worker, ids[jack], "A late note.")
    held = syncing._row(_visit(worker, ids[jack]))
    forge(lambda payload: _carried(held, payload).__setitem__("household_visit", None))
    assert _send(worker, manager, tmp_path / "w2.vdb").conflicts == 1
    records.resolve_conflict(manager, ids[jack], keep_other=True)
    kept = _visit(manager, ids[jack])
    assert kept.household_visit is None
    # What the record now says is the version the worker sent: no conflict comes of it again.
    assert records.content_hash(kept) == kept.synced_hash
    records.add_addendum(worker, ids[jack], "Another note.")
    assert _send(worker, manager, tmp_path / "w3.vdb").conflicts == 0
    listed = household_visits.open_tasks(manager, _task_of(manager, ids[lily]))
    assert {t.visit_id for t in listed} == {ids[lily], ids[sam]}


def test_an_authorised_records_household_visit_never_changes_by_sync(team, tmp_path, forge):
    worker, manager, _ = team
    jack, lily, sam = _siblings(worker)
    hv, ids = _household_visit(worker, (jack, lily, sam))
    _send(worker, manager, tmp_path / "w1.vdb")
    listed = household_visits.open_tasks(manager, _task_of(manager, ids[jack]))
    household_visits.authorise_all(manager, [t.task_id for t in listed])
    _send(manager, worker, tmp_path / "m1.vdb")
    records.add_addendum(worker, ids[lily], "A late note.")
    held = syncing._row(_visit(worker, ids[lily]))
    forge(lambda payload: _carried(held, payload).__setitem__("household_visit", OTHER_ID))
    got = _send(worker, manager, tmp_path / "w2.vdb")
    assert got.conflicts == 1
    kept = _visit(manager, ids[lily])
    assert (kept.household_visit, kept.state) == (hv, "authorised")


def test_a_record_of_a_household_visit_still_a_draft_may_change(team, tmp_path):
    worker, manager, _ = team
    jack, lily, _sam = _siblings(worker)
    at = worker.now().replace(hour=10, minute=0, second=0, microsecond=0) - timedelta(days=1)
    hv = household_visits.start(worker, [jack, lily], at, **SHARED)
    ids = {r.child_id: r.visit_id for r in household_visits.records_of(worker, hv)}
    syncing.export_bundle(worker, tmp_path / "w1.vdb", include_drafts=True)
    syncing.import_bundle(manager, tmp_path / "w1.vdb")
    assert _visit(manager, ids[jack]).household_visit == hv
    household_visits.save(
        worker, hv, {"purpose": "Both children, after school."}, {ids[jack]: _own()}
    )
    syncing.export_bundle(worker, tmp_path / "w2.vdb", include_drafts=True)
    got = syncing.import_bundle(manager, tmp_path / "w2.vdb")
    assert got.conflicts == 0
    assert _visit(manager, ids[jack]).purpose == "Both children, after school."
    assert _visit(manager, ids[lily]).purpose == "Both children, after school."


def _every(table, column, value):
    def edit(payload):
        for row in payload[table]:
            row[column] = value

    return edit


@pytest.mark.parametrize(
    "table, column, value, match",
    [
        ("visits", "household_visit", "the Ashworths", "visits.household_visit is not an id"),
        ("visits", "household_visit", "x" * 37, "visits.household_visit is longer than 36"),
        (
            "visits",
            "household_visit",
            OTHER_ID.upper(),
            "visits.household_visit is not an id",
        ),
        ("visits", "household_visit", 7, "visits.household_visit is not text"),
        ("visits", "household_visit", "", "visits.household_visit is not an id"),
        ("children", "household_id", "ASH/01", "children.household_id is not an id"),
        ("children", "household_id", ["a"], "children.household_id is not text"),
        ("children", "household_since", "2026-02-30", "household_since is not a valid date"),
    ],
    ids=[
        "words",
        "too long",
        "upper case",
        "a number",
        "empty",
        "household words",
        "a list",
        "impossible date",
    ],
)
def test_a_household_visit_or_household_that_is_not_an_id_is_refused(
    team, tmp_path, forge, table, column, value, match
):
    worker, manager, _ = team
    jack, lily, sam = _siblings(worker)
    _household_visit(worker, (jack, lily, sam))
    forge(_every(table, column, value))
    syncing.export_bundle(worker, tmp_path / "w1.vdb")
    _refused(manager, tmp_path / "w1.vdb", match)
    with manager.db.sessions() as s:
        assert s.scalars(select(Visit)).all() == []


def _stay(n, household=OTHER_ID, start="2020-01-01", until=None):
    return {"household": household, "from": start, "until": until or f"{2020 + n // 300}-02-01"}


@pytest.mark.parametrize(
    "history, match",
    [
        ("[{", "household history cannot be read"),
        ('{"household": 1}', "household history is not a list"),
        (json.dumps([_stay(0, household="a sister's house")]), "does not name a household"),
        (json.dumps([{**_stay(0), "note": "with gran"}]), "household stay is not one"),
        (json.dumps([{"household": OTHER_ID}]), "household stay is not one"),
        (json.dumps([_stay(0, until="2020-13-01")]), "last day is not a date"),
        (json.dumps([_stay(0, start="2021-01-01", until="2020-06-01")]), "ends before"),
        (
            json.dumps([_stay(0, until="2021-01-01"), _stay(1, until="2020-06-01")]),
            "not in date order",
        ),
        (json.dumps([_stay(n) for n in range(201)]), "more than 200 moves"),
        ("[" + ",".join(["[]"] * 2000) + "]", "household history cannot be read"),
        ("[" * 100_000 + "]" * 100_000, "household history cannot be read"),
        (json.dumps([_stay(0)]) + " " * (1024 * 1024), "household_history is longer than"),
    ],
    ids=[
        "broken JSON",
        "not a list",
        "not a household",
        "unknown key",
        "missing keys",
        "impossible date",
        "ends first",
        "out of order",
        "too many moves",
        "too many values",
        "nested deep",
        "too long",
    ],
)
def test_a_household_history_visitdesk_cannot_accept_is_refused(
    team, tmp_path, forge, history, match
):
    worker, manager, _ = team
    jack, lily, sam = _siblings(worker)
    _household_visit(worker, (jack, lily, sam))
    forge(_every("children", "household_history", history))
    syncing.export_bundle(worker, tmp_path / "w1.vdb")
    before = _dump(manager)
    with pytest.raises(UserError, match=match) as caught:
        syncing.import_bundle(manager, tmp_path / "w1.vdb")
    message = str(caught.value)
    assert "\n" not in message and len(message) < 400
    assert message.endswith("nothing was imported")
    assert _dump(manager) == before


@pytest.mark.parametrize(
    "edit, match",
    [
        (
            lambda row, today: row.update(household_since=str(today + timedelta(days=9))),
            "joined their household on a day still to come",
        ),
        (
            lambda row, today: row.update(
                household_history=json.dumps([_stay(0, until=str(today + timedelta(days=9)))])
            ),
            "left a household on a day still to come",
        ),
        (
            lambda row, today: row.update(household_id=None),
            "joined a household on a date but lives in none",
        ),
    ],
    ids=["joined later", "left later", "since without a household"],
)
def test_household_dates_a_worker_could_not_have_recorded_are_refused(
    team, tmp_path, forge, edit, match
):
    worker, manager, _ = team
    jack, lily, sam = _siblings(worker)
    _household_visit(worker, (jack, lily, sam))
    today = worker.today()

    def forged(payload):
        for row in payload["children"]:
            edit(row, today)

    forge(forged)
    syncing.export_bundle(worker, tmp_path / "w1.vdb")
    _refused(manager, tmp_path / "w1.vdb", match)


def test_a_move_dated_before_the_last_one_is_refused_so_the_history_always_travels(team, tmp_path):
    worker, manager, _ = team
    jack, lily, _sam = _siblings(worker)  # Lily left on day -50 and came back on day -20
    households.leave_household(worker, lily, worker.today() - timedelta(days=10))
    with pytest.raises(UserError, match="last moved household on"):
        households.join_household(worker, jack, lily, worker.today() - timedelta(days=15))
    households.join_household(worker, jack, lily, worker.today() - timedelta(days=5))
    _completed(worker, lily)
    got = _send(worker, manager, tmp_path / "w1.vdb")
    assert got.counts["visits"] == 1
    stays = households.household_stays(manager, lily)
    assert [s.until for s in stays] == [manager.today() - timedelta(days=d) for d in (50, 10)]


def test_records_of_one_household_visit_are_each_for_another_child(team, tmp_path, forge):
    worker, manager, _ = team
    jack, lily, sam = _siblings(worker)
    _household_visit(worker, (jack, lily, sam))
    ben = _child(worker, "Ben")
    other_visit = _completed(worker, ben)

    def twice(payload):
        # Jack's record and another of Jack's, as one household visit: it names him twice.
        rows = {row["id"]: row for row in payload["visits"]}
        jack_row = next(r for r in rows.values() if r["child_id"] == jack)
        rows[other_visit].update(child_id=jack, household_visit=jack_row["household_visit"])

    forge(twice)
    syncing.export_bundle(worker, tmp_path / "w1.vdb")
    _refused(manager, tmp_path / "w1.vdb", "holds two records for one child")


def test_a_later_record_cannot_join_a_household_visit_already_held(team, tmp_path, forge):
    worker, manager, _ = team
    jack, lily, sam = _siblings(worker)
    hv, ids = _household_visit(worker, (jack, lily, sam), days_ago=5)
    _send(worker, manager, tmp_path / "w1.vdb")
    later = _completed(worker, jack, days_ago=1)
    forge(lambda payload: [r.update(household_visit=hv) for r in payload["visits"]])
    syncing.export_bundle(worker, tmp_path / "w2.vdb")
    _refused(manager, tmp_path / "w2.vdb", "holds two records for one child")
    assert _visit(manager, later) is None


def test_a_household_visit_of_more_children_than_a_household_holds_is_refused(
    team, tmp_path, forge
):
    worker, manager, _ = team
    for n in range(households.MAX_HOUSEHOLD + 1):
        _completed(worker, _child(worker, f"Child{n}"))
    forge(_every("visits", "household_visit", OTHER_ID))
    syncing.export_bundle(worker, tmp_path / "w1.vdb")
    _refused(manager, tmp_path / "w1.vdb", "is for more than 16 children")


@pytest.mark.parametrize("first", ["genuine", "claimer"])
def test_authorise_all_never_groups_records_of_two_workers(team, tmp_path, forge, first):
    worker, manager, other = team
    jack, lily, sam = _siblings(worker)
    hv, ids = _household_visit(worker, (jack, lily, sam))
    syncing.export_bundle(worker, tmp_path / "w1.vdb")
    ben = _child(other, "Ben")
    theirs = _completed(other, ben)
    # Ben's record, from another worker's device, claims the Ashworths' household visit.
    forge(_every("visits", "household_visit", hv))
    syncing.export_bundle(other, tmp_path / "o1.vdb")
    order = ["w1.vdb", "o1.vdb"] if first == "genuine" else ["o1.vdb", "w1.vdb"]
    for name in order:
        syncing.import_bundle(manager, tmp_path / name)
    assert _open_tasks(manager) == {*ids.values(), theirs}

    listed = household_visits.open_tasks(manager, _task_of(manager, ids[jack]))
    assert {t.visit_id for t in listed} == set(ids.values())
    assert [
        t.visit_id for t in household_visits.open_tasks(manager, _task_of(manager, theirs))
    ] == [theirs]
    assert household_visits.others_visited(manager, theirs) == []
    assert "Ben Brook" not in household_visits.others_visited(manager, ids[jack])
    with pytest.raises(UserError, match="not of one household visit"):
        household_visits.authorise_all(
            manager, [*(t.task_id for t in listed), _task_of(manager, theirs)]
        )
    assert _open_tasks(manager) == {*ids.values(), theirs}
    household_visits.authorise_all(manager, [t.task_id for t in listed])
    assert _open_tasks(manager) == {theirs}
    assert _visit(manager, theirs).state == "completed"


def test_a_bundle_of_schema_3_still_imports_with_no_households(team, tmp_path, forge):
    worker, manager, _ = team
    jack, lily, sam = _siblings(worker)
    hv, ids = _household_visit(worker, (jack, lily, sam))

    def older(payload):
        # As a worker's VisitDesk of the release before households wrote it.
        payload["schema"] = 3
        for row in payload["children"]:
            del row["household_since"], row["household_history"]
        for row in payload["visits"]:
            del row["household_visit"]

    forge(older)
    got = _send(worker, manager, tmp_path / "w1.vdb")
    assert (got.counts["visits"], got.counts["tasks"], got.conflicts) == (3, 3, 0)
    for child_id, vid in ids.items():
        visit = _visit(manager, vid)
        assert (visit.household_visit, visit.state) == (None, "completed")
        assert visit.childs_voice == _visit(worker, vid).childs_voice
        child = _child_row(manager, child_id)
        assert (child.household_since, child.household_history) == (None, "")
    # Each record stands alone: the manager authorises them one by one.
    assert len(household_visits.open_tasks(manager, _task_of(manager, ids[jack]))) == 1


def test_another_childs_record_of_another_visit_cannot_join_a_household_visit(
    team, tmp_path, forge
):
    # Ben's own visit, days apart from the siblings' and somewhere else, claims their household
    # visit: the manager would be asked to authorise it "with" them, and its PDF would say
    # the siblings were visited with him.
    worker, manager, _ = team
    jack, lily, sam = _siblings(worker)
    hv, _ids = _household_visit(worker, (jack, lily, sam), days_ago=5)
    _send(worker, manager, tmp_path / "w1.vdb")
    ben = _child(worker, "Ben")
    later = _completed(worker, ben, days_ago=1)
    forge(lambda payload: [r.update(household_visit=hv) for r in payload["visits"]])
    syncing.export_bundle(worker, tmp_path / "w2.vdb")
    _refused(manager, tmp_path / "w2.vdb", "disagree about the visit")
    assert _visit(manager, later) is None
