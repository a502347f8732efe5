"""The child's visit list and the authorisations list as table models: checked by Qt's own
model tester from before their first rows, through a reload, to empty."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QAbstractItemModelTester

from visitdesk.services.views import TaskRow, VisitRow
from visitdesk.ui.models import ID_ROLE, ROW_ROLE, TaskTableModel, VisitTableModel

DISPLAY = Qt.ItemDataRole.DisplayRole


def _visit(n, **kw):
    values = dict(
        id=f"v{n}",
        child_id="c1",
        child_name="Ada Brook",
        visited_at=datetime(2026, 3, n, 10, 15),
        location="home",
        seen="yes",
        seen_alone="yes",
        state="draft",
        revision=1,
        completed_at=None,
        created_by="Sam Worker",
        conflict=False,
    )
    values.update(kw)
    return VisitRow(**values)


def _task(n, **kw):
    values = dict(
        id=f"t{n}",
        visit_id=f"v{n}",
        child_id=f"c{n}",
        child_name=f"Child {n}",
        visited_at=datetime(2026, 3, n, 10, 15),
        worker="Sam Worker",
        completed_at=datetime(2026, 3, n, 16, 0),
        revision=1,
    )
    values.update(kw)
    return TaskRow(**values)


def _cells(model):
    return [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def _headers(model):
    return [
        model.headerData(c, Qt.Orientation.Horizontal, DISPLAY) for c in range(model.columnCount())
    ]


@pytest.fixture
def checked(qapp):
    """A model with Qt's tester attached before anything is loaded into it."""
    testers = []

    def attach(model):
        testers.append(
            QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
        )
        return model

    yield attach
    testers.clear()


def test_the_visit_list_model_passes_the_model_tester_through_load_reload_and_empty(checked):
    model = checked(VisitTableModel())
    assert model.rowCount() == 0 and model.columnCount() == 5
    assert _headers(model) == ["Date", "Where", "Seen alone", "State", "By"]

    model.set_rows(
        [
            _visit(9, state="completed"),
            _visit(7, seen="no", seen_alone=None, location=None),
            _visit(5, conflict=True),
            _visit(3, seen_alone=None, state="returned"),
        ]
    )
    assert _cells(model) == [
        ["Mon 9 Mar 2026 10:15", "Home", "Yes", "Awaiting authorisation", "Sam Worker"],
        ["Sat 7 Mar 2026 10:15", "—", "Not seen", "Draft", "Sam Worker"],
        ["Thu 5 Mar 2026 10:15", "Home", "Yes", "Other device's version: choose one", "Sam Worker"],
        ["Tue 3 Mar 2026 10:15", "Home", "—", "Returned for correction", "Sam Worker"],
    ]
    first = model.index(0, 3)
    assert first.data(ID_ROLE) == "v9" and first.data(ROW_ROLE).state == "completed"
    assert first.data(Qt.ItemDataRole.AccessibleTextRole) == "Awaiting authorisation"
    assert first.data(Qt.ItemDataRole.ToolTipRole) is None
    assert not model.flags(first) & Qt.ItemFlag.ItemIsEditable

    model.set_rows([_visit(12, location="school", state="authorised", created_by="Kim")])
    assert _cells(model) == [
        ["Thu 12 Mar 2026 10:15", "School", "Yes", "Authorised", "Kim"],
    ]
    assert model.row_of("v12") == 0 and model.row_of("v9") is None

    model.clear()
    assert model.rowCount() == 0 and model.row_at(0) is None
    assert model.index(0, 0).data() is None


def test_the_authorisations_model_passes_the_model_tester_through_load_reload_and_empty(checked):
    model = checked(TaskTableModel())
    assert _headers(model) == ["Child", "Visit", "Worker", "Completed", "Revision"]

    model.set_rows([_task(2), _task(4, completed_at=None, revision=3)])
    assert _cells(model) == [
        ["Child 2", "Mon 2 Mar 2026 10:15", "Sam Worker", "2 Mar 2026 16:00", "1"],
        ["Child 4", "Wed 4 Mar 2026 10:15", "Sam Worker", "", "3"],
    ]
    assert model.index(1, 0).data(ID_ROLE) == "t4"
    assert model.row_at(1).visit_id == "v4"

    model.set_rows([_task(6), _task(2), _task(8)])
    assert [row[0] for row in _cells(model)] == ["Child 6", "Child 2", "Child 8"]
    assert model.row_of("t2") == 1

    model.set_rows([])
    assert model.rowCount() == 0
    assert model.rowCount(model.index(0, 0)) == 0
    assert model.columnCount(QModelIndex()) == 5
