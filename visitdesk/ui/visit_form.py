"""The guided visit form, in the order a worker thinks: the visit, the child, the record, complete.

Every change is checked by the standards engine at once and saved as a draft within two seconds,
even while the worker keeps typing (see :mod:`visitdesk.ui.draft_saver`). Closing, locking and
completing wait for the save. Completed records open read-only; one child's record of a
household visit, returned for correction, keeps the part it shares with the others' records.
"""

from __future__ import annotations

import contextlib
import html
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from visitdesk.errors import UserError
from visitdesk.services import form_data, household_visits, records
from visitdesk.services.changes import Changes
from visitdesk.services.checks import FormChecker
from visitdesk.services.facts import installation_authority
from visitdesk.services.workspace import Workspace
from visitdesk.services.writing import FormWriting
from visitdesk.standards import Finding
from visitdesk.standards import fields as catalogue
from visitdesk.ui.decisions import (
    ADDENDUM,
    AUTHORISE,
    AUTHORISE_ALL,
    RETURN,
    AboutHousehold,
    AboutRecord,
    CommentDialog,
    names_in_words,
)
from visitdesk.ui.draft_saver import DraftSaver, connect_writer
from visitdesk.ui.findings_panel import FindingsPanel
from visitdesk.ui.form_fields import (
    SECTION_TITLES,
    build_fields,
    make_read_only,
    on_change,
    set_values,
    show_messages,
    show_rows,
    values_of,
)
from visitdesk.ui.handoff_dialog import handoff_button
from visitdesk.ui.hub import Hub
from visitdesk.ui.operations import split
from visitdesk.ui.planned_section import PlannedSection
from visitdesk.ui.review_section import (
    ReviewSection,
    completion_note,
    confirm_complete,
    confirm_discard,
)
from visitdesk.ui.spelling import SpellingAid
from visitdesk.ui.view_parts import SavesOnLeave
from visitdesk.ui.visit_bars import (
    NOTICE,
    Banner,
    ConflictBar,
    DecisionBar,
    HouseholdNote,
    confirm_resolve,
)
from visitdesk.ui.widgets import Field


def _changes_in(outcome: Any, otherwise: Changes) -> Changes:
    """What a service says it changed; ``otherwise`` where it does not say."""
    try:
        return split(outcome)[1]
    except TypeError:
        return otherwise


class VisitForm(SavesOnLeave, QWidget):
    """One visit record, editable while a draft (or returned), read-only once completed."""

    closed = Signal()
    reopen = Signal(str)  # visit id: show this record afresh (after a conflict is settled)

    def __init__(
        self, ws: Workspace, hub: Hub, visit_id: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ws = ws
        self.hub = hub
        self.visit_id = visit_id
        self._loading = True
        self._findings: list[Finding] = []
        self._asked: set[str] = set()
        # Fields the worker has changed; a missing answer elsewhere is a calm "to do" until then.
        self._touched: set[str] = set()
        self.fields: dict[str, Field] = {}

        data = form_data.visit_form_data(ws, visit_id)
        self.child_id = data.child_id
        self.created_by = data.created_by
        self.child_name = data.child_name
        self.unborn = data.unborn
        self.state = data.state
        self.conflict_of = data.conflict_of
        # Another worker's record (on the manager's installation): shown, never edited here.
        self.written_elsewhere = data.written_elsewhere
        self.twin_id, self.twin_by = data.twin_id, data.twin_by
        self.return_comment = data.return_comment
        self.open_task_id = data.open_task_id
        self.addenda = [(a.at, a.author, a.text) for a in data.addenda]
        self.plan = data.plan  # what was planned before the visit, shown beside what was done
        # A completed record shows the check made when it was completed, not today's.
        self.frozen = data.frozen
        self.check_today = None if data.check_today is None else list(data.check_today)
        self.checker = FormChecker.for_visit(ws, visit_id)
        self.authority = installation_authority(ws)
        self.case_system, self.numbers = self.authority.case_system
        self._asked_on: tuple[date, frozenset[str]] | None = None
        # The other children of this record's household visit (named, never their part).
        self.shared_with: list[str] = (
            [] if self.conflict_of is not None else household_visits.others_visited(ws, visit_id)
        )

        self.drafts = DraftSaver(
            lambda: self._saveable(self.values()),
            lambda changes: records.save_draft(ws, visit_id, changes),
            editable=lambda: not self.read_only,
            locked=lambda: ws.locked,
            parent=self,
        )
        self._shown_state = form_data.record_state(ws, visit_id)
        hub.changed.connect(self._on_records_changed)
        self.drafts.stored.connect(self._on_draft_stored)
        self.drafts.refused.connect(self._on_draft_refused)
        self.drafts.retrying.connect(
            lambda: self.saved_label.setText(self.tr("Not saved yet: trying again…"))
        )

        self._build()
        set_values(self.fields, data.values)
        self._loading = False
        self._revalidate()
        self._apply_visibility()
        if self.read_only:
            self._make_read_only()
        QApplication.instance().focusChanged.connect(self._on_focus_changed)
        if not self.read_only:
            connect_writer(ws)

    def _saveable(self, values: dict) -> dict:
        """What may be stored now. A visit time later than now is never stored (the records
        service refuses it, and the check flags it on the field for correcting), but nothing
        else typed waits for that: the rest of the record keeps saving. The part a record
        shares with other children's records is never sent: it cannot change here, and the
        service refuses any change to it (an empty box read back as "" would count as one)."""
        if self.keeps_shared_part:
            return {k: v for k, v in values.items() if k not in catalogue.SHARED_FIELDS}
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

    @property
    def keeps_shared_part(self) -> bool:
        """Whether this record is being corrected alone while other children's records of
        its household visit share its part about the visit: that part stays as it is."""
        return bool(self.shared_with) and not self.read_only

    def _build(self) -> None:
        title = QLabel(f"<h2>{html.escape(self._title())}</h2>")
        title.setTextFormat(Qt.TextFormat.RichText)
        self.banner = Banner()
        self.conflict_bar = ConflictBar(self.twin_by)
        self.conflict_bar.showOtherRequested.connect(lambda: self.reopen.emit(self.twin_id))
        self.conflict_bar.keepRequested.connect(lambda other: self._resolve(keep_other=other))
        self.conflict_bar.setVisible(self.twin_id is not None)
        self.show_other_button = self.conflict_bar.show_other_button
        self.keep_mine_button = self.conflict_bar.keep_mine_button
        self.keep_other_button = self.conflict_bar.keep_other_button
        self.banner.say_what_it_is(
            another_version=self.conflict_of is not None,
            return_comment=self.return_comment,
            read_only=self.read_only,
            state=self.state,
        )
        # One child's record of a household visit names the other children, never their part.
        self.household_note = HouseholdNote()
        if self.conflict_of is None:
            self.household_note.name_others(self.child_name, self.shared_with)

        boxes = {key: QGroupBox(self.tr(title)) for key, title in SECTION_TITLES.items()}
        forms = {key: QFormLayout(box) for key, box in boxes.items()}
        forms["record"].setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        # The writing aids: spell check as typed (off for a record that is only read) and the
        # quality prompts, shown with the standards' findings, never printed.
        self.spelling = SpellingAid(self.ws, self.visit_id, self, hub=self.hub)
        self.writing = None if self.read_only else FormWriting(self.ws, self.visit_id)
        self.spelling.ready.connect(self._revalidate)
        self.spelling.wordsChanged.connect(self._revalidate)
        self.fields = build_fields(forms, self.numbers, unborn=self.unborn, spelling=self.spelling)
        self.planned = PlannedSection(boxes["record"])
        forms["record"].insertRow(0, self.planned)
        self.planned.show_plan(self.plan)
        self.shared_note = QLabel(boxes["visit"])
        self.shared_note.setWordWrap(True)
        self.shared_note.hide()
        if self.keeps_shared_part:
            self._keep_shared_part(forms["visit"])
        self.narrative = {
            name: field.editor
            for name, field in self.fields.items()
            if catalogue.field(name).section == "record" and catalogue.field(name).lines > 1
        }
        # The editors other parts of the app (and the tests) reach by name.
        self.visited_at = self.fields["visited_at"].editor
        self.seen = self.fields["seen"].editor
        self.seen_alone = self.fields["seen_alone"].editor
        self.reason_category = self.fields["not_seen_alone_category"].editor
        self.reason = self.fields["not_seen_alone_reason"].editor
        self.bedroom = self.fields["bedroom_seen"].editor

        # 4. Review and complete
        review_box = ReviewSection(self.numbers.get("completed"))
        self.complete_reason = review_box.complete_reason
        self.complete_button = review_box.complete_button
        self.complete_button.clicked.connect(self._on_complete)
        self.addenda_list = review_box.addenda_list
        self.addendum_button = review_box.addendum_button
        self.addendum_button.clicked.connect(self._on_addendum)
        self.discard_button = review_box.discard_button
        self.discard_button.clicked.connect(self._on_discard)
        self.review = review_box
        self._show_addenda()

        body = QWidget()
        body_layout = QVBoxLayout(body)
        for box in (boxes["visit"], boxes["child"], boxes["record"], review_box):
            body_layout.addWidget(box)
        body_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        self.scroll = scroll

        self.findings_panel = FindingsPanel(list(self.fields))
        self.findings_panel.fieldActivated.connect(self._on_finding_activated)
        self.findings_heading = self.findings_panel.heading
        self.findings_list = self.findings_panel.findings_list

        splitter = QSplitter()
        splitter.addWidget(scroll)
        splitter.addWidget(self.findings_panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([800, 330])

        self.saved_label = QLabel()
        self.saved_label.setAccessibleName(self.tr("Save state"))
        self.close_button = QPushButton(self.tr("Back to child"))
        self.close_button.clicked.connect(self._on_close_clicked)
        self.export_button = QPushButton(self.tr("&Export PDF…"))
        self.export_button.clicked.connect(self._on_export)
        self.print_button = QPushButton(self.tr("&Print…"))
        self.print_button.clicked.connect(self._on_print)
        self.history_button = QPushButton(self.tr("Histor&y…"))
        self.history_button.clicked.connect(self._on_history)
        top = QHBoxLayout()
        top.addWidget(title, 1)
        top.addWidget(self.saved_label)
        top.addWidget(self.history_button)
        self.handoff_button = handoff_button(self.ws, self.hub, self.visit_id, self.state, self)
        top.addWidget(self.handoff_button)
        top.addWidget(self.export_button)
        top.addWidget(self.print_button)
        top.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(self.household_note)
        layout.addWidget(self.conflict_bar)
        layout.addWidget(self._build_decision_bar())
        layout.addWidget(splitter, 1)

        # Any edit: validate now, save soon, and remember which field the worker has touched.
        on_change(self.fields, self._on_changed)

    def _keep_shared_part(self, visit_form: QFormLayout) -> None:
        """Show the part shared with the other children's records read-only, each of its
        answers marked as shared, with a note above saying with whom and how to correct it."""
        shared = {n: f for n, f in self.fields.items() if catalogue.field(n).shared}
        make_read_only(shared)
        for field in shared.values():
            label = field.parentWidget().layout().labelForField(field)
            if isinstance(label, QLabel):
                text = label.text()
                colon = ":" if text.endswith(":") else ""
                #: A field's label, marked as one of the answers a household visit's records
                #: share; {label} is the label, for example "Who was present".
                marked = self.tr("{label} (shared)").format(label=text.removesuffix(":"))
                label.setText(marked + colon)
        #: {names} names the other children of the household visit, "Lily Ashworth and Sam
        #: Ashworth".
        note = self.tr(
            "Answers marked (shared) are shared with the records of {names}, so they cannot be "
            "changed here; a correction to them is an addendum on each record."
        )
        self.shared_note.setText(note.format(names=names_in_words(self.shared_with)))
        self.shared_note.show()
        visit_form.insertRow(0, self.shared_note)

    def _title(self) -> str:
        #: The record's heading, and the title of its printout.
        return self.tr("Visit to {child}").format(child=self.child_name)

    def _build_decision_bar(self) -> DecisionBar:
        """For a manager reading a completed record: authorise it, or return it with a comment."""
        bar = DecisionBar()
        bar.authoriseRequested.connect(self._on_authorise)
        bar.authoriseAllRequested.connect(self._on_authorise_all)
        bar.returnRequested.connect(self._on_return)
        bar.setVisible(self.open_task_id is not None)
        if self.open_task_id is not None:
            bar.offer_all(len(household_visits.open_tasks(self.ws, self.open_task_id)))
        self.decision_bar = bar
        self.authorise_button, self.return_button = bar.authorise_button, bar.return_button
        self.authorise_all_button = bar.authorise_all_button
        return bar

    def _show_addenda(self) -> None:
        self.review.show_addenda(
            self.addenda,
            can_add=self.read_only and not self.written_elsewhere,
            can_discard=self.state == "draft" and not self.written_elsewhere and not self.read_only,
        )

    def _make_read_only(self) -> None:
        make_read_only(self.fields)
        self.review.close_record()
        self._show_addenda()

    # --- values and what is asked -----------------------------------------------------------

    def values(self) -> dict:
        """The form as typed, by stored field name."""
        return values_of(self.fields)

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
        shown = catalogue.shown_fields(self.asked(values["visited_at"].date()), values)
        show_rows(self.fields, {*shown, *self._asked})

    def _on_changed(self, name: str) -> None:
        if self._loading or self.read_only:
            return
        self._touched.add(name)
        if not self.drafts.dirty:
            # Otherwise the label keeps saying when the last save was, or why it failed.
            self.saved_label.setText(self.tr("Not saved yet…"))
        self.drafts.changed()
        self._revalidate()
        self._apply_visibility()

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
        show_messages(self.fields, findings, self._severity_shown)
        if self.writing is not None and self.frozen is None:
            aid = self.spelling
            found = self.writing.check(self.values(), aid.checker, aid.ignored, aid.unavailable)
            findings = findings + found
        self.findings_panel.show_findings(
            findings,
            today=self.ws.today(),
            severity=self._severity_shown,
            frozen=self.frozen,
            check_today=self.check_today,
            completed_unchecked=self.read_only and self.state not in records.EDITABLE_STATES,
        )
        self.review.show_readiness(findings, read_only=self.read_only)

    def _severity_shown(self, finding: Finding) -> str:
        """An error on a field nobody has touched yet is shown as a calm "to do"."""
        if finding.severity != "error" or not finding.field:
            return finding.severity
        # The reason appears because the worker chose "not alone": it is asked for now.
        prompted = finding.field.startswith("not_seen_alone")
        if finding.field in self._touched or prompted or self.state == "returned":
            return "error"
        return "todo"

    def _on_finding_activated(self, name: str) -> None:
        field = self.fields.get(name)
        if field is None or not field.isVisible():
            return
        self.scroll.ensureWidgetVisible(field)
        field.editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_focus_changed(self, old: QWidget | None, _new: QWidget | None) -> None:
        if self.drafts.dirty and old is not None and self.isAncestorOf(old):
            self.drafts.save_in_background()

    def _on_records_changed(self, changes: Changes) -> None:
        """Something beyond this form changed the records (an import, a restore): if this
        record is among them (a decision, a conflicting copy, an addendum), show it afresh.
        The form's own saves never reopen it, so typing is never interrupted."""
        if not changes.caseload or self.ws.locked:
            return
        try:
            now = form_data.record_state(self.ws, self.visit_id)
        except UserError:
            return  # the database is closing; the window deals with that
        if now is None or now == self._shown_state:
            return
        self._shown_state = now
        self.reopen.emit(self.visit_id)  # the window saves what is typed, then reopens

    # --- saving ---------------------------------------------------------------------------

    def save(self) -> bool:
        """Store the draft now and wait for it (before closing, locking, completing, printing).

        Returns False (and says why) if it could not be saved; the form keeps trying. Once it
        returns, nothing of this form's is running on the writer thread.
        """
        return self.drafts.save()

    def _on_draft_refused(self, why: str) -> None:
        #: {why} is the reason the record could not be stored.
        self.saved_label.setText(self.tr("Not saved: {why}").format(why=why))

    def _on_draft_stored(self, at: datetime, everything: bool) -> None:
        #: {time} is when the draft was stored, for example 10:30:05.
        self.saved_label.setText(self.tr("Saved {time}").format(time=f"{at:%H:%M:%S}"))
        if not everything:
            # What was typed since is not stored yet.
            self.saved_label.setText(self.tr("Saving…"))
        # At shutdown the hub may be gone before the form's last save; nobody is listening.
        with contextlib.suppress(RuntimeError):
            self.hub.ops.announce(Changes.of(children=[self.child_id], visits=[self.visit_id]))

    # --- writes, each through the hub's runner ---------------------------------------------

    def _run(self, write: Callable[[], Any], *, decisions: bool = False) -> bool:
        """Run one write of this record; True once done (otherwise its refusal was shown).

        A service that does not yet say what it changed has changed this record and its child.
        """
        otherwise = Changes.of(
            children=[self.child_id], visits=[self.visit_id], decisions=decisions
        )
        return bool(self.hub.ops.run(lambda: (True, _changes_in(write(), otherwise)), parent=self))

    def confirm_complete(self) -> bool:
        return confirm_complete(self)

    def _on_complete(self) -> None:
        if not self.save() or not self.confirm_complete():
            return
        if not self._run(lambda: records.complete_visit(self.ws, self.visit_id), decisions=True):
            return
        self.state = "completed"
        self.frozen = form_data.completion_check_of(self.ws, self.visit_id)
        self.check_today = None
        self._make_read_only()
        self._revalidate()
        note = completion_note(is_manager=self.ws.is_manager, manager=self._manager())
        self.banner.say(note, NOTICE)

    def _manager(self) -> str | None:
        return None if self.ws.is_manager else form_data.manager_name(self.ws)

    def _about(self) -> AboutRecord:
        return AboutRecord(self.child_name, self.values()["visited_at"], self.created_by)

    def ask_return_comment(self) -> tuple[str, bool]:
        return CommentDialog.ask(RETURN, self._about(), self, spelling=self._comment_aid())

    def confirm_authorise(self) -> tuple[str, bool]:
        return CommentDialog.ask(AUTHORISE, self._about(), self, spelling=self._comment_aid())

    def confirm_authorise_all(self, names: list[str]) -> tuple[str, bool]:
        """Whether to authorise the records of this household visit for the children named,
        with one comment for them all."""
        about = AboutHousehold(tuple(names), self.values()["visited_at"], self.created_by)
        aid = self._comment_aid(for_record=False)
        return CommentDialog.ask(AUTHORISE_ALL, about, self, spelling=aid)

    def _decide(self, action: Callable[[], Any]) -> None:
        if self._run(action, decisions=True):
            self.closed.emit()

    def _on_authorise(self) -> None:
        comment, ok = self.confirm_authorise()
        if ok:
            self._decide(lambda: records.authorise(self.ws, self.open_task_id, comment))

    def _on_authorise_all(self) -> None:
        # Read again as the manager asks, so the dialog names exactly what is authorised.
        tasks = household_visits.open_tasks(self.ws, self.open_task_id)
        if len(tasks) < 2:
            self._on_authorise()
            return
        comment, ok = self.confirm_authorise_all([t.name for t in tasks])
        if ok:
            ids = [t.task_id for t in tasks]
            self._decide(lambda: household_visits.authorise_all(self.ws, ids, comment))

    def _on_return(self) -> None:
        comment, ok = self.ask_return_comment()
        if ok:
            self._decide(lambda: records.return_for_correction(self.ws, self.open_task_id, comment))

    def confirm_resolve(self, keep_other: bool) -> bool:
        return confirm_resolve(self, keep_other)

    def _resolve(self, *, keep_other: bool) -> None:
        if not self.save() or not self.confirm_resolve(keep_other):
            return
        if self._run(
            lambda: records.resolve_conflict(self.ws, self.visit_id, keep_other=keep_other)
        ):
            self.reopen.emit(self.visit_id)

    def _comment_aid(self, for_record: bool = True) -> SpellingAid:
        """Spell check for a comment or an addendum ("Ignore" offered for this record's)."""
        return SpellingAid(self.ws, self.visit_id if for_record else None, hub=self.hub)

    def add_addendum_text(self) -> tuple[str, bool]:
        return CommentDialog.ask(ADDENDUM, self._about(), self, spelling=self._comment_aid())

    def _on_addendum(self) -> None:
        text, ok = self.add_addendum_text()
        if not ok or not text.strip():
            return
        if not self._run(lambda: records.add_addendum(self.ws, self.visit_id, text)):
            return
        self.addenda.append((self.ws.now(), self.ws.identity.worker_name, text))
        self._show_addenda()

    def confirm_discard(self) -> bool:
        return confirm_discard(self, self.child_name, self.values()["visited_at"])

    def _on_discard(self) -> None:
        if self.state != "draft" or not self.confirm_discard():
            return
        self.drafts.halt()  # nothing more of this form's may reach the disk
        if not self._run(lambda: records.discard_draft(self.ws, self.visit_id)):
            if self.drafts.dirty:  # refused: the draft stays, and so does saving it
                self.drafts.save_in_background()
            return
        self.drafts.forget()
        self.state = "discarded"
        self.closed.emit()

    # --- printing, history, leaving ---------------------------------------------------------

    def _pdf(self) -> bytes:
        from visitdesk.services import export

        self.save()
        return export.visit_pdf(self.ws, self.visit_id)

    def _print_options(self) -> dict[str, Any]:
        from visitdesk.ui.printing import suggested_pdf_path

        when = self.values()["visited_at"].strftime("%Y-%m-%d")
        return {
            "what": "visit",
            "entity_id": self.visit_id,
            "suggested": suggested_pdf_path(self.child_name, when),
        }

    def _on_export(self) -> None:
        from visitdesk.ui.printing import export_interactively

        path = export_interactively(self, self.ws, self._pdf, **self._print_options())
        if path is not None:
            self._say_pdf_saved(path.name)

    def _on_print(self) -> None:
        from visitdesk.ui.printing import print_interactively

        path = print_interactively(
            self, self._pdf, self._title(), ws=self.ws, **self._print_options()
        )
        if path is not None:
            self._say_pdf_saved(path.name)

    def _say_pdf_saved(self, name: str) -> None:
        #: {file} is the name of the PDF file written.
        self.saved_label.setText(self.tr("PDF saved to {file}").format(file=name))

    def history_lines(self) -> list[str]:
        """What was done to this record, by whom and when (never what it says)."""
        return form_data.history_lines(self.ws, self.visit_id)

    def _on_history(self) -> None:
        QMessageBox.information(
            self, self.tr("History of this record"), "\n".join(self.history_lines())
        )
