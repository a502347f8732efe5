"""The window and the command line show what the services read: no module of theirs imports
the ORM models or SQLAlchemy, anywhere in the file (inside functions too)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "visitdesk"
BANNED = ("sqlalchemy", "visitdesk.storage.models")

# Modules still moving off the ORM, by path under visitdesk/. Each entry is work to finish:
# take a name out once its module is clean (the second test below says when).
PENDING: set[str] = set()


def _modules() -> list[Path]:
    found = sorted((ROOT / "ui").rglob("*.py"))
    found += sorted(ROOT.glob("commands*.py"))
    found += sorted(ROOT.glob("cli*.py"))
    return found


def _name(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


# Calls that import a module named by a string.
_IMPORTERS = {"import_module", "__import__"}


def _banned(name: str) -> bool:
    return any(name == b or name.startswith(b + ".") for b in BANNED)


def banned_imports(source: str) -> list[str]:
    """Each import of the ORM models or SQLAlchemy in ``source``, as ``line: module``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            # "from visitdesk.storage import models" names the models module too.
            names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and getattr(node.func, "attr", getattr(node.func, "id", "")) in _IMPORTERS
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names = [node.args[0].value]
        hits = [name for name in names if _banned(name)]
        if hits:
            found.append((node.lineno, hits[0]))
    return [f"{line}: {name}" for line, name in sorted(found)]


def test_the_check_finds_imports_at_the_top_inside_functions_and_by_name():
    source = (
        "import sqlalchemy.orm\n"
        "from visitdesk.storage import models\n"
        "def f():\n"
        "    from visitdesk.storage.models import Child\n"
        "    from sqlalchemy import select\n"
        "    importlib.import_module('sqlalchemy.exc')\n"
        "from visitdesk.storage.database import DatabaseDamaged\n"
        "from visitdesk.services import views\n"
    )
    assert [line.split(": ")[0] for line in banned_imports(source)] == ["1", "2", "4", "5", "6"]


@pytest.mark.parametrize("path", _modules(), ids=_name)
def test_no_ui_or_command_line_module_imports_the_orm(path):
    if _name(path) in PENDING:
        pytest.skip("still moving off the ORM (see PENDING)")
    found = banned_imports(path.read_text(encoding="utf-8"))
    assert not found, f"{_name(path)} imports the ORM or SQLAlchemy: {found}"


def test_every_pending_module_is_still_pending():
    # A module that no longer imports the ORM leaves PENDING, so that it stays clean.
    missing = sorted(name for name in PENDING if not (ROOT / name).exists())
    clean = sorted(
        name
        for name in PENDING
        if (ROOT / name).exists() and not banned_imports((ROOT / name).read_text("utf-8"))
    )
    assert not missing, f"no longer exist; take them out of PENDING: {missing}"
    assert not clean, f"clean now; take them out of PENDING: {clean}"
