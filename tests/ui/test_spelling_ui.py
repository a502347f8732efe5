"""Spell checking in the window's text boxes, as a worker meets it: misspelt words typed into a
record's box are underlined, and right-clicking one offers the fixes, "Add to my dictionary"
and "Ignore"."""

from __future__ import annotations

from concurrent.futures import Future
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QContextMenuEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from visitdesk.errors import UserError
from visitdesk.services import dictionary, records
from visitdesk.services.records import PlanInput
from visitdesk.ui.authorisations import AuthorisationsView
from visitdesk.ui.decisions import AUTHORISE, AboutRecord, CommentDialog
from visitdesk.ui.form_fields import build_fields
from visitdesk.ui.hub import Hub
from visitdesk.ui.spelling import PersonalDictionaryDialog, SpellingAid, SpellingMenu
from visitdesk.writing import spelling
from visitdesk.writing.spelling import SpellingUnavailable

SENTENCE = "We discussed the recieved refferal and the colour of the paediatrician's programme"
COMPLETE = dict(
    location="home",
    seen="yes",
    seen_alone="yes",
    bedroom_seen=True,
    purpose="p",
    findings="f",
    analysis="a",
    conclusion="c",
    recommendations="r",
    childs_voice="v",
)
SPELL_CHECK = QTextCharFormat.UnderlineStyle.SpellCheckUnderline


# --- helpers: what the worker sees and does ----------------------------------------------------


def underlined(editor: QPlainTextEdit) -> list[str]:
    """The words drawn with the spell-check underline, in order."""
    out = []
    block = editor.document().firstBlock()
    while block.isValid():
        text = block.text()
        units = text.encode("utf-16-le")
        for r in block.layout().formats():
            if r.format.underlineStyle() == SPELL_CHECK:
                out.append(units[2 * r.start : 2 * (r.start + r.length)].decode("utf-16-le"))
        block = block.next()
    return out


def ready_aid(qtbot, ws, visit_id=None) -> SpellingAid:
    aid = SpellingAid(ws, visit_id)
    with qtbot.waitSignal(aid.ready, timeout=20_000):
        pass
    return aid


@pytest.fixture
def form_box(qtbot):
    """Makes a record's text box as the visit form builds it, spell-checked by ``aid``; shown
    in a window with another box to move the focus to."""
    pages = []  # kept open until the test ends

    def make(aid, name: str = "findings") -> QPlainTextEdit:
        page = QWidget()
        forms = {section: QFormLayout() for section in ("visit", "child", "record")}
        layout = QVBoxLayout(page)
        for form in forms.values():
            layout.addLayout(form)
        other = QLineEdit()
        other.setObjectName("other")
        layout.addWidget(other)
        fields = build_fields(forms, {}, unborn=False, spelling=aid)
        qtbot.addWidget(page)
        pages.append(page)
        page.show()
        page.activateWindow()
        qtbot.waitExposed(page)
        editor = fields[name].editor
        editor.setFocus()
        return editor

    return make


@pytest.fixture(autouse=True)
def _no_real_menu(monkeypatch):
    """A menu nobody stood in for would wait for a click that never comes."""

    def unexpected(menu, *_args, **_kwargs):
        raise AssertionError("a menu opened that the test did not expect")

    monkeypatch.setattr(SpellingMenu, "exec", unexpected)


def plain(text: str) -> str:
    """A menu entry as read: no "&" marking its key, no shortcut after a tab."""
    return text.split("\t")[0].replace("&&", "\0").replace("&", "").replace("\0", "&")


class MenuSeen:
    """Stands in for the menu's own event loop: notes what the menu offers and, when told
    which, chooses that entry as a click would."""

    def __init__(self, monkeypatch, choose: str | None = None) -> None:
        self.choose = choose
        self.entries: list[str] | None = None
        seen = self

        def exec_(menu, *_args, **_kwargs):
            actions = menu.actions()
            seen.entries = ["-" if a.isSeparator() else plain(a.text()) for a in actions]
            if seen.choose is None:
                return None
            for action in actions:
                if plain(action.text()) == seen.choose:
                    action.trigger()
                    return action
            raise AssertionError(f"{seen.choose!r} is not in the menu: {seen.entries}")

        monkeypatch.setattr(SpellingMenu, "exec", exec_)


def right_click(editor: QPlainTextEdit, word: str) -> None:
    """Right-click inside the first ``word`` of the box."""
    at = editor.toPlainText().index(word) + 1
    cursor = QTextCursor(editor.document())
    cursor.setPosition(at)
    pos = editor.cursorRect(cursor).center()
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, pos, editor.viewport().mapToGlobal(pos)
    )
    QApplication.sendEvent(editor.viewport(), event)


def put_cursor_in(editor: QPlainTextEdit, word: str) -> None:
    cursor = editor.textCursor()
    cursor.setPosition(editor.toPlainText().index(word) + 2)
    editor.setTextCursor(cursor)


@pytest.fixture
def two_visits(workspace):
    """Two draft records of one child."""
    ws = workspace
    start = ws.today() - timedelta(days=20)
    child = records.add_child(
        ws,
        given_name="Ada",
        family_name="Brook",
        date_of_birth=date(2016, 3, 4),
        plan=PlanInput("CIN", start, allocated_on=start),
    )
    at = ws.now().replace(hour=10, minute=0, second=0, microsecond=0)
    first = records.start_visit(ws, child, at - timedelta(days=2))
    second = records.start_visit(ws, child, at - timedelta(days=1))
    return ws, first, second


# --- the underline -----------------------------------------------------------------------------


def test_typing_a_record_underlines_exactly_the_misspelt_words(qtbot, workspace, form_box):
    aid = ready_aid(qtbot, workspace)
    editor = form_box(aid)
    qtbot.keyClicks(editor, SENTENCE)
    assert editor.toPlainText() == SENTENCE
    assert underlined(editor) == ["recieved", "refferal"]


def test_every_text_box_of_the_form_is_checked(qtbot, workspace, form_box):
    aid = ready_aid(qtbot, workspace)
    for name in ("home_conditions", "observations", "childs_voice", "analysis"):
        editor = form_box(aid, name)
        qtbot.keyClicks(editor, "the refferal")
        assert underlined(editor) == ["refferal"], name


def test_the_underline_follows_typing_and_correcting(qtbot, workspace, form_box):
    aid = ready_aid(qtbot, workspace)
    editor = form_box(aid)
    qtbot.keyClicks(editor, "the recieve")
    assert underlined(editor) == ["recieve"]
    for _ in range(4):
        qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    qtbot.keyClicks(editor, "eive")
    assert editor.toPlainText() == "the receive"
    assert underlined(editor) == []
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.keyClicks(editor, "a secnd line")
    assert underlined(editor) == ["secnd"]


def test_text_already_there_is_underlined_once_the_dictionary_is_in_without_counting_as_an_edit(
    qtbot, workspace
):
    aid = SpellingAid(workspace)
    editor = QPlainTextEdit()
    qtbot.addWidget(editor)
    editor.setPlainText("the recieved letter")
    aid.attach(editor)
    edits = []
    editor.textChanged.connect(lambda: edits.append(1))
    with qtbot.waitSignal(aid.ready, timeout=20_000):
        pass
    assert underlined(editor) == ["recieved"]
    # A box attached once the dictionary is in, holding text already, is underlined at once.
    later = QPlainTextEdit()
    qtbot.addWidget(later)
    later.setPlainText("a refferal came")
    later.textChanged.connect(lambda: edits.append(2))
    aid.attach(later)
    assert underlined(later) == ["refferal"]
    QApplication.processEvents()
    assert underlined(later) == ["refferal"]
    assert edits == []
    assert not editor.document().isUndoAvailable()


def test_a_read_only_box_shows_no_underline_but_its_text_is_still_there(qtbot, workspace, form_box):
    aid = ready_aid(qtbot, workspace)
    editor = form_box(aid)
    qtbot.keyClicks(editor, SENTENCE)
    editor.setReadOnly(True)
    assert underlined(editor) == []
    assert editor.toPlainText() == SENTENCE
    editor.setReadOnly(False)
    assert underlined(editor) == ["recieved", "refferal"]


def test_a_box_made_read_only_before_it_is_filled_shows_no_underline(qtbot, workspace):
    aid = ready_aid(qtbot, workspace)
    editor = QPlainTextEdit()
    qtbot.addWidget(editor)
    editor.setReadOnly(True)
    aid.attach(editor)
    editor.setPlainText(SENTENCE)
    assert underlined(editor) == []


def test_the_underline_covers_the_word_after_an_emoji(qtbot, workspace, form_box):
    aid = ready_aid(qtbot, workspace)
    editor = form_box(aid)
    editor.setPlainText("She drew \U0001f600\U0001f600 and said recieved")
    assert underlined(editor) == ["recieved"]


# --- the right-click menu ----------------------------------------------------------------------


def test_the_first_suggestion_fixes_the_word_as_one_undo_step(
    qtbot, workspace, monkeypatch, form_box
):
    aid = ready_aid(qtbot, workspace)
    editor = form_box(aid)
    qtbot.keyClicks(editor, SENTENCE)
    other = editor.window().findChild(QLineEdit, "other")
    other.setFocus()
    assert editor.window().focusWidget() is other
    menu = MenuSeen(monkeypatch, choose="received")
    right_click(editor, "recieved")
    assert menu.entries[0] == "received"
    assert editor.toPlainText() == SENTENCE.replace("recieved", "received")
    assert underlined(editor) == ["refferal"]
    assert editor.window().focusWidget() is editor
    qtbot.keyClick(editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.toPlainText() == SENTENCE


def test_the_menu_offers_fixes_then_the_dictionary_then_the_box_s_own_actions(
    qtbot, two_visits, monkeypatch, form_box
):
    ws, first, _ = two_visits
    aid = ready_aid(qtbot, ws, first)
    editor = form_box(aid)
    qtbot.keyClicks(editor, SENTENCE)
    menu = MenuSeen(monkeypatch)
    right_click(editor, "refferal")
    entries = menu.entries
    fixes = entries[: entries.index("Add to my dictionary")]
    assert "referral" in fixes and 1 <= len(fixes) <= 5
    assert entries[len(fixes) : len(fixes) + 3] == [
        "Add to my dictionary",
        "Ignore in this record",
        "-",
    ]
    assert {"Copy", "Paste", "Select All"} <= set(entries)


def test_right_clicking_a_word_spelt_right_shows_the_box_s_own_menu_only(
    qtbot, workspace, monkeypatch, form_box
):
    aid = ready_aid(qtbot, workspace)
    editor = form_box(aid)
    qtbot.keyClicks(editor, SENTENCE)
    menu = MenuSeen(monkeypatch)
    right_click(editor, "colour")
    assert "Add to my dictionary" not in menu.entries
    assert "colours" not in menu.entries
    assert {"Copy", "Paste"} <= set(menu.entries)


def test_without_a_record_there_is_no_ignore(qtbot, workspace, monkeypatch, form_box):
    aid = ready_aid(qtbot, workspace)
    editor = form_box(aid)
    qtbot.keyClicks(editor, SENTENCE)
    menu = MenuSeen(monkeypatch)
    right_click(editor, "refferal")
    assert "Add to my dictionary" in menu.entries
    assert not any(entry.startswith("Ignore") for entry in menu.entries)


def test_adding_a_word_stores_it_and_the_underline_goes_at_once_in_every_form(
    qtbot, workspace, monkeypatch, form_box
):
    aid = ready_aid(qtbot, workspace)
    editor = form_box(aid)
    other_form = ready_aid(qtbot, workspace)
    elsewhere = form_box(other_form, "analysis")
    qtbot.keyClicks(editor, SENTENCE)
    qtbot.keyClicks(elsewhere, "a refferal came")
    MenuSeen(monkeypatch, choose="Add to my dictionary")
    with (
        qtbot.waitSignal(aid.wordsChanged, timeout=1000),
        qtbot.waitSignal(other_form.wordsChanged, timeout=1000),
    ):
        right_click(editor, "refferal")
    assert dictionary.personal_words(workspace) == ["refferal"]
    assert underlined(editor) == ["recieved"]
    assert underlined(elsewhere) == []
    assert editor.toPlainText() == SENTENCE  # the text itself is as typed
    # A form opened later knows the word too.
    later = form_box(ready_aid(qtbot, workspace), "purpose")
    qtbot.keyClicks(later, "refferal")
    assert underlined(later) == []


def test_a_word_that_cannot_be_added_is_explained_in_a_message(
    qtbot, workspace, monkeypatch, form_box
):
    aid = ready_aid(qtbot, workspace)
    editor = form_box(aid)
    qtbot.keyClicks(editor, SENTENCE)

    def full(_ws, _word):
        raise UserError("your dictionary holds 20,000 words already: take some out first")

    monkeypatch.setattr(dictionary, "add_word", full)
    told = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: told.append(text))
    MenuSeen(monkeypatch, choose="Add to my dictionary")
    right_click(editor, "refferal")
    assert told == ["Your dictionary holds 20,000 words already: take some out first"]
    assert underlined(editor) == ["recieved", "refferal"]


def test_ignoring_a_word_keeps_to_that_record(qtbot, two_visits, monkeypatch, form_box):
    ws, first, second = two_visits
    aid = ready_aid(qtbot, ws, first)
    editor = form_box(aid)
    other_record = form_box(ready_aid(qtbot, ws, second), "analysis")
    qtbot.keyClicks(editor, SENTENCE)
    qtbot.keyClicks(other_record, "the refferal")
    MenuSeen(monkeypatch, choose="Ignore in this record")
    with qtbot.waitSignal(aid.wordsChanged, timeout=1000):
        right_click(editor, "refferal")
    assert dictionary.ignored_words(ws, first) == {"refferal"}
    assert dictionary.ignored_words(ws, second) == frozenset()
    assert dictionary.personal_words(ws) == []
    assert aid.ignored == {"refferal"}
    assert underlined(editor) == ["recieved"]
    assert underlined(other_record) == ["refferal"]
    # Opened again, the record still ignores it.
    again = form_box(ready_aid(qtbot, ws, first), "purpose")
    qtbot.keyClicks(again, "refferal")
    assert underlined(again) == []


@pytest.mark.parametrize(
    "key, modifiers",
    [
        (Qt.Key.Key_Menu, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier),
    ],
    ids=["menu key", "shift f10"],
)
def test_the_keyboard_opens_the_menu_for_the_word_at_the_cursor(
    qtbot, workspace, monkeypatch, key, modifiers, form_box
):
    aid = ready_aid(qtbot, workspace)
    editor = form_box(aid)
    qtbot.keyClicks(editor, SENTENCE)
    put_cursor_in(editor, "recieved")
    MenuSeen(monkeypatch, choose="received")
    qtbot.keyClick(editor, key, modifiers)
    assert editor.toPlainText() == SENTENCE.replace("recieved", "received")


def test_a_keyboard_context_menu_event_offers_the_word_at_the_cursor(
    qtbot, workspace, monkeypatch, form_box
):
    aid = ready_aid(qtbot, workspace)
    editor = form_box(aid)
    qtbot.keyClicks(editor, SENTENCE)
    put_cursor_in(editor, "refferal")
    menus = []
    monkeypatch.setattr(
        SpellingMenu, "exec", lambda menu, *a: menus.append(plain(menu.actions()[0].text()))
    )
    at = editor.cursorRect().center()
    keyboard = QContextMenuEvent(QContextMenuEvent.Reason.Keyboard, at, editor.mapToGlobal(at))
    QApplication.sendEvent(editor, keyboard)
    assert menus == ["referral"]


def test_the_menu_key_opens_one_menu_even_where_the_system_sends_its_own_event_too(
    qtbot, workspace, monkeypatch, form_box
):
    aid = ready_aid(qtbot, workspace)
    editor = form_box(aid)
    qtbot.keyClicks(editor, SENTENCE)
    put_cursor_in(editor, "refferal")
    menus = []
    monkeypatch.setattr(SpellingMenu, "exec", lambda menu, *a: menus.append(1))
    at = editor.cursorRect().center()

    def keyboard_event() -> None:
        event = QContextMenuEvent(QContextMenuEvent.Reason.Keyboard, at, editor.mapToGlobal(at))
        QApplication.sendEvent(editor, event)

    qtbot.keyClick(editor, Qt.Key.Key_Menu)
    keyboard_event()  # as a platform may send for the same key press
    assert menus == [1]
    QApplication.processEvents()
    keyboard_event()  # a later one is a new request
    assert menus == [1, 1]


# --- when spelling cannot be checked -----------------------------------------------------------


def test_without_enchant_nothing_is_underlined_and_the_reason_is_given(
    qtbot, workspace, monkeypatch, form_box
):
    reason = "Spell checking needs the Enchant library, which is not installed."
    missing: Future = Future()
    missing.set_exception(SpellingUnavailable(reason))
    monkeypatch.setattr(spelling, "shared_speller", lambda: missing)
    aid = ready_aid(qtbot, workspace)
    assert aid.checker is None
    assert aid.unavailable == reason
    editor = form_box(aid)
    qtbot.keyClicks(editor, SENTENCE)
    assert underlined(editor) == []
    menu = MenuSeen(monkeypatch)
    right_click(editor, "recieved")
    assert "Add to my dictionary" not in menu.entries
    assert {"Copy", "Paste"} <= set(menu.entries)


# --- the person's own dictionary ---------------------------------------------------------------


def test_the_dictionary_dialog_lists_my_words_and_removing_one_underlines_it_again(
    qtbot, workspace, form_box
):
    for word in ("refferal", "Ashdown", "genogrammes"):
        dictionary.add_word(workspace, word)
    aid = ready_aid(qtbot, workspace)
    editor = form_box(aid)
    qtbot.keyClicks(editor, "the refferal from Ashdown")
    assert underlined(editor) == []
    dialog = PersonalDictionaryDialog(workspace)
    qtbot.addWidget(dialog)
    listed = [dialog.words.item(i).text() for i in range(dialog.words.count())]
    assert listed == ["Ashdown", "genogrammes", "refferal"]
    dialog.words.setCurrentRow(2)
    with qtbot.waitSignal(aid.wordsChanged, timeout=1000):
        qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert dictionary.personal_words(workspace) == ["Ashdown", "genogrammes"]
    assert [dialog.words.item(i).text() for i in range(dialog.words.count())] == [
        "Ashdown",
        "genogrammes",
    ]
    assert underlined(editor) == ["refferal"]
    assert dialog.removed == ["refferal"]


def test_an_empty_dictionary_says_how_to_add_a_word(qtbot, workspace):
    dialog = PersonalDictionaryDialog(workspace)
    qtbot.addWidget(dialog)
    assert "Add to my dictionary" in dialog.intro.text()
    assert not dialog.remove_button.isEnabled()


def test_show_for_returns_the_words_taken_out(qtbot, workspace, monkeypatch):
    dictionary.add_word(workspace, "Ashdown")

    def remove_then_close(dialog):
        dialog.words.setCurrentRow(0)
        dialog.remove_button.click()
        return 0

    monkeypatch.setattr(PersonalDictionaryDialog, "exec", remove_then_close)
    removed, _ = PersonalDictionaryDialog.show_for(workspace)
    assert removed == ["Ashdown"]
    assert dictionary.personal_words(workspace) == []


# --- comments and addenda ----------------------------------------------------------------------


def test_a_comment_is_spell_checked_when_the_dialog_is_given_an_aid(qtbot, workspace):
    aid = SpellingAid(workspace)
    about = AboutRecord("Ada Brook", workspace.now())
    dialog = CommentDialog(AUTHORISE, about, spelling=aid)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(aid.ready, timeout=20_000):
        pass
    qtbot.keyClicks(dialog.text, "Good work on the refferal")
    assert underlined(dialog.text) == ["refferal"]
    assert aid.parent() is dialog


def test_a_comment_without_an_aid_is_plain(qtbot, workspace):
    dialog = CommentDialog(AUTHORISE, AboutRecord("Ada Brook", workspace.now()))
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.text, "Good work on the refferal")
    QApplication.processEvents()
    assert underlined(dialog.text) == []


def test_the_manager_s_comment_on_a_record_is_spell_checked(qtbot, make_workspace):
    ws = make_workspace(role="manager", name="Morgan Manager")
    start = ws.today() - timedelta(days=20)
    child = records.add_child(
        ws,
        given_name="Ada",
        family_name="Brook",
        date_of_birth=date(2016, 3, 4),
        plan=PlanInput("CIN", start, allocated_on=start),
    )
    at = ws.now().replace(hour=10, minute=0, second=0, microsecond=0) - timedelta(days=2)
    vid = records.start_visit(ws, child, at, **COMPLETE)
    records.complete_visit(ws, vid)
    view = AuthorisationsView(ws, Hub())
    qtbot.addWidget(view)
    view.show()
    view.table.selectRow(0)
    seen = {}

    def type_comment() -> None:
        dialog = next(
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, CommentDialog) and w.isVisible()
        )
        try:
            aid = dialog.spelling
            if aid.checker is None:
                with qtbot.waitSignal(aid.ready, timeout=20_000):
                    pass
            qtbot.keyClicks(dialog.text, "Thank you for the refferal")
            seen["underlined"] = underlined(dialog.text)
            seen["record"] = aid.visit_id
        finally:
            dialog.reject()

    QTimer.singleShot(0, type_comment)
    qtbot.mouseClick(view.authorise_button, Qt.MouseButton.LeftButton)
    assert seen == {"underlined": ["refferal"], "record": vid}


def test_the_visit_form_says_when_the_spell_check_is_off_and_lists_the_prompts(
    qtbot, workspace, monkeypatch
):
    from visitdesk.ui.visit_form import VisitForm

    reason = "Spell checking needs the Enchant library, which is not installed."
    missing: Future = Future()
    missing.set_exception(SpellingUnavailable(reason))
    monkeypatch.setattr(spelling, "shared_speller", lambda: missing)
    start = workspace.today() - timedelta(days=10)
    cid = records.add_child(
        workspace,
        given_name="Ada",
        family_name="Brook",
        date_of_birth=date(2016, 3, 4),
        plan=PlanInput("CIN", start, allocated_on=start),
    )
    vid = records.start_visit(workspace, cid, workspace.now() - timedelta(hours=1), seen="yes")
    form = VisitForm(workspace, Hub(), vid)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitUntil(lambda: form.spelling.unavailable is not None, timeout=5000)
    editor = form.fields["findings"].editor
    editor.setFocus()
    qtbot.keyClicks(editor, "We recieved the referral.")
    listed = [form.findings_list.item(i).text() for i in range(form.findings_list.count())]
    assert any("The spell check is off" in line and reason in line for line in listed), listed
    assert not any("recieved" in line for line in listed)
    assert any("no words from the child" in line for line in listed)  # the prompts still run
