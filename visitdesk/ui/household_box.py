"""The child's household on their page: who lives with them and since when, where they lived
before, and the dialogs to add a child to the household or record that the child moved out."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from visitdesk.errors import UserError
from visitdesk.services import households, views
from visitdesk.services.caseload_rows import age_text
from visitdesk.services.changes import Changes
from visitdesk.services.household_visits import plan_status
from visitdesk.services.households import Candidate, HouseholdView
from visitdesk.services.households_history import Stay
from visitdesk.services.workspace import Workspace
from visitdesk.ui.hub import Hub
from visitdesk.ui.view_parts import ReloadsWhenShown

# A list longer than this gets a search box: a worker finds a child by typing their name.
SEARCH_FROM = 8


def _day(value: date) -> str:
    return f"{value:%-d %b %Y}"


def _date_edit(name: str, value: date, earliest: date | None, latest: date) -> QDateEdit:
    edit = QDateEdit(QDate(value), calendarPopup=True, displayFormat="d MMM yyyy")
    edit.setMaximumDate(QDate(latest))
    if earliest is not None and earliest <= latest:
        edit.setMinimumDate(QDate(earliest))
    edit.setAccessibleName(name)
    return edit


def _buttons(ok: str) -> QDialogButtonBox:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok)
    return buttons


class AddToHouseholdDialog(QDialog):
    """Choose a child of the caseload who has come to live in the household, and from when.

    A child who lives in another household now is moved; the dialog says so before it is done.
    """

    def __init__(
        self,
        ws: Workspace,
        child_id: str,
        child_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add a child to this household"))
        self.value: tuple[str, date] | None = None
        self._candidates = {c.child_id: c for c in households.candidates(ws, child_id)}
        today = ws.today()

        #: {name} is the child whose page this is.
        heading = QLabel(self.tr("Who has come to live with {name}?").format(name=child_name))
        heading.setWordWrap(True)
        heading.setTextFormat(Qt.TextFormat.PlainText)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Type part of a name to find the child"))
        self.search.setAccessibleName(self.tr("Find a child"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._on_search)
        self.search.setVisible(len(self._candidates) > SEARCH_FROM)
        self.children = QListWidget()
        self.children.setAccessibleName(self.tr("Children on your caseload"))
        for candidate in self._candidates.values():
            item = QListWidgetItem(self._line(candidate, today))
            item.setData(Qt.ItemDataRole.UserRole, candidate.child_id)
            self.children.addItem(item)
        self.children.currentItemChanged.connect(self._on_chosen)
        self.children.itemDoubleClicked.connect(lambda _item: self.accept())
        self.empty = QLabel(
            self.tr(
                "There is no other child on your caseload to add. Add the child to your "
                "caseload first (Add a child… on the caseload), then come back here."
            )
        )
        self.empty.setWordWrap(True)
        self.empty.setVisible(not self._candidates)
        self.children.setVisible(bool(self._candidates))
        self.since = _date_edit(self.tr("Living here from"), today, None, today)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setAccessibleName(self.tr("What adding this child does"))
        self.note.hide()
        self.buttons = _buttons(self.tr("Add to household"))
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.tr("Living here from:"), self.since)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.search)
        layout.addWidget(self.children, 1)
        layout.addWidget(self.empty)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)

    def _line(self, candidate: Candidate, today: date) -> str:
        age = age_text(candidate.date_of_birth, candidate.expected_birth_date, today)
        plan = plan_status(candidate.plan) or self.tr("no plan")
        if candidate.household is None:
            #: One child in the list: {name}, {age} ("7 years"), {plan} ("CIN Plan").
            return self.tr("{name} — {age}, {plan}").format(name=candidate.name, age=age, plan=plan)
        #: One child in the list; {household} is where they live now ("Thomas household").
        return self.tr("{name} — {age}, {plan} — lives in the {household}").format(
            name=candidate.name, age=age, plan=plan, household=candidate.household
        )

    def _on_search(self, text: str) -> None:
        words = text.casefold().split()
        for row in range(self.children.count()):
            item = self.children.item(row)
            name = self._candidates[item.data(Qt.ItemDataRole.UserRole)].name.casefold()
            item.setHidden(not all(word in name for word in words))

    def chosen(self) -> Candidate | None:
        item = self.children.currentItem()
        if item is None or item.isHidden():
            return None
        return self._candidates[item.data(Qt.ItemDataRole.UserRole)]

    def _on_chosen(self) -> None:
        candidate = self.chosen()
        self.ok_button.setEnabled(candidate is not None)
        if candidate is None or candidate.household is None:
            self.note.hide()
            self.ok_button.setText(self.tr("Add to household"))
            return
        self.note.setText(
            #: {name} is a child; {household} the household they live in now.
            self.tr(
                "{name} lives in the {household} now. Adding them here moves them out of it "
                "from the date above; their time there stays in their history."
            ).format(name=candidate.name, household=candidate.household)
        )
        self.note.show()
        self.ok_button.setText(self.tr("Move to this household"))

    def accept(self) -> None:
        candidate = self.chosen()
        if candidate is None:
            return
        self.value = (candidate.child_id, self.since.date().toPython())
        super().accept()

    @classmethod
    def ask(
        cls, ws: Workspace, child_id: str, child_name: str, parent: QWidget | None = None
    ) -> tuple[tuple[str, date] | None, bool]:
        """Returns ((the child chosen, the day they joined), accepted)."""
        dialog = cls(ws, child_id, child_name, parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.value, accepted


class MovedOutDialog(QDialog):
    """Asks for the day the child moved out of their household, and is the confirmation."""

    def __init__(
        self,
        child_name: str,
        household_name: str,
        since: date | None,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Moved out of this household"))
        self.value: date | None = None
        question = QLabel(
            #: {name} is the child; {household} their household ("Ashworth household").
            self.tr("Record that {name} no longer lives in the {household}?").format(
                name=child_name, household=household_name
            )
        )
        question.setWordWrap(True)
        question.setTextFormat(Qt.TextFormat.PlainText)
        hint = QLabel(
            self.tr(
                "Their time in this household stays in their history, with its dates. A "
                "household visit to the others no longer includes them."
            )
        )
        hint.setWordWrap(True)
        self.on = _date_edit(self.tr("Moved out on"), today, since, today)
        form = QFormLayout()
        form.addRow(self.tr("Moved out on:"), self.on)
        self.buttons = _buttons(self.tr("Moved out"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(question)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

    def accept(self) -> None:
        self.value = self.on.date().toPython()
        super().accept()

    @classmethod
    def ask(
        cls,
        child_name: str,
        household_name: str,
        since: date | None,
        today: date,
        parent: QWidget | None = None,
    ) -> tuple[date | None, bool]:
        """Returns (the day the child moved out, accepted)."""
        dialog = cls(child_name, household_name, since, today, parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.value, accepted


class HouseholdBox(ReloadsWhenShown, QGroupBox):
    """The child's household, read afresh whenever ``hub.changed`` touches the child or
    anyone shown living with them; its writes go through ``hub.ops``."""

    # The household now shown (None: the child lives in none), each time it is read.
    loaded = Signal(object)

    def __init__(self, ws: Workspace, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Household"), parent)
        self.ws = ws
        self.hub = hub
        self.child_id: str | None = None
        self.child_name = ""
        self.editable = False
        self.household: HouseholdView | None = None
        self.stays: list[Stay] = []
        self._stale = False

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setAccessibleName(self.tr("Who lives in the household"))
        self.history = QLabel()
        self.history.setWordWrap(True)
        self.history.setTextFormat(Qt.TextFormat.RichText)
        self.history.setAccessibleName(self.tr("Households lived in before"))
        self.read_only = QLabel(self.tr("Only the child's own worker can change their household."))
        self.read_only.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Household notice"))
        self.add_button = QPushButton(self.tr("Add a child to this household…"))
        self.add_button.setToolTip(
            self.tr("A brother, sister or other child on your caseload who lives here")
        )
        self.add_button.clicked.connect(self._on_add)
        self.leave_button = QPushButton(self.tr("Moved out of this household…"))
        self.leave_button.clicked.connect(self._on_leave)

        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.leave_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addSpacing(4)  # where the child lived before, set apart from who lives there now
        layout.addWidget(self.history)
        layout.addWidget(self.read_only)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        hub.changed.connect(self._on_changed)
        self.clear()

    # --- what is shown ---

    def clear(self) -> None:
        """Forget what is shown (on lock)."""
        self.child_id = None
        self.child_name = ""
        self.household = None
        self.stays = []
        self._stale = False
        for label in (self.summary, self.history, self.message):
            label.clear()
        self.history.hide()
        self.message.hide()
        self.read_only.hide()
        self.add_button.hide()
        self.leave_button.hide()

    def show_child(self, child_id: str, child_name: str, editable: bool) -> None:
        """Show ``child_id``'s household; read again only when it is another child, or the
        child can now be changed here (or no longer), or a change was missed while hidden."""
        same = child_id == self.child_id and editable == self.editable
        self.child_name = child_name
        if same and not self._stale:
            return
        if child_id != self.child_id:
            self._say("")
        self.child_id, self.editable = child_id, editable
        self.reload()

    def reload(self) -> None:
        if self.child_id is None:
            return
        self._stale = False
        try:
            self.household = households.household_of(self.ws, self.child_id)
            self.stays = households.household_stays(self.ws, self.child_id)
            names = households.names_of(self.ws, [s.household for s in self.stays])
        except UserError as exc:  # the child has gone from this installation (a restore)
            self.household, self.stays, names = None, [], {}
            self.summary.setText(escape(str(exc)))
        else:
            self.summary.setText(self._summary())
        self.history.setText(self._history(names))
        self.history.setVisible(bool(self.stays))
        self.read_only.setVisible(not self.editable)
        self.add_button.setVisible(self.editable)
        self.leave_button.setVisible(self.editable and self.household is not None)
        self.loaded.emit(self.household)

    def _summary(self) -> str:
        household, today = self.household, self.ws.today()
        name = escape(self.child_name)
        if household is None:
            #: {name} is the child whose page this is.
            return self.tr(
                "{name} is not recorded as living with other children on your caseload. Add "
                "the children who live with them, so that one visit can be written for them "
                "together."
            ).format(name=name)
        blocks = []
        for member in household.members:
            who = escape(member.name)
            if member.child_id == self.child_id:
                #: Beside the name of the child whose page this is, in their household's list.
                who = "<b>{}</b> {}".format(who, escape(self.tr("(this child)")))
            details = [
                age_text(member.date_of_birth, member.expected_birth_date, today),
                plan_status(member.plan) or self.tr("no plan"),
            ]
            if member.since is not None:
                #: {date} is the day a child joined the household, for example 4 Mar 2026.
                details.append(self.tr("since {date}").format(date=_day(member.since)))
            # A name, then what matters about them: it wraps as a sentence on a narrow page.
            line = " · ".join(escape(d) for d in details)
            blocks.append(f'<p style="margin-top: 6px; margin-bottom: 0;">{who}<br>{line}</p>')
        heading = f'<p style="margin: 0;"><b>{escape(household.name)}</b></p>'
        if len(household.members) == 1:
            #: {name} is the child whose page this is.
            alone = self.tr("Only {name} lives in this household now.").format(name=name)
            heading += f'<p style="margin-top: 6px; margin-bottom: 0;">{alone}</p>'
        return heading + "".join(blocks)

    def _history(self, names: dict[str, str]) -> str:
        lines = []
        for stay in reversed(self.stays):  # the latest first, as the visits are listed
            until = _day(stay.until)
            start = _day(stay.start) if stay.start is not None else None
            if self.household is not None and stay.household == self.household.id:
                line = (
                    self.tr("Lived in this household before, until {until}")
                    if start is None
                    #: {start} and {until} are the first and last days, for example 4 Mar 2026.
                    else self.tr("Lived in this household before, from {start} until {until}")
                )
            elif stay.household in names:
                line = (
                    #: {household} is a household's name as it is now ("Thomas household").
                    self.tr("Lived in the {household} until {until}")
                    if start is None
                    else self.tr("Lived in the {household} from {start} until {until}")
                )
            else:
                line = (
                    self.tr("Lived in another household until {until}")
                    if start is None
                    else self.tr("Lived in another household from {start} until {until}")
                )
            text = line.format(household=names.get(stay.household, ""), start=start, until=until)
            lines.append(escape(text))
        return "<br>".join(lines)

    # --- writes ---

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _run(self, write: Callable[[], Changes], notice: str) -> None:
        done = self.hub.ops.run(lambda: (True, write()), parent=self)
        if done:
            self._say(notice)

    def _on_add(self) -> None:
        if self.child_id is None or not self.editable:
            return
        child_id = self.child_id
        value, ok = AddToHouseholdDialog.ask(self.ws, child_id, self.child_name, parent=self)
        if not ok or value is None:
            return
        other, on = value
        name = views.child_name(self.ws, other)
        #: {name} is the child added to the household.
        notice = self.tr("{name} added to the household.").format(name=name)
        self._run(lambda: households.join_household(self.ws, child_id, other, on), notice)

    def _on_leave(self) -> None:
        household = self.household
        if self.child_id is None or not self.editable or household is None:
            return
        child_id = self.child_id
        since = next((m.since for m in household.members if m.child_id == child_id), None)
        on, ok = MovedOutDialog.ask(
            self.child_name, household.name, since, self.ws.today(), parent=self
        )
        if not ok or on is None:
            return
        #: {household} is the household the child moved out of ("Ashworth household").
        notice = self.tr("Recorded as moved out of the {household}.").format(
            household=household.name
        )
        self._run(lambda: households.leave_household(self.ws, child_id, on), notice)

    # --- staying current ---

    def _touched(self, changes: Changes) -> bool:
        shown = [self.child_id]
        if self.household is not None:
            shown += [m.child_id for m in self.household.members]
        return any(changes.touches_child(child_id) for child_id in shown)

    def _on_changed(self, changes: Changes) -> None:
        self.reload_if(self.child_id is not None and self._touched(changes))
