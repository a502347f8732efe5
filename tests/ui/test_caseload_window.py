"""The caseload window says in words who has not been seen alone, and shows the command's rows."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QAbstractItemModelTester

from visitdesk.services import records
from visitdesk.services.caseload import work_out
from visitdesk.services.records import PlanInput
from visitdesk.ui.caseload import COLUMNS
from visitdesk.ui.hub import Hub
from visitdesk.ui.main_window import MainWindow

FIXED = datetime(2026, 3, 16, 12, 0)  # a Monday
FULL = dict(
    location="home",
    seen="yes",
    seen_alone="yes",
    bedroom_seen=True,
    purpose="p",
    findings="f",
    analysis="a",
    conclusion="c",
    recommendations="r",
)


@pytest.fixture
def ws(make_workspace):
    return make_workspace(policy="getting-it-right-2018", clock=lambda: FIXED)


def _child(ws, given, visits):
    cid = records.add_child(
        ws,
        given_name=given,
        family_name="Brook",
        date_of_birth=date(2016, 1, 1),
        plan=PlanInput(
            "CIN",
            date(2026, 1, 5),
            visit_every=4,
            visit_unit="weeks",
            visit_rationale="Agreed at the CIN planning meeting.",
        ),
    )
    for at, alone in visits:
        extra = (
            {}
            if alone
            else dict(seen_alone="no", not_seen_alone_reason="She wanted her mum to stay.")
        )
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
    _child(
        ws,
        "Ada",
        [
            (datetime(2026, 1, 12, 10), True),
            (datetime(2026, 2, 9, 10), False),
            (datetime(2026, 3, 9, 10), False),
        ],
    )
    # Seen alone on 9 March: the next time alone is due six weeks on.
    _child(ws, "Bea", [(datetime(2026, 2, 9, 10), True), (datetime(2026, 3, 9, 10), True)])
    win = _window(qtbot, ws)
    QAbstractItemModelTester(
        win.caseload.model, QAbstractItemModelTester.FailureReportingMode.Fatal
    )
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
    shown = [win.caseload.model.row_at(r).to_json() for r in range(win.caseload.model.rowCount())]
    assert shown == printed
    assert [r["status"] for r in printed] == ["overdue", "on_track"]


# --- search, sort and whose child -----------------------------------------------------------


def _named(ws, given, family, reference=""):
    return records.add_child(
        ws,
        given_name=given,
        family_name=family,
        date_of_birth=date(2016, 1, 1),
        case_reference=reference,
        plan=PlanInput(
            "CIN",
            date(2026, 1, 5),
            visit_every=4,
            visit_unit="weeks",
            visit_rationale="Agreed at the planning meeting.",
        ),
    )


def _type_in_filter(win, qtbot, text):
    win.caseload.filter.clear()
    win.caseload.filter.setFocus()
    qtbot.keyClicks(win.caseload.filter, text)  # key events are ASCII-only, as on a UK keyboard


def test_the_filter_ignores_accents_and_capitals(qtbot, ws):
    _named(ws, "Łucja", "Wiśniewska")
    _named(ws, "Zoë", "Brook")
    _named(ws, "Søren", "Ødegård")
    _named(ws, "Peregrine", "Brook")
    win = _window(qtbot, ws)
    _type_in_filter(win, qtbot, "Lucja")
    assert win.caseload.visible_names() == ["Łucja Wiśniewska"]
    _type_in_filter(win, qtbot, "zoe")
    assert win.caseload.visible_names() == ["Zoë Brook"]
    _type_in_filter(win, qtbot, "wisniewska")
    assert win.caseload.visible_names() == ["Łucja Wiśniewska"]
    _type_in_filter(win, qtbot, "odegard")
    assert win.caseload.visible_names() == ["Søren Ødegård"]
    # Every word typed must match, in any order.
    _type_in_filter(win, qtbot, "brook zo")
    assert win.caseload.visible_names() == ["Zoë Brook"]


def test_the_filter_finds_a_child_by_case_reference(qtbot, ws):
    _named(ws, "Ada", "Brook", reference="CR-20417")
    _named(ws, "Bea", "Brook", reference="CR-99")
    win = _window(qtbot, ws)
    _type_in_filter(win, qtbot, "cr-204")
    assert win.caseload.visible_names() == ["Ada Brook"]


def test_children_sort_by_family_name_then_given_name(qtbot, ws):
    for given, family in (
        ("Zara", "Adams"),
        ("Adam", "Zielinski"),
        ("Ben", "Łukasik"),
        ("Amy", "Adams"),
        ("Cara", "Lewis"),
    ):
        _named(ws, given, family)
    win = _window(qtbot, ws)
    # All on the same plan and equally due: the default order falls back to the name.
    assert win.caseload.visible_names() == [
        "Amy Adams",
        "Zara Adams",
        "Cara Lewis",
        "Ben Łukasik",
        "Adam Zielinski",
    ]
    header = win.caseload.table.horizontalHeader()
    child = COLUMNS.index("Child")
    qtbot.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=QPoint(header.sectionViewportPosition(child) + 5, header.height() // 2),
    )
    assert header.sortIndicatorSection() == child
    order = ["Amy Adams", "Zara Adams", "Cara Lewis", "Ben Łukasik", "Adam Zielinski"]
    ascending = header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    assert win.caseload.visible_names() == (order if ascending else order[::-1])


def test_a_workers_caseload_has_no_worker_column(qtbot, ws):
    _named(ws, "Ada", "Brook")
    win = _window(qtbot, ws)
    assert win.caseload.table.isColumnHidden(COLUMNS.index("Worker"))
    assert work_out(ws, FIXED.date(), remember=False)[0].worker == ""


def test_a_managers_caseload_says_whose_each_child_is(qtbot, make_workspace, tmp_path):
    from visitdesk.services import syncing

    worker = make_workspace(role="worker", name="Sam Worker", folder="worker", clock=lambda: FIXED)
    manager = make_workspace(
        role="manager", name="Morgan Manager", folder="manager", clock=lambda: FIXED
    )
    syncing.export_card(worker, tmp_path / "sam.card")
    syncing.export_card(manager, tmp_path / "morgan.card")
    syncing.import_card(manager, tmp_path / "sam.card")
    syncing.import_card(worker, tmp_path / "morgan.card")
    _named(worker, "Ada", "Brook")
    syncing.export_bundle(worker, tmp_path / "1.vdbundle")
    syncing.import_bundle(manager, tmp_path / "1.vdbundle")
    _named(manager, "Bea", "Carter")  # one the manager added here
    win = _window(qtbot, manager)
    win.show_caseload()
    worker_col = COLUMNS.index("Worker")
    assert not win.caseload.table.isColumnHidden(worker_col)
    assert _cells(win, "Ada Brook")["Worker"] == "Sam Worker"
    assert _cells(win, "Bea Carter")["Worker"] == "Morgan Manager"
    # The command prints what the window shows.
    printed = {
        r["name"]: r["worker"]
        for r in (row.to_json() for row in work_out(manager, FIXED.date(), remember=False))
    }
    assert printed == {"Ada Brook": "Sam Worker", "Bea Carter": "Morgan Manager"}
    # And the manager can find a worker's children by the worker's name.
    _type_in_filter(win, qtbot, "sam")
    assert win.caseload.visible_names() == ["Ada Brook"]
