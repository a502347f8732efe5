"""Choosing the authority on first run, as a person would: by its name, seeing what it covers."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from visitdesk.services.workspace import open_workspace
from visitdesk.ui.dialogs import FirstRunDialog

PASS = "correct horse battery"


def _dialog(qtbot, tmp_path):
    dialog = FirstRunDialog(tmp_path / "data")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_every_shipped_authority_is_offered_by_its_name(qtbot, tmp_path):
    from visitdesk.standards.authority import list_authorities

    dialog = _dialog(qtbot, tmp_path)
    offered = {
        dialog.authority.itemText(i): dialog.authority.itemData(i)
        for i in range(dialog.authority.count())
    }
    assert offered == {a.name: a.id for a in list_authorities()}
    # Getting it Right is chosen to begin with, and says what it covers.
    assert dialog.authority.currentText() == "Getting it Right"
    assert "Child in need: Getting it Right practice standards 2018, Seen alone guidance" in (
        dialog.coverage.text()
    )


def test_picking_leicestershire_shows_what_it_covers_and_sets_up_under_it(
    qtbot, tmp_path, passphrase
):
    dialog = _dialog(qtbot, tmp_path)
    before = dialog.coverage.text()
    qtbot.keyClicks(dialog.name, "Sam Worker")
    dialog.authority.setFocus()
    qtbot.keyClicks(dialog.authority, "Leic")  # typing a name's start picks it in the list
    assert dialog.authority.currentText() == "Leicestershire County Council"
    text = dialog.coverage.text()
    assert text != before and dialog.coverage.isVisible()
    assert "Child in need: Leicestershire CIN procedure 2024" in text
    assert "Child protection: no standard set" in text
    assert "Looked after: Looked after regulations 2010" in text
    qtbot.keyClicks(dialog.passphrase, PASS)
    qtbot.keyClicks(dialog.again, PASS)
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    ws = dialog.workspace
    assert ws is not None
    assert ws.identity.authority_id == "leicestershire"
    assert ws.identity.policy_id == "leicestershire-cin-2024"
    assert ws.identity.region == "england-and-wales"
    ws.close()
    again = open_workspace(tmp_path / "data", passphrase)
    try:
        assert again.identity.authority_id == "leicestershire"  # stored, not only shown
    finally:
        again.close()


def test_moving_to_another_authority_shows_what_that_one_covers(qtbot, tmp_path):
    dialog = _dialog(qtbot, tmp_path)
    first = dialog.coverage.text()
    dialog.authority.setFocus()
    qtbot.keyClicks(dialog.authority, "Leic")
    assert dialog.coverage.text() != first
    qtbot.keyClick(dialog.authority, Qt.Key.Key_Home)  # the first in the list
    assert dialog.authority.currentText() == "Children's Social Care, visiting policy 2019"
    assert "Child protection: Visiting policy 2019" in dialog.coverage.text()
