"""The caseload window says in words who has not been seen alone, and shows the command's rows."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtTest import QAbstractItemModelTester

from visitdesk.services import records
from visitdesk.services.caseload import work_out
from visitdesk.services.records import PlanInput
from visitdesk.ui.caseload import COLUMNS
from visitdesk.ui.hub import Hub
from visitdesk.ui.main_window import MainWindow

FIXED = datetime(2026, 3, 16, 12, 0)  # a Monday
FULL = dict(location="home", seen="yes", seen_alone="yes", bedroom_seen=True, purpose="p",
            findings="f", analysis="a", conclusion="c", recommendations="r")


@pytest.fixture
def ws(make_workspace):
    return make_workspace(policy="getting-it-right-2018", clock=lambda: FIXED)


def _child(ws, given, visits):
    cid = records.add_child(ws, given_name=given, family_name="Brook",
                            date_of_birth=date(2016, 1, 1),
                            plan=PlanInput("CIN", date(2026, 1, 5), visit_every=4,
                                           visit_unit="weeks",
                                           visit_rationale="Agreed at the CIN planning meeting."))
    for at, alone in visits:
        extra = {} if alone else dict(seen_alone="no",
                                      not_seen_alone_reason="She wanted her mum to stay.")
        vid = records.start_visit(ws, cid, at, **{**FULL, **extra})
        records.complete_visit(ws, vid)
    return cid


def _window(qtbot, ws):
    win = MainWindow(ws, Hub())
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.caseload_ready, timeout=10000)
    return win


def _cells(win, name):
    proxy = win.caseload.proxy
    for r in range(proxy.rowCount()):
        if proxy.index(r, 1).data() == name:
            return {COLUMNS[c]: proxy.index(r, c).data() for c in range(len(COLUMNS))}
    raise AssertionError(f"{name} is not on the caseload")


def test_the_caseload_says_who_has_not_been_seen_alone_and_who_is_due(qtbot, ws):
    # Seen alone on 12 January, then twice with mum: six weeks alone ran out on 23 February.
    _child(ws, "Ada", [(datetime(2026, 1, 12, 10), True), (datetime(2026, 2, 9, 10), False),
                       (datetime(2026, 3, 9, 10), False)])
    # Seen alone on 9 March: the next time alone is due six weeks on.
    _child(ws, "Bea", [(datetime(2026, 2, 9, 10), True), (datetime(2026, 3, 9, 10), True)])
    win = _window(qtbot, ws)
    QAbstractItemModelTester(win.caseload.model,
                             QAbstractItemModelTester.FailureReportingMode.Fatal)
    ada = _cells(win, "Ada Brook")
    assert ada["Seen alone"] == "Not seen alone since 12 Jan 2026"
    assert "not seen alone since 12 Jan" in ada["What needs attention"]
    assert ada["Status"] != "On track"
    bea = _cells(win, "Bea Brook")
    assert bea["Seen alone"] == "9 Mar 2026"
    assert "Seen alone due by Mon 20 Apr" in bea["What needs attention"]


def test_the_window_shows_the_rows_the_command_prints(qtbot, ws):
    _child(ws, "Ada", [(datetime(2026, 1, 12, 10), True)])
    _child(ws, "Bea", [(datetime(2026, 3, 9, 10), True)])
    win = _window(qtbot, ws)
    printed = [row.to_json() for row in work_out(ws, FIXED.date(), remember=False)]
    shown = [win.caseload.model.row_at(r).to_json()
             for r in range(win.caseload.model.rowCount())]
    assert shown == printed
    assert [r["status"] for r in printed] == ["overdue", "on_track"]
