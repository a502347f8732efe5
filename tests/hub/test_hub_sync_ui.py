"""Sync > Send and receive in the window, against a real hub process over HTTPS: the records
reach the hub, a hub out of reach is said plainly and changes nothing, and the action waits
for the hub's card."""

from __future__ import annotations

import gc
import json
import re

import pytest
from PySide6.QtCore import QThread, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import select, text

from tests.hub.hubtools import hub_command, set_up_hub
from visitdesk.services import demo, hub_sync, records, syncing
from visitdesk.storage.models import AuthorisationTask
from visitdesk.sync.hub_client import HubUnreachable
from visitdesk.ui.hub import Hub
from visitdesk.ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def _collect_on_the_gui_thread():
    """As tests/ui does: Qt objects left in cycles are freed here, on the GUI thread."""
    gc.freeze()
    yield
    gc.collect()


@pytest.fixture
def no_message_boxes(monkeypatch):
    """A real modal box would wait for ever for a click: say what it would have shown."""
    shown: list[str] = []
    for name in ("information", "warning", "critical", "question"):
        monkeypatch.setattr(
            QMessageBox, name, staticmethod(lambda *a, **k: shown.append(str(a[2])) or 0)
        )
    return shown


def _open_tasks(ws) -> set[str]:
    with ws.db.sessions() as session:
        return set(
            session.scalars(
                select(AuthorisationTask.visit_id).where(AuthorisationTask.state == "open")
            )
        )


def _everything_in(ws) -> dict[str, list[tuple]]:
    """Every row of every table, to show that nothing at all was written."""
    with ws.db.engine.connect() as conn:
        tables = conn.execute(
            text("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        ).scalars()
        return {
            table: sorted(map(tuple, conn.execute(text(f'SELECT * FROM "{table}"')).all()))
            for table in list(tables)
        }


def _window(ws, qtbot) -> MainWindow:
    win = MainWindow(ws, Hub())
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.caseload_ready, timeout=10000)
    return win


def _sync_from_the_menu(win, qtbot, timeout: int = 60000):
    action = win.sync_menu.send_receive
    assert action.isEnabled()
    action.trigger()
    dialog = win.sync_menu.sync_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: not dialog.running, timeout=timeout)
    return dialog


@pytest.fixture
def team(tmp_path, hub_database_url, make_workspace):
    hub = set_up_hub(tmp_path, hub_database_url)
    worker = make_workspace(role="worker", name="Sam Worker", folder="sam")
    manager = make_workspace(role="manager", name="Morgan Manager", folder="morgan")
    cards = []
    for ws, name in ((worker, "sam"), (manager, "morgan")):
        cards.append(tmp_path / f"{name}.card")
        syncing.export_card(ws, cards[-1])
        assert syncing.import_card(ws, hub.card).relation == "hub"
    hub.enrol(*cards)
    yield hub, worker, manager
    hub.stop()


def test_send_and_receive_takes_the_records_to_the_hub_and_brings_decisions_back(
    team, qtbot, no_message_boxes, tmp_path
):
    hub, worker, manager = team
    hub.start()
    demo.fill(worker, children=2)
    waiting = _open_tasks(worker)
    assert waiting, "the demo caseload has records waiting for authorisation"
    win = _window(worker, qtbot)
    assert win.sync_menu.send_receive.shortcut().toString() == "Ctrl+Shift+S"
    assert win.sync_menu.update_waiting().startswith("Waiting to be sent: ")

    dialog = _sync_from_the_menu(win, qtbot)
    assert dialog.state.text() == "Up to date"
    assert re.match(r"Sent: \d+ visit records, 2 children", dialog.detail.text())
    assert "decision" not in dialog.detail.text()  # a worker's tasks go with their records
    assert dialog.close_button.isEnabled() and not dialog.refused.isVisible()
    assert no_message_boxes == []
    assert win.sync_menu.update_waiting() == (
        "Nothing waiting to be sent; syncs through Team North hub"
    )

    # At the hub: a bundle waits for the manager, who takes in the whole queue with it.
    devices = json.loads(hub_command("devices", "--dir", str(hub.folder), "--json").stdout)
    assert {d["name"]: d["waiting"] for d in devices}["Morgan Manager"] == 1
    assert hub_sync.send_and_receive(manager).refused == []
    assert _open_tasks(manager) == waiting

    first = sorted(waiting)[0]
    with manager.db.sessions() as session:
        task_id = session.scalar(
            select(AuthorisationTask.id).where(AuthorisationTask.visit_id == first)
        )
    records.authorise(manager, task_id, "Good record")
    assert hub_sync.send_and_receive(manager).sent == {"decisions": 1}

    # The worker takes decisions only from a manager whose card it holds, compared by hand:
    # refused, and listed, until then.
    dialog.close()
    refusing = _sync_from_the_menu(win, qtbot)
    assert refusing.refused.isVisible()
    # The decision only: the bundle before it that only acknowledged the records had
    # nothing in it to refuse.
    head, *reasons = refusing.refused.text().split("\n")
    assert head == "1 bundle from the hub was refused, and nothing in it applied:"
    assert len(reasons) == 1 and reasons[0].startswith(
        "• Decisions from Morgan Manager came through the hub, but Morgan Manager's card is "
        "not enrolled here"
    )
    assert first in _open_tasks(worker)
    refusing.close()
    assert syncing.import_card(worker, tmp_path / "morgan.card").relation == "manager"
    assert hub_sync.send_and_receive(manager).sent == {"decisions": 1}  # sent again

    # The decision comes back through the menu, announced once on the window's own thread.
    announced = []
    win.hub.changed.connect(lambda changes: announced.append((changes, QThread.currentThread())))
    again = _sync_from_the_menu(win, qtbot)
    assert again is not dialog and not again.refused.isVisible()
    assert again is not dialog
    assert again.state.text() == "Up to date"
    assert "From Morgan Manager: 1 decision." in again.detail.text(), again.refused.text()
    assert len(announced) == 1
    changes, thread = announced[0]
    assert changes.touches_visit(first)
    assert thread is QApplication.instance().thread()
    assert first not in _open_tasks(worker)
    again.close()


def test_with_the_hub_stopped_it_says_working_offline_keeps_the_window_alive_and_writes_nothing(
    team, qtbot, no_message_boxes
):
    hub, worker, _manager = team  # the hub never started: nothing listens on its port
    demo.fill(worker, children=2)
    win = _window(worker, qtbot)
    # Three tries about a third of a second apart: long enough to see the window stay alive.
    win.sync_menu.client_factory = lambda: hub_sync.client_for(
        worker, attempts=3, backoff=0.3, max_backoff=0.3
    )
    before = _everything_in(worker)
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(20)

    win.sync_menu.send_receive.trigger()
    dialog = win.sync_menu.sync_dialog
    assert dialog.running and not dialog.close_button.isEnabled()
    dialog.reject()  # Escape mid-sync leaves it open, and the sync going
    assert dialog.isVisible()
    qtbot.waitUntil(lambda: len(ticks) >= 5, timeout=5000)
    assert dialog.running, "the window kept taking events while the sync waited to retry"
    qtbot.waitUntil(lambda: not dialog.running, timeout=30000)
    timer.stop()

    assert dialog.state.text() == "Hub not reachable: working offline"
    assert dialog.detail.text().startswith("Connection refused. Your work is kept here")
    assert dialog.close_button.isEnabled()
    assert no_message_boxes == []  # said in the dialog, not in a box on top of it
    assert _everything_in(worker) == before
    dialog.reject()
    assert not dialog.isVisible()


def test_send_and_receive_is_off_until_the_hubs_card_is_imported(
    tmp_path, hub_database_url, make_workspace, qtbot, no_message_boxes, monkeypatch
):
    hub = set_up_hub(tmp_path, hub_database_url)
    manager = make_workspace(role="manager", name="Morgan Manager", folder="morgan")
    assert not _window(manager, qtbot).sync_menu.send_receive.isEnabled()
    worker = make_workspace(role="worker", name="Sam Worker", folder="sam")
    win = _window(worker, qtbot)
    action = win.sync_menu.send_receive
    assert not action.isEnabled()
    assert action.statusTip() == "Import the hub's card first (Sync > Join a team…)"
    assert action.shortcut().toString() == "Ctrl+Shift+S"  # there, and known, while off
    action.trigger()
    assert win.sync_menu.sync_dialog is None

    # Sync > Join a team… with the hub's card: the question names the hub.
    asked = []

    def answer_they_match(box):
        asked.append(box.text() + "\n" + box.informativeText())
        next(b for b in box.buttons() if b.text() == "They &match").click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", answer_they_match)
    told = []
    win.sync_menu.ask_open_path = lambda title, f: str(hub.card)
    win.sync_menu.tell = lambda title, said: told.append(said)
    win.sync_menu._on_enrol()
    card = syncing.read_card(hub.card)
    (question,) = asked
    assert question.startswith("Sync through Team North hub?")
    assert card.fingerprint in question and syncing.my_card(worker).fingerprint in question
    assert told == [
        "This installation will sync through Team North hub. Use Sync > Send and receive "
        "whenever you have a signal."
    ]
    assert action.isEnabled()
    assert action.statusTip().startswith("Send your work to Team North hub")
    assert win.sync_menu.update_waiting() == (
        "Nothing waiting to be sent; syncs through Team North hub"
    )


def test_locking_mid_sync_hides_the_dialog_and_waits_for_the_sync_first(
    team, qtbot, no_message_boxes, passphrase
):
    hub, worker, _manager = team  # not started: the sync waits between its tries
    win = _window(worker, qtbot)
    win.sync_menu.client_factory = lambda: hub_sync.client_for(
        worker, attempts=3, backoff=0.3, max_backoff=0.3
    )
    win.sync_menu.send_receive.trigger()
    dialog = win.sync_menu.sync_dialog
    assert dialog.running
    win.lock()  # as the idle lock does
    assert win.is_locked and not dialog.isVisible()
    qtbot.waitUntil(lambda: not dialog.running, timeout=30000)
    # It ran to its own end (not cut off by the closed database), and says so when shown.
    assert isinstance(dialog.error, HubUnreachable)
    assert dialog.state.text() == "Hub not reachable: working offline"
    assert win.unlock(passphrase)
    assert win.sync_menu.send_receive.isEnabled()
