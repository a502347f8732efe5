"""The parts of the household visit form: the visit's shared part and each child's own part
(shown one child at a time), what is asked before the visit is completed or discarded or a
child left out, and what completing it says.

Each child's part holds that child's own answers and its own checker, so it is judged by that
child's standards alone; the shared answers are handed to every child's check.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from visitdesk.errors import UserError
from visitdesk.services import form_data
from visitdesk.services.checks import FormChecker
from visitdesk.services.household_visits import HouseholdRecord
from visitdesk.services.visit_plans import PlannedPart
from visitdesk.services.workspace import Workspace
from visitdesk.services.writing import FormWriting
from visitdesk.standards import Finding
from visitdesk.standards import fields as catalogue
from visitdesk.standards.authority import Authority
from visitdesk.ui.form_fields import build_fields, show_rows, values_of
from visitdesk.ui.hub import Hub
from visitdesk.ui.planned_section import PlannedSection
from visitdesk.ui.spelling import SpellingAid
from visitdesk.ui.widgets import Field

SHARED = frozenset(catalogue.SHARED_FIELDS)
OWN = frozenset(catalogue.OWN_FIELDS)


# --- the parts ------------------------------------------------------------------------------


class ChildTabBar(QTabBar):
    """The children's tabs. The mouse wheel over them scrolls the form, never the child."""

    def wheelEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        event.ignore()


def _form_widget(parent_layout: QVBoxLayout, *, wrap: bool = False) -> QFormLayout:
    # Each form on a widget of its own: a row is hidden through the form that holds it.
    holder = QWidget()
    holder_layout = QFormLayout(holder)
    holder_layout.setContentsMargins(0, 0, 0, 0)
    if wrap:
        holder_layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
    parent_layout.addWidget(holder)
    return holder_layout


class ChildStack(QWidget):
    """The children's own parts, one shown at a time, taking the room of the part shown.

    Not Qt's stacked widget: that is as tall as its tallest page at the width it has (it asks
    every page, whatever the page's size policy), so a shorter child's part was stretched to
    that height and its text boxes drifted far below their labels. A hidden part here takes
    no room, and the part shown is laid out as the visit form lays out its sections."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._parts: list[QWidget] = []

    def add_part(self, part: QWidget) -> None:
        part.setVisible(not self._parts)  # the first part is shown until another is chosen
        self._parts.append(part)
        self._layout.addWidget(part)

    def remove_part(self, part: QWidget) -> None:
        self._parts.remove(part)
        self._layout.removeWidget(part)
        part.hide()

    def show_part(self, index: int) -> None:
        """Show the part at ``index`` alone."""
        for i, part in enumerate(self._parts):
            if i != index:
                part.hide()
        if 0 <= index < len(self._parts):
            self._parts[index].show()


class SharedPart(QGroupBox):
    """The answers that are the same for every child: when, where, who was there, why, the home."""

    def __init__(
        self,
        ws: Workspace,
        hub: Hub | None,
        numbers: Mapping[str, str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("1. The visit: the same for every child"))
        layout = QVBoxLayout(self)
        forms = {"visit": _form_widget(layout), "record": _form_widget(layout, wrap=True)}
        # Worded for a visit to several children: one child not seen is their own answer.
        self.spelling = SpellingAid(ws, None, self, hub=hub)
        self.fields: dict[str, Field] = build_fields(
            forms,
            numbers,
            unborn=False,
            only=catalogue.SHARED_FIELDS,
            household=True,
            spelling=self.spelling,
        )

    def values(self) -> dict[str, object]:
        return values_of(self.fields)


class ChildPart(QWidget):
    """One child's own answers, checked by that child's own standards, under what was planned
    for the child's visit (``plan``; read from their record when not given)."""

    def __init__(
        self,
        record: HouseholdRecord,
        name: str,
        checker: FormChecker,
        authority: Authority,
        numbers: Mapping[str, str],
        *,
        unborn: bool,
        plan: Sequence[PlannedPart] | None = None,
        hub: Hub | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.visit_id = record.visit_id
        self.child_id = record.child_id
        self.full_name = record.name
        self.name = name  # how the form names the child: their given name
        self.checker = checker
        self.authority = authority
        self.findings: list[Finding] = []
        # Fields the worker has changed in this part; an answer missing elsewhere is a calm
        # "to do" until then.
        self.touched: set[str] = set()
        self._asked_on: tuple[date, frozenset[str]] | None = None
        self._shown: set[str] | None = None  # the own fields shown now
        # This child's writing aids: their own words spell-checked, their own record prompted.
        self.spelling = SpellingAid(checker.ws, record.visit_id, self, hub=hub)
        self.writing = FormWriting(checker.ws, record.visit_id)

        #: {name} is the child's given name.
        about = QGroupBox(self.tr("{name}: the child").format(name=name))
        #: {name} is the child's given name.
        record_box = QGroupBox(self.tr("{name}: the record").format(name=name))
        about_form = QFormLayout(about)
        record_form = QFormLayout(record_box)
        record_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.fields: dict[str, Field] = build_fields(
            {"visit": about_form, "child": about_form, "record": record_form},
            numbers,
            unborn=unborn,
            only=catalogue.OWN_FIELDS,
            spelling=self.spelling,
        )
        # What was planned for this child's visit, above what the record says was done.
        self.planned = PlannedSection(record_box)
        record_form.insertRow(0, self.planned)
        self.planned.show_plan(
            form_data.planned_for(checker.ws, record.visit_id) if plan is None else plan
        )
        #: {name} is the child's given name.
        self.leave_out_button = QPushButton(
            self.tr("Leave {name} out of this visit…").format(name=name)
        )
        self.leave_out_button.setAccessibleDescription(
            self.tr("Throws away this child's part of the visit; you are asked first")
        )
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.leave_out_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(about)
        layout.addWidget(record_box)
        layout.addLayout(row)

    def values(self) -> dict[str, object]:
        """This child's own answers as typed."""
        return values_of(self.fields)

    def asked(self, day: date) -> frozenset[str]:
        """The fields asked of this child at a visit on ``day`` (see the field catalogue)."""
        if self._asked_on is None or self._asked_on[0] != day:
            self._asked_on = (day, catalogue.asked_fields(self.authority, self.checker.child, day))
        return self._asked_on[1]

    def check(self, shared: Mapping[str, object], *, writing: bool = True) -> list[Finding]:
        """Judge the shared answers and this child's own by this child's standards (and,
        with ``writing``, by the writing aids: never for a record that is only read)."""
        own = self.values()
        try:
            self.findings = self.checker.check({**shared, **own})
        except UserError:
            self.findings = []
        if writing:
            # The shared words too: the same finding for every child is listed once.
            aid = self.spelling
            values = {**shared, **own}
            self.findings += self.writing.check(values, aid.checker, aid.ignored, aid.unavailable)
        return self.findings

    def show_fields(self, shared: Mapping[str, object]) -> set[str]:
        """Show the own fields asked of this child at this visit (and any the standard has
        something to say about); return the shared fields this child is asked."""
        values = {**shared, **self.values()}
        shown = set(catalogue.shown_fields(self.asked(values["visited_at"].date()), values))
        pointed = {f.field for f in self.findings if f.field}
        own = (shown | pointed) & OWN
        if own != self._shown:
            self._shown = own
            show_rows(self.fields, own)
        return shown & SHARED

    def blocking(self) -> int:
        """How many things this child's record needs before it can be completed."""
        return sum(1 for f in self.findings if f.severity == "error")

    def first_field(self) -> QWidget | None:
        """The first input of this part that can be typed in."""
        for field in self.fields.values():
            if field.editor.isVisibleTo(self) and field.editor.isEnabled():
                return field.editor
        return None

    def field_of(self, widget: QWidget | None) -> str | None:
        """The name of the field ``widget`` is part of, if it is one of this part's."""
        while widget is not None and widget is not self:
            for name, field in self.fields.items():
                if widget is field.editor:
                    return name
            widget = widget.parentWidget()
        return None


def given_names(found: Iterable[HouseholdRecord]) -> dict[str, str]:
    """How the form names each child, by record: the given name, or the full name where two
    children of the visit share a given name."""
    found = list(found)
    given = [r.given_name for r in found]
    return {r.visit_id: (r.name if given.count(r.given_name) > 1 else r.given_name) for r in found}


# --- asking first ---------------------------------------------------------------------------


def _ask(parent: QWidget, title: str, question: str, yes: QMessageBox.StandardButton) -> bool:
    answer = QMessageBox.question(
        parent,
        title,
        question,
        yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == yes


def confirm_complete_all(parent: QWidget, names: str) -> bool:
    """Ask before every child's record is completed: it cannot be undone."""
    #: {names} lists the children, "Jack, Lily and Sam".
    question = QCoreApplication.translate(
        "HouseholdVisitForm",
        "Complete the records of {names}?\n\nEach child gets their own record, stamped with "
        "today's date and time, sent to your manager for authorisation and made read-only. "
        "Later corrections are added to each record as addenda.",
    )
    title = QCoreApplication.translate("HouseholdVisitForm", "Complete all records?")
    return _ask(parent, title, question.format(names=names), QMessageBox.StandardButton.Yes)


def confirm_discard_all(parent: QWidget, names: str, when: object) -> bool:
    """Ask before the whole household visit is thrown away."""
    #: {names} lists the children; {when} is the visit's date and time, "4 Mar 2026 10:30".
    question = QCoreApplication.translate(
        "HouseholdVisitForm",
        "Discard the draft records of the visit to {names} on {when}?\n\nWhat they say will "
        "be lost. This cannot be undone.",
    )
    title = QCoreApplication.translate("HouseholdVisitForm", "Discard this visit?")
    return _ask(
        parent,
        title,
        question.format(names=names, when=f"{when:%-d %b %Y %H:%M}"),
        QMessageBox.StandardButton.Discard,
    )


def confirm_leave_out(parent: QWidget, name: str) -> bool:
    """Ask before one child is taken out of the visit (their part is thrown away)."""
    #: {name} is the child's given name.
    question = QCoreApplication.translate(
        "HouseholdVisitForm",
        "Leave {name} out of this visit?\n\nWhat you wrote in {name}'s part is thrown away; "
        "the other children's records go on. This cannot be undone.",
    )
    title = QCoreApplication.translate("HouseholdVisitForm", "Leave a child out?")
    return _ask(parent, title, question.format(name=name), QMessageBox.StandardButton.Yes)


def completed_words(ws: Workspace, names: str) -> str:
    """What completing the visit did, truthfully: nothing is sent until a bundle is."""
    if ws.is_manager:
        #: {names} lists the children, "Jack, Lily and Sam".
        words = QCoreApplication.translate(
            "HouseholdVisitForm",
            "Completed. {names} each have their own record now, read-only and waiting for "
            "authorisation under Authorisations.",
        )
        return words.format(names=names)
    manager = form_data.manager_name(ws)
    if manager is None:
        #: {names} lists the children, "Jack, Lily and Sam".
        words = QCoreApplication.translate(
            "HouseholdVisitForm",
            "Completed. {names} each have their own record now, on their own page and "
            "read-only. They have not been sent: join your manager's team (Sync > Join a team) "
            "and they will go with your first bundle.",
        )
        return words.format(names=names)
    #: {names} lists the children, "Jack, Lily and Sam"; {manager} is the worker's manager.
    words = QCoreApplication.translate(
        "HouseholdVisitForm",
        "Completed. {names} each have their own record now, on their own page and read-only. "
        "They go to {manager} for authorisation with your next bundle (Sync > Export a bundle).",
    )
    return words.format(names=names, manager=manager)
