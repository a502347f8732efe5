"""Killing the app while someone types loses at most the last two seconds of typing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import date, timedelta

from sqlalchemy import select

from visitdesk.services import records
from visitdesk.services.records import PlanInput
from visitdesk.services.workspace import open_workspace
from visitdesk.storage.models import Visit

DRIVER = r"""
import os, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from pathlib import Path
from PySide6.QtWidgets import QApplication
from PySide6.QtTest import QTest
from visitdesk.services.workspace import open_workspace
from visitdesk.ui.hub import Hub
from visitdesk.ui.main_window import MainWindow
app = QApplication([])
ws = open_workspace(Path(sys.argv[1]), sys.argv[2])
win = MainWindow(ws, Hub())
win.show()
win.open_child(sys.argv[3])
win.child_page._on_new_visit()
edit = win.visit_form.narrative["findings"]
edit.setFocus()
QTest.keyClicks(edit, "the kitchen was clean and there was food in the fridge")
start = time.monotonic()
while time.monotonic() - start < 2.2:  # the autosave interval, and a little more
    app.processEvents()
    time.sleep(0.01)
print("typed", flush=True)
QTest.keyClicks(edit, " and then")  # typing goes on; the kill comes mid-word
while True:
    app.processEvents()
    time.sleep(0.01)
"""


def test_sigkill_after_a_pause_in_typing_keeps_what_was_typed(make_workspace, passphrase):
    ws = make_workspace(folder="data")
    child = records.add_child(ws, given_name="Ada", family_name="Brook",
                              date_of_birth=date(2016, 3, 4),
                              plan=PlanInput("CIN", ws.today() - timedelta(days=30)))
    folder = ws.data_dir
    ws.close()
    proc = subprocess.Popen([sys.executable, "-c", DRIVER, str(folder), passphrase, child],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    try:
        deadline = time.monotonic() + 60
        line = ""
        while "typed" not in line and time.monotonic() < deadline:
            line = proc.stdout.readline()
        assert "typed" in line
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    reopened = open_workspace(folder, passphrase)
    try:
        with reopened.db.sessions() as s:
            visit = s.scalars(select(Visit).where(Visit.child_id == child)).one()
            assert visit.findings.startswith(
                "the kitchen was clean and there was food in the fridge")
    finally:
        reopened.close()
