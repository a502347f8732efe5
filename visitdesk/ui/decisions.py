"""The manager's decisions and a worker's addendum, asked with care.

Each dialog names the child and the visit it is about (or, deciding on all the records of a
household visit at once, each child), wraps its text, and keeps itself open with a message in
place when something it needs is missing, so nothing typed is lost to an empty OK. ``ask``
returns ``(text, accepted)`` as the house's dialogs do. The wordings are marked for
translation where they are written and translated as the dialog shows them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from visitdesk.ui.spelling import SpellingAid


@dataclass(frozen=True)
class AboutRecord:
    """Which record a decision is about, in the words the dialog shows."""

    child_name: str
    visited_at: datetime
    worker: str = ""

    @property
    def when(self) -> str:
        at = self.visited_at
        #: For example "Thursday 4 March 2016 at 10:30".
        when = QCoreApplication.translate("AboutRecord", "{weekday} {day} {month} {year} at {time}")
        return when.format(
            weekday=f"{at:%A}", day=at.day, month=f"{at:%B}", year=f"{at:%Y}", time=f"{at:%H:%M}"
        )

    @property
    def words(self) -> str:
        when = self.when
        if self.worker:  # the worker's name is read before a comma
            #: Goes into a sentence: "You are authorising the visit to ... ".
            words = QCoreApplication.translate(
                "AboutRecord", "the visit to {child} on {when}, written by {worker}"
            )
        else:
            #: Goes into a sentence: "You are authorising the visit to ... ".
            words = QCoreApplication.translate("AboutRecord", "the visit to {child} on {when}")
        return words.format(child=self.child_name, when=when, worker=self.worker)


def names_in_words(names: list[str]) -> str:
    """Names as a sentence lists them: "Lily", "Lily and Sam", "Jack, Lily and Sam"."""
    if len(names) <= 1:
        return "".join(names)
    #: Joins the last two of a list of names: "{first} and {last}".
    last = QCoreApplication.translate("AboutRecord", "{first} and {last}")
    return last.format(first=", ".join(names[:-1]), last=names[-1])


# Up to this many children are named one a line; more as a sentence, so the dialog fits.
LISTED_ONE_A_LINE = 6


@dataclass(frozen=True)
class AboutHousehold:
    """The records of one household visit a decision is about, one for each child named (the
    eldest first), in the words the dialog shows."""

    child_names: tuple[str, ...]
    visited_at: datetime
    worker: str = ""

    @property
    def words(self) -> str:
        when = AboutRecord("", self.visited_at).when
        if self.worker:
            #: Goes into a sentence: "You are authorising all 3 records of ...".
            words = QCoreApplication.translate(
                "AboutRecord", "the household visit on {when}, written by {worker}"
            )
        else:
            #: Goes into a sentence: "You are authorising all 3 records of ...".
            words = QCoreApplication.translate("AboutRecord", "the household visit on {when}")
        return words.format(when=when, worker=self.worker)


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
# {count} is how many records (2 or more): one for each child the dialog names.
AUTHORISE_ALL = _Wording(
    title=QT_TRANSLATE_NOOP("CommentDialog", "Authorise all {count} records?"),
    intro=QT_TRANSLATE_NOOP(
        "CommentDialog",
        "You are authorising all {count} records of {record}, one for each of these "
        "children. Once authorised, each record is final; later corrections are added as "
        "addenda.",
    ),
    # One comment, copied into every child's record: nothing in it may be about one child.
    prompt=QT_TRANSLATE_NOOP(
        "CommentDialog",
        "Oversight comment (optional; the worker will see it). It is added to each child's "
        "record, so keep it to what is true for all of them:",
    ),
    ok=QT_TRANSLATE_NOOP("CommentDialog", "&Authorise all {count}"),
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
    """A decision or an addendum about one record, with the text it needs; its text box is
    spell-checked when a ``spelling`` aid is given (the dialog keeps it while it is open)."""

    def __init__(
        self,
        wording: _Wording,
        about: AboutRecord | AboutHousehold,
        parent: QWidget | None = None,
        *,
        spelling: SpellingAid | None = None,
    ) -> None:
        super().__init__(parent)
        self.wording = wording
        self.spelling = spelling
        # A household visit's records: the dialog names each child it decides for.
        names = about.child_names if isinstance(about, AboutHousehold) else ()
        count = len(names)
        self.setWindowTitle(self.tr(wording.title).format(count=count))
        self.setMinimumWidth(520)
        intro = QLabel(self.tr(wording.intro).format(record=about.words, count=count))
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        # One line each, as a list to check against; a large household as one sentence.
        if len(names) <= LISTED_ONE_A_LINE:
            listed = "\n".join(f"\u2022 {name}" for name in names)
        else:
            listed = names_in_words(list(names))
        self.children_list = QLabel(listed)
        self.children_list.setTextFormat(Qt.TextFormat.PlainText)
        self.children_list.setWordWrap(True)
        self.children_list.setContentsMargins(12, 0, 0, 0)
        self.children_list.setAccessibleName(self.tr("Children whose records these are"))
        self.children_list.setVisible(bool(names))
        prompt = QLabel(self.tr(wording.prompt))
        prompt.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.text.setAccessibleName(self.tr(wording.prompt).rstrip(":"))
        self.text.setMinimumHeight(120)
        prompt.setBuddy(self.text)
        if spelling is not None:
            if spelling.parent() is None:
                spelling.setParent(self)
            spelling.attach(self.text)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #a4000f; font-weight: bold;")
        self.problem.setAccessibleName(self.tr("Problem"))
        self.problem.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr(wording.ok).format(count=count))
        self.buttons.accepted.connect(self._on_ok)
        self.buttons.rejected.connect(self.reject)
        self.text.textChanged.connect(self._on_text_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.children_list)
        layout.addWidget(prompt)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.text.setFocus()
        # A window is first shown at most two thirds of the screen tall: at a large scale
        # that is less than the wrapped words need, and the buttons would cover the comment.
        width = self.minimumWidth()
        needed = layout.heightForWidth(width)
        screen = self.screen()
        if screen is not None:
            needed = min(needed, screen.availableGeometry().height())
        if needed > 0:
            self.resize(width, needed)

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
        cls,
        wording: _Wording,
        about: AboutRecord | AboutHousehold,
        parent: QWidget | None = None,
        *,
        spelling: SpellingAid | None = None,
    ) -> tuple[str, bool]:
        dialog = cls(wording, about, parent, spelling=spelling)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        comment = dialog.comment()
        # Done with: not kept as a hidden child of the window until it closes.
        dialog.deleteLater()
        return comment, accepted
