"""Every word the window shows goes through Qt's translation, written so lupdate can collect it,
and resources/translations/visitdesk_cy.ts holds all of it for the translators.

The check reads each module of visitdesk/ui with ``ast``: text written straight into a Qt call
that shows it (``setText("Save")``, ``QLabel("Name:")``, a message box's title) is an English
word a Welsh reader would meet. It is a net for the usual slips, not a proof: text that reaches
Qt through a local variable is not followed. The rules for writing translatable text are in
visitdesk/ui/i18n.py.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UI = ROOT / "visitdesk" / "ui"
TS = ROOT / "resources" / "translations" / "visitdesk_cy.ts"

# Modules being reshaped by other work while the rest went through translation; their text goes
# through it next. Take a name out once its module passes: the check then holds it to the rules.
PENDING: set[str] = set()

# Methods whose arguments are shown: name -> the positions holding text (None: every one).
_SETTERS = (
    "setText setWindowTitle setToolTip setStatusTip setWhatsThis setPlaceholderText "
    "setAccessibleName setAccessibleDescription setTitle setSubTitle setLabelText "
    "setWindowIconText setInformativeText setDetailedText setPrefix setSuffix "
    "setSpecialValueText setButtonText setOkButtonText setCancelButtonText setHtml setMarkdown "
    "setPlainText setHeaderLabels setHorizontalHeaderLabels setVerticalHeaderLabels "
    "setNameFilter setNameFilters showMessage addItems addAction addSection addButton addRow"
).split()
TEXT_METHODS: dict[str, tuple[int, ...] | None] = {name: (0,) for name in _SETTERS} | {
    "addItem": (0,),  # (text, data): the data is never shown
    "insertItem": (1,),
    "insertItems": (1,),
    "insertRow": (1,),
    "addMenu": (0, 1),  # (title) or (icon, title)
    "addTab": (1, 2),
    "insertTab": (2, 3),
    "setItemText": (1,),
    "setTabText": (1,),
    "setTabToolTip": (1,),
    "setTabWhatsThis": (1,),
    "setHeaderData": (2,),
    "showText": (1,),  # QToolTip.showText(pos, text)
}
# Static calls: (class, method) -> the positions holding text.
STATIC_CALLS: dict[tuple[str, str], tuple[int, ...]] = (
    {("QMessageBox", m): (1, 2) for m in ("warning", "information", "critical", "question")}
    | {("QMessageBox", "about"): (1, 2)}
    | {
        ("QFileDialog", m): (1, 3)
        for m in ("getSaveFileName", "getOpenFileName", "getOpenFileNames", "getSaveFileUrl")
    }
    | {("QFileDialog", "getExistingDirectory"): (1,)}
    | {("QInputDialog", m): (1, 2) for m in ("getText", "getMultiLineText", "getItem", "getInt")}
)
# Widgets and items that take their text when they are made: every positional argument.
TEXT_CONSTRUCTORS = set(
    "QLabel QPushButton QCheckBox QRadioButton QGroupBox QAction QMenu QToolButton "
    "QCommandLinkButton QLineEdit QMessageBox QProgressDialog QDockWidget QTableWidgetItem "
    "QListWidgetItem QTreeWidgetItem QStandardItem".split()
)
# The project's own calls that put text in front of the person.
PROJECT_CALLS: dict[str, tuple[int, ...]] = {
    "UserError": (0,),
    "tell": (0,),
    "announce": (1,),
    "show_message": (1,),
}
# Qt's text properties, as keyword arguments: QLabel(text=...), QPushButton(toolTip=...).
TEXT_KEYWORDS = set(
    "text title label labelText windowTitle toolTip statusTip whatsThis placeholderText "
    "accessibleName accessibleDescription informativeText detailedText caption filter "
    "cancelButtonText message".split()
)
_APPS = {"QCoreApplication", "QApplication", "QGuiApplication"}
_NOOPS = {"QT_TRANSLATE_NOOP": (0, 1), "QT_TRANSLATE_NOOP3": (0, 1), "QT_TR_NOOP": (None, 0)}
# Placeholders and markup, which are not words: {name}, %s, %n, %1, <br>.
_PLACEHOLDER = re.compile(r"<[^<>]*>|\{[^{}]*\}|%[-+ #0]*\d*(?:\.\d+)?[sdifrxXn]|%\d+")


def _has_words(text: str) -> bool:
    return any(ch.isalpha() for ch in _PLACEHOLDER.sub("", text))


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _translation(call: ast.Call) -> tuple[str, int | None, int] | None:
    """("tr" | "translate" | "noop", position of the context, position of the text), for a
    call lupdate reads; None for any other call."""
    func = call.func
    if isinstance(func, ast.Attribute) and func.attr == "tr":
        return "tr", None, 0
    if (
        isinstance(func, ast.Attribute)
        and func.attr == "translate"
        and isinstance(func.value, ast.Name)
        and func.value.id in _APPS
    ) or (isinstance(func, ast.Name) and func.id == "translate"):
        return "translate", 0, 1
    if isinstance(func, ast.Name) and func.id in _NOOPS:
        context, text = _NOOPS[func.id]
        return "noop", context, text
    return None


def _literal(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _bare_texts(node: ast.expr, constants: dict[str, str]) -> Iterator[tuple[int, str]]:
    """The literal words in an argument that reach Qt without being translated."""
    if isinstance(node, ast.Constant):
        if isinstance(node.value, str) and _has_words(node.value):
            yield node.lineno, repr(node.value)
    elif isinstance(node, ast.JoinedStr):
        parts = [str(v.value) if isinstance(v, ast.Constant) else "{…}" for v in node.values]
        if _has_words("".join(parts)):
            yield node.lineno, "an f-string: " + repr("".join(parts))
    elif isinstance(node, ast.BinOp):
        yield from _bare_texts(node.left, constants)
        yield from _bare_texts(node.right, constants)
    elif isinstance(node, ast.IfExp):
        yield from _bare_texts(node.body, constants)
        yield from _bare_texts(node.orelse, constants)
    elif isinstance(node, ast.BoolOp):
        for value in node.values:
            yield from _bare_texts(value, constants)
    elif isinstance(node, ast.List | ast.Tuple | ast.Set):
        for element in node.elts:
            yield from _bare_texts(element, constants)
    elif isinstance(node, ast.Dict):
        for value in node.values:
            yield from _bare_texts(value, constants)
    elif isinstance(node, ast.Subscript | ast.Starred):
        yield from _bare_texts(node.value, constants)
    elif isinstance(node, ast.Call):
        # "Replace {name}?".format(...) is still English; a call of anything else is not text.
        if _translation(node) is None and isinstance(node.func, ast.Attribute):
            if isinstance(node.func.value, ast.Constant | ast.JoinedStr):
                yield from _bare_texts(node.func.value, constants)
    elif isinstance(node, ast.Name) and node.id in constants:
        yield node.lineno, f"{node.id}, which is {constants[node.id]!r}"


def _constants(tree: ast.Module) -> dict[str, str]:
    """Module-level names bound to a literal with words in it: NOT_RECORDED = "Not recorded"."""
    found = {}
    for statement in tree.body:
        targets: list[ast.expr] = []
        if isinstance(statement, ast.Assign):
            targets, value = statement.targets, statement.value
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            targets, value = [statement.target], statement.value
        text = _literal(value) if targets else None
        for target in targets:
            if isinstance(target, ast.Name) and text is not None and _has_words(text):
                found[target.id] = text
    return found


def _text_positions(call: ast.Call) -> tuple[int, ...] | None:
    """The positions of ``call`` holding shown text: None for every one, () for a call that
    shows none."""
    func = call.func
    name = _name(func)
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        static = STATIC_CALLS.get((func.value.id, name))
        if static is not None:
            return static
    if name in TEXT_CONSTRUCTORS:
        return None
    if name in PROJECT_CALLS:
        return PROJECT_CALLS[name]
    if isinstance(func, ast.Attribute) and name in TEXT_METHODS:
        return TEXT_METHODS[name]
    return ()


def subclassed_names(source: str) -> set[str]:
    """The names of the classes ``source`` derives other classes from."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ClassDef):
            names.update(_name(base) for base in node.bases)
    return names


def _on_self(call: ast.Call) -> bool:
    func = call.func
    return isinstance(func, ast.Attribute) and _name(func.value) == "self"


class _Checker(ast.NodeVisitor):
    """Walks one module, noting each problem and each message lupdate will collect."""

    def __init__(self, constants: dict[str, str], subclassed: set[str]) -> None:
        self.constants = constants
        self.subclassed = subclassed
        self.problems: list[tuple[int, str]] = []
        self.messages: set[tuple[str, str, str]] = set()
        self._classes: list[ast.ClassDef] = []
        # Per class being walked: its self.tr calls and its translate() calls.
        self._uses: list[tuple[list[ast.Call], list[ast.Call]]] = []

    def _problem(self, node: ast.AST, what: str) -> None:
        self.problems.append((node.lineno, what))

    def visit_ClassDef(self, node: ast.ClassDef) -> None:  # noqa: N802 - ast's name
        self._classes.append(node)
        self._uses.append(([], []))
        self.generic_visit(node)
        self._classes.pop()
        tr_calls, translate_calls = self._uses.pop()
        if tr_calls:
            for call in translate_calls:
                self._problem(
                    call,
                    "translate() in a class that uses self.tr: lupdate then files the class's "
                    "later self.tr text under a wrong context; use self.tr",
                )

    def visit_Call(self, node: ast.Call) -> None:  # noqa: N802 - ast's name
        kind = _translation(node)
        if kind is not None:
            self._check_translation(node, *kind)
        else:
            positions = _text_positions(node)
            for index, arg in enumerate(node.args):
                if positions is None or index in positions:
                    for line, text in _bare_texts(arg, self.constants):
                        self.problems.append((line, f"{text} is not translated"))
            if positions != () or _name(node.func)[:1] == "Q":
                for keyword in node.keywords:
                    if keyword.arg in TEXT_KEYWORDS:
                        for line, text in _bare_texts(keyword.value, self.constants):
                            self.problems.append((line, f"{text} is not translated"))
        self.generic_visit(node)

    def _check_translation(self, call: ast.Call, kind: str, context_at: int | None, at: int):
        args = call.args
        if call.keywords:
            self._problem(call, "keyword arguments to a translation: lupdate drops it, or hangs")
        text = args[at] if len(args) > at else None
        if isinstance(text, ast.JoinedStr):
            self._problem(
                call,
                "an f-string translated: lupdate cannot collect it and it never matches; "
                "translate the text with {names} in it, then .format() the values in",
            )
        elif text is not None and not isinstance(text, ast.Constant | ast.Name | ast.Attribute):
            self._problem(
                call,
                "text made before it is translated: translate the literal, then put the "
                "values in with .format()",
            )
        elif kind == "noop" and _literal(text) is None:
            self._problem(call, "QT_TRANSLATE_NOOP needs the text written out")
        if kind == "translate" and len(args) > 3:
            self._problem(
                call,
                "lupdate does not mark translate(..., n) as a plural: use self.tr in a QObject "
                "subclass",
            )
        if context_at is not None:
            context = _literal(args[context_at]) if len(args) > context_at else None
            if context is None:
                self._problem(call, "lupdate needs the context written out, in quotes")
        elif _on_self(call):
            context = self._classes[-1].name if self._classes else None
            if kind == "tr" and len(args) > 2 and context in self.subclassed:
                self._problem(
                    call,
                    f"a plural self.tr in {context}, which is subclassed: PySide6 looks a "
                    f"plural up only under the subclass's name; write {context}.tr(...)",
                )
        else:  # ClassName.tr(...), or QT_TR_NOOP in a class
            func = call.func
            context = _name(func.value) if isinstance(func, ast.Attribute) else None
            if context is None and self._classes:
                context = self._classes[-1].name
        if self._uses:
            if kind == "tr" and _on_self(call):
                self._uses[-1][0].append(call)
            elif kind == "translate":
                self._uses[-1][1].append(call)
        source = _literal(text)
        if context is not None and source is not None:
            comment = _literal(args[at + 1]) if len(args) > at + 1 else None
            self.messages.add((context, source, comment or ""))


def _check(source: str, subclassed: set[str] | None = None) -> _Checker:
    tree = ast.parse(source)
    checker = _Checker(_constants(tree), subclassed_names(source) | (subclassed or set()))
    checker.visit(tree)
    return checker


def untranslated(source: str, subclassed: set[str] | None = None) -> list[str]:
    """Each place in ``source`` where shown text bypasses translation, or is written so that
    lupdate cannot collect it, as ``line: what``. ``subclassed`` names classes derived from
    elsewhere."""
    return [f"{line}: {what}" for line, what in sorted(set(_check(source, subclassed).problems))]


def source_messages(source: str) -> set[tuple[str, str, str]]:
    """(context, text, disambiguation) of every literal translation in ``source``, under the
    context Qt looks it up in at run time."""
    return _check(source).messages


def _checked_modules() -> list[Path]:
    return [path for path in sorted(UI.glob("*.py")) if path.name not in PENDING]


def _all_subclassed() -> set[str]:
    names: set[str] = set()
    for path in sorted(UI.glob("*.py")):
        names |= subclassed_names(path.read_text(encoding="utf-8"))
    return names


# --- the check itself -------------------------------------------------------------------------

BAD = {
    "a label made with English": 'label = QLabel("Save the record")',
    "a setter": 'self.button.setText("Save")',
    "an f-string": 'box.setWindowTitle(f"Print — {title}")',
    "a message box": 'QMessageBox.warning(self, "Not saved", text)',
    "either branch": 'self.setToolTip(self.tr("Needed") if x else "Optional")',
    "a list of items": 'combo.addItems(["Home", "School"])',
    "table headers": 'table.setHorizontalHeaderLabels([self.tr("Child"), "Due"])',
    "a keyword": 'QPushButton(text="Save")',
    "a property keyword": 'QPushButton(self.tr("Save"), toolTip="Saves the record")',
    "joined text": 'field.setPlaceholderText("Type " + hint)',
    "a constant": 'NOT_RECORDED = "Not recorded"\nbox.addItem(NOT_RECORDED)',
    "a refusal": 'raise UserError("that is not a date")',
    "formatted English": 'label.setText("Replace {name}?".format(name=n))',
    "a file dialog": 'QFileDialog.getSaveFileName(self, self.tr("Save"), "", "PDF files (*.pdf)")',
    "a dict of words": 'label.setText({"error": "Needed"}[severity])',
    "an f-string inside tr": 'label.setText(self.tr(f"Replace {name}?"))',
    "text built inside tr": 'label.setText(self.tr("Replace %s?" % name))',
    "a context in a variable": 'label.setText(QCoreApplication.translate(where, "Text"))',
    "a keyword to tr": 'label.setText(self.tr("%n records", "", n=count))',
    "a plural through translate": 'QCoreApplication.translate("Caseload", "%n records", "", n)',
    "translate mixed with self.tr": (
        "class Page(QWidget):\n"
        "    def build(self):\n"
        '        self.a.setText(QCoreApplication.translate("Page", "One"))\n'
        '        self.b.setText(self.tr("Two"))\n'
    ),
    "a plural in a subclassed class": (
        "class Base(QWidget):\n"
        "    def count(self, n):\n"
        '        return self.tr("%n records", "", n)\n'
        "class Page(Base):\n"
        "    pass\n"
    ),
}

GOOD = {
    "a translated label": 'label = QLabel(self.tr("Save the record"))',
    "values put in after": (
        'box.setWindowTitle(QCoreApplication.translate("Printing", "Print — {t}").format(t=t))'
    ),
    "nothing to translate": (
        'self.button.setText("")\nlabel.setText(" — ")\nlabel.setText("%d" % n)'
    ),
    "values alone": 'label.setText(str(count))\nlabel.setText(name)\nlabel.setText(f"{a}: {b}")',
    "the product's name": "QMessageBox.warning(self, APP_NAME, text)",
    "not shown text": 'self.setStyleSheet("color: red")\nlog.warning("could not save %s", "x")',
    "an item's data": 'combo.addItem(self.tr("Social worker"), "worker")',
    "a marked constant": (
        'CALM = QT_TRANSLATE_NOOP("App", "Something went wrong")\n'
        'tell(QCoreApplication.translate("App", CALM))'
    ),
    "a plural": (
        "class Counts(QWidget):\n"
        "    def show(self, n):\n"
        '        t = self.tr("1 record") if n == 1 else self.tr("%n records", "", n)\n'
        "        self.label.setText(t)\n"
    ),
}


@pytest.mark.parametrize("snippet", BAD.values(), ids=BAD.keys())
def test_the_check_catches_text_that_bypasses_translation(snippet):
    assert untranslated(snippet), snippet


@pytest.mark.parametrize("snippet", GOOD.values(), ids=GOOD.keys())
def test_the_check_accepts_text_that_goes_through_translation(snippet):
    assert untranslated(snippet) == []


def test_the_check_names_the_line_and_the_words():
    found = untranslated('x = 1\nlabel = QLabel("Save the record")\n')
    assert found == ["2: 'Save the record' is not translated"]


def test_messages_are_filed_under_the_context_qt_looks_them_up_in():
    source = (
        'TITLE = QT_TRANSLATE_NOOP("CommentDialog", "Add an addendum")\n'
        "class Page(QWidget):\n"
        "    def build(self):\n"
        '        self.tr("Save")\n'
        '        self.tr("Open", "a file")\n'
        'def free():\n    QCoreApplication.translate("Printing", "Print")\n'
    )
    assert source_messages(source) == {
        ("CommentDialog", "Add an addendum", ""),
        ("Page", "Save", ""),
        ("Page", "Open", "a file"),
        ("Printing", "Print", ""),
    }


# --- the window's modules ---------------------------------------------------------------------


@pytest.mark.parametrize("path", _checked_modules(), ids=lambda p: p.name)
def test_every_shown_word_goes_through_translation(path):
    problems = untranslated(path.read_text(encoding="utf-8"), _all_subclassed())
    assert problems == [], f"{path.name}:\n" + "\n".join(problems)


def test_the_pending_modules_are_modules_still():
    assert {p.name for p in UI.glob("*.py")} >= PENDING


# --- the translators' file --------------------------------------------------------------------


def _ts_messages(path: Path) -> dict[tuple[str, str, str], ET.Element]:
    """The messages still in use in a .ts file (not vanished or obsolete), by key."""
    found = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            kind = translation.get("type") if translation is not None else None
            if kind in ("vanished", "obsolete"):
                continue
            key = (name, message.findtext("source") or "", message.findtext("comment") or "")
            found[key] = message
    return found


def _script():
    spec = importlib.util.spec_from_file_location(
        "update_translations", ROOT / "packaging" / "update_translations.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_welsh_file_holds_every_translated_text_under_its_run_time_context():
    in_file = set(_ts_messages(TS))
    missing = set()
    for path in sorted(UI.glob("*.py")):
        missing |= source_messages(path.read_text(encoding="utf-8")) - in_file
    assert not missing, "run python packaging/update_translations.py; missing: " + repr(
        sorted(missing)
    )


def test_the_welsh_file_is_up_to_date_with_the_sources(tmp_path):
    script = _script()
    try:
        script.tool("lupdate")
    except script.ToolMissing:
        pytest.skip("pyside6-lupdate is not installed")
    copy = tmp_path / TS.name
    shutil.copy(TS, copy)
    script.update(copy, "cy_GB")
    assert set(_ts_messages(copy)) == set(_ts_messages(TS)), (
        "run python packaging/update_translations.py and commit what it writes"
    )


def _placeholders(text: str) -> list[str]:
    return sorted(re.findall(r"\{[^{}]*\}", text))


def test_every_translation_keeps_the_placeholders_of_its_english():
    for (context, source, _), message in _ts_messages(TS).items():
        translation = message.find("translation")
        if translation is None or translation.get("type") == "unfinished":
            continue
        forms = [form.text or "" for form in translation.iter("numerusform")] or [
            translation.text or ""
        ]
        for form in forms:
            # .format() raises on a name the English lacks and drops one it has.
            assert _placeholders(form) == _placeholders(source), (context, source, form)
