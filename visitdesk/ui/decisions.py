"""The manager's decisions and a worker's addendum, asked with care.

Each dialog names the child and the visit it is about, wraps its text, and keeps itself open
with a message in place when something it needs is missing, so nothing typed is lost to an
empty OK. ``ask`` returns ``(text, accepted)`` as the house's dialogs do. The wordings are
marked for translation where they are written and translated as the dialog shows them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)


@dataclass(frozen=True)
class AboutRecord:
    """Which record a decision is about, in the words the dialog shows."""

    child_name: str
    visited_at: datetime
    worker: str = ""

    @property
    def words(self) -> str:
        at = self.visited_at
        #: For example "Thursday 4 March 2016 at 10:30".
        when = QCoreApplication.translate("AboutRecord", "{weekday} {day} {month} {year} at {time}")
        when = when.format(
            weekday=f"{at:%A}", day=at.day, month=f"{at:%B}", year=f"{at:%Y}", time=f"{at:%H:%M}"
        )
        if self.worker:  # the worker's name is read before a comma
            #: Goes into a sentence: "You are authorising the visit to ... ".
            words = QCoreApplication.translate(
                "AboutRecord", "the visit to {child} on {when}, written by {worker}"
            )
        else:
            #: Goes into a sentence: "You are authorising the visit to ... ".
            words = QCoreApplication.translate("AboutRecord", "the visit to {child} on {when}")
        return words.format(child=self.child_name, when=when, worker=self.worker)


@dataclass(frozen=True)
class _Wording:
    title: str
    intro: str  # "{record}" is replaced by the record's words
    prompt: str
    ok: str
    required: str = ""  # the message shown when the text is empty; "" when it may be


AUTHORISE = _Wording(
    title=QT_TRANSLATE_NOOP("CommentDialog", "Authorise this record?"),
    intro=QT_TRANSLATE_NOOP(
        "CommentDialog",
        "You are authorising {record}. Once authorised, the record is final; later "
        "corrections are added as addenda.",
    ),
    prompt=QT_TRANSLATE_NOOP(
        "CommentDialog", "Oversight comment (optional; the worker will see it):"
    ),
    ok=QT_TRANSLATE_NOOP("CommentDialog", "&Authorise"),
)
RETURN = _Wording(
    title=QT_TRANSLATE_NOOP("CommentDialog", "Return for correction"),
    intro=QT_TRANSLATE_NOOP("CommentDialog", "You are returning {record}, for correction."),
    prompt=QT_TRANSLATE_NOOP("CommentDialog", "What needs correcting? The worker will see this:"),
    ok=QT_TRANSLATE_NOOP("CommentDialog", "&Return to worker"),
    required=QT_TRANSLATE_NOOP(
        "CommentDialog", "Please say what needs correcting before returning the record."
    ),
)
ADDENDUM = _Wording(
    title=QT_TRANSLATE_NOOP("CommentDialog", "Add an addendum"),
    intro=QT_TRANSLATE_NOOP(
        "CommentDialog",
        "An addendum to {record}. The record itself stays as it was completed; the "
        "addendum is added below it with today's date and your name.",
    ),
    prompt=QT_TRANSLATE_NOOP("CommentDialog", "Addendum:"),
    ok=QT_TRANSLATE_NOOP("CommentDialog", "&Add addendum"),
    required=QT_TRANSLATE_NOOP("CommentDialog", "Please write the addendum before adding it."),
)


class CommentDialog(QDialog):
    """A decision or an addendum about one record, with the text it needs."""

    def __init__(
        self, wording: _Wording, about: AboutRecord, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.wording = wording
        self.setWindowTitle(self.tr(wording.title))
        self.setMinimumWidth(520)
        intro = QLabel(self.tr(wording.intro).format(record=about.words))
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        prompt = QLabel(self.tr(wording.prompt))
        prompt.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.text.setAccessibleName(self.tr(wording.prompt).rstrip(":"))
        self.text.setMinimumHeight(120)
        prompt.setBuddy(self.text)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #a4000f; font-weight: bold;")
        self.problem.setAccessibleName(self.tr("Problem"))
        self.problem.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr(wording.ok))
        self.buttons.accepted.connect(self._on_ok)
        self.buttons.rejected.connect(self.reject)
        self.text.textChanged.connect(self._on_text_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(prompt)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.text.setFocus()

    def comment(self) -> str:
        return self.text.toPlainText().strip()

    def _on_text_changed(self) -> None:
        if self.problem.isVisible() and self.comment():
            self.problem.hide()

    def _on_ok(self) -> None:
        if self.wording.required and not self.comment():
            self.problem.setText(self.tr(self.wording.required))
            self.problem.show()
            self.text.setFocus()
            return
        self.accept()

    @classmethod
    def ask(
        cls, wording: _Wording, about: AboutRecord, parent: QWidget | None = None
    ) -> tuple[str, bool]:
        dialog = cls(wording, about, parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.comment(), accepted
