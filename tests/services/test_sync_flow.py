"""A worker's records reach the manager and the decisions come back, through real bundle files."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

import pytest
from sqlalchemy import select, text

from visitdesk.errors import UserError
from visitdesk.services import records, syncing
from visitdesk.services.records import PlanInput
from visitdesk.storage.models import AuthorisationTask, Visit

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


def _dump(ws) -> str:
    """Every row of every table, to prove a refused import changed nothing."""
    h = hashlib.sha256()
    with ws.db.engine.connect() as conn:
        tables = [
            r[0]
            for r in conn.execute(
                text("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
            )
        ]
        for table in tables:
            for row in conn.execute(text(f"SELECT * FROM {table} ORDER BY 1")):
                h.update(repr(tuple(row)).encode())
    return h.hexdigest()


@pytest.fixture
def team(make_workspace, tmp_path):
    worker = make_workspace(role="worker", name="Sam Worker", folder="worker")
    manager = make_workspace(role="manager", name="Morgan Manager", folder="manager")
    syncing.export_card(worker, tmp_path / "sam.card")
    syncing.export_card(manager, tmp_path / "morgan.card")
    enrolled = syncing.import_card(manager, tmp_path / "sam.card")
    joined = syncing.import_card(worker, tmp_path / "morgan.card")
    assert enrolled.fingerprint == syncing.my_card(worker).fingerprint
    assert joined.fingerprint == syncing.my_card(manager).fingerprint
    return worker, manager


def _visits(ws, child, n, start_days_ago=10):
    ids = []
    for i in range(n):
        at = ws.now().replace(hour=10, minute=0, second=0, microsecond=0) - timedelta(
            days=start_days_ago - i
        )
        vid = records.start_visit(ws, child, at, **FULL)
        records.complete_visit(ws, vid)
        ids.append(vid)
    return ids


def test_the_round_trip_from_worker_to_manager_and_back(team, tmp_path):
    worker, manager = team
    child = records.add_child(
        worker,
        given_name="Łucja",
        family_name="Nowak",
        date_of_birth=date(2015, 6, 1),
        plan=PlanInput("CIN", worker.today() - timedelta(days=40)),
    )
    v1, v2 = _visits(worker, child, 2)

    first = syncing.export_bundle(worker, tmp_path / "w1.vdb")
    assert first.counts["visits"] == 2
    assert b"Nowak" not in (tmp_path / "w1.vdb").read_bytes()
    got = syncing.import_bundle(manager, tmp_path / "w1.vdb")
    assert got.counts["visits"] == 2 and got.conflicts == 0

    with manager.db.sessions() as s:
        tasks = {
            t.visit_id: t.id
            for t in s.scalars(select(AuthorisationTask).where(AuthorisationTask.state == "open"))
        }
    assert set(tasks) == {v1, v2}
    records.authorise(manager, tasks[v1])
    records.return_for_correction(manager, tasks[v2], "Please add her own words.")
    assert syncing.waiting_to_send(manager) == {"tasks": 2}
    back = syncing.export_bundle(manager, tmp_path / "m1.vdb")
    assert back.counts["decisions"] == 2

    summary = syncing.import_bundle(worker, tmp_path / "m1.vdb")
    assert summary.counts["decisions"] == 2
    from visitdesk.storage.models import AuditEvent

    with worker.db.sessions() as s:
        decisions = {(e.entity_id, e.action) for e in s.scalars(select(AuditEvent))}
    assert (v1, "authorised_by_manager") in decisions
    assert (v2, "returned_by_manager") in decisions
    with worker.db.sessions() as s:
        assert s.get(Visit, v1).state == "authorised"
        assert s.get(Visit, v2).state == "returned"
        comment = s.scalar(
            select(AuthorisationTask.comment).where(
                AuthorisationTask.visit_id == v2, AuthorisationTask.state == "returned"
            )
        )
        assert comment == "Please add her own words."

    # The worker corrects the returned record; the next bundle holds only that change.
    records.save_draft(worker, v2, {"childs_voice": "She said she likes her new school."})
    records.complete_visit(worker, v2)
    second = syncing.export_bundle(worker, tmp_path / "w2.vdb")
    assert second.counts["visits"] == 1
    syncing.import_bundle(manager, tmp_path / "w2.vdb")
    with manager.db.sessions() as s:
        visit = s.get(Visit, v2)
        assert (visit.state, visit.revision) == ("completed", 2)
        assert visit.childs_voice == "She said she likes her new school."


def test_importing_the_same_bundle_twice_changes_nothing(team, tmp_path):
    worker, manager = team
    child = records.add_child(
        worker,
        given_name="Ada",
        family_name="Brook",
        date_of_birth=date(2015, 6, 1),
        plan=PlanInput("CIN", worker.today() - timedelta(days=40)),
    )
    _visits(worker, child, 1)
    syncing.export_bundle(worker, tmp_path / "w1.vdb")
    syncing.import_bundle(manager, tmp_path / "w1.vdb")
    before = _dump(manager)
    again = syncing.import_bundle(manager, tmp_path / "w1.vdb")
    assert again.already_imported
    assert _dump(manager) == before


def test_an_older_bundle_after_a_newer_one_is_refused(team, tmp_path):
    worker, manager = team
    child = records.add_child(
        worker,
        given_name="Ada",
        family_name="Brook",
        date_of_birth=date(2015, 6, 1),
        plan=PlanInput("CIN", worker.today() - timedelta(days=40)),
    )
    _visits(worker, child, 1)
    syncing.export_bundle(worker, tmp_path / "w1.vdb")
    _visits(worker, child, 1, start_days_ago=5)
    syncing.export_bundle(worker, tmp_path / "w2.vdb")
    syncing.import_bundle(manager, tmp_path / "w2.vdb")
    before = _dump(manager)
    with pytest.raises(UserError, match="older than one already imported"):
        syncing.import_bundle(manager, tmp_path / "w1.vdb")
    assert _dump(manager) == before


@pytest.mark.parametrize("damage", ["truncate", "flip", "empty", "not_a_bundle"])
def test_a_damaged_bundle_is_refused_and_changes_nothing(team, tmp_path, damage):
    worker, manager = team
    child = records.add_child(
        worker,
        given_name="Ada",
        family_name="Brook",
        date_of_birth=date(2015, 6, 1),
        plan=PlanInput("CIN", worker.today() - timedelta(days=40)),
    )
    _visits(worker, child, 1)
    path = tmp_path / "w1.vdb"
    syncing.export_bundle(worker, path)
    data = bytearray(path.read_bytes())
    if damage == "truncate":
        data = data[: len(data) // 2]
    elif damage == "flip":
        data[len(data) // 2] ^= 0x01
    elif damage == "empty":
        data = bytearray()
    else:
        data = bytearray(b"%PDF-1.7 this is a PDF, not a bundle")
    path.write_bytes(bytes(data))
    before = _dump(manager)
    with pytest.raises(UserError):
        syncing.import_bundle(manager, path)
    assert _dump(manager) == before


def test_a_bundle_from_a_stranger_is_refused(team, make_workspace, tmp_path):
    worker, manager = team
    stranger = make_workspace(role="worker", name="Stranger", folder="stranger")
    syncing.import_card(stranger, tmp_path / "morgan.card")  # joins without being enrolled
    child = records.add_child(
        stranger,
        given_name="Ada",
        family_name="Brook",
        date_of_birth=date(2015, 6, 1),
        plan=PlanInput("CIN", stranger.today() - timedelta(days=40)),
    )
    _visits(stranger, child, 1)
    syncing.export_bundle(stranger, tmp_path / "s.vdb")
    before = _dump(manager)
    with pytest.raises(UserError):
        syncing.import_bundle(manager, tmp_path / "s.vdb")
    assert _dump(manager) == before


def _edit_on_both_sides(worker, manager, tmp_path):
    """One completed record of the worker's reaches the manager; then the worker's device
    sends other words for the same completed revision (a faulty or tampered copy, validly
    signed). Returns (child, visit, summary of that second import).
    """
    child = records.add_child(
        worker,
        given_name="Ada",
        family_name="Brook",
        date_of_birth=date(2015, 6, 1),
        plan=PlanInput("CIN", worker.today() - timedelta(days=40)),
    )
    (vid,) = _visits(worker, child, 1)
    syncing.export_bundle(worker, tmp_path / "w1.vdb")
    syncing.import_bundle(manager, tmp_path / "w1.vdb")
    with worker.db.transaction() as s:  # behind the service's back, as a faulty copy would
        s.get(Visit, vid).findings = "Worker's wording."
    syncing.export_bundle(worker, tmp_path / "w2.vdb")
    return child, vid, syncing.import_bundle(manager, tmp_path / "w2.vdb")


def test_a_completed_record_is_never_overwritten_by_sync_but_kept_twice(team, tmp_path):
    worker, manager = team
    _child, vid, got = _edit_on_both_sides(worker, manager, tmp_path)
    assert got.conflicts == 1
    with manager.db.sessions() as s:
        assert s.get(Visit, vid).findings == "f"
        versions = s.scalars(
            select(Visit).where((Visit.id == vid) | (Visit.conflict_of == vid))
        ).all()
        assert sorted(v.findings for v in versions) == ["Worker's wording.", "f"]
        twin = s.scalar(select(Visit).where(Visit.conflict_of == vid))
        assert twin.state == "completed"


def test_cards_of_the_wrong_kind_are_refused(team, tmp_path, make_workspace):
    worker, manager = team
    with pytest.raises(UserError, match="own card"):
        syncing.import_card(worker, tmp_path / "sam.card")
    other = make_workspace(role="worker", name="Other", folder="other")
    syncing.export_card(other, tmp_path / "other.card")
    with pytest.raises(UserError, match="worker's card"):
        syncing.import_card(worker, tmp_path / "other.card")
    (tmp_path / "junk.card").write_bytes(b"{not json")
    with pytest.raises(UserError):
        syncing.import_card(manager, tmp_path / "junk.card")


def test_choosing_a_version_settles_the_conflict(team, tmp_path, qtbot, monkeypatch):
    from visitdesk.ui.hub import Hub
    from visitdesk.ui.main_window import MainWindow
    from visitdesk.ui.visit_form import VisitForm

    worker, manager = team
    child, vid, _got = _edit_on_both_sides(worker, manager, tmp_path)

    monkeypatch.setattr(VisitForm, "confirm_resolve", lambda self, keep_other: True)
    win = MainWindow(manager, Hub())
    qtbot.addWidget(win)
    qtbot.waitUntil(lambda: win.caseload_ready, timeout=10000)
    row = next(r for r in win._rows if r.child_id == child)
    assert "changed in two places" in row.attention
    win.open_visit(vid)
    form = win.visit_form
    assert form.conflict_bar.isVisibleTo(form)
    form.keep_other_button.click()
    form = win.visit_form
    assert not form.conflict_bar.isVisibleTo(form)
    assert form.narrative["findings"].toPlainText() == "Worker's wording."
    with manager.db.sessions() as s:
        assert s.scalars(select(Visit).where(Visit.conflict_of == vid)).all() == []


def test_a_bundle_for_another_team_is_refused(team, make_workspace, tmp_path):
    worker, manager = team
    other_worker = make_workspace(role="worker", name="Other Worker", folder="ow")
    other_manager = make_workspace(role="manager", name="Other Manager", folder="om")
    syncing.export_card(other_worker, tmp_path / "ow.card")
    syncing.export_card(other_manager, tmp_path / "om.card")
    syncing.import_card(other_manager, tmp_path / "ow.card")
    syncing.import_card(other_worker, tmp_path / "om.card")
    syncing.import_card(manager, tmp_path / "ow.card")  # even when the sender is known here
    child = records.add_child(
        other_worker,
        given_name="Ada",
        family_name="Brook",
        date_of_birth=date(2015, 6, 1),
        plan=PlanInput("CIN", other_worker.today() - timedelta(days=40)),
    )
    _visits(other_worker, child, 1)
    syncing.export_bundle(other_worker, tmp_path / "ow.vdb")
    before = _dump(manager)
    with pytest.raises(UserError):
        syncing.import_bundle(manager, tmp_path / "ow.vdb")
    assert _dump(manager) == before


def test_random_damage_to_a_bundle_never_changes_the_database(team, tmp_path):
    from hypothesis import HealthCheck, assume, given, settings
    from hypothesis import strategies as st

    worker, manager = team
    child = records.add_child(
        worker,
        given_name="Ada",
        family_name="Brook",
        date_of_birth=date(2015, 6, 1),
        plan=PlanInput("CIN", worker.today() - timedelta(days=40)),
    )
    _visits(worker, child, 2)
    good = tmp_path / "w1.vdb"
    syncing.export_bundle(worker, good)
    original = good.read_bytes()
    before = _dump(manager)
    bad = tmp_path / "bad.vdb"

    @settings(
        max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(st.data())
    def damage(data):
        raw = bytearray(original)
        if data.draw(st.booleans(), label="truncate"):
            raw = raw[: data.draw(st.integers(0, len(raw) - 1), label="keep")]
        else:
            for _ in range(data.draw(st.integers(1, 4), label="flips")):
                i = data.draw(st.integers(0, len(raw) - 1), label="at")
                raw[i] ^= data.draw(st.integers(1, 255), label="mask")
        assume(bytes(raw) != original)  # two flips of one byte can cancel out
        bad.write_bytes(bytes(raw))
        with pytest.raises(UserError):
            syncing.import_bundle(manager, bad)
        assert _dump(manager) == before

    damage()
