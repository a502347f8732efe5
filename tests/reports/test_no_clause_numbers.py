"""No clause or case-system field number is written into the form or the printed record:
they come from the authority's profiles, so an authority whose system numbers nothing shows
none, and one that numbers differently shows its own."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import visitdesk

ROOT = Path(visitdesk.__file__).parent
# "1.1.4", "2.1.1", "I.8", "004 I.11" and the like.
CLAUSE = re.compile(r"(?<![\w.])(\d+\.\d+\.\d+|I\.\d+)(?![\w.])")


def _strings(tree: ast.AST) -> list[ast.Constant]:
    """Every string a user could be shown: literals, not docstrings (comments are not in the
    tree at all; those cite the seed documents for the reader of the code)."""
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


def test_ui_and_reports_sources_carry_no_clause_numbers():
    found = []
    for folder in ("ui", "reports"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in _strings(tree):
                if CLAUSE.search(node.value):
                    found.append(f"{folder}/{path.name}:{node.lineno}: {node.value!r}")
    assert not found, "clause numbers belong in the profiles:\n" + "\n".join(found)


def test_the_pattern_finds_what_it_is_for():
    assert CLAUSE.search('("seen", "Seen (1.1.4)")')
    assert CLAUSE.search("004 I.11")
    assert not CLAUSE.search("version 1.2") and not CLAUSE.search("PySide6.QtCore")
