"""The window speaks the chosen or the system's language when it has a translation for it, and
English otherwise; a plural reads as it always has in English and takes every Welsh form."""

from __future__ import annotations

import importlib.util
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QLineEdit

from visitdesk.ui.decisions import ADDENDUM, AboutRecord, CommentDialog
from visitdesk.ui.i18n import LANGUAGE_ENV, install_translators, remove_translators
from visitdesk.ui.widgets import Field

ROOT = Path(__file__).resolve().parents[2]

# Qt's Welsh plural forms: none, one, two to five, six, and every other count.
WELSH = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="cy_GB" sourcelanguage="en_GB">
<context>
    <name>CommentDialog</name>
    <message>
        <source>Add an addendum</source>
        <translation>Ychwanegu atodiad</translation>
    </message>
</context>
<context>
    <name>Field</name>
    <message>
        <source>Needed</source>
        <translation>Angen</translation>
    </message>
    <message>
        <source>{severity}: {message}</source>
        <translation>{severity}: {message}</translation>
    </message>
</context>
<context>
    <name>Waiting</name>
    <message>
        <source>1 record waiting</source>
        <translation>1 cofnod yn aros</translation>
    </message>
    <message numerus="yes">
        <source>%n records waiting</source>
        <translation>
            <numerusform>Dim cofnod yn aros</numerusform>
            <numerusform>%n cofnod yn aros</numerusform>
            <numerusform>%n gofnod yn aros</numerusform>
            <numerusform>%n chofnod yn aros</numerusform>
            <numerusform>%n cofnod yn aros</numerusform>
        </translation>
    </message>
</context>
</TS>
"""


class Waiting(QObject):
    """A plural written as visitdesk/ui/i18n.py says."""

    def words(self, n: int) -> str:
        return self.tr("1 record waiting") if n == 1 else self.tr("%n records waiting", "", n)


def _script():
    spec = importlib.util.spec_from_file_location(
        "update_translations", ROOT / "packaging" / "update_translations.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def welsh(tmp_path, qapp):
    """A folder holding a small Welsh translation, compiled as the app's own would be."""
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


def _about() -> AboutRecord:
    return AboutRecord("Ada Brook", datetime(2016, 3, 4, 10, 30), "Sam Worker")


def test_english_is_the_language_the_text_is_written_in_and_needs_no_file(qapp, tmp_path):
    assert install_translators("en_GB", folder=tmp_path) == ""
    assert CommentDialog(ADDENDUM, _about()).windowTitle() == "Add an addendum"


def test_a_language_with_no_translation_stays_english_without_a_word(qapp, tmp_path):
    assert install_translators("fr", folder=tmp_path) == ""
    assert install_translators("not a language", folder=tmp_path) == ""
    assert QCoreApplication.translate("CommentDialog", "Add an addendum") == "Add an addendum"


def test_the_welsh_translation_speaks_in_the_dialogs_and_comes_out_again(qapp, welsh):
    assert install_translators("cy", folder=welsh).startswith("cy")
    dialog = CommentDialog(ADDENDUM, _about())
    assert dialog.windowTitle() == "Ychwanegu atodiad"
    field = Field(QLineEdit())
    field.show_message("error", "say why")
    assert field.message.text() == "Angen: say why"
    remove_translators()
    assert CommentDialog(ADDENDUM, _about()).windowTitle() == "Add an addendum"


def test_the_language_can_be_chosen_in_the_environment(qapp, welsh, monkeypatch):
    monkeypatch.setenv(LANGUAGE_ENV, "cy")
    assert install_translators(folder=welsh).startswith("cy")
    assert QCoreApplication.translate("CommentDialog", "Add an addendum") == "Ychwanegu atodiad"


def test_a_plural_reads_as_it_always_has_in_english(qapp):
    words = Waiting()
    assert [words.words(n) for n in (0, 1, 2, 12)] == [
        "0 records waiting",
        "1 record waiting",
        "2 records waiting",
        "12 records waiting",
    ]


def test_a_plural_takes_every_welsh_form(qapp, welsh):
    install_translators("cy", folder=welsh)
    words = Waiting()
    assert [words.words(n) for n in (0, 1, 2, 6, 12)] == [
        "Dim cofnod yn aros",
        "1 cofnod yn aros",
        "2 gofnod yn aros",
        "6 chofnod yn aros",
        "12 cofnod yn aros",
    ]


# Words that reach Qt through data (table models' headers and cells, counts built in a helper),
# which tests/ui/test_translatable.py cannot follow.
WELSH_TABLES = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="cy_GB" sourcelanguage="en_GB">
<context>
    <name>RowTableModel</name>
    <message>
        <source>Date</source>
        <translation>Dyddiad</translation>
    </message>
</context>
<context>
    <name>VisitTableModel</name>
    <message>
        <source>Draft</source>
        <translation>Drafft</translation>
    </message>
</context>
<context>
    <name>CaseloadModel</name>
    <message>
        <source>Child</source>
        <translation>Plentyn</translation>
    </message>
</context>
<context>
    <name>SyncMenu</name>
    <message numerus="yes">
        <source>%n visit records</source>
        <translation>
            <numerusform>%n cofnod ymweld</numerusform>
            <numerusform>%n cofnod ymweld</numerusform>
            <numerusform>%n gofnod ymweld</numerusform>
            <numerusform>%n chofnod ymweld</numerusform>
            <numerusform>%n cofnod ymweld</numerusform>
        </translation>
    </message>
</context>
</TS>
"""


def test_table_headers_cells_and_counts_are_translated_as_they_are_shown(qapp, tmp_path):
    from PySide6.QtCore import Qt

    from visitdesk.services.views import VisitRow
    from visitdesk.ui.caseload import CHILD, CaseloadModel
    from visitdesk.ui.models import VisitTableModel
    from visitdesk.ui.sync_menu import count_words

    script = _script()
    try:
        script.tool("lrelease")
    except script.ToolMissing:
        pytest.skip("pyside6-lrelease is not installed")
    ts = tmp_path / "visitdesk_cy.ts"
    ts.write_text(WELSH_TABLES, encoding="utf-8")
    script.release(ts)
    visits = VisitTableModel()
    visit = VisitRow(
        id="v1",
        child_id="c1",
        child_name="Ada Brook",
        visited_at=datetime(2026, 3, 4, 10, 15),
        location="home",
        seen="yes",
        seen_alone="yes",
        state="draft",
        revision=1,
        completed_at=None,
        created_by="Sam Worker",
        conflict=False,
    )
    visits.set_rows([visit])
    caseload = CaseloadModel()
    horizontal = Qt.Orientation.Horizontal

    def shown() -> list[str]:
        return [
            visits.headerData(0, horizontal),
            visits.index(0, 3).data(),
            caseload.headerData(CHILD, horizontal),
            count_words("visits", 6),
        ]

    assert shown() == ["Date", "Draft", "Child", "6 visit records"]
    try:
        install_translators("cy", folder=tmp_path)
        assert shown() == ["Dyddiad", "Drafft", "Plentyn", "6 chofnod ymweld"]
    finally:
        remove_translators()
    assert shown() == ["Date", "Draft", "Child", "6 visit records"]
