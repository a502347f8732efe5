"""A worker's mark that a record was entered in the case system reaches the manager in real
bundles and takes the record off the reconciliation list; bundles validly signed by an
enrolled device that misuse the marks are refused whole (or change nothing), in one line."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.services import test_sync_roles as roles
from tests.services.test_sync_flow import _dump
from tests.services.test_sync_roles import _child, _completed, _refused, _task
from visitdesk.errors import UserError
from visitdesk.services import case_entries, records, syncing
from visitdesk.storage.models import CaseSystemEntry, Visit

forge = roles.forge
team = roles.team


def _exchange(sender, receiver, path, to=None):
    syncing.export_bundle(sender, path, to=to)
    return syncing.import_bundle(receiver, path)


def _authorised(worker, manager, folder, tag):
    """A record of ``worker``'s, authorised by the manager, the decision back on the laptop."""
    vid = _completed(worker, _child(worker, given=f"Ada{tag}"))
    _exchange(worker, manager, folder / f"{tag}-records.vdb")
    records.authorise(manager, _task(manager, vid).id)
    _exchange(manager, worker, folder / f"{tag}-decisions.vdb", to=worker.identity.worker_name)
    return vid


def _entries(ws):
    with ws.db.sessions() as s:
        return {
            e.visit_id: (e.entered_on, e.entered_by, e.marked_at, e.marked_device)
            for e in s.scalars(select(CaseSystemEntry))
        }


def _row(vid, on, by="Pat Support", at="2026-11-30T10:00:00"):
    return {"visit_id": vid, "entered_on": on, "entered_by": by, "marked_at": at}


def test_a_mark_travels_to_the_manager_and_the_record_leaves_the_list(team, tmp_path):
    worker, manager, _ = team
    vid = _authorised(worker, manager, tmp_path, "a")
    [waiting] = case_entries.reconciliation(manager)
    assert (waiting.visit_id, waiting.worker, waiting.child_name) == (
        vid,
        "Sam Worker",
        "Adaa Brook",
    )

    case_entries.mark_entered(worker, vid, worker.today(), "Pat Support")
    assert syncing.waiting_to_send(worker) == {"entries": 1}
    got = _exchange(worker, manager, tmp_path / "mark.vdb")
    assert got.counts["entries"] == 1 and "1 case-system entry" in got.text()
    entry = case_entries.entry_of(manager, vid)
    assert (entry.entered_on, entry.entered_by, entry.marked_here) == (
        worker.today(),
        "Pat Support",
        False,
    )
    assert _entries(manager)[vid][3] == worker.identity.device_id
    assert case_entries.reconciliation(manager) == []
    # Acknowledged: the next bundle does not carry it again.
    _exchange(manager, worker, tmp_path / "ack.vdb", to="Sam Worker")
    assert syncing.waiting_to_send(worker) == {}

    case_entries.take_back(worker, vid)
    _exchange(worker, manager, tmp_path / "back.vdb")
    assert case_entries.entry_of(manager, vid) is None
    assert [r.visit_id for r in case_entries.reconciliation(manager)] == [vid]


def test_the_manager_cannot_mark_a_workers_record(team, tmp_path):
    worker, manager, _ = team
    vid = _authorised(worker, manager, tmp_path, "a")
    with pytest.raises(UserError, match="written by Sam Worker; only they mark it"):
        case_entries.mark_entered(manager, vid, manager.today(), "Morgan Manager")
    assert _entries(manager) == {}


def test_a_bundle_imported_again_or_out_of_order_changes_nothing(team, tmp_path):
    worker, manager, _ = team
    vid = _authorised(worker, manager, tmp_path, "a")
    case_entries.mark_entered(worker, vid, worker.today(), "Pat Support")
    syncing.export_bundle(worker, tmp_path / "1.vdb")
    case_entries.take_back(worker, vid)
    syncing.export_bundle(worker, tmp_path / "2.vdb")
    syncing.import_bundle(manager, tmp_path / "1.vdb")
    syncing.import_bundle(manager, tmp_path / "2.vdb")
    before = _dump(manager)
    assert syncing.import_bundle(manager, tmp_path / "2.vdb").already_imported
    assert _dump(manager) == before
    _refused(manager, tmp_path / "1.vdb", "older than one already imported")
    assert case_entries.entry_of(manager, vid) is None


def test_the_same_mark_sent_again_in_a_later_bundle_changes_nothing(team, tmp_path, forge):
    worker, manager, _ = team
    vid = _authorised(worker, manager, tmp_path, "a")
    case_entries.mark_entered(worker, vid, worker.today(), "Pat Support")
    _exchange(worker, manager, tmp_path / "1.vdb")
    held = _entries(manager)
    sent = {}

    def again(payload):
        sent["rows"] = payload["entries"] = [_row(vid, worker.today().isoformat())]

    forge(again)
    got = _exchange(worker, manager, tmp_path / "2.vdb")
    assert sent["rows"] and got.counts["entries"] == 0
    assert _entries(manager) == held


def test_a_forged_device_and_a_time_to_come_are_never_taken_from_the_bundle(team, tmp_path, forge):
    worker, manager, other = team
    vid = _authorised(worker, manager, tmp_path, "a")
    case_entries.mark_entered(worker, vid, worker.today(), "Pat Support")

    def forged(payload):
        for row in payload["entries"]:
            row.update(marked_device=other.identity.device_id, marked_at="2999-01-01T00:00:00")

    forge(forged)
    _exchange(worker, manager, tmp_path / "1.vdb")
    _on, _by, marked_at, device = _entries(manager)[vid]
    assert device == worker.identity.device_id
    assert marked_at <= manager.now()


@pytest.mark.parametrize(
    "attack, match",
    [
        ("others", "for another worker's visit record"),
        ("not_authorised", "for a record not authorised here"),
        ("unknown", "for a record this installation does not hold"),
        ("future", "dated later than today"),
        ("before_visit", "dated before the visit"),
        ("twice", "twice"),
        ("by_lines", "who entered it is not one plain line of text"),
        ("by_long", "entries.entered_by is longer than 200 characters"),
        ("by_empty", "who entered it is empty"),
        ("zone", "entries.marked_at is not a local date and time"),
    ],
)
def test_a_signed_bundle_misusing_the_marks_is_refused_whole(team, tmp_path, forge, attack, match):
    worker, manager, other = team
    vid = _authorised(worker, manager, tmp_path, "a")
    theirs = _authorised(other, manager, tmp_path, "b")
    waiting = _completed(worker, _child(worker, given="Ben"))
    _exchange(worker, manager, tmp_path / "waiting.vdb")  # held there, not yet authorised
    today = worker.today()
    rows = {
        "others": [_row(theirs, today.isoformat())],
        "not_authorised": [_row(waiting, today.isoformat())],
        "unknown": [_row("0f1e2d3c-0000-4000-8000-000000000000", today.isoformat())],
        "future": [_row(vid, (today + timedelta(days=2)).isoformat())],
        "before_visit": [_row(vid, (today - timedelta(days=30)).isoformat())],
        "twice": [_row(vid, today.isoformat()), _row(vid, None, by="")],
        "by_lines": [_row(vid, today.isoformat(), by="Pat\u2029Support")],
        "by_long": [_row(vid, today.isoformat(), by="P" * 201)],
        "by_empty": [_row(vid, today.isoformat(), by="")],
        "zone": [_row(vid, today.isoformat(), at="2026-11-30T10:00:00+00:00")],
    }[attack]
    case_entries.mark_entered(worker, vid, today, "Pat Support")  # a real mark to carry too
    forge(lambda payload: payload.update(entries=rows))
    syncing.export_bundle(worker, tmp_path / "bad.vdb")
    before = _entries(manager)
    _refused(manager, tmp_path / "bad.vdb", match)
    assert _entries(manager) == before == {}
    assert {r.visit_id for r in case_entries.reconciliation(manager)} == {vid, theirs}


def test_a_mark_dated_tomorrow_by_a_fast_clock_is_let_in(team, tmp_path, forge):
    worker, manager, _ = team
    vid = _authorised(worker, manager, tmp_path, "a")
    tomorrow = worker.today() + timedelta(days=1)
    forge(lambda payload: payload.update(entries=[_row(vid, tomorrow.isoformat())]))
    _exchange(worker, manager, tmp_path / "1.vdb")
    assert case_entries.entry_of(manager, vid).entered_on == tomorrow


def test_a_refused_bundle_leaves_its_records_out_too(team, tmp_path, forge):
    worker, manager, other = team
    theirs = _authorised(other, manager, tmp_path, "b")
    fresh = _completed(worker, _child(worker, given="Cara"))
    forge(lambda payload: payload.update(entries=[_row(theirs, worker.today().isoformat())]))
    syncing.export_bundle(worker, tmp_path / "bad.vdb")
    _refused(manager, tmp_path / "bad.vdb", "another worker's visit record")
    with manager.db.sessions() as s:
        assert s.get(Visit, fresh) is None


def test_a_managers_bundle_carrying_marks_is_refused(team, tmp_path, forge):
    worker, manager, _ = team
    vid = _authorised(worker, manager, tmp_path, "a")
    forge(lambda payload: payload.update(entries=[_row(vid, worker.today().isoformat())]))
    syncing.export_bundle(manager, tmp_path / "bad.vdb", to="Sam Worker")
    _refused(worker, tmp_path / "bad.vdb", "carries only decisions, and this one holds entries")
    assert _entries(worker) == {}


def test_a_bundle_of_schema_5_still_imports_with_no_marks(team, tmp_path, forge):
    worker, manager, _ = team
    vid = _authorised(worker, manager, tmp_path, "a")
    fresh = _completed(worker, _child(worker, given="Cara"))
    case_entries.mark_entered(worker, vid, worker.today(), "Pat Support")

    def older(payload):
        # As a worker's VisitDesk of the release before the marks wrote it.
        payload["schema"] = 5
        del payload["entries"]

    forge(older)
    got = _exchange(worker, manager, tmp_path / "old.vdb")
    assert (got.counts["visits"], got.counts["entries"]) == (1, 0)
    with manager.db.sessions() as s:
        assert s.get(Visit, fresh).state == "completed"
    assert _entries(manager) == {}


def test_a_bundle_of_schema_5_carrying_marks_is_refused(team, tmp_path, forge):
    worker, manager, _ = team
    vid = _authorised(worker, manager, tmp_path, "a")
    case_entries.mark_entered(worker, vid, worker.today(), "Pat Support")
    forge(lambda payload: payload.update(schema=5))
    syncing.export_bundle(worker, tmp_path / "old.vdb")
    _refused(manager, tmp_path / "old.vdb", "entries in a bundle of schema 5")


def test_a_mark_made_on_a_laptop_with_a_clock_a_day_fast_still_arrives(team, tmp_path):
    worker, manager, _ = team
    vid = _authorised(worker, manager, tmp_path, "a")
    real = worker.clock
    worker.clock = lambda: real() + timedelta(days=1)
    case_entries.mark_entered(worker, vid, worker.today(), "Pat Support")
    _exchange(worker, manager, tmp_path / "1.vdb")
    entry = case_entries.entry_of(manager, vid)
    assert entry.entered_on == worker.today()
    assert entry.marked_at <= manager.now()


def test_a_time_with_a_zone_anywhere_in_a_bundle_is_refused_in_one_line(team, tmp_path, forge):
    # Times are local as the worker lived them: one with a zone cannot be compared with the
    # manager's clock, and must be refused as bad input rather than fail on the way.
    worker, manager, _ = team
    _completed(worker, _child(worker))

    def zoned(payload):
        for row in payload["visits"]:
            row["visited_at"] = row["visited_at"] + "+01:00"

    forge(zoned)
    syncing.export_bundle(worker, tmp_path / "bad.vdb")
    _refused(manager, tmp_path / "bad.vdb", "visits.visited_at is not a local date and time")
