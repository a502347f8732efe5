"""Enrolling and exchanging bundles from the Sync menu, with the file dialogs answered."""

from __future__ import annotations

from datetime import date, timedelta

from visitdesk.services import records, syncing
from visitdesk.services.records import PlanInput
from visitdesk.ui.hub import Hub
from visitdesk.ui.main_window import MainWindow


def _window(ws, qtbot, answers, told):
    win = MainWindow(ws, Hub())
    qtbot.addWidget(win)
    menu = win.sync_menu
    menu.ask_save_path = lambda title, suggested, f: str(answers.pop(0))
    menu.ask_open_path = lambda title, f: str(answers.pop(0))
    menu.tell = lambda title, text: told.append(text)
    menu.warn = lambda text: told.append("WARN " + text)

    def compare(card, mine, relation):
        # What the person is shown before anything is enrolled: both fingerprints, and no
        # enrolment yet. They read them aloud; the answer comes from the test.
        told.append(f"COMPARE {card.fingerprint} {mine} enrolled={len(syncing.peers(ws))}")
        return answers.pop(0) if answers and isinstance(answers[0], bool) else True

    menu.confirm_fingerprints = compare
    return win


def test_enrol_send_and_receive_through_the_menu(make_workspace, qtbot, tmp_path):
    worker = make_workspace(role="worker", name="Sam Worker", folder="w")
    manager = make_workspace(role="manager", name="Morgan Manager", folder="m")
    told_w, told_m, answers_w, answers_m = [], [], [], []
    w = _window(worker, qtbot, answers_w, told_w)
    m = _window(manager, qtbot, answers_m, told_m)
    assert w.sync_menu.update_waiting() == "Not connected to a team yet"

    answers_w.append(tmp_path / "sam.vdcard")
    w.sync_menu._on_save_card()
    answers_m.append(tmp_path / "morgan.vdcard")
    m.sync_menu._on_save_card()
    fingerprint = told_w[-1].split()[-1]
    answers_m.append(tmp_path / "sam.vdcard")
    m.sync_menu._on_enrol()
    assert told_m[-2].startswith("COMPARE ") and fingerprint in told_m[-2]
    assert told_m[-2].endswith("enrolled=0")  # shown before anything was enrolled
    assert "Enrolled the device of Sam Worker" in told_m[-1]
    answers_w.append(tmp_path / "morgan.vdcard")
    w.sync_menu._on_enrol()
    assert "Joined the team of Morgan Manager" in told_w[-1]

    child = records.add_child(
        worker,
        given_name="Ada",
        family_name="Brook",
        date_of_birth=date(2015, 6, 1),
        plan=PlanInput("CIN", worker.today() - timedelta(days=30)),
    )
    at = worker.now().replace(hour=10, minute=0, second=0, microsecond=0) - timedelta(days=1)
    vid = records.start_visit(
        worker,
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
    records.complete_visit(worker, vid)
    assert "Waiting to be sent" in w.sync_menu.update_waiting()

    answers_w.append(tmp_path / "w1.vdbundle")
    w.sync_menu._on_export()
    assert "Bundle 1 for Morgan Manager" in told_w[-1]
    answers_m.append(tmp_path / "w1.vdbundle")
    m.sync_menu._on_import()
    assert told_m[-1].startswith("From Sam Worker: 1 visit record")
    assert "Completed, to authorise: Ada Brook's visit on" in told_m[-1]
    assert m.authorisations.model.rowCount() == 1

    # The same bundle again changes nothing and says so.
    answers_m.append(tmp_path / "w1.vdbundle")
    m.sync_menu._on_import()
    assert "already imported" in told_m[-1]

    # A damaged bundle gets a one-line warning.
    data = bytearray((tmp_path / "w1.vdbundle").read_bytes())
    data[-10] ^= 0xFF
    (tmp_path / "bad.vdbundle").write_bytes(bytes(data))
    answers_m.append(tmp_path / "bad.vdbundle")
    m.sync_menu._on_import()
    assert told_m[-1].startswith("WARN ") and "\n" not in told_m[-1]


def test_a_card_whose_fingerprints_do_not_match_enrols_nothing(make_workspace, qtbot, tmp_path):
    worker = make_workspace(role="worker", name="Sam Worker", folder="w")
    manager = make_workspace(role="manager", name="Morgan Manager", folder="m")
    told_w, told_m, answers_w, answers_m = [], [], [], []
    w = _window(worker, qtbot, answers_w, told_w)
    m = _window(manager, qtbot, answers_m, told_m)
    answers_w.append(tmp_path / "sam.vdcard")
    w.sync_menu._on_save_card()
    answers_m.extend([tmp_path / "sam.vdcard", False])  # "They don't match"
    m.sync_menu._on_enrol()
    assert told_m[-2].startswith("COMPARE ")
    assert "Nothing was enrolled" in told_m[-1]
    assert syncing.peers(manager) == []


def test_the_fingerprint_question_shows_both_and_answers_only_they_match(
    make_workspace, qtbot, tmp_path
):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    worker = make_workspace(role="worker", name="Sam Worker", folder="w")
    manager = make_workspace(role="manager", name="Morgan Manager", folder="m")
    card = syncing.my_card(worker)
    win = MainWindow(manager, Hub())
    qtbot.addWidget(win)
    mine = syncing.my_card(manager).fingerprint
    for label, expected in (("They &don't match", False), ("They &match", True)):
        seen = {}

        def answer(label=label, seen=seen):
            boxes = [
                w
                for w in QApplication.topLevelWidgets()
                if isinstance(w, QMessageBox) and w.isVisible()
            ]
            if not boxes:
                QTimer.singleShot(20, answer)
                return
            box = boxes[0]
            seen["text"] = box.text() + box.informativeText()
            button = next(b for b in box.buttons() if b.text() == label)
            button.click()

        QTimer.singleShot(0, answer)
        assert win.sync_menu.confirm_fingerprints(card, mine, "member") is expected
        assert card.fingerprint in seen["text"] and mine in seen["text"]
        assert "Sam Worker" in seen["text"]
