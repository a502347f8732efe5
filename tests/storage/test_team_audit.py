"""The team's copy of a worker's audit trail: what arrives must continue what is held, and the
copy itself is checked entry by entry and against the end the worker last reported."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select, text

from visitdesk.storage import audit
from visitdesk.storage.models import AuditEvent, Peer, TeamAuditEvent, TeamAuditHead

PASS = "correct horse battery"


def _entries(ws, after=0):
    with ws.db.sessions() as s:
        return [
            {c.key: getattr(e, c.key) for c in AuditEvent.__table__.columns}
            for e in s.scalars(
                select(AuditEvent).where(AuditEvent.seq > after).order_by(AuditEvent.seq)
            )
        ]


def _work(ws, n, label="v"):
    for i in range(n):
        with ws.db.transaction() as s:
            ws.audit(s, "export_pdf", "visit", f"{label}{i}", "encrypted")


def _receive(manager, worker_id, events, head):
    """What the bundle import does with a worker's audit entries, through the audit API."""
    with manager.db.transaction() as s:
        problem = audit.check_team_continuity(s, worker_id, events)
        if problem is not None:
            return problem
        known = set(
            s.scalars(select(TeamAuditEvent.seq).where(TeamAuditEvent.device_id == worker_id))
        )
        for event in events:
            if event["seq"] not in known:
                s.add(TeamAuditEvent(**event))
        s.flush()
        return audit.note_team_head(s, worker_id, *head, manager.now())


def _head(ws):
    with ws.db.sessions() as s:
        return audit.current_head(s)


@pytest.fixture
def team(make_workspace):
    worker = make_workspace(folder="w")
    manager = make_workspace(role="manager", name="Morgan Manager", folder="m")
    with manager.db.transaction() as s:
        s.add(
            Peer(
                device_id=worker.identity.device_id,
                relation="member",
                role="worker",
                name="Sam Worker",
                team="Team North",
                fingerprint="",
                card=b"",
                enrolled_at=datetime(2026, 11, 1, 9, 0),
            )
        )
    _work(worker, 4)
    assert _receive(manager, worker.identity.device_id, _entries(worker), _head(worker)) is None
    return worker, manager


def test_a_trail_that_carries_on_is_accepted_and_reported_by_name(team):
    worker, manager = team
    wid = worker.identity.device_id
    _work(worker, 3, "w")
    # A bundle re-sends what was not yet acknowledged: entries already held, identical.
    assert _receive(manager, wid, _entries(worker, after=2), _head(worker)) is None
    assert _receive(manager, wid, [], _head(worker)) is None  # nothing new
    with manager.db.sessions() as s:
        reports = audit.verify_team(s)
    assert [(r.name, r.entries, r.ok) for r in reports] == [("Sam Worker", 8, True)]
    assert reports[0].text().startswith("OK: Sam Worker (device ")


def test_entries_that_never_arrived_are_refused(team):
    worker, manager = team
    _work(worker, 4, "w")
    problem = _receive(manager, worker.identity.device_id, _entries(worker, after=7), _head(worker))
    assert problem == "audit entries 6 to 7 from this device never reached the team"


def test_an_entry_altered_on_the_way_is_refused(team):
    worker, manager = team
    _work(worker, 2, "w")
    events = _entries(worker, after=5)
    events[0]["detail"] = "not encrypted"
    problem = _receive(manager, worker.identity.device_id, events, _head(worker))
    assert problem == "audit entry 6 from this device has been altered"


def test_a_trail_rewritten_where_the_team_already_holds_it_is_refused(team):
    worker, manager = team
    events = _entries(worker)
    # Rewrite from entry 3 with every hash recomputed: a consistent chain, but not the one held.
    prev = events[1]["hash"]
    for event in events[2:]:
        event["detail"] = "rewritten"
        event["prev_hash"] = prev
        event["hash"] = prev = audit._event_digest(event)
    problem = _receive(manager, worker.identity.device_id, events, _head(worker))
    assert problem is not None and "entry 3" in problem and "rewritten" in problem


def test_new_entries_that_do_not_follow_the_last_held_are_refused(team):
    worker, manager = team
    _work(worker, 2, "w")
    events = _entries(worker, after=5)
    events[0]["prev_hash"] = "ab" * 32
    events[0]["hash"] = audit._event_digest(events[0])
    events[1]["prev_hash"] = events[0]["hash"]
    events[1]["hash"] = audit._event_digest(events[1])
    problem = _receive(manager, worker.identity.device_id, events, _head(worker))
    assert problem is not None and "does not follow entry 5 as the team holds it" in problem


def test_entries_out_of_order_or_from_another_device_are_refused(team):
    worker, manager = team
    wid = worker.identity.device_id
    _work(worker, 3, "w")
    events = _entries(worker, after=5)
    assert "out of order" in _receive(
        manager, wid, [events[0], events[2], events[1]], _head(worker)
    )
    other = [dict(e, device_id="someone-else") for e in events]
    assert "made by another device" in _receive(manager, wid, other, _head(worker))
    assert "not in the expected form" in _receive(manager, wid, [{"seq": 6}], _head(worker))


def test_a_head_that_goes_back_or_is_not_held_is_reported(team):
    worker, manager = team
    wid = worker.identity.device_id
    seq, hash_ = _head(worker)
    with manager.db.transaction() as s:
        assert "gone back from entry 5 to entry 3" in audit.note_team_head(
            s, wid, 3, hash_, manager.now()
        )
        assert "holds it only up to entry 5" in audit.note_team_head(
            s, wid, 9, hash_, manager.now()
        )
        s.rollback()
    with manager.db.transaction() as s:
        assert "is not the one it reported before" in audit.note_team_head(
            s, wid, seq, "cd" * 32, manager.now()
        )
        s.rollback()


@pytest.mark.parametrize(
    ("attack", "expected"),
    [
        (
            "DELETE FROM team_audit_events WHERE seq >= 4",
            "the team's copy ends at entry 3 but the device reported entry 5",
        ),
        ("DELETE FROM team_audit_events WHERE seq = 2", "audit entry 2 is missing"),
        (
            "UPDATE team_audit_events SET actor = 'Someone Else' WHERE seq = 3",
            "audit entry 3 has been altered",
        ),
        (
            "UPDATE team_audit_heads SET seq = 4",
            "entries after entry 4, the last the device reported",
        ),
    ],
)
def test_the_team_copy_itself_is_checked(team, monkeypatch, capsys, attack, expected):
    from visitdesk import cli
    from visitdesk.logsetup import stop_logging

    worker, manager = team
    monkeypatch.setenv("VISITDESK_PASSPHRASE", PASS)
    args = ["--data-dir", str(manager.data_dir), "audit", "verify", "--team"]
    manager.close()
    try:
        assert cli.main(args) == 0
        assert capsys.readouterr().out.startswith("OK: Sam Worker (device ")
        from visitdesk.services.workspace import open_workspace

        ws = open_workspace(manager.data_dir, PASS)
        with ws.db.engine.begin() as conn:
            conn.execute(text(attack))
        ws.close()
        assert cli.main(args) == 1
    finally:
        stop_logging()
    out = capsys.readouterr().out
    assert out.startswith("BROKEN: Sam Worker (device ") and expected in out


def test_a_worker_with_no_team_copies_says_so(team, monkeypatch, capsys):
    from visitdesk import cli
    from visitdesk.logsetup import stop_logging

    worker, _manager = team
    worker.close()
    monkeypatch.setenv("VISITDESK_PASSPHRASE", PASS)
    try:
        code = cli.main(["--data-dir", str(worker.data_dir), "audit", "verify", "--team"])
    finally:
        stop_logging()
    assert code == 0 and "No other device's audit trail" in capsys.readouterr().out


def test_a_device_not_enrolled_is_named_as_unknown(team):
    _worker, manager = team
    with manager.db.transaction() as s:
        s.execute(text("DELETE FROM peers"))
    with manager.db.sessions() as s:
        report = audit.verify_team(s)[0]
    assert report.ok and report.name == "an unknown device"
    with manager.db.sessions() as s:
        assert s.scalar(select(TeamAuditHead.seq)) == 5


def test_what_a_real_bundle_import_stores_checks_out(make_workspace, tmp_path):
    from datetime import date, timedelta

    from visitdesk.services import records, syncing
    from visitdesk.services.records import PlanInput

    worker = make_workspace(folder="w")
    manager = make_workspace(role="manager", name="Morgan Manager", folder="m")
    syncing.export_card(worker, tmp_path / "w.vdcard")
    syncing.export_card(manager, tmp_path / "m.vdcard")
    syncing.import_card(manager, tmp_path / "w.vdcard")
    syncing.import_card(worker, tmp_path / "m.vdcard")
    for n in (1, 2):
        records.add_child(
            worker,
            given_name=f"Ada{n}",
            family_name="Brook",
            date_of_birth=date(2016, 3, 4),
            plan=PlanInput("CIN", worker.today() - timedelta(days=20)),
        )
        syncing.export_bundle(worker, tmp_path / f"{n}.vdbundle")
        syncing.import_bundle(manager, tmp_path / f"{n}.vdbundle")
        with manager.db.sessions() as s:
            held = s.scalar(select(TeamAuditEvent.seq).order_by(TeamAuditEvent.seq.desc()))
            sent = [e for e in _entries(worker) if e["seq"] <= held]
            assert audit.check_team_continuity(s, worker.identity.device_id, sent) is None
            assert [(r.name, r.ok) for r in audit.verify_team(s)] == [("Sam Worker", True)]
