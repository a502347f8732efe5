"""The household visit form: one visit to several children written once, with a shared part
and each child's own part, each child judged live by their own standards.

Everything typed is saved within two seconds as each child's own draft record (see
:mod:`visitdesk.ui.draft_saver`); closing, locking and completing wait for the save.
Completing makes one record per child, each with its own authorisation task.
"""

from __future__ import annotations

import contextlib
import html
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
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
from visitdesk.ui.draft_saver import DraftSaver, connect_writer
from visitdesk.ui.form_fields import make_read_only, on_change, set_values
from visitdesk.ui.household_findings import (
    HouseholdFindings,
    list_names,
    unkey,
)
from visitdesk.ui.household_parts import (
    ChildPart,
    ChildStack,
    ChildTabBar,
    SharedPart,
    completed_words,
    confirm_complete_all,
    confirm_discard_all,
    confirm_leave_out,
    given_names,
)
from visitdesk.ui.hub import Hub
from visitdesk.ui.review_section import ReviewSection
from visitdesk.ui.view_parts import SavesOnLeave
from visitdesk.ui.visit_bars import NOTICE, Banner

NEXT_CHILD = "Ctrl+PgDown"
PREVIOUS_CHILD = "Ctrl+PgUp"


class HouseholdVisitForm(SavesOnLeave, QWidget):
    """The draft records of one household visit, edited together."""

    closed = Signal()
    # A record's id: show it afresh (something beyond the form changed it, or it is the one
    # record left of the visit, an ordinary visit record now).
    reopen = Signal(str)

    def __init__(
        self,
        ws: Workspace,
        hub: Hub,
        household_visit: str,
        parent: QWidget | None = None,
        *,
        current: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.ws = ws
        self.hub = hub
        self.household_visit = household_visit
        self.state = "draft"
        self._loading = True

        found = household_visits.records_of(ws, household_visit)
        data = {r.visit_id: form_data.visit_form_data(ws, r.visit_id) for r in found}
        # Only this installation's drafts are written here; a record completed, returned or
        # written elsewhere opens on its own.
        found = [
            r
            for r in found
            if data[r.visit_id].state == "draft"
            and not data[r.visit_id].written_elsewhere
            and data[r.visit_id].conflict_of is None
        ]
        if not found:
            raise UserError(self.tr("this household visit has no record still being written"))
        self.authority = installation_authority(ws)
        _system, self.numbers = self.authority.case_system
        names = given_names(found)
        self.parts: list[ChildPart] = [
            ChildPart(
                r,
                names[r.visit_id],
                FormChecker.for_visit(ws, r.visit_id),
                self.authority,
                self.numbers,
                unborn=data[r.visit_id].unborn,
                hub=hub,
            )
            for r in found
        ]
        self._shown_state = {r.visit_id: form_data.record_state(ws, r.visit_id) for r in found}

        self.drafts = DraftSaver(
            self._gather,
            lambda typed: household_visits.save(ws, household_visit, typed["shared"], typed["own"]),
            editable=lambda: not self.read_only,
            locked=lambda: ws.locked,
            parent=self,
        )
        self.drafts.stored.connect(self._on_draft_stored)
        self.drafts.refused.connect(self._on_draft_refused)
        self.drafts.retrying.connect(
            lambda: self.saved_label.setText(self.tr("Not saved yet: trying again…"))
        )
        hub.changed.connect(self._on_records_changed)

        self._build()
        first = data[found[0].visit_id].values
        set_values(self.shared.fields, first)
        for part in self.parts:
            set_values(part.fields, data[part.visit_id].values)
        self._loading = False
        for part in self.parts:
            part.check(self.shared.values(), writing=not self.read_only)
        self._show_findings()
        if current is not None:
            self.show_child(current)
        QApplication.instance().focusChanged.connect(self._on_focus_changed)
        connect_writer(ws)

    # --- building -------------------------------------------------------------------------

    @property
    def read_only(self) -> bool:
        return self.state != "draft"

    def _build(self) -> None:
        self.title = QLabel(f"<h2>{html.escape(self._title())}</h2>")
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setWordWrap(True)
        #: {next} and {previous} are keys, "Ctrl+PgDown" and "Ctrl+PgUp".
        hint = self.tr(
            "One visit, one record for each child. {next} and {previous} move to the next or "
            "previous child, even while you type."
        )
        keys = {
            "next": QKeySequence(NEXT_CHILD).toString(QKeySequence.SequenceFormat.NativeText),
            "previous": QKeySequence(PREVIOUS_CHILD).toString(
                QKeySequence.SequenceFormat.NativeText
            ),
        }
        self.hint = QLabel(hint.format(**keys))
        self.hint.setWordWrap(True)
        self.hint.setMinimumWidth(160)
        self.banner = Banner()

        self.shared = SharedPart(self.ws, self.hub, self.numbers)
        for aid in [self.shared.spelling, *(part.spelling for part in self.parts)]:
            aid.ready.connect(self._recheck)
            aid.wordsChanged.connect(self._recheck)
        self.fields = self.shared.fields  # the form's first fields, as the window reaches them
        # The children's tabs stay in sight above the form, however far it is scrolled: the
        # worker always sees whose part they are writing and what each child still needs.
        self.tabs = ChildTabBar()
        self.tabs.setDocumentMode(True)
        self.tabs.setExpanding(False)
        self.tabs.setAccessibleName(self.tr("The children visited"))
        self.child_stack = ChildStack()
        #: {next} and {previous} are keys, "Ctrl+PgDown" and "Ctrl+PgUp".
        tip = self.tr("{next}: next child. {previous}: previous child.").format(**keys)
        for part in self.parts:
            self.tabs.setTabToolTip(self.tabs.addTab(part.name), tip)
            self.child_stack.add_part(part)
            part.leave_out_button.clicked.connect(lambda _=False, p=part: self._on_leave_out(p))
            part.leave_out_button.setVisible(len(self.parts) > 1)
        self.child_heading = QLabel()
        self.child_heading.setTextFormat(Qt.TextFormat.RichText)
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self._on_tab_changed(0)

        self.review = ReviewSection(self.numbers.get("completed"))
        self.review.setTitle(self.tr("3. Complete the visit"))
        self.review.show_addenda([], can_add=False, can_discard=True)
        self.complete_button = self.review.complete_button
        self.complete_button.setText(self.tr("&Complete all records…"))
        self.complete_button.clicked.connect(self._on_complete)
        self.discard_button = self.review.discard_button
        self.discard_button.setText(self.tr("Discard the whole visit…"))
        self.discard_button.setAccessibleDescription(
            self.tr("Throw away every child's draft of this visit; you are asked first")
        )
        self.discard_button.clicked.connect(self._on_discard)
        self.complete_reason = self.review.complete_reason

        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.addWidget(self.shared)
        body_layout.addWidget(self.child_heading)
        body_layout.addWidget(self.child_stack)
        body_layout.addWidget(self.review)
        body_layout.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(body)

        self.shown = HouseholdFindings(self.shared.fields, [p.visit_id for p in self.parts])
        self.findings_panel = self.shown.panel
        self.findings_panel.fieldActivated.connect(self._on_finding_activated)
        self.findings_list = self.findings_panel.findings_list
        splitter = QSplitter()
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.scroll)
        splitter.addWidget(self.findings_panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([800, 330])
        self.splitter = splitter

        self.saved_label = QLabel()
        self.saved_label.setAccessibleName(self.tr("Save state"))
        self.close_button = QPushButton(self.tr("Back"))
        self.close_button.clicked.connect(self._on_close_clicked)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.saved_label)
        top.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        children = QHBoxLayout()
        children.addWidget(self.tabs)
        children.addWidget(self.hint, 1)
        layout.addLayout(top)
        layout.addLayout(children)
        layout.addWidget(self.banner)
        layout.addWidget(splitter, 1)

        for keys_, step in ((NEXT_CHILD, 1), (PREVIOUS_CHILD, -1)):
            shortcut = QShortcut(QKeySequence(keys_), self)
            # Wherever the cursor is in the form, a text box included.
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda s=step: self.move_child(s))
        on_change(self.shared.fields, self._on_shared_changed)
        for part in self.parts:
            on_change(part.fields, lambda name, p=part: self._on_own_changed(p, name))

    def _title(self) -> str:
        #: The form's heading; {names} lists the children visited, "Jack, Lily and Sam".
        return self.tr("Household visit: {names}").format(names=self.names())

    def names(self) -> str:
        """The children of the visit, as the form names them: "Jack, Lily and Sam"."""
        return list_names([p.name for p in self.parts])

    # --- which child ----------------------------------------------------------------------

    @property
    def current(self) -> ChildPart:
        """The child whose part is shown."""
        return self.parts[max(0, self.tabs.currentIndex())]

    @property
    def visit_id(self) -> str:
        """The record of the child shown (the window comes back to it after a lock)."""
        return self.current.visit_id

    def part(self, visit_id: str) -> ChildPart | None:
        return next((p for p in self.parts if p.visit_id == visit_id), None)

    def show_child(self, visit_id: str) -> None:
        part = self.part(visit_id)
        if part is not None:
            self.tabs.setCurrentIndex(self.parts.index(part))

    def focus_child(self, visit_id: str) -> None:
        """Show this child's part with the cursor in its first field."""
        self.show_child(visit_id)
        self._focus(self.current.first_field() or self.tabs)

    def _on_tab_changed(self, index: int) -> None:
        if not 0 <= index < len(self.parts):
            return
        # Only the child shown takes room, so the form scrolls as far as that child's part.
        self.child_stack.show_part(index)
        part = self.parts[index]
        #: The heading of one child's part; {name} is their given name, {n} which child this
        #: is and {count} how many children the visit is for ("2 of 3").
        heading = self.tr("2. {name}'s own part ({n} of {count})").format(
            name=part.name, n=index + 1, count=len(self.parts)
        )
        self.child_heading.setText(f"<b>{html.escape(heading)}</b>")

    def move_child(self, step: int) -> None:
        """To the next (1) or previous (-1) child's part, into the same question where it is
        asked of them, or their first."""
        if len(self.parts) < 2:
            return
        name = self.current.field_of(QApplication.focusWidget())
        self.tabs.setCurrentIndex((self.tabs.currentIndex() + step) % len(self.parts))
        part = self.current
        field = part.fields.get(name) if name else None
        editor = field.editor if field is not None and field.isVisibleTo(part) else None
        self._focus(editor or part.first_field() or self.tabs)

    def _focus(self, editor: QWidget) -> None:
        if self.scroll.isAncestorOf(editor):
            self.scroll.ensureWidgetVisible(editor)
        editor.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- values, checks and what is shown ---------------------------------------------------

    def _shared_values(self) -> dict:
        return self.shared.values()

    def _gather(self) -> dict:
        """What the saver stores now. A visit time later than now is never stored (the records
        service refuses it, and the check flags it on the field for correcting), but nothing
        else typed waits for that."""
        shared = self._shared_values()
        if shared["visited_at"] > self.ws.now() + records.FUTURE_GRACE:
            shared = {k: v for k, v in shared.items() if k != "visited_at"}
        return {"shared": shared, "own": {p.visit_id: p.values() for p in self.parts}}

    def _on_shared_changed(self, name: str) -> None:
        if self._loading or self.read_only:
            return
        self.shown.shared_touched.add(name)
        self._changed()
        shared = self._shared_values()
        for part in self.parts:  # a shared answer is part of every child's record
            part.check(shared)
        self._show_findings()

    def _recheck(self) -> None:
        """Every child's part judged again: the dictionary has loaded, or a word was added."""
        if self._loading:
            return
        shared = self._shared_values()
        for part in self.parts:
            part.check(shared, writing=not self.read_only)
        self._show_findings()

    def _on_own_changed(self, part: ChildPart, name: str) -> None:
        if self._loading or self.read_only:
            return
        part.touched.add(name)
        self._changed()
        part.check(self._shared_values())  # only this child's standards can say anything new
        self._show_findings()

    def _changed(self) -> None:
        if not self.drafts.dirty:
            # Otherwise the label keeps saying when the last save was, or why it failed.
            self.saved_label.setText(self.tr("Not saved yet…"))
        self.drafts.changed()

    def _show_findings(self) -> None:
        """Every child's findings in the panel, each naming its child; each field's message
        under it; each tab saying whether that child's part has something left to do."""
        listed = self.shown.show(self.parts, self._shared_values(), self.ws.today())
        self.review.show_readiness(listed, read_only=self.read_only)
        if self.complete_button.isEnabled():
            self.complete_reason.setText(
                self.tr(
                    "Ready to complete. Each child gets their own record, sent to your manager "
                    "and made read-only."
                )
            )
        self._show_tabs()

    def _show_tabs(self) -> None:
        for i, part in enumerate(self.parts):
            left = part.blocking()
            if self.state == "completed":
                #: A child's tab once their record is completed; {name} is their given name.
                text = self.tr("{name} · completed").format(name=part.name)
            elif left:
                #: A child's tab; {name} is their given name, %n how many things are needed.
                text = self.tr("{name} · %n to do", "", left).format(name=part.name)
            else:
                #: A child's tab when their record can be completed; {name} is their name.
                text = self.tr("{name} · ready").format(name=part.name)
            if self.tabs.tabText(i) != text:
                self.tabs.setTabText(i, text)

    def findings_shown(self) -> list[str]:
        """What the panel lists, line by line."""
        return [self.findings_list.item(i).text() for i in range(self.findings_list.count())]

    def _on_finding_activated(self, where: str) -> None:
        visit_id, name = unkey(where)
        part = self.part(visit_id)
        if part is not None:
            self.show_child(part.visit_id)
        fields = self.shared.fields if part is None else part.fields
        field = fields.get(name)
        if field is not None and field.isVisibleTo(self):
            self._focus(field.editor)
        elif part is not None:
            self._focus(part.first_field() or self.tabs)

    def _on_focus_changed(self, old: QWidget | None, _new: QWidget | None) -> None:
        if self.drafts.dirty and old is not None and self.isAncestorOf(old):
            self.drafts.save_in_background()

    def _on_records_changed(self, changes: Changes) -> None:
        """Something beyond this form changed the records (an import, a restore): if one of
        this visit's records is among them, show it afresh. The form's own saves never
        reopen it, so typing is never interrupted."""
        if not changes.caseload or self.ws.locked or self.read_only:
            return
        try:
            now = {p.visit_id: form_data.record_state(self.ws, p.visit_id) for p in self.parts}
        except UserError:
            return  # the database is closing; the window deals with that
        if now != self._shown_state:
            self._shown_state = now
            self.reopen.emit(self.visit_id)  # the window saves what is typed, then reopens

    # --- saving -----------------------------------------------------------------------------

    def save(self) -> bool:
        """Store every child's draft now and wait for it (before closing, locking,
        completing). Returns False (and says why) if it could not be saved; the form keeps
        trying. Once it returns, nothing of this form's is running on the writer thread."""
        return self.drafts.save()

    def _on_draft_refused(self, why: str) -> None:
        #: {why} is the reason the records could not be stored.
        self.saved_label.setText(self.tr("Not saved: {why}").format(why=why))

    def _on_draft_stored(self, at: datetime, everything: bool) -> None:
        #: {time} is when the drafts were stored, for example 10:30:05.
        self.saved_label.setText(self.tr("Saved {time}").format(time=f"{at:%H:%M:%S}"))
        if not everything:
            self.saved_label.setText(self.tr("Saving…"))  # what was typed since is not stored yet
        # At shutdown the hub may be gone before the form's last save; nobody is listening.
        with contextlib.suppress(RuntimeError):
            self.hub.ops.announce(self._changes())

    def _changes(self, **more: bool) -> Changes:
        return Changes.of(
            children=[p.child_id for p in self.parts],
            visits=[p.visit_id for p in self.parts],
            **more,
        )

    # --- completing, discarding, leaving a child out -----------------------------------------

    def confirm_complete(self) -> bool:
        return confirm_complete_all(self, list_names([p.full_name for p in self.parts]))

    def _on_complete(self) -> None:
        if self.read_only or not self.save() or not self.confirm_complete():
            return
        done = self.hub.ops.run(
            lambda: (True, household_visits.complete(self.ws, self.household_visit)),
            parent=self,
        )
        if not done:
            return
        self.state = "completed"
        self.drafts.forget()
        for fields in (self.shared.fields, *(p.fields for p in self.parts)):
            make_read_only(fields)
        for part in self.parts:
            part.leave_out_button.hide()
        self.review.close_record()
        self._show_tabs()
        self.findings_list.clear()
        self.findings_list.addItem(
            self.tr(
                "Each record was checked as it was completed: open it from the child's page to "
                "see what the standards said."
            )
        )
        self.hint.hide()
        self.banner.say(completed_words(self.ws, self.names()), NOTICE)
        self.close_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def confirm_discard(self) -> bool:
        return confirm_discard_all(self, self.names(), self._shared_values()["visited_at"])

    def _on_discard(self) -> None:
        if self.read_only or not self.confirm_discard():
            return
        self.drafts.halt()  # nothing more of this form's may reach the disk
        if not self.hub.ops.run(
            lambda: (True, household_visits.discard(self.ws, self.household_visit)), parent=self
        ):
            if self.drafts.dirty:  # refused: the drafts stay, and so does saving them
                self.drafts.save_in_background()
            return
        self.drafts.forget()
        self.state = "discarded"
        self.closed.emit()

    def confirm_leave_out(self, part: ChildPart) -> bool:
        return confirm_leave_out(self, part.name)

    def _on_leave_out(self, part: ChildPart) -> None:
        if self.read_only or len(self.parts) < 2 or not self.confirm_leave_out(part):
            return
        if not self.save():  # the others' typing is kept; the writer is idle after this
            return
        left = self.hub.ops.run(
            lambda: (
                True,
                household_visits.leave_out(self.ws, self.household_visit, part.visit_id),
            ),
            parent=self,
        )
        if not left:
            return
        index = self.parts.index(part)
        self.child_stack.remove_part(part)
        self.parts.remove(part)
        self._shown_state.pop(part.visit_id, None)
        self.tabs.removeTab(index)  # shows the child beside, with its heading
        self._on_tab_changed(self.tabs.currentIndex())
        part.deleteLater()
        for other in self.parts:
            other.leave_out_button.setVisible(len(self.parts) > 1)
        self.title.setText(f"<h2>{html.escape(self._title())}</h2>")
        self._show_findings()
        if len(self.parts) == 1:
            self._reopen_alone(self.parts[0])

    def _reopen_alone(self, last: ChildPart) -> None:
        """One child is left: once theirs is an ordinary visit record (a household visit is
        to two children or more), it is written in the visit form. Everything typed was saved
        before the other child was left out, and nothing more is saved from here."""
        if household_visits.household_visit_of(self.ws, last.visit_id) is not None:
            return
        self.state = "single"
        for fields in (self.shared.fields, last.fields):
            make_read_only(fields)
        self.reopen.emit(last.visit_id)

    # --- leaving ----------------------------------------------------------------------------
