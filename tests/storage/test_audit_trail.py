"""The audit trail records every act that matters, reads as a record's history, and shows the
first entry that was tampered with."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select, text

from visitdesk.errors import WrongPassphrase
from visitdesk.services import backup, export, records, syncing
from visitdesk.services.records import PlanInput
from visitdesk.services.workspace import failed_unlocks, open_workspace
from visitdesk.storage import audit
from visitdesk.storage.models import AuditEvent, AuthorisationTask


def _complete_visit(ws, child, days_ago=1):
    at = ws.now().replace(hour=10, minute=0, second=0) - timedelta(days=days_ago)
    vid = records.start_visit(
        ws,
        child,
        at,
        location="home",
        seen="yes",
        seen_alone="yes",
        bedroom_seen=True,
        purpose="p",
        findings="f",
        analysis="a",
        conclusion="c",
        recommendations="r",
        childs_voice="v",
    )
    records.save_draft(ws, vid, {"findings": "Fridge stocked", "analysis": "Going well"})
    records.complete_visit(ws, vid)
    return vid


def _actions(ws):
    with ws.db.sessions() as s:
        return [e.action for e in s.scalars(select(AuditEvent).order_by(AuditEvent.seq))]


def test_every_act_that_matters_is_in_the_trail(make_workspace, tmp_path, passphrase):
    worker = make_workspace(folder="w")
    manager = make_workspace(role="manager", name="Morgan Manager", folder="m")
    syncing.export_card(worker, tmp_path / "w.vdcard")
    syncing.export_card(manager, tmp_path / "m.vdcard")
    syncing.import_card(manager, tmp_path / "w.vdcard")
    syncing.import_card(worker, tmp_path / "m.vdcard")
    child = records.add_child(
        worker,
        given_name="Ada",
        family_name="Brook",
        date_of_birth=date(2016, 3, 4),
        plan=PlanInput("CIN", worker.today() - timedelta(days=20)),
    )
    first, second = _complete_visit(worker, child, 2), _complete_visit(worker, child, 1)
    export.export(
        worker,
        tmp_path / "record.pdf",
        export.visit_pdf(worker, first),
        password=None,
        what="visit",
        entity_id=first,
    )
    syncing.export_bundle(worker, tmp_path / "1.vdbundle")
    syncing.import_bundle(manager, tmp_path / "1.vdbundle")
    with manager.db.sessions() as s:
        tasks = {t.visit_id: t.id for t in s.scalars(select(AuthorisationTask))}
    records.authorise(manager, tasks[first])
    records.return_for_correction(manager, tasks[second], "Please say who was there.")
    backup.make_backup(worker, tmp_path / "worker.vdbackup")
    worker.change_passphrase(passphrase, "a new passphrase here")

    mine = _actions(worker)
    for action in (
        "setup",
        "create",
        "change",
        "complete",
        "export_pdf",
        "export_bundle",
        "backup",
        "change_passphrase",
    ):
        assert action in mine, action
    theirs = _actions(manager)
    for action in ("import_bundle", "authorise", "return"):
        assert action in theirs, action
    for ws in (worker, manager):
        with ws.db.sessions() as s:
            assert audit.verify(s).ok


def test_a_record_history_reads_in_plain_words(make_workspace, tmp_path):
    worker = make_workspace(folder="w")
    manager = make_workspace(role="manager", name="Morgan Manager", folder="m")
    syncing.export_card(worker, tmp_path / "w.vdcard")
    syncing.export_card(manager, tmp_path / "m.vdcard")
    syncing.import_card(manager, tmp_path / "w.vdcard")
    syncing.import_card(worker, tmp_path / "m.vdcard")
    child = records.add_child(
        worker,
        given_name="Ada",
        family_name="Brook",
        date_of_birth=date(2016, 3, 4),
        plan=PlanInput("CIN", worker.today() - timedelta(days=20)),
    )
    vid = _complete_visit(worker, child)
    with worker.db.sessions() as s:
        texts = [h.text for h in audit.history(s, vid)]
    assert texts == [
        "Started the record",
        "Changed analysis, findings",
        "Completed the record (revision 1)",
    ]
    # The manager's copy shows what the worker did (from the bundle) and what the manager did.
    syncing.export_bundle(worker, tmp_path / "1.vdbundle")
    syncing.import_bundle(manager, tmp_path / "1.vdbundle")
    with manager.db.sessions() as s:
        task = s.scalar(select(AuthorisationTask.id))
    records.authorise(manager, task)
    with manager.db.sessions() as s:
        entries = audit.history(s, vid)
    assert [(h.text, h.actor, h.here) for h in entries][-2:] == [
        ("Completed the record (revision 1)", "Sam Worker", False),
        ("Authorised", "Morgan Manager", True),
    ]
    with worker.db.sessions() as s:
        assert audit.history(s, "no-such-record") == [] and audit.history(s, "") == []
    # Never what the record says.
    assert all("Fridge" not in h.text and "Going well" not in h.detail for h in entries)


def test_failed_unlocks_are_written_to_the_trail_at_the_next_unlock(workspace, passphrase):
    folder = workspace.data_dir
    workspace.close()
    for _ in range(3):
        try:
            open_workspace(folder, "guessing wrongly")
        except WrongPassphrase:
            pass
    assert failed_unlocks(folder) == 3
    assert (folder / "failed-unlocks").read_text() == "3"  # a number, nothing else
    ws = open_workspace(folder, passphrase)
    try:
        with ws.db.sessions() as s:
            event = s.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
        assert (event.action, event.detail) == (
            "unlock_failures",
            "3 failed attempts since last unlock",
        )
        assert failed_unlocks(folder) == 0 and not (folder / "failed-unlocks").exists()
    finally:
        ws.close()
    ws = open_workspace(folder, passphrase)  # nothing new to record
    assert _actions(ws).count("unlock_failures") == 1
    ws.close()


def test_verify_names_the_first_altered_entry(workspace):
    for n in range(3):
        workspace.set_setting(f"x{n}", "y")
        with workspace.db.transaction() as s:
            workspace.audit(s, "export_pdf", "visit", f"v{n}", "encrypted")
    with workspace.db.engine.begin() as conn:
        conn.execute(text("DROP TRIGGER audit_events_no_update"))
        conn.execute(text("UPDATE audit_events SET detail = 'not encrypted' WHERE seq = 3"))
    with workspace.db.sessions() as s:
        report = audit.verify(s)
    assert not report.ok and report.broken_seq == 3
    assert report.text().startswith("BROKEN: audit entry 3 (export_pdf visit,")
    assert report.text().endswith("has been altered")


def test_verify_notices_the_protection_was_removed(workspace):
    with workspace.db.engine.begin() as conn:
        conn.execute(text("DROP TRIGGER audit_events_no_delete"))
    with workspace.db.sessions() as s:
        report = audit.verify(s)
    assert not report.ok and "protection has been removed" in report.text()
