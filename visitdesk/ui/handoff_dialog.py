"""Hand-off of one record to the authority's case system: the keying assist (the fields in the
case system's own order, each with a copy button), the pack saved for the paper and digital
file, and the mark "entered in the case system on ... by ...", which the worker sets on their
own authorised record and which travels to the manager.

What is copied is copied to the system clipboard for pasting into the case system; the
clipboard is cleared on closing when it still holds the last value copied here.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from visitdesk import APP_NAME
from visitdesk.errors import UserError
from visitdesk.fileio import TargetExists
from visitdesk.services.workspace import Workspace
from visitdesk.ui.hub import Hub


def handoff_button(
    ws: Workspace, hub: Hub, visit_id: str, state: str, parent: QWidget
) -> QPushButton:
    """The record's "Hand-off…" button: shown once the record is completed."""
    button = QPushButton(HandoffDialog.tr("Hand-o&ff…"))
    button.setToolTip(
        HandoffDialog.tr(
            "Key this record into the case system, field by field, and mark it entered"
        )
    )
    button.clicked.connect(lambda: HandoffDialog.show_for(ws, hub, visit_id, parent))
    button.setVisible(state in ("completed", "authorised", "returned"))
    return button


class MarkEnteredDialog(QDialog):
    """When the record was entered in the case system, and by whom."""

    def __init__(self, by: str, earliest: date, today: date, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Entered in the case system"))
        self.day = QDateEdit(QDate(today.year, today.month, today.day))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd/MM/yyyy")
        self.day.setMinimumDate(QDate(earliest.year, earliest.month, earliest.day))
        self.day.setMaximumDate(QDate(today.year, today.month, today.day))
        self.by = QLineEdit(by)
        self.by.setMaxLength(100)
        form = QFormLayout()
        form.addRow(self.tr("&Entered on:"), self.day)
        form.addRow(self.tr("Entered &by:"), self.by)
        note = QLabel(
            self.tr(
                "Mark the record once every field is in the case system. Your manager's "
                "list of records not yet entered is updated when your next bundle reaches them."
            )
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Mark as entered"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def value(self) -> tuple[date, str]:
        return self.day.date().toPython(), self.by.text()

    @classmethod
    def ask(
        cls, by: str, earliest: date, today: date, parent: QWidget | None
    ) -> tuple[tuple[date, str] | None, bool]:
        dialog = cls(by, earliest, today, parent)
        ok = dialog.exec() == QDialog.DialogCode.Accepted
        return (dialog.value() if ok else None), ok


class HandoffDialog(QDialog):
    def __init__(self, ws: Workspace, hub: Hub, visit_id: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.hub = hub
        self.visit_id = visit_id
        self.copied: str | None = None
        from visitdesk.services import handoff

        self.view = handoff.record_fields(ws, visit_id)
        view = self.view
        #: {system} is the case system's name, for example "Mosaic".
        self.setWindowTitle(self.tr("Hand-off to {system}").format(system=view.system))
        self.resize(760, 620)

        #: {child} is the child's name; {day} the day of the visit.
        heading = QLabel(
            self.tr("<b>Visit to {child} on {day}</b>").format(
                child=view.child_name, day=f"{view.visited_on:%d/%m/%Y}"
            )
        )
        where = QLabel(self._where_text())
        where.setWordWrap(True)
        self.template_note = QLabel(
            self.tr(
                "This mapping is a template: your council sets the real field names and codes. "
                "Check them with your case-system team before relying on them."
            )
        )
        self.template_note.setWordWrap(True)
        self.template_note.setStyleSheet("color: #8a5300;")
        self.template_note.setVisible(view.template)

        grid_widget = QWidget()
        grid = QGridLayout(grid_widget)
        self.value_boxes: dict[str, QLineEdit] = {}
        self.copy_buttons: dict[str, QPushButton] = {}
        for row, item in enumerate(view.fields):
            label = QLabel(item.label)
            label.setWordWrap(True)
            label.setToolTip(item.name)
            box = QLineEdit(item.value)
            box.setReadOnly(True)
            box.setCursorPosition(0)
            box.setAccessibleName(item.label)
            button = QPushButton(self.tr("Copy"))
            #: {field} is the case system's field, as the keying assist labels it.
            button.setAccessibleName(self.tr("Copy {field}").format(field=item.label))
            button.setEnabled(bool(item.value))
            button.clicked.connect(lambda _=False, f=item: self.copy(f.name))
            grid.addWidget(label, row, 0)
            grid.addWidget(box, row, 1)
            grid.addWidget(button, row, 2)
            self.value_boxes[item.name] = box
            self.copy_buttons[item.name] = button
        grid.setColumnStretch(1, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(grid_widget)

        self.copied_label = QLabel()
        self.copied_label.setAccessibleName(self.tr("Copied"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.mark_button = QPushButton(self.tr("&Mark as entered…"))
        self.mark_button.clicked.connect(self._on_mark)
        self.take_back_button = QPushButton(self.tr("&Take back the mark"))
        self.take_back_button.clicked.connect(self._on_take_back)
        self.pack_button = QPushButton(self.tr("&Save hand-off pack…"))
        self.pack_button.setToolTip(
            self.tr("The record's PDF, a JSON file and a CSV row in the case system's field names")
        )
        self.pack_button.clicked.connect(self._on_pack)
        self.pack_button.setEnabled(view.state == "authorised")
        status_row = QHBoxLayout()
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.mark_button)
        status_row.addWidget(self.take_back_button)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.pack_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(where)
        layout.addWidget(self.template_note)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.copied_label)
        layout.addLayout(status_row)
        layout.addWidget(buttons)
        self._show_entry()

    def _where_text(self) -> str:
        view = self.view
        if view.record_type:
            #: {system} is the case system; {kind} how it files a visit ("case note",
            #: "workflow step"); {type} the type, step or form it files this one as.
            text = self.tr("In {system}, file it as a {kind}: {type}.")
            return text.format(system=view.system, kind=view.kind, type=view.record_type)
        #: {system} is the case system; {kind} how it files a visit ("case note").
        return self.tr("In {system}, file it as a {kind}.").format(
            system=view.system, kind=view.kind
        )

    @property
    def _own(self) -> bool:
        from visitdesk.services import case_entries

        return case_entries.can_mark(self.ws, self.visit_id)

    def _show_entry(self) -> None:
        from visitdesk.services import case_entries

        entry = case_entries.entry_of(self.ws, self.visit_id)
        system = self.view.system
        if entry is not None:
            #: {system} is the case system; {day} the day; {name} who entered it.
            self.status.setText(
                self.tr("Entered in {system} on {day} by {name}.").format(
                    system=system, day=f"{entry.entered_on:%d/%m/%Y}", name=entry.entered_by
                )
            )
        elif self.view.state == "authorised":
            #: {system} is the case system.
            self.status.setText(self.tr("Not yet entered in {system}.").format(system=system))
        else:
            #: {system} is the case system.
            self.status.setText(
                self.tr(
                    "Authorise the record before entering it in {system}: until then its "
                    "fields may still change."
                ).format(system=system)
                if self.ws.is_manager
                else self.tr(
                    "Once your manager has authorised the record, enter it in {system} and "
                    "mark it here."
                ).format(system=system)
            )
        self.mark_button.setVisible(self._own and entry is None)
        self.take_back_button.setVisible(self._own and entry is not None)

    def copy(self, name: str) -> None:
        item = next(f for f in self.view.fields if f.name == name)
        QGuiApplication.clipboard().setText(item.value)
        self.copied = item.value
        #: {field} is the field whose value was copied.
        self.copied_label.setText(self.tr("Copied: {field}").format(field=item.label))

    def _refuse(self, exc: UserError) -> None:
        text = str(exc)
        QMessageBox.warning(self, APP_NAME, text[:1].upper() + text[1:])

    def _on_mark(self) -> None:
        from visitdesk.services import case_entries

        answer, ok = MarkEnteredDialog.ask(
            self.ws.identity.worker_name, self.view.visited_on, self.ws.today(), self
        )
        if not ok or answer is None:
            return
        day, by = answer
        self.hub.ops.run(
            lambda: case_entries.mark_entered(self.ws, self.visit_id, day, by),
            parent=self,
            on_refused=self._refuse,
        )
        self._show_entry()

    def _on_take_back(self) -> None:
        from visitdesk.services import case_entries

        self.hub.ops.run(
            lambda: case_entries.take_back(self.ws, self.visit_id),
            parent=self,
            on_refused=self._refuse,
        )
        self._show_entry()

    # The tests replace this.
    def ask_folder(self) -> str:
        return QFileDialog.getExistingDirectory(
            self, self.tr("Choose a folder for the hand-off pack"), str(Path.home())
        )

    def _on_pack(self) -> None:
        from visitdesk.services import handoff
        from visitdesk.ui.printing import confirm_replace

        folder = self.ask_folder()
        if not folder:
            return
        overwrite = False
        while True:
            try:
                saved = handoff.write_pack(
                    self.ws, self.visit_id, Path(folder), overwrite=overwrite
                )
                break
            except TargetExists as exc:
                if overwrite or not confirm_replace(self, exc.target):
                    return
                overwrite = True
            except UserError as exc:
                self._refuse(exc)
                return
        #: {folder} is where the pack was saved; {names} its files, one a line.
        QMessageBox.information(
            self,
            self.tr("Hand-off pack saved"),
            self.tr(
                "Saved in {folder}:\n\n{names}\n\nThese files hold personal data about the "
                "child: keep them only where your authority's rules allow."
            ).format(folder=folder, names="\n".join(p.name for p in saved)),
        )

    def done(self, result: int) -> None:  # noqa: D401 - QDialog's name
        clipboard = QGuiApplication.clipboard()
        if self.copied is not None and clipboard.text() == self.copied:
            clipboard.clear()
        super().done(result)

    @classmethod
    def show_for(cls, ws: Workspace, hub: Hub, visit_id: str, parent: QWidget | None) -> None:
        try:
            dialog = cls(ws, hub, visit_id, parent)
        except UserError as exc:
            text = str(exc)
            QMessageBox.warning(parent, APP_NAME, text[:1].upper() + text[1:])
            return
        dialog.exec()
