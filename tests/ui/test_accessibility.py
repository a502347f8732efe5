"""What a screen reader is told: every control named and described, new errors announced."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit, QPlainTextEdit

from visitdesk.services import records
from visitdesk.services.records import PlanInput
from visitdesk.ui import widgets
from visitdesk.ui.hub import Hub
from visitdesk.ui.visit_form import VisitForm


@pytest.fixture
def form(workspace, qtbot):
    today = workspace.today()
    child = records.add_child(
        workspace,
        given_name="Ada",
        family_name="Brook",
        date_of_birth=date(2016, 3, 4),
        plan=PlanInput("CIN", today - timedelta(days=30), allocated_on=today - timedelta(days=30)),
    )
    vid = records.start_visit(
        workspace,
        child,
        workspace.now().replace(second=0, microsecond=0) - timedelta(hours=2),
        location="home",
    )
    view = VisitForm(workspace, Hub(), vid)
    qtbot.addWidget(view)
    view.show()
    return view


def _name(widget) -> str:
    face = QAccessible.queryAccessibleInterface(widget)
    return face.text(QAccessible.Text.Name) if face is not None else ""


def test_every_control_on_the_form_has_an_accessible_name(form):
    controls = [
        w
        for kind in (QLineEdit, QPlainTextEdit, QComboBox, QAbstractButton)
        for w in form.findChildren(kind)
        if w.isVisibleTo(form) and not w.objectName().startswith("qt_")
    ]  # Qt's own parts of a control
    assert controls
    unnamed = [w for w in controls if not _name(w).strip()]
    assert unnamed == [], [type(w).__name__ for w in unnamed]
    # A field with guidance under it has that guidance as its description.
    for field in form.fields.values():
        if field.guidance.text() and field.isVisibleTo(form):
            face = QAccessible.queryAccessibleInterface(field.editor)
            assert face.text(QAccessible.Text.Description).strip()


def test_a_new_error_on_a_field_is_announced_without_moving_the_focus(form, qtbot, monkeypatch):
    said = []
    monkeypatch.setattr(widgets, "announce", lambda widget, text: said.append(text))
    form.fields["purpose"].editor.setFocus()
    qtbot.waitUntil(form.fields["purpose"].editor.hasFocus)
    form.seen.set_value("yes")
    form.seen_alone.set_value("no")
    form._revalidate()
    assert any("Needed" in text for text in said), said
    assert form.fields["purpose"].editor.hasFocus()
    count = len(said)
    form._revalidate()  # the same error again is not said twice
    assert len(said) == count


def _contrast(a, b) -> float:
    def lum(c):
        def ch(v):
            v /= 255
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return 0.2126 * ch(c.red()) + 0.7152 * ch(c.green()) + 0.0722 * ch(c.blue())

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _darkest_against_background(widget):
    """The strongest contrast between any drawn pixel and the widget's background."""
    image = widget.grab().toImage()
    background = image.pixelColor(1, 1)
    best = 1.0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            best = max(best, _contrast(image.pixelColor(x, y), background))
    return best


def test_read_only_answers_and_guidance_are_readable(form, workspace, qtbot, monkeypatch):
    guidance = next(f.guidance for f in form.fields.values() if f.guidance.text())
    assert _darkest_against_background(guidance) >= 4.5
    monkeypatch.setattr(form, "confirm_complete", lambda: True)
    form.seen.set_value("yes")
    form.seen_alone.set_value("yes")
    form.bedroom.set_value(True)
    for edit in form.narrative.values():
        edit.setFocus()
        qtbot.keyClicks(edit, "Written.")
    form._on_complete()
    assert form.read_only
    assert not form.seen.isEnabled()
    assert _darkest_against_background(form.seen) >= 4.5
