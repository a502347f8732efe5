"""Setting up and unlocking, typed as a person would, including the mistakes people make."""

from __future__ import annotations

import hashlib

from PySide6.QtCore import Qt

from visitdesk import paths
from visitdesk.ui.dialogs import FirstRunDialog, UnlockDialog

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


def test_first_run_refuses_a_short_passphrase(qtbot, tmp_path):
    dialog = FirstRunDialog(tmp_path / "data")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.name, "Sam Worker")
    qtbot.keyClicks(dialog.passphrase, "short")
    qtbot.keyClicks(dialog.again, "short")
    qtbot.mouseClick(_ok_button(dialog), Qt.MouseButton.LeftButton)
    assert "at least 8 characters" in dialog.error.text()
    assert not paths.database_path(tmp_path / "data").exists()


def test_first_run_sets_up_an_encrypted_database_with_demo_children(qtbot, tmp_path):
    dialog = FirstRunDialog(tmp_path / "data")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.policy.currentData() == "getting-it-right-2018"
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
