"""The field catalogue's labels, questions, help and choices reach the translators' file,
though lupdate cannot read them in the sources, and the form shows them translated."""

from __future__ import annotations

import importlib.util
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFormLayout, QGroupBox

from visitdesk.standards import fields as catalogue
from visitdesk.ui import form_fields
from visitdesk.ui.i18n import install_translators, remove_translators

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "visitdesk_cy.ts"

WELSH = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="cy_GB" sourcelanguage="en_GB">
<context>
    <name>fields</name>
    <message>
        <source>Seen</source>
        <translation>Gwelwyd</translation>
    </message>
    <message>
        <source>Has the child been seen?</source>
        <translation>A welwyd y plentyn?</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Do</translation>
    </message>
    <message>
        <source>Say what stopped you and what you will do next time.</source>
        <translation>Dywedwch beth a&apos;ch rhwystrodd.</translation>
    </message>
</context>
</TS>
"""


def _script():
    spec = importlib.util.spec_from_file_location(
        "update_translations", ROOT / "packaging" / "update_translations.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _catalogue_texts() -> set[str]:
    texts = set()
    for item in catalogue.FIELDS:
        texts |= {item.label, item.question, item.help} | {label for _v, label in item.choices}
    return texts - {""}


def _context(root: ET.Element, name: str) -> ET.Element:
    return next(c for c in root.iter("context") if c.findtext("name") == name)


def test_every_catalogue_text_is_in_the_welsh_file_once_it_is_regenerated(tmp_path):
    script = _script()
    try:
        script.tool("lupdate")
    except script.ToolMissing:
        pytest.skip("pyside6-lupdate is not installed")
    copy = tmp_path / TS.name
    shutil.copy(TS, copy)
    script.update(copy, "cy_GB")

    fields = _context(ET.parse(copy).getroot(), "fields")
    held = {
        message.findtext("source")
        for message in fields.iter("message")
        if message.find("translation").get("type") not in ("vanished", "obsolete")
    }
    assert _catalogue_texts() <= held
    # The module the text is read from is temporary: its path never reaches the file.
    assert fields.find("message/location") is None
    assert "field_catalogue" not in copy.read_text(encoding="utf-8")


def test_regenerating_twice_writes_the_same_file(tmp_path):
    script = _script()
    try:
        script.tool("lupdate")
    except script.ToolMissing:
        pytest.skip("pyside6-lupdate is not installed")
    copy = tmp_path / TS.name
    shutil.copy(TS, copy)
    script.update(copy, "cy_GB")
    once = copy.read_bytes()
    script.update(copy, "cy_GB")
    assert copy.read_bytes() == once


@pytest.fixture
def welsh(tmp_path, qapp):
    script = _script()
    try:
        script.tool("lrelease")
    except script.ToolMissing:
        pytest.skip("pyside6-lrelease is not installed")
    ts = tmp_path / "visitdesk_cy.ts"
    ts.write_text(WELSH, encoding="utf-8")
    script.release(ts)
    yield tmp_path
    remove_translators()


def _fields(qtbot):
    boxes = {key: QGroupBox(title) for key, title in form_fields.SECTION_TITLES.items()}
    for box in boxes.values():
        qtbot.addWidget(box)
    forms = {key: QFormLayout(box) for key, box in boxes.items()}
    return boxes, form_fields.build_fields(forms, {"seen": "1.1.4"}, unborn=False)


def _label(field) -> str:
    return field.parentWidget().layout().labelForField(field).text().replace("&", "")


def test_the_form_shows_the_catalogue_in_the_window_language(qtbot, welsh):
    assert install_translators("cy", folder=welsh).startswith("cy")
    _boxes, widgets = _fields(qtbot)
    seen = widgets["seen"].editor
    assert _label(widgets["seen"]) == "Gwelwyd (1.1.4):"
    assert seen.accessibleName() == "A welwyd y plentyn? (1.1.4)"
    assert [seen.itemText(i) for i in range(seen.count())][1:] == ["Do", "No"]
    reason = widgets["not_seen_alone_reason"]
    assert reason.guidance.text() == "Dywedwch beth a'ch rhwystrodd."
    assert _label(widgets["outcome"]) == "What happened:"  # not translated yet: English

    remove_translators()
    _boxes, widgets = _fields(qtbot)
    assert _label(widgets["seen"]) == "Seen (1.1.4):"
    assert widgets["seen"].editor.accessibleName() == "Has the child been seen? (1.1.4)"
