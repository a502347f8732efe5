"""Scrolling over a form never changes an answer nobody is using."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import QDateTime, QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QWidget,
)

from visitdesk.ui.hub import Hub


def _wheel(widget, steps=-3):
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(centre.toPoint())),
        QPoint(0, 0),
        QPoint(0, 120 * steps),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


@pytest.fixture
def form(qtbot):
    Hub()  # as every window does: puts the guard in place
    area = QScrollArea()
    page = QWidget()
    layout = QFormLayout(page)
    name = QLineEdit()
    layout.addRow("Name", name)  # where the worker is typing
    combo = QComboBox()
    combo.addItems(["Yes", "No"])
    when = QDateTimeEdit(QDateTime(datetime(2026, 11, 30, 10, 0)))
    number = QSpinBox()
    number.setRange(1, 240)
    number.setValue(15)
    layout.addRow("Seen alone", combo)
    for n in range(40):  # a long form, so there is a page to scroll
        layout.addRow(f"Question {n}", QSpinBox())
    layout.addRow("Visit", when)
    layout.addRow("Minutes", number)
    area.setWidget(page)
    area.setWidgetResizable(True)
    area.resize(400, 300)
    qtbot.addWidget(area)
    area.show()
    qtbot.waitExposed(area)
    name.setFocus()
    qtbot.waitUntil(name.hasFocus)
    return area, combo, when, number


def test_the_wheel_over_unfocused_controls_scrolls_the_page_and_changes_nothing(form):
    area, combo, when, number = form
    before = (combo.currentIndex(), when.dateTime(), number.value())
    bar = area.verticalScrollBar()
    start = bar.value()
    for control in (combo, when, number, when.findChild(QWidget)):
        if control is not None:
            _wheel(control)
    assert (combo.currentIndex(), when.dateTime(), number.value()) == before
    assert bar.value() != start  # the page moved instead
    for control in (combo, when, number):
        assert control.focusPolicy() != Qt.FocusPolicy.WheelFocus


def test_a_control_the_worker_clicked_into_still_answers_the_wheel(form, qtbot):
    _area, combo, _when, number = form
    number.setFocus()
    qtbot.waitUntil(number.hasFocus)
    _wheel(number, steps=1)
    assert number.value() == 16
