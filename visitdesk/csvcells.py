"""Cells of the CSV files VisitDesk writes for people to open in a spreadsheet (the caseload,
the returns, a hand-off row, a chronology): what a worker typed is never run as a formula.

A cell a spreadsheet would take for a formula starts with one of = + - @, a tab or a carriage
return. A cell starting so (after any apostrophes) gets one more apostrophe in front, and
reading takes exactly one off such a cell again, so what is written reads back unchanged.
"""

from __future__ import annotations

import re

_FORMULA = re.compile(r"'*[=+\-@\t\r]")


def guard_cell(text: str) -> str:
    """``text`` made safe to open in a spreadsheet: never read as a formula."""
    return f"'{text}" if _FORMULA.match(text) else text


def unguard_cell(text: str) -> str:
    """A cell as :func:`guard_cell` was given it."""
    return text[1:] if text.startswith("'") and _FORMULA.match(text) else text
