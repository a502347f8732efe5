"""The visit form is built from the field catalogue and asks the core what to show; every
write it makes goes through the hub's runner, which shows a refusal once and announces what
changed."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLineEdit, QMessageBox, QPlainTextEdit

from visitdesk.services import records
from visitdesk.services.changes import Changes
from visitdesk.services.records import PlanInput
from visitdesk.standards import fields as catalogue
from visitdesk.standards.fields import VisitField
from visitdesk.storage.models import Visit
from visitdesk.ui import form_fields
from visitdesk.ui.hub import Hub
from visitdesk.ui.visit_form import VisitForm

FULL = dict(
    location="home",
    seen="yes",
    seen_alone="yes",
    bedroom_seen=True,
    purpose="To review the plan.",
    findings="All well at home.",
    analysis="The plan is working.",
    conclusion="Safe and well.",
    recommendations="Visit again in four weeks.",
)

INTERPRETER = VisitField(
    "interpreter",
    "text",
    "Interpreter",
    "Who interpreted, and in which language",
    "visit",
    "Name the interpreter and the language.",
)
WEATHER = VisitField(
    "weather", "choice", "Weather", "What was the weather?", "visit", choices=(("dry", "Dry"),)
)
HEALTH = VisitField("health_notes", "text", "Health", "Health notes", "child", lines=3)
PETS = VisitField("pets_seen", "flag", "Pets seen", "Were any pets seen?", "child")


@pytest.fixture
def bigger_catalogue(monkeypatch):
    """The catalogue with four fields it does not have, one of each kind of input."""
    items = list(catalogue.FIELDS)
    at = next(i for i, f in enumerate(items) if f.name == "present")
    items[at:at] = [INTERPRETER, WEATHER]
    at = next(i for i, f in enumerate(items) if f.name == "observations")
    items[at:at] = [HEALTH, PETS]
    monkeypatch.setattr(catalogue, "FIELDS", tuple(items))
    monkeypatch.setattr(catalogue, "BY_NAME", {f.name: f for f in items})
    return items


def _sections():
    boxes = {key: QGroupBox(title) for key, title in form_fields.SECTION_TITLES.items()}
    return boxes, {key: QFormLayout(box) for key, box in boxes.items()}


def _label(field) -> str:
    return field.parentWidget().layout().labelForField(field).text()


def test_a_field_added_to_the_catalogue_appears_in_the_form_with_no_form_code(
    qtbot, bigger_catalogue
):
    boxes, forms = _sections()
    for box in boxes.values():
        qtbot.addWidget(box)
    widgets = form_fields.build_fields(forms, {}, unborn=False)

    assert list(widgets) == [f.name for f in bigger_catalogue if f.stored]
    line = widgets["interpreter"]
    assert line.parentWidget() is boxes["visit"] and isinstance(line.editor, QLineEdit)
    assert _label(line) == "Interpreter:"
    assert line.editor.accessibleName() == "Who interpreted, and in which language"
    assert line.guidance.text() == "Name the interpreter and the language."
    assert line.editor.accessibleDescription() == "Name the interpreter and the language."
    assert [widgets["weather"].editor.itemText(i) for i in range(2)] == ["Not recorded", "Dry"]
    pets = widgets["pets_seen"].editor
    assert [pets.itemText(i) for i in range(pets.count())] == ["Not recorded", "Yes", "No"]
    box = widgets["health_notes"].editor
    assert isinstance(box, QPlainTextEdit) and box.maximumHeight() == 20 + 14 * 3
    assert widgets["health_notes"].parentWidget() is boxes["child"]

    values = form_fields.values_of(widgets)
    assert values["interpreter"] == "" and values["weather"] is None and values["pets_seen"] is None
    changed = []
    form_fields.on_change(widgets, changed.append)
    form_fields.set_values(
        widgets,
        {
            **values,
            "interpreter": "Ana, Portuguese",
            "weather": "dry",
            "pets_seen": False,
            "health_notes": "Asthma.",
        },
    )
    again = form_fields.values_of(widgets)
    assert again["interpreter"] == "Ana, Portuguese"  # set by the app: not the worker's edit
    assert (again["weather"], again["pets_seen"], again["health_notes"]) == (
        "dry",
        False,
        "Asthma.",
    )
    assert {"weather", "pets_seen", "health_notes"} <= set(changed)

    form_fields.make_read_only(widgets)
    assert line.editor.isReadOnly() and box.isReadOnly() and not pets.isEnabled()
    assert widgets["pets_seen"].base_style == form_fields.READ_ONLY_STYLE


def test_every_kind_reads_back_what_it_is_given(qtbot):
    boxes, forms = _sections()
    for box in boxes.values():
        qtbot.addWidget(box)
    widgets = form_fields.build_fields(forms, {}, unborn=False)
    stored = {
        **{name: None for name in widgets},
        **FULL,
        "visited_at": datetime(2026, 3, 16, 9, 30),
        "present": "Mum and Ada",
        "not_seen_alone_reason": "",
        "announced": False,
    }
    for name in widgets:
        if catalogue.field(name).kind == "text" and stored[name] is None:
            stored[name] = ""
    form_fields.set_values(widgets, stored)
    assert form_fields.values_of(widgets) == stored


def test_an_unborn_baby_is_offered_unborn_or_not_seen(qtbot):
    seen = catalogue.field("seen")
    assert form_fields.offered_choices(seen, unborn=True) == [("unborn", "Unborn"), ("no", "No")]
    assert form_fields.offered_choices(seen, unborn=False) == [("yes", "Yes"), ("no", "No")]


# --- the form -------------------------------------------------------------------------------


def _visit(ws, **fields) -> tuple[str, str]:
    child = records.add_child(
        ws,
        given_name="Ada",
        family_name="Brook",
        date_of_birth=date(2016, 3, 4),
        plan=PlanInput("CIN", ws.today() - timedelta(days=30)),
    )
    at = ws.now().replace(second=0, microsecond=0) - timedelta(hours=2)
    return child, records.start_visit(ws, child, at, **(fields or {"location": "home"}))


def _form(ws, qtbot, visit_id, hub=None) -> VisitForm:
    form = VisitForm(ws, hub or Hub(), visit_id)
    qtbot.addWidget(form)
    form.show()
    return form


def test_what_is_shown_is_what_the_core_says_is_asked_and_left_open(workspace, qtbot, monkeypatch):
    asked_of = []
    real_asked = catalogue.asked_fields

    def asked_fields(authority, child, on):
        asked_of.append(on)
        return real_asked(authority, child, on)

    monkeypatch.setattr(catalogue, "asked_fields", asked_fields)
    monkeypatch.setattr(catalogue, "shown_fields", lambda asked, values: ["visited_at", "purpose"])
    _child, visit = _visit(workspace)
    form = _form(workspace, qtbot, visit)

    shown = {name for name, field in form.fields.items() if field.isVisibleTo(form)}
    # Besides what the core says, only a field the standard is saying something about.
    assert shown == {"visited_at", "purpose"} | (form._asked & set(form.fields))
    assert asked_of == [form.values()["visited_at"].date()]


def test_completing_and_adding_an_addendum_announce_what_they_changed(
    workspace, qtbot, monkeypatch
):
    hub = Hub()
    announced = []
    hub.changed.connect(announced.append)
    child, visit = _visit(workspace, **FULL, childs_voice="Happy.")
    form = _form(workspace, qtbot, visit, hub)
    monkeypatch.setattr(form, "confirm_complete", lambda: True)
    form._on_complete()
    assert form.read_only
    assert announced and announced[-1].touches_visit(visit) and announced[-1].touches_child(child)
    assert announced[-1].decisions  # an authorisation task was opened

    monkeypatch.setattr(form, "add_addendum_text", lambda: ("A later note.", True))
    announced.clear()
    form._on_addendum()
    assert announced == [Changes.of(children=[child], visits=[visit])]
    assert "A later note." in form.addenda_list.text()


def test_a_refused_discard_is_shown_once_and_keeps_the_draft(workspace, qtbot, monkeypatch):
    hub = Hub()
    announced = []
    hub.changed.connect(announced.append)
    _child, visit = _visit(workspace)
    with workspace.db.transaction() as session:  # a copy has gone to the manager
        session.get(Visit, visit).synced_hash = "sent"
    form = _form(workspace, qtbot, visit, hub)
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    monkeypatch.setattr(form, "confirm_discard", lambda: True)
    closed = []
    form.closed.connect(lambda: closed.append(True))

    form._on_discard()

    assert len(shown) == 1 and shown[0].startswith("This draft has already gone to your manager")
    assert announced == [] and closed == [] and form.state == "draft"
    with workspace.db.sessions() as session:
        assert session.get(Visit, visit) is not None
