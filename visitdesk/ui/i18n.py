"""The window's language: at start-up, VisitDesk's translation for the chosen or system language
is loaded from ``resources/translations``; with none for that language the window stays English.

How the window's text is written so that ``pyside6-lupdate`` collects it
(``packaging/update_translations.py`` runs it; ``tests/ui/test_translatable.py`` checks these):

* In a QObject subclass ``self.tr("Text")``; anywhere else
  ``QCoreApplication.translate("Context", "Text")``. Never both in one class: lupdate then
  files the class's later ``self.tr`` text under a context that does not exist at run time.
* Only literal text, and only positional arguments. lupdate stores an f-string's braces as they
  are, so the text looked up at run time never matches; a keyword argument makes it drop the
  message or never finish. Values go in after translation:
  ``self.tr("Replace {name}?").format(name=target.name)``.
* Text kept in a constant is marked where it is written, with
  ``QT_TRANSLATE_NOOP("Context", "Text")``, and translated where it is shown, in that context
  (``self.tr(wording.title)`` in the class named by the context).
* Plurals keep their English choice in the code, and the branch for every count but one is a
  Qt plural ("numerus") message::

      self.tr("1 record waiting") if n == 1 else self.tr("%n records waiting", "", n)

  English reads exactly as it always has without any translation file (the tests assert the
  English words), and Welsh, which has more plural forms than English, gets a form for each
  count it needs. Qt's own way, one "%n record(s)" message with an English plural translation
  shipped beside it, would make the English words depend on a compiled file being installed at
  every start and in every test, and read "1 record(s)" whenever it was not. lupdate marks
  ``self.tr(..., n)`` as a plural but not ``translate(..., n)``, and PySide6 looks a plural up
  only under the class of the object itself, so a plural ``self.tr`` belongs in a class that
  nothing subclasses (or is written ``ClassName.tr(...)``).

Qt itself is imported inside the functions: ``visitdesk.ui.app`` marks its text with
:func:`QT_TRANSLATE_NOOP` before it knows whether Qt can load on this machine.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from visitdesk import paths

if TYPE_CHECKING:
    from PySide6.QtCore import QTranslator

log = logging.getLogger(__name__)

LANGUAGE_ENV = "VISITDESK_LANGUAGE"  # e.g. "cy": a language other than the system's
CATALOGUE = "visitdesk"  # resources/translations/visitdesk_cy.qm

_installed: list[QTranslator] = []  # kept alive here while Qt uses them


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate reads
    """Mark ``text`` for lupdate under ``context`` and return it unchanged (Qt's own marker,
    for modules that must not import Qt when they load)."""
    return text


def translations_dir() -> Path:
    """The ``.ts`` sources and the ``.qm`` files compiled from them."""
    return paths.resources_dir() / "translations"


def install_translators(language: str | None = None, folder: Path | None = None) -> str:
    """Install the translation for ``language`` ("cy", "cy_GB"), else for ``VISITDESK_LANGUAGE``,
    else for the system's first language, and Qt's own for its standard buttons.

    Returns the language installed, or "" when the window stays in English: English is the
    language the text is written in, and a language with no translation falls back to it
    silently. Qt's own translation is added only with VisitDesk's, so a dialog never mixes
    two languages. Needs the QApplication; call it before the first window is made, as
    windows built earlier keep their English.
    """
    from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

    remove_translators()
    chosen = (language or os.environ.get(LANGUAGE_ENV, "")).strip()
    locale = QLocale(chosen) if chosen else QLocale.system()
    first = (locale.uiLanguages() or ["C"])[0]
    if QLocale(first).language() in (QLocale.Language.English, QLocale.Language.C):
        return ""
    translator = QTranslator()
    where = folder if folder is not None else translations_dir()
    if not translator.load(locale, CATALOGUE, "_", str(where)) or translator.isEmpty():
        log.info("no translation for %s; the window stays in English", first)
        return ""
    QCoreApplication.installTranslator(translator)
    _installed.append(translator)
    qt = QTranslator()
    if qt.load(locale, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        QCoreApplication.installTranslator(qt)
        _installed.append(qt)
    return translator.language() or first


def remove_translators() -> None:
    """Take out every translation :func:`install_translators` put in: back to English."""
    from PySide6.QtCore import QCoreApplication

    while _installed:
        QCoreApplication.removeTranslator(_installed.pop())
