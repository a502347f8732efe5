"""The menus: every action has its own shortcut, shown in the menu, and Help lists them all."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QKeySequence

from visitdesk.services.workspace import rename
from visitdesk.ui.hub import Hub
from visitdesk.ui.main_window import MainWindow
from visitdesk.ui.settings import AboutDialog, SettingsDialog, ShortcutsDialog

# Keys a text box uses: a menu shortcut must never take them.
TEXT_EDITING = {
    QKeySequence(k).toString()
    for k in (
        "Ctrl+C",
        "Ctrl+V",
        "Ctrl+X",
        "Ctrl+Z",
        "Ctrl+Y",
        "Ctrl+A",
        "Ctrl+Shift+Z",
        "Ctrl+Left",
        "Ctrl+Right",
        "Ctrl+Backspace",
        "Ctrl+Delete",
        "Home",
        "End",
    )
}
# Keys that work without a menu (the child's page, the caseload filter).
OTHER_KEYS = {"Ctrl+N", "Ctrl+F"}


@pytest.fixture(params=["worker", "manager"])
def win(request, make_workspace, qtbot):
    ws = make_workspace(role=request.param)
    win = MainWindow(ws, Hub())
    qtbot.addWidget(win)
    qtbot.waitUntil(lambda: win.caseload_ready, timeout=10000)
    yield win
    win.wait_for_background_work()


def _menus(win):
    return {
        m.text().replace("&", ""): [a for a in m.menu().actions() if not a.isSeparator()]
        for m in win.menuBar().actions()
        if m.menu()
    }


def _keys(action):
    return [k.toString() for k in action.shortcuts()]


def test_the_menus_are_file_view_sync_case_system_and_help(win):
    menus = _menus(win)
    assert list(menus) == ["File", "View", "Sync", "Case system", "Help"]
    assert [a.text() for a in menus["File"]] == [
        "&Lock",
        "&Back up now",
        "&Restore from a backup…",
        "&Import caseload…",
        "&Settings…",
        "Change &passphrase…",
        "My &dictionary…",
        "&Quit",
    ]
    assert [a.text() for a in menus["Case system"]] == [
        "&Export caseload…",
        "&Annex A return…",
        "&SSD visit tables…",
        "&Not yet entered in the case system…",
    ]
    assert [a.text() for a in menus["Help"]] == ["&Keyboard shortcuts", "&About VisitDesk"]
    # Settings covers the name and team; there is no separate entry for them.
    assert not any("name and team" in a.text() for a in menus["File"])


def test_every_action_in_our_menus_has_a_shortcut_of_its_own(win):
    seen: dict[str, str] = {}
    for menu in ("File", "View", "Case system", "Help"):
        for action in _menus(win)[menu]:
            keys = _keys(action)
            assert keys, f"{action.text()} has no shortcut"
            for key in keys:
                assert key not in TEXT_EDITING and key not in OTHER_KEYS, (action.text(), key)
                assert key not in seen, f"{key} is both {seen[key]} and {action.text()}"
                seen[key] = action.text()


def test_no_two_actions_anywhere_share_a_shortcut(win):
    seen: dict[str, str] = {}
    for actions in _menus(win).values():
        for action in actions:
            for key in _keys(action):
                assert key not in seen, f"{key} is both {seen[key]} and {action.text()}"
                assert key not in OTHER_KEYS and key not in TEXT_EDITING
                seen[key] = action.text()


def test_every_sync_action_has_a_shortcut_even_while_it_is_off(win):
    actions = _menus(win)["Sync"]
    assert [a.text() for a in actions[1:]] == [
        "Send and &receive",
        "&Export a bundle…",
        "&Import a bundle…",
        "Save &this installation's card…",
        "&Enrol a worker's device…" if win.ws.is_manager else "&Join a team…",
    ]
    # Send and receive waits for a hub's card, and is there (with its key) before that.
    assert not win.sync_menu.send_receive.isEnabled()
    for action in actions:
        if action is not win.sync_menu.waiting:  # that line only says what is waiting to go
            assert _keys(action), f"{action.text()} has no shortcut"


def test_the_shortcut_is_shown_in_the_menu(win):
    back = win.back_action
    assert back.shortcut().toString() == "Alt+Left"  # the one the menu shows
    assert _keys(back) == ["Alt+Left", "Esc"]
    assert win.settings_action.shortcut().toString() == "Ctrl+,"


def test_help_keyboard_shortcuts_lists_every_action_and_the_other_keys(win, monkeypatch):
    shown = []
    monkeypatch.setattr(ShortcutsDialog, "exec", lambda self: shown.append(self) or 0)
    next(a for a in _menus(win)["Help"] if a.text() == "&Keyboard shortcuts").trigger()
    (dialog,) = shown
    rows = {
        dialog.table.item(r, 0).text(): dialog.table.item(r, 1).text()
        for r in range(dialog.table.rowCount())
    }
    for actions in _menus(win).values():
        for action in actions:
            if action.shortcuts():
                what = action.text().replace("&", "").rstrip("…")
                assert rows[what] == ", ".join(
                    k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()
                )
    assert rows["Back"].endswith("Esc")
    assert rows["New visit, on a child's page"] == "Ctrl+N"
    assert rows["Press the button that has the focus"] == "Enter"


def test_help_about_names_the_version_and_the_data_folder(win, monkeypatch):
    shown = []
    monkeypatch.setattr(AboutDialog, "exec", lambda self: shown.append(self) or 0)
    next(a for a in _menus(win)["Help"] if a.text() == "&About VisitDesk").trigger()
    (dialog,) = shown
    assert str(win.ws.data_dir) in dialog.text.text()


def test_settings_that_rename_retitle_the_window_and_say_when_the_team_sees_it(win, monkeypatch):
    def save(cls, ws, parent=None, hub=None):
        rename(ws, name="Sam Newname")
        return True, True

    told = []
    monkeypatch.setattr(SettingsDialog, "ask", classmethod(save))
    monkeypatch.setattr(win, "tell", lambda title, text: told.append((title, text)))
    win.settings_action.trigger()
    assert win.windowTitle().startswith("VisitDesk — Sam Newname, Team North")
    assert told and told[0][0] == "Name and team changed" and "new card" in told[0][1]


def test_settings_saved_without_a_new_name_change_the_idle_lock_at_once(win, monkeypatch):
    from visitdesk.services import workspace as workspace_service
    from visitdesk.services.workspace import IDLE_LOCK_KEY

    def save(cls, ws, parent=None, hub=None):
        workspace_service.change_number_setting(ws, IDLE_LOCK_KEY, 3)
        return True, False

    monkeypatch.setattr(SettingsDialog, "ask", classmethod(save))
    told = []
    monkeypatch.setattr(win, "tell", lambda title, text: told.append(title))
    win.settings_action.trigger()
    assert win.idle_watcher.limit_seconds == 3 * 60
    assert told == [] and win.statusBar().currentMessage() == "Settings saved"


def test_back_up_now_makes_a_backup_and_says_so_in_the_status_bar(win, qtbot):
    from visitdesk.services.backup import list_backups

    before = list_backups(win.ws.data_dir)
    win.backup_action.trigger()
    qtbot.waitUntil(lambda: isinstance(win.backup_result, Path), timeout=10000)
    made = win.backup_result
    assert made in list_backups(win.ws.data_dir) and made not in before
    assert win.statusBar().currentMessage().startswith(f"Backup made: {made.name}")


def test_back_up_now_says_why_when_no_backup_could_be_made(win, qtbot, monkeypatch):
    from visitdesk.errors import UserError
    from visitdesk.services import backup

    def fail(ws):
        raise UserError("the backups folder could not be made (disk full)")

    monkeypatch.setattr(backup, "backup_now", fail)
    win.backup_action.trigger()
    qtbot.waitUntil(lambda: isinstance(win.backup_result, UserError), timeout=10000)
    message = win.statusBar().currentMessage()
    assert message.startswith("No backup was made: the backups folder could not be made")
    assert "try again from File > Back up now" in message
