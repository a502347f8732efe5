"""The visit form's inputs, generated from the field catalogue: one input for each stored
field, by its kind, in catalogue order and section, and the one mapping between the inputs
and the stored values.

A field added to the catalogue appears in the form, is read, written and saved with no code
here; only a new kind of field needs a new entry in ``_KINDS``.

The catalogue's labels, questions, help and choices are data, so lupdate cannot see them here:
``packaging/update_translations.py`` collects them into the "fields" context, and
:func:`catalogue_text` translates them as the form shows them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDateTime
from PySide6.QtWidgets import QDateTimeEdit, QFormLayout, QLineEdit, QPlainTextEdit, QWidget

from visitdesk.standards import Finding
from visitdesk.standards import fields as catalogue
from visitdesk.ui.widgets import ChoiceBox, Field

if TYPE_CHECKING:
    from visitdesk.ui.spelling import SpellingAid

# Shown by the visit form, which translates them as its own text.
SECTION_TITLES = {
    "visit": QT_TRANSLATE_NOOP("VisitForm", "1. The visit"),
    "child": QT_TRANSLATE_NOOP("VisitForm", "2. The child"),
    "record": QT_TRANSLATE_NOOP("VisitForm", "3. The record"),
}
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

# Answers of a completed record cannot be changed, but they are the record: shown in the
# page's own text colour, not the pale grey Qt gives a control that is switched off.
READ_ONLY_STYLE = (
    "QComboBox:disabled, QAbstractSpinBox:disabled { color: palette(window-text); "
    "background: palette(base); }"
)


def catalogue_text(text: str) -> str:
    """A label, question, help text or choice of the field catalogue, in the window's
    language."""
    return QCoreApplication.translate("fields", text) if text else text


def shown_label(name: str, numbers: Mapping[str, str], *, question: bool = False) -> str:
    """The field's label (or its full question) in the window's language, with its
    case-system number where the authority's system gives one, as ``catalogue.label`` has it."""
    item = catalogue.field(name)
    text = catalogue_text(item.question if question else item.label)
    number = numbers.get(name)
    return f"{text} ({number})" if number else text


def _mnemonic(text: str, letter: str | None) -> str:
    if not letter:
        return text
    at = text.lower().find(letter)
    return text if at < 0 else f"{text[:at]}&{text[at:]}"


_YES_NO = ((True, "Yes"), (False, "No"))


def offered_choices(item: catalogue.VisitField, *, unborn: bool) -> list[tuple[object, str]]:
    """The choices the form offers for ``item``, as the catalogue says (before birth a baby
    is "unborn" or not seen; after, seen or not)."""
    return list(item.offered(unborn=unborn)) or (list(_YES_NO) if item.kind == "flag" else [])


# --- one entry for each kind of input ---------------------------------------------------------


def _choice_box(item: catalogue.VisitField, unborn: bool) -> QWidget:
    choices = offered_choices(item, unborn=unborn)
    return ChoiceBox(
        [(catalogue_text(text), value) for value, text in choices], catalogue_text(item.question)
    )


def _date_time(_item: catalogue.VisitField, _unborn: bool) -> QWidget:
    editor = QDateTimeEdit()
    # Numbers only, so the date and time can be typed digit by digit.
    editor.setDisplayFormat("dd/MM/yyyy HH:mm")
    editor.setCalendarPopup(True)
    return editor


def _text_box(item: catalogue.VisitField, _unborn: bool) -> QWidget:
    editor = QPlainTextEdit()
    editor.setTabChangesFocus(True)
    if item.section == "record":
        editor.setMinimumHeight(90)
    else:
        editor.setFixedHeight(20 + 14 * item.lines)
    return editor


def _text_line(_item: catalogue.VisitField, _unborn: bool) -> QWidget:
    return QLineEdit()


def _switch_off(editor: QWidget, field: Field) -> None:
    editor.setEnabled(False)
    # A recorded answer is read, not greyed out: full-contrast text.
    field.base_style = READ_ONLY_STYLE
    editor.setStyleSheet(READ_ONLY_STYLE)


def _read_only_text(editor: QWidget, _field: Field) -> None:
    editor.setReadOnly(True)  # still selectable and copyable


@dataclass(frozen=True, slots=True)
class _Kind:
    """How one kind of input is made, read, written, watched and made read-only."""

    build: Callable[[catalogue.VisitField, bool], QWidget]
    read: Callable[[QWidget], object]
    write: Callable[[QWidget, object], None]
    changed: Callable[[QWidget], object]  # the editor's signal for a change the worker made
    freeze: Callable[[QWidget, Field], None]


_CHOICE = _Kind(
    _choice_box,
    lambda e: e.value(),
    lambda e, v: e.set_value(v),
    lambda e: e.valueChanged,
    _switch_off,
)
_KINDS: Mapping[str, _Kind] = {
    "choice": _CHOICE,
    "flag": _CHOICE,  # a flag's choices are the catalogue's Yes and No
    "datetime": _Kind(
        _date_time,
        lambda e: e.dateTime().toPython().replace(second=0, microsecond=0),
        lambda e, v: e.setDateTime(QDateTime(v)),
        lambda e: e.dateTimeChanged,
        _switch_off,
    ),
    "line": _Kind(
        _text_line,
        lambda e: e.text(),
        lambda e, v: e.setText(v or ""),
        lambda e: e.textEdited,
        _read_only_text,
    ),
    "box": _Kind(
        _text_box,
        lambda e: e.toPlainText(),
        lambda e, v: e.setPlainText(v or ""),
        lambda e: e.textChanged,
        _read_only_text,
    ),
}


def _kind(name: str) -> _Kind:
    item = catalogue.field(name)
    if item.kind == "text":
        return _KINDS["box" if item.lines > 1 else "line"]
    return _KINDS[item.kind]


# --- the form's fields ------------------------------------------------------------------------


def form_items() -> tuple[catalogue.VisitField, ...]:
    """The catalogue fields the form asks, in order: every stored one."""
    return tuple(item for item in catalogue.FIELDS if item.stored)


def as_in_household(item: catalogue.VisitField) -> catalogue.VisitField:
    """``item`` as a household visit's form offers it: its choices worded as the catalogue
    words them for a visit to several children."""
    if not item.household_choices:
        return item
    worded = dict(item.household_choices)
    return replace(
        item, choices=tuple((value, worded.get(value, text)) for value, text in item.choices)
    )


def guidance(item: catalogue.VisitField, *, household: bool = False) -> str:
    """What is written under the field, in the window's language: a household visit's line
    first, where the catalogue has one, then the field's own help."""
    lines = (item.household_help if household else "", item.help)
    return "\n".join(catalogue_text(line) for line in lines if line)


def build_fields(
    forms: Mapping[str, QFormLayout],
    numbers: Mapping[str, str],
    *,
    unborn: bool,
    only: Iterable[str] | None = None,
    household: bool = False,
    spelling: SpellingAid | None = None,
) -> dict[str, Field]:
    """An input with its label and guidance for every stored field (or only those named in
    ``only``: a household visit's shared or own part), added to its section's form in
    catalogue order; by field name, in that order. A ``household`` visit's form words a
    field as the catalogue says a household visit asks it. With ``spelling``, every text box
    is spell-checked."""
    wanted = None if only is None else set(only)
    widgets: dict[str, Field] = {}
    for item in form_items():
        if wanted is not None and item.name not in wanted:
            continue
        if household:
            item = as_in_household(item)
        editor = _kind(item.name).build(item, unborn)
        if spelling is not None and isinstance(editor, QPlainTextEdit):
            spelling.attach(editor)
        text = shown_label(item.name, numbers)
        if item.section != "record":  # the record's boxes are headed, not labelled beside
            # A translated label without the letter simply has no shortcut.
            text = _mnemonic(text, MNEMONICS.get(item.name)) + ":"
        # What a screen reader says is the full question, as the printed record asks it.
        editor.setAccessibleName(shown_label(item.name, numbers, question=True))
        field = Field(editor, guidance(item, household=household))
        forms[item.section].addRow(text, field)
        widgets[item.name] = field
    return widgets


def values_of(widgets: Mapping[str, Field]) -> dict[str, object]:
    """The answers as typed, by stored field name."""
    return {name: _kind(name).read(field.editor) for name, field in widgets.items()}


def set_values(widgets: Mapping[str, Field], values: Mapping[str, object]) -> None:
    """Show ``values`` (by stored field name; a missing one is not recorded)."""
    for name, field in widgets.items():
        _kind(name).write(field.editor, values.get(name))


def on_change(widgets: Mapping[str, Field], slot: Callable[[str], None]) -> None:
    """Call ``slot(name)`` whenever the answer in field ``name`` changes."""
    for name, field in widgets.items():
        _kind(name).changed(field.editor).connect(lambda *_args, n=name: slot(n))


def make_read_only(widgets: Mapping[str, Field]) -> None:
    """Nothing can be changed; every answer stays readable."""
    for name, field in widgets.items():
        _kind(name).freeze(field.editor, field)


def show_rows(widgets: Mapping[str, Field], shown: Iterable[str]) -> None:
    """Show the rows of the fields named in ``shown`` and hide the rest (never greyed out)."""
    shown = set(shown)
    for name, field in widgets.items():
        form = field.parentWidget().layout()
        if isinstance(form, QFormLayout):
            form.setRowVisible(field, name in shown)
        else:
            field.setVisible(name in shown)


_RANK = {"error": 0, "warning": 1, "info": 2}


def show_messages(
    widgets: Mapping[str, Field],
    findings: Iterable[Finding],
    severity: Callable[[Finding], str],
) -> None:
    """Under each field, the most serious thing the standard says about it, if anything;
    ``severity`` says how a finding is shown (a calm "to do" on a field nobody has touched)."""
    by_field: dict[str, Finding] = {}
    for f in findings:
        if f.field and (
            f.field not in by_field or _RANK[f.severity] < _RANK[by_field[f.field].severity]
        ):
            by_field[f.field] = f
    for name, field in widgets.items():
        f = by_field.get(name)
        if f is None:
            field.show_message(None)
        else:
            field.show_message(severity(f), f"{f.message} ({f.source})")
