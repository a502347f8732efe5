"""The bars across the top of a visit record: a banner saying what state it is in, a note
naming the other children of a household visit, the manager's decision (authorise or return
it, or authorise all the records of its household visit) and the choice between two versions
of a record changed on two devices.

Each bar only asks; the form that shows it runs what was asked for.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

from visitdesk.ui.decisions import names_in_words

WARNING = "#8a5300"
NOTICE = "#30577a"


class Banner(QLabel):
    """One line about the record as a whole (returned, read-only, another device's version),
    hidden until there is something to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setObjectName("banner")
        self.hide()

    def say(self, text: str, colour: str) -> None:
        self.setText(text)
        self.setStyleSheet(
            f"border: 1px solid {colour}; padding: 6px; color: {colour}; font-weight: bold;"
        )
        self.show()

    def say_what_it_is(
        self, *, another_version: bool, return_comment: str, read_only: bool, state: str
    ) -> None:
        """What the record is, as it opens: another device's version, returned by the
        manager, or read-only; nothing for a draft."""
        if another_version:
            self.say(
                self.tr(
                    "This is another device's version of a record that was changed in "
                    "two places. It is read-only; open the record itself to choose "
                    "which version to keep."
                ),
                WARNING,
            )
        elif return_comment:
            #: {comment} is the manager's comment on what needs correcting.
            returned = self.tr("Returned by your manager: {comment}")
            self.say(returned.format(comment=return_comment), WARNING)
        elif read_only:
            self.say(self._read_only_words(state), NOTICE)

    def _read_only_words(self, state: str) -> str:
        # A sentence for each state, so a translation need not fit a state's word into one.
        words = {
            "draft": self.tr(
                "This record is draft and read-only. Corrections are added as dated addenda."
            ),
            "completed": self.tr(
                "This record is completed and read-only. Corrections are added as dated addenda."
            ),
            "authorised": self.tr(
                "This record is authorised and read-only. Corrections are added as dated addenda."
            ),
            "returned": self.tr(
                "This record is returned and read-only. Corrections are added as dated addenda."
            ),
        }.get(state)
        if words is None:
            #: {state} is the record's state as it is stored.
            words = self.tr(
                "This record is {state} and read-only. Corrections are added as dated addenda."
            ).format(state=state)
        return words


class HouseholdNote(QLabel):
    """Says that a record is one child's record of a household visit and names the other
    children visited (never what their records say); hidden for a visit to one child."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setObjectName("householdNote")
        # In line with the banner's words above it (its border and padding are 7 pixels).
        self.setStyleSheet(f"padding: 0px 7px; color: {NOTICE};")
        self.hide()

    def name_others(self, child: str, others: list[str]) -> None:
        if not others:
            self.hide()
            return
        if len(others) == 1:
            #: {child} is this record's child; {other} the other child visited.
            words = self.tr(
                "Part of a household visit: {other} was visited too. This is {child}'s own "
                "record; {other} has their own."
            )
        else:
            #: {child} is this record's child; {others} the other children visited, for
            #: example "Lily Ashworth and Sam Ashworth".
            words = self.tr(
                "Part of a household visit: {others} were visited too. This is {child}'s own "
                "record; each of the other children has their own."
            )
        self.setText(words.format(child=child, other=others[0], others=names_in_words(others)))
        self.show()


class DecisionBar(QWidget):
    """For a manager reading a completed record: authorise it, or return it with a comment;
    for one of several records of a household visit, authorise all of them at once too."""

    authoriseRequested = Signal()
    authoriseAllRequested = Signal()
    returnRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.note = QLabel(
            "<b>{}</b>".format(self.tr("This record is waiting for your authorisation."))
        )
        self.note.setWordWrap(True)
        self.authorise_button = QPushButton(self.tr("&Authorise"))
        self.authorise_button.setToolTip(self.tr("Authorise this record only"))
        self.authorise_all_button = QPushButton()
        self.authorise_all_button.hide()
        self.return_button = QPushButton(self.tr("&Return with comment…"))
        self.authorise_button.clicked.connect(self.authoriseRequested)
        self.authorise_all_button.clicked.connect(self.authoriseAllRequested)
        self.return_button.clicked.connect(self.returnRequested)
        row.addWidget(self.note, 1)
        row.addWidget(self.return_button)
        row.addWidget(self.authorise_button)
        row.addWidget(self.authorise_all_button)

    def offer_all(self, count: int) -> None:
        """Offer to authorise all ``count`` waiting records of the record's household visit
        (none offered below two)."""
        self.authorise_all_button.setVisible(count > 1)
        if count < 2:
            return
        self.authorise_all_button.setText(self.tr("Authorise a&ll {count}…").format(count=count))
        self.authorise_all_button.setToolTip(
            self.tr("Authorise the {count} records of this household visit together").format(
                count=count
            )
        )


class ConflictBar(QWidget):
    """For a record changed on two devices: look at the other version, or keep one of them."""

    showOtherRequested = Signal()
    keepRequested = Signal(bool)  # True: keep the other version; False: keep this one

    def __init__(self, other_by: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflictBar")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        if other_by:
            #: {worker} is the name of the worker who changed the other version.
            changed = self.tr("This record was also changed on another device by {worker}.")
            changed = changed.format(worker=html.escape(other_by))
        else:
            changed = self.tr("This record was also changed on another device.")
        kept = self.tr("Both versions are kept until you choose one.")
        label = QLabel(f"<b>{changed}</b> {kept}")
        label.setWordWrap(True)
        self.show_other_button = QPushButton(self.tr("Show the &other version"))
        self.keep_mine_button = QPushButton(self.tr("&Keep this version"))
        self.keep_other_button = QPushButton(self.tr("&Use the other version"))
        self.show_other_button.clicked.connect(self.showOtherRequested)
        self.keep_mine_button.clicked.connect(lambda: self.keepRequested.emit(False))
        self.keep_other_button.clicked.connect(lambda: self.keepRequested.emit(True))
        row.addWidget(label, 1)
        for button in (self.show_other_button, self.keep_mine_button, self.keep_other_button):
            row.addWidget(button)


def confirm_resolve(parent: QWidget, keep_other: bool) -> bool:
    """Ask before one version of a record changed on two devices is removed."""
    if keep_other:
        question = QCoreApplication.translate(
            "ConflictBar", "Keep the other version and remove the other? This cannot be undone."
        )
    else:
        question = QCoreApplication.translate(
            "ConflictBar", "Keep this version and remove the other? This cannot be undone."
        )
    title = QCoreApplication.translate("ConflictBar", "Choose a version")
    answer = QMessageBox.question(parent, title, question)
    return answer == QMessageBox.StandardButton.Yes
