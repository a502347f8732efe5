"""The panel beside the visit form: what the standards say about the record, most pressing
first, each finding a link to its field."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import QLabel, QListView, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from visitdesk.services.checks import CompletionCheck
from visitdesk.standards import Finding

# How each finding is headed, by how it is shown; translated as the panel shows it.
WORDS = {
    "error": QT_TRANSLATE_NOOP("FindingsPanel", "Needed"),
    "todo": QT_TRANSLATE_NOOP("FindingsPanel", "To do"),
    "warning": QT_TRANSLATE_NOOP("FindingsPanel", "Check"),
    "info": QT_TRANSLATE_NOOP("FindingsPanel", "Note"),
}
_RANK = {"error": 0, "warning": 1, "info": 2}


class FindingsPanel(QWidget):
    """The findings of one record: today's, or those kept when it was completed."""

    fieldActivated = Signal(str)  # field name: the worker chose a finding about this field

    def __init__(self, order: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._order = {name: i for i, name in enumerate(order)}  # the form's field order
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel(_bold(self.tr("What the standard says")))
        self.heading.setWordWrap(True)
        self.findings_list = QListWidget()
        self.findings_list.setAccessibleName(self.tr("Findings from the practice standard"))
        self.findings_list.setWordWrap(True)
        # Wrapped findings, laid out again at the width they are shown at with room kept for
        # the scroll bar, and set apart by padding rather than the list's spacing: Qt measures
        # a wrapped item without its spacing, so a finding's last line was cut short.
        self.findings_list.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.findings_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.findings_list.setResizeMode(QListView.ResizeMode.Adjust)
        self.findings_list.setSpacing(0)
        self.findings_list.setStyleSheet("QListView::item { padding: 4px 2px; }")
        self.findings_list.itemActivated.connect(self._on_item_activated)
        self.findings_list.itemClicked.connect(self._on_item_activated)
        layout.addWidget(self.heading)
        layout.addWidget(self.findings_list)

    def show_findings(
        self,
        findings: Sequence[Finding],
        *,
        today: date,
        severity: Callable[[Finding], str] | None = None,
        frozen: CompletionCheck | None = None,
        check_today: Sequence[Finding] | None = None,
        completed_unchecked: bool = False,
    ) -> None:
        """List what the standards say now or, for a completed record, what they said when it
        was completed (and, apart, anything they say differently ``today``).

        ``severity`` says how a finding is shown (a calm "to do" for an untouched field);
        ``completed_unchecked`` is a completed record that has no check kept with it.
        """
        self.findings_list.clear()
        if frozen is not None:
            self._show_frozen(findings, frozen, check_today, today)
            return
        if completed_unchecked:
            self.heading.setText(_bold(self.tr("What the standards say today")))
            #: {day} is today's date, for example 4 Mar 2016.
            note = self.tr(
                "Checked today, {day}. This record was completed before VisitDesk kept the "
                "check made at completion."
            )
            self._note(note.format(day=f"{today:%-d %b %Y}"))
        self._add(findings, severity)
        if not findings:
            self.findings_list.addItem(
                self.tr("Nothing outstanding: this record meets the standard.")
            )

    def _show_frozen(
        self,
        findings: Sequence[Finding],
        frozen: CompletionCheck,
        check_today: Sequence[Finding] | None,
        today: date,
    ) -> None:
        from visitdesk.services.export import finding_changes

        self.heading.setText(_bold(self.tr("What the standards said when it was completed")))
        at = frozen.completed_at
        #: {day} is a date, for example 4 Mar 2016; {time} a time, for example 10:30.
        note = self.tr("As checked when completed on {day} at {time}")
        self._note(note.format(day=f"{at:%-d %b %Y}", time=f"{at:%H:%M}"))
        #: A standard's name, then its version.
        versioned = self.tr("{name} (version {version})")
        used = "; ".join(
            versioned.format(name=name, version=version) if version else name
            for _id, name, version in frozen.standards
        )
        if used:
            #: {standards} lists the standards the record was checked against.
            self.findings_list.addItem(
                self.tr("Standards used: {standards}").format(standards=used)
            )
        self._add(findings)
        if not findings:
            self.findings_list.addItem(self.tr("Nothing outstanding: the record met the standard."))
        if check_today is None:
            return
        new, gone = finding_changes(list(findings), list(check_today))
        if not new and not gone:
            return
        #: {day} is today's date, for example 4 Mar 2016.
        note = self.tr("Checked again today, {day}: the standards now say something different")
        self._note(note.format(day=f"{today:%-d %b %Y}"))
        self._add(new)
        #: {message} is what the standard said; {source} where it says it.
        gone_words = self.tr("No longer found: {message}  [{source}]")
        for f in gone:
            self.findings_list.addItem(gone_words.format(message=f.message, source=f.source))

    def _note(self, text: str) -> None:
        item = QListWidgetItem(text)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        font = item.font()
        font.setBold(True)
        item.setFont(font)
        self.findings_list.addItem(item)

    def _add(
        self, found: Sequence[Finding], severity: Callable[[Finding], str] | None = None
    ) -> None:
        #: {severity} is Needed, To do, Check or Note; {message} is what the standard says, and
        #: {source} where it says it.
        words = self.tr("{severity}: {message}  [{source}]")
        for f in sorted(found, key=lambda f: (_RANK[f.severity], self._order.get(f.field, -1))):
            word = WORDS[severity(f) if severity else f.severity]
            shown = words.format(severity=self.tr(word), message=f.message, source=f.source)
            item = QListWidgetItem(shown)
            item.setData(Qt.ItemDataRole.UserRole, f.field or "")
            item.setToolTip(f.source)
            self.findings_list.addItem(item)

    def _on_item_activated(self, item: QListWidgetItem) -> None:
        name = item.data(Qt.ItemDataRole.UserRole)
        if name:
            self.fieldActivated.emit(name)


def _bold(text: str) -> str:
    return f"<b>{text}</b>"
