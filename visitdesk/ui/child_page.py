"""A child's page: who they are, the plan for their next visit, their plan (editable) with its
meetings and holidays, what is due under the standard, and their visits."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QT_TRANSLATE_NOOP, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from visitdesk import APP_NAME
from visitdesk.errors import UserError
from visitdesk.services import household_visits, meetings, records, views
from visitdesk.services.changes import Changes
from visitdesk.services.checks import evaluate_child
from visitdesk.services.households import HouseholdView
from visitdesk.services.meetings import when
from visitdesk.services.views import ChildView
from visitdesk.services.workspace import Workspace
from visitdesk.ui.household_box import HouseholdBox
from visitdesk.ui.household_picker import start_household_visit
from visitdesk.ui.hub import Hub
from visitdesk.ui.meetings import HolidayDialog, MeetingDialog
from visitdesk.ui.models import ID_ROLE, VisitTableModel
from visitdesk.ui.plan_editor import PlanEditor
from visitdesk.ui.plan_lists import HolidaysBox, MeetingsBox, table_defaults
from visitdesk.ui.view_parts import ReloadsWhenShown
from visitdesk.ui.visit_plan_box import VisitPlanBox

# Asked before a meeting is removed, by its kind ({date} is the meeting's, "Tue 3 Mar 2026").
REMOVE_MEETING = {
    "progress": QT_TRANSLATE_NOOP(
        "ChildPage", "Remove the progress meeting on {date} from the plan?"
    ),
    "review": QT_TRANSLATE_NOOP("ChildPage", "Remove the review meeting on {date} from the plan?"),
}


class ChildPage(ReloadsWhenShown, QWidget):
    """One child's page. It reloads itself when ``hub.changed`` says the child changed; every
    write it makes goes through ``hub.ops``."""

    visitOpened = Signal(str)
    # A household visit started or found from this page: its id (the window opens its form).
    householdVisitOpened = Signal(str)
    back = Signal()

    def __init__(self, ws: Workspace, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.hub = hub
        self.child_id: str | None = None
        self.child: ChildView | None = None
        # Changed while hidden (behind a record, or the caseload): reloaded when next shown.
        self._stale = False

        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        back = QPushButton(self.tr("Back to caseload"))
        back.clicked.connect(self.back.emit)
        self.notice = QLabel()
        self.notice.setAccessibleName(self.tr("Notice"))
        self.export_button = QPushButton(self.tr("&Export PDF…"))
        self.export_button.setToolTip(self.tr("All of this child's visit records in one PDF"))
        self.export_button.clicked.connect(self._on_export)
        self.print_button = QPushButton(self.tr("&Print…"))
        self.print_button.clicked.connect(self._on_print)
        self.chronology_button = QPushButton(self.tr("C&hronology…"))
        self.chronology_button.setToolTip(
            self.tr("Save this child's significant events and plan changes as a CSV file")
        )
        self.chronology_button.clicked.connect(self._on_chronology)
        self.new_visit = QPushButton(self.tr("&New visit (Ctrl+N)"))
        self.new_visit.clicked.connect(self._on_new_visit)
        QShortcut(QKeySequence.StandardKey.New, self, activated=self._on_new_visit)
        self.new_household_visit = QPushButton(self.tr("New h&ousehold visit (Ctrl+Shift+N)"))
        self.new_household_visit.setToolTip(
            self.tr("One visit to several children of this household, each with their own record")
        )
        self.new_household_visit.clicked.connect(self._on_new_household_visit)
        self.new_household_visit.hide()
        QShortcut(QKeySequence("Ctrl+Shift+N"), self, activated=self._on_new_household_visit)
        self.household_box = HouseholdBox(ws, hub)
        self.household_box.loaded.connect(self._on_household_loaded)
        # What the worker plans to do at the next visit (004 I.14): carried into its record.
        self.visit_plan_box = VisitPlanBox(ws, hub)
        self.visit_plan_box.saved.connect(
            lambda: self.notice.setText(self.tr("Plan for the next visit saved."))
        )

        self.plan_editor = PlanEditor()
        self.plan_editor.save_button.clicked.connect(self._on_save_plan)
        self.meetings_box = MeetingsBox()
        self.meetings_box.add_button.clicked.connect(self._on_add_meeting)
        self.meetings_box.change_button.clicked.connect(self._on_change_meeting)
        self.meetings_box.remove_button.clicked.connect(self._on_remove_meeting)
        self.holidays_box = HolidaysBox()
        self.holidays_box.add_button.clicked.connect(self._on_add_holiday)
        self.holidays_box.change_button.clicked.connect(self._on_change_holiday)
        self.holidays_box.remove_button.clicked.connect(self._on_remove_holiday)

        self.schedule = QTableWidget(0, 3)
        self.schedule.setHorizontalHeaderLabels(
            [self.tr("What"), self.tr("Due by"), self.tr("Standard")]
        )
        self.schedule.setAccessibleName(self.tr("What the standard says is due"))
        table_defaults(self.schedule)

        self.visits_model = VisitTableModel(self)
        self.visits = QTableView()
        self.visits.setModel(self.visits_model)
        self.visits.setAccessibleName(self.tr("Visit history"))
        table_defaults(self.visits)
        self.visits.activated.connect(self._on_visit_activated)
        self.visits.doubleClicked.connect(self._on_visit_activated)

        schedule_box = QGroupBox(self.tr("Due under the standard"))
        QVBoxLayout(schedule_box).addWidget(self.schedule)
        history_box = QGroupBox(self.tr("Visits"))
        QVBoxLayout(history_box).addWidget(self.visits)

        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.notice)
        top.addWidget(self.export_button)
        top.addWidget(self.print_button)
        top.addWidget(self.chronology_button)
        top.addWidget(self.new_visit)
        top.addWidget(self.new_household_visit)
        top.addWidget(back)
        column = QWidget()
        left = QVBoxLayout(column)
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(self.details)
        left.addWidget(self.household_box)
        left.addWidget(self.visit_plan_box)
        left.addWidget(self.plan_editor)
        left.addWidget(self.meetings_box)
        left.addWidget(self.holidays_box)
        left.addStretch(1)
        # A long plan (many meetings) scrolls on a small laptop screen instead of squashing.
        self.plan_column = QScrollArea()
        self.plan_column.setWidget(column)
        self.plan_column.setWidgetResizable(True)
        self.plan_column.setFrameShape(QFrame.Shape.NoFrame)
        self.plan_column.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        right = QVBoxLayout()
        right.addWidget(schedule_box, 2)
        right.addWidget(history_box, 3)
        body = QHBoxLayout()
        body.addWidget(self.plan_column, 2)
        body.addLayout(right, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(body, 1)

        hub.changed.connect(self._on_changed)

    def clear(self) -> None:
        """Forget what is shown (on lock): no child's details stay in the widgets."""
        self.child_id = None
        self.child = None
        self._stale = False
        for label in (self.title, self.details, self.notice):
            label.clear()
        self.schedule.setRowCount(0)
        self.visits_model.clear()
        self.household_box.clear()
        self.visit_plan_box.clear()
        self.new_household_visit.hide()
        self.plan_editor.plan = None
        for box in (self.meetings_box, self.holidays_box):
            box.load(None, self.ws.today())
            box.show_judgement(None, self.ws.today())

    def show_child(self, child_id: str) -> None:
        self.child_id = child_id
        self.reload()

    def reload(self) -> None:
        """Show the child's page afresh from what is stored."""
        if self.child_id is None:
            return
        self._stale = False
        today = self.ws.today()
        child = views.child_page(self.ws, self.child_id, today)
        visits = views.visit_rows(self.ws, self.child_id)
        self.child = child
        self.title.setText(f"<h2>{html.escape(child.full_name)}</h2>")
        if child.date_of_birth:
            #: {date} is the date of birth, for example 4 March 2016.
            born = self.tr("born {date}").format(date=f"{child.date_of_birth:%-d %B %Y}")
        else:
            #: {date} is the date the baby is expected, for example 4 March 2016.
            born = self.tr("expected {date}").format(date=f"{child.expected_birth_date:%-d %B %Y}")
        self.details.setText(
            #: {age} is the child's age; {born} when they were born ("born 4 March 2016");
            #: {reference} the case-system reference.
            self.tr("{age}, {born}<br>Case reference: {reference}<br>{address}").format(
                age=child.age,
                born=born,
                reference=child.case_reference or self.tr("none"),
                address=child.address,
            )
        )
        self.household_box.show_child(child.id, child.full_name, child.editable)
        self.visit_plan_box.show_child(child.id, child.editable)
        self.plan_editor.load(child.plan)
        self.plan_editor.show_message("")
        self._show_plan_lists(child, today)
        # The record chosen stays chosen when the list is read again.
        chosen = self.visits_model.row_id(self.visits.currentIndex().row())
        self.visits_model.set_rows(visits)
        row = self.visits_model.row_of(chosen)
        if row is not None:
            self.visits.setCurrentIndex(self.visits_model.index(row, 0))
        self._show_schedule()

    def _show_plan_lists(self, child: ChildView, today: date) -> None:
        plan = child.plan
        why = "" if child.editable else self.tr("Only the child's own worker can change their plan")
        self.meetings_box.load(plan, today)
        self.holidays_box.load(plan, today)
        # Progress meetings and reviews are part of a Child in Need plan; a holiday can
        # matter to any plan.
        self.meetings_box.setVisible(plan is not None and plan.plan_type == "CIN")
        self.holidays_box.setVisible(plan is not None)
        self.meetings_box.set_editable(child.editable, why)
        self.holidays_box.set_editable(child.editable, why)

    def _show_schedule(self) -> None:
        today = self.ws.today()
        try:
            result = evaluate_child(self.ws, self.child_id)
        except UserError as exc:
            self.schedule.setRowCount(1)
            self.schedule.setItem(0, 0, QTableWidgetItem(str(exc)))
            for box in (self.meetings_box, self.holidays_box):
                box.show_judgement(None, today)
            return
        self.meetings_box.show_judgement(result, today)
        self.holidays_box.show_judgement(result, today)
        items = list(result.schedule)
        self.schedule.setRowCount(len(items))
        for row, item in enumerate(items):
            due = "—" if item.due is None else f"{item.due:%a %-d %b %Y}"
            if item.due is not None and item.due < today:
                #: {date} is the day something was due by.
                due = self.tr("{date} (overdue)").format(date=due)
            for col, text in enumerate((item.label, due, item.source)):
                self.schedule.setItem(row, col, QTableWidgetItem(text))

    def _on_save_plan(self) -> None:
        plan = self.plan_editor.plan
        if plan is None:
            return
        try:
            value = self.plan_editor.value()
        except UserError as exc:
            #: {problem} says why the plan was not saved.
            self.plan_editor.show_message(self.tr("Not saved: {problem}").format(problem=exc))
            return

        # A plan the service refuses is explained under the plan, where it was typed.
        saved = self.hub.ops.run(
            lambda: (True, records.update_plan(self.ws, plan.id, value)),
            parent=self,
            on_refused=lambda exc: self.plan_editor.show_message(
                self.tr("Not saved: {problem}").format(problem=exc)
            ),
        )
        if saved:
            self.plan_editor.show_message(self.tr("Plan saved."))

    # --- meetings and holidays: each a dialog that saves through the runner, which announces
    # the change (this page reloads from that); the page then says what was done ---

    def _on_add_meeting(self) -> None:
        if self.meetings_box.plan_id is None:
            return
        _id, ok = MeetingDialog.ask(self.ws, self.meetings_box.plan_id, parent=self, hub=self.hub)
        if ok:
            self.notice.setText(self.tr("Meeting added to the plan."))

    def _on_change_meeting(self) -> None:
        meeting = self.meetings_box.chosen()
        if meeting is None or self.meetings_box.plan_id is None:
            return
        _id, ok = MeetingDialog.ask(
            self.ws, self.meetings_box.plan_id, meeting, parent=self, hub=self.hub
        )
        if ok:
            self.notice.setText(self.tr("Meeting changed."))

    def _confirm(self, question: str) -> bool:
        answer = QMessageBox.question(
            self,
            APP_NAME,
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _run(self, write: Callable[[], Changes], notice: str) -> None:
        def refused(exc: UserError) -> None:
            # Said as a sentence; then the page shows what is stored, which may have moved on.
            text = str(exc).rstrip(".")
            QMessageBox.warning(self, APP_NAME, text[:1].upper() + text[1:] + ".")
            self.reload()

        done = self.hub.ops.run(lambda: (True, write()), parent=self, on_refused=refused)
        if done:
            self.notice.setText(notice)

    def _on_remove_meeting(self) -> None:
        meeting, plan_id = self.meetings_box.chosen(), self.meetings_box.plan_id
        if meeting is None or plan_id is None:
            return
        question = REMOVE_MEETING[meeting.kind]
        if self._confirm(self.tr(question).format(date=when(meeting.date))):
            self._run(
                lambda: meetings.remove_meeting(self.ws, plan_id, meeting.id),
                self.tr("Meeting removed from the plan."),
            )

    def _on_add_holiday(self) -> None:
        if self.holidays_box.plan_id is None:
            return
        _saved, ok = HolidayDialog.ask(
            self.ws, self.holidays_box.plan_id, parent=self, hub=self.hub
        )
        if ok:
            self.notice.setText(self.tr("Holiday added to the plan."))

    def _on_change_holiday(self) -> None:
        holiday = self.holidays_box.chosen()
        if holiday is None or self.holidays_box.plan_id is None:
            return
        _saved, ok = HolidayDialog.ask(
            self.ws, self.holidays_box.plan_id, holiday, parent=self, hub=self.hub
        )
        if ok:
            self.notice.setText(self.tr("Holiday changed."))

    def _on_remove_holiday(self) -> None:
        holiday, plan_id = self.holidays_box.chosen(), self.holidays_box.plan_id
        if holiday is None or plan_id is None:
            return
        #: {start} and {end} are the first and last days away, for example 4 Mar 2026.
        question = self.tr("Remove the holiday from {start} to {end} from the plan?")
        if self._confirm(question.format(start=when(holiday.start), end=when(holiday.end))):
            self._run(
                lambda: meetings.remove_holiday(self.ws, plan_id, holiday),
                self.tr("Holiday removed from the plan."),
            )

    def start_visit_now(self) -> str:
        """Start a draft for a visit now; its id (UserError if it cannot be started)."""
        now = self.ws.now().replace(second=0, microsecond=0)
        plan = views.current_plan_view(self.ws, self.child_id, now.date())
        status = household_visits.plan_status(plan.plan_type if plan else None)
        return records.start_visit(
            self.ws, self.child_id, now, location="home", status_of_child=status
        )

    def _on_new_visit(self) -> None:
        if self.child_id is None or not self.isVisible():
            return
        # One draft per child at a time: a new visit while one is being written opens it.
        draft = records.draft_for(self.ws, self.child_id)
        if draft is not None:
            self.visitOpened.emit(draft)
            return

        child_id = self.child_id

        def start() -> tuple[str, Changes]:
            visit_id = self.start_visit_now()
            return visit_id, records.changes_of_new_visit(child_id, visit_id)

        visit_id = self.hub.ops.run(start, parent=self)
        if visit_id is not None:
            self.visitOpened.emit(visit_id)

    def _on_household_loaded(self, household: HouseholdView | None) -> None:
        # Offered once the child lives with another child; Ctrl+Shift+N explains otherwise.
        together = household is not None and len(household.members) > 1
        editable = self.child is not None and self.child.editable
        self.new_household_visit.setVisible(together and editable)

    def _on_new_household_visit(self) -> None:
        if self.child_id is None or not self.isVisible():
            return
        household_visit = start_household_visit(self.ws, self.hub, self.child_id, self)
        if household_visit is not None:
            self.householdVisitOpened.emit(household_visit)

    def _child_name(self) -> str:
        return views.child_name(self.ws, self.child_id)

    def _pdf(self) -> bytes:
        from visitdesk.services import export

        return export.child_pdf(self.ws, self.child_id)

    def _on_export(self) -> None:
        from visitdesk.ui.printing import export_interactively, suggested_pdf_path

        path = export_interactively(
            self,
            self.ws,
            self._pdf,
            what="child",
            entity_id=self.child_id,
            suggested=suggested_pdf_path(self._child_name(), "visits"),
        )
        if path is not None:
            self.notice.setText(self.tr("PDF saved to {path}").format(path=path))

    def _on_print(self) -> None:
        from visitdesk.ui.printing import print_interactively, suggested_pdf_path

        path = print_interactively(
            self,
            self._pdf,
            #: The title of a PDF of a child's visit records; {name} is the child's name.
            self.tr("Visits to {name}").format(name=self._child_name()),
            ws=self.ws,
            what="child",
            entity_id=self.child_id,
            suggested=suggested_pdf_path(self._child_name(), "visits"),
        )
        if path is not None:
            self.notice.setText(self.tr("PDF saved to {path}").format(path=path))

    def _on_chronology(self) -> None:
        from visitdesk.ui.chronology_export import save_chronology

        saved = save_chronology(self, self.ws, self.child_id, self._child_name())
        if saved is not None:
            #: {count} is how many entries the saved chronology holds.
            said = (
                self.tr("Chronology saved (1 entry).")
                if saved == 1
                else self.tr("Chronology saved ({count} entries).").format(count=saved)
            )
            self.notice.setText(said)

    def _on_visit_activated(self, index: QModelIndex) -> None:
        visit_id = index.data(ID_ROLE) if index.isValid() else None
        if visit_id is not None:
            self.visitOpened.emit(visit_id)

    def _on_changed(self, changes: Changes) -> None:
        self.reload_if(changes.touches_child(self.child_id))
