"""Setting up, renaming, and unlocking while another VisitDesk changes the passphrase."""

from __future__ import annotations

import logging
import os
import time

import pytest
from sqlalchemy import select

from visitdesk import paths
from visitdesk.errors import UserError, WrongPassphrase
from visitdesk.services import syncing, workspace
from visitdesk.services.workspace import (
    PassphraseJustChanged,
    failed_unlocks,
    initialise,
    open_workspace,
    rename,
)
from visitdesk.storage import database
from visitdesk.storage.models import AuditEvent, Installation
from visitdesk.sync.cards import Card

NEW = "plum kettle orbit sandal"


def _set_up(folder, passphrase, **kw):
    args = {"name": "Sam Worker", "role": "worker", "policy_id": "getting-it-right-2018"}
    args.update(kw)
    return initialise(folder, passphrase, **args)


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"name": "Sam\nWorker"}, "your name must be on one line"),
        ({"name": "S" * 101}, "longer than 100 characters"),
        ({"name": "  "}, "please give your name"),
        ({"team": "Team\u200bNorth"}, "your team name must be on one line"),
    ],
)
def test_set_up_refuses_a_name_a_card_would_refuse_and_makes_nothing(
    tmp_path, passphrase, kw, message
):
    with pytest.raises(UserError, match=message):
        _set_up(tmp_path / "data", passphrase, **kw)
    assert not (tmp_path / "data").exists()


@pytest.mark.parametrize(
    ("secret", "message"),
    [
        ("        ", "too easy to guess (it repeats one character)"),
        ("password1", "too easy to guess (it is a common password)"),
        ("sam worker visitdesk", "it is made of your name"),
        ("short", "at least 8 characters"),
    ],
)
def test_set_up_refuses_a_guessable_passphrase_and_makes_nothing(tmp_path, secret, message):
    with pytest.raises(UserError, match=message.replace("(", r"\(").replace(")", r"\)")):
        _set_up(tmp_path / "data", secret)
    assert not (tmp_path / "data").exists()


def test_set_up_keeps_the_name_trimmed_and_composed(tmp_path, passphrase):
    ws = _set_up(tmp_path / "data", passphrase, name="  Sia\u0302n Worker ", team=" North ")
    try:
        assert (ws.identity.worker_name, ws.identity.team) == ("Siân Worker", "North")
    finally:
        ws.close()


def test_changing_to_a_passphrase_made_of_the_name_is_refused(workspace, passphrase):
    with pytest.raises(UserError, match="made of your name, your team"):
        workspace.change_passphrase(passphrase, "Team North Sam", "Team North Sam")


# --- renaming ------------------------------------------------------------------------------


def _audit(ws, action):
    with ws.db.sessions() as s:
        return list(s.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_renaming_stores_the_name_updates_the_identity_and_goes_on_the_next_card(
    workspace, tmp_path, caplog
):
    device = workspace.identity.device_id
    with caplog.at_level(logging.DEBUG):
        who = rename(workspace, name="  Samira  Worker ", team="Team South")
    assert who is workspace.identity
    assert (who.worker_name, who.team, who.device_id) == ("Samira  Worker", "Team South", device)
    with workspace.db.sessions() as s:
        row = s.scalar(select(Installation))
        assert (row.worker_name, row.team) == ("Samira  Worker", "Team South")
    [event] = _audit(workspace, "rename")
    assert event.detail == "name and team" and event.actor == "Sam Worker"
    assert "Samira" not in caplog.text and "South" not in caplog.text
    card = syncing.export_card(workspace, tmp_path / "me.vdcard")
    back = Card.from_bytes((tmp_path / "me.vdcard").read_bytes())
    assert (card.name, back.name, back.team) == ("Samira  Worker", "Samira  Worker", "Team South")


def test_renaming_only_the_team_leaves_the_name(workspace):
    rename(workspace, team="")
    assert (workspace.identity.worker_name, workspace.identity.team) == ("Sam Worker", "")
    assert [e.detail for e in _audit(workspace, "rename")] == ["team"]


def test_renaming_to_the_same_name_changes_nothing(workspace):
    before = workspace.identity
    assert rename(workspace, name=" Sam Worker ", team="Team North") is before
    assert _audit(workspace, "rename") == []


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"name": "Sam\nWorker"}, "on one line"),
        ({"name": ""}, "please give your name"),
        ({"team": "x" * 101}, "longer than 100"),
    ],
)
def test_a_bad_rename_changes_nothing(workspace, kw, message):
    before = workspace.identity
    with pytest.raises(UserError, match=message):
        rename(workspace, **kw)
    assert workspace.identity == before
    assert _audit(workspace, "rename") == []


def test_a_locked_workspace_cannot_be_renamed(workspace, passphrase):
    workspace.lock()
    with pytest.raises(UserError, match="locked"):
        rename(workspace, name="Someone")
    workspace.unlock(passphrase)
    assert workspace.identity.worker_name == "Sam Worker"


# --- a reader racing a passphrase change -----------------------------------------------------


@pytest.fixture
def folder(make_workspace):
    ws = make_workspace()
    ws.close()
    return ws.data_dir


def test_a_wrong_passphrase_is_still_counted(folder):
    with pytest.raises(WrongPassphrase) as raised:
        open_workspace(folder, "not the passphrase at all")
    assert not isinstance(raised.value, PassphraseJustChanged)
    assert failed_unlocks(folder) == 1


def test_a_passphrase_changed_during_the_attempt_is_not_counted(folder, passphrase, monkeypatch):
    real_open = database.open_database

    def changed_meanwhile(path, key, **kw):
        # Another VisitDesk finishes changing the passphrase between our look at the folder
        # and our first read of the database.
        monkeypatch.setattr(workspace, "open_database", real_open)
        database.change_key(path, passphrase, NEW)
        return real_open(path, key, **kw)

    monkeypatch.setattr(workspace, "open_database", changed_meanwhile)
    with pytest.raises(PassphraseJustChanged, match="the passphrase was just changed; try again"):
        open_workspace(folder, passphrase)
    assert failed_unlocks(folder) == 0
    open_workspace(folder, NEW).close()


def test_an_unlock_during_a_passphrase_change_is_not_counted(
    make_workspace, passphrase, monkeypatch
):
    ws = make_workspace()
    folder = ws.data_dir
    ws.lock()
    real_open = database.open_database

    def changed_meanwhile(path, key, **kw):
        monkeypatch.setattr(workspace, "open_database", real_open)
        database.change_key(path, passphrase, NEW)
        return real_open(path, key, **kw)

    monkeypatch.setattr(workspace, "open_database", changed_meanwhile)
    with pytest.raises(PassphraseJustChanged):
        ws.unlock(passphrase)
    assert ws.locked and failed_unlocks(folder) == 0
    ws.unlock(NEW)
    assert _audit(ws, "unlock_failures") == []


def _rekey_copy(folder, age=0.0):
    temp = folder / f".{paths.DATABASE_NAME}.abc123.rekey"
    temp.write_bytes(b"")
    if age:
        then = time.time() - age
        os.utime(temp, (then, then))
    return temp


def test_a_wrong_passphrase_while_a_new_copy_is_being_written_is_not_counted(folder):
    temp = _rekey_copy(folder)
    with pytest.raises(PassphraseJustChanged):
        open_workspace(folder, "the old one, a moment too late")
    assert failed_unlocks(folder) == 0
    temp.unlink()


def test_a_copy_left_by_a_killed_change_does_not_stop_the_counting(folder):
    _rekey_copy(folder, age=workspace.REKEY_STALE_SECONDS + 60)
    with pytest.raises(WrongPassphrase) as raised:
        open_workspace(folder, "not the passphrase at all")
    assert not isinstance(raised.value, PassphraseJustChanged)
    assert failed_unlocks(folder) == 1


def test_a_number_setting_is_checked_stored_and_audited_by_name_only(workspace):
    from sqlalchemy import select

    from visitdesk.services.workspace import change_number_setting
    from visitdesk.storage.models import AuditEvent

    assert change_number_setting(workspace, "idle_lock_minutes", "30") == 30
    assert workspace.idle_lock_minutes() == 30
    for bad in ("0", "241", "ten", True, None):
        with pytest.raises(UserError, match="from 1 to 240"):
            change_number_setting(workspace, "idle_lock_minutes", bad)
    assert workspace.idle_lock_minutes() == 30
    with workspace.db.sessions() as s:
        details = [
            e.detail
            for e in s.scalars(select(AuditEvent).where(AuditEvent.action == "change_setting"))
        ]
    assert details == ["idle_lock_minutes"]


def test_the_region_changes_for_new_children_and_is_audited(workspace):
    from visitdesk.services.workspace import _load_identity, change_region

    change_region(workspace, "scotland")
    assert workspace.identity.region == "scotland"
    assert _load_identity(workspace.db).region == "scotland"
    with pytest.raises(UserError, match="region must be one of"):
        change_region(workspace, "wales")
