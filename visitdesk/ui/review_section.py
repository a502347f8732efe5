"""The last section of the visit form, "Review and complete": whether the record can be
completed and why not, its addenda, and the buttons that complete, correct or discard it."""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from visitdesk.standards import Finding


class ReviewSection(QGroupBox):
    """Completion, addenda and discarding, for one record."""

    def __init__(self, number: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = self.tr("4. Review and complete")
        # With the case system's number for the section, where it numbers them.
        self.setTitle(f"{title} ({number})" if number else title)
        review = QVBoxLayout(self)
        self.complete_reason = QLabel()
        self.complete_reason.setWordWrap(True)
        self.complete_reason.setAccessibleName(self.tr("What stops completion"))
        self.complete_button = QPushButton(self.tr("&Complete record…"))
        self.addenda_list = QLabel()
        self.addenda_list.setWordWrap(True)
        self.addendum_button = QPushButton(self.tr("Add a&ddendum…"))
        self.discard_button = QPushButton(self.tr("Discard dra&ft…"))
        self.discard_button.setAccessibleDescription(
            self.tr("Throw this draft away; you are asked first")
        )
        review.addWidget(self.complete_reason)
        row = QHBoxLayout()
        row.addWidget(self.discard_button)
        row.addStretch(1)
        row.addWidget(self.addendum_button)
        row.addWidget(self.complete_button)
        review.addWidget(self.addenda_list)
        review.addLayout(row)

    def show_addenda(
        self,
        addenda: Sequence[tuple[datetime, str, str]],
        *,
        can_add: bool,
        can_discard: bool,
    ) -> None:
        """List the addenda (when, who, what) and offer what can be done to the record now."""
        if addenda:
            #: {when} is when it was added, for example 4 Mar 2016 10:30; {author} who added it.
            heading = self.tr("Addendum {when}, {author}:")
            lines = [
                "<b>{heading}</b> {text}".format(
                    heading=html.escape(
                        heading.format(when=f"{at:%-d %b %Y %H:%M}", author=author)
                    ),
                    text=html.escape(text).replace("\n", "<br>"),
                )
                for at, author, text in addenda
            ]
            self.addenda_list.setText("<br>".join(lines))
            self.addenda_list.show()
        else:
            self.addenda_list.hide()
        self.addendum_button.setVisible(can_add)
        self.discard_button.setVisible(can_discard)

    def show_readiness(self, findings: Sequence[Finding], *, read_only: bool) -> None:
        """Offer completion only when nothing the standard needs is missing; say why not."""
        errors = [f for f in findings if f.severity == "error"]
        if read_only:
            self.complete_button.setEnabled(False)
            self.complete_reason.setText("")
        elif errors:
            self.complete_button.setEnabled(False)
            self.complete_reason.setText(self._not_ready(errors[0].message, len(errors) - 1))
            self.complete_button.setToolTip(self.complete_reason.text())
        else:
            self.complete_button.setEnabled(True)
            self.complete_reason.setText(
                self.tr(
                    "Ready to complete. Completing sends the record to "
                    "your manager and makes it read-only."
                )
            )
            self.complete_button.setToolTip("")

    def _not_ready(self, message: str, more: int) -> str:
        """Why the record cannot be completed: the first thing needed, and how many more."""
        if not more:
            #: {message} is the first thing the standard needs before completing.
            return self.tr("Not ready to complete: {message}").format(message=message)
        if more == 1:
            others = self.tr("1 more in the list")
        else:
            others = self.tr("%n more in the list", "", more)
        #: {message} is the first thing the standard needs; {more} says how many more there are.
        return self.tr("Not ready to complete: {message} ({more})").format(
            message=message, more=others
        )

    def close_record(self) -> None:
        """The record is read-only: nothing is left to complete or discard."""
        self.complete_button.setEnabled(False)
        self.complete_button.hide()
        self.discard_button.hide()
        self.complete_reason.hide()


def confirm_complete(parent: QWidget) -> bool:
    """Ask before completing: it cannot be undone."""
    answer = QMessageBox.question(
        parent,
        QCoreApplication.translate("ReviewSection", "Complete this record?"),
        QCoreApplication.translate(
            "ReviewSection",
            "Completing the record stamps today's date and time, sends it to your manager for "
            "authorisation and makes it read-only. Later corrections are added as addenda.\n\n"
            "Complete it now?",
        ),
    )
    return answer == QMessageBox.StandardButton.Yes


def completion_note(*, is_manager: bool, manager: str | None) -> str:
    """What completing did, truthfully: nothing is sent until a bundle is. ``manager`` is the
    name of the worker's manager, once they have joined a team."""
    if is_manager:
        return QCoreApplication.translate(
            "ReviewSection",
            "Completed. It is waiting for authorisation under Authorisations. This "
            "record is now read-only.",
        )
    if manager is None:
        return QCoreApplication.translate(
            "ReviewSection",
            "Completed and read-only. It has not been sent: join your manager's team "
            "(Sync > Join a team) and it will go with your first bundle.",
        )
    #: {manager} is the name of the worker's manager.
    sent = QCoreApplication.translate(
        "ReviewSection",
        "Completed and read-only. It will go to {manager} for authorisation "
        "with your next bundle (Sync > Export a bundle).",
    )
    return sent.format(manager=manager)


def confirm_discard(parent: QWidget, child_name: str, when: datetime) -> bool:
    """Ask before a draft is thrown away, naming the child and the visit."""
    #: {child} is the child's name; the rest say when the visit was, for example
    #: "Thursday 4 March 2016 at 10:30".
    question = QCoreApplication.translate(
        "ReviewSection",
        "Discard the draft record of the visit to {child} on {weekday} {day} {month} {year} "
        "at {time}?\n\nWhat it says will be lost. This cannot be undone.",
    )
    answer = QMessageBox.question(
        parent,
        QCoreApplication.translate("ReviewSection", "Discard this draft?"),
        question.format(
            child=child_name,
            weekday=f"{when:%A}",
            day=when.day,
            month=f"{when:%B}",
            year=f"{when:%Y}",
            time=f"{when:%H:%M}",
        ),
        QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Discard
