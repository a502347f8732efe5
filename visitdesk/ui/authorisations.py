"""The manager's authorisation tasks: open a completed record, authorise it or return it, or
authorise all the records of one household visit together."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QModelIndex, QObject, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from visitdesk.services import household_visits, records, views
from visitdesk.services.changes import Changes
from visitdesk.services.household_visits import OpenTask
from visitdesk.services.views import TaskRow
from visitdesk.services.workspace import Workspace
from visitdesk.ui.decisions import (
    AUTHORISE,
    AUTHORISE_ALL,
    RETURN,
    AboutHousehold,
    AboutRecord,
    CommentDialog,
    names_in_words,
)
from visitdesk.ui.hub import Hub
from visitdesk.ui.models import Column, TaskTableModel
from visitdesk.ui.spelling import SpellingAid

HOUSEHOLD_HEADER = QT_TRANSLATE_NOOP("RowTableModel", "Household visit")


class HouseholdTaskModel(TaskTableModel):
    """The tasks, each one of several of a household visit marked with the other children's
    names; the records of one household visit listed together, the eldest child's first."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.groups: dict[str, tuple[OpenTask, ...]] = {}
        household = Column(HOUSEHOLD_HEADER, self._household, self._household_tip)
        self.columns = (self.columns[0], household, *self.columns[1:])

    def set_tasks(self, rows: Sequence[TaskRow], groups: dict[str, tuple[OpenTask, ...]]) -> None:
        self.groups = groups
        by_id = {row.id: row for row in rows}
        ordered: list[TaskRow] = []
        placed: set[str] = set()
        for row in rows:  # the longest waiting first; a household visit's records together
            for task_id in [t.task_id for t in groups.get(row.id, ())] or [row.id]:
                if task_id in by_id and task_id not in placed:
                    ordered.append(by_id[task_id])
                    placed.add(task_id)
        self.set_rows(ordered)

    def group_of(self, task_id: str) -> tuple[OpenTask, ...]:
        return self.groups.get(task_id, ())

    def _household(self, row: TaskRow) -> str:
        others = [t.name for t in self.group_of(row.id) if t.task_id != row.id]
        if not others:
            return ""
        #: In the list of tasks: the other children of this record's household visit.
        return QCoreApplication.translate("AuthorisationsView", "With {others}").format(
            others=names_in_words(others)
        )

    def _household_tip(self, row: TaskRow) -> str | None:
        group = self.group_of(row.id)
        if not group:
            return None
        #: {children} names every child of the household visit; {count} how many.
        tip = QCoreApplication.translate(
            "AuthorisationsView",
            "One household visit to {children}. Each child has their own record: authorise "
            "all {count} together, or each on its own.",
        )
        return tip.format(children=names_in_words([t.name for t in group]), count=len(group))


class AuthorisationsView(QWidget):
    """The records waiting for authorisation. It reloads when ``hub.changed`` says a decision
    or the caseload changed; a decision goes through ``hub.ops``."""

    visitOpened = Signal(str)

    def __init__(self, ws: Workspace, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.hub = hub
        self.heading = QLabel()
        self.model = HouseholdTaskModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Records waiting for authorisation"))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # The other children's names share the room left; a long list is cut short, and its
        # tooltip names every child.
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self._on_activated)
        self.table.doubleClicked.connect(self._on_activated)

        self.open_button = QPushButton(self.tr("&Open record"))
        self.authorise_button = QPushButton(self.tr("&Authorise"))
        self.authorise_all_button = QPushButton()
        self.authorise_all_button.hide()
        self.return_button = QPushButton(self.tr("&Return with comment…"))
        self.open_button.clicked.connect(lambda: self._open(self.table.currentIndex().row()))
        self.authorise_button.clicked.connect(self._on_authorise)
        self.authorise_all_button.clicked.connect(self._on_authorise_all)
        self.return_button.clicked.connect(self._on_return)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._offer_all())
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for b in (
            self.open_button,
            self.return_button,
            self.authorise_button,
            self.authorise_all_button,
        ):
            buttons.addWidget(b)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        hub.changed.connect(self._on_changed)
        self.refresh()

    def refresh(self) -> None:
        # Keep the manager where they were: on the same record if it is still waiting, else
        # on the row that took its place, never back at the top.
        was_row = self.table.currentIndex().row()
        was = self._selected()
        self.model.set_tasks(
            views.authorisation_rows(self.ws), household_visits.open_task_groups(self.ws)
        )
        n = self.model.rowCount()
        if not n:
            heading = self.tr("<b>Nothing is waiting for authorisation.</b>")
        elif n == 1:
            heading = self.tr("<b>1 record waiting for authorisation</b>")
        else:
            heading = self.tr("<b>%n records waiting for authorisation</b>", "", n)
        self.heading.setText(heading)
        for b in (self.open_button, self.authorise_button, self.return_button):
            b.setEnabled(n > 0)
        if not n:
            self._offer_all()
            return
        row = self.model.row_of(was.id if was is not None else None)
        if row is None:
            row = min(max(was_row, 0), n - 1)
        self.table.selectRow(row)
        self._offer_all()

    def _offer_all(self) -> None:
        """Beside "Authorise", for a record of a household visit with others waiting:
        authorise all of them."""
        task = self._selected()
        count = len(self.model.group_of(task.id)) if task is not None else 0
        self.authorise_all_button.setVisible(count > 1)
        if count > 1:
            self.authorise_all_button.setText(
                self.tr("Authorise a&ll {count}…").format(count=count)
            )
            self.authorise_all_button.setToolTip(
                self.tr("Authorise the {count} records of this household visit together").format(
                    count=count
                )
            )

    def _on_changed(self, changes: Changes) -> None:
        # While locked nothing can be read; unlocking shows the list afresh.
        if (changes.decisions or changes.caseload) and not self.ws.locked:
            self.refresh()

    def _selected(self) -> TaskRow | None:
        return self.model.row_at(self.table.currentIndex().row())

    def _on_activated(self, index: QModelIndex) -> None:
        self._open(index.row())

    def _open(self, row: int) -> None:
        task = self.model.row_at(row)
        if task is not None:
            self.visitOpened.emit(task.visit_id)

    def _about(self) -> AboutRecord | None:
        task = self._selected()
        if task is None:
            return None
        return AboutRecord(task.child_name, task.visited_at, task.worker)

    def _spelling(self, *, one_record: bool = True) -> SpellingAid:
        """Spell checking for a comment on the selected record ("Ignore" keeps to that
        record; a comment on a whole household visit has no one record to keep it to)."""
        task = self._selected()
        visit_id = task.visit_id if one_record and task is not None else None
        return SpellingAid(self.ws, visit_id, hub=self.hub)

    def ask_comment(self) -> tuple[str, bool]:
        """What needs correcting in the selected record (the dialog insists on an answer)."""
        return CommentDialog.ask(RETURN, self._about(), self, spelling=self._spelling())

    def confirm_authorise(self) -> tuple[str, bool]:
        """Whether to authorise the selected record, named, with an optional comment."""
        return CommentDialog.ask(AUTHORISE, self._about(), self, spelling=self._spelling())

    def confirm_authorise_all(self, names: list[str]) -> tuple[str, bool]:
        """Whether to authorise the records of the selected record's household visit, for
        the children named, with one comment for them all."""
        task = self._selected()
        about = AboutHousehold(tuple(names), task.visited_at, task.worker)
        spelling = self._spelling(one_record=False)
        return CommentDialog.ask(AUTHORISE_ALL, about, self, spelling=spelling)

    def _on_authorise_all(self) -> None:
        task = self._selected()
        if task is None:
            return
        # Read again as the manager asks, so the dialog names exactly what is authorised.
        group = household_visits.open_tasks(self.ws, task.id)
        if len(group) < 2:  # the others were decided meanwhile: this record on its own
            self._on_authorise()
            return
        comment, ok = self.confirm_authorise_all([t.name for t in group])
        if not ok:
            return
        ids = [t.task_id for t in group]
        self.hub.ops.run(lambda: household_visits.authorise_all(self.ws, ids, comment), parent=self)

    def _on_authorise(self) -> None:
        task = self._selected()
        if task is None:
            return
        comment, ok = self.confirm_authorise()
        if not ok:
            return
        self.hub.ops.run(lambda: records.authorise(self.ws, task.id, comment), parent=self)

    def _on_return(self) -> None:
        task = self._selected()
        if task is None:
            return
        comment, ok = self.ask_comment()
        if not ok:
            return
        self.hub.ops.run(
            lambda: records.return_for_correction(self.ws, task.id, comment), parent=self
        )
