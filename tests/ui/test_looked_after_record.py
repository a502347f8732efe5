"""A looked-after child's record is judged by the 2010 Regulations: never 'ready' with nothing
written, because the regulations' checks cannot be shown met by an empty record."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from visitdesk.services import records
from visitdesk.services.records import PlanInput
from visitdesk.ui.hub import Hub
from visitdesk.ui.main_window import MainWindow


@pytest.fixture
def form(make_workspace, qtbot):
    ws = make_workspace(policy="getting-it-right-2018")  # its authority: CLA = 2010 Regulations
    start = ws.today() - timedelta(days=10)
    records.add_child(
        ws,
        given_name="Kai",
        family_name="Rowe",
        date_of_birth=date(2014, 6, 1),
        plan=PlanInput("CLA", start, placement_start=start),
    )
    win = MainWindow(ws, Hub())
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.caseload_ready, timeout=10000)
    win.caseload.table.activated.emit(win.caseload.proxy.index(0, 1))
    qtbot.mouseClick(win.child_page.new_visit, Qt.MouseButton.LeftButton)
    return win.visit_form


def _choose(form, name, label):
    box = form.fields[name].editor
    box.setCurrentIndex(box.findText(label))


def _type(qtbot, form, name, text):
    editor = form.fields[name].editor
    editor.setFocus()
    qtbot.keyClicks(editor, text)


def test_an_empty_looked_after_record_is_not_ready_and_says_what_the_regulations_need(form):
    _choose(form, "location", "Home")
    assert not form.complete_button.isEnabled()
    shown = form.complete_reason.text()
    assert shown.startswith("Not ready to complete")
    listed = [form.findings_list.item(i).text() for i in range(form.findings_list.count())]
    wanted = {
        "whether the child was seen": "reg. 28(1)",
        "the findings": "reg. 30",
        "your conclusion": "reg. 30",
    }
    for words, clause in wanted.items():
        line = next(t for t in listed if words in t)
        assert f"Looked after regulations 2010, {clause}" in line, line


def test_a_looked_after_record_with_what_the_regulations_need_can_be_completed(form, qtbot):
    _choose(form, "location", "Home")
    _choose(form, "seen", "Yes")
    _choose(form, "seen_alone", "Yes")
    _type(qtbot, form, "findings", "Kai showed me his room and talked about school.")
    _type(qtbot, form, "conclusion", "The placement is meeting Kai's needs.")
    qtbot.waitUntil(form.complete_button.isEnabled, timeout=3000)
    assert form.complete_reason.text().startswith("Ready to complete")
