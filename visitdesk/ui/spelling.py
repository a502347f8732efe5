"""Spell checking in the window's text boxes: the wavy underline under a word that may be
misspelt, the right-click menu that offers suggestions, "Add to my dictionary" and "Ignore",
and the dialog where a person looks after their own dictionary.

The checking itself is ``visitdesk.writing.spelling`` (no Qt there). The dictionary loads
once, on a background thread; a form's :class:`SpellingAid` waits for it without holding up
the window and then underlines the boxes attached to it. Drawing or clearing an underline is
no edit: the box does not say its text changed, so a form never takes it for typing.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Iterable
from concurrent.futures import Future
from dataclasses import dataclass
from itertools import accumulate

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, Qt, QTimer, Signal, Slot
from PySide6.QtGui import (
    QAction,
    QColor,
    QContextMenuEvent,
    QKeyEvent,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from visitdesk.logsetup import describe_failure
from visitdesk.services import dictionary, writing
from visitdesk.services.workspace import Workspace
from visitdesk.ui.hub import Hub
from visitdesk.ui.operations import Operations
from visitdesk.writing import spelling
from visitdesk.writing.spelling import Checker, Speller, SpellingUnavailable
from visitdesk.writing.words import Word

log = logging.getLogger(__name__)

SUGGESTIONS = 5  # at most this many at the top of the menu
UNDERLINE_COLOUR = QColor(200, 0, 0)


def _underline() -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SpellCheckUnderline)
    fmt.setUnderlineColor(UNDERLINE_COLOUR)
    return fmt


_UNDERLINE = _underline()


# --- where a word is, in Qt's terms ------------------------------------------------------------
# A Word counts Python characters; Qt counts UTF-16 units, and a character beyond the Basic
# Multilingual Plane (an emoji, say) is two of them.


def _beyond_bmp(text: str) -> bool:
    return not text.isascii() and max(text) > "\uffff"


def _utf16_offsets(text: str) -> list[int]:
    """For each index into ``text`` (and its end), the same place in UTF-16 units."""
    return list(accumulate((2 if ord(ch) > 0xFFFF else 1 for ch in text), initial=0))


def qt_spans(text: str, words: Iterable[Word]) -> list[tuple[int, int]]:
    """(start, length) of each word as Qt counts them in ``text``."""
    if not _beyond_bmp(text):
        return [(w.start, w.end - w.start) for w in words]
    at = _utf16_offsets(text)
    return [(at[w.start], at[w.end] - at[w.start]) for w in words]


def _python_index(text: str, qt_offset: int) -> int:
    if not _beyond_bmp(text):
        return qt_offset
    at = _utf16_offsets(text)
    return next((i for i, units in enumerate(at) if units >= qt_offset), len(text))


# --- the aids alive in the app -----------------------------------------------------------------

# Every aid alive, so a word added in one form stops being underlined in every other at once.
_LIVE: weakref.WeakSet[SpellingAid] = weakref.WeakSet()


def _alive(ws: Workspace) -> list[SpellingAid]:
    return [aid for aid in list(_LIVE) if aid.ws is ws and shiboken6.isValid(aid)]


class _Arrivals(QObject):
    """Brings the loaded dictionary to the GUI thread. It lives as long as the app and holds
    no aid, so the loading thread never touches a widget or frees a Qt object."""

    arrived = Signal(object)  # the finished Future

    def __init__(self) -> None:
        super().__init__()
        self.arrived.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _deliver(self, future: Future) -> None:
        for aid in list(_LIVE):
            if not shiboken6.isValid(aid):
                continue
            try:
                aid._speller_arrived(future)
            except RuntimeError:
                # A form closed by what an earlier aid's news set off (Qt deleted this aid
                # on the way): nothing is left to tell. Anything else is a fault.
                if shiboken6.isValid(aid):
                    raise


_arrivals: _Arrivals | None = None


def _arrivals_here() -> _Arrivals:
    global _arrivals
    if _arrivals is None or not shiboken6.isValid(_arrivals):
        _arrivals = _Arrivals()
    return _arrivals


def _tell_arrived(future: Future) -> None:
    """Called by the loading thread (or at once, if loading is over already)."""
    arrivals = _arrivals
    if arrivals is None:
        return
    try:
        arrivals.arrived.emit(future)
    except RuntimeError:  # the app is closing
        pass


# --- the underline -----------------------------------------------------------------------------


class _Highlighter(QSyntaxHighlighter):
    """Underlines the words that may be misspelt in one text box. Qt asks for one paragraph
    at a time, as it changes; the checker remembers each word it has looked up. It keeps its
    aid alive as long as the box is."""

    def __init__(self, aid: SpellingAid, editor: QPlainTextEdit) -> None:
        super().__init__(editor.document())
        self._aid = aid
        self._editor = editor

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt's name
        if not text:
            return
        for start, length in qt_spans(text, self._aid.misspelt_in(self._editor, text)):
            self.setFormat(start, length, _UNDERLINE)


@dataclass(slots=True)
class _Attached:
    editor: QPlainTextEdit
    viewport: QWidget
    highlighter: _Highlighter


@dataclass(frozen=True, slots=True)
class _Found:
    """A word that may be misspelt, where it is in the document."""

    word: Word
    start: int  # in the document, as Qt counts
    end: int


class SpellingAid(QObject):
    """Spell checking for the text boxes of one form or dialog (and, given ``visit_id``, of
    one record, whose "Ignore" it keeps).

    ``ready`` is emitted once loading is over: the dictionary is in and the boxes are
    underlined, or spelling is unavailable here (:attr:`unavailable` says why in one line).
    ``wordsChanged`` is emitted when a word is added to the dictionary or ignored, so the
    form works out its findings again. A write goes through the hub's runner when a ``hub``
    is given."""

    ready = Signal()
    wordsChanged = Signal()

    def __init__(
        self,
        ws: Workspace,
        visit_id: str | None = None,
        parent: QObject | None = None,
        *,
        hub: Hub | None = None,
    ) -> None:
        super().__init__(parent)
        self.ws = ws
        self.visit_id = visit_id
        self.ops = hub.ops if hub is not None else Operations(None, self)
        self._checker: Checker | None = None
        self._unavailable: str | None = None
        self._loaded = False
        self._attached: list[_Attached] = []
        self._ignored: frozenset[str] = frozenset()
        if visit_id is not None:
            self._ignored = dictionary.ignored_words(ws, visit_id)
        # Set when a key opened the menu, until the event loop runs again: a platform that
        # also sends its own keyboard context-menu event for that key opens no second menu.
        self._key_menu = False
        _LIVE.add(self)
        _arrivals_here()
        self._future = spelling.shared_speller()
        self._future.add_done_callback(_tell_arrived)

    # --- what a form reads ---

    @property
    def checker(self) -> Checker | None:
        """The checker, once the dictionary is loaded; None before, or when unavailable."""
        return self._checker

    @property
    def ignored(self) -> frozenset[str]:
        """The words ignored in this record."""
        return self._ignored

    @property
    def unavailable(self) -> str | None:
        """Why spelling cannot be checked here, in one line; None when it can (or while the
        dictionary is still loading)."""
        return self._unavailable

    def misspelt_in(self, editor: QPlainTextEdit, text: str) -> list[Word]:
        """The words of ``text`` to underline in ``editor``: none in a box that cannot be
        changed (a completed record is not the time to be told)."""
        if self._checker is None or editor.isReadOnly():
            return []
        return self._checker.misspelt(text, self._ignored)

    # --- the text boxes ---

    def attach(self, editor: QPlainTextEdit) -> None:
        """Check ``editor``'s spelling from now on (once loaded)."""
        if any(item.editor is editor for item in self._attached):
            return
        highlighter = _Highlighter(self, editor)
        viewport = editor.viewport()
        self._attached.append(_Attached(editor, viewport, highlighter))
        editor.installEventFilter(self)
        viewport.installEventFilter(self)
        editor.destroyed.connect(self._forget_destroyed)
        # Qt underlines a box that already holds text later, from the event loop, and would
        # then say the text changed; do it now, as no edit.
        self._quietly(editor, lambda: QCoreApplication.sendPostedEvents(highlighter, 0))

    def _forget_destroyed(self, *_args: object) -> None:
        self._attached = [a for a in self._attached if shiboken6.isValid(a.editor)]

    def _quietly(self, editor: QPlainTextEdit, work) -> None:  # noqa: ANN001
        """Run ``work`` (redrawing underlines) without the box saying its text changed."""
        blocked = editor.blockSignals(True)
        try:
            work()
        finally:
            editor.blockSignals(blocked)

    def rehighlight(self, editor: QPlainTextEdit | None = None) -> None:
        """Draw the underlines again in ``editor`` (every attached box when None)."""
        for item in list(self._attached):
            if not shiboken6.isValid(item.editor) or not shiboken6.isValid(item.highlighter):
                continue
            if editor is None or item.editor is editor:
                self._quietly(item.editor, item.highlighter.rehighlight)

    # --- loading ---

    def _speller_arrived(self, future: Future) -> None:
        if self._loaded or future is not self._future:
            return
        self._loaded = True
        try:
            self._checker = self._make_checker(future.result())
        except SpellingUnavailable as exc:
            self._unavailable = str(exc)
        except Exception as exc:  # noqa: BLE001 - spelling is an aid: the form works on
            log.error("spell checking could not start: %s", describe_failure(exc))
            self._unavailable = self.tr(
                "Spell checking could not start. Your writing is not affected; restart "
                "VisitDesk to try again."
            )
        if self._checker is not None:
            self.rehighlight()
        self.ready.emit()

    def _make_checker(self, speller: Speller) -> Checker:
        checker = Checker(speller, spelling.team_words(writing.authority_id(self.ws)))
        checker.accept(writing.known_words(self.ws))
        return checker

    # --- words added, removed and ignored ---

    def _word_added(self, word: str) -> None:
        if self._checker is not None:
            self._checker.accept([word])
            self.rehighlight()
        self.wordsChanged.emit()

    def _word_removed(self, word: str, still_known: bool) -> None:
        if self._checker is not None:
            self._checker.forget(word)
            if still_known:  # a name in the caseload, say
                self._checker.accept([word])
            self.rehighlight()
        self.wordsChanged.emit()

    def _ignored_changed(self, ignored: frozenset[str]) -> None:
        self._ignored = ignored
        self.rehighlight()
        self.wordsChanged.emit()

    def add_to_dictionary(self, word: str, parent: QWidget | None = None) -> bool:
        """Put ``word`` in this person's dictionary; every form stops underlining it. False
        (once the reason is shown) when it could not be added."""
        ws = self.ws
        if self.ops.run(lambda: dictionary.add_word(ws, word), parent=parent) is None:
            return False
        for aid in _alive(ws):
            aid._word_added(word)
        return True

    def ignore(self, word: str, parent: QWidget | None = None) -> bool:
        """Stop underlining ``word`` in this record. False (once the reason is shown) when it
        could not be stored."""
        ws, visit_id = self.ws, self.visit_id
        if visit_id is None:
            return False
        if self.ops.run(lambda: dictionary.ignore_word(ws, visit_id, word), parent=parent) is None:
            return False
        ignored = dictionary.ignored_words(ws, visit_id)
        for aid in _alive(ws):
            if aid.visit_id == visit_id:
                aid._ignored_changed(ignored)
        return True

    # --- the right-click menu ---

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if kind not in (QEvent.Type.ContextMenu, QEvent.Type.KeyPress, QEvent.Type.ReadOnlyChange):
            return False
        item = next((a for a in self._attached if obj is a.editor or obj is a.viewport), None)
        if item is None:
            return False
        editor = item.editor
        if kind == QEvent.Type.ReadOnlyChange:
            self.rehighlight(editor)
            return False
        if kind == QEvent.Type.KeyPress:
            if obj is editor and _opens_menu(event):  # type: ignore[arg-type]
                self._key_menu = True
                self._menu_at_cursor(editor)
                # Cleared once this key press is over (not while the menu's own loop runs).
                QTimer.singleShot(0, self._key_menu_done)
                return True
            return False
        menu_event: QContextMenuEvent = event  # type: ignore[assignment]
        if menu_event.reason() == QContextMenuEvent.Reason.Keyboard:
            if not self._key_menu:
                self._menu_at_cursor(editor)
            return True
        pos = menu_event.pos()
        if obj is editor:
            pos = item.viewport.mapFrom(editor, pos)
        self._show_menu(editor, editor.cursorForPosition(pos), menu_event.globalPos())
        return True

    def _key_menu_done(self) -> None:
        self._key_menu = False

    def _menu_at_cursor(self, editor: QPlainTextEdit) -> None:
        where = editor.viewport().mapToGlobal(editor.cursorRect().bottomLeft())
        self._show_menu(editor, editor.textCursor(), where)

    def found_at(self, editor: QPlainTextEdit, cursor: QTextCursor) -> _Found | None:
        """The underlined word at ``cursor`` (in it, or just before or after it), if any."""
        block = cursor.block()
        text = block.text()
        at = _python_index(text, cursor.position() - block.position())
        for word in self.misspelt_in(editor, text):
            if word.start <= at <= word.end:
                ((start, length),) = qt_spans(text, [word])
                begin = block.position() + start
                return _Found(word, begin, begin + length)
        return None

    def _show_menu(self, editor: QPlainTextEdit, cursor: QTextCursor, where: QPoint) -> None:
        standard = editor.createStandardContextMenu()
        menu = SpellingMenu(editor)
        found = self.found_at(editor, cursor)
        if found is not None:
            self._offer(menu, editor, found)
        menu.addActions(standard.actions())  # still the box's own: Undo, Copy, Paste ...
        menu.exec(where)
        menu.deleteLater()
        standard.deleteLater()

    def _offer(self, menu: QMenu, editor: QPlainTextEdit, found: _Found) -> None:
        """The suggestions, "Add to my dictionary" and "Ignore", and a line under them."""
        word = found.word.text
        ours: list[QAction] = []

        def action(text: str, then=None) -> QAction:  # noqa: ANN001
            made = QAction(text, menu)
            if then is None:
                made.setEnabled(False)
            else:
                made.triggered.connect(then)
            ours.append(made)
            return made

        suggestions = self._checker.suggest(word, SUGGESTIONS) if self._checker else []
        for suggestion in suggestions:
            action(
                suggestion.replace("&", "&&"),
                lambda _=False, s=suggestion: self._replace(editor, found, s),
            )
        if not suggestions:
            action(self.tr("No suggestions"))
        action(self.tr("&Add to my dictionary"), lambda: self.add_to_dictionary(word, editor))
        if self.visit_id is not None:
            action(self.tr("&Ignore in this record"), lambda: self.ignore(word, editor))
        action("").setSeparator(True)
        menu.addActions(ours)

    def _replace(self, editor: QPlainTextEdit, found: _Found, suggestion: str) -> None:
        """Put ``suggestion`` in place of the word, as one step Undo takes back."""
        cursor = QTextCursor(editor.document())
        cursor.setPosition(found.start)
        cursor.setPosition(found.end, QTextCursor.MoveMode.KeepAnchor)
        if cursor.selectedText() != found.word.text:
            return  # the text moved on meanwhile: leave it as it is
        cursor.beginEditBlock()
        cursor.insertText(suggestion)
        cursor.endEditBlock()
        editor.setTextCursor(cursor)
        editor.setFocus(Qt.FocusReason.OtherFocusReason)


class SpellingMenu(QMenu):
    """A text box's right-click menu: what spell checking offers, then the box's own
    actions."""

    def exec(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN201 - QMenu's overloads
        # Written out so a test can stand in for the menu's event loop.
        return super().exec(*args, **kwargs)


def _opens_menu(event: QKeyEvent) -> bool:
    """The Menu key, or Shift+F10: the keyboard's right-click."""
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    if event.key() == Qt.Key.Key_Menu:
        return modifiers == Qt.KeyboardModifier.NoModifier
    return event.key() == Qt.Key.Key_F10 and modifiers == Qt.KeyboardModifier.ShiftModifier


# --- the person's own dictionary ---------------------------------------------------------------


class PersonalDictionaryDialog(QDialog):
    """The words a person has added to their dictionary, each of which they can take out
    again."""

    def __init__(
        self, ws: Workspace, parent: QWidget | None = None, *, hub: Hub | None = None
    ) -> None:
        super().__init__(parent)
        self.ws = ws
        self.ops = hub.ops if hub is not None else Operations(None, self)
        self.removed: list[str] = []
        self.setWindowTitle(self.tr("My dictionary"))
        self.setMinimumWidth(400)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.setTextFormat(Qt.TextFormat.PlainText)
        self.words = QListWidget()
        self.words.setAccessibleName(self.tr("Words in my dictionary"))
        self.words.setMinimumHeight(220)
        self.intro.setBuddy(self.words)
        self.remove_button = QPushButton(self.tr("&Remove"))
        self.remove_button.setToolTip(self.tr("Take the chosen word out of your dictionary"))
        self.remove_button.clicked.connect(self._on_remove)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.addButton(self.remove_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        self.words.currentRowChanged.connect(lambda *_: self._enable())
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.words, 1)
        layout.addWidget(self.buttons)
        self.refresh()
        self.words.setFocus()

    def refresh(self, select: int = 0) -> None:
        words = dictionary.personal_words(self.ws)
        self.words.clear()
        self.words.addItems(words)
        if words:
            self.intro.setText(
                self.tr(
                    "Spell check accepts these words in everything you write. To take one "
                    "out, choose it and press Remove."
                )
            )
            self.words.setCurrentRow(min(select, len(words) - 1))
        else:
            self.intro.setText(
                self.tr(
                    "Your dictionary is empty. To add a word, right-click it where it is "
                    "underlined and choose Add to my dictionary."
                )
            )
        self.words.setVisible(bool(words))
        self._enable()

    def _enable(self) -> None:
        self.remove_button.setEnabled(self.words.currentItem() is not None)

    def _on_remove(self) -> None:
        item = self.words.currentItem()
        if item is None:
            return
        ws, word, row = self.ws, item.text(), self.words.currentRow()
        if self.ops.run(lambda: dictionary.remove_word(ws, word), parent=self) is None:
            return
        self.removed.append(word)
        still_known = word in writing.known_words(ws)
        for aid in _alive(ws):
            aid._word_removed(word, still_known)
        self.refresh(select=row)
        self.words.setFocus()

    @classmethod
    def show_for(
        cls, ws: Workspace, parent: QWidget | None = None, *, hub: Hub | None = None
    ) -> tuple[list[str], bool]:
        """Show the dialog until it is closed; returns (the words taken out, accepted)."""
        dialog = cls(ws, parent, hub=hub)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.removed, accepted
