"""Backups: encrypted copies made by SQLCipher's export; restoring is checked before it
replaces anything, refuses to put older records over newer ones, and keeps what it replaces."""

from __future__ import annotations

import errno
import hashlib
import os
import time
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from visitdesk import paths
from visitdesk.errors import UserError, WrongPassphrase
from visitdesk.services import backup, records
from visitdesk.services.records import PlanInput
from visitdesk.services.workspace import open_workspace
from visitdesk.storage import files
from visitdesk.storage.database import DatabaseDamaged, open_database
from visitdesk.storage.models import AuditEvent, Child


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _child(ws, name):
    return records.add_child(
        ws,
        given_name=name,
        family_name="Quillfeather",
        date_of_birth=date(2016, 3, 4),
        plan=PlanInput("CIN", ws.today() - timedelta(days=10)),
    )


def _names(folder, passphrase):
    ws = open_workspace(folder, passphrase)
    try:
        with ws.db.sessions() as s:
            return sorted(c.given_name for c in s.scalars(select(Child)))
    finally:
        ws.close()


def _stray(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_a_backup_is_encrypted_whole_and_noted_in_the_audit_trail(workspace, passphrase, tmp_path):
    _child(workspace, "Peregrine")
    out = backup.make_backup(workspace, tmp_path / "copy.vdbackup")
    raw = out.read_bytes()
    assert not raw.startswith(b"SQLite format 3") and b"Quillfeather" not in raw
    copy = open_database(out, passphrase, upgrade=False)
    with copy.sessions() as s:
        assert [c.given_name for c in s.scalars(select(Child))] == ["Peregrine"]
    assert copy.integrity() == "ok"
    copy.close()
    with workspace.db.sessions() as s:
        last = s.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
    assert (last.action, last.detail) == ("backup", "on request")
    assert sorted(p.name for p in tmp_path.iterdir() if "copy" in p.name) == ["copy.vdbackup"]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("exists.vdbackup", "already exists"),
        ("missing-folder/x.vdbackup", "does not exist"),
        ("", "is a folder"),
    ],
)
def test_a_backup_to_a_bad_place_is_refused_in_one_line(workspace, tmp_path, name, message):
    (tmp_path / "exists.vdbackup").write_bytes(b"keep me")
    with pytest.raises(UserError, match=message):
        backup.make_backup(workspace, tmp_path / name)
    assert (tmp_path / "exists.vdbackup").read_bytes() == b"keep me"


def test_start_up_backups_keep_the_newest_n(workspace):
    times = iter(range(10))
    workspace.clock = lambda: workspace_time(next(times))
    workspace.set_setting("backups_kept", "3")
    made = [backup.startup_backup(workspace) for _ in range(5)]
    assert backup.list_backups(workspace.data_dir) == made[-3:]
    workspace.set_setting("backups_kept", "lots")
    assert backup.backups_kept(workspace) == 7


def workspace_time(n):
    from datetime import datetime

    return datetime(2026, 11, 2, 9, 0, n)


def test_restoring_refuses_older_records_without_force_and_keeps_what_it_replaces(
    workspace, passphrase
):
    folder = workspace.data_dir
    _child(workspace, "Early")
    old = backup.startup_backup(workspace)
    _child(workspace, "Later")
    workspace.close()
    path = paths.database_path(folder)
    before = _digest(path)
    with pytest.raises(backup.NewerData, match="newer than this backup.*--force"):
        backup.restore(folder, old, passphrase)
    assert _digest(path) == before and _stray(folder) == []

    done = backup.restore(folder, old, passphrase, force=True)
    assert _names(folder, passphrase) == ["Early"]
    assert done.kept is not None and done.kept.parent.name.startswith("replaced-")
    kept = open_database(done.kept, passphrase, upgrade=False)
    with kept.sessions() as s:
        assert sorted(c.given_name for c in s.scalars(select(Child))) == ["Early", "Later"]
    kept.close()
    ws = open_workspace(folder, passphrase)
    with ws.db.sessions() as s:
        last = s.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
    ws.close()
    assert last.action == "restore"
    assert _stray(folder) == []


def test_restoring_the_same_or_newer_state_needs_no_force(workspace, passphrase):
    folder = workspace.data_dir
    _child(workspace, "Only")
    made = backup.startup_backup(workspace)
    workspace.close()
    backup.restore(folder, made, passphrase)
    assert _names(folder, passphrase) == ["Only"]


def test_a_failure_before_the_rename_leaves_the_database_as_it_was(
    workspace, passphrase, monkeypatch
):
    folder = workspace.data_dir
    _child(workspace, "Early")
    made = backup.startup_backup(workspace)
    _child(workspace, "Later")
    workspace.close()
    path = paths.database_path(folder)
    before = _digest(path)

    def no_room(source, target):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files, "replace_file", no_room)
    with pytest.raises(UserError, match="disk is full"):
        backup.restore(folder, made, passphrase, force=True)
    monkeypatch.undo()
    assert _digest(path) == before
    assert _names(folder, passphrase) == ["Early", "Later"]
    assert _stray(folder) == []
    assert not list(backup.backups_dir(folder).glob("replaced-*"))


def test_a_wrong_passphrase_or_a_file_that_is_not_a_backup_changes_nothing(
    workspace, passphrase, tmp_path
):
    folder = workspace.data_dir
    made = backup.startup_backup(workspace)
    workspace.close()
    path = paths.database_path(folder)
    before = _digest(path)
    with pytest.raises(WrongPassphrase, match="does not open this backup"):
        backup.restore(folder, made, "not the passphrase")
    junk = tmp_path / "junk.vdbackup"
    junk.write_bytes(b"not a backup at all" * 300)
    with pytest.raises(UserError):
        backup.restore(folder, junk, passphrase)
    cut = tmp_path / "cut.vdbackup"
    cut.write_bytes(made.read_bytes()[: made.stat().st_size // 2 + 100])
    with pytest.raises(DatabaseDamaged, match="this backup is damaged"):
        backup.restore(folder, cut, passphrase)
    with pytest.raises(UserError, match="could not be found"):
        backup.restore(folder, tmp_path / "nowhere.vdbackup", passphrase)
    assert _digest(path) == before and _stray(folder) == []


def test_a_damaged_database_is_replaced_without_force(workspace, passphrase):
    folder = workspace.data_dir
    _child(workspace, "Safe")
    made = backup.startup_backup(workspace)
    workspace.close()
    path = paths.database_path(folder)
    path.write_bytes(path.read_bytes()[:5000])  # cut short
    with pytest.raises(DatabaseDamaged, match="visitdesk restore"):
        open_workspace(folder, passphrase)
    backup.restore(folder, made, passphrase)
    assert _names(folder, passphrase) == ["Safe"]


def test_a_backup_of_another_installation_needs_force(make_workspace, passphrase):
    mine = make_workspace(folder="mine")
    theirs = make_workspace(folder="theirs", name="Other Worker")
    made = backup.startup_backup(theirs)
    mine.close()
    with pytest.raises(backup.NewerData, match="another installation"):
        backup.restore(mine.data_dir, made, passphrase)


# --- what an interrupted restore leaves behind ----------------------------------------------


def _leave_an_interrupted_restore(folder):
    """The files a restore killed part-way leaves: its copy with SQLite's logs, and a
    half-written start-up backup."""
    made = [
        folder / ".restore-k3j2h1.db",
        folder / ".restore-k3j2h1.db-wal",
        folder / ".restore-k3j2h1.db-shm",
        folder / ".restore-x9y8.db-journal",
    ]
    stamp = "visitdesk-20261102-090000.vdbackup"
    made += [
        backup.backups_dir(folder) / f".{stamp}.a1b2c3.part",
        backup.backups_dir(folder) / f".{stamp}.a1b2c3.part-journal",
    ]
    backup.backups_dir(folder).mkdir(exist_ok=True)
    an_hour_ago = time.time() - 3600
    for path in made:
        path.write_bytes(b"\x00" * 4096)
        os.utime(path, (an_hour_ago, an_hour_ago))
    return made


def test_a_start_up_backup_still_being_written_is_not_taken_for_a_leftover(workspace):
    folder = workspace.data_dir
    backup.backups_dir(folder).mkdir(exist_ok=True)
    writing = backup.backups_dir(folder) / ".visitdesk-20261102-090000.vdbackup.q1w2.part"
    writing.write_bytes(b"\x00" * 4096)
    workspace.close()
    assert backup.remove_leftovers(folder) == []
    assert writing.exists()


def test_leftovers_of_an_interrupted_restore_are_removed(workspace):
    folder = workspace.data_dir
    workspace.close()
    made = _leave_an_interrupted_restore(folder)
    keep = [
        paths.database_path(folder),
        folder / ".restore-notes.txt",
        backup.backups_dir(folder) / "visitdesk-20261102-090000.vdbackup",
    ]
    keep[1].write_text("not ours")
    keep[2].write_bytes(b"\x00" * 4096)
    assert sorted(backup.remove_leftovers(folder)) == sorted(made)
    assert not any(path.exists() for path in made)
    assert all(path.exists() for path in keep)
    assert backup.remove_leftovers(folder) == []


def test_leftovers_are_left_alone_while_another_visitdesk_has_the_folder(workspace):
    from visitdesk.storage.instance import InstanceLock

    folder = workspace.data_dir
    made = _leave_an_interrupted_restore(folder)
    with InstanceLock(folder):  # perhaps a restore, still copying
        assert backup.remove_leftovers(folder) == []
        assert all(path.exists() for path in made)
        assert sorted(backup.remove_leftovers(folder, lock_held=True)) == sorted(made)


def test_a_restore_clears_what_an_earlier_interrupted_one_left(workspace, passphrase):
    folder = workspace.data_dir
    _child(workspace, "Only")
    made = backup.startup_backup(workspace)
    workspace.close()
    leftovers = _leave_an_interrupted_restore(folder)
    backup.restore(folder, made, passphrase)
    assert not any(path.exists() for path in leftovers)
    assert _stray(folder) == []


def test_a_restore_is_refused_when_the_disk_has_no_room_for_the_copy(
    workspace, passphrase, monkeypatch
):
    import shutil
    from collections import namedtuple

    folder = workspace.data_dir
    made = backup.startup_backup(workspace)
    workspace.close()
    before = _digest(paths.database_path(folder))
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda where: usage(10**9, 10**9, 4096))
    with pytest.raises(UserError, match="not enough room"):
        backup.restore(folder, made, passphrase, force=True)
    assert _digest(paths.database_path(folder)) == before and _stray(folder) == []


def test_a_backup_that_grows_while_it_is_copied_is_refused(
    workspace, passphrase, tmp_path, monkeypatch
):
    folder = workspace.data_dir
    made = backup.startup_backup(workspace)
    workspace.close()
    growing = tmp_path / "growing.vdbackup"
    growing.write_bytes(made.read_bytes())
    real = backup.open_backup_file

    def then_grow(source):
        opened = real(source)
        with open(source, "ab") as more:
            more.write(b"\x00" * 4096)
        return opened

    monkeypatch.setattr(backup, "open_backup_file", then_grow)
    with pytest.raises(UserError, match="changed while it was being read"):
        backup.restore(folder, growing, passphrase, force=True)
    assert _stray(folder) == []


def test_back_up_now_adds_a_backup_beside_the_start_up_ones_and_audits_it(workspace):
    from sqlalchemy import select

    from visitdesk.services import backup
    from visitdesk.storage.models import AuditEvent

    made = backup.backup_now(workspace)
    assert made in backup.list_backups(workspace.data_dir)
    with workspace.db.sessions() as s:
        reasons = list(s.scalars(select(AuditEvent.detail).where(AuditEvent.action == "backup")))
    assert "on request" in reasons
