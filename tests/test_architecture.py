"""The shape of the code: no import cycles in visitdesk/, and a core that loads without Qt."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "visitdesk"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _import_time_statements(body: list[ast.stmt]):  # noqa: ANN202 - yields ast.stmt
    """The statements that run when the module is imported: its own, and those inside
    ``if``/``try``/``with`` blocks and class bodies at its top level, but never a function's
    body, nor the body of ``if TYPE_CHECKING:`` (its ``else`` does run)."""
    for node in body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        yield node
        if isinstance(node, ast.If):
            if not _is_type_checking(node.test):
                yield from _import_time_statements(node.body)
            yield from _import_time_statements(node.orelse)
        elif isinstance(node, ast.Try):
            for block in (node.body, node.orelse, node.finalbody):
                yield from _import_time_statements(block)
            for handler in node.handlers:
                yield from _import_time_statements(handler.body)
        elif isinstance(node, ast.With | ast.ClassDef):
            yield from _import_time_statements(node.body)


def _imported(name: str, path: Path, node: ast.stmt, known: set[str]) -> set[str]:
    """The visitdesk modules one import statement loads (the most specific one it names)."""
    found: set[str] = set()
    if isinstance(node, ast.Import):
        for alias in node.names:
            target = alias.name
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target:
                found.add(target)
    elif isinstance(node, ast.ImportFrom):
        if node.level:
            package = name if path.name == "__init__.py" else name.rpartition(".")[0]
            for _ in range(node.level - 1):
                package = package.rpartition(".")[0]
            base = ".".join(part for part in (package, node.module) if part)
        else:
            base = node.module or ""
        for alias in node.names:
            # "from visitdesk.storage import audit" loads the module audit; "from
            # visitdesk.storage.database import open_database" loads the module database.
            if f"{base}.{alias.name}" in known:
                found.add(f"{base}.{alias.name}")
            elif base in known:
                found.add(base)
    return found


def _every_import(body: list[ast.stmt]):  # noqa: ANN202 - yields ast.stmt
    """Every statement of a module, functions' bodies included, but never the body of
    ``if TYPE_CHECKING:`` (an annotation is not a dependency)."""
    for node in body:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            yield from _every_import(node.orelse)
            continue
        yield node
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.stmt):
                yield from _every_import([child])


def import_graph(*, lazy: bool = False) -> dict[str, set[str]]:
    """Each visitdesk module and the visitdesk modules it imports when it is itself imported
    (with ``lazy``, also those its functions import when they run)."""
    modules = _modules()
    known = set(modules)
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text("utf-8"), filename=str(path))
        edges: set[str] = set()
        statements = _every_import(tree.body) if lazy else _import_time_statements(tree.body)
        for node in statements:
            edges |= _imported(name, path, node, known)
        edges.discard(name)
        graph[name] = edges
    return graph


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle (as a path that ends where it starts) for each group of modules that import
    each other, found with Tarjan's strongly connected components."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return [_cycle_in(graph, group) for group in groups]


def _cycle_in(graph: dict[str, set[str]], group: list[str]) -> list[str]:
    """A shortest path from the group's first module back to itself, within the group."""
    members = set(group)
    start = group[0]
    paths = {target: [start, target] for target in graph[start] if target in members}
    frontier = sorted(paths)
    while start not in paths:
        following = []
        for node in frontier:
            for target in sorted(graph[node] & members):
                if target not in paths:
                    paths[target] = [*paths[node], target]
                    following.append(target)
        frontier = following
    return paths[start]


def test_no_module_in_visitdesk_is_part_of_an_import_cycle():
    """Every module-level import counts, including those in ``try`` and ``with`` blocks and
    class bodies, since they run when the module is first imported. Two kinds do not: imports
    inside ``if TYPE_CHECKING:`` (never run) and imports inside functions, which run only
    when called, long after both modules are loaded; those lazy imports are how a module
    defers a heavy dependency, and are left out here."""
    graph = import_graph()
    assert "visitdesk.storage.database" in graph, "no modules found: has the package moved?"
    cycles = find_cycles(graph)
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


def test_no_import_inside_a_function_closes_a_cycle_either():
    """A lazy import defers a heavy library; it must not be a way round a cycle between our
    own modules (two modules that need each other are one concern, or share a third)."""
    cycles = find_cycles(import_graph(lazy=True))
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


def test_the_cycle_finder_names_a_cycle_and_ignores_what_is_not_one():
    graph = {
        "a": {"b"},
        "b": {"c"},
        "c": {"a", "d"},
        "d": set(),
        "e": {"d"},
    }
    assert find_cycles(graph) == [["a", "b", "c", "a"]]
    assert find_cycles({"a": {"b"}, "b": set()}) == []


def test_type_checking_and_function_imports_make_no_edge(tmp_path):
    source = (
        "from typing import TYPE_CHECKING\n"
        "from visitdesk import paths\n"
        "if TYPE_CHECKING:\n"
        "    from visitdesk.storage.database import Database\n"
        "else:\n"
        "    from visitdesk import errors\n"
        "try:\n"
        "    from visitdesk.storage import files\n"
        "except ImportError:\n"
        "    pass\n"
        "class Thing:\n"
        "    from visitdesk.storage import clock\n"
        "def later():\n"
        "    from visitdesk.storage import migrate\n"
    )
    known = {
        "visitdesk",
        "visitdesk.paths",
        "visitdesk.errors",
        "visitdesk.storage",
        "visitdesk.storage.database",
        "visitdesk.storage.files",
        "visitdesk.storage.clock",
        "visitdesk.storage.migrate",
    }
    edges = set()
    for node in _import_time_statements(ast.parse(source).body):
        edges |= _imported("visitdesk.thing", tmp_path / "thing.py", node, known)
    assert edges == {
        "visitdesk.paths",
        "visitdesk.errors",
        "visitdesk.storage.files",
        "visitdesk.storage.clock",
    }


# Everything but the GUI, imported together in one fresh interpreter. __main__ runs the app
# when imported, so it is left out; it only calls visitdesk.cli, which is walked.
CORE_IMPORT = r"""
import json, pkgutil, sys
import visitdesk

names = []
for info in pkgutil.walk_packages(visitdesk.__path__, "visitdesk."):
    if info.name == "visitdesk.ui" or info.name.startswith("visitdesk.ui."):
        continue
    if info.name == "visitdesk.__main__":
        continue
    __import__(info.name)
    names.append(info.name)
qt = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6"))
print(json.dumps({"imported": names, "qt": qt}))
"""


def test_every_module_outside_the_gui_loads_without_qt():
    result = subprocess.run(
        [sys.executable, "-c", CORE_IMPORT],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.splitlines()[-1])
    # The walk reached every core package (and the modules the old hand-made list named).
    for module in (
        "visitdesk.cli",
        "visitdesk.commands",
        "visitdesk.reports",
        "visitdesk.services.caseload",
        "visitdesk.services.demo",
        "visitdesk.services.records",
        "visitdesk.standards",
        "visitdesk.standards.commands",
        "visitdesk.storage",
        "visitdesk.storage.database",
        "visitdesk.storage.migrate",
        "visitdesk.storage.models",
        "visitdesk.sync",
    ):
        assert module in found["imported"]
    assert found["qt"] == []


@pytest.mark.parametrize(
    "module",
    [
        "visitdesk.paths",
        "visitdesk.services.backup",
        "visitdesk.services.workspace",
        "visitdesk.storage.database",
    ],
)
def test_what_the_unlock_dialog_needs_loads_no_database_library(module):
    # The app asks for the passphrase before anything is decrypted, so the modules it needs
    # for that leave SQLAlchemy and the driver to the first database opened.
    code = (
        f"import json, sys, {module}\n"
        "banned = ('sqlalchemy', 'sqlcipher3', 'alembic')\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in banned)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []


# The standards, sync and reports packages load no database library either, even in use.


def test_importing_the_standards_engine_loads_no_qt_or_sqlalchemy():
    code = (
        "import sys\n"
        "import visitdesk.standards, visitdesk.standards.commands\n"
        "from visitdesk.standards import load_policy, evaluate, parse_case\n"
        "from datetime import date\n"
        "child, visits = parse_case({'child': {'plan': 'CP'}, 'visits': []})\n"
        "evaluate(load_policy('getting-it-right-2018'), child, visits, date(2026, 9, 1))\n"
        "bad = sorted(m for m in sys.modules\n"
        "             if m.split('.')[0] in ('PySide6', 'shiboken6', 'sqlalchemy'))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_importing_sync_loads_neither_qt_nor_sqlalchemy() -> None:
    code = (
        "import json, sys\n"
        "import visitdesk.sync\n"
        "import visitdesk.sync.cards, visitdesk.sync.envelope, visitdesk.sync.identity\n"
        "banned = ('PySide6', 'shiboken6', 'sqlalchemy', 'sqlcipher3', 'alembic')\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in banned)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout) == []


def test_rendering_a_record_loads_neither_pyside6_nor_sqlalchemy():
    code = """
import sys
from datetime import datetime
from visitdesk.reports import ReportChild, ReportVisit, render_visit
render_visit(ReportChild("c", "Zoë"), ReportVisit("v", 1, "draft", datetime(2026, 9, 3, 10)))
bad = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6", "sqlalchemy"))
print(bad)
sys.exit(1 if bad else 0)
"""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr


# The app started on a data folder, up to the moment its unlock dialog is shown; then it says
# which top-level packages were loaded by then, and leaves.
UNLOCK_START = r"""
import json, os, sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication


class Watch(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Show and type(obj).__name__ == "UnlockDialog":
            print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})), flush=True)
            os._exit(0)
        return False


app = QApplication(sys.argv[:1])
watch = Watch()
app.installEventFilter(watch)
from visitdesk.cli import main
sys.exit(main(["--data-dir", sys.argv[1]]))
"""

# Each is needed only once the records are open, or for one command, never to ask for the
# passphrase.
NOT_BEFORE_UNLOCK = (
    "alembic",
    "cryptography",
    "holidays",
    "jsonschema",
    "nacl",
    "pypdf",
    "pypdfium2",
    "reportlab",
    "sqlalchemy",
    "sqlcipher3",
    "zxcvbn",
)


def test_the_unlock_dialog_is_shown_before_the_heavy_libraries_are_loaded(workspace):
    folder = workspace.data_dir
    workspace.close()
    result = subprocess.run(
        [sys.executable, "-c", UNLOCK_START, str(folder)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    loaded = set(json.loads(result.stdout.splitlines()[-1]))
    assert "visitdesk" in loaded
    assert sorted(loaded & set(NOT_BEFORE_UNLOCK)) == []
