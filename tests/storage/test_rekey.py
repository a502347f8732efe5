"""Changing the passphrase: all or nothing, and the old passphrase works until it is done."""

from __future__ import annotations

import errno
import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from datetime import date, timedelta

import pytest
import sqlcipher3
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from visitdesk import paths
from visitdesk.errors import UserError, WrongPassphrase
from visitdesk.services import demo, records
from visitdesk.services.records import PlanInput
from visitdesk.services.workspace import change_passphrase, open_workspace
from visitdesk.storage import audit, copies, database, files
from visitdesk.storage.database import DiskFull, open_database
from visitdesk.storage.models import AuditEvent, Child

NEW = "a brand new passphrase"
PASS_OLD = "correct horse battery"


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _names(folder, passphrase):
    ws = open_workspace(folder, passphrase)
    try:
        with ws.db.sessions() as s:
            return sorted(c.full_name for c in s.scalars(select(Child)))
    finally:
        ws.close()


def _leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_the_new_passphrase_opens_everything_and_the_old_one_no_longer_does(
    make_workspace, passphrase
):
    ws = make_workspace()
    demo.fill(ws, children=6, seed=2)
    folder = ws.data_dir
    ws.close()
    before = _names(folder, passphrase)
    change_passphrase(folder, passphrase, NEW)
    with pytest.raises(WrongPassphrase):
        open_database(paths.database_path(folder), passphrase)
    assert _names(folder, NEW) == before
    ws = open_workspace(folder, NEW)
    with ws.db.sessions() as s:
        assert audit.verify(s).ok  # the triggers and the chain came across whole
        assert "change_passphrase" in list(s.scalars(select(AuditEvent.action)))
    with pytest.raises(Exception, match="append-only"), ws.db.transaction() as s:
        s.execute(select(AuditEvent)).first()
        s.connection().exec_driver_sql("DELETE FROM audit_events")
    ws.close()
    assert _leftovers(folder) == []


@pytest.mark.parametrize("where", ["export", "rename"])
def test_a_failure_midway_leaves_the_old_passphrase_working(
    make_workspace, passphrase, monkeypatch, where
):
    ws = make_workspace()
    records.add_child(
        ws,
        given_name="Ada",
        family_name="Brook",
        date_of_birth=date(2016, 3, 4),
        plan=PlanInput("CIN", ws.today() - timedelta(days=10)),
    )
    folder = ws.data_dir
    if where == "export":
        real = copies.export_into

        def half_then_fail(db, temp, key):
            real(db, temp, key)  # the new file is written in full...
            full = sqlcipher3.dbapi2.OperationalError("database or disk is full")
            raise OperationalError("SELECT sqlcipher_export('copy')", {}, full)  # ...then no room

        monkeypatch.setattr(copies, "export_into", half_then_fail)
        expected = DiskFull
    else:

        def no_rename(source, target):
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(files, "replace_file", no_rename)
        expected = DiskFull
    with pytest.raises(expected):
        ws.change_passphrase(passphrase, NEW)
    # The workspace is still open, under the old passphrase, with everything in it.
    assert not ws.locked
    with ws.db.sessions() as s:
        assert [c.given_name for c in s.scalars(select(Child))] == ["Ada"]
    ws.close()
    monkeypatch.undo()
    assert _names(folder, passphrase) == ["Ada Brook"]
    with pytest.raises(WrongPassphrase):
        open_database(paths.database_path(folder), NEW)
    assert _leftovers(folder) == []


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("wrong passphrase", NEW, "not right"),
        (None, "short", "at least 8"),
        (None, None, "same as the old"),
    ],
)
def test_bad_passphrases_change_nothing(make_workspace, passphrase, old, new, message):
    ws = make_workspace()
    folder = ws.data_dir
    ws.close()
    path = paths.database_path(folder)
    before = _digest(path)
    with pytest.raises(UserError, match=message):
        ws = open_workspace(folder, passphrase)
        try:
            ws.change_passphrase(old or passphrase, new or passphrase)
        finally:
            ws.close()
    assert _digest(path) == before
    open_database(path, passphrase).close()


REKEY = r"""
import sys
from pathlib import Path
from visitdesk.storage.database import change_key
print("go", flush=True)
change_key(Path(sys.argv[1]), sys.argv[2], sys.argv[3])
print("done", flush=True)
"""


def test_killing_a_passphrase_change_leaves_one_passphrase_that_opens_it_all(
    make_workspace, passphrase
):
    """A real process is killed at random moments while it changes the passphrase."""
    ws = make_workspace()
    demo.fill(ws, children=20, seed=4)
    folder = ws.data_dir
    ws.close()
    path = paths.database_path(folder)
    expected = _names(folder, passphrase)
    rng = random.Random(7)
    keys = [passphrase, NEW]
    outcomes = set()
    for _ in range(3):
        current = next(k for k in keys if _opens(path, k))
        other = keys[1 - keys.index(current)]
        proc = subprocess.Popen(
            [sys.executable, "-c", REKEY, str(path), current, other],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout.readline().strip() == "go"
        time.sleep(rng.uniform(0.0, 0.6))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        working = [k for k in keys if _opens(path, k)]
        assert len(working) == 1, "exactly one passphrase opens the database"
        outcomes.add(working[0] == other)
        assert _names(folder, working[0]) == expected
        db = open_database(path, working[0])
        assert db.integrity() == "ok"
        db.close()
        database.remove_rekey_leftovers(folder)  # as the next open does
        assert _leftovers(folder) == []
    assert outcomes  # at least one kill landed; both outcomes are safe


def test_leftovers_of_an_interrupted_passphrase_change_are_removed_and_nothing_else(
    make_workspace, tmp_path
):
    from visitdesk.services import backup

    ws = make_workspace()
    folder = ws.data_dir
    path = paths.database_path(folder)
    # What change_key has written when it is stopped before the rename: its copy under the new
    # key, and that copy's journal, log and index.
    temp = database._temp_beside(path, "rekey")
    database._export_into(ws.db, temp, NEW)
    made = [temp] + [temp.with_name(temp.name + tail) for tail in ("-journal", "-wal", "-shm")]
    for extra in made[1:]:
        extra.write_bytes(b"left over")
    kept = backup.startup_backup(ws)
    ws.close()
    before_upgrade = folder / "visitdesk.db.before-upgrade-0003-20261201-090000"
    before_upgrade.write_bytes(b"kept")
    lookalike = folder / ".visitdesk.db.abcd1234.rekey"  # a folder, not a file
    lookalike.mkdir()
    (folder / "visitdesk.db.rekey").write_bytes(b"not a leftover: no leading dot")
    everything_else = sorted(p for p in folder.rglob("*") if p not in made)

    assert database.remove_rekey_leftovers(folder) == sorted(made)
    assert sorted(folder.rglob("*")) == everything_else
    assert kept.exists() and path.exists()
    open_database(path, PASS_OLD).close()
    assert database.remove_rekey_leftovers(folder) == []  # nothing there: nothing done
    assert database.remove_rekey_leftovers(tmp_path / "no such folder") == []


def _opens(path, key):
    try:
        open_database(path, key, upgrade=False).close()
    except WrongPassphrase:
        return False
    return True
