"""Setting up and unlocking, typed as a person would, including the mistakes people make."""

from __future__ import annotations

import hashlib

from PySide6.QtCore import Qt

from visitdesk import paths
from visitdesk.services.workspace import open_workspace
from visitdesk.storage.models import AuditEvent
from visitdesk.ui.dialogs import (
    ChangePassphraseDialog,
    FirstRunDialog,
    NameAndTeamDialog,
    UnlockDialog,
)

PASS = "correct horse battery"


def _ok_button(dialog):
    from PySide6.QtWidgets import QDialogButtonBox

    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def test_first_run_refuses_different_passphrases_and_creates_nothing(qtbot, tmp_path):
    dialog = FirstRunDialog(tmp_path / "data")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.name, "Sam Worker")
    qtbot.keyClicks(dialog.passphrase, PASS)
    qtbot.keyClicks(dialog.again, PASS + "x")
    qtbot.mouseClick(_ok_button(dialog), Qt.MouseButton.LeftButton)
    assert dialog.error.isVisible() and "different" in dialog.error.text()
    assert dialog.workspace is None
    assert not paths.database_path(tmp_path / "data").exists()


def _first_run(qtbot, tmp_path):
    dialog = FirstRunDialog(tmp_path / "data")
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_first_run_refuses_a_short_passphrase(qtbot, tmp_path):
    dialog = _first_run(qtbot, tmp_path)
    qtbot.keyClicks(dialog.name, "Sam Worker")
    qtbot.keyClicks(dialog.passphrase, "short")
    qtbot.keyClicks(dialog.again, "short")
    assert "at least 8 characters" in dialog.passphrase_hint.text()
    assert not _ok_button(dialog).isEnabled()
    qtbot.mouseClick(_ok_button(dialog), Qt.MouseButton.LeftButton)
    assert dialog.workspace is None
    assert not paths.database_path(tmp_path / "data").exists()


def test_first_run_says_why_a_passphrase_is_weak_as_it_is_typed(qtbot, tmp_path):
    dialog = _first_run(qtbot, tmp_path)
    qtbot.keyClicks(dialog.name, "Sam Worker")
    assert "unrelated words" in dialog.passphrase_hint.text()  # advice before typing
    for weak, reason in (
        ("        ", "repeats one character"),
        ("password1", "common password"),
        ("sam worker visitdesk", "your name, your team"),
    ):
        dialog.passphrase.clear()
        qtbot.keyClicks(dialog.passphrase, weak)
        hint = dialog.passphrase_hint.text()
        assert hint.startswith("That passphrase is too easy to guess") and reason in hint, hint
        assert "try three or four unrelated words" in hint
        assert not _ok_button(dialog).isEnabled()
    dialog.passphrase.clear()
    qtbot.keyClicks(dialog.passphrase, PASS)
    assert dialog.passphrase_hint.text() == "That passphrase is strong enough."
    assert _ok_button(dialog).isEnabled()


def test_first_run_keeps_set_up_closed_for_a_name_a_card_would_refuse(qtbot, tmp_path):
    dialog = _first_run(qtbot, tmp_path)
    qtbot.keyClicks(dialog.passphrase, PASS)
    assert not _ok_button(dialog).isEnabled()
    assert dialog.name_hint.isVisible() and "Please give your name" in dialog.name_hint.text()
    for bad, message in (
        ("Sam\nWorker", "on one line"),
        ("Sam\u200bWorker", "hidden"),
        ("S" * 101, "longer than 100 characters"),
    ):
        dialog.name.setText(bad)  # as pasted: typing cannot make these
        assert not _ok_button(dialog).isEnabled()
        assert message in dialog.name_hint.text(), dialog.name_hint.text()
    dialog.name.setText("Sam Worker")
    dialog.team.setText("North\tTeam")
    assert not _ok_button(dialog).isEnabled() and "team name" in dialog.name_hint.text()
    dialog.team.setText("  Team North ")  # outer spaces are only trimmed
    assert _ok_button(dialog).isEnabled() and not dialog.name_hint.isVisible()
    qtbot.keyClicks(dialog.again, PASS)
    qtbot.mouseClick(_ok_button(dialog), Qt.MouseButton.LeftButton)
    ws = dialog.workspace
    assert ws is not None and ws.identity.team == "Team North"
    ws.close()


def test_first_run_sets_up_an_encrypted_database_with_demo_children(qtbot, tmp_path):
    dialog = FirstRunDialog(tmp_path / "data")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.authority.currentData() == "getting-it-right"
    qtbot.keyClicks(dialog.name, "Sam Worker")
    qtbot.keyClicks(dialog.passphrase, PASS)
    qtbot.keyClicks(dialog.again, PASS)
    dialog.demo.setChecked(True)
    qtbot.mouseClick(_ok_button(dialog), Qt.MouseButton.LeftButton)
    ws = dialog.workspace
    assert ws is not None and ws.identity.worker_name == "Sam Worker"
    ws.close()
    raw = paths.database_path(tmp_path / "data").read_bytes()
    assert not raw.startswith(b"SQLite format 3")


def test_unlock_says_try_again_and_changes_nothing_then_opens(qtbot, tmp_path, make_workspace):
    ws = make_workspace(folder="data")
    ws.close()
    db = paths.database_path(tmp_path / "data")
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    dialog = UnlockDialog(tmp_path / "data")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.passphrase, "not my passphrase")
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    assert dialog.workspace is None
    assert "try again" in dialog.error.text()
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    dialog.passphrase.clear()
    qtbot.keyClicks(dialog.passphrase, PASS)
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    assert dialog.workspace is not None
    dialog.workspace.close()


def test_change_passphrase_says_as_it_is_typed_whether_the_new_one_will_do(qtbot, workspace):
    dialog = ChangePassphraseDialog(workspace)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.new, "Team North 1")
    assert "your name, your team" in dialog.new_hint.text()
    dialog.new.clear()
    qtbot.keyClicks(dialog.new, "plum kettle orbit sandal")
    assert "strong enough" in dialog.new_hint.text()


def test_renaming_in_the_dialog_is_stored_and_used_at_once(qtbot, workspace, passphrase):
    from sqlalchemy import select

    dialog = NameAndTeamDialog(workspace)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.name.text() == "Sam Worker" and dialog.team.text() == "Team North"
    dialog.name.setText("Sam\nWorker")
    assert not _ok_button(dialog).isEnabled() and "on one line" in dialog.error.text()
    dialog.name.clear()
    qtbot.keyClicks(dialog.name, " Samira Worker ")
    dialog.team.clear()
    assert _ok_button(dialog).isEnabled() and not dialog.error.isVisible()
    qtbot.mouseClick(_ok_button(dialog), Qt.MouseButton.LeftButton)
    assert dialog.identity is not None and dialog.identity == workspace.identity
    assert (workspace.identity.worker_name, workspace.identity.team) == ("Samira Worker", "")
    folder = workspace.data_dir
    workspace.close()
    again = open_workspace(folder, passphrase)
    try:
        assert (again.identity.worker_name, again.identity.team) == ("Samira Worker", "")
        with again.db.sessions() as s:
            event = s.scalars(select(AuditEvent).where(AuditEvent.action == "rename")).one()
        assert event.detail == "name and team" and event.actor == "Sam Worker"
    finally:
        again.close()
