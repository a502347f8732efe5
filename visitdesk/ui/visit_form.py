"""The guided visit form, in the order a worker thinks: the visit, the child, the record, complete.

Every change is checked by the standards engine at once and saved as a draft within two seconds,
even while the worker keeps typing; the save runs on a writer thread, so typing never waits for
the disk. Closing, locking and completing wait for the save. Completed records open read-only.
"""

from __future__ import annotations

import contextlib
import logging
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date, datetime

from PySide6.QtCore import QDateTime, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDateTimeEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from visitdesk.errors import UserError
from visitdesk.services import checks, records
from visitdesk.services.checks import FormChecker
from visitdesk.services.facts import installation_authority
from visitdesk.services.workspace import Workspace
from visitdesk.standards import Finding
from visitdesk.standards import fields as catalogue
from visitdesk.storage.models import Child, Visit
from visitdesk.ui.decisions import ADDENDUM, AUTHORISE, RETURN, AboutRecord, CommentDialog
from visitdesk.ui.hub import Hub
from visitdesk.ui.widgets import ChoiceBox, Field, yes_no

log = logging.getLogger(__name__)

# A pause in typing saves after PAUSE_SAVE_MS. Steady typing never pauses, so it is saved
# MAX_UNSAVED_MS after the first change not yet saved. A crash then loses at most that, plus
# the time one save takes: well inside the two seconds the worker is promised.
PAUSE_SAVE_MS = 1000
MAX_UNSAVED_MS = 1500
RETRY_MS = 3000

_writer: ThreadPoolExecutor | None = None


def draft_writer() -> ThreadPoolExecutor:
    """The one thread that writes drafts, shared by every form.

    Long-lived, because each thread has its own database connection and opening one derives
    the key (a tenth of a second or more of work). Only one, so drafts are written in the
    order they were typed.
    """
    global _writer
    if _writer is None:
        _writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="visitdesk-drafts")
    return _writer


def wait_for_drafts() -> None:
    """Return once the writer has finished everything handed to it so far.

    Before the database is locked or closed: no connection may open after its key is dropped.
    """
    if _writer is not None:
        with contextlib.suppress(RuntimeError):  # the writer has stopped: nothing is running
            _writer.submit(int).result()


def _connect_writer(ws: Workspace) -> None:
    """Open the writer thread's connection before the first save needs it."""
    # Only a head start: if it fails (locked meanwhile), the save itself reports why.
    with contextlib.suppress(Exception):
        if not ws.locked:
            with ws.db.engine.connect():
                pass


WORDS = {"error": "Needed", "todo": "To do", "warning": "Check", "info": "Note"}
SECTION_TITLES = {"visit": "1. The visit", "child": "2. The child", "record": "3. The record"}
# Keyboard shortcuts (Alt + letter) for the fields that have one; the label comes from the
# field catalogue, so only the letter lives here.
MNEMONICS = {
    "visited_at": "d",
    "outcome": "h",
    "location": "l",
    "contact": "y",
    "announced": "o",
    "joint_with_health_visitor": "j",
    "present": "p",
    "status_of_child": "s",
    "seen": "e",
    "seen_alone": "a",
    "not_seen_alone_category": "w",
    "not_seen_alone_reason": "r",
    "seen_awake": "k",
    "bedroom_seen": "b",
    "attachment_observed": "t",
}


def _mnemonic(text: str, letter: str | None) -> str:
    if not letter:
        return text
    at = text.lower().find(letter)
    return text if at < 0 else f"{text[:at]}&{text[at:]}"


# Answers of a completed record cannot be changed, but they are the record: shown in the
# page's own text colour, not the pale grey Qt gives a control that is switched off.
READ_ONLY_STYLE = (
    "QComboBox:disabled, QAbstractSpinBox:disabled { color: palette(window-text); "
    "background: palette(base); }"
)


class VisitForm(QWidget):
    """One visit record, editable while a draft (or returned), read-only once completed."""

    closed = Signal()
    reopen = Signal(str)  # visit id: show this record afresh (after a conflict is settled)
    _written = Signal(object)  # a background save has ended (its Future); for the UI thread

    def __init__(
        self, ws: Workspace, hub: Hub, visit_id: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ws = ws
        self.hub = hub
        self.visit_id = visit_id
        self._loading = True
        self._dirty = False
        self._edits = 0  # changes so far: a save knows which of them it holds
        self._writing: Future | None = None  # the save on the writer thread, if any
        self._writing_edits = 0
        self._save_again = False
        self._findings: list[Finding] = []
        self._asked: set[str] = set()
        # Fields the worker has changed; a missing answer elsewhere is a calm "to do" until then.
        self._touched: set[str] = set()
        self.fields: dict[str, Field] = {}

        with ws.db.sessions() as session:
            visit = session.get(Visit, visit_id)
            child = session.get(Child, visit.child_id)
            self.child_id = child.id
            self.created_by = visit.created_by
            self.child_name = child.full_name
            self.child_dob = child.date_of_birth
            self.unborn = child.date_of_birth is None
            self.state = visit.state
            self.conflict_of = visit.conflict_of
            # Another worker's record (on the manager's installation): shown, never edited here.
            self.written_elsewhere = (
                bool(visit.origin_device) and visit.origin_device != ws.identity.device_id
            )
            twin = records.conflict_twin(session, visit_id)
            self.twin_id = twin.id if twin is not None else None
            self.twin_by = twin.created_by if twin is not None else ""
            decision = records.latest_decision(session, visit_id)
            self.return_comment = decision.comment if decision and visit.state == "returned" else ""
            self.open_task_id = (
                decision.id
                if decision is not None and decision.state == "open" and ws.is_manager
                else None
            )
            self.addenda = [(a.created_at, a.author, a.text) for a in visit.addenda]
            stored = {name: getattr(visit, name) for name in records.VISIT_FIELDS}
            # A completed record shows the check made when it was completed, not today's.
            self.frozen = None
            self.check_today: list[Finding] | None = None
            if visit.state not in records.EDITABLE_STATES:
                self.frozen = checks.completion_check(visit)
                if self.frozen is not None:
                    self.check_today = checks.check_differences(ws, session, visit)
        self.checker = FormChecker.for_visit(ws, visit_id)
        self.authority = installation_authority(ws)
        self.case_system, self.numbers = self.authority.case_system
        self._asked_on: tuple[date, frozenset[str]] | None = None

        # Two timers: one restarted by every change (a pause), one not (steady typing).
        self._pause_timer = QTimer(self)
        self._pause_timer.setSingleShot(True)
        self._pause_timer.timeout.connect(self._save_in_background)
        self._deadline = QTimer(self)
        self._deadline.setSingleShot(True)
        self._deadline.setTimerType(Qt.TimerType.PreciseTimer)
        self._deadline.timeout.connect(self._save_in_background)
        self._written.connect(self._on_written)

        self._build()
        self._load(stored)
        self._loading = False
        self._revalidate()
        self._apply_visibility()
        if self.read_only:
            self._make_read_only()
        QApplication.instance().focusChanged.connect(self._on_focus_changed)
        if not self.read_only:
            with contextlib.suppress(RuntimeError):  # the writer has stopped (shutting down)
                draft_writer().submit(_connect_writer, ws)

    def _saveable(self, values: dict) -> dict:
        """What may be stored now. A visit time later than now is never stored (the records
        service refuses it, and the check flags it on the field for correcting), but nothing
        else typed waits for that: the rest of the record keeps saving."""
        if values["visited_at"] > self.ws.now() + records.FUTURE_GRACE:
            return {k: v for k, v in values.items() if k != "visited_at"}
        return values

    # --- building -------------------------------------------------------------------------

    @property
    def read_only(self) -> bool:
        return (
            self.state not in records.EDITABLE_STATES
            or self.conflict_of is not None
            or self.written_elsewhere
        )

    def _add(
        self, form: QFormLayout, name: str, label: str, editor: QWidget, guidance: str = ""
    ) -> Field:
        if not editor.accessibleName():
            editor.setAccessibleName(label.replace("&", ""))
        field = Field(editor, guidance)
        form.addRow(label, field)
        self.fields[name] = field
        return field

    def _editor(self, item: catalogue.VisitField) -> QWidget:
        """The input for one catalogue field, by its kind."""
        if item.kind == "datetime":
            editor = QDateTimeEdit()
            # Numbers only, so the date and time can be typed digit by digit.
            editor.setDisplayFormat("dd/MM/yyyy HH:mm")
            editor.setCalendarPopup(True)
            return editor
        if item.kind == "flag":
            return yes_no(item.question)
        if item.kind == "choice":
            choices = list(item.choices)
            if item.name == "seen":
                # Before birth a baby is "unborn" or not seen; after, seen or not.
                wanted = ("unborn", "no") if self.unborn else ("yes", "no")
                choices = sorted(
                    (c for c in choices if c[0] in wanted), key=lambda c: wanted.index(c[0])
                )
            return ChoiceBox([(text, value) for value, text in choices], item.question)
        if item.lines > 1:
            editor = QPlainTextEdit()
            editor.setTabChangesFocus(True)
            if item.section == "record":
                editor.setMinimumHeight(90)
            else:
                editor.setFixedHeight(20 + 14 * item.lines)
            return editor
        return QLineEdit()

    def _build(self) -> None:
        title = QLabel(f"<h2>Visit to {self.child_name}</h2>")
        title.setTextFormat(Qt.TextFormat.RichText)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setObjectName("banner")
        self.banner.hide()
        self.conflict_bar = self._build_conflict_bar()
        if self.conflict_of is not None:
            self._show_banner(
                "This is another device's version of a record that was changed in "
                "two places. It is read-only; open the record itself to choose "
                "which version to keep.",
                "#8a5300",
            )
        elif self.return_comment:
            self._show_banner(f"Returned by your manager: {self.return_comment}", "#8a5300")
        elif self.read_only:
            self._show_banner(
                f"This record is {self.state} and read-only. Corrections are added as dated "
                "addenda.",
                "#30577a",
            )

        boxes = {key: QGroupBox(title) for key, title in SECTION_TITLES.items()}
        forms = {key: QFormLayout(box) for key, box in boxes.items()}
        forms["record"].setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.narrative: dict[str, QPlainTextEdit] = {}
        for item in catalogue.FIELDS:
            if not item.stored:
                continue
            editor = self._editor(item)
            text = catalogue.label(item.name, self.numbers)
            if item.section == "record":
                self.narrative[item.name] = editor
            else:
                text = _mnemonic(text, MNEMONICS.get(item.name)) + ":"
            editor.setAccessibleName(catalogue.label(item.name, self.numbers, question=True))
            self._add(forms[item.section], item.name, text, editor, item.help)
        # The editors other parts of the app (and the tests) reach by name.
        self.visited_at = self.fields["visited_at"].editor
        self.seen = self.fields["seen"].editor
        self.seen_alone = self.fields["seen_alone"].editor
        self.reason_category = self.fields["not_seen_alone_category"].editor
        self.reason = self.fields["not_seen_alone_reason"].editor
        self.bedroom = self.fields["bedroom_seen"].editor
        visit_box, child_box, record_box = boxes["visit"], boxes["child"], boxes["record"]

        # 4. Review and complete
        completed = self.numbers.get("completed")
        review_box = QGroupBox("4. Review and complete" + (f" ({completed})" if completed else ""))
        review = QVBoxLayout(review_box)
        self.complete_reason = QLabel()
        self.complete_reason.setWordWrap(True)
        self.complete_reason.setAccessibleName("What stops completion")
        self.complete_button = QPushButton("&Complete record…")
        self.complete_button.clicked.connect(self._on_complete)
        self.addenda_list = QLabel()
        self.addenda_list.setWordWrap(True)
        self.addendum_button = QPushButton("Add a&ddendum…")
        self.addendum_button.clicked.connect(self._on_addendum)
        self.discard_button = QPushButton("Discard dra&ft…")
        self.discard_button.setAccessibleDescription("Throw this draft away; you are asked first")
        self.discard_button.clicked.connect(self._on_discard)
        review.addWidget(self.complete_reason)
        row = QHBoxLayout()
        row.addWidget(self.discard_button)
        row.addStretch(1)
        row.addWidget(self.addendum_button)
        row.addWidget(self.complete_button)
        review.addWidget(self.addenda_list)
        review.addLayout(row)
        self._show_addenda()

        body = QWidget()
        body_layout = QVBoxLayout(body)
        for box in (visit_box, child_box, record_box, review_box):
            body_layout.addWidget(box)
        body_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        self.scroll = scroll

        # Findings panel
        panel = QWidget()
        panel_layout = QVBoxLayout(panel)
        panel_layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel("<b>What the standard says</b>")
        heading.setWordWrap(True)
        self.findings_heading = heading
        self.findings_list = QListWidget()
        self.findings_list.setAccessibleName("Findings from the practice standard")
        self.findings_list.setWordWrap(True)
        self.findings_list.setSpacing(4)
        self.findings_list.itemActivated.connect(self._on_finding_activated)
        self.findings_list.itemClicked.connect(self._on_finding_activated)
        panel_layout.addWidget(heading)
        panel_layout.addWidget(self.findings_list)

        splitter = QSplitter()
        splitter.addWidget(scroll)
        splitter.addWidget(panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([800, 330])

        self.saved_label = QLabel()
        self.saved_label.setAccessibleName("Save state")
        self.close_button = QPushButton("Back to child")
        self.close_button.clicked.connect(self._on_close_clicked)
        self.export_button = QPushButton("&Export PDF…")
        self.export_button.clicked.connect(self._on_export)
        self.print_button = QPushButton("&Print…")
        self.print_button.clicked.connect(self._on_print)
        self.history_button = QPushButton("Histor&y…")
        self.history_button.clicked.connect(self._on_history)
        top = QHBoxLayout()
        top.addWidget(title, 1)
        top.addWidget(self.saved_label)
        top.addWidget(self.history_button)
        top.addWidget(self.export_button)
        top.addWidget(self.print_button)
        top.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(self.conflict_bar)
        layout.addWidget(self._build_decision_bar())
        layout.addWidget(splitter, 1)

        # Any edit: validate now, save soon, and remember which field the worker has touched.
        for name, field in self.fields.items():
            editor = field.editor
            if isinstance(editor, ChoiceBox):
                signal = editor.valueChanged
            elif isinstance(editor, QLineEdit):
                signal = editor.textEdited
            elif isinstance(editor, QPlainTextEdit):
                signal = editor.textChanged
            else:
                signal = editor.dateTimeChanged
            signal.connect(lambda *_args, n=name: self._on_changed(n))

    def _build_decision_bar(self) -> QWidget:
        """For a manager reading a completed record: authorise it, or return it with a comment."""
        bar = QWidget()
        row = QHBoxLayout(bar)
        row.setContentsMargins(0, 0, 0, 0)
        note = QLabel("<b>This record is waiting for your authorisation.</b>")
        self.authorise_button = QPushButton("&Authorise")
        self.return_button = QPushButton("&Return with comment…")
        self.authorise_button.clicked.connect(self._on_authorise)
        self.return_button.clicked.connect(self._on_return)
        row.addWidget(note, 1)
        row.addWidget(self.return_button)
        row.addWidget(self.authorise_button)
        bar.setVisible(self.open_task_id is not None)
        self.decision_bar = bar
        return bar

    def _about(self) -> AboutRecord:
        return AboutRecord(self.child_name, self.values()["visited_at"], self.created_by)

    def ask_return_comment(self) -> tuple[str, bool]:
        return CommentDialog.ask(RETURN, self._about(), self)

    def confirm_authorise(self) -> tuple[str, bool]:
        return CommentDialog.ask(AUTHORISE, self._about(), self)

    def _decide(self, action) -> None:  # noqa: ANN001 - a records function
        try:
            action()
        except UserError as exc:
            QMessageBox.warning(self, "VisitDesk", str(exc)[:1].upper() + str(exc)[1:])
            return
        self.hub.decisionMade.emit(self.visit_id)
        self.closed.emit()

    def _on_authorise(self) -> None:
        comment, ok = self.confirm_authorise()
        if ok:
            self._decide(lambda: records.authorise(self.ws, self.open_task_id, comment))

    def _on_return(self) -> None:
        comment, ok = self.ask_return_comment()
        if ok:
            self._decide(lambda: records.return_for_correction(self.ws, self.open_task_id, comment))

    def _build_conflict_bar(self) -> QWidget:
        bar = QWidget()
        bar.setObjectName("conflictBar")
        row = QHBoxLayout(bar)
        row.setContentsMargins(0, 0, 0, 0)
        who = f" by {self.twin_by}" if self.twin_by else ""
        label = QLabel(
            f"<b>This record was also changed on another device{who}.</b> Both "
            "versions are kept until you choose one."
        )
        label.setWordWrap(True)
        self.show_other_button = QPushButton("Show the &other version")
        self.keep_mine_button = QPushButton("&Keep this version")
        self.keep_other_button = QPushButton("&Use the other version")
        self.show_other_button.clicked.connect(lambda: self.reopen.emit(self.twin_id))
        self.keep_mine_button.clicked.connect(lambda: self._resolve(keep_other=False))
        self.keep_other_button.clicked.connect(lambda: self._resolve(keep_other=True))
        row.addWidget(label, 1)
        for b in (self.show_other_button, self.keep_mine_button, self.keep_other_button):
            row.addWidget(b)
        bar.setVisible(self.twin_id is not None)
        return bar

    def confirm_resolve(self, keep_other: bool) -> bool:
        which = "the other version" if keep_other else "this version"
        answer = QMessageBox.question(
            self, "Choose a version", f"Keep {which} and remove the other? This cannot be undone."
        )
        return answer == QMessageBox.StandardButton.Yes

    def _resolve(self, *, keep_other: bool) -> None:
        if not self.save() or not self.confirm_resolve(keep_other):
            return
        try:
            records.resolve_conflict(self.ws, self.visit_id, keep_other=keep_other)
        except UserError as exc:
            QMessageBox.warning(self, "VisitDesk", str(exc))
            return
        self.hub.visitSaved.emit(self.visit_id)
        self.reopen.emit(self.visit_id)

    def _show_banner(self, text: str, colour: str) -> None:
        self.banner.setText(text)
        self.banner.setStyleSheet(
            f"border: 1px solid {colour}; padding: 6px; color: {colour}; font-weight: bold;"
        )
        self.banner.show()

    def _show_addenda(self) -> None:
        if self.addenda:
            lines = [
                f"<b>Addendum {at:%-d %b %Y %H:%M}, {author}:</b> {text}"
                for at, author, text in self.addenda
            ]
            self.addenda_list.setText("<br>".join(lines))
            self.addenda_list.show()
        else:
            self.addenda_list.hide()
        self.addendum_button.setVisible(self.read_only and not self.written_elsewhere)
        self.discard_button.setVisible(
            self.state == "draft" and not self.written_elsewhere and not self.read_only
        )

    # --- values ---------------------------------------------------------------------------

    def _load(self, stored: dict) -> None:
        for name, field in self.fields.items():
            editor, value = field.editor, stored.get(name)
            if isinstance(editor, ChoiceBox):
                editor.set_value(value)
            elif isinstance(editor, QDateTimeEdit):
                editor.setDateTime(QDateTime(value))
            elif isinstance(editor, QLineEdit):
                editor.setText(value or "")
            else:
                editor.setPlainText(value or "")

    def values(self) -> dict:
        """The form as typed, by stored field name."""
        out: dict = {}
        for name, field in self.fields.items():
            editor = field.editor
            if isinstance(editor, ChoiceBox):
                out[name] = editor.value()
            elif isinstance(editor, QDateTimeEdit):
                out[name] = editor.dateTime().toPython().replace(second=0, microsecond=0)
            elif isinstance(editor, QLineEdit):
                out[name] = editor.text()
            else:
                out[name] = editor.toPlainText()
        return out

    # --- behaviour ------------------------------------------------------------------------

    def asked(self, day: date) -> frozenset[str]:
        """The fields asked of this child at a visit on ``day`` (see the field catalogue)."""
        if self._asked_on is None or self._asked_on[0] != day:
            self._asked_on = (day, catalogue.asked_fields(self.authority, self.checker.child, day))
        return self._asked_on[1]

    def _apply_visibility(self) -> None:
        """Show only what is asked of this child at this visit; never just grey it out.

        A field the standard has something to say about is always shown.
        """
        values = self.values()
        self._asked = {f.field for f in self._findings if f.field}
        shown = set(catalogue.shown_fields(self.asked(values["visited_at"].date()), values))
        for name in self.fields:
            self._set_row_visible(name, name in shown)

    def _set_row_visible(self, name: str, visible: bool) -> None:
        field = self.fields[name]
        visible = visible or name in self._asked
        form = field.parentWidget().layout()
        if isinstance(form, QFormLayout):
            form.setRowVisible(field, visible)
        else:
            field.setVisible(visible)

    def _on_changed(self, name: str) -> None:
        if self._loading or self.read_only:
            return
        self._touched.add(name)
        if not self._dirty:
            # Otherwise the label keeps saying when the last save was, or why it failed.
            self.saved_label.setText("Not saved yet…")
        self._dirty = True
        self._edits += 1
        self._revalidate()
        self._apply_visibility()
        self._pause_timer.start(PAUSE_SAVE_MS)
        if not self._deadline.isActive():
            self._deadline.start(MAX_UNSAVED_MS)

    def _revalidate(self) -> None:
        if self.frozen is not None:
            findings = list(self.frozen.findings)
        else:
            try:
                findings = self.checker.check(self.values())
            except UserError as exc:
                findings = []
                self.complete_reason.setText(str(exc))
        self._findings = findings
        by_field: dict[str, Finding] = {}
        rank = {"error": 0, "warning": 1, "info": 2}
        for f in findings:
            if f.field and (
                f.field not in by_field or rank[f.severity] < rank[by_field[f.field].severity]
            ):
                by_field[f.field] = f
        for name, field in self.fields.items():
            f = by_field.get(name)
            if f is None:
                field.show_message(None)
            else:
                field.show_message(self._severity_shown(f), f"{f.message} ({f.source})")
        self._list_findings(findings)
        errors = [f for f in findings if f.severity == "error"]
        if self.read_only:
            self.complete_button.setEnabled(False)
            self.complete_reason.setText("")
        elif errors:
            self.complete_button.setEnabled(False)
            more = f" ({len(errors) - 1} more in the list)" if len(errors) > 1 else ""
            self.complete_reason.setText(f"Not ready to complete: {errors[0].message}{more}")
            self.complete_button.setToolTip(self.complete_reason.text())
        else:
            self.complete_button.setEnabled(True)
            self.complete_reason.setText(
                "Ready to complete. Completing sends the record to "
                "your manager and makes it read-only."
            )
            self.complete_button.setToolTip("")

    def _list_findings(self, findings: list[Finding]) -> None:
        """The panel: what the standards say now, or, for a completed record, what they said
        when it was completed (and, apart, anything they say differently today)."""
        self.findings_list.clear()
        rank = {"error": 0, "warning": 1, "info": 2}
        order = {name: i for i, name in enumerate(self.fields)}

        def note(text: str) -> None:
            item = QListWidgetItem(text)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = item.font()
            font.setBold(True)
            item.setFont(font)
            self.findings_list.addItem(item)

        def add(found: list[Finding], severity=None) -> None:  # noqa: ANN001
            for f in sorted(found, key=lambda f: (rank[f.severity], order.get(f.field, -1))):
                word = WORDS[severity(f) if severity else f.severity]
                item = QListWidgetItem(f"{word}: {f.message}  [{f.source}]")
                item.setData(Qt.ItemDataRole.UserRole, f.field or "")
                item.setToolTip(f.source)
                self.findings_list.addItem(item)

        if self.frozen is not None:
            self.findings_heading.setText("<b>What the standards said when it was completed</b>")
            note(f"As checked when completed on {self.frozen.completed_at:%-d %b %Y at %H:%M}")
            used = "; ".join(
                f"{name} (version {version})" if version else name
                for _id, name, version in self.frozen.standards
            )
            if used:
                self.findings_list.addItem(f"Standards used: {used}")
            add(findings)
            if not findings:
                self.findings_list.addItem("Nothing outstanding: the record met the standard.")
            if self.check_today is not None:
                from visitdesk.services.export import finding_changes

                new, gone = finding_changes(findings, self.check_today)
                if not new and not gone:
                    return
                note(
                    f"Checked again today, {self.ws.today():%-d %b %Y}: the standards now "
                    "say something different"
                )
                add(new)
                for f in gone:
                    self.findings_list.addItem(f"No longer found: {f.message}  [{f.source}]")
            return
        if self.read_only and self.state not in records.EDITABLE_STATES:
            self.findings_heading.setText("<b>What the standards say today</b>")
            note(
                f"Checked today, {self.ws.today():%-d %b %Y}. This record was completed before "
                "VisitDesk kept the check made at completion."
            )
        add(findings, self._severity_shown)
        if not findings:
            self.findings_list.addItem("Nothing outstanding: this record meets the standard.")

    def _severity_shown(self, finding: Finding) -> str:
        """An error on a field nobody has touched yet is shown as a calm "to do"."""
        if finding.severity != "error" or not finding.field:
            return finding.severity
        # The reason appears because the worker chose "not alone": it is asked for now.
        prompted = finding.field.startswith("not_seen_alone")
        if finding.field in self._touched or prompted or self.state == "returned":
            return "error"
        return "todo"

    def _on_finding_activated(self, item: QListWidgetItem) -> None:
        name = item.data(Qt.ItemDataRole.UserRole)
        field = self.fields.get(name) if name else None
        if field is None or not field.isVisible():
            return
        self.scroll.ensureWidgetVisible(field)
        field.editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_focus_changed(self, old: QWidget | None, _new: QWidget | None) -> None:
        if self._dirty and old is not None and self.isAncestorOf(old):
            self._save_in_background()

    # --- saving ---------------------------------------------------------------------------

    def _save_in_background(self) -> None:
        """Autosave: hand what is typed to the draft writer. The form never waits for the disk."""
        self._pause_timer.stop()
        self._deadline.stop()
        if not self._dirty or self.read_only or self.ws.locked:
            return
        if self._writing is not None:
            self._save_again = True  # one save at a time; the next starts when this one ends
            return
        self._writing_edits = self._edits
        changes = self._saveable(self.values())
        try:
            future = draft_writer().submit(records.save_draft, self.ws, self.visit_id, changes)
        except RuntimeError:  # the writer has stopped: Python is shutting down
            self.save()
            return
        self._writing = future
        future.add_done_callback(self._announce)

    def _announce(self, future: Future) -> None:
        # On the writer thread: the widgets are only touched back on the UI thread.
        with contextlib.suppress(RuntimeError):  # the form is gone (it waited for this first)
            self._written.emit(future)

    def _on_written(self, future: Future) -> None:
        if future is not self._writing:
            return  # save() has already waited for it and dealt with it
        again = self._save_again
        if self._finish_writing() and again:
            self._save_in_background()

    def _finish_writing(self) -> bool:
        """Show how the background save ended. Returns whether it stored the draft."""
        future, self._writing = self._writing, None
        self._save_again = False
        try:
            at = future.result()
        except UserError as exc:
            self._not_saved(exc)
            return False
        except Exception as exc:  # noqa: BLE001 - never let a failed save stop a lock or close
            # The text stays typed and is tried again; save() tries at once, on this thread.
            log.warning("a draft was not saved in the background (%s)", exc.__class__.__name__)
            self.saved_label.setText("Not saved yet: trying again…")
            self._pause_timer.start(RETRY_MS)
            return False
        if self._edits == self._writing_edits:
            self._dirty = False
            self._saved(at)
        else:
            self._saved(at)
            self.saved_label.setText("Saving…")  # what was typed since is not stored yet
        return True

    def save(self) -> bool:
        """Store the draft now and wait for it (before closing, locking, completing, printing).

        Returns False (and says why) if it could not be saved; the form keeps trying. Once it
        returns, nothing of this form's is running on the writer thread.
        """
        self._pause_timer.stop()
        self._deadline.stop()
        if self._writing is not None:
            self._writing.exception()  # waits; what it means is shown by _finish_writing
            self._finish_writing()
        wait_for_drafts()  # the writer's first connection too: locking may come next
        if not self._dirty or self.read_only:
            return True
        try:
            at = records.save_draft(self.ws, self.visit_id, self._saveable(self.values()))
        except UserError as exc:
            self._not_saved(exc)
            return False
        self._dirty = False
        self._saved(at)
        return True

    def _saved(self, at: datetime) -> None:
        self.saved_label.setText(f"Saved {at:%H:%M:%S}")
        # At shutdown the hub may be gone before the form's last save; nobody is listening.
        with contextlib.suppress(RuntimeError):
            self.hub.visitSaved.emit(self.visit_id)

    def _not_saved(self, exc: UserError) -> None:
        self.saved_label.setText(f"Not saved: {exc}")
        # Keep trying quietly (a disk with no room may get some): the text stays typed.
        self._pause_timer.start(RETRY_MS)

    def confirm_complete(self) -> bool:
        answer = QMessageBox.question(
            self,
            "Complete this record?",
            "Completing the record stamps today's date and time, sends it to your manager for "
            "authorisation and makes it read-only. Later corrections are added as addenda.\n\n"
            "Complete it now?",
        )
        return answer == QMessageBox.StandardButton.Yes

    def _on_complete(self) -> None:
        if not self.save() or not self.confirm_complete():
            return
        try:
            records.complete_visit(self.ws, self.visit_id)
        except UserError as exc:
            QMessageBox.warning(self, "VisitDesk", str(exc)[:1].upper() + str(exc)[1:])
            return
        self.state = "completed"
        with self.ws.db.sessions() as session:
            self.frozen = checks.completion_check(session.get(Visit, self.visit_id))
        self.check_today = None
        self._make_read_only()
        self._revalidate()
        self._show_banner(self._after_completion(), "#30577a")
        self.hub.visitCompleted.emit(self.visit_id)

    def _after_completion(self) -> str:
        """What completing did, truthfully: nothing is sent until a bundle is."""
        from visitdesk.services import syncing

        if self.ws.is_manager:
            return (
                "Completed. It is waiting for authorisation under Authorisations. This "
                "record is now read-only."
            )
        manager = next((p for p in syncing.peers(self.ws) if p.relation == "manager"), None)
        if manager is None:
            return (
                "Completed and read-only. It has not been sent: join your manager's team "
                "(Sync > Join a team) and it will go with your first bundle."
            )
        return (
            f"Completed and read-only. It will go to {manager.name} for authorisation "
            "with your next bundle (Sync > Export a bundle)."
        )

    def add_addendum_text(self) -> tuple[str, bool]:
        return CommentDialog.ask(ADDENDUM, self._about(), self)

    def confirm_discard(self) -> bool:
        when = self.values()["visited_at"]
        answer = QMessageBox.question(
            self,
            "Discard this draft?",
            f"Discard the draft record of the visit to {self.child_name} on "
            f"{when:%A} {when.day} {when:%B %Y} at {when:%H:%M}?\n\nWhat it says will be "
            "lost. This cannot be undone.",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard

    def _on_discard(self) -> None:
        if self.state != "draft" or not self.confirm_discard():
            return
        # Nothing more of this form's may reach the disk: stop the timers, let any save end.
        self._pause_timer.stop()
        self._deadline.stop()
        if self._writing is not None:
            self._writing.exception()
            self._writing = None
        wait_for_drafts()
        try:
            records.discard_draft(self.ws, self.visit_id)
        except UserError as exc:
            QMessageBox.warning(self, "VisitDesk", str(exc)[:1].upper() + str(exc)[1:])
            return
        self._dirty = False
        self.state = "discarded"
        self.hub.childChanged.emit(self.child_id)
        self.closed.emit()

    def _on_addendum(self) -> None:
        text, ok = self.add_addendum_text()
        if not ok or not text.strip():
            return
        try:
            records.add_addendum(self.ws, self.visit_id, text)
        except UserError as exc:
            QMessageBox.warning(self, "VisitDesk", str(exc))
            return
        self.addenda.append((self.ws.now(), self.ws.identity.worker_name, text))
        self._show_addenda()
        self.hub.visitSaved.emit(self.visit_id)

    def _make_read_only(self) -> None:
        for field in self.fields.values():
            editor = field.editor
            if isinstance(editor, (QLineEdit, QPlainTextEdit)):
                editor.setReadOnly(True)
            else:
                editor.setEnabled(False)
                # A recorded answer is read, not greyed out: full-contrast text.
                field.base_style = READ_ONLY_STYLE
                editor.setStyleSheet(READ_ONLY_STYLE)
        self.complete_button.setEnabled(False)
        self.complete_button.hide()
        self.discard_button.hide()
        self.complete_reason.hide()
        self._show_addenda()

    def _pdf(self) -> bytes:
        from visitdesk.services import export

        self.save()
        return export.visit_pdf(self.ws, self.visit_id)

    def _on_export(self) -> None:
        from visitdesk.ui.printing import export_interactively, suggested_pdf_path

        when = self.values()["visited_at"].strftime("%Y-%m-%d")
        path = export_interactively(
            self,
            self.ws,
            self._pdf,
            what="visit",
            entity_id=self.visit_id,
            suggested=suggested_pdf_path(self.child_name, when),
        )
        if path is not None:
            self.saved_label.setText(f"PDF saved to {path.name}")

    def _on_print(self) -> None:
        from visitdesk.ui.printing import print_interactively, suggested_pdf_path

        when = self.values()["visited_at"].strftime("%Y-%m-%d")
        path = print_interactively(
            self,
            self._pdf,
            f"Visit to {self.child_name}",
            ws=self.ws,
            what="visit",
            entity_id=self.visit_id,
            suggested=suggested_pdf_path(self.child_name, when),
        )
        if path is not None:
            self.saved_label.setText(f"PDF saved to {path.name}")

    def history_lines(self) -> list[str]:
        """What was done to this record, by whom and when (never what it says)."""
        from visitdesk.storage import audit

        with self.ws.db.sessions() as session:
            entries = audit.history(session, self.visit_id)
        return [f"{e.at:%-d %b %Y %H:%M}  {e.actor}: {e.text}" for e in entries]

    def _on_history(self) -> None:
        QMessageBox.information(self, "History of this record", "\n".join(self.history_lines()))

    def _on_close_clicked(self) -> None:
        if self.save():
            self.closed.emit()

    def closeEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        self.save()
        super().closeEvent(event)

    def hideEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        self.save()
        super().hideEvent(event)
