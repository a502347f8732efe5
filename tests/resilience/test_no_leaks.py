"""Nothing a record says reaches the logs, the disk outside the encrypted database, or a
place the user did not choose."""

from __future__ import annotations

import json
import logging

from PySide6.QtCore import Qt

from visitdesk import cli
from visitdesk.logsetup import setup_logging, stop_logging
from visitdesk.services.workspace import open_workspace
from visitdesk.ui.hub import Hub
from visitdesk.ui.main_window import MainWindow
from visitdesk.ui.printing import ExportPdfDialog
from visitdesk.ui.visit_form import VisitForm

PASS = "correct horse battery"
TYPED = "Zanzibar marmalade sandwiches under the stairs"


def _cli(monkeypatch, capsys, *args):
    monkeypatch.setenv("VISITDESK_PASSPHRASE", PASS)
    try:
        code = cli.main(list(args))
    finally:
        stop_logging()
    out = capsys.readouterr()
    assert code == 0, out.err
    return out.out


def test_the_logs_never_hold_names_or_what_was_typed(tmp_path, qtbot, monkeypatch, capsys):
    folder = tmp_path / "data"
    d = ["--data-dir", str(folder)]
    _cli(
        monkeypatch,
        capsys,
        *d,
        "init",
        "--name",
        "Sam Worker",
        "--role",
        "worker",
        "--policy",
        "getting-it-right-2018",
    )
    _cli(monkeypatch, capsys, *d, "demo", "--children", "8", "--seed", "11")
    children = json.loads(_cli(monkeypatch, capsys, *d, "children", "--json"))
    _cli(monkeypatch, capsys, *d, "backup", "--out", str(tmp_path / "copy.vdbackup"))

    # The app, as run_app sets it up, with logging at its most talkative.
    setup_logging(folder, level=logging.DEBUG)
    monkeypatch.setattr(VisitForm, "confirm_complete", lambda self: True)
    ws = None
    try:
        try:
            open_workspace(folder, "a wrong guess at it")
        except Exception:  # noqa: BLE001 - a failed unlock, as a person would make
            pass
        ws = open_workspace(folder, PASS)
        win = MainWindow(ws, Hub())
        qtbot.addWidget(win)
        win.show()
        win.start_backup()
        qtbot.waitUntil(lambda: win.caseload_ready and win.backup_result is not None, timeout=10000)
        child = children[0]
        win.open_child(child["id"])
        qtbot.mouseClick(win.child_page.new_visit, Qt.MouseButton.LeftButton)
        form = win.visit_form
        edit = form.narrative["findings"]
        edit.setFocus()
        qtbot.keyClicks(edit, TYPED)
        form.save()
        out = tmp_path / "record.pdf"
        monkeypatch.setattr(
            ExportPdfDialog,
            "ask",
            classmethod(lambda cls, suggested, parent=None: ((out, None), True)),
        )
        qtbot.mouseClick(form.export_button, Qt.MouseButton.LeftButton)
        assert out.exists()
        win.lock()
        win.unlock("still not it")
        win.unlock(PASS)
        assert win.visit_form.narrative["findings"].toPlainText() == TYPED
        # A failure inside a background job is logged, without the error's own words.
        monkeypatch.setattr(
            "visitdesk.ui.main_window_caseload.work_out",
            lambda ws: (_ for _ in ()).throw(KeyError(child["name"])),
        )
        win.show_caseload()
        win._start_working_out()
        qtbot.waitUntil(lambda: win.caseload_ready, timeout=10000)
        win.close()
    finally:
        if ws is not None:
            ws.close()
        stop_logging()

    logs = "".join(p.read_text(encoding="utf-8") for p in (folder / "logs").glob("*.log*"))
    assert "locked" in logs and "backup made" in logs and "working out the caseload" in logs
    for secret in [
        TYPED,
        "marmalade",
        *(c["name"] for c in children),
        *(c["case_reference"] for c in children),
    ]:
        assert secret not in logs, secret
    # Files were written only where asked: the data folder, the backup and the PDF.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy.vdbackup", "data", "record.pdf"]
    raw = (folder / "visitdesk.db").read_bytes()
    assert TYPED.encode() not in raw and children[0]["name"].encode() not in raw
